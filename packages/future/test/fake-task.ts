/**
 * The smallest Task, for @aio/future's own tests (@aio/task depends on this package, not the other
 * way round): it drives a coroutine as @aio/task's Task does, through the protocol a Future offers
 * tasks — `_addWaker(task)` where the coroutine yields a future, `_wakeup(future)` when it is done,
 * the loop's `_currentTask` set during a step, `TASK_BRAND`, `getName()`, `cancelling()`.
 */
import { type EventLoop, TASK_BRAND } from "@aio/loop";
import type { Future } from "../src/index.js";
import type { Waker } from "../src/internal.js";

export class FakeTask implements Waker {
  readonly [TASK_BRAND] = true;
  outcome: { value?: unknown; error?: unknown } | null = null;
  readonly wakeups: Future<unknown>[] = [];

  constructor(
    private readonly loop: EventLoop,
    private readonly coro: Generator<unknown, unknown, unknown>,
    private readonly name = "fake",
  ) {}

  getName(): string {
    return this.name;
  }

  cancelling(): number {
    return 0;
  }

  /** the task's step (named as the Task's: await chains stop here) */
  _step(): void {
    const loop = this.loop as EventLoop & { _currentTask: unknown };
    loop._currentTask = this;
    try {
      const r = this.coro.next();
      if (r.done) this.outcome = { value: r.value };
      else (r.value as Future<unknown>)._addWaker(this);
    } catch (err) {
      this.outcome = { error: err };
    } finally {
      loop._currentTask = null;
    }
  }

  _wakeup(future: Future<unknown>): void {
    this.wakeups.push(future);
    this._step();
  }
}

/** A FakeTask whose wake-ups the loop runs through `callSoon(wakeTask, task, future)`: it has no `_scheduleWakeup`. */
export class PlainWaker extends FakeTask {}

/** A FakeTask that queues its own wake-ups, as @aio/task's Task does (`_scheduleWakeup`). */
export class SelfSchedulingTask extends FakeTask {
  readonly scheduled: Future<unknown>[] = [];
  _scheduleWakeup(future: Future<unknown>): void {
    this.scheduled.push(future);
    (this as unknown as { loop: EventLoop }).loop.callSoon(() => this._wakeup(future));
  }
}
