/**
 * What a Task tells the tracer (@aio/debug's hook), how it prints a coroutine V8 cannot place (a
 * `sleep()` coroutine, a hand-made coroutine object), printStack()'s default output, the info
 * @aio/debug reads with `_coroInfo()`, and debug mode's swallowed-cancel report when the
 * CancelledError was delivered before debug mode was on. Found by Stryker, see MUTATION.md.
 */
import { type ExceptionContext, getRunningLoop, newEventLoop } from "@aio/loop";
import { runtimeState, type Tracer } from "@aio/loop/internal";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import {
  type Coro,
  coroutine,
  createTask,
  type Future,
  isCancelledError,
  run,
  sleep,
  type Task,
} from "../src/index.js";

function tracerFor(events: string[], only: string): Tracer {
  const mine = (t: { getName(): string }) => t.getName() === only;
  return {
    taskCreated: (t) => {
      if (mine(t)) events.push("created");
    },
    stepStart: (t, thrown, error) => {
      if (mine(t)) events.push(`step thrown=${thrown} ${thrown ? String(error) : typeof error}`);
    },
    stepEnd: (t, waiter) => {
      if (mine(t)) events.push(`end ${waiter === null ? "null" : String(waiter).replace(/ cb=.*/, ">")}`);
    },
    wakeup: (t, fut) => {
      if (mine(t)) events.push(`wakeup ${String(fut).replace(/ cb=.*/, ">")}`);
    },
    cancel: (t, msg) => {
      if (mine(t)) events.push(`cancel ${String(msg)}`);
    },
    timer: () => {},
    callbackStart: () => {},
    callbackEnd: () => {},
    idle: () => {},
    operationStart: () => 0,
    operationEnd: () => {},
  };
}

describe("Task and the tracer", () => {
  it("reports creation, each step (sent or thrown into, with what), what it then waits on, wake-ups and cancel()", async () => {
    const events: string[] = [];
    function* main() {
      const loop = getRunningLoop();
      const fut = loop.createFuture<number>() as Future<number>;
      const failing = loop.createFuture<number>() as Future<number>;
      function* child() {
        const a = yield* fut;
        try {
          yield* failing;
        } catch {
          // thrown in
        }
        yield* sleep(0);
        yield* loop.createFuture();
        return a;
      }
      runtimeState.tracer = tracerFor(events, "child");
      try {
        const t = createTask(child(), { name: "child" });
        yield* sleep(0);
        fut.setResult(1);
        yield* sleep(0);
        yield* sleep(0);
        failing.setException(new RangeError("no"));
        yield* sleep(0);
        yield* sleep(0);
        yield* sleep(0);
        t.cancel("bye");
        const r = yield* gathered(t);
        expect(isCancelledError(r)).toBe(true);
      } finally {
        runtimeState.tracer = null;
      }
    }
    await run(main(), { clock: "virtual" });
    expect(events).toEqual([
      // createTask names the task after it is made: the tracer sees it by name from its first step.
      "step thrown=false undefined",
      "end <Future pending>",
      "wakeup <Future finished result=1>",
      "step thrown=false undefined",
      "end <Future pending>",
      "wakeup <Future finished exception=RangeError('no')>",
      "step thrown=true RangeError: no",
      "end null",
      "step thrown=false undefined",
      "end <Future pending>",
      "cancel bye",
      "wakeup <Future cancelled>",
      "step thrown=true CancelledError: bye",
      "end null",
    ]);
  });

  it("sees a task created with its name from the start", async () => {
    const events: string[] = [];
    const loop = newEventLoop({ clock: "virtual" });
    runtimeState.tracer = tracerFor(events, "named");
    try {
      const t = loop.createTask(sleep(0), { name: "named" });
      loop.runUntilComplete(t);
    } finally {
      runtimeState.tracer = null;
      loop.close();
    }
    expect(events).toEqual([
      "created",
      "step thrown=false undefined",
      "end null",
      "step thrown=false undefined",
      "end null",
    ]);
  });
});

/** A coroutine object that is not a generator: V8's inspector cannot name or place it. */
function handMade<T>(gen: Coro<T>): Coro<T> {
  return {
    next: (v?: unknown) => gen.next(v),
    throw: (e: unknown) => gen.throw(e),
    return: (v: T) => gen.return(v),
    [Symbol.iterator]() {
      return this;
    },
  } as Coro<T>;
}

function* gathered(t: Future<unknown>) {
  try {
    return yield* t;
  } catch (e) {
    return e;
  }
}

