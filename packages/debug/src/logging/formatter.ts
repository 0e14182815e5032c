/** Formatters: a record as text, in Python's `%`, `{` and `$` styles. Python: `logging.Formatter`. */
import { repr } from "@aio/loop";
import { decimalValue, formatSpec, pyTypeName } from "../format-spec.js";
import { formatException } from "../frames.js";
import { percentFormat } from "../percent.js";
import { formatValue, type LogRecord, PYTHON_NAMES } from "./record.js";
import { strftime } from "./strftime.js";

/** The format styles: Python's `%`, `{` and `$`. */
export type FormatStyle = "%" | "{" | "$";

// Python: PercentStyle.validation_pattern (searched for, not matched: one field is enough).
const PERCENT_FIELD = /%\([\p{L}\p{N}_]+\)[#0+ -]*(\*|\p{Nd}+)?(\.(\*|\p{Nd}+))?[diouxefgcrsa%]/iu;
// Python: StrFormatStyle.field_spec and fmt_spec (`\w` and `\d` as Python's, for any script).
const BRACE_FIELD_NAME = /^(?:\p{Nd}+|[\p{L}\p{N}_]+)(?:\.[\p{L}\p{N}_]+|\[[^\]]+\])*$/u;
const BRACE_SPEC =
  /^(?:[^\n]?[<>=^])?[+ -]?#?0?(?:\p{Nd}+|\{[\p{L}\p{N}_]+\})?[,_]?(?:\.(?:\p{Nd}+|\{[\p{L}\p{N}_]+\}))?[bcdefgnosx%]?$/iu;
// Python: string.Template.pattern (identifiers are ASCII).
const TEMPLATE = /\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\}|())/g;

/** Options of a {@link Formatter}. */
export interface FormatterOptions {
  /** `%`, `{` or `$` (Python's `style`). */
  style?: FormatStyle | undefined;
  /**
   * Check the format at construction as Python's `validate` (default true) does: a `%(name)…`
   * field for `%`; for `{` a format `str.format` can parse, with valid field names, conversions
   * and specs; for `$` no bare `$`; and at least one field.
   */
  validate?: boolean | undefined;
  /** Values for fields the record lacks (Python 3.10: `defaults`). */
  defaults?: Record<string, unknown> | undefined;
}

/**
 * Turns a record into text. Python: `logging.Formatter(fmt, datefmt, style)`; `fmt` defaults to
 * `%(message)s`, dates to `2026-12-01 10:02:03,123` (local time).
 */
export class Formatter {
  /** The format. */
  readonly fmt: string;
  /** The date format (`time.strftime` directives), or null for Python's default. */
  readonly datefmt: string | null;
  readonly style: FormatStyle;
  /** Python: `default_time_format`. */
  defaultTimeFormat = "%Y-%m-%d %H:%M:%S";
  /** Python: `default_msec_format` (`%s` the time, `%03d` the milliseconds). */
  defaultMsecFormat: string | null = "%s,%03d";
  private readonly defaults: Record<string, unknown> | null;

  constructor(fmt?: string | null, datefmt?: string | null, options: FormatterOptions | FormatStyle = {}) {
    const opts = typeof options === "string" ? { style: options } : options;
    const style = opts.style ?? "%";
    if (style !== "%" && style !== "{" && style !== "$") {
      throw new RangeError(`Style must be one of: %,{,$`);
    }
    this.style = style;
    // Python: `fmt or default_format` (an empty format is the default too)
    this.fmt = fmt || (style === "%" ? "%(message)s" : style === "{" ? "{message}" : "$" + "{message}");
    this.datefmt = datefmt ?? null;
    this.defaults = opts.defaults ?? null;
    if (opts.validate !== false) this.validate();
  }

