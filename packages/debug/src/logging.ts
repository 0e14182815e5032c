/**
 * Python's `logging`, for programs on aio: loggers named in a dotted hierarchy with levels and
 * propagation, handlers (stream, file, rotating file, forwarding to another logger), `%`-style
 * formatters with Python's record fields, `basicConfig`, `exception()` with a traceback. The
 * loop's diagnostics arrive on the `asyncio` logger once `@aio/debug` is loaded.
 *
 * Keyword arguments (`exc_info`, `stack_info`, `stacklevel`, `extra`) are passed as the last
 * argument through {@link kw}: `logger.error("failed: %s", url, kw({ excInfo: err }))`.
 */
import { basicConfig } from "./logging/basic-config.js";
import { shutdown } from "./logging/handler.js";
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from "./logging/levels.js";
import { resetLoggers, root } from "./logging/logger.js";
import { options } from "./logging/options.js";

export { BASIC_FORMAT, type BasicConfigOptions, basicConfig } from "./logging/basic-config.js";
export {
  FileHandler,
  type FileHandlerOptions,
  RotatingFileHandler,
  type RotatingFileHandlerOptions,
} from "./logging/file-handlers.js";
export { Filter, Filterer, type FilterLike } from "./logging/filter.js";
export { type FormatStyle, Formatter, type FormatterOptions } from "./logging/formatter.js";
export { type ForeignLogger, ForwardingHandler } from "./logging/forwarding-handler.js";
export { Handler, StreamHandler, shutdown } from "./logging/handler.js";
export { type Keywords, kw, type LogKeywords } from "./logging/keywords.js";
export {
  addLevelName,
  CRITICAL,
  checkLevel,
  DEBUG,
  ERROR,
  FATAL,
  getLevelName,
  getLevelNamesMapping,
  INFO,
  type Level,
  NOTSET,
  WARN,
  WARNING,
} from "./logging/levels.js";
export {
  disable,
  getLogger,
  getLoggerClass,
  Logger,
  lastResort,
  root,
  setLastResort,
  setLoggerClass,
} from "./logging/logger.js";
export { options } from "./logging/options.js";
export { LogRecord } from "./logging/record.js";
export { strftime } from "./logging/strftime.js";

// ---------------------------------------------------------------- the root logger's shortcuts

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

/**
 * Back to the state at load time: every handler closed and removed, loggers forgotten, levels
 * reset, `disable` off. For tests and for programs that run several configurations in one process.
 */
export function resetLogging(): void {
  shutdown();
  resetLoggers();
}
