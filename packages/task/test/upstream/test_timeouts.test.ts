/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_timeouts.py (32 test methods).
 *
 * Translation rules:
 * - `IsolatedAsyncioTestCase`: each test body is a generator run by `run()` on a fresh real loop
 *   (real time, real timers; the sleeps that upstream expects to be interrupted are).
 * - `async with asyncio.timeout(d) as cm: body` → `yield* using(timeout(d), function* (cm) { body })`.
 * - `self.assertRaises(X)` around a block → `try { … } catch (e) { caught = e }` then
 *   `expect(caught).toBeInstanceOf(X)`. Python's RuntimeError is aio's plain `Error`
 *   (`assertRaisesRegex(RuntimeError, "x")` → `toBeInstanceOf(Error)` + `toMatch(/x/)` on the message).
 *   `KeyError`/`ZeroDivisionError` are stand-in Error subclasses of the same names.
 * - `time.sleep(s)` (blocking the loop) → a busy-wait `blockFor(s)`.
 * - `repr(cm)` → `String(cm)` (Timeout.toString).
 * - `test_utils.await_without_task(coro)` → the same helper: drive the coroutine from a loop callback.
 *
 * Nothing is left out.
 */
import { getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  type Coro,
  createTask,
  currentTask,
  type Future,
  sleep,
  type Task,
  type Timeout,
  TimeoutError,
  timeout,
  timeoutAt,
  using,
} from "../../src/index.js";
import { atest, awaitWithoutTask, blockFor, raises } from "./utils.js";

export const NOT_APPLICABLE: Record<string, string> = {};

class KeyError extends Error {
  override name = "KeyError";
}
class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}

function current(): Task<unknown> {
  return currentTask() as Task<unknown>;
}

