/**
 * Python's `%` operator on strings (`"%s took %.3f s" % args`, `"%(name)s" % mapping`): what
 * logging's `%`-style formats and `LogRecord.getMessage()` use. Conversions: `s r a d i u f F e E
 * g G x X o c %`, flags `- + space # 0`, width and precision (also `*`). Errors carry Python's text.
 */
import { repr, str } from "@aio/loop";

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([\s\S])?/y;

/** Whether `args` is used as a mapping (`%(name)s`) rather than a tuple of values. */
function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Error);
}

function pad(body: string, sign: string, flags: string, width: number, numeric: boolean): string {
  const len = sign.length + body.length;
  if (width <= len) return sign + body;
  if (flags.includes("-")) return sign + body + " ".repeat(width - len);
  if (numeric && flags.includes("0")) return sign + "0".repeat(width - len) + body;
  return " ".repeat(width - len) + sign + body;
}

function toNumber(value: unknown, conv: string): number | bigint {
  if (typeof value === "number" || typeof value === "bigint") {
    // %x %X %o %c take integers only (Python's __index__): a number with a fraction is a float.
    if ("xXoc".includes(conv) && typeof value === "number" && !Number.isInteger(value)) {
      if (conv === "c") throw new TypeError("%c requires int or char");
      throw new TypeError(`%${conv} format: an integer is required, not float`);
    }
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (conv === "c") throw new TypeError("%c requires int or char");
  if ("xXo".includes(conv))
    throw new TypeError(`%${conv} format: an integer is required, not ${pyType(value)}`);
  if (conv === "d" || conv === "i" || conv === "u") {
    throw new TypeError(`%${conv} format: a real number is required, not ${pyType(value)}`);
  }
  throw new TypeError(`must be real number, not ${pyType(value)}`);
}

function pyType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as object | null;
    // A plain object is Python's dict (what a mapping argument is).
    if (proto === null || proto === Object.prototype) return "dict";
    return (value as object).constructor?.name ?? "object";
  }
  return typeof value;
}

/**
 * Whether `x`, rounded at `digits` (after the point of `toFixed`, or of the mantissa of
 * `toExponential`), is an exact tie: JavaScript then rounds up, Python to even. A tie needs
 * `x` to have few binary digits, so its exact decimal expansion is short and `digits + 25` shows it.
 */
function isTie(longer: string, cut: number): boolean {
  const rest = longer.slice(cut).replace(/e.*$/, "");
  return /^50*$/.test(rest);
}

/** Python's `"%.{p}f" % x`: correctly rounded, ties to even (JavaScript's toFixed rounds them up). */
export function fixed(x: number, p: number): string {
  // Past 1e21 toFixed switches to exponent notation; such doubles are whole numbers.
  if (Math.abs(x) >= 1e21 && Number.isFinite(x)) return `${BigInt(x)}${p > 0 ? `.${"0".repeat(p)}` : ""}`;
  const s = x.toFixed(p);
  if (p + 25 > 100) return s;
  const longer = x.toFixed(p + 25);
  const dot = longer.indexOf(".");
  const keepEnd = p === 0 ? dot : dot + 1 + p;
  if (!isTie(longer, p === 0 ? dot + 1 : keepEnd)) return s;
  const truncated = longer.slice(0, keepEnd);
  return Number(truncated[truncated.length - 1]) % 2 === 0 ? truncated : s;
}

/** `x.toExponential(p)` with Python's rounding of the mantissa: ties to even. */
function exponential(x: number, p: number): string {
  const s = x.toExponential(p);
  if (p + 25 > 100) return s;
  const longer = x.toExponential(p + 25);
  const e = longer.indexOf("e");
  const keepEnd = p === 0 ? 1 : 2 + p;
  if (!isTie(longer.slice(0, e), p === 0 ? 2 : keepEnd)) return s;
  const truncated = longer.slice(0, keepEnd);
  return Number(truncated[truncated.length - 1]) % 2 === 0 ? `${truncated}${longer.slice(e)}` : s;
}

