import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type ExceptionContext,
  getRunningLoop,
  Handle,
  newEventLoop,
  repr,
  runtimeHooks,
  typeName,
} from "@aio/loop";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import {
  awaitPromise,
  CancelledError,
  coroutine,
  createTask,
  currentTask,
  ExceptionGroup,
  ensureFuture,
  Future,
  gather,
  isCancelledError,
  isTask,
  reportNeverAwaited,
  run,
  sleep,
  Task,
  timeout,
  timeoutAt,
  using,
} from "../src/index.js";

const HERE = fileURLToPath(import.meta.url);
/** `<this file>:<line>` of the line of this file that holds `marker`. */
function sourceLine(marker: string): string {
  const line =
    readFileSync(HERE, "utf8")
      .split("\n")
      .findIndex((l) => l.includes(marker)) + 1;
  expect(line, marker).toBeGreaterThan(0);
  return `${HERE}:${line}`;
}

describe("Task", () => {
  it("starts on a later iteration, in creation order, and is a Future", async () => {
    const out: string[] = [];
    function* child(name: string) {
      out.push(name);
    }
    function* main() {
      const a = createTask(child("a"));
      const b = createTask(child("b"));
      out.push("main");
      expect(isTask(a)).toBe(true);
      expect(a).toBeInstanceOf(Future);
      yield* a;
      yield* b;
    }
    await run(main(), { clock: "virtual" });
    expect(out).toEqual(["main", "a", "b"]);
  });

  it("has asyncio's reprs in each state", async () => {
    // Python's _format_coroutine: `running at` where the coroutine is paused (its definition before
    // it starts), `done, defined at` its definition once it finished; lines of the original source.
    const worker = coroutine(function* worker() {
      yield* sleep(1); // repr: paused
      return 7;
    });
    function* main() {
      const t = createTask(worker(), { name: "w" });
      expect(String(t)).toBe(
        `<Task pending name='w' coro=<worker() running at ${sourceLine("const worker = coroutine(function* worker() {")}>>`,
      );
      yield* sleep(0);
      expect(String(t)).toBe(
        `<Task pending name='w' coro=<worker() running at ${sourceLine("// repr: paused")}> wait_for=<Future pending cb=[Task.task_wakeup()]>>`,
      );
      t.cancel();
      expect(String(t)).toMatch(/^<Task cancelling name='w'/);
      yield* sleep(0);
      expect(String(t)).toBe(
        `<Task cancelled name='w' coro=<worker() done, defined at ${sourceLine("const worker = coroutine(function* worker() {")}>>`,
      );
      const u = createTask(worker(), { name: "u" });
      yield* u;
      expect(String(u)).toBe(
        `<Task finished name='u' coro=<worker() done, defined at ${sourceLine("const worker = coroutine(function* worker() {")}> result=7>`,
      );
      // A plain function* is named and placed the same way (V8 tells both through the inspector).
      function* plain() {
        yield* sleep(1);
      }
      const p = createTask(plain(), { name: "p" });
      expect(String(p)).toBe(
        `<Task pending name='p' coro=<plain() running at ${sourceLine("function* plain() {")}>>`,
      );
      p.cancel();
    }
    await run(main(), { clock: "virtual" });
  });

  it("getStack() names a plain function* and takes Python's limit; printStack() passes it on", async () => {
    function* outer() {
      yield* inner();
    }
    function* inner() {
      yield* sleep(1);
    }
    function* main() {
      const t = createTask(outer(), { name: "o" });
      yield* sleep(0);
      expect(t.getStack()).toEqual(["outer()"]);
      expect(t.getStack({ limit: null })).toEqual(["outer()"]);
      expect(t.getStack({ limit: 1 })).toEqual(["outer()"]);
      expect(t.getStack({ limit: 0 })).toEqual([]);
      expect(t.getStack({ limit: -1 })).toEqual([]);
      expect(() => t.getStack({ limit: 1.5 })).toThrow(
        new TypeError("'float' object cannot be interpreted as an integer"),
      );
      expect(() => t.getStack({ limit: "1" as never })).toThrow(
        new TypeError("'str' object cannot be interpreted as an integer"),
      );
      expect(() => t.getStack({ depth: 1 } as never)).toThrow(
        new TypeError("getStack() got an unexpected keyword argument 'depth'"),
      );
      let text = "";
      t.printStack(
        (s) => {
          text += s;
        },
        { limit: 0 },
      );
      expect(text).toBe(`No stack for ${t}\n`);
      text = "";
      t.printStack((s) => {
        text += s;
      });
      expect(text).toBe(`Stack for ${t} (most recent call last):\n  outer()\n`);
      t.cancel();
    }
    await run(main(), { clock: "virtual" });
    // Debug mode records the chain of coroutine() functions, outermost first: limit keeps the
    // outermost entries.
    const markedInner = coroutine(function* markedInner() {
      yield* sleep(1);
    });
    const markedOuter = coroutine(function* markedOuter() {
      yield* markedInner();
    });
    function* debugMain() {
      const t = createTask(markedOuter(), { name: "o" });
      yield* sleep(0);
      expect(t.getStack().map((e) => e.replace(/ defined at .*/, ""))).toEqual([
        "markedOuter()",
        "markedInner()",
      ]);
      expect(t.getStack({ limit: 1 }).map((e) => e.replace(/ defined at .*/, ""))).toEqual(["markedOuter()"]);
      t.cancel();
    }
    await run(debugMain(), { clock: "virtual", debug: true });
  });

  it("throws asyncio's errors into a coroutine that yields the wrong things", async () => {
    const errors: string[] = [];
    function* main() {
      const loop = getRunningLoop();
      const fut = loop.createFuture() as Future<number>;
      loop.callLater(1, () => fut.setResult(1));
      try {
        yield fut as never;
      } catch (e) {
        errors.push((e as Error).message);
      }
      try {
        yield (function* () {})() as never;
      } catch (e) {
        errors.push((e as Error).message);
      }
      const other = newEventLoop();
      try {
        yield* other.createFuture() as Future<void>;
      } catch (e) {
        errors.push((e as Error).message);
      }
      other.close();
      const me = currentTask() as Task<unknown>;
      try {
        yield* me;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    await run(main(), { clock: "virtual" });
    expect(errors[0]).toMatch(
      /^yield was used instead of yield\* in task <Task pending .*> with <Future pending>$/,
    );
    expect(errors[1]).toMatch(
      /^yield was used instead of yield\* for generator in task <Task pending .*> with coroutine$/,
    );
    expect(errors[2]).toMatch(
      /^Task <Task pending .*> got Future <Future pending> attached to a different loop$/,
    );
    expect(errors[3]).toMatch(/^Task cannot await on itself: <Task pending .*>$/);
  });

  it("rejects non-coroutines with asyncio's messages", async () => {
    function* main() {
      expect(() => createTask(42 as never)).toThrow(new TypeError("a coroutine was expected, got 42"));
      expect(() => ensureFuture(42 as never)).toThrow(
        new TypeError("An asyncio.Future, a coroutine or an awaitable is required"),
      );
      yield* sleep(0);
    }
    await run(main(), { clock: "virtual" });
    expect(() => createTask((function* () {})())).toThrow("no running event loop");
  });

  it("reports a step or wake-up that cannot run as the Handle it stands for, debug mode or not", async () => {
    // A Task queues itself for its steps (no Handle) except in debug mode: the reports must agree.
    const reports: string[][] = [];
    for (const debug of [false, true]) {
      const seen: string[] = [];
      const loop = newEventLoop({ debug });
      loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
        const handle = ctx.handle as Handle;
        expect(handle).toBeInstanceOf(Handle);
        seen.push(`${ctx.message} | ${String(ctx.exception)} | ${handle._describeCallback()}`);
      });
      const gate = loop.createFuture<void>() as Future<void>;
      // Named by inference (`const stepper = function* …`), placed through the inspector, either mode.
      const stepper = function* () {
        yield* sleep(0);
      };
      const waiter = function* () {
        yield* gate; // where: waiter
      };
      function* main() {
        const intrude = () => {
          loop._currentTask = "<intruder>";
        };
        const leave = () => {
          loop._currentTask = null;
        };
        loop.callSoon(intrude);
        const a = createTask(stepper(), { name: "stepper" });
        loop.callSoon(leave);
        const b = createTask(waiter(), { name: "waiter" });
        yield* sleep(0);
        yield* sleep(0);
        // b now waits for the gate: its wake-up comes up while an intruder is current.
        loop.callSoon(intrude);
        gate.setResult(undefined);
        loop.callSoon(leave);
        yield* sleep(0);
        yield* sleep(0);
        for (const t of [a, b]) (t as unknown as { _logDestroyPending: boolean })._logDestroyPending = false;
      }
      await loop.runUntilComplete(main());
      loop.close();
      reports.push(seen);
    }
    // Debug mode's reprs also say where each task was made (Python: `created at file:line`).
    expect(reports[1]?.join("\n")).toMatch(
      /<Task pending name='stepper' coro=<stepper\(\) running at \S*task\.test\.ts:\d+> created at \S*task\.test\.ts:\d+>/,
    );
    expect(reports[0]).toEqual(reports[1]?.map((s) => s.replace(/ created at \S*task\.test\.ts:\d+/g, "")));
    // The stepper has not started (its definition), the waiter is paused at the gate.
    const stepper = `<Task pending name='stepper' coro=<stepper() running at ${sourceLine("const stepper = function* () {")}>>`;
    const waiter = `<Task pending name='waiter' coro=<waiter() running at ${sourceLine("// where: waiter")}>>`;
    expect(reports[0]).toEqual([
      `Exception in callback ${stepper} | ` +
        `Error: Cannot enter into task ${stepper} while another task <intruder> is being executed. | ` +
        stepper,
      // Python's __step clears _fut_waiter before it enters the task: no wait_for= in the reprs.
      `Exception in callback ${waiter} | ` +
        `Error: Cannot enter into task ${waiter} while another task <intruder> is being executed. | ` +
        waiter,
    ]);
  });

  it("keeps its state, cancellation count and must-cancel flag apart (they share one field)", async () => {
    function* main() {
      const gate = getRunningLoop().createFuture<void>() as Future<void>;
      const t = createTask(
        (function* () {
          yield* gate;
          return "never";
        })(),
      );
      for (let i = 1; i <= 300; i++) {
        expect(t.cancel()).toBe(true);
        expect(t.cancelling()).toBe(i);
      }
      // Not started yet: the cancel is remembered for its first step (Python's _must_cancel).
      const flags = t as unknown as { _mustCancel: boolean; _state: number; _asyncioFutureBlocking: boolean };
      expect([flags._mustCancel, flags._state, t.done()]).toEqual([true, 0, false]);
      for (let i = 299; i >= 1; i--) expect(t.uncancel()).toBe(i);
      expect(flags._mustCancel).toBe(true);
      flags._asyncioFutureBlocking = true;
      expect([t.cancelling(), flags._mustCancel, flags._asyncioFutureBlocking]).toEqual([1, true, true]);
      flags._asyncioFutureBlocking = false;
      const r = yield* gather(t, { returnExceptions: true });
      expect(isCancelledError(r[0])).toBe(true);
      expect([t.cancelled(), t.cancelling(), flags._mustCancel, flags._state]).toEqual([true, 1, false, 1]);
      expect(t.uncancel()).toBe(0);
      expect(t.uncancel()).toBe(0);
      expect(t.cancelled()).toBe(true);
    }
    await run(main(), { clock: "virtual" });
  });

  it("saturates the cancellation count instead of wrapping into the other flags", async () => {
    function* main() {
      const gate = getRunningLoop().createFuture<void>() as Future<void>;
      const t = createTask(
        (function* () {
          yield* gate;
        })(),
      );
      const max = 2 ** 24 - 1;
      for (let i = 0; i < max + 10; i++) t.cancel();
      expect(t.cancelling()).toBe(max);
      expect(t.done()).toBe(false);
      expect(t.uncancel()).toBe(max - 1);
      t.cancel();
      const r = yield* gather(t, { returnExceptions: true });
      expect(isCancelledError(r[0])).toBe(true);
      expect(t.cancelled()).toBe(true);
    }
    await run(main(), { clock: "virtual" });
  });

  it("names the task in debug mode's slow-callback warning", async () => {
    const busy = coroutine(function* busy() {
      const end = performance.now() + 120;
      while (performance.now() < end) {}
      yield* sleep(0);
    });
    const text = await captureStderr(() => run(busy(), { debug: true }));
    const m =
      /^Executing <Task pending name='Task-\d+' coro=<busy\(\) running at .*task\.test\.ts:\d+> cb=\[runUntilCompleteCallback\(\) at \S*event-loop\.ts:\d+\] created at \S+:\d+> took (\d+\.\d{3}) seconds$/m.exec(
        text,
      );
    expect(m, text).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(0.12);
  });

  it("prints a coroutine() object as Python prints a coroutine, and reports the unstarted ones on request", async () => {
    const isCoroutine = coroutine(function* is_coroutine() {});
    const warnings: string[] = [];
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
    try {
      const a = isCoroutine();
      const b = isCoroutine();
      expect(repr(a)).toMatch(/^<coroutine object is_coroutine at 0x[0-9a-f]+>$/);
      expect(String(a)).toBe(repr(a));
      expect(repr(b)).not.toBe(repr(a));
      expect(typeName(a)).toBe("coroutine");
      expect(warnings).toEqual([]);
      b.next(); // started: never reported
      reportNeverAwaited();
      expect(warnings).toEqual(["RuntimeWarning: coroutine 'is_coroutine' was never awaited"]);
      reportNeverAwaited();
      expect(warnings).toHaveLength(1);
    } finally {
      hooks.warn = saved;
    }
  });

  it("warns about a coroutine that was never awaited, with its creation stack in debug mode", async () => {
    const forgotten = coroutine(function* forgotten() {
      yield* sleep(0);
    });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    function* main() {
      forgotten();
      yield* sleep(0);
      yield* forgotten();
    }
    await run(main(), { clock: "virtual", debug: true });
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^RuntimeWarning: coroutine 'forgotten' was never awaited\nCoroutine created at \(most recent call last\)\n/,
    );
    expect(warnings[0]?.split("\n").at(-1)).toMatch(/^\s+at main .*task\.test\.ts:\d+:\d+\)?$/);
  });
});

