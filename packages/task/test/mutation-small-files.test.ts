/**
 * Tests written for the survivors of the Stryker run of the small files (errors.ts, iteration.ts,
 * shield.ts 23–31; see MUTATION.md): what each shows is behaviour a user sees.
 */
import { getEventListeners } from "node:events";
import { type ExceptionContext, getRunningLoop, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  aiter,
  anext,
  awaitPromise,
  ExceptionGroup,
  type Future,
  run,
  StopAsyncIteration,
  shield,
  sleep,
  TimeoutError,
  timeout,
  timeoutAt,
  toPromise,
  using,
} from "../src/index.js";
import { END, NEXT, NEXT_NOW } from "../src/internal.js";

describe("ExceptionGroup.split()", () => {
  it("an ordinary function (with a prototype object) is a predicate, not a class", () => {
    const eg = new ExceptionGroup("eg", [new TypeError("t"), new RangeError("r")]);
    // biome-ignore lint/complexity/useArrowFunction: an ordinary function has a prototype object
    const isType = function (e: unknown): boolean {
      return e instanceof TypeError;
    };
    const [match, rest] = eg.split(isType);
    expect(match?.exceptions.map(String)).toEqual(["TypeError: t"]);
    expect(rest?.exceptions.map(String)).toEqual(["RangeError: r"]);
  });

  it("a nested group that matches entirely leaves no rest", () => {
    const eg = new ExceptionGroup("outer", [new ExceptionGroup("inner", [new TypeError("t")])]);
    const [match, rest] = eg.split(TypeError);
    expect(rest).toBeNull();
    expect(match?.exceptions).toHaveLength(1);
    expect(eg.subgroup(RangeError)).toBeNull();
  });
});

describe("aiter() and anext()", () => {
  it("aiter() takes a function that is an async iterable", async () => {
    const fn = Object.assign(() => 0, {
      async *[Symbol.asyncIterator]() {
        yield 7;
      },
    });
    const it = aiter(fn);
    expect(await it.next()).toEqual({ value: 7, done: false });
  });

  it("aiter() of an iterable whose [Symbol.asyncIterator]() returns null says so", () => {
    const bad = { [Symbol.asyncIterator]: () => null } as unknown as AsyncIterable<number>;
    expect(() => aiter(bad)).toThrow(/^aiter\(\) returned not an async iterator of type 'NoneType'$/);
    const noNext = { [Symbol.asyncIterator]: () => ({}) } as unknown as AsyncIterable<number>;
    expect(() => aiter(noNext)).toThrow(/^aiter\(\) returned not an async iterator of type 'dict'$/);
  });

  it("anext(null) says that null is not an async iterator", async () => {
    function* main() {
      return yield* anext(null as never);
    }
    await expect(run(main())).rejects.toThrow(/^'NoneType' object is not an async iterator$/);
  });

  it("anext() of a fast iterator at its end raises StopAsyncIteration without a default", async () => {
    const fast = {
      [NEXT_NOW]: () => END,
      *[NEXT]() {
        return END;
      },
    };
    function* main() {
      const dflt = yield* anext(fast as never, "d");
      try {
        yield* anext(fast as never);
      } catch (err) {
        return [dflt, err];
      }
      return [dflt, null];
    }
    const [dflt, err] = await run(main());
    expect(dflt).toBe("d");
    expect(err).toBeInstanceOf(StopAsyncIteration);
  });

  it("anext() of an async iterable keeps its iterator between calls", async () => {
    const iterable = {
      async *[Symbol.asyncIterator]() {
        yield 1;
        yield 2;
      },
    };
    function* main() {
      const a = yield* anext(iterable);
      const b = yield* anext(iterable);
      const c = yield* anext(iterable, "end");
      return [a, b, c];
    }
    expect(await run(main())).toEqual([1, 2, "end"]);
  });
});

describe("shield() whose outer future was cancelled and settled first", () => {
  it("lets go of the inner future: its later failure is reported as never retrieved", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
      seen.push(`${ctx.message}: ${String(ctx.exception)}`);
    });
    const inner = loop.createFuture<number>() as Future<number>;
    const outer = shield(inner);
    expect(String(inner)).toMatch(/cb=\[/);
    expect(outer.cancel()).toBe(true);
    await loop.runUntilComplete(sleep(0));
    expect(String(inner)).toBe("<Future pending>");
    inner.setException(new Error("late"));
    await loop.runUntilComplete(sleep(0));
    loop.close();
    expect(seen).toEqual(["Future exception was never retrieved: Error: late"]);
  });
});

