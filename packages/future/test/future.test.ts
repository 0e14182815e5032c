import { inspect } from "node:util";
import {
  ContextVar,
  type EventLoop,
  type ExceptionContext,
  Handle,
  newEventLoop,
  repr,
  reprSymbol,
} from "@aio/loop";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { CancelledError, Future, InvalidStateError, isCancelledError, isFuture } from "../src/index.js";

async function runLoop(loop: EventLoop, body: () => void, seconds = 1): Promise<void> {
  loop.callSoon(body);
  loop.callLater(seconds, () => loop.stop());
  await loop.runForever();
}

describe("Future", () => {
  it("moves PENDING → FINISHED once and schedules its callbacks, never inline", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const fut = new Future<number>({ loop });
    expect(fut.state).toBe("PENDING");
    const out: string[] = [];
    fut.addDoneCallback((f) => out.push(`cb ${f.result()}`));
    fut.setResult(1);
    out.push("after setResult");
    expect(() => fut.setResult(2)).toThrow(new InvalidStateError("invalid state"));
    expect(() => fut.setException(new Error("x"))).toThrow(InvalidStateError);
    await runLoop(loop, () => {});
    expect(out).toEqual(["after setResult", "cb 1"]);
    expect(String(fut)).toBe("<Future finished result=1>");
    expect(fut.state).toBe("FINISHED");
    loop.close();
  });

  it("raises asyncio's errors for results that are not there", () => {
    const loop = newEventLoop();
    const fut = new Future({ loop });
    expect(() => fut.result()).toThrow("Result is not set.");
    expect(() => fut.exception()).toThrow("Exception is not set.");
    expect(fut.cancel("why")).toBe(true);
    expect(fut.cancel()).toBe(false);
    let caught: unknown;
    try {
      fut.result();
    } catch (e) {
      caught = e;
    }
    expect(isCancelledError(caught)).toBe(true);
    expect((caught as CancelledError).args).toEqual(["why"]);
    expect(String(fut)).toBe("<Future cancelled>");
    expect(fut.state).toBe("CANCELLED");
    loop.close();
  });

  it("makes CancelledErrors like Python's: name, args, message, and no stack frames outside debug mode", () => {
    const plain = new CancelledError();
    expect([plain.name, plain.message, plain.args, String(plain)]).toEqual([
      "CancelledError",
      "",
      [],
      "CancelledError",
    ]);
    // The header only, no frames (vitest's prepareStackTrace writes "Name: " for an empty message).
    expect(plain.stack).toMatch(/^CancelledError(: )?$/);
    expect(Object.keys(plain)).toEqual(["args"]);
    expect(inspect(plain)).toMatch(/^\[CancelledError(: )?\] \{ args: \[\] \}$/);
    const why = new CancelledError("why");
    expect([why.message, why.args, String(why), why.stack]).toEqual([
      "why",
      ["why"],
      "CancelledError: why",
      "CancelledError: why",
    ]);
    expect(new CancelledError(null).args).toEqual([]);
    expect(new CancelledError("a", 2).args).toEqual(["a", 2]);
    expect(plain).toBeInstanceOf(Error);
    expect(isCancelledError(why) && !isCancelledError(new Error("x"))).toBe(true);
    const bad = {
      toString: () => {
        throw new Error("no string");
      },
    };
    const limit = Error.stackTraceLimit;
    expect(() => new CancelledError(bad)).toThrow("no string");
    expect(Error.stackTraceLimit).toBe(limit);
    CancelledError.captureStacks = true;
    try {
      expect(new CancelledError("x").stack).toMatch(/^CancelledError: x\n {4}at /);
    } finally {
      CancelledError.captureStacks = false;
    }
  });

  it("runs a lone done-callback as its Handle would: order, context, errors, reprs, debug mode or not", async () => {
    const results: string[][] = [];
    for (const debug of [false, true]) {
      const out: string[] = [];
      const loop = newEventLoop({ debug });
      loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
        expect(ctx.handle).toBeInstanceOf(Handle);
        out.push(`${ctx.message} | ${String(ctx.exception)}`);
      });
      const v = new ContextVar<string>("v", { default: "outer" });
      const a = new Future<number>({ loop });
      const b = new Future<number>({ loop });
      loop.callSoon(() => out.push("before"));
      v.set("at-registration");
      a.addDoneCallback(function seen(f) {
        out.push(`a done ${f.result()} ${v.get()}`);
        v.set("changed-in-callback");
      });
      v.set("outer");
      b.addDoneCallback(function boom() {
        throw new Error("boom");
      });
      loop.callSoon(() => {
        a.setResult(1);
        loop.callSoon(() => out.push("between"));
        b.setResult(2);
        out.push(`repr ${a} ${b} removed=${a.removeDoneCallback(() => 0)}`);
        loop.callSoon(() => {
          out.push(`after ${v.get()}`);
          loop.stop();
        });
      });
      await loop.runForever();
      loop.close();
      results.push(out);
    }
    // Debug mode's reprs also say where each future was made (Python: `created at file:line`).
    expect(results[1]?.join("\n")).toMatch(/<Future finished result=1 created at \S*future\.test\.ts:\d+>/);
    expect(results[0]).toEqual(results[1]?.map((s) => s.replace(/ created at \S*future\.test\.ts:\d+/g, "")));
    // The failing callback is named with where it is defined (Python's _format_callback_source).
    const at = / at \S*future\.test\.ts:\d+/;
    expect(results[0]?.[4]).toMatch(at);
    expect(results[0]?.map((s) => s.replace(at, ""))).toEqual([
      "before",
      "repr <Future finished result=1> <Future finished result=2> removed=0",
      "a done 1 at-registration",
      "between",
      "Exception in callback boom(<Future finished result=2>) | Error: boom",
      "after outer",
    ]);
  });

  it("instantiates an error class given to setException", () => {
    const loop = newEventLoop();
    const fut = new Future({ loop });
    fut.setException(RangeError);
    expect(fut.exception()).toBeInstanceOf(RangeError);
    loop.close();
  });

  it("removeDoneCallback removes every registration and counts them", () => {
    const loop = newEventLoop();
    const fut = new Future({ loop });
    const cb = () => {};
    fut.addDoneCallback(cb);
    fut.addDoneCallback(() => {});
    fut.addDoneCallback(cb);
    expect(String(fut)).toMatch(
      /^<Future pending cb=\[cb\(\) at (\S*future\.test\.ts:\d+), <1 more>, cb\(\) at \1\]>$/,
    );
    expect(fut.removeDoneCallback(cb)).toBe(2);
    expect(fut.removeDoneCallback(cb)).toBe(0);
    loop.close();
  });

  it("is awaitable from plain async code, and settles through the loop", async () => {
    const loop = newEventLoop({ clock: "real" });
    const ok = new Future<string>({ loop });
    const bad = new Future<string>({ loop });
    const cancelled = new Future<string>({ loop });
    loop.callLater(0.01, () => {
      ok.setResult("value");
      bad.setException(new TypeError("nope"));
      cancelled.cancel("stop");
    });
    const running = loop.runForever();
    const results = await Promise.allSettled([ok, bad, cancelled]);
    loop.stop();
    await running;
    expect(results[0]).toEqual({ status: "fulfilled", value: "value" });
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(CancelledError);
    expect(await ok).toBe("value");
    loop.close();
  });

  it("is recognised across copies by its brand", () => {
    const loop = newEventLoop();
    expect(isFuture(new Future({ loop }))).toBe(true);
    expect(isFuture({ then() {} })).toBe(false);
    loop.close();
  });

  it("yields itself through yield* while pending and returns the result when resumed", () => {
    const loop = newEventLoop();
    const fut = new Future<number>({ loop });
    function* coro() {
      return (yield* fut) + 1;
    }
    const g = coro();
    const first = g.next();
    expect(first.value).toBe(fut);
    expect(fut._asyncioFutureBlocking).toBe(true);
    fut.setResult(41);
    expect(g.next()).toEqual({ value: 42, done: true });
    const h = coro();
    expect(h.next()).toEqual({ value: 42, done: true });
    const early = new Future<number>({ loop });
    function* eager() {
      return yield* early;
    }
    const e = eager();
    e.next();
    expect(() => e.next()).toThrow("await wasn't used with future");
    loop.close();
  });
});

