/**
 * Edge cases of the smaller modules that no test reached (Stryker's "no coverage"): argument
 * errors, an abandoned TaskGroup, a shield whose outer future was cancelled first, toPromise's name.
 * Found by Stryker, see MUTATION.md.
 */
import {
  type EventLoop,
  type ExceptionContext,
  getRunningLoop,
  newEventLoop,
  repr,
  runtimeHooks,
} from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  anext,
  CancelledError,
  coroutine,
  createTask,
  currentTask,
  ExceptionGroup,
  type Future,
  gather,
  KeyboardInterrupt,
  reportNeverAwaited,
  retry,
  run,
  StopAsyncIteration,
  shield,
  sleep,
  TaskGroup,
  toPromise,
} from "../src/index.js";

describe("argument errors name what was given", () => {
  it("retry() without a function, or with a retryOn that is not one", async () => {
    await expect(run(retry(5 as never), { clock: "virtual" })).rejects.toThrow(
      new TypeError("retry() needs a function that starts an attempt, got 5"),
    );
    await expect(
      run(
        retry(() => sleep(0), { retryOn: "yes" as never }),
        { clock: "virtual" },
      ),
    ).rejects.toThrow(new TypeError("retryOn must be a function, got 'yes'"));
  });

  it("coroutine() of an anonymous ordinary function says so", () => {
    expect(() => coroutine((() => 1) as never)).toThrow(
      new TypeError("coroutine() needs a generator function (function*), got an ordinary function"),
    );
  });

  it("an anonymous generator function's coroutines are named <anonymous>", () => {
    const anon = coroutine(function* () {});
    const seen: string[] = [];
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    hooks.warn = (category, message) => seen.push(`${category}: ${message}`);
    try {
      reportNeverAwaited(); // what other test files left behind
      seen.length = 0;
      const c = anon();
      expect(repr(c)).toMatch(/^<coroutine object <anonymous> at 0x[0-9a-f]+>$/);
      reportNeverAwaited();
    } finally {
      hooks.warn = saved;
    }
    expect(seen).toEqual(["RuntimeWarning: coroutine '<anonymous>' was never awaited"]);
  });
});

describe("retry() options", () => {
  it("attempts: 1 tries once and raises that attempt's error", async () => {
    let calls = 0;
    const fail = () => {
      calls++;
      return Promise.reject(new Error(`failure ${calls}`));
    };
    await expect(run(retry(fail, { attempts: 1 }), { clock: "virtual" })).rejects.toThrow("failure 1");
    expect(calls).toBe(1);
  });

  it("never retries a cancellation or a KeyboardInterrupt from an attempt", async () => {
    let calls = 0;
    function* cancelledAttempts() {
      const loop = getRunningLoop();
      return yield* retry(() => {
        calls++;
        const f = loop.createFuture<number>();
        loop.callSoon(() => f.cancel());
        return f;
      });
    }
    await expect(run(cancelledAttempts(), { clock: "virtual" })).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBe(1);
    calls = 0;
    const interrupted = () => {
      calls++;
      throw new KeyboardInterrupt();
    };
    await expect(run(retry(interrupted), { clock: "virtual" })).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(calls).toBe(1);
  });

  it("does not retry an error raised while its task is being cancelled", async () => {
    let calls = 0;
    function* attempt() {
      calls++;
      try {
        yield* sleep(10);
      } catch {
        throw new Error("cleanup failed");
      }
    }
    function* main() {
      const t = createTask(retry(() => attempt()));
      yield* sleep(1);
      t.cancel();
      try {
        yield* t;
      } catch (err) {
        return String(err);
      }
      return "no error";
    }
    expect(await run(main(), { clock: "virtual" })).toBe("Error: cleanup failed");
    expect(calls).toBe(1);
  });

  it("a task running retry() names it in its repr", async () => {
    function* main() {
      const t = createTask(retry(() => sleep(1)));
      yield* sleep(0);
      const text = String(t);
      yield* t;
      return text;
    }
    expect(await run(main(), { clock: "virtual" })).toMatch(/ coro=<retry\(\) running/);
  });

  it("a negative backoff is refused", async () => {
    await expect(
      run(
        retry(() => sleep(0), { backoff: -1 }),
        { clock: "virtual" },
      ),
    ).rejects.toThrow(
      new TypeError("backoff must be a non-negative number of seconds or a function, got -1"),
    );
  });

  it("a backoff function gets each failed attempt and its error, and sets the wait", async () => {
    const waits: string[] = [];
    let calls = 0;
    function* main() {
      const loop = getRunningLoop();
      const start = loop.time();
      const result = yield* retry(
        () => {
          calls++;
          return calls < 3 ? Promise.reject(new Error(`e${calls}`)) : Promise.resolve("ok");
        },
        {
          attempts: 3,
          backoff: (n, err) => {
            waits.push(`${n}:${(err as Error).message}`);
            return n * 10;
          },
        },
      );
      return { result, elapsed: loop.time() - start };
    }
    expect(await run(main(), { clock: "virtual" })).toEqual({ result: "ok", elapsed: 30 });
    expect(waits).toEqual(["1:e1", "2:e2"]);
  });
});

