/**
 * Python's `logging`, for programs on aio: loggers named in a dotted hierarchy with levels and
 * propagation, handlers (stream, file, rotating file, forwarding to another logger), `%`-style
 * formatters with Python's record fields, `basicConfig`, `exception()` with a traceback. The
 * loop's diagnostics arrive on the `asyncio` logger once `@aio/debug` is loaded.
 *
 * Keyword arguments (`exc_info`, `stack_info`, `stacklevel`, `extra`) are passed as the last
 * argument through {@link kw}: `logger.error("failed: %s", url, kw({ excInfo: err }))`.
 */
import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { threadId } from "node:worker_threads";
import { repr, tryGetRunningLoop } from "@aio/loop";
import { type Frame, formatException, moduleName, parseStack } from "./frames.js";
import { percentFormat } from "./percent.js";
import { sys, type TextStream } from "./sys.js";

// ---------------------------------------------------------------- levels

/** Python: `logging.CRITICAL`. */
export const CRITICAL = 50;
/** Python: `logging.FATAL` (= CRITICAL). */
export const FATAL = CRITICAL;
/** Python: `logging.ERROR`. */
export const ERROR = 40;
/** Python: `logging.WARNING`. */
export const WARNING = 30;
/** Python: `logging.WARN` (= WARNING). */
export const WARN = WARNING;
/** Python: `logging.INFO`. */
export const INFO = 20;
/** Python: `logging.DEBUG`. */
export const DEBUG = 10;
/** Python: `logging.NOTSET`. */
export const NOTSET = 0;

const levelToName = new Map<number, string>([
  [CRITICAL, "CRITICAL"],
  [ERROR, "ERROR"],
  [WARNING, "WARNING"],
  [INFO, "INFO"],
  [DEBUG, "DEBUG"],
  [NOTSET, "NOTSET"],
]);
const nameToLevel = new Map<string, number>([
  ["CRITICAL", CRITICAL],
  ["FATAL", FATAL],
  ["ERROR", ERROR],
  ["WARN", WARNING],
  ["WARNING", WARNING],
  ["INFO", INFO],
  ["DEBUG", DEBUG],
  ["NOTSET", NOTSET],
]);

/** A level: its number, or its name (`"DEBUG"`). */
export type Level = number | string;

/**
 * The name of a level, or the level of a name; `Level N` for unknown numbers. Python:
 * `logging.getLevelName(level)`.
 */
export function getLevelName(level: Level): string | number {
  if (typeof level === "number") return levelToName.get(level) ?? `Level ${level}`;
  return nameToLevel.get(level) ?? `Level ${level}`;
}

/** Names a level. Python: `logging.addLevelName(level, name)`. */
export function addLevelName(level: number, name: string): void {
  levelToName.set(level, name);
  nameToLevel.set(name, level);
}

/** Every level name and its number. Python 3.11: `logging.getLevelNamesMapping()`. */
export function getLevelNamesMapping(): Record<string, number> {
  return Object.fromEntries(nameToLevel);
}

/** A level's number; Python's errors for an unknown name or a value of the wrong type. */
export function checkLevel(level: unknown): number {
  if (typeof level === "number" && Number.isInteger(level)) return level;
  if (typeof level === "string") {
    const n = nameToLevel.get(level);
    if (n === undefined) throw new RangeError(`Unknown level: ${repr(level)}`);
    return n;
  }
  throw new TypeError(`Level not an integer or a valid string: ${repr(level)}`);
}

// ---------------------------------------------------------------- keyword arguments

const KW: unique symbol = Symbol("aio.logging.kw");

/** The keyword arguments of a log call. */
export interface LogKeywords {
  /**
   * An error to print after the message, as a traceback (Python: `exc_info=err`). `true` has no
   * "current exception" to mean in JavaScript and prints `NoneType: None`, as Python does outside
   * an `except`.
   */
  excInfo?: unknown;
  /** Adds the stack of the log call (Python: `stack_info=True`). */
  stackInfo?: boolean;
  /** Which caller the record names: 1 the caller of the log method, 2 its caller… */
  stacklevel?: number;
  /** More attributes for the record (`%(user)s` in a format). */
  extra?: Record<string, unknown>;
}

/** Marks the keyword arguments of a log call (its last argument). */
export interface Keywords extends LogKeywords {
  readonly [KW]: true;
}

/**
 * Keyword arguments for a log call, passed last: `logger.warning("slow: %s", url, kw({ stacklevel: 2 }))`.
 * Python: `logger.warning("slow: %s", url, stacklevel=2)`.
 */
export function kw(options: LogKeywords): Keywords {
  return { ...options, [KW]: true };
}

function splitKeywords(args: unknown[]): { args: unknown[]; kw: LogKeywords | null } {
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && (last as Partial<Keywords>)[KW] === true) {
    return { args: args.slice(0, -1), kw: last as Keywords };
  }
  return { args, kw: null };
}

// ---------------------------------------------------------------- records

const startTime = Date.now();
const RESERVED = new Set([
  "name",
  "msg",
  "args",
  "levelname",
  "levelno",
  "pathname",
  "filename",
  "module",
  "excInfo",
  "excText",
  "stackInfo",
  "lineno",
  "funcName",
  "created",
  "msecs",
  "relativeCreated",
  "thread",
  "threadName",
  "processName",
  "process",
  "taskName",
  "message",
  "asctime",
]);
const PYTHON_NAMES: Record<string, string> = {
  exc_info: "excInfo",
  exc_text: "excText",
  stack_info: "stackInfo",
};

/** What the current task is called, if a task is running (Python 3.12: `record.taskName`). */
function currentTaskName(): string | null {
  const loop = tryGetRunningLoop();
  const task = loop?._currentTask as { getName?: () => string } | null | undefined;
  return task && typeof task.getName === "function" ? task.getName() : null;
}