  /**
   * Python's `validate()` of each style: `%` searches for one `%(name)…` field (what else the format
   * holds fails when a record is formatted); `{` parses the format as `str.format` does and checks
   * each field's name, conversion and spec; `$` refuses a bare `$`. A format without fields is refused.
   */
  private validate(): void {
    if (this.style === "%") {
      if (!PERCENT_FIELD.test(this.fmt)) throw new RangeError(`Invalid format '${this.fmt}' for '%' style`);
    } else if (this.style === "{") validateBrace(this.fmt);
    else validateTemplate(this.fmt);
  }

  /** Whether the format shows the time. Python: `usesTime()`. */
  usesTime(): boolean {
    if (this.style === "$") return this.fmt.includes("$asctime") || this.fmt.includes("$" + "{asctime}");
    return this.fmt.includes(this.style === "%" ? "%(asctime)" : "{asctime");
  }

  /** The record's time as text. Python: `formatTime(record, datefmt)`. */
  formatTime(record: LogRecord, datefmt: string | null = null): string {
    const fmt = datefmt || this.defaultTimeFormat; // Python: `if datefmt:` ("" means the default)
    const s = secondText(fmt, record.created);
    if (datefmt) return s;
    return this.defaultMsecFormat ? percentFormat(this.defaultMsecFormat, [s, Math.floor(record.msecs)]) : s;
  }

  /** An error as a traceback. Python: `formatException(exc_info)`. */
  formatException(error: unknown): string {
    return formatException(error);
  }

  /** The stack text of `stackInfo`. Python: `formatStack(stack_info)`. */
  formatStack(stackInfo: string): string {
    return stackInfo;
  }

  /**
   * Fills the format with the record's fields. A field the record lacks is Python's `ValueError:
   * Formatting field not found in record: 'name'` (any KeyError met, as Python's `format()`).
   * Python: `formatMessage(record)`.
   */
  formatMessage(record: LogRecord): string {
    const fields = recordMapping(
      this.defaults
        ? new Proxy(record, {
            has: (r, k) => k in r || (typeof k === "string" && k in (this.defaults as object)),
            get: (r, k) =>
              k in r ? (r as never)[k] : (this.defaults as Record<string | symbol, unknown>)[k],
          })
        : record,
    );
    try {
      if (this.style === "%") return percentFormat(this.fmt, fields);
      if (this.style === "{") return braceFormat(this.fmt, fields, 2, { next: 0 });
      return templateSubstitute(this.fmt, fields);
    } catch (err) {
      if (err instanceof RangeError && err.message.startsWith("KeyError: ")) {
        throw new RangeError(
          `Formatting field not found in record: ${err.message.slice("KeyError: ".length)}`,
        );
      }
      throw err;
    }
  }

  /**
   * The record as text: the message, then the traceback of its error and its stack if any.
   * Python: `Formatter.format(record)`.
   */
  format(record: LogRecord): string {
    record.message = record.getMessage();
    if (this.usesTime()) record.asctime = this.formatTime(record, this.datefmt);
    let s = this.formatMessage(record);
    if (record.hasExcInfo && !record.excText) record.excText = this.formatException(record.excInfo);
    if (record.excText) {
      if (!s.endsWith("\n")) s += "\n";
      s += record.excText;
    }
    if (record.stackInfo) {
      if (!s.endsWith("\n")) s += "\n";
      s += this.formatStack(record.stackInfo);
    }
    return s;
  }
}

/** The last time text made: records of the same second (and format, and time zone) share it. */
let lastTime: { second: number; format: string; tz: string | undefined; text: string } | null = null;

/**
 * `strftime(format, localtime(created))` for a time in seconds. A logger formats thousands of
 * records a second, and the directives strftime knows (none below a second: `%f` is not one of
 * C's) give the same text for the whole second.
 */
function secondText(format: string, created: number): string {
  const second = Math.floor(created);
  const tz = process.env.TZ;
  const last = lastTime;
  if (last !== null && last.second === second && last.format === format && last.tz === tz) return last.text;
  const text = strftime(format, new Date(created * 1000));
  lastTime = { second, format, tz, text };
  return text;
}

