/**
 * Python's format-spec mini-language: `format(value, spec)`, what `str.format` (logging's `{`
 * style) applies to each field. `[[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]`
 * for the values a log record holds: int (a JavaScript integer, a bigint), float (any other
 * number), str, bool, None; types `b c d e E f F g G n o s x X %` and none. Results and errors are
 * CPython 3.12's (`ValueError` is a RangeError, `OverflowError` too); `n` is formatted in the C
 * locale (no grouping), as Python's is until a program calls `locale.setlocale`.
 */

/** A parsed format spec. Python: `InternalFormatSpec`. */
interface Spec {
  fill: string;
  align: string;
  sign: string;
  noNeg0: boolean;
  alternate: boolean;
  /** -1: not given. */
  width: number;
  /** "", "," or "_". */
  grouping: string;
  /** Digits between separators: 3, or 4 for `_` with `b o x X`. */
  groupSize: number;
  /** -1: not given. */
  precision: number;
  /** "" for none. */
  type: string;
}

const INT_MAX = 2147483647;
const SSIZE_MAX = (1n << 63n) - 1n;

/** Python's type name of a value, for messages. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  switch (typeof value) {
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
  }
  if (Array.isArray(value)) return "list";
  if (value instanceof Map) return "dict";
  if (value instanceof Set) return "set";
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || proto === Object.prototype) return "dict";
  return (value as object).constructor?.name ?? "object";
}

const isDigitChar = (c: string): boolean => /^\p{Nd}$/u.test(c);

/** The value of a decimal digit (any script's), or -1. Python: `Py_UNICODE_TODECIMAL`. */
export function decimalValue(c: string | undefined): number {
  if (c === undefined) return -1;
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  if (!isDigitChar(c)) return -1;
  // Unicode's decimal digits come in runs of ten, 0 to 9, and some runs follow one another.
  const cp = c.codePointAt(0) as number;
  let k = 0;
  while (isDigitChar(String.fromCodePoint(cp - k - 1))) k++;
  return k % 10;
}

/** Reads decimal digits at `pos`: [value, digits read, next position]. Python: `get_integer`. */
function getInteger(cps: string[], pos: number): [number, number, number] {
  let acc = 0n;
  let i = pos;
  for (; i < cps.length; i++) {
    const d = decimalValue(cps[i]);
    if (d < 0) break;
    acc = acc * 10n + BigInt(d);
    if (acc > SSIZE_MAX) throw new RangeError("Too many decimal digits in format string");
  }
  return [Number(acc), i - pos, i];
}

const isAlign = (c: string | undefined): boolean => c === "<" || c === ">" || c === "=" || c === "^";

function codeText(type: string): string {
  const cp = type.codePointAt(0) as number;
  return cp > 32 && cp < 128 ? type : `\\x${cp.toString(16)}`;
}

/** Python: `parse_internal_render_format_spec`. */
function parseSpec(spec: string, defaultType: string, defaultAlign: string, typeName: string): Spec {
  const cps = Array.from(spec);
  const end = cps.length;
  let pos = 0;
  const f: Spec = {
    fill: " ",
    align: defaultAlign,
    sign: "",
    noNeg0: false,
    alternate: false,
    width: -1,
    grouping: "",
    groupSize: 3,
    precision: -1,
    type: defaultType,
  };
  let fillSpecified = false;
  let alignSpecified = false;
  if (end - pos >= 2 && isAlign(cps[pos + 1])) {
    f.align = cps[pos + 1] as string;
    f.fill = cps[pos] as string;
    fillSpecified = true;
    alignSpecified = true;
    pos += 2;
  } else if (end - pos >= 1 && isAlign(cps[pos])) {
    f.align = cps[pos] as string;
    alignSpecified = true;
    pos++;
  }
  if (cps[pos] === " " || cps[pos] === "+" || cps[pos] === "-") f.sign = cps[pos++] as string;
  if (cps[pos] === "z") {
    f.noNeg0 = true;
    pos++;
  }
  if (cps[pos] === "#") {
    f.alternate = true;
    pos++;
  }
  // The special case of 0-padding: fill '0', and '=' alignment for numbers.
  if (!fillSpecified && cps[pos] === "0") {
    f.fill = "0";
    if (!alignSpecified && defaultAlign === ">") f.align = "=";
    pos++;
  }
  const [width, widthDigits, afterWidth] = getInteger(cps, pos);
  pos = afterWidth;
  if (widthDigits > 0) f.width = width;
  if (cps[pos] === ",") {
    f.grouping = ",";
    pos++;
  }
  if (cps[pos] === "_") {
    if (f.grouping !== "") throw new RangeError("Cannot specify both ',' and '_'.");
    f.grouping = "_";
    pos++;
  }
  if (cps[pos] === "," && f.grouping === "_") throw new RangeError("Cannot specify both ',' and '_'.");
  if (cps[pos] === ".") {
    pos++;
    const [precision, digits, after] = getInteger(cps, pos);
    pos = after;
    if (digits === 0) throw new RangeError("Format specifier missing precision");
    f.precision = precision;
  }
  if (end - pos > 1) {
    throw new RangeError(`Invalid format specifier '${spec}' for object of type '${typeName}'`);
  }
  if (end - pos === 1) f.type = cps[pos] as string;
  if (f.grouping !== "") {
    if ("defgEG%F".includes(f.type)) {
      // allowed ("" too: `includes` of the empty string)
    } else if ("boxX".includes(f.type) && f.grouping === "_") {
      f.groupSize = 4;
    } else {
      throw new RangeError(`Cannot specify '${f.grouping}' with '${codeText(f.type)}'.`);
    }
  }
  return f;
}

