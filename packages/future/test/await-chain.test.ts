/**
 * The coroutines an error goes through are in its stack (await-chain.ts): an error that reaches a
 * coroutine chain at `yield* future` (made elsewhere, or thrown in) gets the chain of awaiting
 * coroutines after its own frames, down to the task's step; one raised by the runtime inside a chain
 * gets the whole chain instead of Node's ten frames. @aio/future has no Task (it is @aio/task's):
 * here a function named `_step`, as the Task's step method is, drives the coroutines.
 */
import { newEventLoop } from "@aio/loop";
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, Future } from "../src/index.js";
import { raisedHere, thrownHere } from "../src/internal.js";

const loop = newEventLoop();
afterEach(() => {
  CancelledError.captureStacks = false;
});

/** A task's step, as the Task names it (`_step`): the frames from here on are the runtime's. */
function _step(
  g: Generator<unknown, unknown, unknown>,
  how: "next" | "throw" = "next",
  err?: unknown,
): unknown {
  return how === "next" ? g.next() : g.throw(err);
}
/** The same, as a method (V8 prints `Object._step`). */
const driver = {
  _step(g: Generator<unknown, unknown, unknown>): unknown {
    return g.next();
  },
};

/** The function names of a stack's frame lines (`at name (file:line:col)` → `name`). */
function names(lines: string[]): string[] {
  return lines.map((l) => /^\s*at (?:async )?(\S+)/.exec(l)?.[1] ?? `?${l}`);
}

/** The lines `err.stack` gained after `before`. */
function added(err: unknown, before: string): string[] {
  const now = (err as Error).stack as string;
  expect(now.startsWith(before)).toBe(true);
  const rest = now.slice(before.length);
  return rest === "" ? [] : rest.replace(/^\n/, "").split("\n");
}

function failedWith(err: unknown): Future<number> {
  const fut = new Future<number>({ loop });
  fut.setException(err);
  fut.exception(); // retrieved: not reported when the loop closes
  return fut;
}

function* inner(f: Future<number>): Generator<unknown, number, unknown> {
  return yield* f;
}
function* outer(f: Future<number>): Generator<unknown, number, unknown> {
  return yield* inner(f);
}

/** runs `g` to its end through `step`; returns what it threw */
function thrownBy(g: Generator<unknown, unknown, unknown>, step: (g: Generator) => unknown = _step): unknown {
  try {
    step(g);
  } catch (e) {
    return e;
  }
  throw new Error("the coroutine did not throw");
}

function elsewhere(): Error {
  return new Error("made by a callback");
}