/**
 * A mapping view of a record for the fields of every style: Python's `record.__dict__` (with its
 * snake_case names, `exc_info`…). Nulls stay values, which `percentFormat` prints as None
 * (`%(taskName)r` is `None`, not `'None'`).
 */
function recordMapping(record: object): Record<string, unknown> {
  return new Proxy(record as Record<string, unknown>, RECORD_AS_DICT);
}

/** The handler of `recordMapping`'s proxies (one for all: a record is formatted per log call). */
const RECORD_AS_DICT: ProxyHandler<Record<string, unknown>> = {
  getPrototypeOf: () => Object.prototype, // a dict, as Python's messages name it ("not dict")
  has: (r, k) => k in r || (typeof k === "string" && k in PYTHON_NAMES),
  get: (r, k) => (r as Record<string | symbol, unknown>)[typeof k === "string" ? (PYTHON_NAMES[k] ?? k) : k],
};

/** One piece of a `{` format: literal text, then a field if any. */
interface BracePiece {
  literal: string;
  /** The field's name (`""` for `{}`), or null after the last field. */
  field: string | null;
  /** The conversion character after `!`, or null. */
  conversion: string | null;
  spec: string;
  /** Whether the spec holds fields of its own (`{x:{width}}`). */
  nested: boolean;
}

/**
 * The pieces of a `str.format` format, one at a time (an error is thrown when the parse reaches
 * it, as Python's iterator). Python: `_string.formatter_parser` (`MarkupIterator_next`, `parse_field`).
 */
function* braceParts(s: string): Generator<BracePiece> {
  const end = s.length;
  let pos = 0;
  while (pos < end) {
    const start = pos;
    let c = "";
    let markup = false;
    while (pos < end) {
      c = s[pos++] as string;
      if (c === "{" || c === "}") {
        markup = true;
        break;
      }
    }
    const atEnd = pos >= end;
    let len = pos - start;
    if (markup && c === "}" && (atEnd || s[pos] !== "}")) {
      throw new RangeError("Single '}' encountered in format string");
    }
    if (markup && atEnd && c === "{") throw new RangeError("Single '{' encountered in format string");
    if (markup && !atEnd) {
      if (s[pos] === c) {
        pos++; // a doubled brace: one of it is literal text
        markup = false;
      } else len--;
    }
    const literal = s.slice(start, start + len);
    if (!markup) {
      yield { literal, field: null, conversion: null, spec: "", nested: false };
      continue;
    }
    const nameStart = pos;
    let ch = "";
    while (pos < end) {
      ch = s[pos++] as string;
      if (ch === "{") throw new RangeError("unexpected '{' in field name");
      if (ch === "[") {
        while (pos < end && s[pos] !== "]") pos++;
        continue;
      }
      if (ch === "}" || ch === ":" || ch === "!") break;
    }
    const field = s.slice(nameStart, pos - 1);
    let conversion: string | null = null;
    if (ch === "!" || ch === ":") {
      if (ch === "!") {
        if (pos >= end) throw new RangeError("end of string while looking for conversion specifier");
        conversion = String.fromCodePoint(s.codePointAt(pos) as number);
        pos += conversion.length;
        if (pos < end) {
          const next = s[pos++];
          if (next === "}") {
            yield { literal, field, conversion, spec: "", nested: false };
            continue;
          }
          if (next !== ":") throw new RangeError("expected ':' after conversion specifier");
        }
      }
      const specStart = pos;
      let depth = 1;
      let nested = false;
      let spec: string | null = null;
      while (pos < end) {
        const x = s[pos++];
        if (x === "{") {
          nested = true;
          depth++;
        } else if (x === "}" && --depth === 0) {
          spec = s.slice(specStart, pos - 1);
          break;
        }
      }
      if (spec === null) throw new RangeError("unmatched '{' in format spec");
      yield { literal, field, conversion, spec, nested };
    } else if (ch !== "}") {
      throw new RangeError("expected '}' before end of string");
    } else yield { literal, field, conversion: null, spec: "", nested: false };
  }
}