describe("TimeoutTests", () => {
  it(
    "test_timeout_basic",
    atest(function* () {
      let cm!: Timeout;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.01), function* (c) {
          cm = c;
          yield* sleep(10);
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
    }),
  );

  it(
    "test_timeout_at_basic",
    atest(function* () {
      const loop = getRunningLoop();
      let cm!: Timeout;
      let deadline = 0;
      const e = yield* raises(TimeoutError, function* () {
        deadline = loop.time() + 0.01;
        yield* using(timeoutAt(deadline), function* (c) {
          cm = c;
          yield* sleep(10);
        });
      });
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(deadline);
    }),
  );

  it(
    "test_nested_timeouts",
    atest(function* () {
      const loop = getRunningLoop();
      let cancelled = false;
      let cm1!: Timeout;
      let cm2!: Timeout;
      const e = yield* raises(TimeoutError, function* () {
        const deadline = loop.time() + 0.01;
        yield* using(timeoutAt(deadline), function* (c1) {
          cm1 = c1;
          // Only the topmost context manager should raise TimeoutError
          try {
            yield* using(timeoutAt(deadline), function* (c2) {
              cm2 = c2;
              yield* sleep(10);
            });
          } catch (err) {
            if (err instanceof CancelledError) cancelled = true;
            throw err;
          }
        });
      });
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
      expect(cm1.expired()).toBe(true);
      expect(cm2.expired()).toBe(true);
    }),
  );

  it(
    "test_waiter_cancelled",
    atest(function* () {
      let cancelled = false;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.01), function* () {
          try {
            yield* sleep(10);
          } catch (err) {
            if (err instanceof CancelledError) cancelled = true;
            throw err;
          }
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
    }),
  );

  it(
    "test_timeout_not_called",
    atest(function* () {
      const loop = getRunningLoop();
      let cm!: Timeout;
      yield* using(timeout(10), function* (c) {
        cm = c;
        yield* sleep(0.01);
      });
      const t1 = loop.time();
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeGreaterThan(t1);
    }),
  );

  it(
    "test_timeout_disabled",
    atest(function* () {
      let cm!: Timeout;
      yield* using(timeout(null), function* (c) {
        cm = c;
        yield* sleep(0.01);
      });
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeNull();
    }),
  );

  it(
    "test_timeout_at_disabled",
    atest(function* () {
      let cm!: Timeout;
      yield* using(timeoutAt(null), function* (c) {
        cm = c;
        yield* sleep(0.01);
      });
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeNull();
    }),
  );

  it(
    "test_timeout_zero",
    atest(function* () {
      const loop = getRunningLoop();
      const t0 = loop.time();
      let cm!: Timeout;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0), function* (c) {
          cm = c;
          yield* sleep(10);
        }),
      );
      const t1 = loop.time();
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      const when = cm.when() as number;
      expect(t0 <= when && when <= t1).toBe(true);
    }),
  );

  it(
    "test_timeout_zero_sleep_zero",
    atest(function* () {
      const loop = getRunningLoop();
      const t0 = loop.time();
      let cm!: Timeout;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0), function* (c) {
          cm = c;
          yield* sleep(0);
        }),
      );
      const t1 = loop.time();
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      const when = cm.when() as number;
      expect(t0 <= when && when <= t1).toBe(true);
    }),
  );

  it(
    "test_timeout_in_the_past_sleep_zero",
    atest(function* () {
      const loop = getRunningLoop();
      const t0 = loop.time();
      let cm!: Timeout;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(-11), function* (c) {
          cm = c;
          yield* sleep(0);
        }),
      );
      const t1 = loop.time();
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      const when = cm.when() as number;
      expect(t0 >= when && when <= t1).toBe(true);
    }),
  );

  it(
    "test_foreign_exception_passed",
    atest(function* () {
      let cm!: Timeout;
      const e = yield* raises(KeyError, () =>
        using(timeout(0.01), function* (c) {
          cm = c;
          throw new KeyError();
        }),
      );
      expect(e).toBeInstanceOf(KeyError);
      expect(cm.expired()).toBe(false);
    }),
  );

  it(
    "test_foreign_exception_on_timeout",
    atest(function* () {
      function* crash(): Coro<void> {
        try {
          yield* sleep(1);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises 1/0 in finally
          throw new ZeroDivisionError("division by zero");
        }
      }
      const e = yield* raises(ZeroDivisionError, () =>
        using(timeout(0.01), function* () {
          yield* crash();
        }),
      );
      expect(e).toBeInstanceOf(ZeroDivisionError);
    }),
  );

  it(
    "test_foreign_cancel_doesnt_timeout_if_not_expired",
    atest(function* () {
      let cm!: Timeout;
      const e = yield* raises(CancelledError, () =>
        using(timeout(10), function* (c) {
          cm = c;
          current().cancel();
          yield* sleep(10);
        }),
      );
      expect(e).toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    }),
  );

  it(
    "test_outer_task_is_not_cancelled",
    atest(function* () {
      function* outer(): Coro<void> {
        const e = yield* raises(TimeoutError, () =>
          using(timeout(0.001), function* () {
            yield* sleep(10);
          }),
        );
        expect(e).toBeInstanceOf(TimeoutError);
      }
      const task = createTask(outer());
      yield* task;
      expect(task.cancelled()).toBe(false);
      expect(task.done()).toBe(true);
    }),
  );

  it(
    "test_nested_timeouts_concurrent",
    atest(function* () {
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.002), function* () {
          const inner = yield* raises(TimeoutError, () =>
            using(timeout(0.1), function* () {
              // Pretend we crunch some numbers.
              blockFor(0.01);
              yield* sleep(1);
            }),
          );
          expect(inner).toBeInstanceOf(TimeoutError);
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
    }),
  );

  it(
    "test_nested_timeouts_loop_busy",
    atest(function* () {
      // After the inner timeout is an expensive operation which should
      // be stopped by the outer timeout.
      const loop = getRunningLoop();
      // Disable a message about long running task
      loop.slowCallbackDuration = 10;
      const t0 = loop.time();
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.1), function* () {
          // (1)
          const inner = yield* raises(TimeoutError, () =>
            using(timeout(0.01), function* () {
              // (2)
              // Pretend the loop is busy for a while.
              blockFor(0.1);
              yield* sleep(1);
            }),
          );
          expect(inner).toBeInstanceOf(TimeoutError);
          // TimeoutError was cought by (2)
          yield* sleep(10); // This sleep should be interrupted by (1)
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      const t1 = loop.time();
      expect(t0 <= t1 && t1 <= t0 + 1).toBe(true);
    }),
  );

  it(
    "test_reschedule",
    atest(function* () {
      const loop = getRunningLoop();
      const fut = loop.createFuture() as Future<Timeout>;
      const deadline1 = loop.time() + 10;
      const deadline2 = deadline1 + 20;

      function* f(): Coro<void> {
        yield* using(timeoutAt(deadline1), function* (cm) {
          fut.setResult(cm);
          yield* sleep(50);
        });
      }

      const task = createTask(f());
      const cm = yield* fut;

      expect(cm.when()).toBe(deadline1);
      cm.reschedule(deadline2);
      expect(cm.when()).toBe(deadline2);
      cm.reschedule(null);
      expect(cm.when()).toBeNull();

      task.cancel();

      const e = yield* raises(CancelledError, function* () {
        yield* task;
      });
      expect(e).toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    }),
  );

  it(
    "test_repr_active",
    atest(function* () {
      yield* using(timeout(10), function* (cm) {
        expect(String(cm)).toMatch(/<Timeout \[active\] when=\d+\.\d*>/);
      });
    }),
  );

  it(
    "test_repr_expired",
    atest(function* () {
      let cm!: Timeout;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.01), function* (c) {
          cm = c;
          yield* sleep(10);
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect(String(cm)).toBe("<Timeout [expired]>");
    }),
  );

  it(
    "test_repr_finished",
    atest(function* () {
      let cm!: Timeout;
      yield* using(timeout(10), function* (c) {
        cm = c;
        yield* sleep(0);
      });
      expect(String(cm)).toBe("<Timeout [finished]>");
    }),
  );

  it(
    "test_repr_disabled",
    atest(function* () {
      yield* using(timeout(null), function* (cm) {
        expect(String(cm)).toBe("<Timeout [active] when=None>");
      });
    }),
  );

  it(
    "test_nested_timeout_in_finally",
    atest(function* () {
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.01), function* () {
          try {
            yield* sleep(1);
          } finally {
            const inner = yield* raises(TimeoutError, () =>
              using(timeout(0.01), function* () {
                yield* sleep(10);
              }),
            );
            expect(inner).toBeInstanceOf(TimeoutError);
          }
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
    }),
  );

  it(
    "test_timeout_after_cancellation",
    atest(function* () {
      try {
        current().cancel();
        yield* sleep(1); // work which will be cancelled
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      } finally {
        const e = yield* raises(TimeoutError, () =>
          using(timeout(0.0), function* () {
            yield* sleep(1); // some cleanup
          }),
        );
        expect(e).toBeInstanceOf(TimeoutError);
      }
    }),
  );

  it(
    "test_cancel_in_timeout_after_cancellation",
    atest(function* () {
      try {
        current().cancel();
        yield* sleep(1); // work which will be cancelled
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      } finally {
        const e = yield* raises(CancelledError, () =>
          using(timeout(1.0), function* () {
            current().cancel();
            yield* sleep(2); // some cleanup
          }),
        );
        expect(e).toBeInstanceOf(CancelledError);
      }
    }),
  );

  it(
    "test_timeout_exception_cause",
    atest(function* () {
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0), function* () {
          yield* sleep(1);
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      const cause = (e as Error).cause;
      expect(cause).toBeInstanceOf(CancelledError);
    }),
  );

  it(
    "test_timeout_already_entered",
    atest(function* () {
      yield* using(timeout(0.01), function* (cm) {
        const e = yield* raises(Error, () =>
          using(cm, function* () {
            // pass
          }),
        );
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/has already been entered/);
      });
    }),
  );

  it(
    "test_timeout_double_enter",
    atest(function* () {
      let cm!: Timeout;
      yield* using(timeout(0.01), function* (c) {
        cm = c;
      });
      const e = yield* raises(Error, () =>
        using(cm, function* () {
          // pass
        }),
      );
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(/has already been entered/);
    }),
  );

  it(
    "test_timeout_finished",
    atest(function* () {
      let cm!: Timeout;
      yield* using(timeout(0.01), function* (c) {
        cm = c;
      });
      expect(() => cm.reschedule(0.02)).toThrow(/finished/);
    }),
  );

  it(
    "test_timeout_expired",
    atest(function* () {
      let cm!: Timeout;
      const e = yield* raises(TimeoutError, () =>
        using(timeout(0.01), function* (c) {
          cm = c;
          yield* sleep(1);
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect(() => cm.reschedule(0.02)).toThrow(/expired/);
    }),
  );

  it(
    "test_timeout_expiring",
    atest(function* () {
      yield* using(timeout(0.01), function* (cm) {
        const e = yield* raises(CancelledError, () => sleep(1));
        expect(e).toBeInstanceOf(CancelledError);
        expect(() => cm.reschedule(0.02)).toThrow(/expiring/);
      });
    }),
  );

  it(
    "test_timeout_not_entered",
    atest(function* () {
      const cm = timeout(0.01);
      expect(() => cm.reschedule(0.02)).toThrow(/has not been entered/);
    }),
  );

  it(
    "test_timeout_without_task",
    atest(function* () {
      const cm = timeout(0.01);
      const e = yield* raises(Error, () => awaitWithoutTask(cm.aenter()));
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(/task/);
      expect(() => cm.reschedule(0.02)).toThrow(/has not been entered/);
    }),
  );
});
