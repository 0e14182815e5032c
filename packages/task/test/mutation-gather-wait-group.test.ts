/**
 * gather(), wait(), waitFor(), asCompleted() and TaskGroup: behaviour that the first Stryker run of
 * gather.ts, wait.ts and task-group.ts found untested (session 5b, see MUTATION.md). Each test
 * checks what an asyncio program sees, against CPython 3.12.
 */
import { type EventLoop, type ExceptionContext, getRunningLoop, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  asCompleted,
  CancelledError,
  createTask,
  currentTask,
  ExceptionGroup,
  eagerTaskFactory,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type Future,
  gather,
  KeyboardInterrupt,
  run,
  SystemExit,
  sleep,
  type Task,
  TaskGroup,
  using,
  wait,
  waitFor,
} from "../src/index.js";

describe("gather()", () => {
  it("cancel() of a gather that already failed returns false and leaves the other children running", async () => {
    function* main() {
      const loop = getRunningLoop();
      const slow = loop.createFuture<number>() as Future<number>;
      const bad = loop.createFuture<number>() as Future<number>;
      const g = gather(bad, slow);
      bad.setException(new Error("boom"));
      yield* sleep(0);
      const failed = g.done() && g.exception();
      const cancelled = g.cancel();
      yield* sleep(0);
      return { failed, cancelled, slowCancelled: slow.cancelled(), slowDone: slow.done() };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.failed).toEqual(new Error("boom"));
    expect(r).toMatchObject({ cancelled: false, slowCancelled: false, slowDone: false });
  });

  it("null or undefined as an argument is not awaitable: the TypeError names the argument", async () => {
    function* main() {
      const errors: string[] = [];
      for (const args of [[null], [undefined], [sleep(0), null]] as unknown[][]) {
        try {
          gather(...(args as never[]));
        } catch (err) {
          errors.push(`${(err as Error).constructor.name}: ${(err as Error).message}`);
        }
      }
      return errors;
    }
    const required = "TypeError: An asyncio.Future, a coroutine or an awaitable is required";
    expect(await run(main(), { clock: "virtual" })).toEqual([
      `${required}: gather() argument 1 is None`,
      `${required}: gather() argument 1 is None`,
      `${required}: gather() argument 2 is None`,
    ]);
  });

  it("options may be an object without a prototype; a plain object with then() is an awaitable, not options", async () => {
    function* main() {
      const loop = getRunningLoop();
      const bad = loop.createFuture<number>() as Future<number>;
      bad.setException(new Error("boom"));
      const options = Object.assign(Object.create(null), { returnExceptions: true });
      const withNullProto = yield* gather(bad, options);
      const thenable = {
        then(resolve: (v: number) => void) {
          resolve(5);
        },
      };
      const fromThenable = yield* gather(thenable as unknown as PromiseLike<number>);
      return { withNullProto, fromThenable };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.withNullProto).toEqual([new Error("boom")]);
    expect(r.fromThenable).toEqual([5]);
  });

  it("an error from converting an argument passes as it is, a TypeError of its own too", async () => {
    function* main() {
      const errors: unknown[] = [];
      for (const err of [new TypeError("not now"), new RangeError("out of range")]) {
        // An awaitable object (its [Symbol.iterator]() stands for Python's __await__()); an
        // instance of a class, as a plain object last would be gather()'s options.
        const awaitable = new (class Awaitable {
          [Symbol.iterator](): never {
            throw err;
          }
        })();
        try {
          gather(awaitable as never);
        } catch (e) {
          errors.push(e);
        }
      }
      return errors;
    }
    const errors = await run(main(), { clock: "virtual" });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(TypeError);
    expect((errors[0] as Error).message).toBe("not now");
    expect(errors[1]).toBeInstanceOf(RangeError);
    expect((errors[1] as Error).message).toBe("out of range");
  });

  it("children that fail or are cancelled after the gather failed are not reported", async () => {
    const { loop, reports } = reportingLoop();
    function* main() {
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      const c = loop.createFuture<number>() as Future<number>;
      const g = gather(a, b, c);
      a.setException(new Error("a"));
      yield* sleep(0);
      let raised: unknown = null;
      try {
        yield* g;
      } catch (err) {
        raised = err;
      }
      b.setException(new Error("b, late"));
      c.cancel();
      yield* sleep(0);
      return raised;
    }
    expect(await loop.runUntilComplete(main())).toEqual(new Error("a"));
    loop.close();
    // CPython 3.12 reports nothing: gather's callback retrieves b's exception and leaves c alone
    expect(reports).toEqual([]);
  });
});

