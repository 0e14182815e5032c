/**
 * More of Future's behaviour, as a user meets it: setException with classes and other callables,
 * `await future` of a loop that does not run (or stops and runs again), reprs of long results and of
 * two callbacks, done-callbacks in a given context, `coro.return()` at an await, and the helpers
 * the other packages use (failed, setResultUnlessCancelled).
 */
import {
  Context,
  ContextVar,
  type EventLoop,
  FUTURE_BRAND,
  type FutureLike,
  newEventLoop,
  runtimeHooks,
} from "@aio/loop";
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, Future, isFuture } from "../src/index.js";
import { failed, setResultUnlessCancelled } from "../src/internal.js";
import { PlainWaker } from "./fake-task.js";

const loops: EventLoop[] = [];
function makeLoop(debug = false): EventLoop {
  const loop = newEventLoop({ debug });
  loops.push(loop);
  return loop;
}
afterEach(() => {
  for (const l of loops.splice(0)) if (!l.isClosed()) l.close();
});

async function runBriefly(loop: EventLoop): Promise<void> {
  loop.callSoon(() => loop.callSoon(() => loop.stop()));
  await loop.runForever();
}

describe("setException", () => {
  it("instantiates an error class, Error itself too (Python: set_exception(RuntimeError))", () => {
    const loop = makeLoop();
    for (const cls of [Error, TypeError, class MyError extends RangeError {}]) {
      const fut = new Future({ loop });
      fut.setException(cls);
      const exc = fut.exception();
      expect(exc).toBeInstanceOf(cls);
      expect((exc as Error).constructor).toBe(cls);
    }
  });

  it("keeps a function that is no error class as the exception itself", () => {
    const loop = makeLoop();
    const notAClass = () => "thrown as it is";
    function Legacy(this: unknown) {}
    for (const value of [notAClass, Legacy]) {
      const fut = new Future({ loop });
      fut.setException(value);
      expect(fut.exception()).toBe(value);
    }
  });
});

describe("await future from plain async code", () => {
  it("of a loop that does not run: rejects at once, saying why and what to do", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const err = (await Promise.resolve(fut).then(
      () => null,
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(
      /^cannot await <Future pending cb=\[.*\]>: its loop is not running, so nothing will complete it\. Await it inside a coroutine \(yield\*\) of a running loop, run its loop \(loop\.runUntilComplete\), or call coroutines from Promise code with toPromise\(coro\)$/,
    );
    loop.close();
    const closed = new Future<number>({ loop });
    const err2 = (await closed.then(
      () => null,
      (e: unknown) => e,
    )) as Error;
    expect(err2.message).toMatch(
      /^cannot await <Future pending cb=\[.*\]>: its loop is closed, so nothing will complete it\. /,
    );
  });

  it("of a future done before the loop's next turn: settles with the result once the loop runs, no rejection", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const settled = fut.then(
      (v) => `value ${v}`,
      (e: unknown) => `error ${String(e)}`,
    );
    fut.setResult(7);
    await new Promise((resolve) => setImmediate(resolve));
    await runBriefly(loop);
    expect(await settled).toBe("value 7");
  });

  it("of a loop that starts running before the next turn: waits for the future", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const settled = fut.then(
      (v) => `value ${v}`,
      (e: unknown) => `error ${String(e)}`,
    );
    loop.callLater(0.01, () => {
      fut.setResult(8);
      loop.callSoon(() => loop.stop());
    });
    await loop.runForever();
    expect(await settled).toBe("value 8");
  });

  it("made while the loop runs, then the loop stops and runs again: waits for the future", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    let settled: Promise<string> | undefined;
    loop.callSoon(() => {
      settled = fut.then(
        (v) => `value ${v}`,
        (e: unknown) => `error ${String(e)}`,
      );
      loop.stop();
    });
    await loop.runForever();
    // the loop is stopped now: a turn of the host's event loop passes
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    loop.callSoon(() => fut.setResult(9));
    await runBriefly(loop);
    expect(await settled).toBe("value 9");
  });
});

