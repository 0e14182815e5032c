/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_waitfor.py (19 test methods).
 *
 * Translation rules:
 * - `IsolatedAsyncioTestCase`: each test body is a generator run by `run()` on a fresh real loop
 *   (real time, real timers).
 * - `await asyncio.wait_for(aw, t)` → `yield* waitFor(aw, t)`; `asyncio.wait({t})` → `wait([t])`.
 * - `self.assertRaises(X)` around a block → `yield* raises(X, body)`, which returns the error and
 *   lets an error of another class through (as unittest does).
 * - `cm.exception.__context__` → `.cause`: JavaScript has no implicit exception context, and
 *   CPython's wait_for/timeout raise `TimeoutError from exc`, so `__cause__ is __context__` there.
 * - `time.monotonic()` → `performance.now() / 1000`; `support.LONG_TIMEOUT` → 300 (its value).
 * - `self.subTest(timeout=…)` → a loop over the same values.
 * - The private helper `_test_cancel_wait_for` is a plain function both its tests call.
 *
 * Nothing is left out.
 */
import { getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  type Coro,
  createTask,
  type Future,
  shield,
  sleep,
  TimeoutError,
  wait,
  waitFor,
} from "../../src/index.js";
import { atest, raises } from "./utils.js";

export const NOT_APPLICABLE: Record<string, string> = {};

// The following value can be used as a very small timeout:
// it passes check "timeout > 0", but has almost
// no effect on the test performance
const _EPSILON = 0.0001;
const LONG_TIMEOUT = 300; // test.support.LONG_TIMEOUT

const monotonic = (): number => performance.now() / 1000;

/** Task will run for this defined time, ignoring cancel requests */
class SlowTask {
  static TASK_TIMEOUT = 0.2;
  TASK_TIMEOUT = SlowTask.TASK_TIMEOUT;
  exited = false;

  *run(): Coro<void> {
    const exitat = monotonic() + this.TASK_TIMEOUT;
    while (true) {
      const tosleep = exitat - monotonic();
      if (tosleep <= 0) break;
      try {
        yield* sleep(tosleep);
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }
    }
    this.exited = true;
  }
}

function* _test_cancel_wait_for(timeout: number | null): Coro<void> {
  const loop = getRunningLoop();

  function* blocking_coroutine(): Coro<void> {
    const fut = loop.createFuture() as Future<void>;
    // Block: fut result is never set
    yield* fut;
  }

  const task = createTask(blocking_coroutine());

  const w = createTask(waitFor(task, timeout));
  loop.callSoon(() => w.cancel());

  const e = yield* raises(CancelledError, function* () {
    yield* w;
  });
  expect(e).toBeInstanceOf(CancelledError);

  // Python issue #23219: cancelling the wait must also cancel the task
  expect(task.cancelled()).toBe(true);
}