/**
 * One logged event. Python: `logging.LogRecord`. Fields keep Python's names where formats use them
 * (`%(levelname)s`, `%(funcName)s`, `%(lineno)d`, `%(taskName)s`…); the caller's place is found only
 * when something reads it.
 */
export class LogRecord {
  /** The logger's name. */
  name: string;
  /** The message, or a format for `args`. */
  msg: unknown;
  /** Values for `msg`'s `%` fields: an array, or a mapping for `%(key)s`. */
  args: unknown[] | Record<string, unknown> | null;
  levelno: number;
  levelname: string;
  /** The error whose traceback follows the message. Python: `exc_info`. */
  excInfo: unknown;
  /** Whether the record carries an error at all (it may be `undefined` or `null`: anything can be thrown). */
  hasExcInfo: boolean;
  /** The traceback text, once formatted. Python: `exc_text`. */
  excText: string | null = null;
  /** The stack of the log call (`stackInfo: true`). Python: `stack_info`. */
  stackInfo: string | null;
  /** Seconds since the epoch. */
  created: number;
  /** The milliseconds part of `created`. */
  msecs: number;
  /** Milliseconds since logging was loaded. */
  relativeCreated: number;
  thread: number;
  threadName: string;
  process: number;
  processName: string;
  /** The running task's name, or null. */
  taskName: string | null;
  /** Set by `Formatter.format`. */
  message?: string;
  /** Set by `Formatter.format` when the format uses it. */
  asctime?: string;
  [field: string]: unknown;

  private site: { stack?: string } | null;
  private frame: Frame | null | undefined;
  private stacklevel: number;

  constructor(
    name: string,
    level: number,
    msg: unknown,
    args: unknown[] | Record<string, unknown> | null,
    options: {
      excInfo?: unknown;
      hasExcInfo?: boolean;
      site?: { stack?: string } | null;
      stacklevel?: number;
      stackInfo?: string | null;
    } = {},
  ) {
    const now = Date.now();
    this.name = name;
    this.msg = msg;
    // Python: a single mapping argument is the mapping itself (`"%(a)s" % {"a": 1}`).
    this.args =
      Array.isArray(args) &&
      args.length === 1 &&
      typeof args[0] === "object" &&
      args[0] !== null &&
      !Array.isArray(args[0]) &&
      !(args[0] instanceof Error)
        ? (args[0] as Record<string, unknown>)
        : args;
    this.levelno = level;
    this.levelname = String(getLevelName(level));
    this.excInfo = options.excInfo;
    this.hasExcInfo = options.hasExcInfo ?? options.excInfo !== undefined;
    this.stackInfo = options.stackInfo ?? null;
    this.created = now / 1000;
    this.msecs = now % 1000;
    this.relativeCreated = now - startTime;
    this.thread = threadId;
    this.threadName = threadId === 0 ? "MainThread" : `Thread-${threadId}`;
    this.process = process.pid;
    this.processName = "MainProcess";
    this.taskName = currentTaskName();
    this.site = options.site ?? null;
    this.stacklevel = Math.max(1, options.stacklevel ?? 1);
  }

  private callerFrame(): Frame | null {
    if (this.frame === undefined) {
      const frames = this.site ? parseStack(this.site.stack ?? "") : [];
      this.frame = frames[this.stacklevel - 1] ?? null;
    }
    return this.frame;
  }

  /** The caller's file. Python: `pathname`. */
  get pathname(): string {
    return this.callerFrame()?.file ?? "(unknown file)";
  }
  /** The caller's file name. */
  get filename(): string {
    const p = this.pathname;
    return p.split(/[\\/]/).pop() ?? p;
  }
  /** The caller's file name without extension. */
  get module(): string {
    // Python: the file name without its extension, "(unknown file)" when no caller was found.
    return moduleName(this.pathname);
  }
  /** The caller's line. */
  get lineno(): number {
    return this.callerFrame()?.line ?? 0;
  }
  /** The caller's function. */
  get funcName(): string {
    return this.callerFrame()?.func ?? "(unknown function)";
  }

  /** The message with its arguments put in. Python: `record.getMessage()`. */
  getMessage(): string {
    const msg = typeof this.msg === "string" ? this.msg : String(formatValue(this.msg));
    const args = this.args;
    if (args === null || (Array.isArray(args) && args.length === 0)) return msg;
    return percentFormat(msg, args);
  }

  /** Python: `repr(record)`. */
  toString(): string {
    return `<LogRecord: ${this.name}, ${this.levelno}, ${this.pathname}, ${this.lineno}, "${formatValue(this.msg)}">`;
  }
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return v.message;
  if (v === null || v === undefined) return "None";
  return typeof v === "object" ? repr(v) : String(v);
}

// ---------------------------------------------------------------- formatters

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

