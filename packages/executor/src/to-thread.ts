import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import type { ModuleFunction } from "./job.js";

/**
 * Runs `fn(...args)` on the loop's default executor (a worker thread) and waits for it.
 * Python: `await asyncio.to_thread(fn, *args)` (context variables are not carried to the thread).
 * @example const digest = yield* toThread(hashFile, "/tmp/big.bin");
 */
export function toThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Coro<Awaited<R>>;
export function toThread(fn: ModuleFunction, ...args: unknown[]): Coro<unknown>;
export function* toThread(fn: unknown, ...args: unknown[]): Coro<unknown> {
  const loop = getRunningLoop();
  return yield* loop.runInExecutor(null, fn as (...a: unknown[]) => unknown, ...args) as Future<unknown>;
}

/**
 * Blocks the calling thread for `seconds` without spinning (Atomics.wait). Python: `time.sleep()`.
 * On the loop's thread this freezes the loop — which is the point of the scenarios that show it.
 * Self-contained, so it can itself be sent to a worker: `loop.runInExecutor(null, sleepSync, 2)`.
 */
export function sleepSync(seconds: number): void {
  if (typeof seconds !== "number" || !(seconds >= 0)) {
    // Self-contained (no repr import): strings quoted as Python's repr quotes them.
    const shown = typeof seconds === "string" ? `'${seconds}'` : String(seconds);
    throw new RangeError(`sleepSync() needs a non-negative number of seconds, got ${shown}`);
  }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(toThread, "toThread");
