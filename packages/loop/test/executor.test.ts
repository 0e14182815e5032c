/**
 * `runInExecutor`, `setDefaultExecutor` and `shutdownDefaultExecutor` against executors as
 * `@aio/executor` provides them (the `ExecutorLike` protocol), with FakeFutures for the results.
 */
import { describe, expect, it } from "vitest";
import { type EventLoop, type ExecutorLike, type FutureLike, runtimeHooks } from "../src/index.js";
import { FakeFuture, withFutures } from "./fake-future.js";
import { loopFor } from "./helpers.js";

type ShutdownOptions = Parameters<ExecutorLike["shutdown"]>[0];

/** An executor that runs `fn` at once and records its shutdowns. */
class InlineExecutor implements ExecutorLike {
  readonly shutdowns: ShutdownOptions[] = [];
  shutdownResult: Promise<void> | void = undefined;
  submitForLoop(loop: EventLoop, fn: unknown, args: unknown[]): FutureLike {
    const fut = new FakeFuture(loop);
    fut.setResult((fn as (...a: unknown[]) => unknown)(...args));
    return fut;
  }
  shutdown(options?: ShutdownOptions): Promise<void> | void {
    this.shutdowns.push(options);
    return this.shutdownResult;
  }
}

function withDefaultExecutor<R>(make: () => ExecutorLike, fn: () => Promise<R>): Promise<R> {
  const hooks = runtimeHooks();
  const saved = hooks.createDefaultExecutor;
  hooks.createDefaultExecutor = make;
  return fn().finally(() => {
    if (saved) hooks.createDefaultExecutor = saved;
    else delete hooks.createDefaultExecutor;
  });
}

describe("runInExecutor", () => {
  it("runs in the executor given, and in one default executor made on first use", async () => {
    const loop = loopFor();
    const mine = new InlineExecutor();
    expect(loop.runInExecutor(mine, (a: number, b: number) => a + b, 1, 2).result()).toBe(3);
    const made: InlineExecutor[] = [];
    await withDefaultExecutor(
      () => {
        const ex = new InlineExecutor();
        made.push(ex);
        return ex;
      },
      async () => {
        expect(loop.runInExecutor(null, () => "a").result()).toBe("a");
        expect(loop.runInExecutor(null, () => "b").result()).toBe("b");
      },
    );
    expect(made.length).toBe(1);
    // close() shuts the default executor down without waiting (and leaves the others alone).
    loop.close();
    expect(made[0]?.shutdowns).toEqual([{ wait: false }]);
    expect(mine.shutdowns).toEqual([]);
  });

  it("without a default executor, says which package provides it", () => {
    const loop = loopFor();
    const hooks = runtimeHooks();
    const saved = hooks.createDefaultExecutor;
    delete hooks.createDefaultExecutor;
    try {
      expect(() => loop.runInExecutor(null, () => 1)).toThrow(
        new Error("runInExecutor(null, …) needs a default executor: import @aio/executor first"),
      );
    } finally {
      if (saved) hooks.createDefaultExecutor = saved;
    }
  });

  it("refuses what is not an executor, and a closed loop", () => {
    const loop = loopFor();
    expect(() => loop.runInExecutor(42 as never, () => 1)).toThrow(
      new TypeError("executor must be an executor (with submitForLoop) or None, got 42"),
    );
    expect(() => loop.runInExecutor({ submit() {} } as never, () => 1)).toThrow(
      new TypeError(
        "executor must be an executor (with submitForLoop) or None, got {'submit': <function submit>}",
      ),
    );
    loop.close();
    expect(() => loop.runInExecutor(new InlineExecutor(), () => 1)).toThrow(
      new Error("Event loop is closed"),
    );
  });

  it("in debug mode refuses a coroutine function, as Python's does", () => {
    const loop = loopFor({ clock: "virtual", debug: true });
    function* coro() {}
    expect(() => loop.runInExecutor(new InlineExecutor(), coro)).toThrow(
      new TypeError("coroutines cannot be used with runInExecutor()"),
    );
    const quiet = loopFor();
    expect(quiet.runInExecutor(new InlineExecutor(), coro).done()).toBe(true);
  });

  it("in debug mode too, a job may be a module function reference ({ module, name }), as executors take", () => {
    const submitted: unknown[] = [];
    const ex = new InlineExecutor();
    ex.submitForLoop = (loop, fn) => {
      submitted.push(fn);
      const fut = new FakeFuture(loop);
      fut.setResult("ran");
      return fut;
    };
    const ref = { module: "file:///app/jobs.js", name: "hash" };
    for (const debug of [false, true]) {
      const loop = loopFor({ clock: "virtual", debug });
      expect(loop.runInExecutor(ex, ref).result()).toBe("ran");
    }
    expect(submitted).toEqual([ref, ref]);
  });

  it("setDefaultExecutor replaces the default one; it refuses a non-executor", () => {
    const loop = loopFor();
    const ex = new InlineExecutor();
    loop.setDefaultExecutor(ex);
    expect(loop.runInExecutor(null, () => "mine").result()).toBe("mine");
    for (const bad of [null, 42, {}]) {
      expect(() => loop.setDefaultExecutor(bad as never)).toThrow(TypeError);
    }
    expect(() => loop.setDefaultExecutor({} as never)).toThrow(
      new TypeError("executor must be a ThreadPoolExecutor, got {}"),
    );
    expect(() => loop.setDefaultExecutor({ submitForLoop: 1 } as never)).toThrow(TypeError);
    expect(() => loop.setDefaultExecutor(null as never)).toThrow(
      new TypeError("executor must be a ThreadPoolExecutor, got None"),
    );
    // A function is no executor, even with a submitForLoop of its own.
    const fnExecutor = Object.assign(function fnExecutor() {}, {
      submitForLoop: ex.submitForLoop,
      shutdown() {},
    });
    expect(() => loop.setDefaultExecutor(fnExecutor as never)).toThrow(
      new TypeError("executor must be a ThreadPoolExecutor, got <function fnExecutor>"),
    );
    expect(() => loop.runInExecutor(fnExecutor as never, () => 1)).toThrow(
      new TypeError("executor must be an executor (with submitForLoop) or None, got <function fnExecutor>"),
    );
  });
});