describe("ensureFuture and Promises", () => {
  it("wraps a Promise, holding the virtual clock while it is in flight", async () => {
    function* main() {
      const loop = getRunningLoop();
      const value = yield* ensureFuture(new Promise<string>((r) => setTimeout(() => r("late"), 20)));
      return [value, loop.time()];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual(["late", 0]);
  });

  it("aborts the signal it handed out when the future is cancelled", async () => {
    let aborted: unknown = null;
    function* main() {
      const fut = ensureFuture(
        (signal) =>
          new Promise<void>((_resolve, reject) => {
            signal.addEventListener("abort", () => {
              aborted = signal.reason;
              reject(signal.reason);
            });
          }),
      );
      yield* sleep(0);
      fut.cancel("enough");
      try {
        yield* fut;
      } catch (e) {
        return e;
      }
    }
    const err = await run(main(), { clock: "virtual" });
    expect(err).toBeInstanceOf(CancelledError);
    expect(aborted).toBeInstanceOf(CancelledError);
    expect((aborted as CancelledError).args).toEqual(["enough"]);
  });

  it("takes awaitable objects, whose [Symbol.iterator]() returns a coroutine (Python's __await__)", async () => {
    class Ticket {
      constructor(private readonly n: number) {}
      *[Symbol.iterator]() {
        yield* sleep(this.n);
        return this.n * 10;
      }
    }
    function* main() {
      const direct = yield* new Ticket(1);
      const all = yield* gather(new Ticket(2), new Ticket(1));
      const task = ensureFuture(new Ticket(3));
      return [direct, all, isTask(task), yield* task, getRunningLoop().time()];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([10, [20, 10], true, 30, 6]);
    // Iterable collections are not awaitable.
    for (const notAwaitable of [[1, 2], new Map(), new Set([1]), new Uint8Array(2)]) {
      expect(() => ensureFuture(notAwaitable as never)).toThrow(
        "An asyncio.Future, a coroutine or an awaitable is required",
      );
    }
  });

  it("lets plain async code await a task", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    function* work() {
      yield* sleep(3);
      return "done";
    }
    const task = loop.createTask(work()) as Task<string>;
    const running = loop.runUntilComplete(task);
    expect(await task).toBe("done");
    await running;
    loop.close();
  });
});

describe("using()", () => {
  it("exits the manager when the body throws, and lets aexit swallow the error", async () => {
    const log: string[] = [];
    const manager = (swallow: boolean) => ({
      *aenter() {
        log.push("enter");
        return 5;
      },
      *aexit(error?: unknown) {
        log.push(`exit ${error === undefined ? "clean" : (error as Error).message}`);
        return swallow;
      },
    });
    function* main() {
      const v = yield* using(manager(false), (x) => x * 2);
      log.push(`value ${v}`);
      yield* using(manager(true), function* () {
        throw new Error("swallowed");
      });
      try {
        yield* using(manager(false), function* () {
          throw new Error("propagated");
        });
      } catch (e) {
        log.push(`caught ${(e as Error).message}`);
      }
    }
    await run(main(), { clock: "virtual" });
    expect(log).toEqual([
      "enter",
      "exit clean",
      "value 10",
      "enter",
      "exit swallowed",
      "enter",
      "exit propagated",
      "caught propagated",
    ]);
    expect(() => using(42 as never, () => 0).next()).toThrow(/using\(\) needs an async context manager/);
  });
});

describe("task stacks in debug mode", () => {
  it("getStack() shows the chain of coroutines the task is suspended in, outermost first", async () => {
    const leaf = coroutine(function* leaf() {
      yield* sleep(1);
    });
    const middle = coroutine(function* middle() {
      yield* leaf();
    });
    const outer = coroutine(function* outer() {
      yield* middle();
    });
    let stack: string[] = [];
    let printed = "";
    function* main() {
      const t = createTask(outer(), { name: "deep" });
      yield* sleep(0.5);
      stack = t.getStack();
      t.printStack((text) => {
        printed += text;
      });
      yield* t;
      expect(t.getStack()).toEqual([]);
    }
    await run(main(), { clock: "virtual", debug: true });
    expect(stack.map((f) => f.split(" ")[0])).toEqual(["outer()", "middle()", "leaf()"]);
    expect(stack[2]).toMatch(/^leaf\(\) defined at .*task\.test\.ts:\d+$/);
    expect(printed).toMatch(
      /^Stack for <Task pending name='deep' .*> \(most recent call last\):\n {2}outer\(\) defined at .*\n {2}middle\(\) .*\n {2}leaf\(\) .*\n$/,
    );
  });
});

describe("gather across loops", () => {
  it("refuses a future of another loop, as asyncio does", async () => {
    const other = newEventLoop();
    function* main() {
      const mine = getRunningLoop().createFuture() as Future<number>;
      const theirs = other.createFuture() as Future<number>;
      mine.setResult(1);
      expect(() => gather(mine, theirs)).toThrow(
        "The future belongs to a different loop than the one specified as the loop argument",
      );
      yield* sleep(0);
    }
    await run(main(), { clock: "virtual" });
    other.close();
  });
});

describe("awaitPromise and ExceptionGroup", () => {
  it("awaitPromise awaits a Promise, or a factory given an AbortSignal, inside a coroutine", async () => {
    function* main() {
      const a = yield* awaitPromise(Promise.resolve("plain"));
      const b = yield* awaitPromise((signal) => Promise.resolve(signal.aborted ? "aborted" : "factory"));
      return [a, b];
    }
    expect(await run(main())).toEqual(["plain", "factory"]);
  });

  it("subgroup and split sort the errors, nested groups included", () => {
    const eg = new ExceptionGroup("outer", [
      new TypeError("a"),
      new ExceptionGroup("inner", [new RangeError("b"), new TypeError("c")]),
    ]);
    expect(String(eg.message)).toBe("outer (2 sub-exceptions)");
    const types = eg.subgroup((e) => e instanceof TypeError) as ExceptionGroup;
    expect(types).not.toBeNull();
    expect(types.exceptions[0]).toBeInstanceOf(TypeError);
    expect((types.exceptions[1] as ExceptionGroup).exceptions.map((e) => (e as Error).message)).toEqual([
      "c",
    ]);
    const [match, rest] = eg.split((e) => e instanceof RangeError) as [ExceptionGroup, ExceptionGroup];
    expect(match).not.toBeNull();
    expect((match.exceptions[0] as ExceptionGroup).exceptions.map((e) => (e as Error).message)).toEqual([
      "b",
    ]);
    expect(rest.exceptions).toHaveLength(2);
    expect(eg.subgroup(() => false)).toBeNull();
    expect(() => new ExceptionGroup("empty", [])).toThrow(
      "second argument (exceptions) must be a non-empty sequence",
    );
  });
});

describe("Timeout's repr, as CPython 3.12's (issue 23)", () => {
  it("active with when rounded to 3 places as a float, None when disabled, the bare state otherwise", async () => {
    const seen = await run(
      (function* () {
        const out: string[] = [];
        const a = timeoutAt(12.34567);
        out.push(String(a));
        yield* using(a, function* () {
          out.push(String(a));
        });
        out.push(String(a));
        const b = timeoutAt(12);
        yield* using(b, function* () {
          out.push(String(b));
        });
        const c = timeout(null);
        yield* using(c, function* () {
          out.push(String(c));
        });
        return out;
      })(),
      { clock: "virtual" },
    );
    expect(seen).toEqual([
      "<Timeout [created]>",
      "<Timeout [active] when=12.346>",
      "<Timeout [finished]>",
      "<Timeout [active] when=12.0>",
      "<Timeout [active] when=None>",
    ]);
  });
});

describe("a duck-typed future (asyncio.isfuture's test: `_asyncioFutureBlocking` not null)", () => {
  /** Not an aio Future: only what asyncio asks of a future-like object. */
  class DuckFuture<T> {
    _asyncioFutureBlocking = false;
    callbacks: ((f: DuckFuture<T>) => void)[] = [];
    state: "pending" | "done" | "cancelled" = "pending";
    value: T | undefined;
    constructor(public _loop: ReturnType<typeof newEventLoop>) {}
    getLoop() {
      return this._loop;
    }
    done() {
      return this.state !== "pending";
    }
    cancelled() {
      return this.state === "cancelled";
    }
    cancel() {
      if (this.done()) return false;
      this.state = "cancelled";
      for (const cb of this.callbacks) this._loop.callSoon(cb, this);
      return true;
    }
    setResult(v: T) {
      this.value = v;
      this.state = "done";
      for (const cb of this.callbacks) this._loop.callSoon(cb, this);
    }
    result(): T {
      if (this.state === "cancelled") throw new CancelledError();
      return this.value as T;
    }
    exception() {
      return null;
    }
    addDoneCallback(cb: (f: DuckFuture<T>) => void) {
      this.callbacks.push(cb);
    }
    removeDoneCallback() {
      return 0;
    }
    *[Symbol.iterator](): Generator<unknown, T, unknown> {
      if (!this.done()) {
        this._asyncioFutureBlocking = true;
        yield this;
      }
      return this.result();
    }
  }

  it("is awaited by a Task through its addDoneCallback, and its result comes back", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const duck = new DuckFuture<string>(loop);
    loop.callLater(1, () => duck.setResult("quack"));
    const got = await loop.runUntilComplete(
      (function* () {
        return yield* duck;
      })(),
    );
    expect(got).toBe("quack");
    expect(duck._asyncioFutureBlocking).toBe(false);
    expect(duck.callbacks).toHaveLength(1);
    loop.close();
  });

  it("cancelling the Task cancels the duck future it waits on", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const duck = new DuckFuture<string>(loop);
    const task = loop.createTask(
      (function* () {
        return yield* duck;
      })(),
    );
    loop.callLater(1, () => task.cancel());
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(duck.cancelled()).toBe(true);
    loop.close();
  });

  it("ensureFuture returns it as it is, and checks its loop (getLoop, else _loop)", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const other = newEventLoop({ clock: "virtual" });
    const duck = new DuckFuture<number>(loop);
    expect(ensureFuture(duck as never)).toBe(duck);
    expect(ensureFuture(duck as never, { loop })).toBe(duck);
    expect(() => ensureFuture(duck as never, { loop: other })).toThrow(
      "The future belongs to a different loop than the one specified as the loop argument",
    );
    const bare = { _asyncioFutureBlocking: false, _loop: loop };
    expect(ensureFuture(bare as never, { loop })).toBe(bare);
    expect(() => ensureFuture(bare as never, { loop: other })).toThrow(/different loop/);
    loop.close();
    other.close();
  });
});

describe("a Task on a closed loop", () => {
  it("is refused with 'Event loop is closed', not registered, and reported as destroyed pending (CPython)", () => {
    const loop = newEventLoop({ clock: "virtual" });
    loop.close();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(String(ctx.message)));
    function* f(): Generator<unknown, void, unknown> {}
    expect(() => new Task(f(), { loop })).toThrow("Event loop is closed");
    expect(seen).toEqual(["Task was destroyed but it is pending!"]);
    // loop.create_task checks the loop first: no Task is made, nothing is reported
    expect(() => loop.createTask(f())).toThrow("Event loop is closed");
    expect(seen).toHaveLength(1);
    expect(loop._tasks.size).toBe(0);
  });
});
