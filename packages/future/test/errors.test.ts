/**
 * asyncio's exceptions as a user meets them: their names, messages and `args`, what they are
 * instances of (across installed copies, by brand), and what the loop does with the two that are
 * not ordinary errors (KeyboardInterrupt, SystemExit).
 */
import { newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  InvalidStateError,
  isCancelledError,
  KeyboardInterrupt,
  SystemExit,
  TimeoutError,
} from "../src/index.js";
import { TIMEOUT_ERROR } from "../src/internal.js";

describe("CancelledError", () => {
  it("is recognised across installed copies by its registered brand", () => {
    // Another copy of @aio/future makes CancelledErrors of another class, with the same brand.
    class OtherCopysCancelledError extends Error {}
    Object.defineProperty(OtherCopysCancelledError.prototype, Symbol.for("aio.cancelledError"), {
      value: true,
    });
    expect(isCancelledError(new OtherCopysCancelledError())).toBe(true);
    expect(isCancelledError(new CancelledError())).toBe(true);
  });

  it("isCancelledError answers false, without throwing, for anything else", () => {
    for (const value of [null, undefined, 0, 42, "CancelledError", true, Symbol("x"), {}, new Error("x")]) {
      expect(isCancelledError(value)).toBe(false);
    }
    // a function carrying the brand is not an error object
    const fn = () => {};
    (fn as unknown as Record<symbol, boolean>)[Symbol.for("aio.cancelledError")] = true;
    expect(isCancelledError(fn)).toBe(false);
  });

  it("takes null as no message, as undefined: empty message and args", () => {
    const e = new CancelledError(null);
    expect([e.message, e.args, String(e)]).toEqual(["", [], "CancelledError"]);
  });

  it("its name can be changed, as a built-in error's: by a subclass's prototype or on the instance", () => {
    class Sub extends CancelledError {}
    Sub.prototype.name = "Sub";
    expect(String(new Sub("x"))).toBe("Sub: x");
    const e = new CancelledError("y");
    e.name = "Renamed";
    expect(String(e)).toBe("Renamed: y");
    expect(String(new CancelledError("z"))).toBe("CancelledError: z");
    // `name` is described as Error.prototype's is (only the value differs)
    const { value: _v, ...own } = Object.getOwnPropertyDescriptor(CancelledError.prototype, "name") ?? {};
    const { value: _b, ...builtin } = Object.getOwnPropertyDescriptor(Error.prototype, "name") ?? {};
    expect(own).toEqual(builtin);
  });
});

describe("InvalidStateError", () => {
  it("is named as asyncio's", () => {
    const e = new InvalidStateError("invalid state");
    expect([e.name, String(e)]).toEqual(["InvalidStateError", "InvalidStateError: invalid state"]);
    expect(e).toBeInstanceOf(Error);
  });
});

