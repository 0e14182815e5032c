/**
 * Python: `asyncio.timeout`, `asyncio.timeout_at`, `asyncio.Timeout` (CPython 3.12).
 */

import { isCancelledError, TimeoutError } from "@aio/future";
import { raisedHere } from "@aio/future/internal";
import { getRunningLoop, type Handle, repr } from "@aio/loop";
import { type Coro, refuseAwait } from "./coroutine.js";
import { currentTask, type Task } from "./task.js";
import type { AsyncContextManager } from "./using.js";

type TimeoutState = "created" | "active" | "expiring" | "expired" | "finished";

/**
 * A deadline for the body of a `using()` block, which runs inside the current task: when it
 * passes, the task is cancelled and the block raises `TimeoutError`. Python: `asyncio.Timeout`.
 */
export class Timeout implements AsyncContextManager<Timeout> {
  private state: TimeoutState = "created";
  private handle: Handle | null = null;
  private task: Task<unknown> | null = null;
  private cancellingAtEntry = 0;
  private deadline: number | null;

  constructor(when: number | null) {
    if (when !== null && (typeof when !== "number" || Number.isNaN(when))) {
      throw new TypeError(`Timeout needs a loop time in seconds or null, got ${repr(when)}`);
    }
    this.deadline = when;
  }

  /** The deadline in loop time, or `null`. Python: `timeout.when()`. */
  when(): number | null {
    return this.deadline;
  }

  /** Moves the deadline (`null` disables it). Python: `timeout.reschedule(when)`. */
  reschedule(when: number | null): void {
    if (this.state !== "active") {
      if (this.state === "created") throw new Error("Timeout has not been entered");
      throw new Error(`Cannot change state of ${this.state} Timeout`);
    }
    this.deadline = when;
    this.handle?.cancel();
    if (when === null) {
      this.handle = null;
    } else {
      const loop = getRunningLoop();
      this.handle =
        when <= loop.time()
          ? loop.callSoon(() => this.onTimeout())
          : loop.callAt(when, () => this.onTimeout());
    }
  }

  /** Whether the deadline passed. Python: `timeout.expired()`. */
  expired(): boolean {
    return this.state === "expiring" || this.state === "expired";
  }

  *aenter(): Coro<Timeout> {
    if (this.state !== "created") throw new Error("Timeout has already been entered");
    const task = currentTask();
    if (task === null) throw new Error("Timeout should be used inside a task");
    this.state = "active";
    this.task = task;
    this.cancellingAtEntry = task.cancelling();
    this.reschedule(this.deadline);
    return this;
  }

  *aexit(error?: unknown): Coro<boolean> {
    if (this.handle !== null) {
      this.handle.cancel();
      this.handle = null;
    }
    if (this.state === "expiring") {
      this.state = "expired";
      const task = this.task as Task<unknown>;
      if (task.uncancel() <= this.cancellingAtEntry && isCancelledError(error)) {
        const timedOut = new TimeoutError(undefined, { cause: error });
        raisedHere(timedOut); // the whole chain of the coroutines that waited
        throw timedOut;
      }
    } else if (this.state === "active") {
      this.state = "finished";
    }
    return false;
  }

  private onTimeout(): void {
    (this.task as Task<unknown>).cancel();
    this.state = "expiring";
    this.handle = null;
  }

  /** Python's repr: `<Timeout [active] when=12.5>`, `<Timeout [active] when=None>`, `<Timeout [expired]>`. */
  toString(): string {
    if (this.state !== "active") return `<Timeout [${this.state}]>`;
    // Python: `round(when, 3)`, a float (`12.0`, not `12`), or None.
    let when = "None";
    if (this.deadline !== null) {
      const rounded = Math.round(this.deadline * 1000) / 1000;
      when = Number.isInteger(rounded) ? `${rounded}.0` : String(rounded);
    }
    return `<Timeout [active] when=${when}>`;
  }
}

/**
 * A `Timeout` that expires `delay` seconds from now (`null`: never).
 * Python: `asyncio.timeout(delay)`.
 * @example
 * yield* using(timeout(10), function* () { yield* longOperation(); });
 */
export function timeout(delay: number | null): Timeout {
  if (delay === null) return new Timeout(null);
  if (typeof delay !== "number" || Number.isNaN(delay)) {
    throw new TypeError(`timeout() needs a number of seconds or null, got ${repr(delay)}`);
  }
  return new Timeout(getRunningLoop().time() + delay);
}

/** A `Timeout` that expires at loop time `when`. Python: `asyncio.timeout_at(when)`. */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when);
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Timeout.prototype.aenter, "Timeout.aenter");
refuseAwait(Timeout.prototype.aexit, "Timeout.aexit");
