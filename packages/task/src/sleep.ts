import { type Future, setResultUnlessCancelled } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
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
  const handle = loop.callLater(delay, setResultUnlessCancelled, future, result as T);
  try {
    return yield* future;
  } finally {
    handle.cancel();
  }
}