describe("TimeoutError", () => {
  it("has Python's name, message and args, and keeps a cause", () => {
    const plain = new TimeoutError();
    expect([plain.name, plain.message, plain.args, String(plain)]).toEqual([
      "TimeoutError",
      "",
      [],
      "TimeoutError",
    ]);
    const cause = new Error("underneath");
    const e = new TimeoutError("too slow", { cause });
    expect([e.message, e.args, String(e), e.cause]).toEqual([
      "too slow",
      ["too slow"],
      "TimeoutError: too slow",
      cause,
    ]);
    expect(new TimeoutError("").args).toEqual([""]);
  });

  it("instanceof holds for its instances and for errors of other classes marked with TIMEOUT_ERROR", () => {
    expect(new TimeoutError("x")).toBeInstanceOf(TimeoutError);
    class ServerTimeoutError extends Error {}
    Object.defineProperty(ServerTimeoutError.prototype, TIMEOUT_ERROR, { value: true });
    expect(new ServerTimeoutError("slow server") instanceof TimeoutError).toBe(true);
    // the brand's symbol is shared by every installed copy
    expect(TIMEOUT_ERROR).toBe(Symbol.for("aio.TimeoutError"));
    for (const value of [new Error("x"), null, undefined, 1, "TimeoutError", {}]) {
      expect(value instanceof TimeoutError).toBe(false);
    }
    const markedFalse = new Error("x");
    (markedFalse as unknown as Record<symbol, unknown>)[TIMEOUT_ERROR] = "yes";
    expect(markedFalse instanceof TimeoutError).toBe(false);
    const marked = new Error("x");
    (marked as unknown as Record<symbol, unknown>)[TIMEOUT_ERROR] = true;
    expect(marked instanceof TimeoutError).toBe(true);
    // a function is not an error, whatever it carries
    const fn = () => {};
    (fn as unknown as Record<symbol, unknown>)[TIMEOUT_ERROR] = true;
    expect(fn instanceof TimeoutError).toBe(false);
  });

  it("a subclass keeps the plain check: a marked error is a TimeoutError, not the subclass", () => {
    class DeadlineExceeded extends TimeoutError {}
    const marked = new Error("x");
    (marked as unknown as Record<symbol, unknown>)[TIMEOUT_ERROR] = true;
    expect(marked instanceof DeadlineExceeded).toBe(false);
    expect(new DeadlineExceeded("late") instanceof DeadlineExceeded).toBe(true);
    expect(new DeadlineExceeded("late") instanceof TimeoutError).toBe(true);
    expect(new TimeoutError("x") instanceof DeadlineExceeded).toBe(false);
  });
});

describe("KeyboardInterrupt", () => {
  it("has Python's name, message and args", () => {
    const plain = new KeyboardInterrupt();
    expect([plain.name, plain.message, plain.args, String(plain)]).toEqual([
      "KeyboardInterrupt",
      "",
      [],
      "KeyboardInterrupt",
    ]);
    const e = new KeyboardInterrupt("ctrl-c", 2);
    expect([e.message, e.args, String(e)]).toEqual(["ctrl-c", ["ctrl-c", 2], "KeyboardInterrupt: ctrl-c"]);
  });

  it("raised in a callback stops the loop and escapes it, not reported as the callback's error", async () => {
    const loop = newEventLoop();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => reported.push(ctx.exception));
    const interrupt = new KeyboardInterrupt();
    loop.callSoon(() => {
      throw interrupt;
    });
    await expect(loop.runForever()).rejects.toBe(interrupt);
    expect(reported).toEqual([]);
    loop.close();
  });
});

describe("SystemExit", () => {
  it("has Python's code, message and args", () => {
    const none = new SystemExit();
    expect([none.name, none.message, none.args, none.code, String(none)]).toEqual([
      "SystemExit",
      "",
      [],
      null,
      "SystemExit",
    ]);
    const two = new SystemExit(2);
    expect([two.message, two.args, two.code]).toEqual(["2", [2], 2]);
    const zero = new SystemExit(0);
    expect([zero.message, zero.code]).toEqual(["0", 0]);
    const text = new SystemExit("bye");
    expect([text.message, text.code, String(text)]).toEqual(["bye", "bye", "SystemExit: bye"]);
    const nul = new SystemExit(null);
    expect([nul.message, nul.args, nul.code]).toEqual(["", [null], null]);
    const undef = new SystemExit(undefined);
    expect([undef.message, undef.args, undef.code]).toEqual(["", [undefined], null]);
    const many = new SystemExit(1, "two");
    expect([many.message, many.args, many.code]).toEqual(["1", [1, "two"], [1, "two"]]);
  });

  it("raised in a callback stops the loop and escapes it, not reported as the callback's error", async () => {
    const loop = newEventLoop();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => reported.push(ctx.exception));
    const exit = new SystemExit(3);
    loop.callSoon(() => {
      throw exit;
    });
    await expect(loop.runForever()).rejects.toBe(exit);
    expect(reported).toEqual([]);
    loop.close();
  });
});