/** `re.match(pattern, s)` of a pattern ending in `$`, which Python also matches before a final newline. */
function pyMatch(re: RegExp, s: string): boolean {
  return re.test(s) || (s.endsWith("\n") && re.test(s.slice(0, -1)));
}

/** Python: `StrFormatStyle.validate()`. */
function validateBrace(fmt: string): void {
  let fields = 0;
  try {
    for (const { field, conversion, spec } of braceParts(fmt)) {
      if (field) {
        if (!pyMatch(BRACE_FIELD_NAME, field))
          throw new RangeError(`invalid field name/expression: ${repr(field)}`);
        fields++;
      }
      if (conversion && !"rsa".includes(conversion))
        throw new RangeError(`invalid conversion: ${repr(conversion)}`);
      if (spec && !pyMatch(BRACE_SPEC, spec)) throw new RangeError(`bad specifier: ${repr(spec)}`);
    }
  } catch (err) {
    throw new RangeError(`invalid format: ${(err as Error).message}`);
  }
  if (fields === 0) throw new RangeError("invalid format: no fields");
}

/** Python: `StringTemplateStyle.validate()`. */
function validateTemplate(fmt: string): void {
  let fields = 0;
  for (const m of fmt.matchAll(TEMPLATE)) {
    if (m[2] !== undefined || m[3] !== undefined) fields++;
    else if (m[0] === "$") throw new RangeError("invalid format: bare '$' not allowed");
  }
  if (fields === 0) throw new RangeError("invalid format: no fields");
}

/** Python's `str(value)` for a field: floats as Python writes them (`1e-07`), errors by their message. */
function pyStr(value: unknown): string {
  return formatSpec(value, "", formatValue);
}

/**
 * `.name` of a field: a property of an object. Plain objects and arrays are Python's dict and list,
 * whose items are not attributes (`{d.k}` fails as Python's `'dict' object has no attribute 'k'`).
 */
function getAttribute(obj: unknown, name: string): unknown {
  const typeName = pyTypeName(obj);
  const pythonContainer = typeName === "dict" || typeName === "list" || typeName === "set";
  if (((typeof obj === "object" && obj !== null) || typeof obj === "function") && !pythonContainer) {
    if (name in obj) return (obj as Record<string, unknown>)[name];
  }
  throw new RangeError(`'${typeName}' object has no attribute '${name}'`);
}