describe("a future's repr", () => {
  it("shortens a long result as reprlib does: 26 characters, ..., the last 27", () => {
    const loop = makeLoop();
    const fits = new Future<string>({ loop });
    fits.setResult("x".repeat(58)); // its repr, with quotes: 60 characters
    expect(String(fits)).toBe(`<Future finished result='${"x".repeat(58)}'>`);
    const long = new Future<string>({ loop });
    long.setResult(`${"a".repeat(30)}${"b".repeat(29)}`); // repr: 61 characters
    expect(String(long)).toBe(`<Future finished result='${"a".repeat(25)}...${"b".repeat(26)}'>`);
  });

  it("lists two callbacks by name, separated by a comma", () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    fut.addDoneCallback(function first() {});
    fut.addDoneCallback(function second() {});
    expect(String(fut)).toMatch(/^<Future pending cb=\[first\(\) at \S+:\d+, second\(\) at \S+:\d+\]>$/);
  });

  it("names the exception a future failed with", () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    fut.setException(new TypeError("bad"));
    expect(String(fut)).toBe("<Future finished exception=TypeError('bad')>");
    fut.exception();
  });

  it("debug mode: says where the future was made, even with a callback", () => {
    const loop = makeLoop(true);
    const fut = new Future({ loop });
    fut.addDoneCallback(function cb() {});
    expect(String(fut)).toMatch(
      /^<Future pending cb=\[cb\(\) at \S+:\d+\] created at \S*future-more\.test\.ts:\d+>$/,
    );
  });
});

describe("done-callbacks and contexts", () => {
  it("run in the context given, whether the future is pending or already done", async () => {
    const loop = makeLoop();
    const v = new ContextVar<string>("v", { default: "default" });
    const ctx = new Context();
    ctx.run(() => v.set("given"));
    const seen: string[] = [];
    const pending = new Future({ loop });
    pending.addDoneCallback(() => seen.push(`pending: ${v.get()}`), { context: ctx });
    const done = new Future({ loop });
    done.setResult(1);
    done.addDoneCallback(() => seen.push(`done: ${v.get()}`), { context: ctx });
    done.addDoneCallback(() => seen.push(`done, current: ${v.get()}`));
    pending.setResult(1);
    await runBriefly(loop);
    expect(seen).toEqual(["done: given", "done, current: default", "pending: given"]);
  });

  it("a callback added to a done future runs through the loop, not inline", async () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    fut.setResult(1);
    const seen: string[] = [];
    fut.addDoneCallback(() => seen.push("callback"));
    seen.push("after add");
    await runBriefly(loop);
    expect(seen).toEqual(["after add", "callback"]);
  });

  it("debug mode: a lone callback is queued as a Handle and runs as in normal mode", async () => {
    const loop = makeLoop(true);
    const fut = new Future<number>({ loop });
    const seen: string[] = [];
    fut.addDoneCallback((f) => seen.push(`cb ${f.result()}`));
    fut.setResult(3);
    expect(String(fut)).toMatch(/^<Future finished result=3 created at \S+>$/);
    expect(fut.removeDoneCallback(() => {})).toBe(0);
    await runBriefly(loop);
    expect(seen).toEqual(["cb 3"]);
  });
});

describe("a coroutine suspended at yield* future", () => {
  it("can be returned from (coro.return(v)): it ends with v, the future left pending", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const after: string[] = [];
    function* coro(): Generator<unknown, number, unknown> {
      try {
        return yield* fut;
      } finally {
        after.push("finally ran");
      }
    }
    const g = coro();
    g.next();
    expect(g.return(5)).toEqual({ value: 5, done: true });
    expect(after).toEqual(["finally ran"]);
    expect(fut.done()).toBe(false);
  });

  it("may delegate to the future's iterator itself (an iterator is iterable)", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    function* coro(): Generator<unknown, number, unknown> {
      // typed as an Iterator only; at run time it is iterable, as iterators conventionally are
      return yield* fut[Symbol.iterator]() as IterableIterator<Future<number>, number, unknown>;
    }
    const g = coro();
    expect(g.next().value).toBe(fut);
    fut.setResult(4);
    expect(g.next()).toEqual({ value: 4, done: true });
  });
});

