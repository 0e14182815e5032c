/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_pep492.py (11 test methods): the coroutine
 * side (CoroutineTests). LockTests needs asyncio's locks, which live in `@aio/sync`, and
 * StreamReaderTests asyncio's StreamReader, which lives in `@aio/streams`: both packages depend on
 * this one, so their methods are ported there (`packages/sync/test/upstream/test_pep492.test.ts`,
 * `packages/streams/test/upstream/test_pep492.test.ts`).
 *
 * Translation rules:
 * - `async def f()` → `function* f()`, `await x` → `yield* x`; BaseTest's `asyncio.BaseEventLoop()`
 *   with a mocked selector → a real `newEventLoop()` set as the current loop (closed afterwards);
 *   `self.loop.run_until_complete(c)` → `await loop.runUntilComplete(c)`.
 * - FakeCoro (collections.abc.Coroutine's methods `send`/`throw`/`close`/`__await__`) → an object
 *   with the JavaScript coroutine protocol: `next`/`throw`/`return`/`[Symbol.iterator]`.
 * - `sys.get_coroutine_origin_tracking_depth() > 0` (CPython records a coroutine's `cr_origin`)
 *   → a `coroutine()` function's coroutine made at that point and never awaited: its
 *   `RuntimeWarning: coroutine '…' was never awaited` has the `Coroutine created at` stack only
 *   when its origin was tracked (aio's only trace of origin tracking; plain `function*`
 *   coroutines are not tracked at all).
 * - `task.get_stack(limit=1)[0].f_code.co_name` → `task.getStack()[0]`, an entry `name()` (aio's
 *   `getStack()` takes no `limit`: the first entry is taken).
 * - RuntimeError is aio's plain `Error` (the package README): `assertRaises(RuntimeError)` checks
 *   that the error's class is exactly `Error` (Python's InvalidStateError is no RuntimeError).
 * - `async for line in stream` → `anext(stream, null)` in a loop (the package README).
 * Left out as a group: the Python-only syntax and bridges in NOT_APPLICABLE below.
 */
import { isCoroutine, isCoroutineFunction, newEventLoop, setEventLoop } from "@aio/loop";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Coro, coroutine, ensureFuture, reportNeverAwaited, sleep, type Task } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "CoroutineTests.test_iscoroutine_generator":
    "`def foo(): yield` (a Python generator, not a coroutine) has no separate JS form: a generator object is aio's coroutine object",
  "CoroutineTests.test_types_coroutine":
    "`types.coroutine` wraps a Python generator (`types._GeneratorWrapper`) so that `await` accepts it; in JS generators and coroutines are one form and `yield*` delegates to any generator, there is nothing to wrap",
  "LockTests.test_context_manager_async_with / test_context_manager_with_await":
    "not N/A: ported in packages/sync/test/upstream/test_pep492.test.ts (@aio/task cannot import @aio/sync)",
};

// upstream's FakeCoro: the methods of collections.abc.Coroutine, in their JS spelling.
class FakeCoro {
  next(_value?: unknown): IteratorResult<unknown, unknown> {
    return { done: true, value: undefined };
  }
  throw(_typ?: unknown): IteratorResult<unknown, unknown> {
    return { done: true, value: undefined };
  }
  return(_value?: unknown): IteratorResult<unknown, unknown> {
    return { done: true, value: undefined };
  }
  *[Symbol.iterator](): Generator<undefined, void, unknown> {
    yield;
  }
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

// BaseTest.setUp: a loop of the test's own, set as the current loop.
let loop: ReturnType<typeof newEventLoop>;
beforeEach(() => {
  loop = newEventLoop();
  setEventLoop(loop);
});
afterEach(() => {
  loop.close();
  setEventLoop(null);
});

describe("CoroutineTests", () => {
  it("test_iscoroutine", () => {
    function* foo() {}

    const f = foo();
    try {
      expect(isCoroutine(f)).toBe(true);
    } finally {
      f.return(undefined); // silence warning
    }

    expect(isCoroutine(new FakeCoro())).toBe(true);
  });

  it("test_iscoroutinefunction", () => {
    function* foo() {}
    expect(isCoroutineFunction(foo)).toBe(true);
  });

  it("test_async_def_coroutines", async () => {
    function* bar(): Coro<string> {
      return "spam";
    }
    function* foo(): Coro<string> {
      return yield* bar();
    }

    // production mode
    let data = await loop.runUntilComplete(foo());
    expect(data).toBe("spam");

    // debug mode
    loop.setDebug(true);
    data = await loop.runUntilComplete(foo());
    expect(data).toBe("spam");
  });

  it("test_debug_mode_manages_coroutine_origin_tracking", async () => {
    // One coroutine() function per point of the test, each made there and never awaited; the
    // warnings are collected at the end (reportNeverAwaited stands for their collection).
    const before = coroutine(function* before() {});
    const during = coroutine(function* during() {});
    const after = coroutine(function* after() {});
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      function* start(): Coro<void> {
        during(); // sys.get_coroutine_origin_tracking_depth() > 0 here
      }

      before(); // sys.get_coroutine_origin_tracking_depth() == 0 here
      loop.setDebug(true);
      await loop.runUntilComplete(start());
      after(); // sys.get_coroutine_origin_tracking_depth() == 0 here

      reportNeverAwaited();
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off("warning", onWarning);
    }
    const warningOf = (name: string) =>
      warnings.find(
        (w) => w.name === "RuntimeWarning" && w.message.startsWith(`coroutine '${name}' was never awaited`),
      );
    const tracked = (name: string) => {
      const w = warningOf(name);
      expect(w, `no never-awaited warning for ${name}()`).toBeDefined();
      return (w as Error).message.includes("Coroutine created at");
    };
    expect(tracked("before")).toBe(false);
    expect(tracked("during")).toBe(true);
    expect(tracked("after")).toBe(false);
  });

  it("test_task_print_stack", async () => {
    let T: Task<void> | null = null;

    function* foo(): Coro<void> {
      const f = (T as Task<void>).getStack({ limit: 1 });
      expect(f[0]).toMatch(/^foo\(\)/);
    }

    function* runner(): Coro<void> {
      T = ensureFuture(foo(), { loop });
      yield* T;
    }

    await loop.runUntilComplete(runner());
  });

  // `yield* coro` on a coroutine a task is running resumes it from the other task (a JS generator
  // has no `cr_await` state to refuse it before it runs): the sleep it is suspended in finds its
  // future pending and raises the RuntimeError (Error) of a future resumed outside its task,
  // "await wasn't used with future" — Python's class; Python's message is 'coroutine is being
  // awaited already' and leaves the coroutine running in its task, where here it ends with the error.
  it("test_double_await", async () => {
    function* afunc(): Coro<void> {
      yield* sleep(0.1);
    }

    function* runner(): Coro<void> {
      const coro = afunc();
      const t = loop.createTask(coro);
      try {
        yield* sleep(0);
        yield* coro;
      } finally {
        t.cancel();
      }
    }

    loop.setDebug(true);
    // assertRaises(RuntimeError, msg='coroutine is being awaited already') (msg is the failure text)
    const e = await rejection(loop.runUntilComplete(runner()));
    expect((e as Error).constructor, "coroutine is being awaited already").toBe(Error);
  });
});
