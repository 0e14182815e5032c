/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_runners.py (27 test methods).
 *
 * Translation rules:
 * - `asyncio.run(main())` → `await run(main())`; `asyncio.Runner(...)` → `new Runner({...})`
 *   (`debug=` → `{ debug }`, `loop_factory=` → `{ loopFactory }`).
 * - `with asyncio.Runner() as runner: body` → `withRunner(runner, body)`: `__enter__` is the lazy
 *   init (`runner.getLoop()`, which raises `Runner is closed` on a closed runner, as `_lazy_init`
 *   does), `__exit__` is `await runner.close()` in a `finally`.
 * - BaseTest's `TestPolicy` (its loop must be closed at tearDown) → `setEventLoopPolicy` with a
 *   policy that records the loops it makes; `afterEach` checks that each of them is closed. The
 *   `shutdown_ag_run` half of that check is not ported: aio's runner has no async generators to
 *   shut down (`shutdownAsyncgens` is a no-op module function, not a loop method a test can replace).
 * - ValueError → RangeError, RuntimeError → plain `Error` (exact message regexes kept).
 * - `mock.Mock()` as an exception handler → a recording function set with `setExceptionHandler`
 *   (aio's loop routes `callExceptionHandler` through it); `mock.Mock()` as a loop → a fresh loop.
 * - `policy.set_event_loop = mock.Mock()` (was it called?) → observed through `getEventLoop()`:
 *   the test sets a loop of its own first and looks at what is set afterwards.
 * - `mock.patch('asyncio.coroutines._is_debug_mode')` → the `AIO_DEBUG` environment variable
 *   (aio's debug default).
 * - `asyncio.run(…)` / `runner.run(…)` called inside a coroutine → `yield* awaitPromise(run(…))`:
 *   aio's `run` returns a Promise, which rejects with the RuntimeError Python raises at once.
 * - test_recursive_run: `g` is a `coroutine()` function (aio reports only those as never awaited)
 *   and `reportNeverAwaited()` stands for CPython's refcount drop, which warns at once.
 * - `_thread.interrupt_main()` → `process.emit("SIGINT")`: like interrupt_main it simulates the
 *   signal's arrival in this process (runs the installed handler) without an OS signal that could
 *   reach the test runner.
 *
 * Left out: the two tests in NOT_APPLICABLE below (async-generator frames, patching signal.signal).
 */
import {
  type Context,
  ContextVar,
  type CoroutineLike,
  copyContext,
  EventLoop,
  type EventLoopPolicy,
  FUTURE_BRAND,
  type FutureLike,
  getEventLoop,
  getRunningLoop,
  setEventLoop,
  setEventLoopPolicy,
  type TaskOptions,
} from "@aio/loop";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  awaitPromise,
  CancelledError,
  type Coro,
  coroutine,
  createTask,
  currentTask,
  type Future,
  KeyboardInterrupt,
  Runner,
  reportNeverAwaited,
  run,
  sleep,
  Task,
} from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "RunTests.test_asyncio_run_closes_gens_after_hanging_tasks_errors":
    "checks an async generator's `ag_frame`/`ag_running` after shutdown_asyncgens(); JavaScript async generators cannot be finalised from outside and expose no frame (aio's shutdownAsyncgens is a documented no-op)",
  "RunnerTests.test_signal_install_not_supported_ok":
    "patches `signal.signal` to raise; aio installs its Ctrl-C handler through the loop's private platform module (an ES module namespace a test cannot patch)",
};

class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}

// BaseTest: a policy whose loops must all be closed at tearDown.
let made: EventLoop[] = [];
beforeEach(() => {
  made = [];
  const policy: EventLoopPolicy = {
    newEventLoop() {
      const loop = new EventLoop();
      made.push(loop);
      return loop;
    },
  };
  setEventLoopPolicy(policy);
});
afterEach(() => {
  for (const loop of made) expect(loop.isClosed()).toBe(true);
  setEventLoopPolicy(null);
});

