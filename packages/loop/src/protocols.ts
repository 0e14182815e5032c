/**
 * The small interfaces the loop needs from the packages above it (a lower package
 * defines an interface, a higher one plugs into it), and brand checks that work across copies.
 */

import type { Context } from "./context.js";
import type { EventLoop } from "./event-loop.js";

/** Brand carried by every Future (and Task) of any installed copy of `@aio/future`. */
export const FUTURE_BRAND: unique symbol = Symbol.for("aio.future") as never;
/** Brand carried by every Task. */
export const TASK_BRAND: unique symbol = Symbol.for("aio.task") as never;
/** Brand carried by every event loop. */
export const LOOP_BRAND: unique symbol = Symbol.for("aio.loop") as never;
/** Brand carried by coroutine objects made by `coroutine()` wrappers. */
export const COROUTINE_BRAND: unique symbol = Symbol.for("aio.coroutine") as never;
/**
 * Brand of the errors that stop the loop instead of being reported, as Python's `BaseException`s
 * that are not `Exception`s: `KeyboardInterrupt` and `SystemExit` (in `@aio/future`).
 */
export const BASE_EXCEPTION_BRAND: unique symbol = Symbol.for("aio.baseException") as never;

/**
 * Whether `err` is a `KeyboardInterrupt` or `SystemExit` (of any installed copy): it stops the loop
 * and escapes `run()`, never reported as a callback's or a task's error.
 */
export function isBaseException(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    (err as { [BASE_EXCEPTION_BRAND]?: unknown })[BASE_EXCEPTION_BRAND] === true
  );
}

/** What the loop needs of a Future. Python: `asyncio.Future`'s public surface. */
export interface FutureLike<T = unknown> {
  readonly [FUTURE_BRAND]: true;
  done(): boolean;
  cancelled(): boolean;
  result(): T;
  exception(): unknown;
  cancel(msg?: unknown): boolean;
  addDoneCallback(fn: (future: FutureLike<T>) => void, options?: { context?: Context }): void;
  removeDoneCallback(fn: (future: FutureLike<T>) => void): number;
  getLoop(): EventLoop;
  /** `yield* future` inside a coroutine: suspends until done, then returns the result. */
  [Symbol.iterator](): Iterator<FutureLike<unknown>, T, unknown>;
}

/** A generator driven by a Task: `function*` coroutine objects and `coroutine()` wrappers. */
export type CoroutineLike<T = unknown> = Generator<unknown, T, unknown>;

/**
 * Whether `x` is a Future or Task from any copy of `@aio/future`, or an object duck-typed as one
 * (Python's test: it has `_asyncio_future_blocking`, here `_asyncioFutureBlocking`, and that is not
 * None). A class is no future, nor is a Proxy that answers every property it is asked for.
 * Python: `asyncio.isfuture`.
 */
export function isFuture(x: unknown): x is FutureLike {
  if (typeof x !== "object" || x === null) return false;
  if ((x as { [FUTURE_BRAND]?: unknown })[FUTURE_BRAND] === true) return true;
  return (
    "_asyncioFutureBlocking" in x &&
    (x as { _asyncioFutureBlocking?: unknown })._asyncioFutureBlocking != null
  );
}

/** Whether `x` is an event loop from any copy of `@aio/loop`. */
export function isEventLoop(x: unknown): x is EventLoop {
  return typeof x === "object" && x !== null && (x as { [LOOP_BRAND]?: unknown })[LOOP_BRAND] === true;
}

/**
 * Whether `x` is a coroutine object: a generator (what calling a `function*` returns) or a
 * `coroutine()` wrapper's object. Python: `asyncio.iscoroutine`.
 */
export function isCoroutine(x: unknown): x is CoroutineLike {
  if (typeof x !== "object" || x === null) return false;
  const g = x as Partial<Generator> & { [COROUTINE_BRAND]?: unknown };
  if (g[COROUTINE_BRAND] === true) return true;
  return (
    typeof g.next === "function" &&
    typeof g.throw === "function" &&
    typeof g.return === "function" &&
    typeof (g as Iterable<unknown>)[Symbol.iterator] === "function"
  );
}

/** Whether `fn` is a generator function (a coroutine function). Python: `asyncio.iscoroutinefunction`. */
export function isCoroutineFunction(fn: unknown): boolean {
  if (typeof fn !== "function") return false;
  if ((fn as { [COROUTINE_BRAND]?: unknown })[COROUTINE_BRAND] === true) return true;
  const ctor = (fn as { constructor?: { name?: string } }).constructor;
  return ctor?.name === "GeneratorFunction";
}

/** Options accepted by task factories. */
export interface TaskOptions {
  name?: string | undefined;
  context?: Context | undefined;
  /** Run the first step at once when the loop is running (Python 3.12's `eager_start`). */
  eagerStart?: boolean | undefined;
}

/** Python: `loop.set_task_factory(factory)`; `factory(loop, coro, options)` returns a Task. */
export type TaskFactory = (loop: EventLoop, coro: CoroutineLike, options: TaskOptions) => FutureLike;

/** What `loop.runInExecutor` needs of an executor. Python: `concurrent.futures.Executor`. */
export interface ExecutorLike {
  /** Runs `fn(...args)` elsewhere; settles with its result. */
  submitForLoop(loop: EventLoop, fn: unknown, args: unknown[]): FutureLike;
  /**
   * Stops accepting work; with `wait`, settles when running work is done; with `terminate`, stops
   * the threads at once, running jobs and all (after a shutdown timeout).
   */
  shutdown(options?: { wait?: boolean; cancelFutures?: boolean; terminate?: boolean }): Promise<void> | void;
}