/** `%e`: Python's layout (at least two exponent digits). */
function exponent(n: number, precision: number, upper: boolean, alt: boolean): string {
  let s = exponential(n, precision);
  if (alt && precision === 0 && !s.includes(".")) s = s.replace("e", ".e");
  // Python writes at least two exponent digits: 1e+05 → 1.000000e+05.
  s = s.replace(/e([+-])(\d)$/, "e$10$2");
  return upper ? s.toUpperCase() : s;
}

function general(n: number, precision: number, upper: boolean, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return alt ? `0.${"0".repeat(p - 1)}` : "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(exponential(n, p - 1)))));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = exponential(n, p - 1);
    if (!alt) s = s.replace(/\.?0+e/, "e");
    s = s.replace(/e([+-])(\d)$/, "e$10$2");
  } else {
    s = fixed(n, Math.max(0, p - 1 - exp));
    if (!alt && s.includes(".")) s = s.replace(/\.?0+$/, "");
  }
  // "#": the decimal point is always there ("%#.0g" % 2 is "2.", of 2e10 "2.e+10").
  if (alt && !s.includes(".")) s = s.includes("e") ? s.replace("e", ".e") : `${s}.`;
  return upper ? s.toUpperCase() : s;
}

function convert(
  value: unknown,
  conv: string,
  flags: string,
  width: number,
  precision: number | null,
  format: string,
  end: number,
): string {
  switch (conv) {
    case "s":
    case "r":
    case "a": {
      let body = conv === "s" ? str(value) : repr(value);
      if (conv === "a") body = body.replace(/[^\p{ASCII}]/gu, (c) => asciiEscape(c));
      if (precision !== null) body = body.slice(0, precision);
      return pad(body, "", flags.replace("0", ""), width, false);
    }
    case "c": {
      let body: string;
      if (typeof value === "string") {
        if ([...value].length !== 1) throw new TypeError("%c requires int or char");
        body = value;
      } else body = String.fromCodePoint(Number(toNumber(value, conv)));
      return pad(body, "", flags, width, false);
    }
    case "d":
    case "i":
    case "u":
    case "x":
    case "X":
    case "o": {
      const num = toNumber(value, conv);
      const radix = conv === "x" || conv === "X" ? 16 : conv === "o" ? 8 : 10;
      let negative: boolean;
      let body: string;
      const whole = typeof num === "number" ? Math.trunc(num) : 0;
      if (typeof num === "number" && Number.isSafeInteger(whole)) {
        // Exact as a double: no BigInt needed (the usual `%d` of a count or an index).
        negative = whole < 0;
        body = Math.abs(whole).toString(radix);
      } else {
        let int = typeof num === "bigint" ? num : BigInt(whole);
        negative = int < 0n;
        if (negative) int = -int;
        body = int.toString(radix);
      }
      if (conv === "X") body = body.toUpperCase();
      if (precision !== null && body.length < precision) body = "0".repeat(precision - body.length) + body;
      // The "#" prefix goes with the sign: zero padding comes after it ("%#08x" % 255 is 0x0000ff).
      const prefix =
        flags.includes("#") && radix !== 10 ? (conv === "o" ? "0o" : conv === "x" ? "0x" : "0X") : "";
      const sign = negative ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
      return pad(body, sign + prefix, flags, width, true);
    }
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G": {
      const n = Number(toNumber(value, conv));
      const p = precision ?? 6;
      const alt = flags.includes("#");
      const negative = n < 0 || Object.is(n, -0);
      const abs = Math.abs(n);
      let body: string;
      if (!Number.isFinite(abs)) body = Number.isNaN(abs) ? "nan" : "inf";
      else if (conv === "f" || conv === "F") {
        body = fixed(abs, p);
        if (alt && p === 0) body += ".";
      } else if (conv === "e" || conv === "E") body = exponent(abs, p, conv === "E", alt);
      else body = general(abs, p, conv === "G", alt);
      if (conv === "F" || conv === "E" || conv === "G") body = body.toUpperCase();
      const sign =
        negative && !Number.isNaN(n) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
      return pad(body, sign, flags, width, true); // Python pads inf and nan with zeros too
    }
    default: {
      // Python shows the character itself only if it is printable ASCII (or 0x1f), else '?'
      const cp = format.codePointAt(end) as number;
      const shown = cp >= 31 && cp <= 126 ? conv : "?";
      throw new RangeError(
        `unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${[...format.slice(0, end)].length}`, // code points, as Python counts
      );
    }
  }
}