/** A mapping view of a record for `%(field)s`: Python's `record.__dict__` (None for nulls). */
function recordMapping(record: object): Record<string, unknown> {
  return new Proxy(record as Record<string, unknown>, {
    has: (r, k) => k in r || (typeof k === "string" && k in PYTHON_NAMES),
    get: (r, k) => {
      const key = typeof k === "string" ? (PYTHON_NAMES[k] ?? k) : k;
      const v = (r as Record<string | symbol, unknown>)[key];
      return v === null || v === undefined ? "None" : v;
    },
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

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Python's `time.strftime(format, time.localtime(t))` for the usual directives. */
export function strftime(format: string, date: Date): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  return format.replace(/%([a-zA-Z%])/g, (whole, d: string) => {
    switch (d) {
      case "Y":
        return String(date.getFullYear());
      case "y":
        return p2(date.getFullYear() % 100);
      case "m":
        return p2(date.getMonth() + 1);
      case "d":
        return p2(date.getDate());
      case "H":
        return p2(date.getHours());
      case "I":
        return p2(date.getHours() % 12 || 12);
      case "M":
        return p2(date.getMinutes());
      case "S":
        return p2(date.getSeconds());
      case "p":
        return date.getHours() < 12 ? "AM" : "PM";
      case "a":
        return (DAYS[date.getDay()] as string).slice(0, 3);
      case "A":
        return DAYS[date.getDay()] as string;
      case "b":
        return (MONTHS[date.getMonth()] as string).slice(0, 3);
      case "B":
        return MONTHS[date.getMonth()] as string;
      case "j": {
        // Days counted on the calendar, not in elapsed milliseconds: a day of a daylight saving
        // change is 23 or 25 hours long.
        const y = date.getFullYear();
        const days = (Date.UTC(y, date.getMonth(), date.getDate()) - Date.UTC(y, 0, 1)) / 86400000;
        return String(days + 1).padStart(3, "0");
      }
      case "z": {
        const off = -date.getTimezoneOffset();
        const sign = off >= 0 ? "+" : "-";
        return `${sign}${p2(Math.floor(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`;
      }
      case "Z":
        return (
          Intl.DateTimeFormat(undefined, { timeZoneName: "short" })
            .formatToParts(date)
            .find((x) => x.type === "timeZoneName")?.value ?? ""
        );
      case "%":
        return "%";
      default:
        return whole;
    }
  });
}

// ---------------------------------------------------------------- filters

/** A record filter: an object with `filter(record)` or a function (Python 3.2+ accepts both). */
export type FilterLike =
  | Filter
  | { filter(record: LogRecord): boolean | LogRecord }
  | ((record: LogRecord) => boolean | LogRecord);

/**
 * Lets through the records of one logger and its children. Python: `logging.Filter(name)`.
 */
export class Filter {
  readonly name: string;
  constructor(name = "") {
    this.name = name;
  }
  /** Whether `record` passes. */
  filter(record: LogRecord): boolean {
    if (this.name === "" || this.name === record.name) return true;
    return record.name.startsWith(`${this.name}.`);
  }
}

/** Filters and the checks of a logger or handler. Python: `logging.Filterer`. */
export class Filterer {
  /** The filters, in order. */
  filters: FilterLike[] = [];
  /** Python: `addFilter(filter)`. */
  addFilter(filter: FilterLike): void {
    if (!this.filters.includes(filter)) this.filters.push(filter);
  }
  /** Python: `removeFilter(filter)`. */
  removeFilter(filter: FilterLike): void {
    const i = this.filters.indexOf(filter);
    if (i >= 0) this.filters.splice(i, 1);
  }
  /** The record if every filter lets it through (a filter may return a replacement), else false. */
  filter(record: LogRecord): LogRecord | false {
    let rec = record;
    for (const f of this.filters) {
      const r = typeof f === "function" ? f(rec) : f.filter(rec);
      if (!r) return false;
      if (r instanceof LogRecord) rec = r;
    }
    return rec;
  }
}

// ---------------------------------------------------------------- handlers

const allHandlers = new Set<Handler>();
let defaultFormatter: Formatter | null = null;

/**
 * Where records go. Subclasses implement `emit(record)`. Python: `logging.Handler`.
 */
export abstract class Handler extends Filterer {
  level: number;
  formatter: Formatter | null = null;
  /** A name for configuration. */
  name: string | null = null;
  protected closed = false;

  constructor(level: Level = NOTSET) {
    super();
    this.level = checkLevel(level);
    allHandlers.add(this);
  }

  /** Python: `setLevel(level)`. */
  setLevel(level: Level): void {
    this.level = checkLevel(level);
  }
  /** Python: `setFormatter(fmt)`. */
  setFormatter(formatter: Formatter | null): void {
    this.formatter = formatter;
  }
  /** The record as text, with this handler's formatter (or the default one). */
  format(record: LogRecord): string {
    const f = this.formatter ?? (defaultFormatter ??= new Formatter());
    return f.format(record);
  }
  /** Filters, then emits. Returns the record that was emitted, or false. Python: `handle(record)`. */
  handle(record: LogRecord): LogRecord | false {
    const rec = this.filter(record);
    if (rec === false) return false;
    this.emit(rec);
    return rec;
  }
  /** Writes the record somewhere. */
  abstract emit(record: LogRecord): void;
  /** Writes out anything buffered. */
  flush(): void {}
  /** Releases what the handler holds. Python: `close()`. */
  close(): void {
    this.closed = true;
    allHandlers.delete(this);
  }
  /**
   * A record could not be emitted (a bad format, a stream that throws): reported on stderr as
   * Python's `handleError` does, and logging goes on. Set `raiseExceptions = false` to stay silent.
   */
  handleError(record: LogRecord, error: unknown): void {
    if (!options.raiseExceptions) return;
    try {
      let args: string;
      try {
        // Python prints the args tuple: `()`, `('one',)`, `(1, 2)`; a mapping as a dict.
        const a = record.args;
        args = Array.isArray(a)
          ? a.length === 1
            ? `(${repr(a[0])},)`
            : `(${a.map((x) => repr(x)).join(", ")})`
          : a === null
            ? "()"
            : repr(a);
      } catch {
        args = "<unprintable>";
      }
      sys.stderr.write(
        `--- Logging error ---\n${formatException(error)}\n` +
          `Message: ${repr(typeof record.msg === "string" ? record.msg : String(record.msg))}\nArguments: ${args}\n`,
      );
    } catch {
      // stderr itself failed: nothing left to tell
    }
  }
  /** Python: `repr(handler)`. */
  override toString(): string {
    return `<${this.constructor.name} (${getLevelName(this.level)})>`;
  }
}

/** Writes records to a stream, one per line. Python: `logging.StreamHandler(stream)`. */
export class StreamHandler extends Handler {
  /** The stream (default `sys.stderr` when the handler is made). */
  stream: TextStream;
  /** Written after each record. */
  terminator = "\n";

  constructor(stream: TextStream | null = null, level: Level = NOTSET) {
    super(level);
    if (stream !== null && (typeof stream !== "object" || typeof stream.write !== "function")) {
      throw new TypeError(`stream must have a write() method, got ${repr(stream)}`);
    }
    this.stream = stream ?? sys.stderr;
  }
  override emit(record: LogRecord): void {
    try {
      const msg = this.format(record);
      this.stream.write(msg + this.terminator);
      // Python's StreamHandler flushes its stream after each record.
      this.flush();
    } catch (err) {
      this.handleError(record, err);
    }
  }
  override flush(): void {
    // A method only: Node's fs.WriteStream has a `flush` that is its boolean option.
    if (typeof this.stream.flush === "function") this.stream.flush();
  }
  /** Replaces the stream; returns the old one. Python: `setStream(stream)`. */
  setStream(stream: TextStream): TextStream | null {
    if (stream === this.stream) return null;
    const old = this.stream;
    this.flush();
    this.stream = stream;
    return old;
  }
}

/** Options of {@link FileHandler}. */
export interface FileHandlerOptions {
  /** `"a"` (default) appends, `"w"` truncates. */
  mode?: "a" | "w" | undefined;
  /** Only `utf-8` (and its aliases) is written. */
  encoding?: string | undefined;
  /** Open the file at the first record rather than now. */
  delay?: boolean | undefined;
  level?: Level | undefined;
}

/**
 * Appends records to a file. Each record is written when it is emitted (a `write` of its text and
 * terminator), as CPython's FileHandler flushes after each record: nothing waits in memory, so a
 * process that is killed, aborts or dies of a signal right after logging leaves every record in
 * the file. A write that fails (a full disk, a file system gone read-only) is reported through
 * {@link Handler.handleError} (`--- Logging error ---` on stderr) and logging goes on; the next
 * record is tried again. Python:
 * `logging.FileHandler(filename, mode="a", encoding=None, delay=False)`.
 */
export class FileHandler extends StreamHandler {
  /** The absolute path. Python: `baseFilename`. */
  readonly baseFilename: string;
  readonly mode: "a" | "w";
  protected fd: number | null = null;
  /** Bytes the file holds, as far as this handler knows (its size at open and what was written since). */
  protected size = 0;
  /**
   * The end of a record whose write failed part-way (a disk that filled up mid-record): written
   * before the next record, so that record ends whole and the next one starts its own line, as
   * CPython's buffered file keeps what the disk refused and writes it on the next flush.
   */
  private unwritten: Buffer | null = null;

  constructor(filename: string, options: FileHandlerOptions = {}) {
    // The file's stream. Each record is written when emitted; `flush()` only has something to do
    // after a write the disk cut short (see `unwritten`).
    const out: TextStream = {
      write: (text: string) => this.writeRecord(text),
      flush: () => this.writeUnwritten(),
    };
    super(out, options.level ?? NOTSET);
    if (typeof filename !== "string" || filename === "") {
      throw new TypeError(`filename must be a non-empty string, got ${repr(filename)}`);
    }
    const mode = options.mode ?? "a";
    if (mode !== "a" && mode !== "w") throw new RangeError(`invalid mode: ${repr(mode)}`);
    const enc = (options.encoding ?? "utf-8").toLowerCase().replace("_", "-");
    if (!["utf-8", "utf8", "u8"].includes(enc))
      throw new RangeError(`FileHandler writes UTF-8 only, not ${repr(options.encoding)}`);
    this.baseFilename = resolvePath(filename);
    this.mode = mode;
    if (!options.delay) this.open();
  }

  /** Opens the file (Python: `_open()`). */
  protected open(): void {
    if (this.fd !== null) return;
    this.fd = openSync(this.baseFilename, this.mode === "w" && !this.reopened ? "w" : "a");
    this.reopened = true;
    this.size = fstatSync(this.fd).size;
  }
  private reopened = false;

  /**
   * Writes one record's text now, all of it (a write may take only part). Throws what the
   * system call threw (StreamHandler's `emit` hands it to `handleError`); `size` counts only the
   * bytes that reached the file.
   */
  private writeRecord(text: string): void {
    if (this.closed && this.fd === null) {
      // Python reopens a closed FileHandler on emit; so do we.
      this.closed = false;
    }
    if (this.fd === null) this.open();
    const fd = this.fd as number;
    this.writeUnwritten(); // a failure here fails this record, which is not written
    let off = 0;
    try {
      off = writeSync(fd, text); // the string as it is: no Buffer unless the write comes up short
      if (off < Buffer.byteLength(text)) {
        const data = Buffer.from(text);
        try {
          while (off < data.length) off += writeSync(fd, data, off);
        } catch (err) {
          if (off > 0) this.unwritten = data.subarray(off);
          throw err;
        }
      }
    } finally {
      this.size += off;
    }
  }

  /** Writes the end of a record a failed write cut short, if any; throws if it fails again. */
  private writeUnwritten(): void {
    const data = this.unwritten;
    if (data === null || this.fd === null) return;
    let off = 0;
    try {
      while (off < data.length) off += writeSync(this.fd, data, off);
      this.unwritten = null;
    } finally {
      this.size += off;
      if (this.unwritten !== null) this.unwritten = data.subarray(off);
    }
  }

  override close(): void {
    try {
      this.flush(); // throws, as Python's close(), when the end of a cut record still cannot be written
    } finally {
      this.unwritten = null;
      if (this.fd !== null) {
        closeSync(this.fd);
        this.fd = null;
      }
      super.close();
    }
  }

  override toString(): string {
    return `<${this.constructor.name} ${this.baseFilename} (${getLevelName(this.level)})>`;
  }
}

/** Options of {@link RotatingFileHandler}. */
export interface RotatingFileHandlerOptions extends FileHandlerOptions {
  /** Roll over before a record would take the file to this many bytes (0: never). */
  maxBytes?: number | undefined;
  /** How many old files to keep (`app.log.1` … `app.log.N`); 0 keeps none (no rollover). */
  backupCount?: number | undefined;
}

/**
 * A FileHandler that starts a new file when the current one would pass `maxBytes`, keeping
 * `backupCount` old ones as `name.1` (newest) … `name.N`. Python:
 * `logging.handlers.RotatingFileHandler(filename, mode, maxBytes, backupCount)`.
 */
export class RotatingFileHandler extends FileHandler {
  readonly maxBytes: number;
  readonly backupCount: number;

  constructor(filename: string, options: RotatingFileHandlerOptions = {}) {
    const maxBytes = options.maxBytes ?? 0;
    const backupCount = options.backupCount ?? 0;
    if (!Number.isInteger(maxBytes) || maxBytes < 0)
      throw new RangeError(`maxBytes must be an integer >= 0, got ${repr(maxBytes)}`);
    if (!Number.isInteger(backupCount) || backupCount < 0)
      throw new RangeError(`backupCount must be an integer >= 0, got ${repr(backupCount)}`);
    // Python: rotation makes no sense with "w"; it appends.
    super(filename, { ...options, mode: maxBytes > 0 ? "a" : (options.mode ?? "a") });
    this.maxBytes = maxBytes;
    this.backupCount = backupCount;
  }

  /** Whether `record` would take the file past `maxBytes`. Python: `shouldRollover(record)`. */
  shouldRollover(record: LogRecord): boolean {
    if (this.maxBytes <= 0) return false;
    if (this.fd === null) this.open();
    const msg = `${this.format(record)}${this.terminator}`;
    return this.size > 0 && this.size + Buffer.byteLength(msg) >= this.maxBytes;
  }

  /** Closes the file, shifts the backups and opens a new one. Python: `doRollover()`. */
  doRollover(): void {
    this.flush(); // the end of a record a full disk cut short belongs to this file
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    if (this.backupCount > 0) {
      for (let i = this.backupCount - 1; i > 0; i--) {
        try {
          renameSync(`${this.baseFilename}.${i}`, `${this.baseFilename}.${i + 1}`);
        } catch {
          // that backup does not exist yet
        }
      }
      rmSync(`${this.baseFilename}.1`, { force: true });
      renameSync(this.baseFilename, `${this.baseFilename}.1`);
    }
    this.fd = openSync(this.baseFilename, this.backupCount > 0 ? "w" : "a");
    this.size = fstatSync(this.fd).size;
  }

  override emit(record: LogRecord): void {
    try {
      if (this.shouldRollover(record)) this.doRollover();
    } catch (err) {
      this.handleError(record, err);
      return;
    }
    super.emit(record);
  }
}

/** A logger of another library: anything with these methods (pino, console, winston). */
export interface ForeignLogger {
  debug(...args: unknown[]): unknown;
  info(...args: unknown[]): unknown;
  warn(...args: unknown[]): unknown;
  error(...args: unknown[]): unknown;
}

/**
 * Forwards records to a logger of another library, for programs that already log JSON: each
 * record becomes one call at the matching method (`debug` below INFO, `info`, `warn`, `error` from
 * ERROR) with the formatted message, and, with `fields`, an object of the record's fields first
 * (pino's `logger.info(obj, msg)` form): logger name, level, task name, caller and the error.
 */
export class ForwardingHandler extends Handler {
  readonly target: ForeignLogger;
  private readonly fields: boolean;

  constructor(target: ForeignLogger, options: { level?: Level; fields?: boolean } = {}) {
    super(options.level ?? NOTSET);
    for (const m of ["debug", "info", "warn", "error"] as const) {
      if (typeof (target as unknown as Record<string, unknown>)?.[m] !== "function") {
        throw new TypeError(
          `ForwardingHandler needs a logger with debug, info, warn and error methods; ${repr(target)} has no ${m}()`,
        );
      }
    }
    this.target = target;
    this.fields = options.fields ?? true;
  }

  override emit(record: LogRecord): void {
    try {
      const msg = this.format(record);
      const n = record.levelno;
      const method = n >= ERROR ? "error" : n >= WARNING ? "warn" : n >= INFO ? "info" : "debug";
      if (!this.fields) {
        this.target[method](msg);
        return;
      }
      const obj: Record<string, unknown> = { logger: record.name, level: record.levelname };
      if (record.taskName !== null) obj.taskName = record.taskName;
      if (record.hasExcInfo) obj.err = record.excInfo;
      this.target[method](obj, msg);
    } catch (err) {
      this.handleError(record, err);
    }
  }
}

/** Python's `logging.lastResort`: WARNING and above, bare messages on `sys.stderr` (looked up per record). */
class LastResortHandler extends Handler {
  override emit(record: LogRecord): void {
    try {
      sys.stderr.write(`${this.format(record)}\n`);
    } catch (err) {
      this.handleError(record, err);
    }
  }
}

// ---------------------------------------------------------------- loggers

let disableLevel = NOTSET;
const loggers = new Map<string, Logger>();

/**
 * A named logger. Get one with {@link getLogger}; records travel up the dotted hierarchy to
 * the root's handlers unless `propagate` is false. Python: `logging.Logger`.
 */
export class Logger extends Filterer {
  readonly name: string;
  level: number;
  parent: Logger | null = null;
  /** Whether records also go to the parent's handlers. */
  propagate = true;
  handlers: Handler[] = [];
  /** A disabled logger drops everything. */
  disabled = false;
  private cache = new Map<number, boolean>();

  /** Use {@link getLogger}: loggers made directly are not in the hierarchy. */
  constructor(name: string, level: Level = NOTSET) {
    super();
    this.name = name;
    this.level = checkLevel(level);
  }

  /** Python: `setLevel(level)` (a number or a name). */
  setLevel(level: Level): void {
    this.level = checkLevel(level);
    clearCaches();
  }

  /** The level that applies: this one's, or the nearest ancestor's that is set. */
  getEffectiveLevel(): number {
    for (let l: Logger | null = this; l !== null; l = l.parent) if (l.level !== NOTSET) return l.level;
    return NOTSET;
  }

  /** Whether a record of `level` would be handled. Python: `isEnabledFor(level)`. */
  isEnabledFor(level: number): boolean {
    if (this.disabled) return false;
    let on = this.cache.get(level);
    if (on === undefined) {
      on = disableLevel < level && level >= this.getEffectiveLevel();
      this.cache.set(level, on);
    }
    return on;
  }

  /** @internal */
  _clearCache(): void {
    this.cache.clear();
  }

  /** A child logger, `name.suffix`. Python: `getChild(suffix)`. */
  getChild(suffix: string): Logger {
    const base = this === root ? "" : `${this.name}.`;
    return getLogger(base + suffix);
  }

  /** Python: `addHandler(hdlr)`. */
  addHandler(handler: Handler): void {
    if (!(handler instanceof Handler))
      throw new TypeError(`addHandler() needs a Handler, got ${repr(handler)}`);
    if (!this.handlers.includes(handler)) this.handlers.push(handler);
  }
  /** Python: `removeHandler(hdlr)`. */
  removeHandler(handler: Handler): void {
    const i = this.handlers.indexOf(handler);
    if (i >= 0) this.handlers.splice(i, 1);
  }
  /** Whether this logger or an ancestor (through propagation) has handlers. */
  hasHandlers(): boolean {
    for (let l: Logger | null = this; l !== null; l = l.propagate ? l.parent : null) {
      if (l.handlers.length > 0) return true;
    }
    return false;
  }

  /** Logs at DEBUG. Python: `logger.debug(msg, *args)`. */
  debug(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(DEBUG)) this._log(DEBUG, msg, args, this.debug);
  }
  /** Logs at INFO. */
  info(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(INFO)) this._log(INFO, msg, args, this.info);
  }
  /** Logs at WARNING. */
  warning(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(WARNING)) this._log(WARNING, msg, args, this.warning);
  }
  /** Logs at WARNING (Python's deprecated alias). */
  warn(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(WARNING)) this._log(WARNING, msg, args, this.warn);
  }
  /** Logs at ERROR. */
  error(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(ERROR)) this._log(ERROR, msg, args, this.error);
  }
  /**
   * Logs at ERROR with an error's traceback. JavaScript has no "current exception": pass the error
   * first (`logger.exception(err, "failed: %s", url)`) or as `kw({ excInfo: err })`.
   */
  exception(error: unknown, msg?: unknown, ...args: unknown[]): void {
    this._exception(error, msg, args, this.exception);
  }

  /** @internal `exception()`, naming the caller of `entry` (the method, or the module's function) */
  _exception(error: unknown, msg: unknown, args: unknown[], entry: (...a: never[]) => unknown): void {
    if (!this.isEnabledFor(ERROR)) return;
    const split = splitKeywords(args);
    const k = { ...(split.kw ?? {}) };
    if (msg === undefined) msg = error instanceof Error ? error.message : String(error);
    if (!("excInfo" in k)) k.excInfo = error;
    this._log(ERROR, msg, [...split.args, kw(k)], entry);
  }
  /** Logs at CRITICAL. */
  critical(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(CRITICAL)) this._log(CRITICAL, msg, args, this.critical);
  }
  /** Logs at CRITICAL (alias). */
  fatal(msg: unknown, ...args: unknown[]): void {
    if (this.isEnabledFor(CRITICAL)) this._log(CRITICAL, msg, args, this.fatal);
  }
  /** Logs at `level`. Python: `logger.log(level, msg, *args)`. */
  log(level: number, msg: unknown, ...args: unknown[]): void {
    if (typeof level !== "number" || !Number.isInteger(level)) {
      if (options.raiseExceptions) throw new TypeError("level must be an integer");
      return;
    }
    if (this.isEnabledFor(level)) this._log(level, msg, args, this.log);
  }

  /** @internal makes the record and handles it; `entry` is the public method called */
  _log(level: number, msg: unknown, rawArgs: unknown[], entry: (...a: never[]) => unknown): void {
    const { args, kw: k } = splitKeywords(rawArgs);
    const site: { stack?: string } = {};
    if (options.logCallers) Error.captureStackTrace(site, entry);
    let stackInfo: string | null = null;
    if (k?.stackInfo) {
      const frames = parseStack(site.stack ?? "")
        .slice(Math.max(0, (k.stacklevel ?? 1) - 1))
        .reverse();
      stackInfo = `Stack (most recent call last):\n${frames.map((f) => `  File "${f.file}", line ${f.line}, in ${f.func}`).join("\n")}`;
    }
    let excInfo = k?.excInfo;
    const hasExcInfo = k !== null && "excInfo" in k && excInfo !== false && excInfo !== undefined;
    if (excInfo === true) excInfo = null;
    const record = this.makeRecord(this.name, level, msg, args, {
      excInfo,
      hasExcInfo,
      site: options.logCallers ? site : null,
      stacklevel: k?.stacklevel ?? 1,
      stackInfo,
    });
    if (k?.extra) {
      for (const [key, value] of Object.entries(k.extra)) {
        if (RESERVED.has(key) || key in record)
          throw new Error(`Attempt to overwrite ${repr(key)} in LogRecord`);
        record[key] = value;
      }
    }
    this.handle(record);
  }

  /** Makes a record. Python: `makeRecord(...)`; override it to make records of your own class. */
  makeRecord(
    name: string,
    level: number,
    msg: unknown,
    args: unknown[],
    options: ConstructorParameters<typeof LogRecord>[4],
  ): LogRecord {
    return new LogRecord(name, level, msg, args, options);
  }

  /** Passes a record through this logger's filters and on to the handlers. Python: `handle(record)`. */
  handle(record: LogRecord): void {
    if (this.disabled) return;
    const rec = this.filter(record);
    if (rec === false) return;
    this.callHandlers(rec);
  }

  /** Sends `record` to the handlers of this logger and its ancestors. Python: `callHandlers`. */
  callHandlers(record: LogRecord): void {
    let found = 0;
    for (let l: Logger | null = this; l !== null; l = l.propagate ? l.parent : null) {
      for (const h of l.handlers) {
        found++;
        if (record.levelno >= h.level) h.handle(record);
      }
    }
    if (found === 0) {
      if (lastResort !== null) {
        if (record.levelno >= lastResort.level) lastResort.handle(record);
      } else if (options.raiseExceptions && !noHandlerWarned) {
        // Python: once per process (the manager's emittedNoHandlerWarning), whichever logger.
        noHandlerWarned = true;
        sys.stderr.write(`No handlers could be found for logger "${this.name}"\n`);
      }
    }
  }

  /** Python: `repr(logger)`: `<Logger app.db (DEBUG)>`. */
  override toString(): string {
    const cls = this === root ? "RootLogger" : this.constructor.name;
    return `<${cls} ${this.name} (${getLevelName(this.getEffectiveLevel())})>`;
  }
}

