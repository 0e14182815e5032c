/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_taskgroups.py (35 test methods).
 *
 * Translation rules:
 * - `IsolatedAsyncioTestCase`: each test body is a generator run by `run()` on a fresh real loop
 *   (real time, real timers).
 * - `async with taskgroups.TaskGroup() as g: body` → `yield* using(new TaskGroup(), function* (g) { body })`.
 * - `self.assertRaises(X)` → the helper `raises(X, body)` (errors of other classes go through).
 *   Python's RuntimeError is aio's plain `Error` (`assertRaisesRegex` → `toMatch` on the message).
 *   `1 / 0` → `throw new ZeroDivisionError()`; `ZeroDivisionError`, `ValueError`, `MyExc`, … are
 *   Error subclasses of the same names.
 * - `BaseExceptionGroup` → `ExceptionGroup` (aio has one group class); `MyBaseExc(BaseException)`
 *   → an Error subclass (JavaScript has no user BaseException hierarchy; only KeyboardInterrupt
 *   and SystemExit are base exceptions in aio, as in the TaskGroup's own `_is_base_error`).
 * - `g._tasks` → the private `tasks` set; `contextvars` → `@aio/loop`'s `ContextVar`/`copyContext`;
 *   `contextlib.asynccontextmanager` → an object with `aenter`/`aexit`; `except* X` →
 *   `catch (eg)` + `eg.split(X)` (the rest re-raised).
 * - `test_asyncio.utils.await_without_task(coro)` → the same helper: drive the coroutine from a
 *   loop callback.
 *
 * `_test_taskgroup_21` is disabled upstream (no `test_` prefix) and is not counted.
 */
import { ContextVar, copyContext } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  type AsyncContextManager,
  CancelledError,
  type Coro,
  createTask,
  currentTask,
  ExceptionGroup,
  KeyboardInterrupt,
  sleep,
  type Task,
  TaskGroup,
  using,
} from "../../src/index.js";
import { atest, awaitWithoutTask, raises, raisesSync } from "./utils.js";

export const NOT_APPLICABLE: Record<string, string> = {};

class MyExc extends Error {
  override name = "MyExc";
}
class MyBaseExc extends Error {
  override name = "MyBaseExc";
}
class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}
class ValueError extends Error {
  override name = "ValueError";
}
class TypeError_ extends Error {
  override name = "TypeError";
}

function getErrorTypes(eg: unknown): Set<unknown> {
  return new Set((eg as ExceptionGroup).exceptions.map((e) => (e as object).constructor));
}

function tasksOf(g: TaskGroup): Set<Task<unknown>> {
  return (g as unknown as { tasks: Set<Task<unknown>> }).tasks;
}

