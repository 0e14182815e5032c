/**
 * The tracing hook: what `@aio/debug`'s recorder plugs into. The core calls it at the points the
 * seed-003 narrative describes (a task's step, what the step yielded, the wake-up, a timer asked
 * for, the loop waiting, a callback run, an outside operation). It lives in the per-thread runtime
 * state (`runtimeState.tracer`): null unless a recorder is on, so that each point costs one load
 * and one comparison when tracing is off.
 */
import type { EventLoop } from "../event-loop.js";
import type { TimerHandle } from "../handle.js";
import type { FutureLike } from "../protocols.js";

/**
 * A done-callback carrying this property stands for the future it names: the future (a gather's
 * outer future, a shield's outer future, a `wait()`'s waiter, a TaskGroup's parent task) waits for
 * the one the callback is registered on. Call graphs follow it (Python 3.14:
 * `future_add_to_awaited_by`). One property per combinator call, nothing per step.
 */
export const AWAITED_BY: unique symbol = Symbol.for("aio.awaitedBy") as never;

/** Marks `callback` as standing for `waiter` (see {@link AWAITED_BY}); returns `callback`. */
export function markAwaitedBy<F extends object>(callback: F, waiter: object | null): F {
  (callback as { [AWAITED_BY]?: object | null })[AWAITED_BY] = waiter;
  return callback;
}

/** A Task as the tracer sees it (`@aio/task`'s Task; typed loosely to keep the layers apart). */
export type TracedTask = FutureLike & {
  getName(): string;
  /** The tracer's own slot for the task (null until a tracer sees it); the core never reads it. */
  _trace: unknown;
};

/** The events the core reports while a tracer is installed. Every method is called synchronously. */
export interface Tracer {
  /** A Task was created (before its first step is scheduled). */
  taskCreated(task: TracedTask, loop: EventLoop): void;
  /** A step begins: the coroutine is resumed (`thrown`: an error is thrown into it). Python: `__step`. */
  stepStart(task: TracedTask, thrown: boolean, error: unknown): void;
  /**
   * The step is over: the task waits on `waiter` (a Future it yielded), is queued again (a bare
   * yield: `waiter` null, not done), or is done (its result, exception or cancellation is set).
   */
  stepEnd(task: TracedTask, waiter: FutureLike | null): void;
  /** The future a task waited on is done: the task resumes. Python: `__wakeup`. */
  wakeup(task: TracedTask, future: FutureLike): void;
  /** `task.cancel(msg)` was called on a pending task. */
  cancel(task: TracedTask, msg: unknown): void;
  /** A timer was scheduled (`callLater`/`callAt`, and the timers behind `sleep` and timeouts). */
  timer(loop: EventLoop, timer: TimerHandle): void;
  /** A callback (a Handle, a timer's callback, a future's done-callback) runs now. */
  callbackStart(loop: EventLoop, item: unknown): void;
  /** The callback that started last is over. */
  callbackEnd(loop: EventLoop, item: unknown): void;
  /**
   * Nothing is ready: the loop waits for its next timer (`timeout` seconds away) or, with `timeout`
   * null, for work from outside. Python: the selector's `select(timeout)`.
   */
  idle(loop: EventLoop, timeout: number | null): void;
  /** An operation outside the loop started (an executor job, a file or HTTP call): returns its id. */
  operationStart(loop: EventLoop, kind: string, detail: string): number;
  /** The operation `id` is over. */
  operationEnd(loop: EventLoop, id: number): void;
}