describe("exception was never retrieved", () => {
  it("is reported when the loop closes, and not when the exception was looked at", () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message}: ${String(ctx.future)}`));
    const lost = new Future({ loop });
    lost.setException(new TypeError("lost"));
    const looked = new Future({ loop });
    looked.setException(new TypeError("seen"));
    looked.exception();
    const cancelled = new Future({ loop });
    cancelled.cancel();
    loop.close();
    expect(seen).toEqual([
      "Future exception was never retrieved: <Future finished exception=TypeError('lost')>",
    ]);
  });

  it("_logTraceback tells whether it will be reported; false silences it, true is refused", () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(String(ctx.future)));
    const pending = new Future({ loop });
    expect(pending._logTraceback).toBe(false);
    const silenced = new Future({ loop });
    silenced.setException(new TypeError("silenced"));
    expect(silenced._logTraceback).toBe(true);
    silenced._logTraceback = false;
    expect(silenced._logTraceback).toBe(false);
    const lost = new Future({ loop });
    lost.setException(new TypeError("lost"));
    expect(() => {
      lost._logTraceback = true;
    }).toThrow(new RangeError("_log_traceback can only be set to False"));
    loop.close();
    expect(seen).toEqual(["<Future finished exception=TypeError('lost')>"]);
  });

  it("the default handler prints the future as Python does", async () => {
    const loop = newEventLoop();
    new Future({ loop }).setException(new TypeError("lost"));
    const text = await captureStderr(() => loop.close());
    expect(text).toMatch(
      /^Future exception was never retrieved\nfuture: <Future finished exception=TypeError\('lost'\)>\nTypeError: lost\n/,
    );
  });
});

describe("callbacks in a future's repr (issue 23)", () => {
  it("a callback with its own aio.repr shows that repr, as Python's _format_callback uses a callable's repr", () => {
    const loop = newEventLoop();
    try {
      const fut = loop.createFuture();
      const own = () => {};
      Object.defineProperty(own, reprSymbol, { value: () => "<Dummy>" });
      const broken = () => {};
      Object.defineProperty(broken, reprSymbol, {
        value: () => {
          throw new Error("no repr");
        },
      });
      fut.addDoneCallback(own);
      expect(String(fut)).toBe("<Future pending cb=[<Dummy>()]>");
      fut.addDoneCallback(function named() {});
      fut.addDoneCallback(broken);
      // A repr that throws: the function's name and source, as for any function.
      expect(String(fut)).toMatch(
        /^<Future pending cb=\[<Dummy>\(\), <1 more>, broken\(\) at \S*future\.test\.ts:\d+\]>$/,
      );
    } finally {
      loop.close();
    }
  });
});

describe("a future in its own result's repr", () => {
  it("prints as ..., as Python's reprlib.recursive_repr on _future_repr (no recursion to the stack's end)", () => {
    const loop = newEventLoop();
    try {
      const fut = new Future({ loop });
      fut.setResult([fut]);
      expect(String(fut)).toBe("<Future finished result=[...]>");
      expect(repr(new Set([fut]))).toBe("{<Future finished result=[...]>}");
    } finally {
      loop.close();
    }
  });
});
