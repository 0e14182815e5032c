/**
 * Python: `asyncio.Condition` (locks.py, CPython 3.12).
 */

import { CancelledError, isCancelledError } from "@aio/future";
import { repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { ContextManaged } from "./internal/context-managed.js";
import { locksRepr, refuseYieldStar } from "./internal/loop-bound.js";
import { WaiterQueue } from "./internal/waiter-queue.js";
import { Lock } from "./lock.js";

/**
 * A condition variable: tasks wait (releasing the lock) until another task notifies them.
 * `wait()` always re-acquires the lock before returning or raising. Python: `asyncio.Condition`.
 * @example
 * yield* using(cond, function* () {
 *   yield* cond.waitFor(() => items.length > 0);
 *   items.shift();
 * });
 */
export class Condition extends ContextManaged {
  private readonly lock: Lock;
  private readonly waiters = new WaiterQueue<boolean>();

  constructor(lock?: Lock) {
    super();
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError(`Condition needs a Lock, got ${repr(lock)}`);
    }
    this.lock = lock ?? new Lock();
  }

  /** Whether the underlying lock is held. */
  locked(): boolean {
    return this.lock.locked();
  }

  /** Acquires the underlying lock. */
  acquire(): Coro<boolean> {
    return this.lock.acquire();
  }

  /** Releases the underlying lock. */
  release(): void {
    this.lock.release();
  }

  /**
   * Releases the lock, waits to be notified, re-acquires the lock; returns true.
   * Python: `await cond.wait()`.
   */
  *wait(): Coro<boolean> {
    if (!this.locked()) throw new Error("cannot wait on un-acquired lock");
    this.release();
    let failed = false;
    let failure: unknown;
    try {
      const fut = this.waiters.park(this.getLoop());
      try {
        yield* fut;
      } finally {
        this.waiters.delete(fut);
      }
    } catch (err) {
      failed = true;
      failure = err;
    }
    // The lock must be held again, even when the wait was cancelled.
    let cancelled = false;
    for (;;) {
      try {
        yield* this.acquire();
        break;
      } catch (err) {
        if (!isCancelledError(err)) throw err;
        cancelled = true;
      }
    }
    // As CPython 3.11/3.12: a cancel during re-acquisition raises a fresh CancelledError.
    if (cancelled) throw new CancelledError();
    if (failed) throw failure;
    return true;
  }

  /** Waits until `predicate()` is truthy; returns its value. Python: `await cond.wait_for(predicate)`. */
  *waitFor<T>(predicate: () => T): Coro<T> {
    let result = predicate();
    while (!result) {
      yield* this.wait();
      result = predicate();
    }
    return result;
  }

  /** Wakes up to `n` waiters, first come first served. Python: `cond.notify(n=1)`. */
  notify(n = 1): void {
    if (typeof n !== "number" || Number.isNaN(n)) {
      throw new TypeError(`notify() needs a number of waiters, got ${repr(n)}`);
    }
    if (!this.locked()) throw new Error("cannot notify on un-acquired lock");
    this.waiters.wakeUpTo(n, false);
  }

  /** Wakes every waiter. Python: `cond.notify_all()`. */
  notifyAll(): void {
    this.notify(this.waiters.size);
  }

  override toString(): string {
    const extra = [this.locked() ? "locked" : "unlocked"];
    if (this.waiters.size) extra.push(`waiters:${this.waiters.size}`);
    return locksRepr(this, extra.join(", "));
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Condition.prototype.wait, "Condition.wait");
refuseAwait(Condition.prototype.waitFor, "Condition.waitFor");
refuseYieldStar(Condition);
