/**
 * Running until a future completes or until nothing is left (`runUntilComplete`, `runUntilIdle`,
 * `whenIdle`), futures and tasks through the hooks the higher packages install, and the deadlocks
 * those runs report. Futures here are `FakeFuture`s (./fake-future.ts), what `@aio/future` plugs in.
 */
import { describe, expect, it } from "vitest";
import {
  type CoroutineLike,
  DeadlockError,
  type EventLoop,
  type FutureLike,
  runtimeHooks,
  type TaskFactory,
} from "../src/index.js";
import { waitAllTasksBlocked } from "../src/testing.js";
import { FakeFuture, keyboardInterrupt, withFutures } from "./fake-future.js";
import { loopFor } from "./helpers.js";

/** A task of sorts: a future registered with the loop as pending until it is done. */
function fakeTask(loop: EventLoop, name: string): FakeFuture & { _prevTask: null; _nextTask: null } {
  const t = Object.assign(new FakeFuture(loop), { _prevTask: null, _nextTask: null });
  t.toString = () => `<Task pending name='${name}'>`;
  loop._tasks.add(t);
  t.addDoneCallback(() => loop._tasks.delete(t));
  return t;
}

describe("runUntilComplete", () => {
  it("returns the future's result once a callback sets it, and stops right there", async () => {
    const loop = loopFor();
    const fut = new FakeFuture<number>(loop);
    const out: string[] = [];
    loop.callLater(1, () => fut.setResult(42));
    loop.callLater(2, () => out.push("after"));
    expect(await loop.runUntilComplete(fut)).toBe(42);
    expect(loop.isRunning()).toBe(false);
    expect(loop.time()).toBe(1);
    expect(out).toEqual([]);
  });

  it("throws the future's exception", async () => {
    const loop = loopFor();
    const fut = new FakeFuture(loop);
    loop.callSoon(() => fut.setException(new RangeError("boom")));
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(new RangeError("boom"));
    expect(loop.isRunning()).toBe(false);
  });

  it("a future already done returns after one iteration", async () => {
    const loop = loopFor();
    const fut = new FakeFuture(loop);
    fut.setResult("ready");
    expect(await loop.runUntilComplete(fut)).toBe("ready");
  });

  it("stopped before the future completes: asyncio's RuntimeError, and the future no longer stops later runs", async () => {
    const loop = loopFor();
    const fut = new FakeFuture(loop);
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(
      new Error("Event loop stopped before Future completed."),
    );
    // The run's done-callback was removed: completing the future now does not stop runForever().
    const out: string[] = [];
    loop.callSoon(() => fut.setResult(1));
    loop.callLater(5, () => {
      out.push(`stopped at ${loop.time()}`);
      loop.stop();
    });
    await loop.runForever();
    expect(out).toEqual(["stopped at 5"]);
  });

  it("wraps a coroutine in a task of the task factory, and runs until it is done", async () => {
    const loop = loopFor();
    const made: string[] = [];
    const factory: TaskFactory = (l, coro, options) => {
      made.push(`${typeof coro.next} ${JSON.stringify(options)}`);
      const t = new FakeFuture(l);
      l.callLater(3, () => t.setResult(coro.next().value));
      return t;
    };
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    function* main(): CoroutineLike<string> {
      yield "step";
      return "done";
    }
    expect(await loop.runUntilComplete(main())).toBe("step");
    expect(made).toEqual(["function {}"]);
    expect(loop.time()).toBe(3);
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBe(null);
  });

  it("a coroutine whose task never finishes is a deadlock naming the task", async () => {
    const loop = loopFor();
    loop.setTaskFactory((l) => {
      const t = new FakeFuture(l);
      t.toString = () => "<Task pending name='main'>";
      return t;
    });
    function* main(): CoroutineLike<void> {}
    await expect(loop.runUntilComplete(main())).rejects.toThrow(
      new DeadlockError(
        "runUntilComplete() can never finish: <Task pending name='main'> is waiting, and nothing is ready, " +
          "no timer will ever fire and no outside operation is in flight that could wake it",
      ),
    );
  });

  it("a KeyboardInterrupt from a callback ends the run with it, and the next run is a full one", async () => {
    const loop = loopFor();
    const fut = new FakeFuture(loop);
    loop.callSoon(() => {
      fut.setException(keyboardInterrupt());
      throw keyboardInterrupt();
    });
    await expect(loop.runUntilComplete(fut)).rejects.toThrow("KeyboardInterrupt");
    expect(loop.isRunning()).toBe(false);
    // The future's done-callback (it failed with a KeyboardInterrupt) did not leave a stop() behind.
    const out: number[] = [];
    loop.callSoon(() => out.push(1));
    loop.callLater(1, () => {
      out.push(2);
      loop.stop();
    });
    await loop.runForever();
    expect(out).toEqual([1, 2]);
  });

  it("a KeyboardInterrupt out of the run consumes the exception of the task it made (nothing logged later)", async () => {
    const loop = loopFor();
    const retrieved: string[] = [];
    let task: FakeFuture | null = null;
    loop.setTaskFactory((l) => {
      const t = new FakeFuture(l);
      const exception = t.exception.bind(t);
      t.exception = () => {
        retrieved.push("retrieved");
        return exception();
      };
      task = t;
      return t;
    });
    const ki = keyboardInterrupt();
    loop.callSoon(() => {
      task?.setException(ki);
      throw ki;
    });
    function* main(): CoroutineLike<void> {}
    await expect(loop.runUntilComplete(main())).rejects.toBe(ki);
    expect(retrieved).toEqual(["retrieved"]);
    // A future passed in is the caller's to look at: not consumed.
    retrieved.length = 0;
    const other = loopFor();
    const fut = new FakeFuture(other);
    const exception = fut.exception.bind(fut);
    fut.exception = () => {
      retrieved.push("retrieved");
      return exception();
    };
    other.callSoon(() => {
      fut.setException(ki);
      throw ki;
    });
    await expect(other.runUntilComplete(fut)).rejects.toBe(ki);
    expect(retrieved).toEqual([]);
  });

  it("a future that fails with a KeyboardInterrupt is not what stops the loop", async () => {
    const loop = loopFor();
    const fut = new FakeFuture(loop);
    loop.callSoon(() => fut.setException(keyboardInterrupt()));
    // Only a stop() from elsewhere ends this run (Python: the exception stopped it on its way out).
    loop.callLater(1, () => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow("KeyboardInterrupt");
    expect(loop.time()).toBe(1);
  });

  it("a cancelled future stops the run and throws", async () => {
    const loop = loopFor();
    const fut = new FakeFuture(loop);
    loop.callSoon(() => fut.cancel());
    loop.callLater(1, () => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow("CancelledError");
    expect(loop.time()).toBe(0);
  });
});

describe("createFuture and createTask", () => {
  it("need the packages that plug them in, and say so", () => {
    const loop = loopFor();
    const hooks = runtimeHooks();
    const saved = { f: hooks.createFuture, t: hooks.createTask };
    delete hooks.createFuture;
    delete hooks.createTask;
    try {
      expect(() => loop.createFuture()).toThrow(
        new Error("createFuture() needs @aio/future: import it (or @aio/task) first"),
      );
      function* coro(): CoroutineLike<void> {}
      expect(() => loop.createTask(coro())).toThrow(
        new Error("createTask() needs @aio/task: import it first"),
      );
    } finally {
      if (saved.f) hooks.createFuture = saved.f;
      if (saved.t) hooks.createTask = saved.t;
    }
  });

  it("createTask uses the task factory over the default one, with the options given", () => {
    const loop = loopFor();
    const hooks = runtimeHooks();
    const saved = hooks.createTask;
    const seen: string[] = [];
    hooks.createTask = (l, _c, o) => {
      seen.push(`default ${JSON.stringify(o)}`);
      return new FakeFuture(l);
    };
    try {
      function* coro(): CoroutineLike<void> {}
      loop.createTask(coro(), { name: "a" });
      loop.createTask(coro());
      loop.setTaskFactory((l, _c, o) => {
        seen.push(`factory ${JSON.stringify(o)}`);
        return new FakeFuture(l);
      });
      loop.createTask(coro(), { name: "b" });
      loop.close();
      expect(() => loop.createTask(coro())).toThrow("Event loop is closed");
    } finally {
      if (saved) hooks.createTask = saved;
      else delete hooks.createTask;
    }
    expect(seen).toEqual(['default {"name":"a"}', "default {}", 'factory {"name":"b"}']);
  });

  it("refuses a task factory that is not callable", () => {
    const loop = loopFor();
    expect(() => loop.setTaskFactory(42 as never)).toThrow(
      new TypeError("task factory must be a callable or None, got 42"),
    );
    expect(loop.getTaskFactory()).toBe(null);
  });
});

describe("runUntilIdle", () => {
  it("returns once no callback, timer or task is left, having run them all", async () => {
    const loop = loopFor();
    const out: string[] = [];
    loop.callSoon(() => out.push("soon"));
    loop.callLater(10, () => {
      out.push(`timer at ${loop.time()}`);
      loop.callLater(5, () => out.push(`chained at ${loop.time()}`));
    });
    await loop.runUntilIdle();
    expect(out).toEqual(["soon", "timer at 10", "chained at 15"]);
    expect(loop.isRunning()).toBe(false);
  });

  it("waits for pending tasks and for outside operations", async () => {
    const loop = loopFor();
    const task = fakeTask(loop, "t");
    const out: string[] = [];
    loop.callSoon(() => {
      const release = loop.trackOutsideOperation("fs", "read");
      setTimeout(() => {
        out.push("outside done");
        release();
        loop.callSoonThreadsafe(() => task.setResult(undefined));
      }, 10);
    });
    await loop.runUntilIdle();
    expect(out).toEqual(["outside done"]);
    expect(task.done()).toBe(true);
    expect(loop._tasks.size).toBe(0);
  });

  it("waits for an outside operation even with no task pending, and runs what it schedules", async () => {
    const loop = loopFor();
    const out: string[] = [];
    loop.callSoon(() => {
      const release = loop.trackOutsideOperation();
      setTimeout(() => {
        loop.callSoonThreadsafe(() => out.push("scheduled by the operation"));
        release();
      }, 10);
    });
    await loop.runUntilIdle();
    expect(out).toEqual(["scheduled by the operation"]);
  });

  it("tasks that can never finish: a DeadlockError naming the first and how many", async () => {
    const loop = loopFor();
    fakeTask(loop, "one");
    await expect(loop.runUntilIdle()).rejects.toThrow(
      new DeadlockError(
        "runUntilIdle() can never finish: 1 task is waiting (<Task pending name='one'>), and nothing is " +
          "ready, no timer will ever fire and no outside operation is in flight that could wake them",
      ),
    );
    fakeTask(loop, "two");
    fakeTask(loop, "three");
    await expect(loop.runUntilIdle()).rejects.toThrow(
      new DeadlockError(
        "runUntilIdle() can never finish: 3 tasks are waiting (<Task pending name='one'>, …), and nothing " +
          "is ready, no timer will ever fire and no outside operation is in flight that could wake them",
      ),
    );
  });

  it("a timer at infinity is nothing to wait for", async () => {
    const loop = loopFor();
    const forever = loop.callLater(Number.POSITIVE_INFINITY, () => {});
    await loop.runUntilIdle();
    expect(forever.cancelled()).toBe(false);
    expect(loop.time()).toBe(0);
  });

  it("on the real clock, waits for a timer and ends when nothing is left", async () => {
    const loop = loopFor({ clock: "real" });
    const t0 = loop.time();
    let ranAt = -1;
    loop.callLater(0.03, () => {
      ranAt = loop.time() - t0;
    });
    await loop.runUntilIdle();
    expect(ranAt).toBeGreaterThanOrEqual(0.029);
  });
});

describe("whenIdle (waitAllTasksBlocked)", () => {
  it("completes once nothing is ready, before the next timer", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const out: string[] = [];
      const idle = waitAllTasksBlocked(loop);
      loop.callSoon(() => {
        out.push(`a idle=${idle.done()}`);
        loop.callSoon(() => out.push(`b idle=${idle.done()}`));
      });
      idle.addDoneCallback(() => out.push(`idle at ${loop.time()}`));
      loop.callLater(1, () => {
        out.push("timer");
        loop.stop();
      });
      await loop.runForever();
      expect(out).toEqual(["a idle=false", "b idle=false", "idle at 0", "timer"]);
    });
  });

  it("keeps runUntilIdle going until it is released, and a future already done is left alone", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      const first = loop.whenIdle() as FakeFuture<void>;
      const second = loop.whenIdle() as FakeFuture<void>;
      second.cancel();
      const out: string[] = [];
      first.addDoneCallback((f) => out.push(`first ${f.done()} ${f.cancelled()}`));
      await loop.runUntilIdle();
      expect(out).toEqual(["first true false"]);
      expect(second.cancelled()).toBe(true);
    });
  });

  it("defaults to the running loop", async () => {
    await withFutures(async () => {
      const loop = loopFor();
      let fut: FutureLike<void> | null = null;
      loop.callSoon(() => {
        fut = waitAllTasksBlocked();
      });
      await loop.runUntilIdle();
      expect((fut as FutureLike<void> | null)?.getLoop()).toBe(loop);
      expect((fut as FutureLike<void> | null)?.done()).toBe(true);
    });
  });
});

describe("deadlocks on the real clock", () => {
  it("a loop idle with nothing that could wake it is a deadlock once Node has nothing left either", async () => {
    const loop = loopFor({ clock: "real" });
    const fut = new FakeFuture(loop);
    // Node's beforeExit comes only when the process has nothing left to do: fire it as Node would.
    loop.callSoon(() => setTimeout(() => process.emit("beforeExit", 0), 10));
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(DeadlockError);
    expect(loop.isRunning()).toBe(false);
  });

  it("beforeExit while the loop waits for a timer is no deadlock", async () => {
    const loop = loopFor({ clock: "real" });
    const out: string[] = [];
    loop.callSoon(() => setTimeout(() => process.emit("beforeExit", 0), 5));
    loop.callLater(0.05, () => {
      out.push("timer");
      loop.stop();
    });
    await loop.runForever();
    expect(out).toEqual(["timer"]);
  });
});
