/**
 * A minimal Future for this package's tests: what `@aio/future` plugs into the loop (the
 * `FutureLike` protocol and the `createFuture` hook), without depending on that package (it sits
 * above this one). Done-callbacks are scheduled with `callSoon`, as asyncio's are.
 */
import {
  BASE_EXCEPTION_BRAND,
  type EventLoop,
  FUTURE_BRAND,
  type FutureLike,
  runtimeHooks,
} from "../src/index.js";

export class FakeFuture<T = unknown> implements FutureLike<T> {
  readonly [FUTURE_BRAND] = true as const;
  private state: "PENDING" | "FINISHED" | "CANCELLED" = "PENDING";
  private value: T | undefined;
  private error: unknown;
  private callbacks: ((f: FutureLike<T>) => void)[] = [];

  constructor(readonly loop: EventLoop) {}

  done(): boolean {
    return this.state !== "PENDING";
  }
  cancelled(): boolean {
    return this.state === "CANCELLED";
  }
  result(): T {
    if (this.state === "CANCELLED") throw new Error("CancelledError");
    if (this.state === "PENDING") throw new Error("Result is not set.");
    if (this.error !== undefined) throw this.error;
    return this.value as T;
  }
  exception(): unknown {
    // As asyncio's: a cancelled future raises CancelledError here too.
    if (this.state === "CANCELLED") throw new Error("CancelledError");
    if (this.state === "PENDING") throw new Error("Exception is not set.");
    return this.error ?? null;
  }
  cancel(): boolean {
    if (this.state !== "PENDING") return false;
    this.state = "CANCELLED";
    this.schedule();
    return true;
  }
  setResult(value: T): void {
    if (this.done()) throw new Error(`invalid state: ${this}`); // asyncio's InvalidStateError
    this.value = value;
    this.state = "FINISHED";
    this.schedule();
  }
  setException(error: unknown): void {
    if (this.done()) throw new Error(`invalid state: ${this}`);
    if (error === undefined || error === null)
      throw new TypeError("exceptions must derive from BaseException");
    this.error = error;
    this.state = "FINISHED";
    this.schedule();
  }
  addDoneCallback(fn: (f: FutureLike<T>) => void): void {
    if (this.done()) this.loop.callSoon(fn, this);
    else this.callbacks.push(fn);
  }
  removeDoneCallback(fn: (f: FutureLike<T>) => void): number {
    const before = this.callbacks.length;
    this.callbacks = this.callbacks.filter((f) => f !== fn);
    return before - this.callbacks.length;
  }
  getLoop(): EventLoop {
    return this.loop;
  }
  *[Symbol.iterator](): Iterator<FutureLike<unknown>, T, unknown> {
    if (!this.done()) yield this as FutureLike<unknown>;
    return this.result();
  }
  toString(): string {
    return `<FakeFuture ${this.state.toLowerCase()}>`;
  }
  private schedule(): void {
    const cbs = this.callbacks;
    this.callbacks = [];
    for (const cb of cbs) this.loop.callSoon(cb, this);
  }
}

/** Installs `createFuture` (FakeFuture) for the duration of `fn`, as importing `@aio/future` would. */
export async function withFutures<R>(fn: () => R | Promise<R>): Promise<R> {
  const hooks = runtimeHooks();
  const saved = hooks.createFuture;
  hooks.createFuture = (loop) => new FakeFuture(loop);
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete hooks.createFuture;
    else hooks.createFuture = saved;
  }
}

/** A `KeyboardInterrupt`-like error: it stops the loop instead of being reported. */
export function keyboardInterrupt(): Error {
  const err = new Error("KeyboardInterrupt");
  err.name = "KeyboardInterrupt";
  (err as unknown as Record<symbol, boolean>)[BASE_EXCEPTION_BRAND] = true;
  return err;
}