describe("helpers of the other packages", () => {
  it("failed: whether a done future failed, whatever it was thrown with (null and undefined too)", () => {
    const loop = makeLoop();
    for (const exc of [null, undefined, 0, new Error("x")]) {
      const fut = new Future({ loop });
      fut.setException(exc);
      expect(failed(fut)).toBe(true);
      fut.exception();
    }
    const ok = new Future({ loop });
    ok.setResult(null);
    expect(failed(ok)).toBe(false);
  });

  it("failed: a FutureLike of another kind is asked through result()", () => {
    const like = (outcome: () => unknown): FutureLike =>
      ({
        [FUTURE_BRAND]: true,
        done: () => true,
        cancelled: () => false,
        result: outcome,
        exception: () => null,
      }) as unknown as FutureLike;
    expect(failed(like(() => 1))).toBe(false);
    expect(
      failed(
        like(() => {
          throw new Error("x");
        }),
      ),
    ).toBe(true);
  });

  it("setResultUnlessCancelled sets a pending future's result", () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    setResultUnlessCancelled(fut, 3);
    expect(fut.result()).toBe(3);
    const cancelled = new Future({ loop });
    cancelled.cancel();
    setResultUnlessCancelled(cancelled, 3);
    expect(cancelled.cancelled()).toBe(true);
  });

  it("isFuture is false for primitives, null and objects without the brand (or with another value)", () => {
    for (const value of [null, undefined, 1, "future", {}, { [FUTURE_BRAND]: "yes" }]) {
      expect(isFuture(value)).toBe(false);
    }
    expect(isFuture({ [FUTURE_BRAND]: true })).toBe(true);
  });
});

describe("cancel", () => {
  it("cancel() with no message gives a CancelledError without args; a message is kept", () => {
    const loop = makeLoop();
    const plain = new Future({ loop });
    plain.cancel();
    expect(() => plain.result()).toThrow(CancelledError);
    expect(plain._cancelMessage).toBe(undefined);
    let caught: unknown;
    try {
      plain.exception();
    } catch (e) {
      caught = e;
    }
    expect((caught as CancelledError).args).toEqual([]);
    const why = new Future({ loop });
    why.cancel("why");
    expect(why._cancelMessage).toBe("why");
  });
});

describe("Python's private attributes that tasks and tests use", () => {
  it("_asyncioFutureBlocking: false when made, true while a coroutine awaits, clearable without touching the state", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    expect(fut._asyncioFutureBlocking).toBe(false);
    function* coro(): Generator<unknown, number, unknown> {
      return yield* fut;
    }
    coro().next();
    expect(fut._asyncioFutureBlocking).toBe(true);
    fut._asyncioFutureBlocking = false; // as a Task does once it took the future
    expect([fut._asyncioFutureBlocking, fut.state]).toEqual([false, "PENDING"]);
  });

  it("_cancelMessage can be set back to undefined (Python: fut._cancel_message = None)", () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    fut.cancel("first");
    fut._cancelMessage = undefined;
    expect(fut._cancelMessage).toBe(undefined);
    let caught: unknown;
    try {
      fut.result();
    } catch (e) {
      caught = e;
    }
    expect((caught as CancelledError).args).toEqual([]);
  });

  it("_cancelledExc: the CancelledError a cancelled task ended with goes to its first awaiter, new ones after", () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    fut.cancel("why");
    const raised = new CancelledError("why");
    fut._cancelledExc = raised;
    const thrown = () => {
      try {
        fut.result();
      } catch (e) {
        return e;
      }
      return null;
    };
    expect(thrown()).toBe(raised);
    const next = thrown();
    expect(next).not.toBe(raised);
    expect((next as CancelledError).args).toEqual(["why"]);
    // a future not cancelled has none
    const done = new Future({ loop });
    done.setResult(1);
    expect(done._cancelledExc).toBe(null);
  });
});

describe("removeDoneCallback", () => {
  it("on a done future whose lone callback is queued: removes nothing, and the callback runs", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const seen: number[] = [];
    const cb = (f: Future<number>) => seen.push(f.result());
    fut.addDoneCallback(cb);
    fut.setResult(5);
    expect(fut.removeDoneCallback(cb)).toBe(0);
    await runBriefly(loop);
    expect(seen).toEqual([5]);
  });

  it("of something never added removes nothing, null too", () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    expect(fut.removeDoneCallback(null as never)).toBe(0);
    expect(fut.removeDoneCallback(() => {})).toBe(0);
    expect(String(fut)).toBe("<Future pending>");
  });

  it("leaves exactly the other callbacks, in order", async () => {
    const loop = makeLoop();
    const fut = new Future({ loop });
    const seen: string[] = [];
    const gone = () => seen.push("gone");
    fut.addDoneCallback(function kept() {
      seen.push("kept");
    });
    fut.addDoneCallback(gone);
    fut.addDoneCallback(function last() {
      seen.push("last");
    });
    expect(fut.removeDoneCallback(gone)).toBe(1);
    expect(String(fut)).toMatch(/^<Future pending cb=\[kept\(\) at \S+:\d+, last\(\) at \S+:\d+\]>$/);
    fut.setResult(1);
    await runBriefly(loop);
    expect(seen).toEqual(["kept", "last"]);
  });
});

