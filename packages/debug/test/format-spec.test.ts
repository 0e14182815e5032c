/**
 * Python's format-spec mini-language (`format(value, spec)`, what logging's `{` style applies to a
 * field) against CPython 3.12 itself: thousands of (value, spec) pairs, made by a seeded generator,
 * are formatted by CPython in one child process and by src/format-spec.ts, and every result or
 * error text must be the same. Python's ints are integer numbers and bigints here, floats the
 * other numbers; a ValueError or OverflowError is a RangeError, a TypeError a TypeError.
 */
import { execFileSync } from "node:child_process";
import { findPython } from "@aio/differential";
import { beforeAll, describe, expect, it } from "vitest";
import { formatSpec } from "../src/format-spec.js";

type Value = number | bigint | string | boolean | null;
type Outcome = { out: string } | { error: string; message: string };

/** A value as the Python side rebuilds it. */
function encode(v: Value): unknown {
  if (v === null) return { t: "none" };
  if (typeof v === "boolean") return { t: "bool", v };
  if (typeof v === "string") return { t: "str", v };
  if (typeof v === "bigint" || Number.isInteger(v)) return { t: "int", v: BigInt(v).toString() };
  return { t: "float", v: String(v) }; // the shortest digits read back exactly; NaN, Infinity too
}

const PYTHON_SIDE = `
import json, sys
def decode(e):
    t = e["t"]
    if t == "none": return None
    if t == "int": return int(e["v"])
    if t == "float": return float(e["v"])
    return e["v"]
out = []
for value, spec in json.load(sys.stdin):
    try:
        out.append({"out": format(decode(value), spec)})
    except Exception as err:
        out.append({"error": type(err).__name__, "message": str(err)})
sys.stdout.write(json.dumps(out))
`;

function runPython(cases: [Value, string][]): Outcome[] {
  const python = findPython();
  // The repo's scripts install CPython 3.12 (pyenv): without it this test fails, it does not skip.
  if (python === null) throw new Error("CPython 3.11+ not found (AIO_PYTHON, pyenv's 3.12, python3.12)");
  expect(python.version).toEqual([3, 12]);
  const input = JSON.stringify(cases.map(([v, s]) => [encode(v), s]));
  const out = execFileSync(python.path, ["-c", PYTHON_SIDE], {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LC_ALL: "C", PYTHONIOENCODING: "utf-8" },
  });
  return JSON.parse(out) as Outcome[];
}

function runOurs(v: Value, spec: string): Outcome {
  try {
    return { out: formatSpec(v, spec) };
  } catch (err) {
    const e = err as Error;
    return {
      error: e instanceof TypeError ? "TypeError" : e instanceof RangeError ? "RangeError" : e.name,
      message: e.message,
    };
  }
}

/** Python's exception class as ours: ValueError and OverflowError are RangeErrors. */
function ours(expected: Outcome): Outcome {
  if (!("error" in expected)) return expected;
  const error =
    expected.error === "ValueError" || expected.error === "OverflowError" ? "RangeError" : expected.error;
  return { error, message: expected.message };
}

/** A small seeded generator (mulberry32), so every run checks the same pairs. */
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

const INTS: Value[] = [
  0,
  1,
  -1,
  7,
  -42,
  255,
  1234,
  -1234,
  65,
  0x1f600,
  0x110000,
  1234567,
  -9876543210,
  2 ** 53,
  1e21,
];
const BIGINTS: Value[] = [12345678901234567890123n, -(2n ** 70n), 2n ** 63n, 10n ** 400n];
const FLOATS: Value[] = [
  2.5,
  -2.5,
  0.5,
  0.125,
  0.375,
  1.5,
  2.675,
  -0.001,
  0.0001,
  0.00001,
  1e-7,
  1.5e-7,
  123.456,
  1234.5678,
  -1234.5678,
  99.995,
  9.9999,
  0.1,
  0.7,
  1 / 3,
  2 / 3,
  123456789.123,
  1234567890123.4,
  1e15 + 0.5,
  4503599627370495.5,
  5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e-300,
  6.02214076e-23,
  -0.0000049,
  0.00049999,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.995,
  0.9995,
  999.5,
  9.5,
  10.5,
  -7.25e-5,
];
const STRS: Value[] = ["", "a", "abc", "hello world", "héllo", "𝄞x😀", "12345"];
const OTHERS: Value[] = [null, true, false];

