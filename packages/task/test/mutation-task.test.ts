/**
 * Task behaviour the rest of the suite left unpinned (found by Stryker, see MUTATION.md): the
 * checks on getStack()'s options and on task factories, the task's AbortSignal, createTask's
 * signal and name options, allTasks/currentTask given a loop, and uncancel() at zero.
 */
import { getRunningLoop, newEventLoop, repr } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  allTasks,
  CancelledError,
  createEagerTaskFactory,
  createTask,
  currentSignal,
  currentTask,
  type Future,
  isCancelledError,
  run,
  sleep,
  type Task,
} from "../src/index.js";

describe("Task: argument checks", () => {
  it("getStack() refuses options that are not an object, naming what it got", async () => {
    function* main() {
      const t = createTask(sleep(1));
      yield* sleep(0);
      for (const bad of [null, 3, "x"]) {
        expect(() => t.getStack(bad as never)).toThrow(
          new TypeError(`getStack() options must be an object, got ${repr(bad)}`),
        );
      }
      // An options object without `limit` is the whole stack, as `{}`.
      expect(t.getStack({ limit: undefined })).toEqual(t.getStack());
      t.cancel();
    }
    await run(main(), { clock: "virtual" });
  });

  it("createEagerTaskFactory() refuses something that is not a constructor", () => {
    for (const bad of [42, null, "Task"]) {
      expect(() => createEagerTaskFactory(bad as never)).toThrow(
        new TypeError(`a task constructor was expected, got ${repr(bad)}`),
      );
    }
  });

  it("currentTask() and allTasks() take a loop, and refuse anything else", async () => {
    const other = newEventLoop();
    function* main() {
      const here = getRunningLoop();
      const gate = here.createFuture<void>() as Future<void>;
      const waiting = createTask(
        (function* () {
          yield* gate;
        })(),
        { name: "waiting" },
      );
      const quick = createTask(sleep(0), { name: "quick" });
      yield* sleep(0);
      yield* sleep(0);
      // Only the tasks that are not done, of the loop asked about.
      expect([...allTasks(here)].map((t) => t.getName()).sort()).toEqual(["Task-main", "waiting"].sort());
      expect(quick.done()).toBe(true);
      expect(allTasks(other).size).toBe(0);
      expect(currentTask(here)).toBe(currentTask());
      expect(currentTask(other)).toBe(null);
      expect(() => currentTask(42 as never)).toThrow(new TypeError("loop must be an event loop, got 42"));
      expect(() => allTasks({} as never)).toThrow(
        new TypeError(`loop must be an event loop, got ${repr({})}`),
      );
      gate.setResult(undefined);
      yield* waiting;
    }
    const main_ = main();
    await run(
      (function* () {
        (currentTask() as Task<unknown>).setName("Task-main");
        yield* main_;
      })(),
      { clock: "virtual" },
    );
    other.close();
  });
});

describe("Task: names and cancellation counts", () => {
  it("setName() converts what it is given to a string; createTask's name option does the same", async () => {
    function* main() {
      const t = createTask(sleep(0), { name: 42 as never });
      expect(t.getName()).toBe("42");
      t.setName(7);
      expect(t.getName()).toBe("7");
      const unnamed = createTask(sleep(0), { name: null as never });
      expect(unnamed.getName()).toMatch(/^Task-\d+$/);
      yield* t;
      yield* unnamed;
    }
    await run(main(), { clock: "virtual" });
  });

  it("uncancel() never goes below zero", async () => {
    function* main() {
      const t = createTask(sleep(1));
      expect(t.uncancel()).toBe(0);
      expect(t.cancelling()).toBe(0);
      t.cancel();
      t.cancel();
      expect(t.cancelling()).toBe(2);
      expect(t.uncancel()).toBe(1);
      expect(t.uncancel()).toBe(0);
      expect(t.uncancel()).toBe(0);
      // The task was asked to cancel: uncancel() does not take that back.
      const r = yield* gatherOne(t);
      expect(isCancelledError(r)).toBe(true);
    }
    await run(main(), { clock: "virtual" });
  });

  it("cancel() on a done task returns false and changes nothing", async () => {
    function* main() {
      const t = createTask(sleep(0, 5));
      yield* t;
      expect(t.cancel()).toBe(false);
      expect(t.cancelling()).toBe(0);
      expect(t.cancelled()).toBe(false);
      expect(t.result()).toBe(5);
    }
    await run(main(), { clock: "virtual" });
  });
});

