/**
 * Handles as they run: the context they run in and restore, what a failing callback reports, and
 * the errors that stop the loop instead (Python's BaseException: KeyboardInterrupt, SystemExit).
 */
import { describe, expect, it } from "vitest";
import { Context, ContextVar, copyContext, type ExceptionContext } from "../src/index.js";
import { runAsHandle, runtimeState } from "../src/internal.js";

import { keyboardInterrupt } from "./fake-future.js";
import { bare, loopFor } from "./helpers.js";

describe("running a handle", () => {
  it("a KeyboardInterrupt stops the loop and comes out of runForever(); the rest of the batch waits", async () => {
    const loop = loopFor();
    const out: string[] = [];
    const ki = keyboardInterrupt();
    loop.callSoon(() => out.push("a"));
    loop.callSoon(() => {
      throw ki;
    });
    loop.callSoon(() => out.push("c"));
    await expect(loop.runForever()).rejects.toBe(ki);
    expect(loop.isRunning()).toBe(false);
    expect(out).toEqual(["a"]);
    loop.stop();
    await loop.runForever();
    expect(out).toEqual(["a", "c"]);
  });

  it("the context is restored after each callback, even one that fails", async () => {
    const loop = loopFor();
    loop.setExceptionHandler(() => {});
    const v = new ContextVar<string>("v", { default: "-" });
    const seen: string[] = [];
    loop.callSoon(() => {
      v.set("leaks?");
      throw new Error("x");
    });
    loop.callSoon(() => seen.push(v.get()));
    const ctx = copyContext();
    loop.callSoonWithContext(ctx, () => {
      v.set("in ctx");
      throw new Error("y");
    });
    loop.callSoon(() => seen.push(v.get()));
    const last = copyContext();
    loop.callSoonWithContext(last, () => {
      v.set("last");
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toEqual(["-", "-"]);
    expect(ctx.get(v)).toBe("in ctx");
    expect(last.get(v)).toBe("last");
    // The caller of runForever() is back in its own context.
    expect(v.get()).toBe("-");
  });

  it("a handle without a context (a future's fast path) runs in the context current when the loop runs", async () => {
    const loop = loopFor();
    const v = new ContextVar<string>("v", { default: "-" });
    const seen: string[] = [];
    loop._callSoon1((x: string) => seen.push(`${x} ${v.get()}`), "as is", null);
    loop.callSoon(() => loop.stop());
    const ctx = copyContext();
    ctx.run(() => v.set("runner"));
    await ctx.run(() => loop.runForever());
    expect(seen).toEqual(["as is runner"]);
  });

  it("a callback that cancels its own handle and then fails is still reported, and the loop goes on", async () => {
    const loop = loopFor();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => messages.push(String(c.message)));
    const out: string[] = [];
    const h = loop.callSoon(
      (_a: number, _b: number) => {
        h.cancel();
        throw new Error("x");
      },
      1,
      2,
    );
    loop.callSoon(() => {
      out.push("next");
      loop.stop();
    });
    await loop.runForever();
    expect(out).toEqual(["next"]);
    expect(messages.length).toBe(1);
    // Named with the arguments it was called with, though cancelling dropped them from the handle.
    expect(messages[0]).toMatch(/^Exception in callback <anonymous>\(1, 2\) at \S*handle\.test\.ts:\d+$/);
  });

  it("a callback of no, one or three arguments that cancels its own handle is reported with those arguments", async () => {
    const loop = loopFor();
    const messages: string[] = [];
    loop.setExceptionHandler((_l, c) => messages.push(String(c.message)));
    const handles: { cancel(): void }[] = [];
    function none() {
      handles[0]?.cancel();
      throw new Error("x");
    }
    function one(_a: string) {
      handles[1]?.cancel();
      throw new Error("x");
    }
    function three(_a: number, _b: number, _c: number) {
      handles[2]?.cancel();
      throw new Error("x");
    }
    handles.push(loop.callSoon(none), loop.callSoon(one, "a"), loop.callSoon(three, 1, 2, 3));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(messages.map((m) => m.replace(/ at \S*handle\.test\.ts:\d+$/, ""))).toEqual([
      "Exception in callback none()",
      "Exception in callback one('a')",
      "Exception in callback three(1, 2, 3)",
    ]);
    expect(messages.every((m) => / at \S*handle\.test\.ts:\d+$/.test(m))).toBe(true);
  });

  it("a handle's context is a copy of the variables captured when it was scheduled", () => {
    const loop = loopFor();
    const v = new ContextVar<string>("v");
    const ctx = copyContext();
    const h = ctx.run(() => {
      v.set("captured");
      const handle = loop.callSoon(() => {});
      v.set("later");
      return handle;
    });
    const c = h.getContext();
    expect(c).toBeInstanceOf(Context);
    expect(c?.get(v)).toBe("captured");
    expect(c).not.toBe(ctx);
  });

  it("a failing callback is reported with its handle; debug mode adds where it was scheduled", async () => {
    const contexts: ExceptionContext[] = [];
    for (const debug of [false, true]) {
      const loop = loopFor({ clock: "virtual", debug });
      loop.setExceptionHandler((_l, c) => contexts.push(c));
      const err = new Error("x");
      const h = loop.callSoon(function fails() {
        throw err;
      });
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(contexts.at(-1)?.message).toMatch(
        /^Exception in callback fails\(\) at \S*handle\.test\.ts:\d+$/,
      );
      expect(contexts.at(-1)?.exception).toBe(err);
      expect(contexts.at(-1)?.handle).toBe(h);
    }
    expect("sourceTraceback" in (contexts[0] as object)).toBe(false);
    // It ends at the caller, the loop's own scheduling frames left out (CPython deletes them).
    expect(String(contexts[1]?.sourceTraceback).split("\n")[0]).toMatch(/handle\.test\.ts:\d+/);
    expect(String(contexts[1]?.sourceTraceback)).not.toMatch(/EventLoop\.callSoon/);
  });

  it("a failing timer's report has where it was scheduled in debug mode only", async () => {
    const contexts: ExceptionContext[] = [];
    for (const debug of [false, true]) {
      const loop = loopFor({ clock: "virtual", debug });
      loop.setExceptionHandler((_l, c) => contexts.push(c));
      loop.callLater(1, function fails() {
        throw new Error("x");
      });
      loop.callLater(2, () => loop.stop());
      await loop.runForever();
    }
    expect(contexts.map((c) => bare(c.message))).toEqual([
      "Exception in callback fails()",
      "Exception in callback fails()",
    ]);
    expect("sourceTraceback" in (contexts[0] as object)).toBe(false);
    expect(String(contexts[1]?.sourceTraceback).split("\n")[0]).toMatch(/handle\.test\.ts:\d+/);
    expect(String(contexts[1]?.sourceTraceback)).not.toMatch(/EventLoop\.callLater/);
  });
});

describe("runAsHandle", () => {
  it("runs in captured variables too, and lets a KeyboardInterrupt through after restoring the context", () => {
    const loop = loopFor();
    const v = new ContextVar<string>("v", { default: "outside" });
    const ctx = copyContext();
    ctx.run(() => v.set("captured"));
    const seen: string[] = [];
    runAsHandle(loop, (arg) => seen.push(`${arg} ${v.get()}`), "vars", ctx._vars);
    runAsHandle(loop, (arg) => seen.push(`${arg} ${v.get()}`), "none", null);
    // Without a context it runs as is, in the current one; with a Context, in that very Context.
    ctx.run(() => runAsHandle(loop, (arg) => seen.push(`${arg} ${v.get()}`), "as is", null));
    runAsHandle(loop, () => v.set("set inside"), 0, ctx);
    expect(ctx.get(v)).toBe("set inside");
    const ki = keyboardInterrupt();
    const saved = runtimeState.context;
    expect(() =>
      runAsHandle(
        loop,
        () => {
          throw ki;
        },
        0,
        ctx,
      ),
    ).toThrow(ki);
    expect(runtimeState.context).toBe(saved);
    expect(seen).toEqual(["vars captured", "none outside", "as is captured"]);
  });
});

describe("a handle cancelled in debug mode", () => {
  it("keeps its repr with the callback and its arguments (Python: Handle._repr), marked cancelled", () => {
    const loop = loopFor();
    loop.setDebug(true);
    function work(_n: number) {}
    const h = loop.callSoon(work, 7);
    h.cancel();
    expect(String(h)).toMatch(
      /^<Handle cancelled work\(7\) at \S*handle\.test\.ts:\d+ created at \S*handle\.test\.ts:\d+>$/,
    );
    // Outside debug mode, nothing of the callback is kept.
    loop.setDebug(false);
    const plain = loop.callSoon(work, 8);
    plain.cancel();
    expect(String(plain)).toBe("<Handle cancelled>");
  });

  it("names where it was created by the first frame that has a file, past native ones", () => {
    const loop = loopFor();
    loop.setDebug(true);
    function work(..._args: unknown[]) {}
    // Scheduled by Array.prototype.map: the frame that calls callSoon is native (no file).
    const [h] = [work].map(loop.callSoon, loop);
    const tb = (h as unknown as { _sourceTraceback: string })._sourceTraceback;
    expect(tb.split("\n")[0]).toMatch(/^\s+at Array\.map \(<anonymous>\)$/);
    expect(String(h)).toMatch(/ created at \S*handle\.test\.ts:\d+>$/);
  });
});