describe("debug mode's slow-callback warnings", () => {
  async function warnings(body: (loop: EventLoop) => void): Promise<string[]> {
    const hooks = runtimeHooks();
    const saved = hooks.log;
    const logged: string[] = [];
    hooks.log = (level, message) => {
      if (level === "WARNING") logged.push(message);
    };
    try {
      const loop = makeLoop();
      body(loop);
      await runBriefly(loop);
    } finally {
      hooks.log = saved;
    }
    return logged.filter((m) => m.startsWith("Executing ")).map((m) => m.replace(/ took \S+ seconds$/, ""));
  }

  it("name a future's queued done-callback by the future (debug mode turned on after it was queued)", async () => {
    const logged = await warnings((loop) => {
      const fut = new Future<number>({ loop });
      fut.addDoneCallback(() => {});
      fut.setResult(1);
      loop.setDebug(true);
      loop.slowCallbackDuration = 0;
    });
    expect(logged).toContain("Executing <Future finished result=1>");
  });

  it("name a task's wake-up by the task, as Python names Task.__wakeup's", async () => {
    const logged = await warnings((loop) => {
      loop.setDebug(true);
      loop.slowCallbackDuration = 0;
      const fut = new Future<number>({ loop });
      const task = new PlainWaker(
        loop,
        (function* () {
          return yield* fut;
        })(),
        "sleeper",
      );
      task.toString = () => "<Task sleeper>";
      task._step();
      fut.setResult(1);
    });
    expect(logged).toContain("Executing <Task sleeper>");
  });
});

describe("debug mode turned on while a task awaits", () => {
  it("names the task without a line: the await was not noted outside debug mode", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    new PlainWaker(
      loop,
      (function* main() {
        return yield* fut;
      })(),
      "main",
    )._step();
    loop.setDebug(true);
    const err = new Error("failed");
    fut.setException(err);
    fut.exception();
    expect((err.stack as string).split("\n").at(-1)).toBe("    awaited by Task 'main'");
  });
});

describe("debug mode's traces, and their absence", () => {
  it("outside debug mode a failed future's error does not list the tasks awaiting it", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    new PlainWaker(
      loop,
      (function* main() {
        return yield* fut;
      })(),
      "main",
    )._step();
    const err = new Error("failed");
    const before = err.stack;
    fut.setException(err);
    fut.exception();
    expect(err.stack).toBe(before);
  });

  it("an object that is no Error keeps its stack property as it was", () => {
    const loop = makeLoop(true);
    const fut = new Future<number>({ loop });
    new PlainWaker(
      loop,
      (function* main() {
        return yield* fut;
      })(),
      "main",
    )._step();
    const notAnError = { stack: "my own stack" };
    fut.setException(notAnError);
    expect(fut.exception()).toBe(notAnError);
    expect(notAnError.stack).toBe("my own stack");
  });

  it("a source traceback cleared (_sourceTraceback = null) or without a program frame names no creation site", () => {
    const loop = makeLoop(true);
    const fut = new Future({ loop });
    expect(String(fut)).toMatch(/ created at /);
    fut._sourceTraceback = null;
    expect([fut._sourceTraceback, String(fut)]).toEqual([null, "<Future pending>"]);
    const runtimeOnly = new Future({ loop });
    runtimeOnly._sourceTraceback =
      "Error\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)";
    expect(String(runtimeOnly)).toBe("<Future pending>");
  });
});

describe("failed() and unretrieved exceptions", () => {
  it("asking whether a future failed does not count as looking at its exception: it is still reported", () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(String(ctx.message)));
    const fut = new Future({ loop });
    fut.setException(new TypeError("lost"));
    expect(failed(fut)).toBe(true);
    loop.close();
    expect(seen).toEqual(["Future exception was never retrieved"]);
  });
});
