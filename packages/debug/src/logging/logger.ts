/** Loggers and their dotted hierarchy. Python: `logging.Logger`, `getLogger`, `root`, `lastResort`. */
import { repr } from "@aio/loop";
import { parseStack } from "../frames.js";
import { sys } from "../sys.js";
import { Filterer } from "./filter.js";
import { Handler, newLastResort } from "./handler.js";
import { kw, splitKeywords } from "./keywords.js";
import {
  CRITICAL,
  checkLevel,
  DEBUG,
  ERROR,
  getLevelName,
  INFO,
  type Level,
  NOTSET,
  WARNING,
} from "./levels.js";
import { options } from "./options.js";
import { LogRecord, RESERVED } from "./record.js";

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
    if (options.logCallers) {
      // The record names the caller `stacklevel` frames up: only those frames are captured (a
      // full stack is walked only for stackInfo), within the limit the program set.
      const limit = Error.stackTraceLimit;
      if (!k?.stackInfo) Error.stackTraceLimit = Math.min(limit, Math.max(1, k?.stacklevel ?? 1) + 2);
      try {
        Error.captureStackTrace(site, entry);
      } finally {
        Error.stackTraceLimit = limit;
      }
    }
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

/** Each logger keeps whether it is enabled for a level: forgotten when levels change. */
function clearCaches(): void {
  root._clearCache();
  for (const l of loggers.values()) l._clearCache();
}

/**
 * Python's `logging.lastResort`: where records go when no handler is found (WARNING and above,
 * the bare message on stderr). Set it to null to drop them instead.
 */
export let lastResort: Handler | null = newLastResort();

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

/** @internal back to the hierarchy at load time (see `resetLogging`) */
export function resetLoggers(): void {
  root.handlers = [];
  root.filters = [];
  root.level = WARNING;
  root.disabled = false;
  loggers.clear();
  disableLevel = NOTSET;
  loggerClass = Logger;
  lastResort = newLastResort();
  noHandlerWarned = false;
  clearCaches();
}
