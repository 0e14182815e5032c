/**
 * The loop's diagnostics go to Python's `asyncio` logger. `@aio/debug` plugs its logging package in
 * through the `log` hook; until then messages of level WARNING and above are written to stderr as
 * Python's `logging.lastResort` handler writes them (the bare message, then the traceback).
 */
import { emitWarning, writeStderr } from "#platform";
import { runtimeHooks } from "./hooks.js";
import { repr } from "./repr.js";

/** Log levels the loop uses, with Python's names. */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/**
 * `String(value)`, for values whose conversion may throw (a `toString` that throws, an object
 * without a prototype): diagnostics must never fail while reporting a failure.
 */
export function safeStr(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return repr(value);
    } catch {
      return `<unprintable ${typeof value}>`;
    }
  }
}

/** Formats an error the way a traceback follows a log message: its stack, or its repr. Never throws. */
export function formatError(error: unknown): string {
  try {
    if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  } catch {
    // a throwing `stack` or `message` getter: fall through to the plain text
  }
  return safeStr(error);
}

/**
 * Issues a warning (Python's `warnings.warn(message, category)`). `@aio/debug` (or a test runner)
 * can take them through the `warn` hook, synchronously as Python delivers them; otherwise they go to
 * Node's `process.emitWarning`.
 */
export function warn(category: string, message: string, where?: string | null): void {
  const sink = runtimeHooks().warn;
  if (sink) sink(category, message, where);
  else emitWarning(message, category);
}

/** Sends a record to the `asyncio` logger. */
export function logAsyncio(level: LogLevel, message: string, error?: unknown): void {
  const sink = runtimeHooks().log;
  if (sink) {
    try {
      sink(level, message, error);
      return;
    } catch (err) {
      // A logger that fails must not take the loop down: what it could not log goes to stderr.
      writeStderr(`Exception in the asyncio log hook: ${formatError(err)}\n`);
    }
  }
  if (level === "DEBUG" || level === "INFO") return;
  const text = error === undefined ? message : `${message}\n${formatError(error)}`;
  writeStderr(`${text}\n`);
}
