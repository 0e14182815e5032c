import { describe, expect, it } from "vitest";
import { ContextVar, copyContext, LookupError, newEventLoop, Token } from "../src/index.js";

describe("ContextVar and Context", () => {
  it("gets defaults, sets, and resets with a token", () => {
    const v = new ContextVar<number>("v", { default: 1 });
    const ctx = copyContext();
    ctx.run(() => {
      expect(v.get()).toBe(1);
      const token = v.set(2);
      expect(v.get()).toBe(2);
      expect(token.oldValue).toBe(Token.MISSING);
      v.reset(token);
      expect(v.get()).toBe(1);
      expect(() => v.reset(token)).toThrow(/has already been used once/);
    });
    const noDefault = new ContextVar<string>("nd");
    expect(() => noDefault.get()).toThrow(LookupError);
    expect(noDefault.get("fallback")).toBe("fallback");
  });

  it("copies are snapshots: changes in one do not leak into another", () => {
    const v = new ContextVar<string>("v", { default: "root" });
    const a = copyContext();
    a.run(() => v.set("a"));
    const b = a.copy();
    b.run(() => v.set("b"));
    expect(a.get(v)).toBe("a");
    expect(b.get(v)).toBe("b");
    expect(copyContext().get(v)).toBeUndefined();
    expect(() => a.run(() => a.run(() => 0))).toThrow("cannot enter context: <Context> is already entered");
  });

  it("each callback runs in the context current when it was scheduled", async () => {
    const v = new ContextVar<string>("request", { default: "-" });
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    const ctx = copyContext();
    ctx.run(() => v.set("in ctx"));
    loop.callSoonWithContext(ctx, () => seen.push(v.get()));
    loop.callSoon(() => seen.push(v.get()));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    expect(seen).toEqual(["in ctx", "-"]);
  });
});

describe("callbacks run in a copy of the context taken when they were scheduled", () => {
  it("sees the values of scheduling time, and its own sets do not leak back", async () => {
    const v = new ContextVar<string>("v", { default: "-" });
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    const ctx = copyContext();
    ctx.run(() => {
      v.set("before");
      loop.callSoon(() => {
        seen.push(`callback sees ${v.get()}`);
        v.set("set by callback");
        seen.push(`callback now ${v.get()}`);
      });
      v.set("after");
    });
    loop.callSoon(() => seen.push(`plain sees ${v.get()}`));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    expect(seen).toEqual(["callback sees before", "callback now set by callback", "plain sees -"]);
    expect(ctx.get(v)).toBe("after");
  });
});
