/**
 * Python: `asyncio.Semaphore` and `asyncio.BoundedSemaphore` (locks.py, CPython 3.12).
 */

import { isCancelledError } from "@aio/future";
import { repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { ContextManaged } from "./internal/context-managed.js";
import { locksRepr, refuseYieldStar } from "./internal/loop-bound.js";
import { WaiterQueue } from "./internal/waiter-queue.js";

/**
 * A counter of permits. `release()` hands the permit straight to the first waiter, so waiters are
 * served strictly first come first served and a newcomer cannot overtake; a woken waiter that is
 * cancelled gives its permit back and wakes the next. Python: `asyncio.Semaphore(value=1)`.
 * @example
 * const limit = new Semaphore(3);
 * yield* using(limit, function* () { yield* download(url); }); // at most 3 at once
 */
export class Semaphore extends ContextManaged {
  private readonly waiters = new WaiterQueue<boolean>();
  /** @internal */ protected value: number;

  constructor(value = 1) {
    super();
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new TypeError(`Semaphore initial value must be an integer, got ${repr(value)}`);
    }
    if (value < 0) throw new RangeError("Semaphore initial value must be >= 0");
    this.value = value;
  }

  /** Whether an `acquire()` would have to wait. Python: `sem.locked()`. */
  locked(): boolean {
    return this.value === 0 || this.waiters.anyNotCancelled();
  }

  /** Waits for a permit and takes it; returns true. Python: `await sem.acquire()`. */
  *acquire(): Coro<boolean> {
    if (!this.locked()) {
      this.value--;
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
      // Woken (the permit was handed to us) but cancelled: give it back.
      if (isCancelledError(err) && fut.done() && !fut.cancelled()) this.value++;
      throw err;
    } finally {
      // Newcomers may be queued behind us; wake as many as there are permits.
      while (this.value > 0) {
        if (!this.wakeUpNext()) break;
      }
    }
    return true;
  }

  /** Returns a permit, handing it to the first waiter if any. Python: `sem.release()`. */
  release(): void {
    this.value++;
    this.wakeUpNext();
  }

  /** Hands a permit to the first waiter not yet woken; whether there was one. */
  private wakeUpNext(): boolean {
    const woken = this.waiters.wakeNext(true);
    if (woken) this.value--;
    return woken;
  }

  override toString(): string {
    const extra = [this.locked() ? "locked" : `unlocked, value:${this.value}`];
    if (this.waiters.size) extra.push(`waiters:${this.waiters.size}`);
    return locksRepr(this, extra.join(", "));
  }
}

/**
 * A semaphore that refuses to be released more often than acquired.
 * Python: `asyncio.BoundedSemaphore(value=1)`.
 */
export class BoundedSemaphore extends Semaphore {
  private readonly bound: number;

  constructor(value = 1) {
    super(value);
    this.bound = value;
  }

  /** @throws RangeError `BoundedSemaphore released too many times` */
  override release(): void {
    if (this.value >= this.bound) throw new RangeError("BoundedSemaphore released too many times");
    super.release();
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Semaphore.prototype.acquire, "Semaphore.acquire");
refuseYieldStar(Semaphore);
