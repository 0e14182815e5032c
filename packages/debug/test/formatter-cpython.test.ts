/**
 * logging.Formatter's three styles against CPython 3.12 itself: what `Formatter(fmt, style=…)`
 * accepts or refuses (its `validate()`, messages included), `usesTime()`, and what
 * `formatMessage(record)` gives for a record holding the same fields (`str.format(**fields)` with
 * nested specs, conversions, `.attr` and `[key]`; `fmt % fields`; `Template.substitute`). The
 * formats are made by a seeded generator from pieces of each style, well-formed and not, and run
 * by CPython in one child process. A ValueError (IndexError, AttributeError, OverflowError) is a
 * RangeError here, a TypeError a TypeError.
 */
import { execFileSync } from "node:child_process";
import { findPython } from "@aio/differential";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logging } from "../src/index.js";

type Style = "%" | "{" | "$";
type Outcome = { out: string } | { error: string; message: string };
interface Result {
  made: Outcome;
  usesTime?: boolean;
  formatted?: Outcome;
}

/** The record's fields, the same on both sides (Python: `logging.makeLogRecord(FIELDS)`). */
const FIELDS = {
  message: "héllo wörld",
  asctime: "2026-12-07 04:00:00,000",
  a: "abc",
  n: 7,
  neg: -1234,
  x: 2.5,
  y: -1234.5678,
  big: 12345678901234567890123n,
  t: true,
  none: null,
  w: 8,
  p: 3,
  lst: [1, "b", 2.5],
  d: { k: "v", z: "zero" },
};
const PY_FIELDS = `{
  "message": "héllo wörld", "asctime": "2026-12-07 04:00:00,000", "a": "abc", "n": 7, "neg": -1234,
  "x": 2.5, "y": -1234.5678, "big": 12345678901234567890123, "t": True, "none": None, "w": 8, "p": 3,
  "lst": [1, "b", 2.5], "d": {"k": "v", "z": "zero"},
}`;

const PYTHON_SIDE = `
import json, logging, sys
record = logging.makeLogRecord(${PY_FIELDS})
def outcome(f):
    try:
        return {"out": f()}
    except Exception as err:
        return {"error": type(err).__name__, "message": str(err)}
out = []
for style, fmt in json.load(sys.stdin):
    made = outcome(lambda: logging.Formatter(fmt, style=style) and "")
    r = {"made": made}
    if "out" in made:
        f = logging.Formatter(fmt, style=style)
        r["usesTime"] = f.usesTime()
        r["formatted"] = outcome(lambda: f.formatMessage(record))
    out.append(r)
sys.stdout.write(json.dumps(out))
`;

function outcome(f: () => string): Outcome {
  try {
    return { out: f() };
  } catch (err) {
    const e = err as Error;
    return {
      error: e instanceof TypeError ? "TypeError" : e instanceof RangeError ? "RangeError" : e.name,
      message: e.message,
    };
  }
}

const AS_RANGE_ERROR = new Set(["ValueError", "IndexError", "AttributeError", "OverflowError"]);

function asOurs(o: Outcome): Outcome {
  if (!("error" in o)) return o;
  return { error: AS_RANGE_ERROR.has(o.error) ? "RangeError" : o.error, message: o.message };
}

function ourResult(style: Style, fmt: string): Result {
  let formatter: logging.Formatter | null = null;
  const made = outcome(() => {
    formatter = new logging.Formatter(fmt, null, style);
    return "";
  });
  if (formatter === null) return { made };
  const f = formatter as logging.Formatter;
  const record = new logging.LogRecord("app", logging.INFO, "", null);
  Object.assign(record, FIELDS);
  return { made, usesTime: f.usesTime(), formatted: outcome(() => f.formatMessage(record)) };
}

function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, from: readonly T[]): T {
  return from[Math.floor(rnd() * from.length)] as T;
}

