/** Formatters: a record as text, in Python's `%`, `{` and `$` styles. Python: `logging.Formatter`. */
import { repr } from "@aio/loop";
import { formatException } from "../frames.js";
import { percentFormat } from "../percent.js";
import { formatValue, type LogRecord, PYTHON_NAMES } from "./record.js";
import { strftime } from "./strftime.js";

/** The format styles: Python's `%`, `{` and `$`. */
export type FormatStyle = "%" | "{" | "$";

const PERCENT_FIELD = /%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]/i;
const BRACE_FIELD = /\{\w+(?:![rsa])?(?::[^{}]*)?\}/;
const DOLLAR_FIELD = /\$(?:\w+|\{\w+\})/;

/** Options of a {@link Formatter}. */
export interface FormatterOptions {
  /** `%`, `{` or `$` (Python's `style`). */
  style?: FormatStyle | undefined;
  /** Check the format has a field of its style (Python's `validate`, default true). */
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
    this.fmt = fmt ?? (style === "%" ? "%(message)s" : style === "{" ? "{message}" : "$" + "{message}");
    this.datefmt = datefmt ?? null;
    this.defaults = opts.defaults ?? null;
    if (opts.validate !== false) this.validate();
  }

  private validate(): void {
    const field = this.style === "%" ? PERCENT_FIELD : this.style === "{" ? BRACE_FIELD : DOLLAR_FIELD;
    if (!field.test(this.fmt)) throw new RangeError(`Invalid format '${this.fmt}' for '${this.style}' style`);
    if (this.style === "%") {
      try {
        percentFormat(this.fmt, new Proxy({}, { get: () => 0, has: () => true }));
      } catch {
        throw new RangeError(`Invalid format '${this.fmt}' for '%' style`);
      }
    }
  }

  /** Whether the format shows the time. Python: `usesTime()`. */
  usesTime(): boolean {
    const needle = this.style === "%" ? "%(asctime)" : this.style === "{" ? "{asctime" : "asctime";
    return this.fmt.includes(needle);
  }

  /** The record's time as text. Python: `formatTime(record, datefmt)`. */
  formatTime(record: LogRecord, datefmt: string | null = null): string {
    const date = new Date(record.created * 1000);
    if (datefmt) return strftime(datefmt, date); // Python: `if datefmt:` ("" means the default)
    const s = strftime(this.defaultTimeFormat, date);
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

  /** Fills the format with the record's fields. Python: `formatMessage(record)`. */
  formatMessage(record: LogRecord): string {
    const fields = this.defaults
      ? new Proxy(record, {
          has: (r, k) => k in r || (typeof k === "string" && k in (this.defaults as object)),
          get: (r, k) => (k in r ? (r as never)[k] : (this.defaults as Record<string | symbol, unknown>)[k]),
        })
      : record;
    if (this.style === "%") return percentFormat(this.fmt, recordMapping(fields));
    if (this.style === "{") return braceFormat(this.fmt, fields);
    return this.fmt.replace(/\$(?:(\w+)|\{(\w+)\})|\$\$/g, (whole, a, b) => {
      if (whole === "$$") return "$";
      const key = (a ?? b) as string;
      if (!(key in fields)) throw new RangeError(`KeyError: ${repr(key)}`);
      return String(formatValue((fields as Record<string, unknown>)[key]));
    });
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

/**
 * A mapping view of a record for `%(field)s`: Python's `record.__dict__`. Nulls stay values, which
 * `percentFormat` prints as None (`%(taskName)r` is `None`, not `'None'`).
 */
function recordMapping(record: object): Record<string, unknown> {
  return new Proxy(record as Record<string, unknown>, {
    has: (r, k) => k in r || (typeof k === "string" && k in PYTHON_NAMES),
    get: (r, k) =>
      (r as Record<string | symbol, unknown>)[typeof k === "string" ? (PYTHON_NAMES[k] ?? k) : k],
  });
}

function braceFormat(fmt: string, record: object): string {
  return fmt.replace(/\{\{|\}\}|\{(\w+)(?:!([rsa]))?(?::([^{}]*))?\}/g, (whole, key, conv, spec) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (!(key in record)) throw new RangeError(`KeyError: ${repr(key)}`);
    const value = (record as Record<string, unknown>)[key];
    const text = conv === "r" ? repr(value) : formatValue(value);
    if (!spec) return text;
    const m = /^(?:(.)?([<>^]))?(\d+)?(?:\.(\d+))?([sdf])?$/.exec(spec);
    if (!m) throw new RangeError(`Invalid format specifier '${spec}'`);
    const [, fill = " ", align, width, precision, type] = m;
    let body = text;
    if (type === "f" || (type === undefined && typeof value === "number" && precision !== undefined)) {
      body = Number(value).toFixed(Number(precision ?? 6));
    } else if (precision !== undefined) body = body.slice(0, Number(precision));
    const w = Number(width ?? 0);
    if (body.length >= w) return body;
    const gap = w - body.length;
    const a = align ?? (typeof value === "number" ? ">" : "<");
    if (a === "<") return body + fill.repeat(gap);
    if (a === ">") return fill.repeat(gap) + body;
    return fill.repeat(Math.floor(gap / 2)) + body + fill.repeat(Math.ceil(gap / 2));
  });
}