function asciiEscape(c: string): string {
  const cp = c.codePointAt(0) as number;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** One `%` field of a format, parsed. */
interface Spec {
  /** `%(key)s`'s key, or undefined. */
  key: string | undefined;
  flags: string;
  widthText: string | undefined;
  precisionText: string | undefined;
  conv: string;
  /** Whether it is `%%` (a percent sign, no value). */
  percent: boolean;
  /** Where the conversion character is (for "unsupported format character … at index"). */
  at: number;
}

/** A parsed format: literal text and fields, in order; an Error where parsing failed (thrown there). */
type Piece = string | Spec | Error;

/** Formats parsed lately (a logger formats the same few strings over and over). */
const parsed = new Map<string, Piece[]>();
const PARSED_MAX = 512;

function parse(format: string): Piece[] {
  const known = parsed.get(format);
  if (known !== undefined) return known;
  const pieces: Piece[] = [];
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      pieces.push(format.slice(i));
      break;
    }
    if (pct > i) pieces.push(format.slice(i, pct));
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format);
    if (m === null || m[5] === undefined) {
      pieces.push(new RangeError("incomplete format"));
      break;
    }
    if (m[1] === undefined && format[pct + 1] === "(") {
      pieces.push(new RangeError("incomplete format key"));
      break;
    }
    const [whole, key, flags = "", widthText, precisionText, conv] = m;
    i = pct + whole.length;
    // Only "%%" is a percent sign: "%5%" or "%(a)%" takes its value and is refused, as in Python
    pieces.push({ key, flags, widthText, precisionText, conv, percent: whole === "%%", at: i - 1 });
  }
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(format, pieces);
  return pieces;
}

/**
 * `format % args`, as Python computes it. `args` is one value, an array (Python's tuple) or a
 * mapping (for `%(key)s`). Throws Python's errors: `TypeError: not enough arguments for format
 * string`, `TypeError: not all arguments converted during string formatting`, `KeyError`-like
 * `RangeError` for a missing key, `ValueError` (RangeError) for an incomplete format.
 */
export function percentFormat(format: string, args: unknown): string {
  const mapping = isMapping(args) ? args : null;
  const tuple = Array.isArray(args) ? args : mapping !== null ? null : [args];
  let next = 0;
  let out = "";
  for (const piece of parse(format)) {
    if (typeof piece === "string") {
      out += piece;
      continue;
    }
    if (piece instanceof Error) throw new RangeError(piece.message);
    if (piece.percent) {
      out += "%";
      continue;
    }
    const { key, flags, widthText, precisionText, conv } = piece;
    let value: unknown;
    let width = 0;
    let precision: number | null = null;
    if (widthText === "*") width = Number(takeArg(tuple, next++));
    else if (widthText !== undefined) width = Number(widthText);
    if (precisionText === "*") precision = Number(takeArg(tuple, next++));
    else if (precisionText !== undefined) precision = precisionText === "" ? 0 : Number(precisionText);
    if (key !== undefined) {
      if (mapping === null) throw new TypeError("format requires a mapping");
      if (!(key in mapping)) throw new RangeError(`KeyError: ${repr(key)}`);
      value = mapping[key];
      next = 1; // as in CPython, a %s without a key after a %(key)s has no argument left
    } else {
      // `"%s" % {"a": 1}` prints the mapping itself, once, as Python does.
      if (mapping !== null) {
        if (next++ > 0) throw new TypeError("not enough arguments for format string");
        value = mapping;
      } else value = takeArg(tuple, next++);
    }
    if (widthText !== undefined && width < 0) {
      out += convert(value, conv, `${flags}-`, -width, precision, format, piece.at);
    } else out += convert(value, conv, flags, width, precision, format, piece.at);
  }
  if (tuple !== null && next < tuple.length) {
    throw new TypeError("not all arguments converted during string formatting");
  }
  return out;
}

/** The `index`-th value of a tuple of arguments, or Python's error. */
function takeArg(tuple: unknown[] | null, index: number): unknown {
  if (tuple === null || index >= tuple.length) {
    throw new TypeError(
      tuple === null ? "format requires a mapping" : "not enough arguments for format string",
    );
  }
  return tuple[index];
}