function* gatherOne(t: Future<unknown>) {
  try {
    return yield* t;
  } catch (e) {
    return e;
  }
}

describe("Task.signal", () => {
  it("is already aborted, with the cancel message, when first asked for after cancel()", async () => {
    function* main() {
      const t = createTask(sleep(1));
      t.cancel("stop");
      const s = t.signal;
      expect(s.aborted).toBe(true);
      expect(s.reason).toBeInstanceOf(CancelledError);
      expect((s.reason as Error).message).toBe("stop");
      // The same signal every time.
      expect(t.signal).toBe(s);
      yield* gatherOne(t);
      expect(t.signal).toBe(s);
    }
    await run(main(), { clock: "virtual" });
  });

  it("is aborted when asked for after the task was cancelled and is done", async () => {
    function* main() {
      const t = createTask(sleep(1));
      yield* sleep(0);
      t.cancel("late");
      yield* gatherOne(t);
      expect(t.cancelled()).toBe(true);
      expect(t.signal.aborted).toBe(true);
      expect(t.signal.reason).toBeInstanceOf(CancelledError);
    }
    await run(main(), { clock: "virtual" });
  });

  it("is not aborted for a task that finished normally, nor while it runs", async () => {
    function* main() {
      const t = createTask(sleep(0, 1));
      expect(t.signal.aborted).toBe(false);
      yield* t;
      expect(t.signal.aborted).toBe(false);
      const u = createTask(sleep(0, 1));
      yield* u;
      expect(u.signal.aborted).toBe(false);
    }
    await run(main(), { clock: "virtual" });
  });

  it("aborts once, at the first cancel() request, with that request's message", async () => {
    function* main() {
      const t = createTask(sleep(1));
      const s = t.signal;
      const reasons: unknown[] = [];
      s.addEventListener("abort", () => reasons.push(s.reason));
      expect(s.aborted).toBe(false);
      t.cancel("first");
      expect(s.aborted).toBe(true);
      t.cancel("second");
      yield* gatherOne(t);
      expect(reasons.length).toBe(1);
      expect((reasons[0] as Error).message).toBe("first");
    }
    await run(main(), { clock: "virtual" });
  });

  it("currentSignal() is the running task's signal, and refuses outside a task", async () => {
    expect(() => currentSignal()).toThrow("currentSignal() needs a running task: call it inside a coroutine");
    function* main() {
      expect(currentSignal()).toBe((currentTask() as Task<unknown>).signal);
      yield* sleep(0);
    }
    await run(main(), { clock: "virtual" });
    const loop = newEventLoop();
    let seen: unknown = null;
    loop.callSoon(() => {
      try {
        currentSignal();
      } catch (e) {
        seen = e;
      }
      loop.stop();
    });
    loop.runForever();
    loop.close();
    expect(String(seen)).toBe("Error: currentSignal() needs a running task: call it inside a coroutine");
  });
});

describe("createTask's signal option", () => {
  it("cancels the task at once, with the reason, for a signal that has already aborted", async () => {
    function* main() {
      const c = new AbortController();
      c.abort("gone");
      const t = createTask(sleep(1), { signal: c.signal });
      expect(t.cancelling()).toBe(1);
      const r = yield* gatherOne(t);
      expect(isCancelledError(r)).toBe(true);
      expect((r as Error).message).toBe("gone");
    }
    await run(main(), { clock: "virtual" });
  });

  it("cancels the task when the signal aborts later, and stops listening once the task is done", async () => {
    function* main() {
      const c = new AbortController();
      const t = createTask(sleep(1), { signal: c.signal });
      yield* sleep(0);
      expect(t.done()).toBe(false);
      c.abort("now");
      const r = yield* gatherOne(t);
      expect((r as Error).message).toBe("now");
      const d = new AbortController();
      const u = createTask(sleep(0, 3), { signal: d.signal, name: "u" });
      expect(u.getName()).toBe("u");
      expect(yield* u).toBe(3);
      yield* sleep(0);
      d.abort("after");
      expect(u.cancelled()).toBe(false);
      expect(u.result()).toBe(3);
    }
    await run(main(), { clock: "virtual" });
  });

  it("refuses a signal that is not an AbortSignal", async () => {
    function* main() {
      const coro = sleep(0);
      expect(() => createTask(coro, { signal: {} as never })).toThrow(
        new TypeError(`signal must be an AbortSignal, got ${repr({})}`),
      );
      yield* sleep(0);
    }
    await run(main(), { clock: "virtual" });
  });
});
