/**
 * The loop's diagnostics: the `asyncio` logger (the `log` hook, else Python's last-resort handler
 * on stderr), warnings (the `warn` hook, else Node's), and text conversions that never throw.
 */
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { formatError, logAsyncio, runtimeHooks, safeStr, warn } from "../src/index.js";

function withoutLogHook<R>(fn: () => R): R {
  const hooks = runtimeHooks();
  const saved = hooks.log;
  delete hooks.log;
  try {
    return fn();
  } finally {
    if (saved) hooks.log = saved;
  }
}

describe("logAsyncio", () => {
  it("without a hook writes WARNING and ERROR records to stderr, the traceback after the message", async () => {
    const err = new Error("boom");
    const text = await withoutLogHook(() =>
      captureStderr(() => {
        logAsyncio("DEBUG", "debug record");
        logAsyncio("INFO", "info record");
        logAsyncio("WARNING", "a warning");
        logAsyncio("ERROR", "an error", err);
      }),
    );
    expect(text).toBe(`a warning\nan error\n${err.stack}\n`);
  });

  it("a hook takes every record; a hook that fails sends the record to stderr instead", async () => {
    const hooks = runtimeHooks();
    const saved = hooks.log;
    const seen: string[] = [];
    hooks.log = (level, message) => {
      seen.push(`${level} ${message}`);
      if (message === "fails") throw new Error("hook broke");
    };
    let text: string;
    try {
      text = await captureStderr(() => {
        logAsyncio("DEBUG", "quiet");
        logAsyncio("ERROR", "loud");
        logAsyncio("ERROR", "fails");
        logAsyncio("INFO", "fails");
      });
    } finally {
      if (saved) hooks.log = saved;
      else delete hooks.log;
    }
    expect(seen).toEqual(["DEBUG quiet", "ERROR loud", "ERROR fails", "INFO fails"]);
    expect(text).toMatch(/^Exception in the asyncio log hook: Error: hook broke\n/);
    // The ERROR record it could not log follows on stderr; the INFO one does not.
    expect(text.split("\n").filter((l) => l === "fails")).toEqual(["fails"]);
    expect(text.match(/Exception in the asyncio log hook/g)?.length).toBe(2);
  });
});

describe("warn", () => {
  it("goes to the warn hook, synchronously, with where it is about", () => {
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    const seen: unknown[] = [];
    hooks.warn = (...args) => seen.push(args);
    try {
      warn("RuntimeWarning", "coroutine 'main' was never awaited", "main (/app/main.ts:7:3)");
    } finally {
      if (saved) hooks.warn = saved;
      else delete hooks.warn;
    }
    expect(seen).toEqual([
      ["RuntimeWarning", "coroutine 'main' was never awaited", "main (/app/main.ts:7:3)"],
    ]);
  });

  it("without a hook is a Node warning of that category", async () => {
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    delete hooks.warn;
    const got = new Promise<Error>((resolve) => process.once("warning", resolve));
    try {
      warn("ResourceWarning", "unclosed event loop");
    } finally {
      if (saved) hooks.warn = saved;
    }
    const w = await got;
    expect(`${w.name}: ${w.message}`).toBe("ResourceWarning: unclosed event loop");
  });
});

describe("text that never throws", () => {
  it("safeStr: String(value), else its repr, else its type", () => {
    expect(safeStr(42)).toBe("42");
    expect(safeStr({ toString: () => "<thing>" })).toBe("<thing>");
    const noProto = Object.create(null);
    noProto.a = 1;
    expect(safeStr(noProto)).toBe("{'a': 1}");
    expect(safeStr(Symbol("s"))).toBe("Symbol(s)");
  });

  it("formatError: the stack, else name and message, else the value as text", () => {
    const err = new Error("m");
    expect(formatError(err)).toBe(err.stack);
    const noStack = new TypeError("no stack");
    Object.defineProperty(noStack, "stack", { value: undefined });
    expect(formatError(noStack)).toBe("TypeError: no stack");
    const hostile = new Error("x");
    Object.defineProperty(hostile, "stack", {
      get() {
        throw new Error("getter");
      },
    });
    hostile.toString = () => "hostile error";
    expect(formatError(hostile)).toBe("hostile error");
    expect(formatError("plain")).toBe("plain");
    expect(formatError(null)).toBe("null");
  });
});