const FILLS = ["", "", "", "*", "0", "é", "😀", " ", "{", "x"];
const ALIGNS = ["", "", "<", ">", "^", "="];
const SIGNS = ["", "", "+", "-", " "];
const WIDTHS = ["", "", "", "0", "1", "5", "8", "12", "20"];
const GROUPINGS = ["", "", "", ",", "_", ",_", "_,"];
const PRECISIONS = ["", "", "", ".0", ".1", ".2", ".3", ".6", ".12", ".17", ".25", ".", ".120"];
const TYPES = ["", "", ..."bcdeEfFgGnosxX%".split(""), "q", "ss", "\n", "é"];

function pick<T>(rnd: () => number, from: readonly T[]): T {
  return from[Math.floor(rnd() * from.length)] as T;
}

/** A spec: with `valid`, one the value's type takes (mostly); otherwise any mix of the parts. */
function makeSpec(rnd: () => number, v: Value, valid: boolean): string {
  const str = typeof v === "string";
  const int =
    typeof v === "bigint" || typeof v === "boolean" || (typeof v === "number" && Number.isInteger(v));
  const fill = pick(rnd, FILLS);
  const align = pick(rnd, valid && str ? ["", "<", ">", "^"] : ALIGNS);
  let s = align === "" ? "" : fill + align;
  if (!(valid && str)) s += pick(rnd, SIGNS);
  if (rnd() < (valid ? (int || str ? 0 : 0.1) : 0.1)) s += "z";
  if (rnd() < (valid && str ? 0 : 0.2)) s += "#";
  if (rnd() < 0.2) s += "0";
  s += pick(rnd, WIDTHS);
  const type = valid
    ? pick(rnd, str ? ["", "s"] : int ? ["", ..."bcdoxXneEfFgG%".split("")] : ["", ..."eEfFgGn%".split("")])
    : pick(rnd, TYPES);
  if (!(valid && (str || type === "n" || type === "c"))) s += pick(rnd, GROUPINGS.slice(0, valid ? 5 : 7));
  if (!(valid && int && !"eEfFgG%".includes(type))) s += pick(rnd, PRECISIONS.slice(0, valid ? 11 : 13));
  return s + type;
}

function cases(): [Value, string][] {
  const rnd = generator(20261207);
  const values = [...INTS, ...BIGINTS, ...FLOATS, ...STRS, ...OTHERS];
  const out: [Value, string][] = [];
  // every value with the empty spec and with each type alone
  for (const v of values) for (const t of ["", ...TYPES]) out.push([v, t]);
  // random floats and ints of every size with each type and a precision
  for (let i = 0; i < 1500; i++) {
    const exp = Math.floor(rnd() * 60) - 30;
    const x = (rnd() - 0.5) * 10 ** exp;
    out.push([
      x,
      `${pick(rnd, ["", ".0", ".1", ".3", ".5", ".10", ".17"])}${pick(rnd, ["", "e", "f", "g", "%", "G"])}`,
    ]);
    out.push([Math.round(x * 1000), pick(rnd, ["", ",", "_x", "#o", "08,d", "e", ".2%"])]);
  }
  // limits: digits past Py_ssize_t, a precision past INT_MAX, %c's range, a fill that is a digit
  const limits = [
    "99999999999999999999d",
    ".99999999999999999999f",
    ".2147483648f",
    ".2147483648",
    "c",
    "1=9,",
    "5=^9",
  ];
  for (const v of values) for (const s of limits) out.push([v, s]);
  // random whole specs over every kind of value: 70% made for the value's type, 30% anything
  for (let i = 0; i < 12000; i++) {
    const v = pick(rnd, values);
    out.push([v, makeSpec(rnd, v, rnd() < 0.7)]);
  }
  return out;
}

describe("format(value, spec) against CPython 3.12", () => {
  const all = cases();
  let expected: Outcome[] = [];
  beforeAll(() => {
    expected = runPython(all);
  }, 120_000);

  it(`${all.length} pairs: the same text or the same error as CPython`, () => {
    expect(expected.length).toBe(all.length);
    const diffs: string[] = [];
    let errors = 0;
    for (let i = 0; i < all.length; i++) {
      const [v, spec] = all[i] as [Value, string];
      const want = ours(expected[i] as Outcome);
      if ("error" in want) errors++;
      const got = runOurs(v, spec);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        diffs.push(
          `format(${JSON.stringify(encode(v), (_k, x) => x)}, ${JSON.stringify(spec)}): ${JSON.stringify(got)} != ${JSON.stringify(want)}`,
        );
      }
    }
    expect(diffs.slice(0, 40)).toEqual([]);
    // both kinds are checked in numbers: texts and refusals
    expect(errors).toBeGreaterThan(1000);
    expect(all.length - errors).toBeGreaterThan(5000);
  });
});
