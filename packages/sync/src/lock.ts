/**
 * Python: `asyncio.Lock` (locks.py, CPython 3.12).
 */
import type { Future } from "@aio/future";
import { isCancelledError } from "@aio/future";
import type { AsyncContextManager, Coro } from "@aio/task";
import { LoopBound } from "./internal/loop-bound.js";

/**
 * A mutual-exclusion lock for tasks. Fair: waiters acquire it in the order they asked, and a
 * newcomer never barges ahead of a woken waiter. Python: `asyncio.Lock`.
 * @example
 * yield* using(lock, function* () { counter++; }); // async with lock:
 */
export class Lock extends LoopBound implements AsyncContextManager<void>, AsyncDisposable {
  private waiters: Future<boolean>[] | null = null;
  private isLocked = false;

  /** Whether the lock is held. Python: `lock.locked()`. */
  locked(): boolean {
    return this.isLocked;
  }

  /**
   * Waits until the lock is free, then takes it; returns true. Python: `await lock.acquire()`.
   */
  *acquire(): Coro<boolean> {
    if (!this.isLocked && (this.waiters === null || this.waiters.every((w) => w.cancelled()))) {
      this.isLocked = true;
      return true;
    }
    if (this.waiters === null) this.waiters = [];
    const fut = this.getLoop().createFuture<boolean>() as Future<boolean>;
    this.waiters.push(fut);
    try {
      try {
        yield* fut;
      } finally {
        this.waiters.splice(this.waiters.indexOf(fut), 1);
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
    const fut = this.waiters?.[0];
    if (fut !== undefined && !fut.done()) fut.setResult(true);
  }

  *aenter(): Coro<void> {
    yield* this.acquire();
  }

  *aexit(): Coro<boolean> {
    this.release();
    return false;
  }

  /** Releases the lock at the end of an `await using` block (acquire it first). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }

  override toString(): string {
    const extra = [this.isLocked ? "locked" : "unlocked"];
    if (this.waiters?.length) extra.push(`waiters:${this.waiters.length}`);
    return `<Lock [${extra.join(", ")}]>`;
  }
}
