/**
 * Structured concurrency. Python: `asyncio.TaskGroup` (CPython 3.12).
 *
 * Every task created in the group is awaited when the block exits; the first failure cancels the
 * siblings and the block raises an `ExceptionGroup` with every error.
 */

import { type Future, isCancelledError } from "@aio/future";
import { failed } from "@aio/future/internal";
import { type Context, type EventLoop, getRunningLoop, isBaseException } from "@aio/loop";
import { markAwaitedBy } from "@aio/loop/internal";
import { type Coro, refuseAwait } from "./coroutine.js";
import { ExceptionGroup } from "./errors.js";
import { currentTask, type Task } from "./task.js";
import type { AsyncContextManager } from "./using.js";

/**
 * A task group. Python: `async with asyncio.TaskGroup() as tg:`.
 * @example
 * yield* using(new TaskGroup(), function* (tg) {
 *   tg.createTask(worker("A"));
 *   tg.createTask(worker("B"));
 * }); // both finished here
 */
export class TaskGroup implements AsyncContextManager<TaskGroup> {
  private entered = false;
  private exiting = false;
  private aborting = false;
  private loop: EventLoop | null = null;
  private parentTask: Task<unknown> | null = null;
  private parentCancelRequested = false;
  private tasks = new Set<Task<unknown>>();
  private errors: unknown[] = [];
  /** The first KeyboardInterrupt or SystemExit: raised as it is, never in an ExceptionGroup. */
  private baseError: { error: unknown } | null = null;
  private onCompletedFut: Future<boolean> | null = null;
  /** The done-callback of every task of the group; it stands for the parent task in call graphs. */
  private readonly onTaskDoneBound = (t: Future<unknown>): void => this.onTaskDone(t as Task<unknown>);

  *aenter(): Coro<TaskGroup> {
    if (this.entered) throw new Error(`TaskGroup ${this} has already been entered`);
    if (this.loop === null) this.loop = getRunningLoop();
    this.parentTask = currentTask(this.loop);
    if (this.parentTask === null) throw new Error(`TaskGroup ${this} cannot determine the parent task`);
    markAwaitedBy(this.onTaskDoneBound, this.parentTask);
    this.entered = true;
    return this;
  }

  *aexit(error?: unknown, hasError = error !== undefined): Coro<boolean> {
    this.exiting = true;
    if (hasError && isBaseException(error) && this.baseError === null) this.baseError = { error };
    let propagateCancellation: unknown = isCancelledError(error) ? error : null;
    const parent = this.parentTask as Task<unknown>;
    if (this.parentCancelRequested) {
      if (parent.uncancel() === 0) propagateCancellation = null;
    }
    if (hasError && !this.aborting) this.abort();
    while (this.tasks.size > 0) {
      if (this.onCompletedFut === null)
        this.onCompletedFut = (this.loop as EventLoop).createFuture<boolean>() as Future<boolean>;
      try {
        yield* this.onCompletedFut;
      } catch (err) {
        if (!isCancelledError(err)) throw err;
        if (!this.aborting) {
          propagateCancellation = err;
          this.abort();
        }
      }
      this.onCompletedFut = null;
    }
    if (this.baseError !== null) throw this.baseError.error;
    if (propagateCancellation !== null && this.errors.length === 0) throw propagateCancellation;
    if (hasError && !isCancelledError(error)) this.errors.push(error);
    if (this.errors.length > 0) {
      const errors = this.errors;
      this.errors = [];
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
    return false;
  }

  /**
   * Creates a task in the group. Python: `tg.create_task(coro, name=None, context=None)`.
   */
  createTask<T>(coro: Coro<T>, options: { name?: string; context?: Context } = {}): Task<T> {
    if (!this.entered) throw new Error(`TaskGroup ${this} has not been entered`);
    if (this.exiting && this.tasks.size === 0) throw new Error(`TaskGroup ${this} is finished`);
    if (this.aborting) throw new Error(`TaskGroup ${this} is shutting down`);
    const loop = this.loop as EventLoop;
    const task = loop.createTask(coro, {
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.context ? { context: options.context } : {}),
    }) as Task<T>;
    if (task.done()) this.onTaskDone(task);
    else {
      this.tasks.add(task as Task<unknown>);
      task.addDoneCallback(this.onTaskDoneBound);
    }
    return task;
  }

  private abort(): void {
    this.aborting = true;
    for (const t of this.tasks) if (!t.done()) t.cancel();
  }

  private onTaskDone(task: Task<unknown>): void {
    this.tasks.delete(task);
    if (this.onCompletedFut !== null && this.tasks.size === 0 && !this.onCompletedFut.done()) {
      this.onCompletedFut.setResult(true);
    }
    if (task.cancelled() || !failed(task)) return;
    const exc = task.exception();
    this.errors.push(exc);
    if (isBaseException(exc) && this.baseError === null) this.baseError = { error: exc };
    const parent = this.parentTask as Task<unknown>;
    if (parent.done()) {
      (this.loop as EventLoop).callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${parent} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      this.abort();
      this.parentCancelRequested = true;
      parent.cancel();
    }
  }

  toString(): string {
    const info = [""];
    if (this.tasks.size) info.push(`tasks=${this.tasks.size}`);
    if (this.errors.length) info.push(`errors=${this.errors.length}`);
    if (this.aborting) info.push("cancelling");
    else if (this.entered) info.push("entered");
    return `<TaskGroup${info.join(" ")}>`;
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(TaskGroup.prototype.aenter, "TaskGroup.aenter");
refuseAwait(TaskGroup.prototype.aexit, "TaskGroup.aexit");
