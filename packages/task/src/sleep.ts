import type { Future } from "@aio/future";
import { noteAwaitSite, resumedAwait, setResultUnlessCancelled, thrownHere } from "@aio/future/internal";
import {
  COROUTINE_BRAND,
  EventLoop,
  type FutureLike,
  getRunningLoop,
  repr,
  type TimerHandle,
  tryGetRunningLoop,
} from "@aio/loop";
import { currentVars } from "@aio/loop/internal";
import { type Coro, refuseAwait } from "./coroutine.js";

const LOOP_CALL_LATER = EventLoop.prototype.callLater;

const NOT_STARTED = 0;
const SUSPENDED = 1;
const DONE = 2;

/** What the first step of `sleep(0)` yields: a bare turn. Read-only, so one object serves all. */
const YIELD_TURN: IteratorYieldResult<undefined> = Object.freeze({ value: undefined, done: false });
const DONE_UNDEFINED: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The coroutine object `sleep()` returns. It behaves exactly as the generator
 *
 * ```ts
 * function* sleep(delay, result) {
 *   if (typeof delay !== "number" || Number.isNaN(delay)) throw new TypeError(…);
 *   if (delay <= 0) { yield; return result; }
 *   const future = loop.createFuture();
 *   const handle = loop.callLater(delay, setResultUnlessCancelled, future, result);
 *   try { return yield* future; } finally { handle.cancel(); }
 * }
 * ```
 *
 * would (lazy start, `next`/`throw`/`return`, closing), but as one small object: a sleep is the
 * most common await there is, and a generator object with its frame is about four times the size.
 */
class SleepCoroutine<T> implements Coro<T> {
  declare readonly [COROUTINE_BRAND]: true;
  private state = NOT_STARTED;
  private future: Future<T> | null = null;
  private handle: TimerHandle | null = null;

  constructor(
    private readonly delay: number,
    private readonly result: T,
  ) {}

  next(): IteratorResult<FutureLike<unknown> | undefined, T> {
    if (this.state === SUSPENDED) {
      this.state = DONE;
      const future = this.future;
      const value = future === null ? this.result : this.finish(future);
      return value === undefined ? (DONE_UNDEFINED as IteratorReturnResult<T>) : { value, done: true };
    }
    // Awaited again after it finished: Python's RuntimeError.
    if (this.state === DONE) throw new Error("cannot reuse already awaited coroutine");
    // First step: the body runs now, as a generator's would. Anything it throws closes it.
    this.state = DONE;
    const delay = this.delay;
    if (typeof delay !== "number" || Number.isNaN(delay)) {
      throw new TypeError(`sleep() needs a number of seconds, got ${repr(delay)}`);
    }
    if (delay <= 0) {
      this.state = SUSPENDED;
      return YIELD_TURN;
    }
    const loop = getRunningLoop();
    const future = loop.createFuture<T>() as Future<T>;
    // loop.callLater(delay, setResultUnlessCancelled, future, result), without the rest-args array
    // unless callLater is replaced (a test's mock, a subclass): CPython calls loop.call_later.
    this.handle =
      loop.callLater === LOOP_CALL_LATER
        ? loop._callAt(loop.time() + delay, setResultUnlessCancelled, 2, future, this.result, currentVars())
        : loop.callLater(delay, setResultUnlessCancelled, future, this.result);
    this.future = future;
    this.state = SUSPENDED;
    // What `yield* future` does for a pending future (this one always is).
    future._asyncioFutureBlocking = true;
    if (loop.getDebug()) noteAwaitSite(loop);
    return { value: future, done: false };
  }

  throw(err: unknown): never {
    // Thrown in while suspended (the task was cancelled, or `coro.throw`): the error gets the chain
    // of coroutines waiting here, as `yield* future` gives it.
    const loop = this.state === SUSPENDED ? tryGetRunningLoop() : null;
    if (loop !== null) thrownHere(loop, err, SleepCoroutine.prototype.throw);
    this.close();
    throw err;
  }

  return(value: T): IteratorReturnResult<T> {
    this.close();
    return { value, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /**
   * Resumed after the timer fired (or the future was cancelled): `return yield* future` past its
   * yield. Resumed while the future is pending, the coroutine was stepped by something other than
   * the task waiting for it (a second `yield*` on a coroutine a task runs, a hand-driven
   * generator): Python's `RuntimeError`.
   */
  private finish(future: Future<T>): T {
    (this.handle as TimerHandle).cancel();
    this.handle = null;
    this.future = null;
    return resumedAwait(future, SleepCoroutine.prototype.next);
  }

  /** The `finally` of the generator above: a sleep left early clears its timer. */
  private close(): void {
    if (this.handle !== null) {
      this.handle.cancel();
      this.handle = null;
      this.future = null;
    }
    this.state = DONE;
  }
}
Object.defineProperty(SleepCoroutine.prototype, COROUTINE_BRAND, { value: true });
refuseAwait(SleepCoroutine as never, "sleep");

/**
 * Suspends the current task for `delay` seconds, then returns `result`. `sleep(0)` gives up the
 * turn once (one bare `yield`, no timer). Cancelling the task clears the timer.
 * Python: `await asyncio.sleep(delay, result)`.
 * @example yield* sleep(0.5);
 */
export function sleep<T = void>(delay: number, result?: T): Coro<T> {
  return new SleepCoroutine(delay, result as T);
}
// A coroutine function, as `asyncio.sleep` is (`isCoroutineFunction(sleep)`).
Object.defineProperty(sleep, COROUTINE_BRAND, { value: true });
