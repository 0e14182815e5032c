/**
 * A task awaits a future-like of another implementation (Python: any object with
 * `_asyncio_future_blocking`), which has `getLoop()` but none of this package's fields: the task
 * asks it for its loop (CPython's `futures._get_loop`) and subscribes with its `addDoneCallback`.
 * Found by Stryker, see MUTATION.md.
 */
import { type EventLoop, FUTURE_BRAND, getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { type Future, run, sleep } from "../src/index.js";

/** A future-like around a loop future: `getLoop()`, callbacks and the result, no `_loop`. */
class Foreign<T> {
  readonly [FUTURE_BRAND] = true;
  _asyncioFutureBlocking = false;
  readonly callbacks: string[] = [];
  constructor(private readonly inner: Future<T>) {}
  getLoop(): EventLoop {
    return this.inner.getLoop();
  }
  addDoneCallback(cb: (f: this) => void, options?: { context?: unknown }): void {
    this.callbacks.push(options?.context === undefined ? "no context" : "with context");
    this.inner.addDoneCallback(() => cb(this));
  }
  removeDoneCallback(): number {
    return 0;
  }
  done(): boolean {
    return this.inner.done();
  }
  cancelled(): boolean {
    return this.inner.cancelled();
  }
  cancel(msg?: unknown): boolean {
    return this.inner.cancel(msg);
  }
  result(): T {
    return this.inner.result();
  }
  exception(): unknown {
    return this.inner.exception();
  }
  *[Symbol.iterator](): Generator<unknown, T, unknown> {
    if (!this.done()) {
      this._asyncioFutureBlocking = true;
      yield this;
    }
    return this.result();
  }
}

describe("a task awaiting a future-like of another implementation", () => {
  it("takes its loop from getLoop(), subscribes through its addDoneCallback, and resumes with its result", async () => {
    function* main() {
      const inner = getRunningLoop().createFuture<number>() as Future<number>;
      const foreign = new Foreign(inner);
      getRunningLoop().callLater(1, () => inner.setResult(7));
      const value = yield* foreign as unknown as Generator<never, number>;
      expect(foreign.callbacks).toEqual(["with context"]);
      yield* sleep(0);
      return value;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(7);
  });
});
