/**
 * percentFormat against CPython: every row's expected text or error was printed by CPython 3.11's
 * `fmt % args` (the same in 3.12): Python tuples are arrays, dicts plain objects, ints above 2**53
 * bigints; a ValueError or KeyError is a RangeError here (the KeyError's text prefixed "KeyError: ").
 */
import { describe, expect, it } from "vitest";
import { percentFormat } from "../src/index.js";

type Expected = { out: string } | { error: typeof TypeError | typeof RangeError; message: string };

const ROWS: [string, unknown, Expected][] = [
  ["%5s|", ["ab"], { out: "   ab|" }],
  ["%-5s|", ["ab"], { out: "ab   |" }],
  ["%05s|", ["ab"], { out: "   ab|" }],
  ["%2s|", ["abc"], { out: "abc|" }],
  ["%3s|", ["abc"], { out: "abc|" }],
  ["%.2s|%5.1r|%-6.3a|", ["abc", "xyz", "héllo"], { out: "ab|    '|'h\\   |" }],
  ["%a %a %a %r", ["é", "€", "😀", "é"], { out: "'\\xe9' '\\u20ac' '\\U0001f600' 'é'" }],
  ["%.s|", ["abc"], { out: "|" }],
  ["%.0s|", ["abc"], { out: "|" }],
  ["%s %r", [null, true], { out: "None True" }],
  ["%s", [{ a: 1 }], { out: "{'a': 1}" }],
  ["%r", [[1, "b"]], { out: "[1, 'b']" }],
  ["%d %i %u", [3.7, -3.7, true], { out: "3 -3 1" }],
  ["%d", [false], { out: "0" }],
  ["%d", [1180591620717411303424n], { out: "1180591620717411303424" }],
  [
    "%x %X %o",
    [1180591620717411303424n, -1180591620717411303424n, 8],
    { out: "400000000000000000 -400000000000000000 10" },
  ],
  ["%x %X %o", [255, 255, 8], { out: "ff FF 10" }],
  ["%#x %#X %#o", [255, 255, 8], { out: "0xff 0XFF 0o10" }],
  ["%#x|%#o", [-255, -8], { out: "-0xff|-0o10" }],
  ["%#d", [5], { out: "5" }],
  ["%.3d|%.3x|%.1d", [5, 10, 123], { out: "005|00a|123" }],
  ["%05d|%-5d|%+d|% d|%+5d|% 05d", [-42, 42, 7, 7, 7, 7], { out: "-0042|42   |+7| 7|   +7| 0007" }],
  ["%0-5d|", [3], { out: "3    |" }],
  ["%+-6d|", [3], { out: "+3    |" }],
  ["%#08x|", [255], { out: "0x0000ff|" }],
  ["%08.3d|", [5], { out: "00000005|" }],
  ["%c%c%c", [65, "b", 128512], { out: "Ab😀" }],
  ["%3c|%-3c|", ["x", 120], { out: "  x|x  |" }],
  [
    "%f %F %e %E %g %G",
    [1.5, 1.5, 1.5, 1.5, 1.5, 1.5],
    { out: "1.500000 1.500000 1.500000e+00 1.500000E+00 1.5 1.5" },
  ],
  ["%.2f %.2f %.2f %.0f %.0f %.0f", [0.125, 0.375, 2.675, 0.5, 1.5, 2.5], { out: "0.12 0.38 2.67 0 2 2" }],
  ["%.1f %.3f %.0f", [0.25, 1.0005, -0.5], { out: "0.2 1.000 -0" }],
  [
    "%f|%.2f|%.0f",
    [1e21, 1e22, 1e300],
    {
      out: "1000000000000000000000.000000|10000000000000000000000.00|1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160",
    },
  ],
  [
    "%.80f",
    [0.1],
    { out: "0.10000000000000000555111512312578270211815834045410156250000000000000000000000000" },
  ],
  ["%.76f", [0.5], { out: "0.5000000000000000000000000000000000000000000000000000000000000000000000000000" }],
  [
    "%.75f",
    [0.125],
    { out: "0.125000000000000000000000000000000000000000000000000000000000000000000000000" },
  ],
  ["%.2e %.0e %.0e %.1e", [1.125, 2.5, 3.5, 0.25], { out: "1.12e+00 2e+00 4e+00 2.5e-01" }],
  ["%e %e", [1e-300, 1.5e300], { out: "1.000000e-300 1.500000e+300" }],
  [
    "%.80e",
    [0.1],
    { out: "1.00000000000000005551115123125782702118158340454101562500000000000000000000000000e-01" },
  ],
  [
    "%.76e",
    [0.5],
    { out: "5.0000000000000000000000000000000000000000000000000000000000000000000000000000e-01" },
  ],
  ["%#.0e|%#.0f|%#.0E|%#.1e", [3.0, 3.0, 3.0, 3.0], { out: "3.e+00|3.|3.E+00|3.0e+00" }],
  [
    "%g %g %g %g %g %g",
    [0.0, 1e-5, 0.0001, 123456.0, 1234567.0, 0.0001234],
    { out: "0 1e-05 0.0001 123456 1.23457e+06 0.0001234" },
  ],
  ["%#g %#g %#.3g %#.0g %.0g", [0.0, 1.5, 2.0, 2.0, 2.5], { out: "0.00000 1.50000 2.00 2. 2" }],
  [
    "%G %G %g %.3g %.3G",
    [1e-10, 1.5e20, 1e100, 1234.5, 1.2345e-5],
    { out: "1E-10 1.5E+20 1e+100 1.23e+03 1.23E-05" },
  ],
  ["%g|%g", [100000.0, 1e16], { out: "100000|1e+16" }],
  ["%.1g %.2g %g", [0.05, 0.125, 2.5e-5], { out: "0.05 0.12 2.5e-05" }],
  [
    "%f %f %f %e %g",
    [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY, Number.NaN],
    { out: "inf -inf nan inf nan" },
  ],
  [
    "%010f|%-10f|%+f|% f|%010.2f|%-+8.1f|",
    [Number.POSITIVE_INFINITY, Number.NaN, 1.0, 1.0, -1.5, 2.25],
    { out: "0000000inf|nan       |+1.000000| 1.000000|-000001.50|+2.2    |" },
  ],
  ["%f %e %g %+f", [-0, -0, -0, 0.0], { out: "-0.000000 -0.000000e+00 -0 +0.000000" }],
  ["%5.1f|%-7.2e|%08.3g|", [1.98765, 19.8765, -0.0031416], { out: "  2.0|1.99e+01|-0.00314|" }],
  ["%.1f %.1f", [true, false], { out: "1.0 0.0" }],
  ["%(a)s %(b)05d %(a)r", { a: "x", b: 42 }, { out: "x 00042 'x'" }],
  ["%(a)s", { a: null }, { out: "None" }],
  ["%()s", { "": 1 }, { out: "1" }],
  ["%s", {}, { out: "{}" }],
  ["100%% %s", ["done"], { out: "100% done" }],
  ["%%", [], { out: "%" }],
  ["%5%", [], { error: TypeError, message: "not enough arguments for format string" }],
  ["%5%", [1], { error: RangeError, message: "unsupported format character '%' (0x25) at index 2" }],
  ["%(a)%", { a: 1 }, { error: RangeError, message: "unsupported format character '%' (0x25) at index 4" }],
  ["%(b)%", { a: 1 }, { error: RangeError, message: "KeyError: 'b'" }],
  ["% %", [1], { error: RangeError, message: "unsupported format character '%' (0x25) at index 2" }],
  ["%.%", [2], { error: RangeError, message: "unsupported format character '%' (0x25) at index 2" }],
  ["%\n", [1], { error: RangeError, message: "unsupported format character '?' (0xa) at index 1" }],
  ["%é", [1], { error: RangeError, message: "unsupported format character '?' (0xe9) at index 1" }],
  ["%😀", [1], { error: RangeError, message: "unsupported format character '?' (0x1f600) at index 1" }],
  ["x%\x7f", [1], { error: RangeError, message: "unsupported format character '?' (0x7f) at index 2" }],
  ["%\x1f", [1], { error: RangeError, message: "unsupported format character '\x1f' (0x1f) at index 1" }],
  ["%s%%", [1], { out: "1%" }],
  ["plain", [], { out: "plain" }],
  ["", [], { out: "" }],
  ["%*d|%-*d|%*s|", [5, 3, 4, 7, -4, "a"], { out: "    3|7   |a   |" }],
  ["%.*f|%*.*f|", [2, 1.23456, 8, 3, 1.98765], { out: "1.23|   1.988|" }],
  ["%ld %hd %Lf", [1, 2, 1.5], { out: "1 2 1.500000" }],
  ["a%sb%sc", [1, 2], { out: "a1b2c" }],
  ["%s", ["é"], { out: "é" }],
  ["%s %s", ["a"], { error: TypeError, message: "not enough arguments for format string" }],
  ["%s", ["a", "b"], { error: TypeError, message: "not all arguments converted during string formatting" }],
  ["%d", ["x"], { error: TypeError, message: "%d format: a real number is required, not str" }],
  ["%f", ["x"], { error: TypeError, message: "must be real number, not str" }],
  ["%x", [null], { error: TypeError, message: "%x format: an integer is required, not NoneType" }],
  ["%e", [null], { error: TypeError, message: "must be real number, not NoneType" }],
  ["%d", [[1]], { error: TypeError, message: "%d format: a real number is required, not list" }],
  ["%f", [[1]], { error: TypeError, message: "must be real number, not list" }],
  ["%c", ["ab"], { error: TypeError, message: "%c requires int or char" }],
  ["%c", [""], { error: TypeError, message: "%c requires int or char" }],
  ["%z", [1], { error: RangeError, message: "unsupported format character 'z' (0x7a) at index 1" }],
  ["%y", [1], { error: RangeError, message: "unsupported format character 'y' (0x79) at index 1" }],
  ["%", [1], { error: RangeError, message: "incomplete format" }],
  ["abc%", [], { error: RangeError, message: "incomplete format" }],
  ["%(a", { a: 1 }, { error: RangeError, message: "incomplete format key" }],
  ["%(a)s", [1], { error: TypeError, message: "format requires a mapping" }],
  ["%(b)s", { a: 1 }, { error: RangeError, message: "KeyError: 'b'" }],
  ["%s %s", { a: 1 }, { error: TypeError, message: "not enough arguments for format string" }],
  ["%s %(a)s", { a: 1 }, { out: "{'a': 1} 1" }],
  ["%5", [1], { error: RangeError, message: "incomplete format" }],
  ["%.", [1], { error: RangeError, message: "incomplete format" }],
  ["%-", [1], { error: RangeError, message: "incomplete format" }],
  ["%*d", [5], { error: TypeError, message: "not enough arguments for format string" }],
  ["%.*f", [2], { error: TypeError, message: "not enough arguments for format string" }],
  ["%(a)s %s", { a: 1 }, { error: TypeError, message: "not enough arguments for format string" }],
  ["%d", [{}], { error: TypeError, message: "%d format: a real number is required, not dict" }],
  ["%f", [{ a: 1 }], { error: TypeError, message: "must be real number, not dict" }],
  ["%z", [], { error: TypeError, message: "not enough arguments for format string" }],
  ["%x", ["a"], { error: TypeError, message: "%x format: an integer is required, not str" }],
  ["%X", [null], { error: TypeError, message: "%X format: an integer is required, not NoneType" }],
  ["%o", [[1]], { error: TypeError, message: "%o format: an integer is required, not list" }],
  ["%x", [3.7], { error: TypeError, message: "%x format: an integer is required, not float" }],
  ["%o", [-1.5], { error: TypeError, message: "%o format: an integer is required, not float" }],
  ["%c", [65.5], { error: TypeError, message: "%c requires int or char" }],
  ["%c", [null], { error: TypeError, message: "%c requires int or char" }],
  ["%5z", [1], { error: RangeError, message: "unsupported format character 'z' (0x7a) at index 2" }],
  ["ab%(x)z", { x: 1 }, { error: RangeError, message: "unsupported format character 'z' (0x7a) at index 6" }],
  ["%s%é", ["a"], { error: TypeError, message: "not enough arguments for format string" }],
  ["%d %d", [1, 2, 3], { error: TypeError, message: "not all arguments converted during string formatting" }],
  ["%s", [], { error: TypeError, message: "not enough arguments for format string" }],
  [
    "%010f|%-010f|%010e|%010g|%+010f",
    [Number.NEGATIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY],
    { out: "-000000inf|nan       |0000000inf|0000000nan|+000000inf" },
  ],
  [
    "%#.0g|%#.2g|%#.0e|%#.3g|%#g",
    [2e10, 1e10, 2e10, 1e-10, 123456789],
    { out: "2.e+10|1.0e+10|2.e+10|1.00e-10|1.23457e+08" },
  ],
  [
    "%#08o|%#-8X|%-#08x|%#+08x|% #8x",
    [8, 255, 255, 255, 255],
    { out: "0o000010|0XFF    |0xff    |+0x000ff|    0xff" },
  ],
  ["%s", null, { out: "None" }],
  ["%s", 5, { out: "5" }],
  ["%i", ["x"], { error: TypeError, message: "%i format: a real number is required, not str" }],
  ["%u", ["x"], { error: TypeError, message: "%u format: a real number is required, not str" }],
  [
    "%F|%E|%G|%F",
    [Number.POSITIVE_INFINITY, Number.NaN, Number.NEGATIVE_INFINITY, Number.NaN],
    { out: "INF|NAN|-INF|NAN" },
  ],
  ["%.0f", [2.75], { out: "3" }],
  ["%.0f", [2.5078125], { out: "3" }],
  [
    "%.75f",
    [1.3234889800848443e-23],
    { out: "0.000000000000000000000013234889800848442797942539073119405657052993774414062" },
  ],
  [
    "%.75f",
    [3.970466940254533e-23],
    { out: "0.000000000000000000000039704669402545328393827617219358216971158981323242188" },
  ],
  ["%#.3g", [9.9996], { out: "10.0" }],
  ["%05c|", ["x"], { out: "    x|" }],
  ["%#f|%#.2f", [1.5, 1.5], { out: "1.500000|1.50" }],
  ["%a %a %a", ["\u00ff", "\uffff", "\u0101"], { out: "'\\xff' '\\uffff' '\\u0101'" }],
];