describe("an error awaited through yield* future", () => {
  it("gets the awaiting coroutines' frames after its own, down to the task's step, without generator steps", () => {
    const err = elsewhere();
    const before = err.stack as string;
    const fut = failedWith(err);
    const pending = new Future<number>({ loop });
    const g = outer(pending);
    _step(g); // suspended at the pending future
    expect(thrownBy(outer(fut))).toBe(err);
    expect(names(added(err, before))).toEqual(["inner", "outer"]);
  });

  it("the step may be a method (Object._step): the chain stops there too", () => {
    const err = elsewhere();
    const before = err.stack as string;
    expect(thrownBy(outer(failedWith(err)), (g) => driver._step(g))).toBe(err);
    expect(names(added(err, before))).toEqual(["inner", "outer"]);
  });

  it("awaited again from the same place, it gains nothing: no frame is listed twice", () => {
    const err = elsewhere();
    const fut = failedWith(err);
    thrownBy(outer(fut));
    const once = err.stack as string;
    expect(thrownBy(outer(fut))).toBe(err);
    expect(err.stack).toBe(once);
  });

  it("gains at most four chains however often it is re-awaited, keeping its own frames first", () => {
    const err = elsewhere();
    const before = err.stack as string;
    const fut = failedWith(err);
    function* a1() {
      return yield* fut;
    }
    function* a2() {
      return yield* fut;
    }
    function* a3() {
      return yield* fut;
    }
    function* a4() {
      return yield* fut;
    }
    function* a5() {
      return yield* fut;
    }
    for (const g of [a1(), a2(), a3(), a4(), a5()]) expect(thrownBy(g)).toBe(err);
    expect(names(added(err, before))).toEqual(["a1", "a2", "a3", "a4"]);
  });

  it("without a task's step on the stack, the chain runs to the stack's bottom, with no blank lines", () => {
    const err = elsewhere();
    const before = err.stack as string;
    let caught: unknown;
    try {
      outer(failedWith(err)).next();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    const more = added(err, before);
    expect(more.length).toBeGreaterThan(0);
    for (const line of more) expect(line).toMatch(/^\s+at \S/);
  });

  it("its stack stays an ordinary property: not enumerable, and still writable", () => {
    const err = elsewhere();
    thrownBy(outer(failedWith(err)));
    expect(Object.keys(err)).toEqual([]);
    err.stack = "replaced";
    expect(err.stack).toBe("replaced");
  });

  it("a stack formatter that returns call sites (as the callsites package installs) gets the error's own stack", () => {
    const err = elsewhere();
    const before = err.stack as string;
    const saved = Error.prepareStackTrace;
    Error.prepareStackTrace = (_e, sites) => sites;
    try {
      expect(thrownBy(outer(failedWith(err)))).toBe(err);
      expect(err.stack).toBe(before);
    } finally {
      Error.prepareStackTrace = saved;
    }
  });

  it("an error whose stack cannot be redefined keeps it, and is thrown as it is", () => {
    const err = new Error("frozen stack");
    Object.defineProperty(err, "stack", { value: "fixed", configurable: false, writable: false });
    expect(thrownBy(outer(failedWith(err)))).toBe(err);
    expect(err.stack).toBe("fixed");
  });

  it("an error without a stack of its own still gets the chain", () => {
    const err = new Error("no stack");
    delete (err as { stack?: string }).stack;
    expect(thrownBy(outer(failedWith(err)))).toBe(err);
    expect(err.stack).toMatch(/\n\s+at inner .*\n\s+at outer /);
  });

  it("a thrown value that is not an Error is thrown unchanged, and given no stack", () => {
    expect(thrownBy(outer(failedWith("a string")))).toBe("a string");
    const plain = { code: 7 };
    expect(thrownBy(outer(failedWith(plain)))).toBe(plain);
    expect(Object.getOwnPropertyNames(plain)).toEqual(["code"]);
  });
});

describe("an error thrown into coroutines suspended at yield* future (coro.throw)", () => {
  it("gets their chain, as an awaited one does", () => {
    const fut = new Future<number>({ loop });
    const g = outer(fut);
    _step(g);
    const err = elsewhere();
    const before = err.stack as string;
    let caught: unknown;
    try {
      _step(g, "throw", err);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    expect(names(added(err, before))).toEqual(["inner", "outer"]);
    fut.cancel();
  });
});

/** `thrownHere` as the runtime calls it, from the awaiter the coroutine `waiting` is suspended at. */
function throwIn(current: unknown, err: unknown): void {
  thrownHere({ _currentTask: current }, err, throwIn);
}
function* waiting(current: unknown, err: unknown): Generator<unknown, void, unknown> {
  throwIn(current, err);
  yield;
}

describe("thrownHere: the running task is being cancelled, or not", () => {
  it("no task, a task not being cancelled, or a current object that is no task: the error gets the chain", () => {
    for (const current of [null, { cancelling: () => 0 }, {}]) {
      const err = elsewhere();
      const before = err.stack as string;
      _step(waiting(current, err));
      expect(names(added(err, before))).toEqual(["waiting"]);
    }
  });

  it("a task being cancelled, outside debug mode: its CancelledError gets the nearest coroutines it interrupts, once", () => {
    const err = new CancelledError("stop");
    expect(err.stack).toBe("CancelledError: stop");
    const task = { cancelling: () => 1 };
    _step(waiting(task, err));
    const lines = (err.stack as string).split("\n");
    expect(lines[0]).toBe("CancelledError: stop");
    expect(names(lines.slice(1))).toEqual(["waiting"]);
    const once = err.stack;
    _step(waiting(task, err));
    expect(err.stack).toBe(once);
  });

  it("a task being cancelled: by default four frames of the interrupted chain (two coroutines), in debug mode the whole of it", () => {
    function* deep(n: number, err: unknown): Generator<unknown, void, unknown> {
      if (n === 0) {
        throwIn({ cancelling: () => 1 }, err);
        yield;
      } else yield* deep(n - 1, err);
    }
    const shallow = new CancelledError();
    _step(deep(12, shallow));
    // four frames, each coroutine entered through a generator step (left out)
    expect(names((shallow.stack as string).split("\n").slice(1))).toEqual(Array(2).fill("deep"));
    CancelledError.captureStacks = true;
    const whole = new CancelledError();
    _step(deep(12, whole));
    expect(names((whole.stack as string).split("\n").slice(1))).toEqual(Array(13).fill("deep"));
  });

  it("a task being cancelled, CancelledError.captureStacks on: the error gets the chain it interrupts, once", () => {
    CancelledError.captureStacks = true;
    const err = new CancelledError("stop");
    const task = { cancelling: () => 2 };
    _step(waiting(task, err));
    const lines = (err.stack as string).split("\n");
    expect(lines[0]).toBe("CancelledError: stop");
    expect(names(lines.slice(1))).toEqual(["waiting"]);
    const once = err.stack;
    function* again() {
      throwIn(task, err);
      yield;
    }
    _step(again());
    expect(err.stack).toBe(once);
    // a value that is no error is left alone
    const plain = { why: "stop" };
    _step(waiting(task, plain));
    expect(Object.getOwnPropertyNames(plain)).toEqual(["why"]);
  });
});

describe("what the chains leave on an error", () => {
  it("no own enumerable key, string or symbol: deep equality (toEqual) sees the error as it was made", () => {
    const err = elsewhere();
    _step(waiting(null, err));
    const cancelled = new CancelledError("stop");
    _step(waiting({ cancelling: () => 1 }, cancelled));
    for (const e of [err, cancelled]) {
      expect(Object.keys(e)).toEqual(e === cancelled ? ["args"] : []);
      expect(
        Object.getOwnPropertySymbols(e).filter((k) => Object.prototype.propertyIsEnumerable.call(e, k)),
      ).toEqual([]);
    }
    expect(cancelled).toEqual(new CancelledError("stop"));
    // a stack set by hand wins over the captured chain
    cancelled.stack = "by hand";
    expect(cancelled.stack).toBe("by hand");
  });
});

describe("raisedHere: an error the runtime raises inside the chain", () => {
  function* level(n: number, make: () => Error): Generator<unknown, Error, unknown> {
    if (n === 0) {
      const err = make();
      raisedHere(err);
      return err;
    }
    return yield* level(n - 1, make);
  }

  it("lists the whole chain of coroutines down to the task's step, not Node's first ten frames", () => {
    const made = _step(level(15, () => new Error("deep"))) as IteratorResult<unknown, Error>;
    const err = made.value as Error;
    const lines = (err.stack as string).split("\n");
    expect(lines[0]).toBe("Error: deep");
    expect(names(lines.slice(1))).toEqual(Array(16).fill("level"));
  });

  it("counts as one of the error's four chains", () => {
    const err = (_step(level(0, elsewhere)) as IteratorResult<unknown, Error>).value as Error;
    const before = err.stack as string;
    const fut = failedWith(err);
    function* b1() {
      return yield* fut;
    }
    function* b2() {
      return yield* fut;
    }
    function* b3() {
      return yield* fut;
    }
    function* b4() {
      return yield* fut;
    }
    for (const g of [b1(), b2(), b3(), b4()]) expect(thrownBy(g)).toBe(err);
    expect(names(added(err, before))).toEqual(["b1", "b2", "b3"]);
  });

  it("raised by the step itself, outside any coroutine: the error's header alone", () => {
    function _step(): Error {
      const err = new Error("in the step");
      raisedHere(err);
      return err;
    }
    expect(_step().stack).toBe("Error: in the step");
  });

  it("leaves frozen errors and values that are no errors alone", () => {
    const frozen = Object.freeze(new Error("frozen"));
    const before = frozen.stack;
    expect(() => raisedHere(frozen)).not.toThrow();
    expect(frozen.stack).toBe(before);
    const plain = { a: 1 };
    raisedHere(plain);
    raisedHere("text");
    expect(Object.getOwnPropertyNames(plain)).toEqual(["a"]);
  });
});
