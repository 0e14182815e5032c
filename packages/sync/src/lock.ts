/**
 * Python: `asyncio.Lock` (locks.py, CPython 3.12).
 */
import { isCancelledError } from "@aio/future";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { ContextManaged } from "./internal/context-managed.js";
import { locksRepr, refuseYieldStar } from "./internal/loop-bound.js";
import { WaiterQueue } from "./internal/waiter-queue.js";

/**
 * A mutual-exclusion lock for tasks. Fair: waiters acquire it in the order they asked, and a
 * newcomer never barges ahead of a woken waiter. Python: `asyncio.Lock`.
 * @example
 * yield* using(lock, function* () { counter++; }); // async with lock:
 */
export class Lock extends ContextManaged {
  private readonly waiters = new WaiterQueue<boolean>();
  private isLocked = false;

  /** Whether the lock is held. Python: `lock.locked()`. */
  locked(): boolean {
    return this.isLocked;
  }

  /**
   * Waits until the lock is free, then takes it; returns true. Python: `await lock.acquire()`.
   */
  *acquire(): Coro<boolean> {
    if (!this.isLocked && !this.waiters.anyNotCancelled()) {
      this.isLocked = true;
      return true;
    }
    const fut = this.waiters.park(this.getLoop());
    try {
      try {
        yield* fut;
      } finally {
        this.waiters.delete(fut);
      }
    } catch (err) {
      // Cancelled after being woken: pass the wakeup on, so nobody waits for a free lock.
      if (isCancelledError(err) && !this.isLocked) this.wakeUpFirst();
      throw err;
    }
    this.isLocked = true;
    return true;
  }

  /** Releases the lock and wakes the first waiter. Python: `lock.release()`. */
  release(): void {
    if (!this.isLocked) throw new Error("Lock is not acquired.");
    this.isLocked = false;
    this.wakeUpFirst();
  }

  private wakeUpFirst(): void {
    // The first waiter only, woken or not: a woken waiter keeps its turn until it runs (CPython).
    const fut = this.waiters.first();
    if (fut !== undefined && !fut.done()) fut.setResult(true);
  }

  override toString(): string {
    const extra = [this.isLocked ? "locked" : "unlocked"];
    if (this.waiters.size) extra.push(`waiters:${this.waiters.size}`);
    return locksRepr(this, extra.join(", "));
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Lock.prototype.acquire, "Lock.acquire");
refuseYieldStar(Lock);