describe("shutdownDefaultExecutor", () => {
  it("without a default executor completes at once; afterwards runInExecutor(null) is refused", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const fut = loop.shutdownDefaultExecutor();
      expect(fut.done()).toBe(true);
      expect(fut.result()).toBe(undefined);
      expect(() => loop.runInExecutor(null, () => 1)).toThrow(new Error("Executor shutdown has been called"));
      expect(loop.runInExecutor(new InlineExecutor(), () => 1).result()).toBe(1);
    });
  });

  it("waits for the executor's shutdown, on the loop", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      let finish: () => void = () => {};
      ex.shutdownResult = new Promise<void>((r) => {
        finish = r;
      });
      loop.setDefaultExecutor(ex);
      const fut = loop.shutdownDefaultExecutor();
      expect(ex.shutdowns).toEqual([{ wait: true }]);
      expect(fut.done()).toBe(false);
      setTimeout(() => finish(), 10);
      const out: string[] = [];
      // The virtual clock holds still while the shutdown is in flight.
      loop.callLater(1, () => out.push("timer"));
      await loop.runUntilComplete(fut);
      expect(out).toEqual([]);
      expect(loop.time()).toBe(0);
      expect(fut.result()).toBe(undefined);
      // The default executor is gone: close() does not shut it down again.
      loop.close();
      expect(ex.shutdowns).toEqual([{ wait: true }]);
    });
  });

  it("a failing shutdown fails the future", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      ex.shutdownResult = Promise.reject(new Error("join failed"));
      loop.setDefaultExecutor(ex);
      await expect(loop.runUntilComplete(loop.shutdownDefaultExecutor())).rejects.toThrow("join failed");
    });
  });

  it("past the timeout warns in Python's words and terminates the threads", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      ex.shutdown = (options) => {
        ex.shutdowns.push(options);
        return options?.terminate ? undefined : new Promise<void>(() => {});
      };
      loop.setDefaultExecutor(ex);
      const hooks = runtimeHooks();
      const saved = hooks.warn;
      const warnings: string[] = [];
      hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
      const t0 = performance.now();
      try {
        await loop.runUntilComplete(loop.shutdownDefaultExecutor(0.05));
      } finally {
        hooks.warn = saved;
      }
      expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
      expect(warnings).toEqual([
        "RuntimeWarning: The executor did not finishing joining its threads within 0.05 seconds.",
      ]);
      expect(ex.shutdowns).toEqual([{ wait: true }, { wait: false, cancelFutures: true, terminate: true }]);
    });
  });

  it("a shutdown within the timeout neither warns nor terminates", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      loop.setDefaultExecutor(ex);
      const hooks = runtimeHooks();
      const saved = hooks.warn;
      const warnings: string[] = [];
      hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
      try {
        await loop.runUntilComplete(loop.shutdownDefaultExecutor(0.03));
        await new Promise((r) => setTimeout(r, 60));
      } finally {
        hooks.warn = saved;
      }
      expect(warnings).toEqual([]);
      expect(ex.shutdowns).toEqual([{ wait: true }]);
    });
  });

  it("a shutdown that takes a while, within a timeout of seconds, does not warn", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      ex.shutdownResult = new Promise<void>((r) => setTimeout(r, 30));
      loop.setDefaultExecutor(ex);
      const hooks = runtimeHooks();
      const saved = hooks.warn;
      const warnings: string[] = [];
      hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
      try {
        await loop.runUntilComplete(loop.shutdownDefaultExecutor(5));
      } finally {
        hooks.warn = saved;
      }
      expect(warnings).toEqual([]);
      expect(ex.shutdowns).toEqual([{ wait: true }]);
    });
  });

  it("a timeout of null or infinity waits as long as it takes", async () => {
    await withFutures(async () => {
      for (const timeout of [null, Number.POSITIVE_INFINITY]) {
        const loop = loopFor();
        const ex = new InlineExecutor();
        let finish: () => void = () => {};
        ex.shutdownResult = new Promise<void>((r) => {
          finish = r;
        });
        loop.setDefaultExecutor(ex);
        setTimeout(() => finish(), 30);
        await loop.runUntilComplete(loop.shutdownDefaultExecutor(timeout));
        expect(ex.shutdowns).toEqual([{ wait: true }]);
      }
    });
  });

  it("a timeout of null or infinity arms no Node timer: nothing is left to keep the process alive", async () => {
    // Python: shutdown_default_executor(timeout=None) joins without a deadline. A day-long timer
    // armed for infinity would keep Node's process alive a day after the work is done (and warn).
    // (Counted synchronously around the call: no other timer can come or go meanwhile.)
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await withFutures(async () => {
      for (const timeout of [null, Number.POSITIVE_INFINITY, 5]) {
        const loop = loopFor();
        const ex = new InlineExecutor();
        let finish: () => void = () => {};
        ex.shutdownResult = new Promise<void>((r) => {
          finish = r;
        });
        loop.setDefaultExecutor(ex);
        const before = timers();
        const fut = loop.shutdownDefaultExecutor(timeout);
        expect(timers() - before).toBe(timeout === 5 ? 1 : 0);
        finish();
        await loop.runUntilComplete(fut);
      }
    });
  });

  it("a loop closed before the shutdown ends is left alone", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      let finish: () => void = () => {};
      ex.shutdownResult = new Promise<void>((r) => {
        finish = r;
      });
      loop.setDefaultExecutor(ex);
      const fut = loop.shutdownDefaultExecutor();
      loop.close();
      finish();
      await new Promise((r) => setTimeout(r, 10));
      expect(fut.done()).toBe(false);
    });
  });

  it("a future cancelled meanwhile is left alone when the shutdown ends", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const reports: unknown[] = [];
      loop.setExceptionHandler((_l, c) => reports.push(c.message));
      const ex = new InlineExecutor();
      ex.shutdownResult = new Promise<void>((r) => setTimeout(r, 10));
      loop.setDefaultExecutor(ex);
      const fut = loop.shutdownDefaultExecutor(0);
      fut.cancel();
      const release = loop.trackOutsideOperation();
      setTimeout(() => {
        release();
        loop.callSoonThreadsafe(() => loop.stop());
      }, 40);
      await loop.runForever();
      expect(fut.cancelled()).toBe(true);
      expect(reports).toEqual([]);
    });
  });

  it("terminating threads that fails fails the future", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const ex = new InlineExecutor();
      ex.shutdown = (options) => {
        ex.shutdowns.push(options);
        return options?.terminate
          ? Promise.reject(new Error("terminate failed"))
          : new Promise<void>(() => {});
      };
      loop.setDefaultExecutor(ex);
      const hooks = runtimeHooks();
      const saved = hooks.warn;
      hooks.warn = () => {};
      try {
        await expect(loop.runUntilComplete(loop.shutdownDefaultExecutor(0.01))).rejects.toThrow(
          "terminate failed",
        );
      } finally {
        hooks.warn = saved;
      }
    });
  });

  it("knows whether it has a default executor (what run() asks before shutting it down)", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      expect(loop._hasDefaultExecutor()).toBe(false);
      loop.setDefaultExecutor(new InlineExecutor());
      expect(loop._hasDefaultExecutor()).toBe(true);
      await loop.runUntilComplete(loop.shutdownDefaultExecutor());
      expect(loop._hasDefaultExecutor()).toBe(false);
    });
  });

  it("refuses a bad timeout", () => {
    const loop = loopFor();
    for (const bad of [-1, Number.NaN, "1"]) {
      expect(() => loop.shutdownDefaultExecutor(bad as never)).toThrow(TypeError);
    }
    expect(() => loop.shutdownDefaultExecutor(-1)).toThrow(
      new TypeError("timeout must be a non-negative number of seconds or None, got -1"),
    );
  });
});