describe("TestTaskGroup", () => {
  it(
    "test_taskgroup_01",
    atest(function* () {
      function* foo1(): Coro<number> {
        yield* sleep(0.1);
        return 42;
      }
      function* foo2(): Coro<number> {
        yield* sleep(0.2);
        return 11;
      }
      let t1!: Task<number>;
      let t2!: Task<number>;
      yield* using(new TaskGroup(), function* (g) {
        t1 = g.createTask(foo1());
        t2 = g.createTask(foo2());
      });
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
    }),
  );

  it(
    "test_taskgroup_02",
    atest(function* () {
      function* foo1(): Coro<number> {
        yield* sleep(0.1);
        return 42;
      }
      function* foo2(): Coro<number> {
        yield* sleep(0.2);
        return 11;
      }
      let t1!: Task<number>;
      let t2!: Task<number>;
      yield* using(new TaskGroup(), function* (g) {
        t1 = g.createTask(foo1());
        yield* sleep(0.15);
        t2 = g.createTask(foo2());
      });
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
    }),
  );

  it(
    "test_taskgroup_03",
    atest(function* () {
      function* foo1(): Coro<number> {
        yield* sleep(1);
        return 42;
      }
      function* foo2(): Coro<number> {
        yield* sleep(0.2);
        return 11;
      }
      let t1!: Task<number>;
      let t2!: Task<number>;
      yield* using(new TaskGroup(), function* (g) {
        t1 = g.createTask(foo1());
        yield* sleep(0.15);
        // cancel t1 explicitly, i.e. everything should continue working as expected.
        t1.cancel();
        t2 = g.createTask(foo2());
      });
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(11);
    }),
  );

  it(
    "test_taskgroup_04",
    atest(function* () {
      let NUM = 0;
      let t2Cancel = false;
      let t2: Task<void> | null = null;
      function* foo1(): Coro<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* foo2(): Coro<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          if (e instanceof CancelledError) t2Cancel = true;
          throw e;
        }
        NUM += 1;
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(foo1());
          t2 = g.createTask(foo2());
        });
        NUM += 10;
      }
      const e = yield* raises(ExceptionGroup, function* () {
        yield* createTask(runner());
      });
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      expect(NUM).toBe(0);
      expect(t2Cancel).toBe(true);
      expect((t2 as unknown as Task<void>).cancelled()).toBe(true);
    }),
  );

  it(
    "test_cancel_children_on_child_error",
    atest(function* () {
      let NUM = 0;
      let t2Cancel = false;
      let runnerCancel = false;
      function* foo1(): Coro<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* foo2(): Coro<void> {
        try {
          yield* sleep(5);
        } catch (e) {
          if (e instanceof CancelledError) t2Cancel = true;
          throw e;
        }
        NUM += 1;
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(foo1());
          g.createTask(foo1());
          g.createTask(foo1());
          g.createTask(foo2());
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) runnerCancel = true;
            throw e;
          }
        });
        NUM += 10;
      }
      const e = yield* raises(ExceptionGroup, function* () {
        yield* createTask(runner());
      });
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      expect(NUM).toBe(0);
      expect(t2Cancel).toBe(true);
      expect(runnerCancel).toBe(true);
    }),
  );

  it(
    "test_cancellation",
    atest(function* () {
      let NUM = 0;
      function* foo(): Coro<void> {
        try {
          yield* sleep(5);
        } catch (e) {
          if (e instanceof CancelledError) NUM += 1;
          throw e;
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          for (let i = 0; i < 5; i++) g.createTask(foo());
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      yield* raises(CancelledError, function* () {
        yield* r;
      });
      expect(NUM).toBe(5);
    }),
  );

  it(
    "test_taskgroup_07",
    atest(function* () {
      let NUM = 0;
      function* foo(): Coro<void> {
        try {
          yield* sleep(5);
        } catch (e) {
          if (e instanceof CancelledError) NUM += 1;
          throw e;
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          for (let i = 0; i < 5; i++) g.createTask(foo());
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) NUM += 10;
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      yield* raises(CancelledError, function* () {
        yield* r;
      });
      expect(NUM).toBe(15);
    }),
  );

  it(
    "test_taskgroup_08",
    atest(function* () {
      function* foo(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new ZeroDivisionError();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          for (let i = 0; i < 5; i++) g.createTask(foo());
          yield* sleep(10);
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = yield* raises(ExceptionGroup, function* () {
        yield* r;
      });
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_09",
    atest(function* () {
      let t1: Task<number> | null = null;
      let t2: Task<number> | null = null;
      function* foo1(): Coro<number> {
        yield* sleep(1);
        return 42;
      }
      function* foo2(): Coro<number> {
        yield* sleep(2);
        return 11;
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          t1 = g.createTask(foo1());
          t2 = g.createTask(foo2());
          yield* sleep(0.1);
          throw new ZeroDivisionError();
        });
      }
      try {
        yield* runner();
        expect.fail("ExceptionGroup was not raised");
      } catch (t) {
        if (!(t instanceof ExceptionGroup)) throw t;
        expect(getErrorTypes(t)).toEqual(new Set([ZeroDivisionError]));
      }
      expect((t1 as unknown as Task<number>).cancelled()).toBe(true);
      expect((t2 as unknown as Task<number>).cancelled()).toBe(true);
    }),
  );

  it(
    "test_taskgroup_10",
    atest(function* () {
      let t1: Task<number> | null = null;
      let t2: Task<number> | null = null;
      function* foo1(): Coro<number> {
        yield* sleep(1);
        return 42;
      }
      function* foo2(): Coro<number> {
        yield* sleep(2);
        return 11;
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          t1 = g.createTask(foo1());
          t2 = g.createTask(foo2());
          throw new ZeroDivisionError();
        });
      }
      try {
        yield* runner();
        expect.fail("ExceptionGroup was not raised");
      } catch (t) {
        if (!(t instanceof ExceptionGroup)) throw t;
        expect(getErrorTypes(t)).toEqual(new Set([ZeroDivisionError]));
      }
      expect((t1 as unknown as Task<number>).cancelled()).toBe(true);
      expect((t2 as unknown as Task<number>).cancelled()).toBe(true);
    }),
  );

  it(
    "test_taskgroup_11",
    atest(function* () {
      function* foo(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new ZeroDivisionError();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* () {
          yield* using(new TaskGroup(), function* (g2) {
            for (let i = 0; i < 5; i++) g2.createTask(foo());
            yield* sleep(10);
          });
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = (yield* raises(ExceptionGroup, function* () {
        yield* r;
      })) as ExceptionGroup;
      expect(getErrorTypes(e)).toEqual(new Set([ExceptionGroup]));
      expect(getErrorTypes(e.exceptions[0])).toEqual(new Set([ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_12",
    atest(function* () {
      function* foo(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new ZeroDivisionError();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g1) {
          g1.createTask(sleep(10));
          yield* using(new TaskGroup(), function* (g2) {
            for (let i = 0; i < 5; i++) g2.createTask(foo());
            yield* sleep(10);
          });
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = (yield* raises(ExceptionGroup, function* () {
        yield* r;
      })) as ExceptionGroup;
      expect(getErrorTypes(e)).toEqual(new Set([ExceptionGroup]));
      expect(getErrorTypes(e.exceptions[0])).toEqual(new Set([ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_13",
    atest(function* () {
      function* crashAfter(t: number): Coro<void> {
        yield* sleep(t);
        throw new ValueError(String(t));
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g1) {
          g1.createTask(crashAfter(0.1));
          yield* using(new TaskGroup(), function* (g2) {
            g2.createTask(crashAfter(10));
          });
        });
      }
      const r = createTask(runner());
      const e = yield* raises(ExceptionGroup, function* () {
        yield* r;
      });
      expect(getErrorTypes(e)).toEqual(new Set([ValueError]));
    }),
  );

  it(
    "test_taskgroup_14",
    atest(function* () {
      function* crashAfter(t: number): Coro<void> {
        yield* sleep(t);
        throw new ValueError(String(t));
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g1) {
          g1.createTask(crashAfter(10));
          yield* using(new TaskGroup(), function* (g2) {
            g2.createTask(crashAfter(0.1));
          });
        });
      }
      const r = createTask(runner());
      const e = (yield* raises(ExceptionGroup, function* () {
        yield* r;
      })) as ExceptionGroup;
      expect(getErrorTypes(e)).toEqual(new Set([ExceptionGroup]));
      expect(getErrorTypes(e.exceptions[0])).toEqual(new Set([ValueError]));
    }),
  );

  it(
    "test_taskgroup_15",
    atest(function* () {
      function* crashSoon(): Coro<void> {
        yield* sleep(0.3);
        throw new ZeroDivisionError();
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g1) {
          g1.createTask(crashSoon());
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) yield* sleep(0.5);
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = yield* raises(ExceptionGroup, function* () {
        yield* r;
      });
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_16",
    atest(function* () {
      function* crashSoon(): Coro<void> {
        yield* sleep(0.3);
        throw new ZeroDivisionError();
      }
      function* nestedRunner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g1) {
          g1.createTask(crashSoon());
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) yield* sleep(0.5);
            throw e;
          }
        });
      }
      function* runner(): Coro<void> {
        const t = createTask(nestedRunner());
        yield* t;
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = yield* raises(ExceptionGroup, function* () {
        yield* r;
      });
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_17",
    atest(function* () {
      let NUM = 0;
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* () {
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) NUM += 10;
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      yield* raises(CancelledError, function* () {
        yield* r;
      });
      expect(NUM).toBe(10);
    }),
  );

  it(
    "test_taskgroup_18",
    atest(function* () {
      let NUM = 0;
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* () {
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) {
              NUM += 10;
              // This isn't a good idea, but we have to support this weird case.
              throw new MyExc();
            }
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      try {
        yield* r;
        expect.fail("ExceptionGroup was not raised");
      } catch (t) {
        if (!(t instanceof ExceptionGroup)) throw t;
        expect(getErrorTypes(t)).toEqual(new Set([MyExc]));
      }
      expect(NUM).toBe(10);
    }),
  );

  it(
    "test_taskgroup_19",
    atest(function* () {
      function* crashSoon(): Coro<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* nested(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new MyExc();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(crashSoon());
          yield* nested();
        });
      }
      const r = createTask(runner());
      try {
        yield* r;
        expect.fail("TasgGroupError was not raised");
      } catch (t) {
        if (!(t instanceof ExceptionGroup)) throw t;
        expect(getErrorTypes(t)).toEqual(new Set([MyExc, ZeroDivisionError]));
      }
    }),
  );

  it(
    "test_taskgroup_20",
    atest(function* () {
      function* crashSoon(): Coro<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* nested(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new KeyboardInterrupt();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(crashSoon());
          yield* nested();
        });
      }
      yield* raises(KeyboardInterrupt, runner);
    }),
  );

  it(
    "test_taskgroup_20a",
    atest(function* () {
      function* crashSoon(): Coro<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* nested(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new MyBaseExc();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(crashSoon());
          yield* nested();
        });
      }
      const e = yield* raises(ExceptionGroup, runner);
      expect(getErrorTypes(e)).toEqual(new Set([MyBaseExc, ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_21a",
    atest(function* () {
      function* crashSoon(): Coro<void> {
        yield* sleep(0.1);
        throw new MyBaseExc();
      }
      function* nested(): Coro<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: upstream raises in finally
          throw new TypeError_();
        }
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(crashSoon());
          yield* nested();
        });
      }
      const e = yield* raises(ExceptionGroup, runner);
      expect(getErrorTypes(e)).toEqual(new Set([MyBaseExc, TypeError_]));
    }),
  );

  it(
    "test_taskgroup_22",
    atest(function* () {
      function* foo1(): Coro<number> {
        yield* sleep(1);
        return 42;
      }
      function* foo2(): Coro<number> {
        yield* sleep(2);
        return 11;
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(foo1());
          g.createTask(foo2());
        });
      }
      const r = createTask(runner());
      yield* sleep(0.05);
      r.cancel();
      yield* raises(CancelledError, function* () {
        yield* r;
      });
    }),
  );

  it(
    "test_taskgroup_23",
    atest(function* () {
      function* doJob(delay: number): Coro<void> {
        yield* sleep(delay);
      }
      yield* using(new TaskGroup(), function* (g) {
        for (let count = 0; count < 10; count++) {
          yield* sleep(0.1);
          g.createTask(doJob(0.3));
          if (count === 5) expect(tasksOf(g).size).toBeLessThan(5);
        }
        yield* sleep(1.35);
        expect(tasksOf(g).size).toBe(0);
      });
    }),
  );

  it(
    "test_taskgroup_24",
    atest(function* () {
      function* root(g: TaskGroup): Coro<void> {
        yield* sleep(0.1);
        g.createTask(coro1(0.1));
        g.createTask(coro1(0.2));
      }
      function* coro1(delay: number): Coro<void> {
        yield* sleep(delay);
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(root(g));
        });
      }
      yield* runner();
    }),
  );

  it(
    "test_taskgroup_25",
    atest(function* () {
      let nhydras = 0;
      function* hydra(g: TaskGroup): Coro<void> {
        nhydras += 1;
        yield* sleep(0.01);
        g.createTask(hydra(g));
        g.createTask(hydra(g));
      }
      function* hercules(): Coro<void> {
        while (nhydras < 10) yield* sleep(0.015);
        throw new ZeroDivisionError();
      }
      function* runner(): Coro<void> {
        yield* using(new TaskGroup(), function* (g) {
          g.createTask(hydra(g));
          g.createTask(hercules());
        });
      }
      const e = yield* raises(ExceptionGroup, runner);
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      expect(nhydras).toBeGreaterThanOrEqual(10);
    }),
  );

  it(
    "test_taskgroup_task_name",
    atest(function* () {
      function* coro(): Coro<void> {
        yield* sleep(0);
      }
      yield* using(new TaskGroup(), function* (g) {
        const t = g.createTask(coro(), { name: "yolo" });
        expect(t.getName()).toBe("yolo");
      });
    }),
  );

  it(
    "test_taskgroup_task_context",
    atest(function* () {
      const cvar = new ContextVar<number>("cvar");
      function* coro(val: number): Coro<void> {
        yield* sleep(0);
        cvar.set(val);
      }
      yield* using(new TaskGroup(), function* (g) {
        const ctx = copyContext();
        expect(ctx.get(cvar)).toBeUndefined();
        const t1 = g.createTask(coro(1), { context: ctx });
        yield* t1;
        expect(ctx.get(cvar)).toBe(1);
        const t2 = g.createTask(coro(2), { context: ctx });
        yield* t2;
        expect(ctx.get(cvar)).toBe(2);
      });
    }),
  );

  it(
    "test_taskgroup_no_create_task_after_failure",
    atest(function* () {
      function* coro1(): Coro<void> {
        yield* sleep(0.001);
        throw new ZeroDivisionError();
      }
      function* coro2(g: TaskGroup): Coro<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          const c1 = coro1();
          raisesSync(Error, () => g.createTask(c1));
          // We still have to await c1 to avoid a warning
          yield* raises(ZeroDivisionError, () => c1);
        }
      }
      const e = yield* raises(ExceptionGroup, () =>
        using(new TaskGroup(), function* (g) {
          g.createTask(coro1());
          g.createTask(coro2(g));
        }),
      );
      expect(getErrorTypes(e)).toEqual(new Set([ZeroDivisionError]));
    }),
  );

  it(
    "test_taskgroup_context_manager_exit_raises",
    atest(function* () {
      // See https://github.com/python/cpython/issues/95289
      class CustomException extends Error {
        override name = "CustomException";
      }
      function* raiseExc(): Coro<void> {
        throw new CustomException();
      }
      // @contextlib.asynccontextmanager: `try: yield finally: raise CustomException`
      function database(): AsyncContextManager<void> {
        return {
          *aenter() {},
          *aexit(): Coro<boolean> {
            throw new CustomException();
          },
        };
      }
      function* main(): Coro<void> {
        const task = currentTask() as Task<unknown>;
        try {
          yield* using(new TaskGroup(), function* (tg) {
            yield* using(database(), function* () {
              tg.createTask(raiseExc());
              yield* sleep(1);
            });
          });
          expect.fail("CustomException not raised");
        } catch (eg) {
          // except* CustomException as err:
          if (!(eg instanceof ExceptionGroup)) throw eg;
          const [err, rest] = eg.split(CustomException);
          if (err === null) throw eg;
          expect(task.cancelling()).toBe(0);
          expect(err.exceptions.length).toBe(2);
          if (rest !== null) throw rest;
        }
      }
      yield* createTask(main());
    }),
  );

  it(
    "test_taskgroup_already_entered",
    atest(function* () {
      const tg = new TaskGroup();
      yield* using(tg, function* () {
        const e = yield* raises(Error, () => using(tg, function* () {}));
        expect((e as Error).message).toMatch(/has already been entered/);
      });
    }),
  );

  it(
    "test_taskgroup_double_enter",
    atest(function* () {
      const tg = new TaskGroup();
      yield* using(tg, function* () {});
      const e = yield* raises(Error, () => using(tg, function* () {}));
      expect((e as Error).message).toMatch(/has already been entered/);
    }),
  );

  it(
    "test_taskgroup_finished",
    atest(function* () {
      const tg = new TaskGroup();
      yield* using(tg, function* () {});
      const coro = sleep(0);
      const e = raisesSync(Error, () => tg.createTask(coro));
      expect((e as Error).message).toMatch(/is finished/);
      // We still have to await coro to avoid a warning
      yield* coro;
    }),
  );

  it(
    "test_taskgroup_not_entered",
    atest(function* () {
      const tg = new TaskGroup();
      const coro = sleep(0);
      const e = raisesSync(Error, () => tg.createTask(coro));
      expect((e as Error).message).toMatch(/has not been entered/);
      // We still have to await coro to avoid a warning
      yield* coro;
    }),
  );

  it(
    "test_taskgroup_without_parent_task",
    atest(function* () {
      const tg = new TaskGroup();
      const e1 = yield* raises(Error, () => awaitWithoutTask(tg.aenter()));
      expect((e1 as Error).message).toMatch(/parent task/);
      const coro = sleep(0);
      const e2 = raisesSync(Error, () => tg.createTask(coro));
      expect((e2 as Error).message).toMatch(/has not been entered/);
      // We still have to await coro to avoid a warning
      yield* coro;
    }),
  );
});