describe("gather() of a future given twice", () => {
  it("adds one done-callback to it, as CPython adds one per distinct argument", async () => {
    function* main() {
      const loop = getRunningLoop();
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      const g = gather(a, b, a);
      const pendingRepr = String(a);
      a.setResult(1);
      b.setResult(2);
      return { results: yield* g, pendingRepr };
    }
    const { results, pendingRepr } = await run(main(), { clock: "virtual" });
    expect(results).toEqual([1, 2, 1]);
    expect(pendingRepr).toMatch(/^<Future pending cb=\[[^,\]]+\]>$/);
  });
});

describe("gather() and tasks still pending when the loop closes", () => {
  it("the Task gather() made for a coroutine is not reported; a Task given to it is", async () => {
    const { loop, reports } = reportingLoop();
    function* forever() {
      yield* sleep(3600);
    }
    function* main() {
      const mine = loop.createTask(forever(), { name: "mine" });
      gather(mine, forever());
      yield* sleep(0);
    }
    await loop.runUntilComplete(main());
    loop.close();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^Task was destroyed but it is pending!/);
    expect(reports[0]).toContain("mine");
  });
});

describe("gather() takes each argument as it comes (CPython 3.12's order)", () => {
  it("with an eager task that fails a future given before it, the task's error is raised, as in CPython", async () => {
    function* main() {
      const loop = getRunningLoop();
      loop.setTaskFactory(eagerTaskFactory);
      const f = loop.createFuture<number>() as Future<number>;
      function* setter() {
        f.setException(new Error("from f"));
        throw new Error("from the task");
      }
      const g = gather(f, setter(), f);
      const doneAtOnce = g.done();
      try {
        yield* g;
      } catch (err) {
        return { doneAtOnce, raised: (err as Error).message };
      }
      return { doneAtOnce, raised: null };
    }
    // CPython: f got gather's callback while pending (it runs later); the eager task was done when
    // gather reached it, so its error is set first
    expect(await run(main(), { clock: "virtual" })).toEqual({ doneAtOnce: true, raised: "from the task" });
  });

  it("a future settled by an eager task after gather() reached it is counted when its callback runs", async () => {
    function* main() {
      const loop = getRunningLoop();
      loop.setTaskFactory(eagerTaskFactory);
      const f = loop.createFuture<number>() as Future<number>;
      function* setter() {
        f.setResult(1);
        return 2;
      }
      const g = gather(f, setter(), f);
      const doneAtOnce = g.done();
      return { doneAtOnce, results: yield* g };
    }
    expect(await run(main(), { clock: "virtual" })).toEqual({ doneAtOnce: false, results: [1, 2, 1] });
  });

  it("a future given again after an eager task started awaiting it is still awaited once", async () => {
    function* main() {
      const loop = getRunningLoop();
      loop.setTaskFactory(eagerTaskFactory);
      const f = loop.createFuture<number>() as Future<number>;
      function* waiter() {
        return (yield* f) + 10;
      }
      const g = gather(f, waiter(), f);
      const doneAtOnce = g.done();
      const pendingRepr = String(f);
      loop.callSoon(() => f.setResult(1));
      return { doneAtOnce, pendingRepr, results: yield* g };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r).toMatchObject({ doneAtOnce: false, results: [1, 11, 1] });
    // two callbacks, as CPython's `cb=[gather.<locals>._done_callback(), Task.task_wakeup()]`
    expect(r.pendingRepr).toMatch(/^<Future pending cb=\[[^,\]]+, [^,\]]+\]>$/);
  });

  it("a future of another loop after a coroutine is refused; a coroutine after a future runs on that future's loop", async () => {
    const other = newEventLoop({ clock: "virtual" });
    function* main() {
      const foreign = other.createFuture<number>() as Future<number>;
      let refused: unknown = null;
      try {
        gather(sleep(0), foreign);
      } catch (err) {
        refused = err;
      }
      return refused;
    }
    const refused = await run(main(), { clock: "virtual" });
    expect(refused).toBeInstanceOf(RangeError);
    // no loop runs here: the coroutine's task must be made on the loop of the future before it
    const f = other.createFuture<number>() as Future<number>;
    function* child() {
      return getRunningLoop() === other;
    }
    const g = gather(f, child());
    f.setResult(1);
    expect(await other.runUntilComplete(g)).toEqual([1, true]);
    other.close();
  });

  it("when a later argument is not awaitable, the children made so far are not reported (bpo-46672)", async () => {
    const { loop, reports } = reportingLoop();
    function* bad() {
      yield* sleep(0);
      throw new Error("x");
    }
    function* main() {
      const f = loop.createFuture<number>() as Future<number>;
      let error: unknown = null;
      try {
        gather(f, bad(), null as never);
      } catch (err) {
        error = err;
      }
      f.setException(new Error("k"));
      yield* sleep(0.01);
      return error;
    }
    const error = await loop.runUntilComplete(main());
    loop.close();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/gather\(\) argument 3 is None$/);
    // CPython 3.12 gives each its done-callback as it goes, which retrieves their exceptions
    expect(reports).toEqual([]);
  });
});

