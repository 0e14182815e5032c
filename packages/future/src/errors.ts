/**
 * asyncio's own exceptions. Python: `asyncio.exceptions`.
 *
 * `CancelledError` extends `Error`, so a bare `catch` catches it: code that swallows it by accident
 * breaks cancellation. Use {@link isCancelledError} to re-throw it:
 * @example
 * try { yield* work(); } catch (e) { if (isCancelledError(e)) throw e; log(e); }
 */

import { envDebug } from "@aio/loop";

const CANCELLED_BRAND = Symbol.for("aio.cancelledError");

/** The operation was cancelled. Python: `asyncio.CancelledError`. */
export class CancelledError extends Error {
  // `name` and the brand live on the prototype (set below): one own property per error, not three.
  declare readonly [CANCELLED_BRAND]: true;
  /** Python's `exc.args`: `[msg]` when a message was given, else `[]`. */
  readonly args: unknown[];

  constructor(msg?: unknown, ...more: unknown[]) {
    // Cancellation is control flow, raised by the loop inside a task's step: a captured stack would
    // only show loop internals, and capturing one costs microseconds per cancelled task. Debug mode
    // (AIO_DEBUG, or CancelledError.captureStacks) keeps stacks.
    const message = msg === undefined || msg === null ? "" : String(msg);
    const limit = Error.stackTraceLimit;
    if (!CancelledError.captureStacks) Error.stackTraceLimit = 0;
    super(message); // cannot throw: the message is already a string
    Error.stackTraceLimit = limit;
    this.args = more.length > 0 ? [msg, ...more] : msg === undefined || msg === null ? [] : [msg];
  }

  /** Whether new CancelledErrors capture a stack trace (default: only when AIO_DEBUG is set). */
  static captureStacks = envDebug();
}

Object.defineProperty(CancelledError.prototype, "name", {
  value: "CancelledError",
  writable: true,
  configurable: true,
});
Object.defineProperty(CancelledError.prototype, CANCELLED_BRAND, { value: true });

/** Whether `err` is a `CancelledError` from any installed copy of this package. */
export function isCancelledError(err: unknown): err is CancelledError {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as { [CANCELLED_BRAND]?: unknown })[CANCELLED_BRAND] === true
  );
}

/** A Future was used in a state that does not allow it. Python: `asyncio.InvalidStateError`. */
export class InvalidStateError extends Error {
  override name = "InvalidStateError";
}

/** An operation exceeded its deadline. Python: `TimeoutError` (`asyncio.TimeoutError` is an alias). */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  readonly args: unknown[];
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message ?? "", options);
    this.args = message === undefined ? [] : [message];
  }
}

/**
 * The user interrupted the program (Ctrl-C) and the main task ended cancelled.
 * Python: `KeyboardInterrupt`, raised by `asyncio.run()`.
 */
export class KeyboardInterrupt extends Error {
  override name = "KeyboardInterrupt";
  readonly args: unknown[] = [];
}