describe("anext() and StopAsyncIteration", () => {
  it("StopAsyncIteration without a value has an empty message, as Python's str() of it", () => {
    const e = new StopAsyncIteration();
    expect(e.message).toBe("");
    expect(String(e)).toBe("StopAsyncIteration");
    expect(e.value).toBeUndefined();
  });

  it("an iterator whose next() resolves to something that is not an object is a TypeError", async () => {
    const it = { next: () => Promise.resolve(5) } as unknown as AsyncIterator<number>;
    await expect(run(anext(it), { clock: "virtual" })).rejects.toThrow(
      new TypeError("iterator result 5 is not an object"),
    );
  });
});

describe("shield() after its outer future was cancelled", () => {
  it("an inner failure or cancellation that comes later is not reported (Python marks it retrieved)", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
      seen.push(`${ctx.message}: ${String(ctx.exception)}`);
    });
    const failing = loop.createFuture<number>() as Future<number>;
    const outer1 = shield(failing);
    const cancelled = loop.createFuture<number>() as Future<number>;
    const outer2 = shield(cancelled);
    expect(outer1.cancel()).toBe(true);
    expect(outer2.cancel()).toBe(true);
    failing.setException(new Error("late"));
    cancelled.cancel();
    await loop.runUntilComplete(sleep(0));
    expect(outer1.cancelled()).toBe(true);
    expect(outer2.cancelled()).toBe(true);
    loop.close();
    expect(seen).toEqual([]);
  });
});

describe("TaskGroup.aexit() called by hand", () => {
  it("with only the body's error: the children are cancelled and the error is grouped", async () => {
    const body = new Error("body");
    function* main() {
      const tg = new TaskGroup();
      yield* tg.aenter();
      const child = tg.createTask(sleep(3600));
      try {
        yield* tg.aexit(body);
      } catch (err) {
        return { err, childCancelled: child.cancelled() };
      }
      return { err: null, childCancelled: child.cancelled() };
    }
    const { err, childCancelled } = await run(main(), { clock: "virtual" });
    expect(err).toBeInstanceOf(ExceptionGroup);
    expect((err as ExceptionGroup).exceptions).toEqual([body]);
    expect(childCancelled).toBe(true);
  });

  it("with no argument: no error, the children are awaited and it returns false", async () => {
    function* main() {
      const tg = new TaskGroup();
      yield* tg.aenter();
      const child = tg.createTask(sleep(1, "done"));
      const suppressed = yield* tg.aexit();
      return { suppressed, result: child.result() };
    }
    expect(await run(main(), { clock: "virtual" })).toEqual({ suppressed: false, result: "done" });
  });

  it("a child that fails after its parent task ended is reported to the loop's exception handler", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: ExceptionContext[] = [];
    loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
      seen.push(ctx);
    });
    const late = new Error("late failure");
    function* failsLater() {
      yield* sleep(1);
      throw late;
    }
    let child: unknown = null;
    function* parent() {
      const tg = new TaskGroup();
      yield* tg.aenter();
      child = tg.createTask(failsLater(), { name: "child" });
      // never exits the group
    }
    const p = loop.createTask(parent(), { name: "parent" });
    await loop.runUntilComplete(sleep(2));
    expect(p.done()).toBe(true);
    loop.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toMatch(
      /^Task <Task finished name='child' coro=<failsLater\(\) done, defined at .*> exception=Error\('late failure'\)> has errored out but its parent task <Task finished name='parent' coro=<parent\(\) done, defined at .*> result=None> is already completed$/,
    );
    expect(seen[0]?.exception).toBe(late);
    expect(seen[0]?.task).toBe(child);
  });
});

describe("toPromise() names its task", () => {
  it("options.name becomes the task's name", async () => {
    function* whoAmI() {
      yield* sleep(0);
      return currentTask()?.getName();
    }
    expect(await toPromise(whoAmI(), { name: "worker" })).toBe("worker");
  });

  it("a name for something that is not a Task (a Promise's future) is left unused", async () => {
    expect(await toPromise(Promise.resolve(7), { name: "unused" })).toBe(7);
  });
});

describe("gather() of a future of another copy of @aio/future (without _lastCallbackIs)", () => {
  /** A Future as an older copy of @aio/future makes it: without the `_lastCallbackIs` helper. */
  function foreignFuture<T>(loop: EventLoop): Future<T> {
    const f = loop.createFuture<T>() as Future<T>;
    Object.defineProperty(f, "_lastCallbackIs", { value: undefined });
    return f;
  }

  it("awaits each such future once, however often it is given", async () => {
    function* main() {
      const loop = getRunningLoop();
      const a = foreignFuture<number>(loop);
      const b = foreignFuture<number>(loop);
      loop.callLater(0.1, () => a.setResult(1));
      loop.callLater(0.2, () => b.setResult(2));
      const g = gather(a, b, a);
      const pendingRepr = String(a);
      return { results: yield* g, pendingRepr };
    }
    const { results, pendingRepr } = await run(main(), { clock: "virtual" });
    expect(results).toEqual([1, 2, 1]);
    // one done-callback on `a`, as CPython's gather() adds one per distinct future
    expect(pendingRepr).toMatch(/^<Future pending cb=\[[^,\]]+\]>$/);
  });
});
