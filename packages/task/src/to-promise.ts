/**
 * The Promise boundary: run a coroutine from ordinary Promise code, from anywhere, concurrently.
 *
 * `run()` keeps asyncio's rules (one per thread, it owns its loop). `toPromise()` runs the
 * coroutine as a Task of the loop that is running, if there is one, or else of a shared loop that
 * starts on demand and stops by itself once nothing is left to do, so it never keeps the process
 * alive for nothing: an HTTP handler, a test or a CLI can call coroutines without owning the program.
 */
import type { Future } from "@aio/future";
import { DeadlockError, type EventLoop, newEventLoop, tryGetRunningLoop } from "@aio/loop";
import { type SharedLoopState, runtimeState as state } from "@aio/loop/internal";
import type { Awaitable, AwaitedOf } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";
import { cancelOnAbort, checkSignal, type Task } from "./task.js";

/** Options for {@link toPromise}. */
export interface ToPromiseOptions {
  /**
   * Cancels the task when it aborts; the Promise then rejects with the CancelledError, whose
   * `cause` is the signal's `reason` (an `AbortSignal.timeout()`'s TimeoutError, say).
   */
  signal?: AbortSignal | undefined;
  /** The task's name (default `Task-N`). */
  name?: string | undefined;
}

/** The shared loop of this thread, shared by every copy of this package. */
function shared(): SharedLoopState {
  return (state.hooks.sharedLoop ??= { loop: null, waiting: new Map() });
}

/**
 * Runs `aw` (a coroutine, or any awaitable `ensureFuture` takes) from Promise code and returns a
 * Promise of its result. Inside a running loop (a coroutine, a callback, or Promise code while
 * `run()` is active) the task runs on that loop; elsewhere on a shared loop that starts on demand and
 * stops when idle. Many callers may run coroutines at once. With `signal`, aborting it cancels the
 * task. A task that can never finish rejects with a `DeadlockError` naming it.
 * @example
 * app.get("/users/:id", async (req, res) => {
 *   res.json(await toPromise(findUser(req.params.id), { signal: AbortSignal.timeout(5000) }));
 * });
 */
export function toPromise<A extends Awaitable<unknown>>(
  aw: A,
  options: ToPromiseOptions = {},
): Promise<AwaitedOf<A>> {
  if (options.signal !== undefined) checkSignal(options.signal);
  const running = tryGetRunningLoop();
  const sharedLoop = shared();
  // The shared loop's own tasks are tracked, to tell their callers if they can never finish.
  const s = running === null || running === sharedLoop.loop ? sharedLoop : null;
  let loop = running;
  if (s !== null && running === null) {
    if (s.loop === null || s.loop.isClosed()) s.loop = newEventLoop();
    loop = s.loop;
  }
  const fut = ensureFuture(aw as Awaitable<AwaitedOf<A>>, { loop: loop as EventLoop });
  if (options.name !== undefined && typeof (fut as Task<unknown>).setName === "function") {
    (fut as Task<unknown>).setName(options.name);
  }
  const signal = options.signal;
  // Whether the signal aborted before the task was done: then its cancellation is the signal's.
  let aborted = false;
  if (signal !== undefined) {
    if (signal.aborted) aborted = !fut.done();
    else {
      const onAbort = (): void => {
        aborted = !fut.done();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      fut.addDoneCallback(() => signal.removeEventListener("abort", onAbort));
    }
    cancelOnAbort(fut, signal);
  }
  const promise = new Promise<AwaitedOf<A>>((resolve, reject) => {
    if (s !== null) s.waiting.set(fut as Future<unknown>, reject);
    const settle = (f: Future<AwaitedOf<A>>): void => {
      s?.waiting.delete(f as Future<unknown>);
      try {
        resolve(f.result());
      } catch (err) {
        if (aborted && f.cancelled()) withCause(err, (signal as AbortSignal).reason);
        reject(err);
      }
    };
    if (fut.done()) settle(fut);
    else fut.addDoneCallback(settle);
  });
  if (s !== null) startShared(s);
  return promise;
}

/** Gives the CancelledError `err` the abort reason as its `cause`, unless it has one already. */
function withCause(err: unknown, reason: unknown): void {
  if (typeof err !== "object" || err === null || Object.hasOwn(err, "cause")) return;
  // As `new Error(msg, { cause })` makes it: an own property, not enumerable.
  Object.defineProperty(err, "cause", { value: reason, writable: true, configurable: true });
}

/** Runs the shared loop until it is idle, unless it already runs. */
function startShared(s: SharedLoopState): void {
  const loop = s.loop as EventLoop;
  if (loop.isRunning()) return;
  loop.runUntilIdle().then(
    () => {
      // Idle: every task is done. A new toPromise() starts it again.
    },
    (err: unknown) => {
      // Its tasks can never finish (or the loop stopped with an error): their callers learn it.
      for (const [fut, reject] of s.waiting) {
        reject(
          err instanceof DeadlockError
            ? new DeadlockError(
                `toPromise(): ${String(fut)} can never finish: nothing is ready, no timer will ever fire ` +
                  "and no outside operation is in flight that could wake it",
              )
            : err,
        );
      }
      s.waiting.clear();
    },
  );
}
