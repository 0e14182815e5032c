/**
 * Python's `repr()` for JavaScript values, so that messages and printed values read as they do
 * in asyncio: `Task got bad yield: 42`, `'str'`, `['a', 'b']`, `ValueError('x')`.
 */

const REPR = Symbol.for("aio.repr");

/** Objects may define `[Symbol.for("aio.repr")]()` to control their Python-style repr. */
export interface Reprable {
  [REPR](): string;
}

function reprString(s: string): string {
  // Python prefers single quotes unless the string contains one and no double quote.
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    switch (ch) {
      case "\\":
        out += "\\\\";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      default:
        if (ch === quote) out += `\\${ch}`;
        else if (ch < " " || ch === "\x7f") out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
        else out += ch;
    }
  }
  return out + quote;
}

function reprNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Number.POSITIVE_INFINITY) return "inf";
  if (n === Number.NEGATIVE_INFINITY) return "-inf";
  return String(n);
}

/**
 * Python-style repr of a value.
 * @example repr("a") === "'a'"; repr([1, "b"]) === "[1, 'b']"; repr(null) === "None"
 */
export function repr(value: unknown, seen: Set<unknown> = new Set()): string {
  switch (typeof value) {
    case "string":
      return reprString(value);
    case "number":
      return reprNumber(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "True" : "False";
    case "undefined":
      return "None";
    case "symbol":
      return value.toString();
    case "function":
      return `<function ${value.name || "<anonymous>"}>`;
  }
  if (value === null) return "None";
  const obj = value as Record<PropertyKey, unknown>;
  if (typeof obj[REPR] === "function") return (obj[REPR] as () => string)();
  if (seen.has(value)) return Array.isArray(value) ? "[...]" : "{...}";
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((v) => repr(v, seen)).join(", ")}]`;
    if (value instanceof Error) return reprError(value, seen);
    if (value instanceof Map) {
      return `{${[...value].map(([k, v]) => `${repr(k, seen)}: ${repr(v, seen)}`).join(", ")}}`;
    }
    if (value instanceof Set) {
      return value.size === 0 ? "set()" : `{${[...value].map((v) => repr(v, seen)).join(", ")}}`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      return `{${Object.entries(obj)
        .map(([k, v]) => `${reprString(k)}: ${repr(v, seen)}`)
        .join(", ")}}`;
    }
    const text = String(value);
    return text === "[object Object]" ? `<${proto?.constructor?.name ?? "object"} object>` : text;
  } finally {
    seen.delete(value);
  }
}

function reprError(err: Error, seen: Set<unknown>): string {
  const args = (err as { args?: unknown[] }).args;
  if (Array.isArray(args)) return `${err.name}(${args.map((a) => repr(a, seen)).join(", ")})`;
  return err.message === "" ? `${err.name}()` : `${err.name}(${reprString(err.message)})`;
}

/** Python's `str()` of an exception: its message. */
export function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  if (value === undefined || value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return reprNumber(value);
  return repr(value);
}

export { REPR as reprSymbol };
