/**
 * Turning awaitables into Futures, and Promises into loop Futures. Python: `asyncio.ensure_future`.
 */

import { CancelledError, type Future, isFuture } from "@aio/future";
import {
  type CoroutineLike,
  type EventLoop,
  getEventLoop,
  isCoroutine,
  isCoroutineFunction,
  tryGetRunningLoop,
} from "@aio/loop";
import { platform } from "@aio/loop/internal";
import { type Awaitable, type Coro, refuseAwait } from "./coroutine.js";
import type { Task } from "./task.js";

/** A function given an AbortSignal that fires when the Future is cancelled. */
export type AbortableFactory<T> = (signal: AbortSignal) => PromiseLike<T>;

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    (typeof x === "object" || typeof x === "function") &&
    x !== null &&
    typeof (x as PromiseLike<unknown>).then === "function"
  );
}

/**
 * A Future for `x`: a Future or Task is returned as is, a coroutine is wrapped in a Task (so is an
 * awaitable object: one whose `[Symbol.iterator]()` returns a coroutine, Python's `__await__`), a
 * Promise in a Future of the running loop, and a `(signal) => Promise` factory is called with an
 * AbortSignal that fires when the Future is cancelled, so cancellation reaches native APIs.
 * Python: `asyncio.ensure_future(x)`.
 * @example
 * const body = yield* ensureFuture((signal) => fetch(url, { signal }).then((r) => r.text()));
 */
export function ensureFuture<T>(x: Coro<T>, options?: { loop?: EventLoop }): Task<T>;
export function ensureFuture<T>(
  x: Awaitable<T> | AbortableFactory<T>,
  options?: { loop?: EventLoop },
): Future<T>;
export function ensureFuture<T>(
  x: Awaitable<T> | AbortableFactory<T>,
  options: { loop?: EventLoop } = {},
): Future<T> {
  if (isFuture(x)) {
    // CPython's futures._get_loop: getLoop(), else the `_loop` of a duck-typed future
    const getLoop = (x as Partial<Future<T>>).getLoop;
    const xLoop = typeof getLoop === "function" ? getLoop.call(x) : (x as { _loop?: unknown })._loop;
    if (options.loop && xLoop !== options.loop) {
      throw new RangeError(
        "The future belongs to a different loop than the one specified as the loop argument",
      );
    }
    return x as Future<T>;
  }
  if (isCoroutine(x)) {
    const loop = options.loop ?? tryGetRunningLoop() ?? getEventLoop();
    return loop.createTask(x as Coro<T>) as Task<T>;
  }
  if (typeof x === "function" && !isCoroutineFunction(x)) {
    return fromFactory(x as AbortableFactory<T>, options.loop);
  }
  if (isThenable(x)) {
    return fromPromise(x as PromiseLike<T>, options.loop);
  }
  const coro = awaitedCoroutine(x);
  if (coro !== null) {
    const loop = options.loop ?? tryGetRunningLoop() ?? getEventLoop();
    return loop.createTask(coro as Coro<T>) as Task<T>;
  }
  throw new TypeError("An asyncio.Future, a coroutine or an awaitable is required");
}

/**
 * The coroutine of an awaitable object: one whose `[Symbol.iterator]()` returns a coroutine, as
 * Python's `__await__` does (`yield* obj` awaits it). Collections are iterable but not awaitable.
 */
const NOT_AWAITABLE = Symbol.for("aio.notAwaitable");

function awaitedCoroutine(x: unknown): CoroutineLike | null {
  if (typeof x !== "object" || x === null) return null;
  if (Array.isArray(x) || x instanceof Map || x instanceof Set || ArrayBuffer.isView(x)) return null;
  const method = (x as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof method !== "function") return null;
  // A Lock's (and the like): it refuses `yield*` with Python's text, it is not an `__await__`.
  if ((method as { [NOT_AWAITABLE]?: unknown })[NOT_AWAITABLE] === true) return null;
  const it = method.call(x);
  return isCoroutine(it) ? it : null;
}

/**
 * A Future of the loop that settles with `promise`. While the Promise is pending the loop counts it
 * as an outside operation (the virtual clock waits for it). Python: `asyncio.wrap_future`.
 */
export function fromPromise<T>(promise: PromiseLike<T>, loop?: EventLoop): Future<T> {
  return tracedFromPromise(promise, loop, "promise", "");
}

/**
 * `fromPromise`, with the name traces give the operation (`kind` such as `"fs"`, and `detail`).
 * Shared with the other aio packages through `@aio/task/internal`.
 */
