/**
 * Python's `repr()` for JavaScript values, so that messages and printed values read as they do
 * in asyncio: `Task got bad yield: 42`, `'str'`, `['a', 'b']`, `ValueError('x')`.
 */

const REPR = Symbol.for("aio.repr");

/** Objects may define `[Symbol.for("aio.repr")]()` to control their Python-style repr. */
export interface Reprable {
  [REPR](): string;
}

/** What Python's `str.isprintable()` refuses (and `repr()` escapes): controls, format characters, separators, unassigned. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
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
        else if (ch !== " " && NOT_PRINTABLE.test(ch)) out += escapeChar(ch);
        else out += ch;
    }
  }
  return out + quote;
}

/** Python's `repr()` of bytes, for a Uint8Array (a Buffer): `b'ab\\xff'`. */
function reprBytes(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x09) out += "\\t";
    else if (b === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(b);
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
  try {
    return reprOf(value, seen);
  } catch {
    // A getter or toString that throws: reprs serve error messages and must never fail.
    return `<unprintable ${typeof value}>`;
  }
}

function reprOf(value: unknown, seen: Set<unknown>): string {
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
    if (value instanceof Uint8Array) return reprBytes(value);
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
    let text: string;
    try {
      text = String(value);
    } catch {
      text = "[object Object]"; // a toString that throws, or none at all: show the type instead
    }
    if (text === "[object Object]") return `<${proto?.constructor?.name ?? "object"} object>`;
    // Other built-in tags (`[object Promise]`, `[object Generator]`) read as Python's reprs do.
    const tag = /^\[object (\w+)\]$/.exec(text);
    return tag ? `<${tag[1]} object>` : text;
  } finally {
    seen.delete(value);
  }
}

function reprError(err: Error, seen: Set<unknown>): string {
  const args = (err as { args?: unknown[] }).args;
  if (Array.isArray(args)) return `${err.name}(${args.map((a) => repr(a, seen)).join(", ")})`;
  return err.message === "" ? `${err.name}()` : `${err.name}(${reprString(err.message)})`;
}

const COROUTINE = Symbol.for("aio.coroutine");

/**
 * The name of a value's type as Python would print it (`type(x).__name__`): `NoneType`, `int`,
 * `float`, `str`, `bool`, `list` (arrays), `dict` (plain
 * objects and Maps), `set`, `function`, `coroutine` (coroutine objects), else the class name
 * (`Future`, `Task`, `Lock`, …).
 * @example typeName(undefined) === "NoneType"; typeName(1.5) === "float"; typeName(main()) === "coroutine"
 */
export function typeName(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "NoneType";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "symbol":
      return "symbol";
    case "function":
      return "function";
  }
  if (value === null) return "NoneType";
  const obj = value as Record<PropertyKey, unknown>;
  if (Array.isArray(value)) return "list";
  if (value instanceof Map) return "dict";
  if (value instanceof Set) return "set";
  if (obj[COROUTINE] === true || isGenerator(obj)) return "coroutine";
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return "dict";
  return (proto?.constructor?.name as string | undefined) || "object";
}

function isGenerator(obj: Record<PropertyKey, unknown>): boolean {
  return (
    typeof obj.next === "function" &&
    typeof obj.throw === "function" &&
    typeof obj.return === "function" &&
    typeof obj[Symbol.iterator] === "function"
  );
}

const addresses = new WeakMap<object, number>();
let nextAddress = 0;

/**
 * A stable, unique address-like id for an object, as Python's reprs show `id()` in hex
 * (`0x7f3a5c1e0a40`); the same object always gets the same one.
 */
export function objectAddress(obj: object): string {
  let n = addresses.get(obj);
  if (n === undefined) {
    n = 0x7f0000000000 + ++nextAddress * 0x40;
    addresses.set(obj, n);
  }
  return `0x${n.toString(16)}`;
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