describe("sleep() driven by hand", () => {
  it("resumed before its timer fired, it raises what a future resumed outside its task raises (RuntimeError)", async () => {
    function* main() {
      const c = sleep(3600, "x");
      const first = c.next();
      expect(first.done).toBe(false);
      try {
        c.next();
      } catch (err) {
        return String(err);
      }
      return "no error";
    }
    expect(await run(main(), { clock: "virtual" })).toBe("Error: await wasn't used with future");
  });

  it("an error thrown into a sleep that has not started comes back out, and closes it", () => {
    const c = sleep(1);
    const err = new Error("in");
    expect(() => c.throw(err)).toThrow(err);
    expect(() => c.next()).toThrow("cannot reuse already awaited coroutine");
  });
});

describe("sleep().throw() before it started", () => {
  it("leaves the error's stack alone: it was not thrown at an await", async () => {
    const err = new Error("made outside");
    const before = err.stack;
    function* main() {
      const c = sleep(1);
      try {
        c.throw(err);
      } catch (e) {
        return e;
      }
      return null;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(err);
    expect(err.stack).toBe(before);
  });
});

describe("Timeout.reschedule() to the loop's time now", () => {
  it("expires at once, before callbacks queued after it, and is expired() from then on", async () => {
    const seen: boolean[] = [];
    function* main() {
      const loop = getRunningLoop();
      try {
        yield* using(timeoutAt(null), function* (t) {
          t.reschedule(loop.time());
          loop.callSoon(() => seen.push(t.expired()));
          yield* sleep(3600);
        });
      } catch (err) {
        return err;
      }
      return null;
    }
    expect(await run(main(), { clock: "virtual" })).toBeInstanceOf(TimeoutError);
    expect(seen).toEqual([true]);
  });
});

describe("a Timeout left before its deadline", () => {
  it("clears its timer: the task is not cancelled when the deadline passes later", async () => {
    function* main() {
      const t = yield* using(timeout(1), function* (tm) {
        yield* sleep(0);
        return tm;
      });
      yield* sleep(2);
      return [String(t), t.expired()];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual(["<Timeout [finished]>", false]);
  });
});

describe("Timeout.aexit() outside its active state changes nothing", () => {
  it("before aenter() it stays created (and can still be entered); after expiring it stays expired", async () => {
    function* main() {
      const t = timeoutAt(null);
      yield* t.aexit();
      const afterEarlyExit = String(t);
      yield* t.aenter();
      t.reschedule(getRunningLoop().time());
      let err: unknown = null;
      try {
        yield* sleep(3600);
      } catch (e) {
        try {
          yield* t.aexit(e);
        } catch (e2) {
          err = e2;
        }
      }
      yield* t.aexit();
      return [afterEarlyExit, err instanceof TimeoutError, String(t), t.expired()];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([
      "<Timeout [created]>",
      true,
      "<Timeout [expired]>",
      true,
    ]);
  });
});

describe("toPromise() inside run()", () => {
  it("runs the coroutine as a task of run()'s loop, not of the shared loop", async () => {
    function* child() {
      yield* sleep(0);
      return getRunningLoop();
    }
    function* main() {
      const loop = getRunningLoop();
      const p = toPromise(child());
      const childLoop = yield* awaitPromise(p);
      return childLoop === loop;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(true);
  });
});

describe("toPromise() with a signal", () => {
  it("leaves no listener on the signal once the task is done", async () => {
    const ac = new AbortController();
    function* child() {
      yield* sleep(0);
      return 5;
    }
    expect(await toPromise(child(), { signal: ac.signal })).toBe(5);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
  });
});

describe("using() of what is not an async context manager", () => {
  it("says so for null, a number, a string, a function, and objects without aenter() or aexit()", async () => {
    // A function with aenter() and aexit() is refused too: Python looks __aenter__ up on the type.
    const fn = Object.assign(() => 0, { *aenter() {}, *aexit() {} });
    const bad: unknown[] = [null, 5, "cm", { aexit() {} }, { *aenter() {} }, fn];
    for (const cm of bad) {
      function* main() {
        return yield* using(cm as never, () => 1);
      }
      await expect(run(main())).rejects.toThrow(
        /^using\(\) needs an async context manager \(an object with aenter\(\) and aexit\(\)\), got /,
      );
    }
  });
});

describe("toPromise() whose signal aborted", () => {
  it("the CancelledError's cause is the reason, an own writable, configurable, not enumerable property", async () => {
    const ac = new AbortController();
    const reason = new Error("stop");
    function* child() {
      ac.abort(reason);
      yield* sleep(3600);
    }
    const err = await toPromise(child(), { signal: ac.signal }).catch((e: unknown) => e);
    expect((err as Error).cause).toBe(reason);
    expect(Object.getOwnPropertyDescriptor(err, "cause")).toEqual({
      value: reason,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  });
});