describe("percentFormat: CPython's fmt % args", () => {
  it.each(ROWS)("%j %% %o", (format, args, expected) => {
    if ("out" in expected) expect(percentFormat(format, args)).toBe(expected.out);
    else {
      let err: unknown;
      try {
        percentFormat(format, args);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(expected.error);
      expect((err as Error).message).toBe(expected.message);
    }
  });

  it("undefined is None, an Error is a value (not a mapping), a Map's name is its class", () => {
    expect(percentFormat("%s", [undefined])).toBe("None");
    expect(() => percentFormat("%d", [undefined])).toThrow(
      "%d format: a real number is required, not NoneType",
    );
    expect(percentFormat("%s", new Error("boom"))).toBe("boom");
    expect(() => percentFormat("%d", [new Map()])).toThrow("%d format: a real number is required, not Map");
    // JavaScript values Python does not have: a function, objects without Object.prototype.
    expect(() => percentFormat("%d", [() => 1])).toThrow(
      "%d format: a real number is required, not function",
    );
    expect(() => percentFormat("%(a)s", () => 1)).toThrow(new TypeError("format requires a mapping"));
    expect(() => percentFormat("%d", [Object.create(null)])).toThrow(
      "%d format: a real number is required, not dict",
    );
    expect(() => percentFormat("%d", [Object.create(Object.create(null))])).toThrow(
      "%d format: a real number is required, not object",
    );
  });
});

describe("percentFormat's parsed formats", () => {
  it("a format used again (parsed once) gives each call's own values and errors", () => {
    const fmt = "request %d served in %s ms (%5.1f%%)";
    expect(percentFormat(fmt, [1, 12.5, 99.44])).toBe("request 1 served in 12.5 ms ( 99.4%)");
    expect(percentFormat(fmt, [-7, "x", 0.25])).toBe("request -7 served in x ms (  0.2%)");
    expect(() => percentFormat(fmt, [1, 2])).toThrow(new TypeError("not enough arguments for format string"));
    expect(() => percentFormat(fmt, [1, 2, 3, 4])).toThrow(
      new TypeError("not all arguments converted during string formatting"),
    );
    // An incomplete format fails where it fails, every time: after the fields before it.
    expect(() => percentFormat("%s and %", [])).toThrow(
      new TypeError("not enough arguments for format string"),
    );
    expect(() => percentFormat("%s and %", ["a"])).toThrow(new RangeError("incomplete format"));
    expect(() => percentFormat("%s and %", ["a"])).toThrow(new RangeError("incomplete format"));
    expect(() => percentFormat("%s %(k", ["a"])).toThrow(new RangeError("incomplete format key"));
  });

  it("%d and %x of doubles past 2**53 and of -0 are as exact as Python's", () => {
    expect(percentFormat("%d %d %d", [2 ** 53 + 2, -(2 ** 60), -0])).toBe(
      "9007199254740994 -1152921504606846976 0",
    );
    expect(percentFormat("%x %o %X %d", [2 ** 53 - 1, -8, 255, -9.99])).toBe("1fffffffffffff -10 FF -9");
  });
});
