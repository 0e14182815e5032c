import { type Future, setResultUnlessCancelled } from "@aio/future";
import { currentVars, getRunningLoop } from "@aio/loop";
import type { Coro } from "./coroutine.js";

/**
 * Suspends the current task for `delay` seconds, then returns `result`. `sleep(0)` gives up the
 * turn once (one bare `yield`, no timer). Cancelling the task clears the timer.
 * Python: `await asyncio.sleep(delay, result)`.
 * @example yield* sleep(0.5);
 */
export function* sleep<T = void>(delay: number, result?: T): Coro<T> {
  if (typeof delay !== "number" || Number.isNaN(delay)) {
    throw new TypeError(`sleep() needs a number of seconds, got ${String(delay)}`);
  }
  if (delay <= 0) {
    yield;
    return result as T;
  }
  const loop = getRunningLoop();
  const future = loop.createFuture<T>() as Future<T>;
  // loop.callLater(delay, setResultUnlessCancelled, future, result), without the rest-args array.
  const handle = loop._callAt(
    loop.time() + delay,
    setResultUnlessCancelled,
    2,
    future,
    result,
    currentVars(),
  );
  try {
    // What `yield* future` does for a future that is pending (this one always is), without
    // allocating its iterator: a sleep is the most common await there is.
    future._asyncioFutureBlocking = true;
    yield future;
    return future.result();
  } finally {
    handle.cancel();
  }
}