export function tracedFromPromise<T>(
  promise: PromiseLike<T>,
  loop: EventLoop | undefined,
  kind: string,
  detail: string,
): Future<T> {
  const l = loop ?? tryGetRunningLoop() ?? getEventLoop();
  const future = l.createFuture<T>() as Future<T>;
  const release = l.trackOutsideOperation(kind, detail);
  // Promise callbacks run on the loop's thread between its iterations, never inside one: the future
  // is settled at once (its callbacks are scheduled with call_soon, which wakes the loop), one
  // iteration earlier than a call_soon_threadsafe hop, and without its handle.
  promise.then(
    (value) => {
      release();
      if (!l.isClosed() && !future.done()) future.setResult(value);
    },
    (err: unknown) => {
      release();
      if (!l.isClosed() && !future.done()) future.setException(err);
    },
  );
  future.addDoneCallback((f) => {
    if (f.cancelled()) release();
  });
  return future;
}

/** What an unhandled rejection inside a factory's work fails: its future, and the work's signal. */
interface FactoryRun {
  future: Future<unknown> | null;
  loop: EventLoop;
  controller: AbortController;
}

/**
 * The factory runs in this context, so that a Promise it rejects and never handles (Node would end
 * the process for it, past every `finally`) fails the factory's future instead, as an error in
 * its work should. Node runs `unhandledRejection` listeners in the rejected Promise's context.
 */
const factoryRuns = new platform.AsyncLocalStorage<FactoryRun>();
let runsInFlight = 0;

function onUnhandledRejection(reason: unknown, promise: Promise<unknown>): void {
  const run = factoryRuns.getStore();
  if (run !== undefined) {
    const { future, loop, controller } = run;
    controller.abort(reason); // the rest of the work stops
    if (future !== null && !loop.isClosed() && !future.done())
      loop.callSoonThreadsafe(settleException, future, reason);
    return;
  }
  // Not ours: while this listener is installed Node would not end the process by itself, so do
  // what it does when nobody listens (its default mode), unless someone else listens too.
  if (platform.processListenerCount("unhandledRejection") === 1 && throwsOnUnhandled()) {
    platform.nextTick(() => {
      throw reason instanceof Error ? reason : Object.assign(new Error(String(reason)), { promise });
    });
  }
}

/** Whether Node's mode for unhandled rejections ends the process (`throw`, its default, or `strict`). */
function throwsOnUnhandled(): boolean {
  const flags = platform.nodeFlags();
  const mode = /--unhandled-rejections[= ](\S+)/.exec(flags)?.[1] ?? "throw";
  return mode === "throw" || mode === "strict";
}

function fromFactory<T>(factory: AbortableFactory<T>, loop?: EventLoop): Future<T> {
  const l = loop ?? tryGetRunningLoop() ?? getEventLoop();
  const controller = new AbortController();
  const run: FactoryRun = { future: null, loop: l, controller };
  let promise: PromiseLike<T>;
  try {
    promise = factoryRuns.run(run, () => factory(controller.signal));
  } catch (err) {
    promise = Promise.reject(err);
  }
  if (!isThenable(promise)) {
    throw new TypeError(`ensureFuture(factory): the factory must return a Promise, got ${String(promise)}`);
  }
  const future = fromPromise(promise, l);
  run.future = future as Future<unknown>;
  if (runsInFlight++ === 0) platform.onProcess("unhandledRejection", onUnhandledRejection);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    // Rejections of the work come out one turn later: listen until then.
    platform.setImmediate(() => {
      if (--runsInFlight > 0) return;
      platform.offProcess("unhandledRejection", onUnhandledRejection);
      // Node 20's AsyncLocalStorage hooks every Promise while enabled: only while factories run.
      factoryRuns.disable();
    });
  };
  Promise.resolve(promise).then(end, end);
  future.addDoneCallback((f) => {
    if (f.cancelled()) controller.abort(new CancelledError(f._cancelMessage));
  });
  return future;
}

function settleException(future: Future<unknown>, err: unknown): void {
  if (!future.done()) future.setException(err);
}

/**
 * Awaits a Promise inside a coroutine. `yield* awaitPromise(p)` is `yield* ensureFuture(p)`.
 */
export function* awaitPromise<T>(promise: PromiseLike<T> | AbortableFactory<T>): Coro<T> {
  return yield* ensureFuture(promise);
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(awaitPromise, "awaitPromise");
