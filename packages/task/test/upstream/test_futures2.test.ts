/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_futures2.py (4 test methods). It lives in
 * @aio/task, not @aio/future: every test runs Tasks (`self.cls` is `tasks._PyTask`).
 *
 * Translation rules:
 * - `IsolatedAsyncioTestCase`: each test body is a generator run by `run()` on a fresh real loop
 *   (the helper `atest`); `async def` → `function*`, `await x` → `yield* x`.
 * - FutureTests is a mixin run as CFutureTests (C Task) and PyFutureTests (Python Task): ported once
 *   as `describe("FutureTests")` with `cls = Task`; CFutureTests is N/A.
 * - `traceback.format_tb(e.__traceback__)` → `formatTb(e)`: the frames of `e.stack` that name a
 *   file, each followed by its source line, as format_tb prints them.
 * - `contextvars.ContextVar` → `@aio/loop`'s `ContextVar`; `1/0` → `throw new ZeroDivisionError()`.
 * - test_task_exc_handler_correct_context: CPython calls the handler ("Task exception was never
 *   retrieved") from the Task's `__del__`, when the finished task's last reference drops, before
 *   `await asyncio.sleep(0)` returns; aio reports it when the loop closes (its stand-in for that
 *   collection), so `assertTrue(exc_handler_called)` is checked after `run()` has closed the loop.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ContextVar, getRunningLoop, repr } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { allTasks, type Coro, run, sleep, Task, waitFor } from "../../src/index.js";
import { atest } from "./utils.js";

export const NOT_APPLICABLE: Record<string, string> = {
  CFutureTests: "the C accelerator variant of FutureTests (cls = tasks._CTask): ported once with aio's Task",
};

class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}

/** traceback.format_tb(e.__traceback__): each frame in a file, with its source line. */
function formatTb(err: Error): string {
  const out: string[] = [];
  for (const line of String(err.stack).split("\n").slice(1)) {
    const frame = line.trim();
    const m = /\(?((?:file:\/\/)?\/[^()\s]+):(\d+):\d+\)?$/.exec(frame);
    if (m === null) continue;
    const file = (m[1] as string).startsWith("file://") ? fileURLToPath(m[1] as string) : (m[1] as string);
    let source = "";
    try {
      source = (readFileSync(file, "utf8").split("\n")[Number(m[2]) - 1] ?? "").trim();
    } catch {
      // a file that cannot be read: the frame without its line, as format_tb does
    }
    out.push(`  ${frame}\n    ${source}\n`);
  }
  return out.join("");
}

describe("FutureTests", () => {
  const cls = Task;

  it(
    "test_future_traceback",
    atest(function* () {
      function* raiseExc(): Coro<void> {
        throw new TypeError("42");
      }

      const future = new cls(raiseExc());

      for (let i = 0; i < 5; i++) {
        try {
          yield* future;
        } catch (e) {
          if (!(e instanceof TypeError)) throw e;
          const tb = formatTb(e);
          expect(tb.split("yield* future").length - 1).toBe(1);
          continue;
        }
        throw new Error("TypeError was not raised");
      }
    }),
  );

  it("test_task_exc_handler_correct_context", async () => {
    // see https://github.com/python/cpython/issues/96704
    const name = new ContextVar<string>("name", { default: "foo" });
    let excHandlerCalled = false;

    function excHandler(..._args: unknown[]): void {
      expect(name.get()).toBe("bar");
      excHandlerCalled = true;
    }

    function* task(): Coro<void> {
      name.set("bar");
      throw new ZeroDivisionError("division by zero");
    }

    await run(
      (function* () {
        const loop = getRunningLoop();
        loop.setExceptionHandler(excHandler);
        new cls(task());
        yield* sleep(0);
      })(),
    );
    // (checked once the loop is closed: see the header)
    expect(excHandlerCalled).toBe(true);
  });

  it(
    "test_handle_exc_handler_correct_context",
    atest(function* () {
      // see https://github.com/python/cpython/issues/96704
      const name = new ContextVar<string>("name", { default: "foo" });
      let excHandlerCalled = false;

      function excHandler(..._args: unknown[]): void {
        expect(name.get()).toBe("bar");
        excHandlerCalled = true;
      }

      function callback(): void {
        name.set("bar");
        throw new ZeroDivisionError("division by zero");
      }

      const loop = getRunningLoop();
      loop.setExceptionHandler(excHandler);
      loop.callSoon(callback);
      yield* sleep(0);
      expect(excHandlerCalled).toBe(true);
    }),
  );
});

describe("FutureReprTests", () => {
  it(
    "test_recursive_repr_for_pending_tasks",
    atest(function* () {
      // The call crashes if the guard for recursive call
      // in base_futures:_future_repr_info is absent
      // See Also: https://bugs.python.org/issue42183

      function* func(): Coro<Set<Task<unknown>>> {
        return allTasks();
      }

      // The repr() call should not raise RecursionError at first.
      const waiter = yield* waitFor(new Task(func()), 10);
      expect(repr(waiter)).toContain("...");
    }),
  );
});
