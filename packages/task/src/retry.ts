/**
 * Retrying an operation that may fail, without ever retrying a cancellation.
 *
 * In JavaScript `catch` catches everything, `CancelledError` included (Python keeps it apart as a
 * BaseException), so a hand-written retry loop easily turns Ctrl-C into "try again in 2 seconds".
 */
import { isCancelledError } from "@aio/future";
import { isBaseException, isCoroutine, repr } from "@aio/loop";
import { type Awaitable, type AwaitedOf, type Coro, refuseAwait } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";
import { sleep } from "./sleep.js";
import { currentTask } from "./task.js";

/** Options for {@link retry}. */
export interface RetryOptions {
  /** How many times to try in all (default 3). */
  attempts?: number | undefined;
  /**
   * Seconds to wait before the next attempt: a number is the first wait, doubled after each failure
   * (exponential backoff); a function gets the attempt that failed (1, 2, …) and its error.
   * Default 0: try again at once (after one turn of the loop).
   */
  backoff?: number | ((attempt: number, error: unknown) => number) | undefined;
  /** Which errors are worth another attempt (default: every error). Cancellations never are. */
  retryOn?: ((error: unknown) => boolean) | undefined;
}

/**
 * Runs `attempt()` (a coroutine function, or one returning anything `ensureFuture` takes) until it
 * succeeds, at most `attempts` times, waiting `backoff` seconds between failures; the last error is
 * raised. A cancellation is never retried: a `CancelledError` (and `KeyboardInterrupt`,
 * `SystemExit`) is raised at once, and so is any error while the task is being cancelled.
 * @example
 * const page = yield* retry(() => fetchPage(url), { attempts: 5, backoff: 0.5, retryOn: isTransient });
 */
export function* retry<R extends Awaitable<unknown>>(
  attempt: () => R,
  options: RetryOptions = {},
): Coro<AwaitedOf<R>> {
  if (typeof attempt !== "function") {
    throw new TypeError(`retry() needs a function that starts an attempt, got ${repr(attempt)}`);
  }
  const { attempts = 3, backoff = 0, retryOn = () => true } = options;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a whole number >= 1, got ${repr(attempts)}`);
  }
  if (typeof backoff !== "function" && (typeof backoff !== "number" || !(backoff >= 0))) {
    throw new TypeError(
      `backoff must be a non-negative number of seconds or a function, got ${repr(backoff)}`,
    );
  }
  if (typeof retryOn !== "function") throw new TypeError(`retryOn must be a function, got ${repr(retryOn)}`);
  for (let n = 1; ; n++) {
    try {
      const aw = attempt();
      return isCoroutine(aw)
        ? ((yield* aw as Coro<unknown>) as AwaitedOf<R>)
        : ((yield* ensureFuture(aw as Awaitable<unknown>)) as AwaitedOf<R>);
    } catch (err) {
      if (isCancelledError(err) || isBaseException(err)) throw err;
      if ((currentTask()?.cancelling() ?? 0) > 0) throw err;
      if (n >= attempts || !retryOn(err)) throw err;
      const delay = typeof backoff === "function" ? backoff(n, err) : backoff * 2 ** (n - 1);
      yield* sleep(delay);
    }
  }
}
refuseAwait(retry, "retry");
