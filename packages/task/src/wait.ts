/**
 * Python: `asyncio.wait`, `asyncio.wait_for`, `asyncio.as_completed` (CPython 3.12).
 */

import { type Future, isCancelledError, isFuture, TimeoutError } from "@aio/future";
import { failed } from "@aio/future/internal";
import {
  type EventLoop,
  getEventLoop,
  getRunningLoop,
  isCoroutine,
  repr,
  tryGetRunningLoop,
  typeName,
} from "@aio/loop";
import { markAwaitedBy } from "@aio/loop/internal";
import { type Awaitable, type AwaitedOf, type Coro, refuseAwait } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";
import { timeout } from "./timeouts.js";
import { using } from "./using.js";

/** `returnWhen`: return when any awaitable is done. Python: `asyncio.FIRST_COMPLETED`. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** `returnWhen`: return when one fails, or all are done. Python: `asyncio.FIRST_EXCEPTION`. */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** `returnWhen`: return when all are done (the default). Python: `asyncio.ALL_COMPLETED`. */
export const ALL_COMPLETED = "ALL_COMPLETED";
/** When {@link wait} returns: one of {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION}, {@link ALL_COMPLETED}. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options for {@link wait}. */
export interface WaitOptions {
  /** Seconds to wait at most (default: no limit). */
  timeout?: number | null | undefined;
  /** When to return (default `ALL_COMPLETED`). */
  returnWhen?: ReturnWhen | undefined;
}

/**
 * Waits for the futures and tasks in `fs` and returns `[done, pending]`. Never raises the
 * children's exceptions and never cancels them (not on timeout either). Python: `asyncio.wait`.
 * @example
 * const [done, pending] = yield* wait([t1, t2], { returnWhen: FIRST_COMPLETED });
 */
export function* wait<F extends Future<unknown>>(
  fs: Iterable<F>,
  options: WaitOptions = {},
): Coro<[Set<F>, Set<F>]> {
  if (isFuture(fs) || isCoroutine(fs)) {
    throw new TypeError(`expect a list of futures, not ${typeName(fs)}`);
  }
  const set = new Set(fs);
  if (set.size === 0) throw new RangeError("Set of Tasks/Futures is empty.");
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new RangeError(`Invalid return_when value: ${returnWhen}`);
  }
  for (const f of set) {
    if (isCoroutine(f)) throw new TypeError("Passing coroutines is forbidden, use tasks explicitly.");
  }
  const loop = getRunningLoop();
  const timeoutSeconds = checkTimeout(options.timeout);
  const waiter = loop.createFuture<void>() as Future<void>;
  const timeoutHandle =
    timeoutSeconds !== null ? loop.callLater(timeoutSeconds, releaseWaiter, waiter) : null;
  let counter = set.size;
  const onCompletion = (f: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && failed(f))
    ) {
      timeoutHandle?.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };
  markAwaitedBy(onCompletion, waiter);
  for (const f of set) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    timeoutHandle?.cancel();
    for (const f of set) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of set) (f.done() ? done : pending).add(f);
  return [done, pending];
}

/** A timeout in seconds, or null for none (undefined too); anything else is a TypeError. */
function checkTimeout(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`timeout must be a number of seconds or None, got ${repr(value)}`);
  }
  return value;
}

function releaseWaiter(waiter: Future<void>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/**
 * Waits for `aw` for at most `seconds`; on timeout cancels it, waits for it to finish, and raises
 * `TimeoutError`. A coroutine runs inside the calling task (3.12: `async with timeout(t)`).
 * `null` waits without limit. Python: `asyncio.wait_for(aw, timeout)`.
 * @example const data = yield* waitFor(fetchData(), 1.0);
 */
export function* waitFor<T>(aw: Awaitable<T>, seconds: number | null): Coro<T> {
  seconds = checkTimeout(seconds);
  if (seconds !== null && seconds <= 0) {
    const fut = ensureFuture(aw);
    if (fut.done()) return fut.result();
    yield* cancelAndWait(fut);
    try {
      return fut.result();
    } catch (err) {
      if (isCancelledError(err)) throw new TimeoutError(undefined, { cause: err });
      throw err;
    }
  }
  return yield* using(timeout(seconds), function* () {
    if (isCoroutine(aw)) return yield* aw as Coro<T>;
    return yield* ensureFuture(aw);
  });
}

function* cancelAndWait(fut: Future<unknown>): Coro<void> {
  const loop = fut.getLoop();
  const waiter = loop.createFuture<void>() as Future<void>;
  const cb = () => releaseWaiter(waiter);
  fut.addDoneCallback(cb);
  try {
    fut.cancel();
    yield* waiter;
  } finally {
    fut.removeDoneCallback(cb);
  }
}

/**
 * Iterates over coroutines that each return (or raise) the next result to complete. The pending
 * futures are not cancelled on timeout: the remaining awaits raise `TimeoutError`.
 * Python: `asyncio.as_completed(aws, timeout=None)`.
 * @example
 * for (const next of asCompleted(tasks)) console.log(yield* next);
 */
export function* asCompleted<A extends Awaitable<unknown>>(
  aws: Iterable<A>,
  options: { timeout?: number | null } = {},
): Generator<Coro<AwaitedOf<A>>, void, unknown> {
  type T = AwaitedOf<A>;
  if (isFuture(aws) || isCoroutine(aws)) {
    throw new TypeError(`expect an iterable of futures, not ${typeName(aws)}`);
  }
  const loop: EventLoop = tryGetRunningLoop() ?? getEventLoop();
  const todo = new Set<Future<T>>();
  for (const a of new Set(aws)) todo.add(ensureFuture(a as Awaitable<T>, { loop }));
  const done: (Future<T> | null)[] = [];
  const getters: Future<void>[] = [];
  let timeoutHandle: { cancel(): void } | null = null;

  const put = (f: Future<T> | null): void => {
    done.push(f);
    const getter = getters.shift();
    if (getter && !getter.done()) getter.setResult(undefined);
  };
  const onCompletion = (f: Future<T>): void => {
    if (todo.size === 0) return;
    todo.delete(f);
    put(f);
    if (todo.size === 0 && timeoutHandle !== null) timeoutHandle.cancel();
  };
  const onTimeout = (): void => {
    for (const f of todo) {
      f.removeDoneCallback(onCompletion);
      put(null);
    }
    todo.clear();
  };
  function* waitForOne(): Coro<T> {
    while (done.length === 0) {
      const getter = loop.createFuture<void>() as Future<void>;
      getters.push(getter);
      yield* getter;
    }
    const f = done.shift() as Future<T> | null;
    if (f === null) throw new TimeoutError();
    return f.result();
  }
  refuseAwait(waitForOne, "asCompleted");
  for (const f of todo) f.addDoneCallback(onCompletion);
  const t = checkTimeout(options.timeout);
  if (todo.size > 0 && t !== null) timeoutHandle = loop.callLater(t, onTimeout);
  const n = todo.size;
  for (let i = 0; i < n; i++) yield waitForOne();
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(wait, "wait");
refuseAwait(waitFor, "waitFor");