const NAMES = ["a", "n", "neg", "x", "y", "big", "t", "none", "lst", "d", "message", "asctime", "w"];
const BRACE_NAMES = [
  ...NAMES,
  "nope",
  "0",
  "",
  "lst[0]",
  "lst[1]",
  "lst[9]",
  "lst[k]",
  "d[k]",
  "d[0]",
  "d[zz]",
  "d.k",
  "a[1]",
  "x.",
  "lst[0",
  "lst]x",
  "lst[0]x",
  "exc_info",
  "é",
  "a-b",
  "a b",
];
const BRACE_SPECS = [
  "",
  ">10",
  "*^9",
  "08.3f",
  ".2",
  ".2f",
  "+",
  ",",
  "_x",
  "#x",
  "{w}",
  ".{p}",
  "{w}.{p}f",
  "{w}.{p}",
  "x",
  "s",
  ".3s",
  "zz",
  "=+10,",
  "0=12_",
  "e",
  ".1%",
  "{nope}",
  "{w:{w}}",
  "{}",
  "z.1f",
  "<",
  "c",
  "d",
  "\n",
  "5\n",
];
const BRACE_JUNK = [
  "{",
  "}",
  "{{",
  "}}",
  "!",
  ":",
  "[",
  "]",
  ".",
  "r",
  "x",
  " ",
  "é",
  "{a",
  "a}",
  "!r",
  "!x",
  ":>",
];

function braceFormat(rnd: () => number): string {
  let s = "";
  const parts = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < parts; i++) {
    const r = rnd();
    if (r < 0.06) s += pick(rnd, BRACE_JUNK);
    else if (r < 0.16) s += pick(rnd, ["x", " | ", "{{lit}}", "é", "\n"]);
    else {
      const conv = pick(rnd, ["", "", "", "", "", "", "!r", "!s", "!a", "!x", "!"]);
      const spec = rnd() < 0.6 ? pick(rnd, BRACE_SPECS) : "";
      s += `{${pick(rnd, rnd() < 0.5 ? NAMES : BRACE_NAMES)}${conv}${spec === "" && rnd() < 0.7 ? "" : `:${spec}`}}`;
    }
  }
  return s;
}

const PERCENT_PIECES = [
  "%(a)s",
  "%(n)d",
  "%(x).2f",
  "%(message)s",
  "%(y)08.1f",
  "%(a)-6s|",
  "%(n)x",
  "%(t)r",
  "%(none)s",
  "%(big)d",
  "%(lst)s",
  "%(d)r",
  "%(asctime)s",
  "%(nope)s",
  "%(a)",
  "%(a)y",
  "%y",
  " 100%",
  "%d",
  "%%",
  "%(x)e",
  "%(n)c",
  "%(a)d",
  "x",
  " ",
  "é",
  "%(é)s",
  "%(A)S",
];

const DOLLAR_PIECES = [
  "$a",
  "$" + "{n}",
  "$" + "{x}",
  "$message",
  "$asctime",
  "$" + "{asctime}",
  "$$",
  "$",
  "$1",
  "${",
  "${a",
  "$nope",
  "$" + "{nope}",
  "x",
  " ",
  "\n",
  "é",
  "\r\n",
  "$é",
  "$big",
  "$none",
  "$t",
  "$lst",
  "$_a",
];

function cases(): [Style, string][] {
  const rnd = generator(7122026);
  const out: [Style, string][] = [];
  for (let i = 0; i < 5000; i++) out.push(["{", braceFormat(rnd)]);
  for (let i = 0; i < 1500; i++) {
    let s = "";
    const k = 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < k; j++) s += pick(rnd, PERCENT_PIECES);
    out.push(["%", s]);
  }
  for (let i = 0; i < 1500; i++) {
    let s = "";
    const k = 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < k; j++) s += pick(rnd, DOLLAR_PIECES);
    out.push(["$", s]);
  }
  // and each style's default (an empty format is the default too)
  for (const style of ["%", "{", "$"] as const) out.push([style, ""]);
  return out;
}

let savedRaise: boolean;
beforeEach(() => {
  savedRaise = logging.options.raiseExceptions;
});
afterEach(() => {
  logging.options.raiseExceptions = savedRaise;
});