let noHandlerWarned = false;

/** The root of the hierarchy (`logging.root`), at WARNING. */
export const root: Logger = new Logger("root", WARNING);

function clearCaches(): void {
  root._clearCache();
  for (const l of loggers.values()) l._clearCache();
}

/**
 * Python's `logging.lastResort`: where records go when no handler is found (WARNING and above,
 * the bare message on stderr). Set it to null to drop them instead.
 */
export let lastResort: Handler | null = new LastResortHandler(WARNING);
allHandlers.delete(lastResort);

/** Replaces {@link lastResort}. */
export function setLastResort(handler: Handler | null): void {
  lastResort = handler;
}

/**
 * The logger called `name`, made on first use; no name (or `""`) gives the root logger. Dotted names
 * form the hierarchy: `app.db`'s parent is `app` (or the nearest existing ancestor). Python:
 * `logging.getLogger(name)`.
 */
export function getLogger(name?: string | null): Logger {
  // Python 3.9+: "root" is the root logger's name, and gives the root logger.
  if (name === undefined || name === null || name === "" || name === root.name) return root;
  if (typeof name !== "string") throw new TypeError("A logger name must be a string");
  let logger = loggers.get(name);
  if (logger !== undefined) return logger;
  logger = new (loggerClass as typeof Logger)(name);
  loggers.set(name, logger);
  // Parent: the nearest existing ancestor.
  let parent: Logger = root;
  for (let i = name.lastIndexOf("."); i > 0; i = name.lastIndexOf(".", i - 1)) {
    const p = loggers.get(name.slice(0, i));
    if (p !== undefined) {
      parent = p;
      break;
    }
  }
  logger.parent = parent;
  // Loggers below this one that skipped it now have it as their parent.
  const prefix = `${name}.`;
  for (const l of loggers.values()) {
    if (l !== logger && l.name.startsWith(prefix) && l.parent !== null && !l.parent.name.startsWith(prefix)) {
      l.parent = logger;
    }
  }
  clearCaches();
  return logger;
}