function unknownType(type: string, typeName: string): RangeError {
  return new RangeError(`Unknown format code '${codeText(type)}' for object of type '${typeName}'`);
}

const cpLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** `body` padded to the width. Python: `calc_padding` and `fill_padding`. */
function padded(body: string, f: Spec): string {
  const len = cpLength(body);
  if (f.width <= len) return body;
  const gap = f.width - len;
  const left = f.align === ">" ? gap : f.align === "^" ? Math.floor(gap / 2) : 0;
  return f.fill.repeat(left) + body + f.fill.repeat(gap - left);
}

/** `digits` with separators, filled with zeros to `minWidth`. Python: `_PyUnicode_InsertThousandsGrouping`. */
function group(digits: string, sep: string, size: number, minWidth: number): string {
  if (sep === "") return "0".repeat(Math.max(0, minWidth - digits.length)) + digits;
  const parts: string[] = [];
  let remaining = digits.length;
  let min = minWidth;
  for (;;) {
    const l = Math.min(size, Math.max(remaining, min, 1));
    const zeros = Math.max(0, l - remaining);
    const chars = Math.max(0, Math.min(remaining, l));
    parts.unshift("0".repeat(zeros) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    min -= l;
    if (remaining <= 0 && min <= 0) break;
    min -= sep.length;
  }
  return parts.join(sep);
}

/**
 * A number laid out: `<lpad><sign><prefix><spad><grouped digits><rest><rpad>`, `rest` the decimal
 * point and what follows it (or an exponent, `%`, `inf`, a `c` character). Python:
 * `calc_number_widths` and `fill_number`.
 */
function layoutNumber(
  f: Spec,
  negative: boolean,
  prefix: string,
  digits: string,
  rest: string,
  sep: string,
): string {
  const sign =
    f.sign === "+" ? (negative ? "-" : "+") : f.sign === " " ? (negative ? "-" : " ") : negative ? "-" : "";
  const nonDigit = sign.length + prefix.length + cpLength(rest);
  const minWidth = f.fill === "0" && f.align === "=" ? f.width - nonDigit : 0;
  const grouped = digits === "" ? "" : group(digits, sep, f.groupSize, minWidth);
  const padding = f.width - (nonDigit + grouped.length);
  let lpad = 0;
  let spad = 0;
  let rpad = 0;
  if (padding > 0) {
    if (f.align === "<") rpad = padding;
    else if (f.align === "^") {
      lpad = Math.floor(padding / 2);
      rpad = padding - lpad;
    } else if (f.align === "=") spad = padding;
    else lpad = padding;
  }
  return f.fill.repeat(lpad) + sign + prefix + f.fill.repeat(spad) + grouped + rest + f.fill.repeat(rpad);
}

function separator(f: Spec): string {
  return f.type === "n" ? "" : f.grouping; // 'n': the C locale's grouping, none
}

// ---- floats: exact decimal digits of a double (Python's _Py_dg_dtoa), rounding half to even ----

/** `x` (finite, > 0) as `n / 10**scale`, exactly. */
function exactDecimal(x: number): { n: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  while (e < 0 && (mant & 1n) === 0n) {
    mant >>= 1n;
    e++;
  }
  if (e >= 0) return { n: mant << BigInt(e), scale: 0 };
  return { n: mant * 5n ** BigInt(-e), scale: -e };
}

/** `n / d` rounded half to even. */
function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Digits without trailing zeros and the decimal point's place (`0.digits × 10**decpt`). */
interface Digits {
  digits: string;
  decpt: number;
}

function stripped(digits: string, decpt: number): Digits {
  const s = digits.replace(/0+$/, "");
  return s === "" ? { digits: "0", decpt: 1 } : { digits: s, decpt };
}

/** Python's dtoa mode 0: the shortest digits that read back as `x` (JavaScript's are the same). */
function shortestDigits(x: number): Digits {
  if (x === 0) return { digits: "0", decpt: 1 };
  const [mant, exp] = x.toExponential().split("e") as [string, string];
  return stripped(mant.replace(".", ""), Number(exp) + 1);
}

/** Python's dtoa mode 2: `nd` significant digits. */
function significantDigits(x: number, nd: number): Digits {
  if (x === 0) return { digits: "0", decpt: 1 };
  const { n, scale } = exactDecimal(x);
  const s = n.toString();
  let decpt = s.length - scale;
  if (s.length <= nd) return stripped(s, decpt);
  let q = roundDiv(n, 10n ** BigInt(s.length - nd)).toString();
  if (q.length > nd) {
    decpt++;
    q = q.slice(0, nd);
  }
  return stripped(q, decpt);
}

/** Python's dtoa mode 3: `nd` digits after the point. */
function fixedDigits(x: number, nd: number): Digits {
  if (x === 0) return { digits: "0", decpt: 1 };
  const { n, scale } = exactDecimal(x);
  const q = nd >= scale ? n * 10n ** BigInt(nd - scale) : roundDiv(n, 10n ** BigInt(scale - nd));
  if (q === 0n) return { digits: "0", decpt: 1 };
  const s = q.toString();
  return stripped(s, s.length - nd);
}

/**
 * A finite `x >= 0` as Python's `PyOS_double_to_string(x, code, precision, flags)` writes it
 * (without the sign). Python: `format_float_short`.
 */
function floatDigits(
  x: number,
  code: "e" | "f" | "g" | "r",
  precision: number,
  alt: boolean,
  addDot0: boolean,
): string {
  let d: Digits;
  let p = precision;
  if (code === "e") {
    p++;
    d = significantDigits(x, p);
  } else if (code === "f") d = fixedDigits(x, p);
  else if (code === "g") {
    if (p === 0) p = 1;
    d = significantDigits(x, p);
  } else d = shortestDigits(x);
  const { digits } = d;
  let decpt = d.decpt;
  const len = digits.length;
  let useExp = false;
  let vEnd = len;
  if (code === "e") {
    useExp = true;
    vEnd = p;
  } else if (code === "f") vEnd = decpt + p;
  else if (code === "g") {
    if (decpt <= -4 || decpt > (addDot0 ? p - 1 : p)) useExp = true;
    if (alt) vEnd = p;
  } else if (decpt <= -4 || decpt > 16) useExp = true;
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const vStart = decpt <= 0 ? decpt - 1 : 0;
  vEnd = Math.max(vEnd, !useExp && addDot0 ? decpt + 1 : decpt);
  let s = "";
  if (decpt <= 0) s += `${"0".repeat(decpt - vStart)}.${"0".repeat(-decpt)}`;
  else s += "0".repeat(-vStart);
  if (decpt > 0 && decpt <= len) s += `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  else s += digits;
  if (len < decpt) s += `${"0".repeat(decpt - len)}.${"0".repeat(vEnd - decpt)}`;
  else s += "0".repeat(vEnd - len);
  if (s.endsWith(".") && !alt) s = s.slice(0, -1);
  if (useExp) s += `e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return s;
}

function formatFloat(x: number, f: Spec, typeName: string): string {
  if (!["", "e", "E", "f", "F", "g", "G", "n", "%"].includes(f.type)) throw unknownType(f.type, typeName);
  if (f.precision > INT_MAX) throw new RangeError("precision too big");
  let type = f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let addDot0 = false;
  if (type === "") {
    addDot0 = true;
    type = "r";
    defaultPrecision = 0;
  }
  if (type === "n") type = "g";
  let val = x;
  let pct = false;
  if (type === "%") {
    type = "f";
    val *= 100;
    pct = true;
  }
  if (precision < 0) precision = defaultPrecision;
  else if (type === "r") type = "g";
  const upper = type === "E" || type === "F" || type === "G";
  const code = type.toLowerCase() as "e" | "f" | "g" | "r";
  let negative = val < 0 || Object.is(val, -0);
  let text: string;
  if (Number.isNaN(val)) {
    text = "nan";
    negative = false;
  } else if (!Number.isFinite(val)) text = "inf";
  else {
    text = floatDigits(Math.abs(val), code, precision, f.alternate, addDot0);
    if (f.noNeg0 && negative && !/[1-9]/.test(text.replace(/e.*$/, ""))) negative = false;
  }
  if (upper) text = text.toUpperCase();
  if (pct) text += "%";
  const m = /^\d*/.exec(text) as RegExpExecArray;
  return layoutNumber(f, negative, "", m[0], text.slice(m[0].length), separator(f));
}

function formatInt(n: bigint, f: Spec, typeName: string): string {
  if ("eEfFgG%".includes(f.type) && f.type !== "") {
    const x = Number(n);
    if (!Number.isFinite(x)) throw new RangeError("int too large to convert to float");
    return formatFloat(x, f, typeName);
  }
  if (!["b", "c", "d", "o", "x", "X", "n"].includes(f.type)) throw unknownType(f.type, typeName);
  if (f.precision !== -1) throw new RangeError("Precision not allowed in integer format specifier");
  if (f.noNeg0) throw new RangeError("Negative zero coercion (z) not allowed in integer format specifier");
  if (f.type === "c") {
    if (f.sign !== "") throw new RangeError("Sign not allowed with integer format specifier 'c'");
    if (f.alternate) throw new RangeError("Alternate form (#) not allowed with integer format specifier 'c'");
    if (n > SSIZE_MAX || n < -SSIZE_MAX - 1n)
      throw new RangeError("Python int too large to convert to C long");
    if (n < 0n || n > 0x10ffffn) throw new RangeError("%c arg not in range(0x110000)");
    return layoutNumber(f, false, "", "", String.fromCodePoint(Number(n)), "");
  }
  const radix = f.type === "b" ? 2 : f.type === "o" ? 8 : f.type === "x" || f.type === "X" ? 16 : 10;
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString(radix);
  if (f.type === "X") digits = digits.toUpperCase();
  const prefix = f.alternate && radix !== 10 ? `0${f.type === "o" ? "o" : f.type}` : "";
  return layoutNumber(f, negative, prefix, digits, "", separator(f));
}

function formatStr(s: string, f: Spec, typeName: string): string {
  if (f.type !== "s") throw unknownType(f.type, typeName);
  if (f.sign === " ") throw new RangeError("Space not allowed in string format specifier");
  if (f.sign !== "") throw new RangeError("Sign not allowed in string format specifier");
  if (f.noNeg0) throw new RangeError("Negative zero coercion (z) not allowed in string format specifier");
  if (f.alternate) throw new RangeError("Alternate form (#) not allowed in string format specifier");
  if (f.align === "=") throw new RangeError("'=' alignment not allowed in string format specifier");
  let body = s;
  if (f.precision >= 0) {
    const cps = Array.from(s);
    if (cps.length > f.precision) body = cps.slice(0, f.precision).join("");
  }
  return padded(body, f);
}

/**
 * Python's `format(value, spec)`: `value` an int (an integer number, a bigint), a float (any other
 * number), a str, a bool or None; anything else takes only the empty spec (Python's
 * `object.__format__`). `str` is how a value other than these prints with the empty spec.
 */
export function formatSpec(value: unknown, spec: string, str: (v: unknown) => string = String): string {
  const typeName = pyTypeName(value);
  if (typeof value === "string") {
    return spec === "" ? value : formatStr(value, parseSpec(spec, "s", "<", typeName), typeName);
  }
  if (typeof value === "boolean") {
    if (spec === "") return value ? "True" : "False";
    return formatInt(value ? 1n : 0n, parseSpec(spec, "d", ">", typeName), typeName);
  }
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) {
    const n = BigInt(value);
    if (spec === "") return n.toString();
    return formatInt(n, parseSpec(spec, "d", ">", typeName), typeName);
  }
  if (typeof value === "number") return formatFloat(value, parseSpec(spec, "", ">", typeName), typeName);
  if (spec !== "") throw new TypeError(`unsupported format string passed to ${typeName}.__format__`);
  return value === null || value === undefined ? "None" : str(value);
}