describe("gather() with returnExceptions", () => {
  it("a child cancelled with a message is a CancelledError with that message in the results", async () => {
    function* main() {
      const loop = getRunningLoop();
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      const c = loop.createFuture<number>() as Future<number>;
      const g = gather(a, b, c, { returnExceptions: true });
      a.cancel("why");
      b.cancel();
      c.setResult(3);
      return yield* g;
    }
    const [a, b, c] = await run(main(), { clock: "virtual" });
    expect(a).toBeInstanceOf(CancelledError);
    expect((a as Error).message).toBe("why");
    expect(b).toBeInstanceOf(CancelledError);
    expect((b as Error).message).toBe("");
    expect(c).toBe(3);
  });
});

describe("wait()", () => {
  it("two futures done in the same iteration with FIRST_COMPLETED: both are done, nothing is reported", async () => {
    const { loop, reports } = reportingLoop();
    function* main() {
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      loop.callSoon(() => {
        a.setResult(1);
        b.setResult(2);
      });
      const [done, pending] = yield* wait([a, b], { returnWhen: FIRST_COMPLETED });
      return { done: done.size, pending: pending.size };
    }
    expect(await loop.runUntilComplete(main())).toEqual({ done: 2, pending: 0 });
    loop.close();
    expect(reports).toEqual([]);
  });

  it("takes its done-callback off the futures still pending when it returns, or when it is cancelled", async () => {
    function* main() {
      const loop = getRunningLoop();
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      loop.callSoon(() => a.setResult(1));
      const [done, pending] = yield* wait([a, b], { returnWhen: FIRST_COMPLETED, timeout: 10 });
      const afterReturn = String(b);
      const c = loop.createFuture<number>() as Future<number>;
      const waiting = loop.createTask(wait([c], { timeout: 10 }));
      yield* sleep(0);
      const whileWaiting = String(c);
      waiting.cancel();
      yield* sleep(0);
      return {
        done: done.has(a),
        pending: pending.has(b),
        afterReturn,
        whileWaiting,
        afterCancel: String(c),
      };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r).toMatchObject({ done: true, pending: true, afterReturn: "<Future pending>" });
    expect(r.whileWaiting).toMatch(/^<Future pending cb=\[/);
    expect(r.afterCancel).toBe("<Future pending>");
  });
});

describe("wait()'s constants and misuse", () => {
  it("returnWhen takes Python's strings: the constants are them", async () => {
    expect([FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED]).toEqual([
      "FIRST_COMPLETED",
      "FIRST_EXCEPTION",
      "ALL_COMPLETED",
    ]);
    function* main() {
      const loop = getRunningLoop();
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      loop.callSoon(() => a.setResult(1));
      const [done] = yield* wait([a, b], { returnWhen: "FIRST_COMPLETED" });
      return done.size;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(1);
  });

  it("await on wait() or waitFor() says how to run them", async () => {
    const messages: string[] = [];
    for (const coro of [wait([]), waitFor(sleep(0), 1)]) {
      try {
        await (coro as unknown as Promise<unknown>);
      } catch (err) {
        messages.push((err as Error).message);
      }
    }
    expect(messages).toEqual([
      "wait() was awaited with await, which does not run it: inside a coroutine write yield* wait(…); from async code, await toPromise(wait(…))",
      "waitFor() was awaited with await, which does not run it: inside a coroutine write yield* waitFor(…); from async code, await toPromise(waitFor(…))",
    ]);
  });
});

describe("asCompleted() of nothing", () => {
  it("yields nothing, with or without a timeout", async () => {
    function* main() {
      return [[...asCompleted([])].length, [...asCompleted([], { timeout: 1 })].length];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([0, 0]);
  });
});

describe("waitFor() with a timeout of 0", () => {
  it("returns a done future's result at once, without giving the loop a turn", async () => {
    function* main() {
      const loop = getRunningLoop();
      const fut = loop.createFuture<number>() as Future<number>;
      fut.setResult(7);
      let ran = false;
      loop.callSoon(() => {
        ran = true;
      });
      const result = yield* waitFor(fut, 0);
      return { result, ranBefore: ran };
    }
    expect(await run(main(), { clock: "virtual" })).toEqual({ result: 7, ranBefore: false });
  });

  it("an error the task raises when cancelled passes as it is, not as a TimeoutError", async () => {
    function* child() {
      try {
        yield* sleep(3600);
      } catch {
        throw new RangeError("cleanup failed");
      }
    }
    function* main() {
      const t = createTask(child());
      yield* sleep(0);
      try {
        yield* waitFor(t, 0);
      } catch (err) {
        return err;
      }
      return null;
    }
    const err = await run(main(), { clock: "virtual" });
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe("cleanup failed");
  });

  it("cancelled while the task it cancelled is still finishing: takes its callback off that task", async () => {
    function* stubborn() {
      try {
        yield* sleep(3600);
      } catch {
        yield* sleep(1);
      }
      return "finished";
    }
    function* main() {
      const t = createTask(stubborn(), { name: "stubborn" });
      yield* sleep(0);
      const waiting = createTask(waitFor(t, 0));
      yield* sleep(0);
      // the task's own done-callbacks: its repr without what it waits for
      const ownRepr = () => String(t).replace(/ wait_for=<[^>]*>/, "");
      const whileWaiting = ownRepr();
      waiting.cancel();
      yield* sleep(0);
      return {
        whileWaiting,
        afterCancel: ownRepr(),
        waitingCancelled: waiting.cancelled(),
        result: yield* t,
      };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.whileWaiting).toContain("cb=[");
    expect(r.afterCancel).not.toContain("cb=[");
    expect(r).toMatchObject({ waitingCancelled: true, result: "finished" });
  });

  it("cancelled while it waits for the cancelled future's callback: nothing is reported", async () => {
    const { loop, reports } = reportingLoop();
    function* main() {
      const self = currentTask() as Task<unknown>;
      const fut = loop.createFuture<number>() as Future<number>;
      loop.callSoon(() => self.cancel());
      try {
        yield* waitFor(fut, 0);
      } catch (err) {
        return { raised: (err as Error).name, futCancelled: fut.cancelled() };
      }
      return null;
    }
    const r = await loop.runUntilComplete(main());
    loop.close();
    expect(r).toEqual({ raised: "CancelledError", futCancelled: true });
    expect(reports).toEqual([]);
  });
});

describe("asCompleted()", () => {
  it("futures that finish while nobody awaits the next result are queued, and nothing is reported", async () => {
    const { loop, reports } = reportingLoop();
    function* main() {
      const a = loop.createFuture<number>() as Future<number>;
      const b = loop.createFuture<number>() as Future<number>;
      const results: number[] = [];
      const it = asCompleted([a, b]);
      // the first next() runs asCompleted's body: its callbacks are on the futures from then on
      const first = it.next();
      b.setResult(2);
      a.setResult(1);
      yield* sleep(0);
      if (!first.done) results.push(yield* first.value);
      for (const next of it) results.push(yield* next);
      return results;
    }
    expect(await loop.runUntilComplete(main())).toEqual([2, 1]);
    loop.close();
    expect(reports).toEqual([]);
  });
});

describe("TaskGroup", () => {
  it("aexit() driven by hand lets an error other than a cancellation thrown into its wait pass", async () => {
    function* main() {
      const tg = new TaskGroup();
      yield* tg.aenter();
      const child = tg.createTask(sleep(3600));
      const exit = tg.aexit();
      const first = exit.next();
      let thrown: unknown = null;
      try {
        exit.throw(new RangeError("from outside"));
      } catch (err) {
        thrown = err;
      }
      child.cancel();
      yield* sleep(0);
      return { waited: first.done === false, thrown };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.waited).toBe(true);
    expect(r.thrown).toEqual(new RangeError("from outside"));
  });

  it("a cancellation of the parent while the group is already aborting does not cancel the children again", async () => {
    function* failing() {
      yield* sleep(0);
      throw new Error("boom");
    }
    function* stubborn() {
      try {
        yield* sleep(3600);
      } catch {
        yield* sleep(1);
      }
      return "finished";
    }
    function* main() {
      const loop = getRunningLoop();
      const self = currentTask() as Task<unknown>;
      let b: Task<string> | null = null;
      loop.callLater(0.5, () => self.cancel());
      let raised: unknown = null;
      try {
        yield* using(new TaskGroup(), function* (tg) {
          tg.createTask(failing());
          b = tg.createTask(stubborn());
          yield* sleep(3600);
        });
      } catch (err) {
        raised = err;
      }
      const child = b as unknown as Task<string>;
      return { raised, childCancelled: child.cancelled(), result: child.cancelled() ? null : child.result() };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.raised).toBeInstanceOf(ExceptionGroup);
    expect((r.raised as ExceptionGroup).exceptions).toEqual([new Error("boom")]);
    expect(r).toMatchObject({ childCancelled: false, result: "finished" });
  });

  it("once it raised its ExceptionGroup, it keeps no errors (its repr, as CPython's, shows none)", async () => {
    function* failing() {
      yield* sleep(0);
      throw new Error("boom");
    }
    function* main() {
      const tg = new TaskGroup();
      let raised: unknown = null;
      try {
        yield* using(tg, function* (g) {
          g.createTask(failing());
          yield* sleep(1);
        });
      } catch (err) {
        raised = err;
      }
      return { raised, repr: String(tg) };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.raised).toBeInstanceOf(ExceptionGroup);
    expect(r.repr).toBe("<TaskGroup cancelling>");
  });

  it("refuses a new task once a child failed: it is shutting down", async () => {
    function* failing() {
      yield* sleep(0);
      throw new Error("boom");
    }
    function* main() {
      let refused = "";
      try {
        yield* using(new TaskGroup(), function* (tg) {
          tg.createTask(failing());
          try {
            yield* sleep(1);
          } catch (err) {
            try {
              tg.createTask(sleep(0));
            } catch (e) {
              refused = (e as Error).message;
            }
            throw err;
          }
        });
      } catch {
        // the ExceptionGroup
      }
      return refused;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(
      "TaskGroup <TaskGroup errors=1 cancelling> is shutting down",
    );
  });

  it("an eager task done at creation is never one of its tasks (CPython's shortcut)", async () => {
    function* quick() {
      return 1;
    }
    function* main() {
      getRunningLoop().setTaskFactory(eagerTaskFactory);
      let repr = "";
      yield* using(new TaskGroup(), function* (tg) {
        const t = tg.createTask(quick());
        repr = `${t.done()} ${tg}`;
      });
      return repr;
    }
    expect(await run(main(), { clock: "virtual" })).toBe("true <TaskGroup entered>");
  });

  it("a child's KeyboardInterrupt or SystemExit leaves the loop, then the group raises the first one as it is", async () => {
    function* exits() {
      yield* sleep(0);
      throw new SystemExit("c1");
    }
    function* interrupted() {
      yield* sleep(0);
      throw new KeyboardInterrupt("c2");
    }
    /** Runs `main` to its end, resuming the loop after each base exception that left it. */
    async function runThrough(main: () => Generator<unknown, void, unknown>): Promise<string[]> {
      const loop = newEventLoop({ clock: "virtual" });
      const t = loop.createTask(main());
      const seen: string[] = [];
      while (!t.done()) {
        try {
          await loop.runUntilComplete(t);
        } catch (err) {
          seen.push(`${(err as Error).constructor.name}(${(err as Error).message})`);
        }
      }
      loop.close();
      return seen;
    }
    const two = await runThrough(function* () {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(exits());
        tg.createTask(interrupted());
        yield* sleep(1);
      });
    });
    const one = await runThrough(function* () {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(interrupted());
        yield* sleep(1);
      });
    });
    // CPython 3.12 prints these same lists
    expect(two).toEqual(["SystemExit(c1)", "KeyboardInterrupt(c2)", "SystemExit(c1)"]);
    expect(one).toEqual(["KeyboardInterrupt(c2)", "KeyboardInterrupt(c2)"]);
  });

  it("a child failing while the group aborts for the body's error does not cancel the parent task", async () => {
    function* failsWhenCancelled() {
      try {
        yield* sleep(3600);
      } catch {
        yield* sleep(1);
        throw new Error("child");
      }
    }
    function* main() {
      let raised: unknown = null;
      try {
        yield* using(new TaskGroup(), function* (tg) {
          tg.createTask(failsWhenCancelled());
          yield* sleep(0);
          throw new Error("body");
        });
      } catch (err) {
        raised = err;
      }
      return { raised, cancelling: (currentTask() as Task<unknown>).cancelling() };
    }
    const r = await run(main(), { clock: "virtual" });
    expect(r.raised).toBeInstanceOf(ExceptionGroup);
    expect((r.raised as ExceptionGroup).exceptions).toEqual([new Error("child"), new Error("body")]);
    expect(r.cancelling).toBe(0);
  });

  it("await on aenter() or aexit() says how to run them", async () => {
    const tg = new TaskGroup();
    const messages: string[] = [];
    for (const coro of [tg.aenter(), tg.aexit()]) {
      try {
        await (coro as unknown as Promise<unknown>);
      } catch (err) {
        messages.push((err as Error).message);
      }
    }
    expect(messages).toEqual([
      "TaskGroup.aenter() was awaited with await, which does not run it: inside a coroutine write yield* TaskGroup.aenter(…); from async code, await toPromise(TaskGroup.aenter(…))",
      "TaskGroup.aexit() was awaited with await, which does not run it: inside a coroutine write yield* TaskGroup.aexit(…); from async code, await toPromise(TaskGroup.aexit(…))",
    ]);
  });

  it("keeps the loop of its first aenter(), as CPython's does, even when that aenter() failed", async () => {
    const tg = new TaskGroup();
    const first = newEventLoop({ clock: "virtual" });
    let firstError = "";
    first.callSoon(() => {
      // no task runs this callback: the group cannot determine its parent task
      try {
        tg.aenter().next();
      } catch (err) {
        firstError = (err as Error).message;
      }
    });
    await first.runUntilComplete(sleep(0));
    first.close();
    function* main() {
      try {
        yield* tg.aenter();
        return "entered";
      } catch (err) {
        return (err as Error).message;
      }
    }
    const second = await run(main(), { clock: "virtual" });
    expect(firstError).toBe("TaskGroup <TaskGroup> cannot determine the parent task");
    // CPython: `if self._loop is None` — the task of another loop is not its parent task
    expect(second).toBe("TaskGroup <TaskGroup> cannot determine the parent task");
  });
});

/** A loop on the virtual clock whose exception handler records each report. */
function reportingLoop(): { loop: EventLoop; reports: string[] } {
  const loop = newEventLoop({ clock: "virtual" });
  const reports: string[] = [];
  loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
    reports.push(`${ctx.message}: ${String(ctx.exception ?? ctx.task)}`);
  });
  return { loop, reports };
}