let loggerClass: typeof Logger = Logger;

/** The class `getLogger` makes loggers of. Python: `logging.setLoggerClass(klass)`. */
export function setLoggerClass(klass: typeof Logger): void {
  if (klass !== Logger && !(klass.prototype instanceof Logger)) {
    throw new TypeError(`logger not derived from logging.Logger: ${klass.name}`);
  }
  loggerClass = klass;
}

/** Python: `logging.getLoggerClass()`. */
export function getLoggerClass(): typeof Logger {
  return loggerClass;
}

/** Drops every record at `level` and below, everywhere. Python: `logging.disable(level)`. */
export function disable(level: Level = CRITICAL): void {
  disableLevel = checkLevel(level);
  clearCaches();
}

/** Python's default `basicConfig` format. */
export const BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s";

/** Options of {@link basicConfig}. */
export interface BasicConfigOptions {
  /** A file to append to (a FileHandler) instead of a stream. */
  filename?: string | undefined;
  /** The file's mode (`"a"`). */
  filemode?: "a" | "w" | undefined;
  /** The format (default `%(levelname)s:%(name)s:%(message)s`). */
  format?: string | undefined;
  datefmt?: string | undefined;
  style?: FormatStyle | undefined;
  /** The root logger's level. */
  level?: Level | undefined;
  /** The stream (default `sys.stderr`). */
  stream?: TextStream | undefined;
  /** Handlers to add instead (they get the format unless they have one). */
  handlers?: Handler[] | undefined;
  /** Remove and close the root's handlers first. */
  force?: boolean | undefined;
  encoding?: string | undefined;
}

