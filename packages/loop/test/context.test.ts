import { describe, expect, it } from "vitest";
import {
  type Context,
  ContextVar,
  copyContext,
  currentContext,
  LookupError,
  newEventLoop,
  Token,
} from "../src/index.js";

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

describe("Context, ContextVar and Token as Python's contextvars", () => {
  it("a context lists its variables; get falls back to the default given", () => {
    const a = new ContextVar<number>("a");
    const b = new ContextVar<number>("b", { default: 0 });
    const ctx = copyContext();
    ctx.run(() => {
      a.set(1);
      b.set(2);
    });
    expect(ctx.size).toBe(2);
    expect(ctx.has(a)).toBe(true);
    expect(ctx.has(new ContextVar("c"))).toBe(false);
    expect([...ctx.entries()].map(([k, v]) => `${k.name}=${v}`)).toEqual(["a=1", "b=2"]);
    expect(ctx.get(a, 9)).toBe(1);
    expect(ctx.get(new ContextVar<number>("c"), 9)).toBe(9);
    expect(String(ctx)).toBe("<Context>");
    expect(copyContext().size).toBe(0);
  });

  it("ContextVar.get: the value, else the fallback given, else the default, else LookupError", () => {
    const v = new ContextVar<string | undefined>("v", { default: "dflt" });
    const ctx = copyContext();
    ctx.run(() => {
      expect(v.get()).toBe("dflt");
      expect(v.get("fallback")).toBe("fallback");
      expect(v.get(undefined)).toBe(undefined);
      v.set("set");
      expect(v.get("fallback")).toBe("set");
    });
    const undefDefault = new ContextVar<undefined>("u", { default: undefined });
    expect(undefDefault.get()).toBe(undefined);
    const none = new ContextVar<number>("none");
    expect(() => none.get()).toThrow(new LookupError("<ContextVar name='none'>"));
    expect(new LookupError("x").name).toBe("LookupError");
    expect(String(none)).toBe("<ContextVar name='none'>");
    expect(() => new ContextVar(42 as never)).toThrow(
      new TypeError("context variable name must be a str, not 42"),
    );
  });

  it("tokens restore the previous value, once, in their own context, for their own variable", () => {
    const v = new ContextVar<string>("v");
    const w = new ContextVar<string>("w");
    const ctx = copyContext();
    ctx.run(() => {
      const t1 = v.set("one");
      const t2 = v.set("two");
      expect(t2.oldValue).toBe("one");
      expect(t2.variable).toBe(v);
      expect(String(t2)).toBe("<Token var=<ContextVar name='v'>>");
      v.reset(t2);
      expect(v.get()).toBe("one");
      expect(String(t2)).toBe("<Token used var=<ContextVar name='v'>>");
      expect(() => v.reset(t2)).toThrow(
        new Error("<Token used var=<ContextVar name='v'>> has already been used once"),
      );
      expect(() => w.reset(t1 as never)).toThrow(
        new RangeError("<Token var=<ContextVar name='v'>> was created by a different ContextVar"),
      );
      v.reset(t1);
      expect(ctx.has(v)).toBe(false);
      const t3 = v.set("three");
      copyContext().run(() => {
        expect(() => v.reset(t3)).toThrow(
          new RangeError("<Token var=<ContextVar name='v'>> was created in a different Context"),
        );
      });
      expect(v.get()).toBe("three");
    });
  });

  it("run() restores the previous context even when fn throws, and passes arguments", () => {
    const v = new ContextVar<string>("v", { default: "outer" });
    const ctx = copyContext();
    expect(ctx.run((a: number, b: number) => a + b, 2, 3)).toBe(5);
    expect(() =>
      ctx.run(() => {
        v.set("inner");
        throw new Error("x");
      }),
    ).toThrow("x");
    expect(v.get()).toBe("outer");
    expect(ctx.get(v)).toBe("inner");
    // Entered again after the failure: it was left.
    expect(ctx.run(() => v.get())).toBe("inner");
  });

  it("a set outside any context lands in the current context, which later copies see", () => {
    const v = new ContextVar<string>("top");
    const token = v.set("top-level");
    expect(v.get()).toBe("top-level");
    expect(copyContext().get(v)).toBe("top-level");
    expect(currentContext().get(v)).toBe("top-level");
    v.reset(token);
    expect(currentContext().has(v)).toBe(false);
  });

  it("a callback that asks for its context gets one of its own, holding what it sets", async () => {
    const v = new ContextVar<string>("v", { default: "-" });
    const loop = newEventLoop({ clock: "virtual" });
    const held: Context[] = [];
    loop.callSoon(() => {
      v.set("first");
      held.push(currentContext());
    });
    loop.callSoon(() => {
      held.push(currentContext());
    });
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    expect(held[0]?.get(v)).toBe("first");
    expect(held[1]?.has(v)).toBe(false);
    expect(held[0]).not.toBe(held[1]);
  });

  it("a callback that sets one variable keeps the others it captured", async () => {
    const a = new ContextVar<string>("a", { default: "-" });
    const b = new ContextVar<string>("b", { default: "-" });
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    const ctx = copyContext();
    ctx.run(() => {
      a.set("captured");
      loop.callSoon(() => {
        b.set("set here");
        seen.push(`${a.get()} ${b.get()} ${currentContext().get(a)}`);
      });
    });
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    expect(seen).toEqual(["captured set here captured"]);
  });
});

describe("the exception handler runs in the context of the task or future it is told about", () => {
  // CPython 3.12's call_exception_handler (gh-96704): context['task'], else context['future'],
  // when it has get_context(), gives the context the custom handler runs in.
  const name = new ContextVar<string>("name", { default: "foo" });
  const ctxWith = (value: string): Context => {
    const ctx = copyContext();
    ctx.run(() => name.set(value));
    return ctx;
  };

  it("uses context.task, then context.future, and leaves the current context otherwise", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler(() => seen.push(name.get() ?? "?"));
    const task = { getContext: () => ctxWith("task") };
    const future = { getContext: () => ctxWith("future") };
    loop.callExceptionHandler({ message: "m", task, future });
    loop.callExceptionHandler({ message: "m", future });
    loop.callExceptionHandler({ message: "m", future: { getContext: () => null } });
    loop.callExceptionHandler({ message: "m", future: { getContext: 1 } });
    loop.callExceptionHandler({ message: "m", handle: { getContext: () => ctxWith("handle") } });
    loop.callExceptionHandler({ message: "m" });
    expect(seen).toEqual(["task", "future", "foo", "foo", "foo", "foo"]);
    loop.close();
  });

  it("leaves the current context, and calls the handler all the same, for a task or future without a usable one", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler((_l, c) => seen.push(`${String(c.message)} ${name.get() ?? "?"}`));
    loop.callExceptionHandler({ message: "none", task: null, future: null });
    loop.callExceptionHandler({ message: "undefined", future: { getContext: () => undefined } });
    loop.callExceptionHandler({ message: "no run", task: { getContext: () => ({ run: 1 }) } });
    expect(seen).toEqual(["none foo", "undefined foo", "no run foo"]);
    loop.close();
  });

  it("calls the handler directly when that context is the current one", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const ctx = ctxWith("bar");
    const seen: string[] = [];
    const errors: unknown[] = [];
    loop.setExceptionHandler((_l, c) => {
      seen.push(name.get() ?? "?");
      if (c.message !== "m") errors.push(c.exception);
    });
    ctx.run(() => loop.callExceptionHandler({ message: "m", task: { getContext: () => ctx } }));
    expect(seen).toEqual(["bar"]);
    expect(errors).toEqual([]);
    loop.close();
  });
});
