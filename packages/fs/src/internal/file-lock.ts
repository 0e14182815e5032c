/**
 * The lock of one open file: operations on a file take it in arrival order, so that they never
 * interleave.
 *
 * Why not @aio/sync's waiter queue (the one behind Lock, Semaphore and Queue): its waiters are
 * futures of a running loop, and this lock is taken and passed on where there may be none.
 * Closing from `Symbol.asyncDispose` takes it from Promise code ({@link FileLock.acquireNow}), and it
 * is passed on when raw I/O settles (a Promise callback), after the coroutine that started the I/O
 * may have been cancelled. So its waiters are Promise resolvers; the queue has the same shape as
 * sync's (an insertion-ordered Set: a cancelled waiter leaves in O(1)). fs also sits beside sync in
 * the layering, not above it.
 */
import { type Coro, fromPromise } from "@aio/task";

interface Waiter {
  granted: boolean;
  resolve: () => void;
}

function noop(): void {}

/** A FIFO lock for coroutines and Promise code alike. */
export class FileLock {
  /** Held by the coroutine running an operation; fast paths only run when nobody holds it. */
  locked = false;
  readonly #waiters = new Set<Waiter>();
  /** The raw I/O in flight, which must land before the next holder runs. */
  readonly #inFlight: () => Promise<void> | null;

  constructor(inFlight: () => Promise<void> | null) {
    this.#inFlight = inFlight;
  }

  /** Takes the lock, in arrival order. Cancelled while waiting, it leaves the queue (or passes the lock on, if it was just granted). */
  *acquire(): Coro<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    const waiter: Waiter = { granted: false, resolve: noop };
    const granted = new Promise<void>((resolve) => {
      waiter.resolve = resolve;
    });
    this.#waiters.add(waiter);
    try {
      yield* fromPromise(granted);
    } catch (err) {
      if (waiter.granted) this.release();
      else this.#waiters.delete(waiter);
      throw err;
    }
  }

  /** Takes the lock from Promise code (which cannot be cancelled). */
  acquireNow(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.#waiters.add({ granted: false, resolve });
    });
  }

  /** Passes the lock on to the next waiter, once the I/O in flight (if the holder was cancelled awaiting it) landed. */
  release(): void {
    const io = this.#inFlight();
    if (io === null) this.#grant();
    else void io.then(() => this.#grant());
  }

  #grant(): void {
    for (const next of this.#waiters) {
      this.#waiters.delete(next);
      next.granted = true;
      next.resolve();
      return;
    }
    this.locked = false;
  }
}
