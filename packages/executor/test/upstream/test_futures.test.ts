// Port of CPython 3.12.1 Lib/test/test_asyncio/test_futures.py: its 9 tests of
// `asyncio.wrap_future` / `asyncio.ensure_future` (DuckTests and the BaseFutureTests.test_wrap_future*
// methods). The rest of the file is ported in packages/future/test/upstream/test_futures.test.ts:
// `@aio/future` cannot import `wrapFuture` (this package's) or `ensureFuture` (`@aio/task`'s).
// Translation rules: `concurrent.futures.ThreadPoolExecutor(1)` → `new ThreadPoolExecutor({ maxWorkers: 1 })`
// (real worker threads), `ex.submit(run, 'oi')` → `ex.submit(run, "oi")` with `run` the module export
// `{ module, name }` of fixtures/jobs.mjs' `argAndThread` (`threading.get_ident()` →
// `worker_threads.threadId`), `ex.shutdown(wait=True)` → `await ex.shutdown({ wait: true })`,
// `concurrent.futures.Future()` → `new ConcurrentFuture()`, `asyncio.wrap_future(f, loop=l)` →
// `wrapFuture(f, l)`, `asyncio.ensure_future(f)` → `ensureFuture(f)`, `loop.run_until_complete(x)` →
// `await loop.runUntilComplete(x)`, snake_case → camelCase; Python's RuntimeError is aio's Error.
// `self.new_test_loop()` (test_utils.TestLoop, a fake clock, with `set_event_loop(None)`) → a real
// `newEventLoop()` and `setEventLoop(null)`: the jobs run on real threads, which a fake clock does not
// change (no test here sleeps).
// Left out as a group: BaseFutureTests runs once per Future implementation (CFutureTests,
// CSubFutureTests, PyFutureTests); its wrap_future tests are ported once here (the variants are
// listed N/A in the @aio/future port).
// STATUS: see test/upstream/README.md for the counts.
import { threadId } from "node:worker_threads";
import { Future, isFuture } from "@aio/future";
import { type EventLoop, newEventLoop, setEventLoop } from "@aio/loop";
import { ensureFuture } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConcurrentFuture, ThreadPoolExecutor, wrapFuture } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {};

// upstream's DuckFuture: a class that does not inherit from Future but aims to be duck-type
// compatible with it (`_asyncio_future_blocking` → `_asyncioFutureBlocking`, `__iter__` →
// `[Symbol.iterator]`, as aio's Future is awaited with `yield*`).
class DuckFuture {
  _asyncioFutureBlocking = false;
  #cancelled = false;
  #result: unknown = null;
  #exception: unknown = null;

  cancel(): boolean {
    if (this.done()) return false;
    this.#cancelled = true;
    return true;
  }

  cancelled(): boolean {
    return this.#cancelled;
  }

  done(): boolean {
    return this.#cancelled || this.#result !== null || this.#exception !== null;
  }

  result(): unknown {
    expect(this.cancelled()).toBe(false);
    if (this.#exception !== null) throw this.#exception;
    return this.#result;
  }

  exception(): unknown {
    expect(this.cancelled()).toBe(false);
    return this.#exception;
  }

  setResult(result: unknown): void {
    expect(this.done()).toBe(false);
    expect(result).not.toBeNull();
    this.#result = result;
  }

  setException(exception: unknown): void {
    expect(this.done()).toBe(false);
    expect(exception).not.toBeNull();
    this.#exception = exception;
  }

  *[Symbol.iterator](): Generator<unknown, unknown, unknown> {
    if (!this.done()) {
      this._asyncioFutureBlocking = true;
      yield this;
    }
    expect(this.done()).toBe(true);
    return this.result();
  }
}

// upstream's `def run(arg): return (arg, threading.get_ident())`, run on a worker thread: a module
// export (as Python pickles a function by name), since the job needs `worker_threads.threadId`.
const run = { module: new URL("../fixtures/jobs.mjs", import.meta.url).href, name: "argAndThread" };

/** test_utils.run_briefly(loop): run a task of an empty coroutine to completion. */
async function runBriefly(loop: EventLoop): Promise<void> {
  function* once() {}
  await loop.runUntilComplete(loop.createTask(once()));
}

describe("DuckTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(null);
  });
  afterEach(() => {
    loop.close();
  });

  it("test_wrap_future", () => {
    const f = new DuckFuture();
    const g = wrapFuture(f as never);
    expect(g).toBe(f);
  });

  it("test_ensure_future", () => {
    const f = new DuckFuture();
    const g = ensureFuture(f as never);
    expect(g).toBe(f);
  });
});

describe("BaseFutureTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    // test_utils.TestCase.new_test_loop: "ensure that the event loop is passed explicitly"
    setEventLoop(null);
  });
  afterEach(() => {
    loop.close();
  });

  it("test_wrap_future", async () => {
    const ex = new ThreadPoolExecutor({ maxWorkers: 1 });
    const f1 = ex.submit(run, "oi");
    const f2 = wrapFuture(f1, loop);
    const [res, ident] = (await loop.runUntilComplete(f2)) as [string, number];
    expect(isFuture(f2)).toBe(true);
    expect(res).toBe("oi");
    expect(ident).not.toBe(threadId);
    await ex.shutdown({ wait: true });
  });

  it("test_wrap_future_future", () => {
    const f1 = new Future({ loop });
    const f2 = wrapFuture(f1);
    expect(f2).toBe(f1);
  });

  it("test_wrap_future_without_loop", async () => {
    const ex = new ThreadPoolExecutor({ maxWorkers: 1 });
    const f1 = ex.submit(run, "oi");
    expect(() => wrapFuture(f1)).toThrow(/no current event loop/);
    await ex.shutdown({ wait: true });
  });

  it("test_wrap_future_use_running_loop", async () => {
    const ex = new ThreadPoolExecutor({ maxWorkers: 1 });
    const f1 = ex.submit(run, "oi");
    // The wrapped future is returned boxed: aio futures are thenables, and runUntilComplete's
    // Promise would adopt a bare one.
    function* test() {
      return [wrapFuture(f1)] as const;
    }
    const [f2] = await loop.runUntilComplete(test());
    expect(f2._loop).toBe(loop);
    await ex.shutdown({ wait: true });
  });

  it("test_wrap_future_use_global_loop", async () => {
    // Deprecated in 3.10, undeprecated in 3.12
    setEventLoop(loop);
    try {
      const ex = new ThreadPoolExecutor({ maxWorkers: 1 });
      const f1 = ex.submit(run, "oi");
      const f2 = wrapFuture(f1);
      expect(f2._loop).toBe(loop);
      await ex.shutdown({ wait: true });
    } finally {
      setEventLoop(null);
    }
  });

  it("test_wrap_future_cancel", async () => {
    const f1 = new ConcurrentFuture();
    const f2 = wrapFuture(f1, loop);
    f2.cancel();
    await runBriefly(loop);
    expect(f1.cancelled()).toBe(true);
    expect(f2.cancelled()).toBe(true);
  });

  it("test_wrap_future_cancel2", async () => {
    const f1 = new ConcurrentFuture<number>();
    const f2 = wrapFuture(f1, loop);
    f1.setResult(42);
    f2.cancel();
    await runBriefly(loop);
    expect(f1.cancelled()).toBe(false);
    expect(f1.result()).toBe(42);
    expect(f2.cancelled()).toBe(true);
  });
});
