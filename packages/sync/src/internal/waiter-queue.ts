/**
 * The tasks waiting on a sync primitive, first come first served: one queue behind Lock, Semaphore,
 * Event, Condition and Queue (trio's `ParkingLot`; CPython keeps a deque of futures in each).
 *
 * A waiter is a Future of the primitive's loop. Two ways of leaving the queue, as CPython has them:
 * - the locks' waiters stay queued once woken, until their own `wait` ends (each removes itself in
 *   a `finally`): a woken waiter that has not run yet still counts (`waiters:1` in the repr) and
 *   still holds its place (`Lock.acquire` wakes the first waiter only);
 * - a Queue's getters and putters leave as they are woken (`shiftNext`, Python's `popleft()`).
 *
 * An insertion-ordered Set: adding, removing from anywhere (a cancelled waiter, `delete`) and finding
 * the first are O(1).
 */
import type { Future } from "@aio/future";
import type { EventLoop } from "@aio/loop";

export class WaiterQueue<T> extends Set<Future<T>> {
  /** A new waiter of `loop`, last in the queue. */
  park(loop: EventLoop): Future<T> {
    const fut = loop.createFuture<T>() as Future<T>;
    this.add(fut);
    return fut;
  }

  /** The first waiter, woken or not. */
  first(): Future<T> | undefined {
    for (const w of this) return w;
    return undefined;
  }

  /** Whether any waiter is still waiting or woken, not cancelled. */
  anyNotCancelled(): boolean {
    for (const w of this) if (!w.cancelled()) return true;
    return false;
  }

  /** Wakes the first waiter not yet done with `value`, leaving it queued; whether there was one. */
  wakeNext(value: T): boolean {
    return this.wakeUpTo(1, value) === 1;
  }

  /** Wakes up to `n` waiters not yet done, in order, leaving them queued; how many it woke. */
  wakeUpTo(n: number, value: T): number {
    let woken = 0;
    for (const w of this) {
      if (woken >= n) break;
      if (!w.done()) {
        w.setResult(value);
        woken++;
      }
    }
    return woken;
  }

  /** Wakes every waiter not yet done, leaving them queued. */
  wakeAll(value: T): void {
    this.wakeUpTo(Number.POSITIVE_INFINITY, value);
  }

  /**
   * Takes waiters off the front until one not yet done, which it wakes with `value` (those done,
   * cancelled ones, leave with it). Python's `Queue._wakeup_next`.
   */
  shiftNext(value: T): void {
    for (const w of this) {
      this.delete(w);
      if (!w.done()) {
        w.setResult(value);
        return;
      }
    }
  }

  /** Takes every waiter off, waking those not yet done with `value`. */
  shiftAll(value: T): void {
    const all = [...this];
    this.clear();
    for (const w of all) if (!w.done()) w.setResult(value);
  }
}