describe("logging.Formatter against CPython 3.12", () => {
  const all = cases();
  let expected: Result[] = [];
  beforeAll(() => {
    const python = findPython();
    // The repo's scripts install CPython 3.12 (pyenv): without it this test fails, it does not skip.
    if (python === null) throw new Error("CPython 3.11+ not found (AIO_PYTHON, pyenv's 3.12, python3.12)");
    expect(python.version).toEqual([3, 12]);
    const out = execFileSync(python.path, ["-c", PYTHON_SIDE], {
      input: JSON.stringify(all),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, LC_ALL: "C.UTF-8", PYTHONIOENCODING: "utf-8" },
    });
    expected = JSON.parse(out) as Result[];
  }, 120_000);

  it(`${all.length} formats of the three styles: validate, usesTime and formatMessage as CPython's`, () => {
    expect(expected.length).toBe(all.length);
    const diffs: string[] = [];
    const counts: Record<Style, { refused: number; formatted: number; failed: number }> = {
      "%": { refused: 0, formatted: 0, failed: 0 },
      "{": { refused: 0, formatted: 0, failed: 0 },
      $: { refused: 0, formatted: 0, failed: 0 },
    };
    for (let i = 0; i < all.length; i++) {
      const [style, fmt] = all[i] as [Style, string];
      const py = expected[i] as Result;
      const want: Result = { made: asOurs(py.made) };
      if (py.usesTime !== undefined) want.usesTime = py.usesTime;
      if (py.formatted !== undefined) want.formatted = asOurs(py.formatted);
      const c = counts[style];
      if ("error" in want.made) c.refused++;
      else if (want.formatted && "error" in want.formatted) c.failed++;
      else c.formatted++;
      const got = ourResult(style, fmt);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        diffs.push(
          `Formatter(${JSON.stringify(fmt)}, style=${style}): ${JSON.stringify(got)} != ${JSON.stringify(want)}`,
        );
      }
    }
    expect(diffs.slice(0, 30)).toEqual([]);
    // each style's formats are refused, formatted, and fail at formatting, in numbers
    for (const c of Object.values(counts)) {
      expect(c.refused).toBeGreaterThan(100);
      expect(c.formatted).toBeGreaterThan(300);
      expect(c.failed).toBeGreaterThan(100);
    }
  });
});

describe("the divergences test/MUTATION.md listed, as CPython 3.12 behaves (each checked with python3.12)", () => {
  const record = () => {
    const r = new logging.LogRecord("app", logging.INFO, "hi", null);
    r.message = "hi";
    Object.assign(r, { n: 7, x: 2.5, big: 1234567.891, neg: -3 });
    return r;
  };

  it("'%' style: validate() only searches for one %(name) field; the rest fails when a record is formatted", () => {
    const cases: [string, Error][] = [
      ["%(message)s %y", new TypeError("not enough arguments for format string")],
      ["%(message)s 100%", new RangeError("incomplete format")],
      ["%(message)s %d", new TypeError("not enough arguments for format string")],
      ["%(message)s %(n)y", new RangeError("unsupported format character 'y' (0x79) at index 16")],
    ];
    for (const [fmt, error] of cases) {
      const f = new logging.Formatter(fmt);
      expect(f.fmt).toBe(fmt);
      expect(() => f.formatMessage(record())).toThrow(error);
    }
    expect(() => new logging.Formatter("%(message)")).toThrow(
      new RangeError("Invalid format '%(message)' for '%' style"),
    );
  });

  it("'{' style: format specs as Python's format() (zero padding, the general format without a type, grouping…)", () => {
    const f = new logging.Formatter(
      "{n:08.3f}|{x:.2}|{x:.2f}|{x:.0}|{big:,.2f}|{neg:+05}|{n:#b}|{n:_>6}|{big}|{big:.3}|{n:x^7.1%}|{x:{n}.{n}}",
      null,
      "{",
    );
    expect(f.formatMessage(record())).toBe(
      "0007.000|2.5|2.50|2e+00|1,234,567.89|-0003|0b111|_____7|1234567.891|1.23e+06|700.0%x|    2.5",
    );
  });

  it("'{' and '$' styles: validate()'s refusals and their texts", () => {
    const refused: [string, "{" | "$", string][] = [
      ["{x", "{", "invalid format: expected '}' before end of string"],
      ["{}", "{", "invalid format: no fields"],
      ["plain", "{", "invalid format: no fields"],
      ["{x!z}", "{", "invalid format: invalid conversion: 'z'"],
      ["{x:zz}", "{", "invalid format: bad specifier: 'zz'"],
      ["{x:z.1f}", "{", "invalid format: bad specifier: 'z.1f'"],
      ["{a b}", "{", "invalid format: invalid field name/expression: 'a b'"],
      ["x}", "{", "invalid format: Single '}' encountered in format string"],
      ["plain", "$", "invalid format: no fields"],
      ["$ $x", "$", "invalid format: bare '$' not allowed"],
    ];
    for (const [fmt, style, message] of refused) {
      expect(() => new logging.Formatter(fmt, null, style)).toThrow(new RangeError(message));
    }
  });
});