describe("AsyncioWaitForTest", () => {
  it(
    "test_asyncio_wait_for_cancelled",
    atest(function* () {
      const t = new SlowTask();

      const waitfortask = createTask(waitFor(t.run(), t.TASK_TIMEOUT * 2));
      yield* sleep(0);
      waitfortask.cancel();
      yield* wait([waitfortask]);

      expect(t.exited).toBe(true);
    }),
  );

  it(
    "test_asyncio_wait_for_timeout",
    atest(function* () {
      const t = new SlowTask();

      try {
        yield* waitFor(t.run(), t.TASK_TIMEOUT / 2);
      } catch (err) {
        if (!(err instanceof TimeoutError)) throw err;
      }

      expect(t.exited).toBe(true);
    }),
  );

  it(
    "test_wait_for_timeout_less_then_0_or_0_future_done",
    atest(function* () {
      const loop = getRunningLoop();

      const fut = loop.createFuture() as Future<string>;
      fut.setResult("done");

      const ret = yield* waitFor(fut, 0);

      expect(ret).toBe("done");
      expect(fut.done()).toBe(true);
    }),
  );

  it(
    "test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started",
    atest(function* () {
      let foo_started = false;

      function* foo(): Coro<void> {
        foo_started = true;
      }

      const e = yield* raises(TimeoutError, () => waitFor(foo(), 0));
      expect(e).toBeInstanceOf(TimeoutError);

      expect(foo_started).toBe(false);
    }),
  );

  it(
    "test_wait_for_timeout_less_then_0_or_0",
    atest(function* () {
      const loop = getRunningLoop();

      for (const timeout of [0, -1]) {
        // subTest(timeout=timeout)
        let foo_running: boolean | null = null;
        const started = loop.createFuture() as Future<void>;

        function* foo(): Coro<string> {
          foo_running = true;
          started.setResult(undefined);
          try {
            yield* sleep(10);
          } finally {
            foo_running = false;
          }
          return "done";
        }

        const fut = createTask(foo());
        yield* started;

        const e = yield* raises(TimeoutError, () => waitFor(fut, timeout));
        expect(e).toBeInstanceOf(TimeoutError);

        expect(fut.done()).toBe(true);
        // it should have been cancelled due to the timeout
        expect(fut.cancelled()).toBe(true);
        expect(foo_running).toBe(false);
      }
    }),
  );

  it(
    "test_wait_for",
    atest(function* () {
      let foo_running: boolean | null = null;

      function* foo(): Coro<string> {
        foo_running = true;
        try {
          yield* sleep(LONG_TIMEOUT);
        } finally {
          foo_running = false;
        }
        return "done";
      }

      const fut = createTask(foo());

      const e = yield* raises(TimeoutError, () => waitFor(fut, 0.1));
      expect(e).toBeInstanceOf(TimeoutError);
      expect(fut.done()).toBe(true);
      // it should have been cancelled due to the timeout
      expect(fut.cancelled()).toBe(true);
      expect(foo_running).toBe(false);
    }),
  );

  it(
    "test_wait_for_blocking",
    atest(function* () {
      function* coro(): Coro<string> {
        return "done";
      }

      const res = yield* waitFor(coro(), null);
      expect(res).toBe("done");
    }),
  );

  it(
    "test_wait_for_race_condition",
    atest(function* () {
      const loop = getRunningLoop();

      const fut = loop.createFuture() as Future<string>;
      const task = waitFor(fut, 0.2);
      loop.callSoon(() => fut.setResult("ok"));
      const res = yield* task;
      expect(res).toBe("ok");
    }),
  );

  it(
    "test_wait_for_cancellation_race_condition",
    atest(function* () {
      function* inner(): Coro<number> {
        const e = yield* raises(CancelledError, () => sleep(1));
        expect(e).toBeInstanceOf(CancelledError);
        return 1;
      }

      const result = yield* waitFor(inner(), 0.01);
      expect(result).toBe(1);
    }),
  );

  it(
    "test_wait_for_waits_for_task_cancellation",
    atest(function* () {
      let task_done = false;

      function* inner(): Coro<void> {
        try {
          yield* sleep(10);
        } catch (err) {
          if (err instanceof CancelledError) {
            yield* sleep(_EPSILON);
          }
          throw err;
        } finally {
          task_done = true;
        }
      }

      const inner_task = createTask(inner());

      const e = yield* raises(TimeoutError, () => waitFor(inner_task, _EPSILON));
      expect(e).toBeInstanceOf(TimeoutError);

      expect(task_done).toBe(true);
      const chained = (e as Error).cause;
      expect((chained as object).constructor).toBe(CancelledError);
    }),
  );

  it(
    "test_wait_for_waits_for_task_cancellation_w_timeout_0",
    atest(function* () {
      let task_done = false;

      function* foo(): Coro<void> {
        function* inner(): Coro<void> {
          try {
            yield* sleep(10);
          } catch (err) {
            if (err instanceof CancelledError) {
              yield* sleep(_EPSILON);
            }
            throw err;
          } finally {
            task_done = true;
          }
        }

        const inner_task = createTask(inner());
        yield* sleep(_EPSILON);
        yield* waitFor(inner_task, 0);
      }

      const e = yield* raises(TimeoutError, () => foo());
      expect(e).toBeInstanceOf(TimeoutError);

      expect(task_done).toBe(true);
      const chained = (e as Error).cause;
      expect((chained as object).constructor).toBe(CancelledError);
    }),
  );

  it(
    "test_wait_for_reraises_exception_during_cancellation",
    atest(function* () {
      class FooException extends Error {}

      function* foo(): Coro<void> {
        function* inner(): Coro<void> {
          try {
            yield* sleep(0.2);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
            throw new FooException();
          }
        }

        const inner_task = createTask(inner());

        yield* waitFor(inner_task, _EPSILON);
      }

      const e = yield* raises(FooException, () => foo());
      expect(e).toBeInstanceOf(FooException);
    }),
  );

  it(
    "test_cancel_blocking_wait_for",
    atest(function* () {
      yield* _test_cancel_wait_for(null);
    }),
  );

  it(
    "test_cancel_wait_for",
    atest(function* () {
      yield* _test_cancel_wait_for(60.0);
    }),
  );

  it(
    "test_wait_for_cancel_suppressed",
    atest(function* () {
      // GH-86296: Supressing CancelledError is discouraged
      // but if a task subpresses CancelledError and returns a value,
      // `wait_for` should return the value instead of raising CancelledError.
      // This is the same behavior as `asyncio.timeout`.

      function* return_42(): Coro<number | undefined> {
        try {
          yield* sleep(10);
        } catch (err) {
          if (err instanceof CancelledError) return 42;
          throw err;
        }
        return undefined;
      }

      const res = yield* waitFor(return_42(), 0.1);
      expect(res).toBe(42);
    }),
  );

  it(
    "test_wait_for_issue86296",
    atest(function* () {
      // GH-86296: The task should get cancelled and not run to completion.
      // inner completes in one cycle of the event loop so it
      // completes before the task is cancelled.

      function* inner(): Coro<string> {
        return "done";
      }

      const inner_task = createTask(inner());
      let reached_end = false;

      function* wait_for_coro(): Coro<void> {
        yield* waitFor(inner_task, 100);
        yield* sleep(1);
        reached_end = true;
      }

      const task = createTask(wait_for_coro());
      expect(task.done()).toBe(false);
      // Run the task
      yield* sleep(0);
      task.cancel();
      const e = yield* raises(CancelledError, function* () {
        yield* task;
      });
      expect(e).toBeInstanceOf(CancelledError);
      expect(inner_task.done()).toBe(true);
      expect(yield* inner_task).toBe("done");
      expect(reached_end).toBe(false);
    }),
  );
});