describe("a Task's coroutine that V8 cannot place", () => {
  it("prints a sleep() as `sleep() running`, then `sleep() done`", async () => {
    function* main() {
      const t = createTask(sleep(1, 5), { name: "s" });
      yield* sleep(0);
      expect(String(t)).toMatch(/^<Task pending name='s' coro=<sleep\(\) running> wait_for=<Future pending/);
      expect(t.getStack()).toEqual(["sleep()"]);
      yield* t;
      expect(String(t)).toBe("<Task finished name='s' coro=<sleep() done> result=5>");
      expect(t.getStack()).toEqual([]);
    }
    await run(main(), { clock: "virtual" });
  });

  it("prints a hand-made coroutine object as `coroutine()`, running then done", async () => {
    function* body() {
      yield* sleep(1);
      return 3;
    }
    function* main() {
      const t = createTask(handMade(body()), { name: "h" });
      expect(String(t)).toBe("<Task pending name='h' coro=<coroutine() running>>");
      yield* sleep(0);
      expect(t.getStack()).toEqual(["coroutine()"]);
      let text = "";
      t.printStack((s) => {
        text += s;
      });
      expect(text).toBe(`Stack for ${t} (most recent call last):\n  coroutine()\n`);
      yield* t;
      expect(String(t)).toBe("<Task finished name='h' coro=<coroutine() done> result=3>");
      const c = createTask(handMade(body()), { name: "c" });
      yield* sleep(0);
      c.cancel();
      yield* gathered(c);
      expect(String(c)).toBe("<Task cancelled name='c' coro=<coroutine() done>>");
    }
    await run(main(), { clock: "virtual" });
  });

  it("prints it `done` when the loop closes on it while it is pending (its coroutine was closed)", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
      seen.push(`${ctx.message} ${String(ctx.task)}`);
    });
    let closed = false;
    function* body() {
      try {
        yield* sleep(10);
      } finally {
        closed = true;
      }
    }
    const t = loop.createTask(handMade(body()), { name: "p" });
    loop.runUntilComplete(sleep(0) as never);
    expect(String(t)).toMatch(/^<Task pending name='p' coro=<coroutine\(\) running>/);
    loop.close();
    expect(closed).toBe(true);
    expect(seen).toEqual([
      expect.stringMatching(
        /^Task was destroyed but it is pending! <Task pending name='p' coro=<coroutine\(\) done> wait_for=/,
      ),
    ]);
  });

  it("is reported at close again once a quiet task is made loud again (_logDestroyPending back to true)", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
      seen.push(String(ctx.message));
    });
    const quiet = loop.createTask(sleep(10), { name: "quiet" }) as Task<unknown>;
    const loud = loop.createTask(sleep(10), { name: "loud" }) as Task<unknown>;
    quiet._logDestroyPending = false;
    loud._logDestroyPending = false;
    loud._logDestroyPending = true;
    expect(quiet._logDestroyPending).toBe(false);
    expect(loud._logDestroyPending).toBe(true);
    loop.runUntilComplete(sleep(0) as never);
    loop.close();
    expect(seen).toEqual(["Task was destroyed but it is pending!"]);
  });
});

describe("printStack() and _coroInfo()", () => {
  it("printStack() writes to stderr by default", async () => {
    let repr = "";
    function* main() {
      const t = createTask(sleep(1), { name: "st" });
      yield* sleep(0);
      repr = String(t);
      t.printStack();
      t.cancel();
    }
    const text = await captureStderr(() => run(main(), { clock: "virtual" }));
    expect(text).toBe(`Stack for ${repr} (most recent call last):\n  sleep()\n`);
  });

  it("_coroInfo(): a coroutine() function's info, a plain generator's name only in debug mode", async () => {
    const marked = coroutine(function* marked() {
      yield* sleep(1);
    });
    function* plain() {
      yield* sleep(1);
    }
    for (const debug of [false, true]) {
      function* main() {
        const a = createTask(marked());
        const b = createTask(plain());
        yield* sleep(0);
        expect(a._coroInfo()?.name).toBe("marked");
        expect(a._coroInfo()?.definedAt).toMatch(/mutation-task-internals\.test\.ts:\d+$/);
        expect(b._coroInfo()).toEqual(debug ? { name: "plain", definedAt: null } : null);
        a.cancel();
        b.cancel();
      }
      await run(main(), { clock: "virtual", debug });
    }
  });
});

describe("debug mode's report of a swallowed CancelledError", () => {
  it("says nothing of where it was thrown in when that was before debug mode was on", async () => {
    function* swallower() {
      try {
        yield* sleep(10);
      } catch {
        // swallowed
      }
      getRunningLoop().setDebug(true);
      yield* sleep(0);
      return "carried on";
    }
    function* main() {
      const t = createTask(swallower(), { name: "sw" });
      yield* sleep(0);
      t.cancel();
      return yield* t;
    }
    const text = await captureStderr(async () => {
      expect(await run(main(), { clock: "virtual" })).toBe("carried on");
    });
    expect(text).toMatch(
      /Task <Task .*name='sw'.*> swallowed CancelledError: it was cancelled \(cancelling\(\) is 1\) but returned normally without uncancel\(\)\. Re-raise it/,
    );
    expect(text).not.toContain("thrown into it at");
  });
});
