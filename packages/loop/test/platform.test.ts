/**
 * What the core asks of its host: Node's implementation (`#platform` on Node) and the browser's
 * (`#platform` under the `browser` condition), the latter run here on Node's web-compatible globals.
 */
import { describe, expect, it, vi } from "vitest";
import * as browser from "../src/platform/browser.js";
import * as node from "../src/platform/node.js";

describe("the browser platform", () => {
  it("has no environment, flags, signals or process events", () => {
    expect(browser.env("PATH")).toBe(undefined);
    expect(browser.nodeFlags()).toBe("");
    expect(browser.isSignalName("SIGINT")).toBe(false);
    expect(browser.isMainThread).toBe(false);
    expect(browser.processListenerCount("beforeExit")).toBe(0);
    const listener = () => {};
    browser.onProcess("beforeExit", listener);
    expect(browser.processListenerCount("beforeExit")).toBe(0);
    browser.offProcess("beforeExit", listener);
    expect(browser.loadInspector()).toBe(null);
    const fn = () => {};
    expect(browser.bindAsyncContext(fn)).toBe(fn);
  });

  it("AsyncLocalStorage: the store of the innermost run() while it runs", () => {
    const als = new browser.AsyncLocalStorage<string>();
    expect(als.getStore()).toBe(undefined);
    const seen: (string | undefined)[] = [];
    const r = als.run("outer", () => {
      seen.push(als.getStore());
      als.run("inner", () => seen.push(als.getStore()));
      seen.push(als.getStore());
      return 7;
    });
    expect(r).toBe(7);
    expect(() =>
      als.run("failing", () => {
        throw new Error("x");
      }),
    ).toThrow("x");
    seen.push(als.getStore());
    expect(seen).toEqual(["outer", "inner", "outer", undefined]);
    als.run("kept", () => {
      als.disable();
      seen.push(als.getStore());
    });
    expect(seen.at(-1)).toBe(undefined);
  });

  it("setImmediate falls back to setTimeout without MessageChannel (and makes no channel then)", async () => {
    const saved = globalThis.MessageChannel;
    (globalThis as { MessageChannel?: unknown }).MessageChannel = undefined;
    try {
      const ran = await new Promise<string>((resolve) => browser.setImmediate(() => resolve("ran")));
      expect(ran).toBe("ran");
    } finally {
      globalThis.MessageChannel = saved;
    }
  });

  it("setImmediate runs callbacks as macrotasks, in order, after pending microtasks", async () => {
    const out: string[] = [];
    await new Promise<void>((resolve) => {
      browser.setImmediate(() => out.push("a"));
      browser.setImmediate(() => {
        out.push("b");
        resolve();
      });
      queueMicrotask(() => out.push("micro"));
      browser.nextTick(() => out.push("tick"));
    });
    expect(out).toEqual(["micro", "tick", "a", "b"]);
  });

  it("writes stderr and warnings to the console", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      browser.writeStderr("line\n");
      browser.writeStderr("partial");
      browser.emitWarning("There is no current event loop", "DeprecationWarning");
      expect(error.mock.calls).toEqual([["line"], ["partial"]]);
      expect(warn.mock.calls).toEqual([["DeprecationWarning: There is no current event loop"]]);
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
  });
});

describe("the Node platform", () => {
  it("reads the environment and Node's flags", () => {
    process.env.AIO_PLATFORM_TEST = "x";
    try {
      expect(node.env("AIO_PLATFORM_TEST")).toBe("x");
    } finally {
      delete process.env.AIO_PLATFORM_TEST;
    }
    expect(node.env("AIO_PLATFORM_TEST")).toBe(undefined);
    const savedOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = "--max-old-space-size=100";
    try {
      expect(node.nodeFlags()).toBe(`${process.execArgv.join(" ")} --max-old-space-size=100`);
      delete process.env.NODE_OPTIONS;
      expect(node.nodeFlags()).toBe(`${process.execArgv.join(" ")} `);
    } finally {
      if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = savedOptions;
    }
  });

  it("knows signal names, and adds and removes process listeners", () => {
    expect(node.isSignalName("SIGINT")).toBe(true);
    expect(node.isSignalName("SIGNOPE")).toBe(false);
    const before = node.processListenerCount("beforeExit");
    const listener = () => {};
    node.onProcess("beforeExit", listener);
    expect(node.processListenerCount("beforeExit")).toBe(before + 1);
    node.offProcess("beforeExit", listener);
    expect(node.processListenerCount("beforeExit")).toBe(before);
  });

  it("runs setImmediate and nextTick callbacks, and binds a function to its async context", async () => {
    const { AsyncLocalStorage } = node;
    const als = new AsyncLocalStorage<string>();
    const bound = als.run("made here", () => node.bindAsyncContext(() => out.push(String(als.getStore()))));
    const out: string[] = [];
    await new Promise<void>((resolve) => {
      node.setImmediate(() => {
        out.push("immediate");
        resolve();
      });
      node.nextTick(() => out.push("tick"));
    });
    als.run("elsewhere", () => bound());
    expect(out).toEqual(["tick", "immediate", "made here"]);
  });

  it("writes to stderr, issues warnings, and loads the inspector", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      node.writeStderr("text\n");
      expect(write.mock.calls).toEqual([["text\n"]]);
    } finally {
      write.mockRestore();
    }
    const warning = new Promise<Error>((resolve) => process.once("warning", resolve));
    node.emitWarning("careful", "RuntimeWarning");
    const w = await warning;
    expect(`${w.name}: ${w.message}`).toBe("RuntimeWarning: careful");
    expect(typeof node.loadInspector()?.Session).toBe("function");
  });
});