/** `with runner: body` */
async function withRunner(runner: Runner, body: (runner: Runner) => Promise<void>): Promise<void> {
  runner.getLoop(); // __enter__: _lazy_init()
  try {
    await body(runner);
  } finally {
    await runner.close();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: any error class
type ErrorClass = abstract new (...args: any[]) => unknown;

/** `with self.assertRaises(cls)` around a Promise: an error of another class goes through. */
async function raises(cls: ErrorClass, body: () => Promise<unknown>): Promise<unknown> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

/** `with self.assertRaises(cls)` inside a coroutine. */
function* raisesCo(cls: ErrorClass, body: () => Coro<unknown>): Coro<unknown> {
  try {
    yield* body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

/** `with self.assertRaisesRegex(cls, pattern)` */
async function raisesRegex(cls: ErrorClass, pattern: RegExp, body: () => Promise<unknown>) {
  const e = await raises(cls, body);
  expect((e as Error).message).toMatch(pattern);
}

/** `_thread.interrupt_main()` */
function interruptSelf(): void {
  process.emit("SIGINT");
}

describe("RunTests", () => {
  it("test_asyncio_run_return", async () => {
    function* main(): Coro<number> {
      yield* sleep(0);
      return 42;
    }
    expect(await run(main())).toBe(42);
  });

  it("test_asyncio_run_raises", async () => {
    function* main(): Coro<never> {
      yield* sleep(0);
      throw new RangeError("spam");
    }
    await raisesRegex(RangeError, /spam/, () => run(main()));
  });

  it("test_asyncio_run_only_coro", async () => {
    for (const o of [1, () => undefined]) {
      await raisesRegex(RangeError, /a coroutine was expected/, () => run(o as unknown as Coro<unknown>));
    }
  });

  it("test_asyncio_run_debug", async () => {
    function* main(expected: boolean): Coro<void> {
      const loop = getEventLoop();
      expect(loop.getDebug()).toBe(expected);
    }
    const saved = process.env.AIO_DEBUG;
    try {
      await run(main(false), { debug: false });
      await run(main(true), { debug: true });
      process.env.AIO_DEBUG = "1";
      await run(main(true));
      await run(main(false), { debug: false });
      process.env.AIO_DEBUG = "0";
      await run(main(true), { debug: true });
      await run(main(false));
    } finally {
      if (saved === undefined) delete process.env.AIO_DEBUG;
      else process.env.AIO_DEBUG = saved;
    }
  });

  it("test_asyncio_run_from_running_loop", async () => {
    function* main(): Coro<void> {
      const coro = main();
      try {
        yield* awaitPromise(run(coro));
      } finally {
        coro.return(undefined); // Suppress ResourceWarning
      }
    }
    await raisesRegex(Error, /cannot be called from a running/, () => run(main()));
  });

  it("test_asyncio_run_cancels_hanging_tasks", async () => {
    let loTask: Task<void> | null = null;
    function* leftover(): Coro<void> {
      yield* sleep(0.1);
    }
    function* main(): Coro<number> {
      loTask = createTask(leftover());
      return 123;
    }
    expect(await run(main())).toBe(123);
    expect((loTask as unknown as Task<void>).done()).toBe(true);
  });

  it("test_asyncio_run_reports_hanging_tasks_errors", async () => {
    let loTask: Task<void> | null = null;
    const calls: Record<string, unknown>[] = [];
    function* leftover(): Coro<void> {
      try {
        yield* sleep(0.1);
      } catch (e) {
        if (e instanceof CancelledError) throw new ZeroDivisionError("division by zero");
        throw e;
      }
    }
    function* main(): Coro<number> {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_loop, context) => {
        calls.push(context as unknown as Record<string, unknown>);
      });
      loTask = createTask(leftover());
      return 123;
    }
    expect(await run(main())).toBe(123);
    expect((loTask as unknown as Task<void>).done()).toBe(true);
    // assert_called_with: the last call
    const last = calls.at(-1) as Record<string, unknown>;
    expect(Object.keys(last).sort()).toEqual(["exception", "message", "task"]);
    expect(last.message).toMatch(/asyncio.run.*shutdown/);
    expect(last.task).toBe(loTask);
    expect(last.exception).toBeInstanceOf(ZeroDivisionError);
  });

  it("test_asyncio_run_set_event_loop", async () => {
    function* main(): Coro<number> {
      yield* sleep(0);
      return 42;
    }
    // policy.set_event_loop = mock.Mock(): a loop of the test's own is set first; run() setting its
    // own loop (and None at the end) replaces it.
    const mine = new EventLoop();
    setEventLoop(mine);
    await run(main());
    expect(() => getEventLoop()).toThrow("There is no current event loop");
    mine.close();
  });

  // A task factory's Task-like without uncancel(): the CancelledError propagates (gh-95097).
  it("test_asyncio_run_without_uncancel", async () => {
    // See https://github.com/python/cpython/issues/95097
    // A Task-like wrapper without uncancel(); FUTURE_BRAND stands for `_asyncio_future_blocking`.
    class WrappedTask {
      readonly _task: Task<unknown>;
      constructor(loop: EventLoop, coro: CoroutineLike, options: TaskOptions) {
        this._task = new Task(coro as Coro<unknown>, { ...options, loop });
      }
      get [FUTURE_BRAND](): true {
        return true;
      }
      cancel(...args: Parameters<Task<unknown>["cancel"]>) {
        return this._task.cancel(...args);
      }
      addDoneCallback(...args: Parameters<Task<unknown>["addDoneCallback"]>) {
        return this._task.addDoneCallback(...args);
      }
      removeDoneCallback(...args: Parameters<Task<unknown>["removeDoneCallback"]>) {
        return this._task.removeDoneCallback(...args);
      }
      result() {
        return this._task.result();
      }
      done() {
        return this._task.done();
      }
      cancelled() {
        return this._task.cancelled();
      }
      exception() {
        return this._task.exception();
      }
      getLoop() {
        return this._task.getLoop();
      }
    }
    function* main(): Coro<void> {
      interruptSelf();
      // asyncio.Event().wait(): @aio/sync is not a dependency of this package; it awaits a future
      yield* getRunningLoop().createFuture();
    }
    setEventLoopPolicy({
      newEventLoop() {
        const loop = new EventLoop();
        made.push(loop);
        loop.setTaskFactory((l, coro, options) => new WrappedTask(l, coro, options) as unknown as FutureLike);
        return loop;
      },
    });
    await raises(CancelledError, () => run(main()));
  });

  it("test_asyncio_run_loop_factory", async () => {
    let calls = 0;
    const loop = new EventLoop();
    const factory = (...args: unknown[]) => {
      expect(args).toEqual([]);
      calls++;
      return loop;
    };
    function* main(): Coro<void> {
      expect(getRunningLoop()).toBe(loop);
    }
    await run(main(), { loopFactory: factory });
    expect(calls).toBe(1);
  });
});

describe("RunnerTests", () => {
  it("test_non_debug", async () => {
    await withRunner(new Runner({ debug: false }), async (runner) => {
      expect(runner.getLoop().getDebug()).toBe(false);
    });
  });

  it("test_debug", async () => {
    await withRunner(new Runner({ debug: true }), async (runner) => {
      expect(runner.getLoop().getDebug()).toBe(true);
    });
  });

  it("test_custom_factory", async () => {
    const loop = new EventLoop();
    await withRunner(new Runner({ loopFactory: () => loop }), async (runner) => {
      expect(runner.getLoop()).toBe(loop);
    });
  });

  it("test_run", async () => {
    function* f(): Coro<string> {
      yield* sleep(0);
      return "done";
    }
    const runner = new Runner();
    let loop: EventLoop | null = null;
    await withRunner(runner, async () => {
      expect(await runner.run(f())).toBe("done");
      loop = runner.getLoop();
    });
    await raisesRegex(Error, /Runner is closed/, async () => runner.getLoop());
    expect((loop as unknown as EventLoop).isClosed()).toBe(true);
  });

  it("test_run_non_coro", async () => {
    await withRunner(new Runner(), async (runner) => {
      await raisesRegex(RangeError, /a coroutine was expected/, () =>
        runner.run(123 as unknown as Coro<unknown>),
      );
    });
  });

  it("test_run_future", async () => {
    await withRunner(new Runner(), async (runner) => {
      await raisesRegex(RangeError, /a coroutine was expected/, async () => {
        const fut = runner.getLoop().createFuture();
        return runner.run(fut as unknown as Coro<unknown>);
      });
    });
  });

  it("test_explicit_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    await raisesRegex(Error, /Runner is closed/, async () => runner.getLoop());
    expect(loop.isClosed()).toBe(true);
  });

  it("test_double_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();

    await runner.close();
    expect(loop.isClosed()).toBe(true);

    // the second call is no-op
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("test_second_with_block_raises", async () => {
    const ret: number[] = [];
    function* f(arg: number): Coro<void> {
      ret.push(arg);
    }
    const runner = new Runner();
    await withRunner(runner, async () => {
      await runner.run(f(1));
    });
    await raisesRegex(Error, /Runner is closed/, () =>
      withRunner(runner, async () => {
        await runner.run(f(2));
      }),
    );
    expect(ret).toEqual([1]);
  });

  it("test_run_keeps_context", async () => {
    const cvar = new ContextVar<number>("cvar", { default: -1 });
    function* f(val: number): Coro<number> {
      const old = cvar.get();
      yield* sleep(0);
      cvar.set(val);
      return old;
    }
    function* getContext(): Coro<Context> {
      return copyContext();
    }
    await withRunner(new Runner(), async (runner) => {
      expect(await runner.run(f(1))).toBe(-1);
      expect(await runner.run(f(2))).toBe(1);
      expect((await runner.run(getContext())).get(cvar)).toBe(2);
    });
  });

  it("test_recursive_run", async () => {
    // a coroutine() function: aio tracks only those for the never-awaited warning
    const g = coroutine(function* g(): Coro<void> {});
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    function* f(): Coro<void> {
      yield* awaitPromise(runner.run(g()));
    }
    const runner = new Runner();
    await withRunner(runner, async () => {
      process.on("warning", onWarning);
      try {
        await raisesRegex(Error, /Runner\.run\(\) cannot be called from a running event loop/, () =>
          runner.run(f()),
        );
        reportNeverAwaited(); // CPython warns when g()'s refcount drops to 0, at once
        await new Promise((r) => setTimeout(r, 10));
      } finally {
        process.off("warning", onWarning);
      }
      // assertWarnsRegex(RuntimeWarning, "coroutine .+ was never awaited")
      expect(
        warnings.some((w) => w.name === "RuntimeWarning" && /coroutine .+ was never awaited/.test(w.message)),
      ).toBe(true);
    });
  });

  it("test_interrupt_call_soon", async () => {
    // The only case when task is not suspended by waiting a future or another task
    function* coro(): Coro<void> {
      yield* raisesCo(CancelledError, function* () {
        while (true) yield* sleep(0);
      });
      throw new CancelledError();
    }
    await withRunner(new Runner(), async (runner) => {
      runner.getLoop().callLater(0.1, interruptSelf);
      await raises(KeyboardInterrupt, () => runner.run(coro()));
    });
  });

  it("test_interrupt_wait", async () => {
    // interrupting when waiting a future cancels both future and main task
    function* coro(fut: Future<void>): Coro<void> {
      yield* raisesCo(CancelledError, function* () {
        yield* fut;
      });
      throw new CancelledError();
    }
    await withRunner(new Runner(), async (runner) => {
      const fut = runner.getLoop().createFuture() as Future<void>;
      runner.getLoop().callLater(0.1, interruptSelf);
      await raises(KeyboardInterrupt, () => runner.run(coro(fut)));
      expect(fut.cancelled()).toBe(true);
    });
  });

  it("test_interrupt_cancelled_task", async () => {
    // interrupting cancelled main task doesn't raise KeyboardInterrupt
    function* subtask(task: Task<unknown>): Coro<void> {
      yield* sleep(0);
      task.cancel();
      interruptSelf();
    }
    function* coro(): Coro<void> {
      createTask(subtask(currentTask() as Task<unknown>));
      yield* sleep(10);
    }
    await withRunner(new Runner(), async (runner) => {
      await raises(CancelledError, () => runner.run(coro()));
    });
  });

  it("test_set_event_loop_called_once", async () => {
    function* coro(): Coro<void> {}
    // policy.set_event_loop = mock.Mock(): between the runs the test sets a loop of its own; a second
    // set_event_loop call by the second run would replace it.
    const runner = new Runner();
    await runner.run(coro());
    const mine = new EventLoop();
    setEventLoop(mine);
    await runner.run(coro());
    expect(getEventLoop()).toBe(mine);
    await runner.close();
    mine.close();
  });
});