function getItem(obj: unknown, key: string): unknown {
  const index = /^[0-9]+$/.test(key) ? Number(key) : -1;
  const keyRepr = index >= 0 ? key : repr(key);
  if (Array.isArray(obj) || typeof obj === "string") {
    const kind = typeof obj === "string" ? "string" : "list";
    if (index < 0) {
      throw new TypeError(
        kind === "list"
          ? "list indices must be integers or slices, not str"
          : "string indices must be integers, not 'str'",
      );
    }
    const items = typeof obj === "string" ? Array.from(obj) : obj;
    if (index >= items.length) throw new RangeError(`${kind} index out of range`);
    return items[index];
  }
  if (obj instanceof Map) {
    const k = obj.has(key) ? key : index >= 0 && obj.has(index) ? index : undefined;
    if (k === undefined) throw new RangeError(`KeyError: ${keyRepr}`);
    return obj.get(k);
  }
  if (typeof obj === "object" && obj !== null) {
    if (!(key in obj)) throw new RangeError(`KeyError: ${keyRepr}`);
    return (obj as Record<string, unknown>)[key];
  }
  throw new TypeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

/**
 * A field's value: its first name looked up among the record's fields, then `.attribute` and
 * `[key]` parts. Positional fields (`{}`, `{0}`) have no arguments to take (Python's `IndexError`).
 * Python: `get_field_object` of `str.format(**record.__dict__)`.
 */
function fieldValue(field: string, fields: Record<string, unknown>, auto: { next: number }): unknown {
  let i = 0;
  while (i < field.length && field[i] !== "." && field[i] !== "[") i++;
  const first = field.slice(0, i);
  const index = first === "" ? auto.next++ : /^\p{Nd}+$/u.test(first) ? digitsValue(first) : -1;
  if (index >= 0) throw new RangeError(`Replacement index ${index} out of range for positional args tuple`);
  if (!(first in fields)) throw new RangeError(`KeyError: ${repr(first)}`);
  let obj = fields[first];
  while (i < field.length) {
    const c = field[i++];
    let name: string;
    if (c === ".") {
      const start = i;
      while (i < field.length && field[i] !== "." && field[i] !== "[") i++;
      name = field.slice(start, i);
    } else if (c === "[") {
      const close = field.indexOf("]", i);
      if (close < 0) throw new RangeError("Missing ']' in format string");
      name = field.slice(i, close);
      i = close + 1;
    } else throw new RangeError("Only '.' or '[' may follow ']' in format field specifier");
    if (name === "") throw new RangeError("Empty attribute in format string");
    obj = c === "." ? getAttribute(obj, name) : getItem(obj, name);
  }
  return obj;
}

/** The value of decimal digits of any script (`٣` is 3). Python: `get_integer`. */
function digitsValue(text: string): number {
  let n = 0;
  for (const d of text) n = n * 10 + decimalValue(d);
  return n;
}

/** Python: `str.format(**fields)` (`build_string`, `output_markup`). */
function braceFormat(
  fmt: string,
  fields: Record<string, unknown>,
  depth: number,
  auto: { next: number },
): string {
  if (depth <= 0) throw new RangeError("Max string recursion exceeded");
  let out = "";
  for (const { literal, field, conversion, spec, nested } of braceParts(fmt)) {
    out += literal;
    if (field === null) continue;
    let value = fieldValue(field, fields, auto);
    if (conversion === "r") value = repr(value);
    else if (conversion === "s") value = pyStr(value);
    else if (conversion === "a") value = repr(value).replace(/[^\p{ASCII}]/gu, asciiEscape);
    else if (conversion !== null) {
      const cp = conversion.codePointAt(0) as number;
      throw new RangeError(
        `Unknown conversion specifier ${cp > 32 && cp < 127 ? conversion : `\\x${cp.toString(16)}`}`,
      );
    }
    out += formatSpec(value, nested ? braceFormat(spec, fields, depth - 1, auto) : spec, formatValue);
  }
  return out;
}

function asciiEscape(c: string): string {
  const cp = c.codePointAt(0) as number;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** Python's `str.splitlines(keepends=True)` line ends. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's line ends include \x1c–\x1e
const LINE_END = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** Python: `string.Template(fmt).substitute(**fields)`. */
function templateSubstitute(fmt: string, fields: Record<string, unknown>): string {
  return fmt.replace(TEMPLATE, (_whole, escaped, named, braced, _invalid, offset: number) => {
    const key = (named ?? braced) as string | undefined;
    if (key !== undefined) {
      if (!(key in fields)) throw new RangeError(`KeyError: ${repr(key)}`);
      return pyStr(fields[key]);
    }
    if (escaped !== undefined) return "$";
    // Python's _invalid: the line and column (in code points) of the bad `$`
    const text = fmt.slice(0, offset + 1);
    let lineno = 1;
    let lastStart = 0;
    for (const m of text.matchAll(LINE_END)) {
      lineno++;
      lastStart = (m.index as number) + m[0].length;
    }
    const colno = Array.from(text.slice(lastStart)).length;
    throw new RangeError(`Invalid placeholder in string: line ${lineno}, col ${colno}`);
  });
}
