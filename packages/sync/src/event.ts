/**
 * Python: `asyncio.Event` (locks.py, CPython 3.12).
 */
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { LoopBound, locksRepr, refuseYieldStar } from "./internal/loop-bound.js";
import { WaiterQueue } from "./internal/waiter-queue.js";

/**
 * A flag tasks can wait for. `set()` wakes every waiter; `clear()` afterwards does not un-wake them.
 * Python: `asyncio.Event`.
 * @example
 * const ready = new Event();
 * createTask(worker(ready));
 * ready.set();
 */
export class Event extends LoopBound {
  /** Waiting futures, in arrival order; each leaves when its `wait()` ends. */
  private readonly waiters = new WaiterQueue<boolean>();
  private value = false;

  /** Whether the flag is set. Python: `event.is_set()`. */
  isSet(): boolean {
    return this.value;
  }

  /**
   * Sets the flag and wakes every waiter, first come first served. Python: `event.set()`. As in
   * CPython, the woken stay listed (`waiters:1` in the repr) until each has run.
   */
  set(): void {
    if (this.value) return;
    this.value = true;
    this.waiters.wakeAll(true);
  }

  /** Clears the flag. Python: `event.clear()`. */
  clear(): void {
    this.value = false;
  }

  /** Waits until the flag is set (at once if it is); returns true. Python: `await event.wait()`. */
  *wait(): Coro<boolean> {
    if (this.value) return true;
    const fut = this.waiters.park(this.getLoop());
    try {
      yield* fut;
      return true;
    } finally {
      this.waiters.delete(fut);
    }
  }

  override toString(): string {
    const extra = [this.value ? "set" : "unset"];
    if (this.waiters.size) extra.push(`waiters:${this.waiters.size}`);
    return locksRepr(this, extra.join(", "));
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Event.prototype.wait, "Event.wait");
refuseYieldStar(Event);
