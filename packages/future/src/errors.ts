/**
 * asyncio's own exceptions. Python: `asyncio.exceptions`.
 *
 * `CancelledError` extends `Error`, so a bare `catch` catches it: code that swallows it by accident
 * breaks cancellation. Use {@link isCancelledError} to re-throw it:
 * @example
 * try { yield* work(); } catch (e) { if (isCancelledError(e)) throw e; log(e); }
 */

import { BASE_EXCEPTION_BRAND, envDebug } from "@aio/loop";

const CANCELLED_BRAND = Symbol.for("aio.cancelledError");

/** The operation was cancelled. Python: `asyncio.CancelledError`. */
export class CancelledError extends Error {
  // `name` and the brand live on the prototype (set below): one own property per error, not three.
  declare readonly [CANCELLED_BRAND]: true;
  /** Python's `exc.args`: `[msg]` when a message was given, else `[]`. */
  readonly args: unknown[];

  constructor(msg?: unknown, ...more: unknown[]) {
    // Cancellation is control flow, raised by the loop inside a task's step: a captured stack would
    // only show loop internals. The error gets the user's frames where it reaches a coroutine (the
    // interrupted await, then each awaiter: see await-chain.ts). Debug mode (AIO_DEBUG, or
    // CancelledError.captureStacks) keeps the constructor's stack too.
    const message = msg === undefined || msg === null ? "" : String(msg);
    const limit = Error.stackTraceLimit;
    if (!CancelledError.captureStacks) Error.stackTraceLimit = 0;
    super(message); // cannot throw: the message is already a string
    Error.stackTraceLimit = limit;
    this.args = more.length > 0 ? [msg, ...more] : msg === undefined || msg === null ? [] : [msg];
  }

  /**
   * Whether new CancelledErrors capture a stack trace of their own, and a cancelled task's error the
   * whole interrupted chain rather than its nearest coroutines (default: only when AIO_DEBUG is set).
   */
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

/**
 * Marks an error of another class hierarchy as also a {@link TimeoutError}, as Python's multiple
 * inheritance makes aiohttp's `ServerTimeoutError` one: `err instanceof TimeoutError` holds for it.
 */
export const TIMEOUT_ERROR: unique symbol = Symbol.for("aio.TimeoutError") as never;

/** `value instanceof cls`, or, for `base` itself, `value` carries `brand`. */
function branded(cls: unknown, base: unknown, brand: symbol, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(cls, value)) return true;
  return (
    cls === base &&
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true
  );
}

/** An operation exceeded its deadline. Python: `TimeoutError` (`asyncio.TimeoutError` is an alias). */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  readonly args: unknown[];
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message ?? "", options);
    this.args = message === undefined ? [] : [message];
  }

  /** Also true for errors marked with the `TIMEOUT_ERROR` brand (aiohttp's ServerTimeoutError). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the class tested: a subclass keeps the plain check
    return branded(this, TimeoutError, TIMEOUT_ERROR, value);
  }
}

/**
 * The user interrupted the program (Ctrl-C). `run()` raises it when the main task ended cancelled by
 * the first Ctrl-C; raised anywhere on the loop (by a second Ctrl-C, or by code), it stops the loop
 * and escapes `run()` after the other tasks are cancelled, as Python's does. Python: `KeyboardInterrupt`.
 */
export class KeyboardInterrupt extends Error {
  override name = "KeyboardInterrupt";
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    super(args.length > 0 ? String(args[0]) : "");
    this.args = args;
  }
}
Object.defineProperty(KeyboardInterrupt.prototype, BASE_EXCEPTION_BRAND, { value: true });

/**
 * A request to end the program with exit status `code` (Python: `sys.exit(code)`). Raised in a task
 * or callback it stops the loop and escapes `run()` (the other tasks are cancelled first), never
 * reported as the task's error; the program decides what to do with it (`process.exit(e.code)`).
 * Python: `SystemExit`.
 * @example
 * try { await run(main()); } catch (e) { if (e instanceof SystemExit) process.exitCode = Number(e.code ?? 0); }
 */
export class SystemExit extends Error {
  override name = "SystemExit";
  /** The exit status (or message) given; `null` when none was. Python: `exc.code`. */
  readonly code: unknown;
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    super(args.length > 0 && args[0] !== undefined && args[0] !== null ? String(args[0]) : "");
    this.args = args;
    this.code = args.length === 0 ? null : args.length === 1 ? (args[0] ?? null) : args;
  }
}
Object.defineProperty(SystemExit.prototype, BASE_EXCEPTION_BRAND, { value: true });