const BASIC_KEYS = new Set([
  "filename",
  "filemode",
  "format",
  "datefmt",
  "style",
  "level",
  "stream",
  "handlers",
  "force",
  "encoding",
  "errors",
]);

/**
 * Sets up the root logger in one call, if it has no handlers yet (or with `force`): a stream
 * handler on stderr (or a file), Python's format `LEVEL:name:message`, a level. Python:
 * `logging.basicConfig(**kwargs)`.
 * @example logging.basicConfig({ level: logging.DEBUG });
 */
export function basicConfig(options: BasicConfigOptions = {}): void {
  // Python's order: force first; nothing at all is checked when the root already has handlers;
  // the handler is made before the style and format are checked, and added (with the level set)
  // before unknown options are refused.
  if (options.force) {
    for (const h of [...root.handlers]) {
      root.removeHandler(h);
      h.close();
    }
  }
  if (root.handlers.length > 0) return;
  let handlers = options.handlers;
  if (handlers !== undefined) {
    if (options.stream !== undefined || options.filename !== undefined) {
      throw new RangeError("'stream' or 'filename' should not be specified together with 'handlers'");
    }
  } else if (options.stream !== undefined && options.filename !== undefined) {
    throw new RangeError("'stream' and 'filename' should not be specified together");
  }
  if (handlers === undefined) {
    handlers = [
      // Python: `if filename:` (an empty name means the stream)
      options.filename
        ? new FileHandler(options.filename, {
            mode: options.filemode ?? "a",
            ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
          })
        : new StreamHandler(options.stream ?? null),
    ];
  }
  const style = options.style ?? "%";
  if (style !== "%" && style !== "{" && style !== "$") throw new RangeError("Style must be one of: %,{,$");
  const fmt =
    options.format ??
    (style === "%"
      ? BASIC_FORMAT
      : style === "{"
        ? "{levelname}:{name}:{message}"
        : "$" + "{levelname}:$" + "{name}:$" + "{message}");
  const formatter = new Formatter(fmt, options.datefmt ?? null, { style });
  for (const h of handlers) {
    if (h.formatter === null) h.setFormatter(formatter);
    root.addHandler(h);
  }
  if (options.level !== undefined) root.setLevel(options.level);
  const unknown = Object.keys(options).filter((k) => !BASIC_KEYS.has(k));
  if (unknown.length > 0) throw new RangeError(`Unrecognised argument(s): ${unknown.join(", ")}`);
}

