/** The log record: one logged event and the fields formats read. Python: `logging.LogRecord`. */
import { threadId } from "node:worker_threads";
import { repr, tryGetRunningLoop } from "@aio/loop";
import { type Frame, moduleName, parseStack } from "../frames.js";
import { percentFormat } from "../percent.js";
import { getLevelName } from "./levels.js";

const startTime = Date.now();
/** @internal the record's own fields: `extra` may not set them */
export const RESERVED = new Set([
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
/** @internal Python's snake_case names of fields, for `%(exc_info)s` */
export const PYTHON_NAMES: Record<string, string> = {
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

/** @internal a value as `%s` shows it in a message */
export function formatValue(v: unknown): string {
  if (v instanceof Error) return v.message;
  if (v === null || v === undefined) return "None";
  return typeof v === "object" ? repr(v) : String(v);
}