describe("WaitForShieldTests", () => {
  it(
    "test_zero_timeout",
    atest(function* () {
      // `asyncio.shield` creates a new task which wraps the passed in
      // awaitable and shields it from cancellation so with timeout=0
      // the task returned by `asyncio.shield` aka shielded_task gets
      // cancelled immediately and the task wrapped by it is scheduled
      // to run.

      function* coro(): Coro<string> {
        yield* sleep(0.01);
        return "done";
      }

      const task = createTask(coro());
      let shielded_task!: Future<unknown>;
      const e = yield* raises(TimeoutError, function* () {
        shielded_task = shield(task);
        yield* waitFor(shielded_task, 0);
      });
      expect(e).toBeInstanceOf(TimeoutError);

      // Task is running in background
      expect(task.done()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(shielded_task.cancelled()).toBe(true);

      // Wait for the task to complete
      yield* sleep(0.1);
      expect(task.done()).toBe(true);
    }),
  );

  it(
    "test_none_timeout",
    atest(function* () {
      // With timeout=None the timeout is disabled so it
      // runs till completion.
      function* coro(): Coro<string> {
        yield* sleep(0.1);
        return "done";
      }

      const task = createTask(coro());
      yield* waitFor(shield(task), null);

      expect(task.done()).toBe(true);
      expect(yield* task).toBe("done");
    }),
  );

  it(
    "test_shielded_timeout",
    atest(function* () {
      // shield prevents the task from being cancelled.
      function* coro(): Coro<string> {
        yield* sleep(0.1);
        return "done";
      }

      const task = createTask(coro());
      const e = yield* raises(TimeoutError, () => waitFor(shield(task), 0.01));
      expect(e).toBeInstanceOf(TimeoutError);

      expect(task.done()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(yield* task).toBe("done");
    }),
  );
});