/** Flushes and closes every handler. Python: `logging.shutdown()` (runs at exit). */
export function shutdown(): void {
  for (const h of [...allHandlers]) {
    try {
      h.flush();
    } catch {
      // Python ignores errors at shutdown
    }
    try {
      h.close(); // even when flush() failed (a full disk): the file is closed all the same
    } catch {
      // Python ignores errors at shutdown
    }
  }
}

function rootCall(level: number, msg: unknown, args: unknown[], entry: (...a: never[]) => unknown): void {
  if (root.handlers.length === 0) basicConfig();
  if (root.isEnabledFor(level)) root._log(level, msg, args, entry);
}

/** Logs on the root logger at DEBUG, setting it up first if needed. Python: `logging.debug`. */
export function debug(msg: unknown, ...args: unknown[]): void {
  rootCall(DEBUG, msg, args, debug);
}
/** Python: `logging.info`. */
export function info(msg: unknown, ...args: unknown[]): void {
  rootCall(INFO, msg, args, info);
}
/** Python: `logging.warning`. */
export function warning(msg: unknown, ...args: unknown[]): void {
  rootCall(WARNING, msg, args, warning);
}
/** Python: `logging.error`. */
export function error(msg: unknown, ...args: unknown[]): void {
  rootCall(ERROR, msg, args, error);
}
/** Python: `logging.critical`. */
export function critical(msg: unknown, ...args: unknown[]): void {
  rootCall(CRITICAL, msg, args, critical);
}
/** Python: `logging.exception`: ERROR with the error's traceback (pass the error first). */
export function exception(err: unknown, msg?: unknown, ...args: unknown[]): void {
  if (root.handlers.length === 0) basicConfig();
  root._exception(err, msg, args, exception); // the caller named is this function's
}
/** Python: `logging.log(level, msg, *args)`. */
export function log(level: number, msg: unknown, ...args: unknown[]): void {
  if (root.handlers.length === 0) basicConfig();
  // Python: `root.log(level, ...)`, which refuses a level that is not an integer.
  if (typeof level !== "number" || !Number.isInteger(level)) {
    if (options.raiseExceptions) throw new TypeError("level must be an integer");
    return;
  }
  if (root.isEnabledFor(level)) root._log(level, msg, args, log);
}

/** Module switches, as Python's module attributes (`options.raiseExceptions`). */
export const options = {
  /** Report errors inside handlers on stderr (Python: `options.raiseExceptions`). */
  raiseExceptions: true,
  /**
   * Find the caller of each log call (`%(funcName)s`, `%(lineno)d`, `%(pathname)s`): one captured
   * stack per record. Turn it off when no format shows them.
   */
  logCallers: true,
};

/**
 * Back to the state at load time: every handler closed and removed, loggers forgotten, levels
 * reset, `disable` off. For tests and for programs that run several configurations in one process.
 */
export function resetLogging(): void {
  shutdown();
  root.handlers = [];
  root.filters = [];
  root.level = WARNING;
  root.disabled = false;
  loggers.clear();
  disableLevel = NOTSET;
  loggerClass = Logger;
  lastResort = new LastResortHandler(WARNING);
  allHandlers.delete(lastResort);
  noHandlerWarned = false;
  clearCaches();
}
