/** A handler that hands records to another library's logger (pino, console, winston). */
import { repr } from "@aio/loop";
import { Handler } from "./handler.js";
import { ERROR, INFO, type Level, NOTSET, WARNING } from "./levels.js";
import type { LogRecord } from "./record.js";

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
