/**
 * Python: `asyncio.Event` (locks.py, CPython 3.12).
 */
import type { Future } from "@aio/future";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { LoopBound, locksRepr, refuseYieldStar } from "./internal/loop-bound.js";

/**
 * A flag tasks can wait for. `set()` wakes every waiter; `clear()` afterwards does not un-wake them.
 * Python: `asyncio.Event`.
 * @example
 * const ready = new Event();
 * createTask(worker(ready));
 * ready.set();
 */
export class Event extends LoopBound {
  private waiters: Future<boolean>[] = [];
  private value = false;

  /** Whether the flag is set. Python: `event.is_set()`. */
  isSet(): boolean {
    return this.value;
  }

  /** Sets the flag and wakes every waiter, first come first served. Python: `event.set()`. */
  set(): void {
    if (this.value) return;
    this.value = true;
    // Everyone waiting is woken: hand them off and start afresh, so that each woken waiter's
    // removal below is O(1) (100,000 waiters would otherwise cost O(n²) removals).
    const woken = this.waiters;
    this.waiters = [];
    for (const fut of woken) if (!fut.done()) fut.setResult(true);
  }

  /** Clears the flag. Python: `event.clear()`. */
  clear(): void {
    this.value = false;
  }

  /** Waits until the flag is set (at once if it is); returns true. Python: `await event.wait()`. */
  *wait(): Coro<boolean> {
    if (this.value) return true;
    const fut = this.getLoop().createFuture<boolean>() as Future<boolean>;
    this.waiters.push(fut);
    try {
      yield* fut;
      return true;
    } finally {
      const i = this.waiters.indexOf(fut);
      if (i >= 0) this.waiters.splice(i, 1);
    }
  }

  override toString(): string {
    const extra = [this.value ? "set" : "unset"];
    if (this.waiters.length) extra.push(`waiters:${this.waiters.length}`);
    return locksRepr(this, extra.join(", "));
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Event.prototype.wait, "Event.wait");
refuseYieldStar(Event);
