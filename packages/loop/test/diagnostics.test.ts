/**
 * What the loop reports: the default exception handler's text (Python's `default_exception_handler`),
 * handlers that fail, debug mode's tracebacks and log records, and the loop's repr.
 */
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { type LogLevel, newEventLoop, runtimeHooks } from "../src/index.js";
import { captureStack, userFrame } from "../src/internal.js";
import { keyboardInterrupt } from "./fake-future.js";
import { bare, loopFor } from "./helpers.js";

/** The records sent to the `asyncio` logger while `fn` runs (through the `log` hook). */
async function logRecords(fn: () => unknown): Promise<[LogLevel, string, unknown][]> {
  const hooks = runtimeHooks();
  const saved = hooks.log;
  const records: [LogLevel, string, unknown][] = [];
  hooks.log = (level, message, error) => {
    records.push([level, message, error]);
  };
  try {
    await fn();
  } finally {
    if (saved) hooks.log = saved;
    else delete hooks.log;
  }
  return records;
}

describe("the default exception handler", () => {
  it("logs the message, then the other keys sorted with their reprs, then the exception", async () => {
    const loop = loopFor();
    const err = new Error("boom");
    const records = await logRecords(() =>
      loop.callExceptionHandler({ message: "m", zeta: [1, "a"], alpha: null, exception: err }),
    );
    expect(records).toEqual([["ERROR", "m\nalpha: None\nzeta: [1, 'a']", err]]);
  });

  it("without a message says 'Unhandled exception in event loop', as Python's", async () => {
    const loop = loopFor();
    const records = await logRecords(() => loop.callExceptionHandler({ b: 1, a: "x" }));
    expect(records).toEqual([["ERROR", "Unhandled exception in event loop\na: 'x'\nb: 1", undefined]]);
    const empty = await logRecords(() => loop.defaultExceptionHandler({ message: "" }));
    expect(empty).toEqual([["ERROR", "Unhandled exception in event loop", undefined]]);
  });

  it("prints the tracebacks of where an object and a handle were created, most recent call last", async () => {
    const loop = loopFor();
    const records = await logRecords(() =>
      loop.callExceptionHandler({
        message: "m",
        sourceTraceback: "    at inner (a.ts:3)\n    at outer (a.ts:9)\n",
        handleTraceback: "    at h1 (b.ts:1)\n    at h2 (b.ts:2)",
      }),
    );
    expect(records[0]?.[1]).toBe(
      "m\nHandle created at (most recent call last):\n    at h2 (b.ts:2)\n    at h1 (b.ts:1)\n" +
        "Object created at (most recent call last):\n    at outer (a.ts:9)\n    at inner (a.ts:3)",
    );
  });

  it("without a log hook writes errors and warnings to stderr, but not debug records", async () => {
    const hooks = runtimeHooks();
    const saved = hooks.log;
    delete hooks.log;
    try {
      const text = await captureStderr(() => {
        const loop = loopFor({ clock: "virtual", debug: true });
        loop.callExceptionHandler({ message: "plain" });
        loop.close(); // a DEBUG record: not on stderr
      });
      expect(text).toBe("plain\n");
    } finally {
      if (saved) hooks.log = saved;
    }
  });
});

describe("handlers that fail", () => {
  it("a failing default handler is itself logged", async () => {
    const loop = loopFor();
    const broken = new Error("getter broke");
    const context = {
      message: "m",
      get bad(): unknown {
        throw broken;
      },
    };
    Object.defineProperty(context, "bad", { enumerable: true });
    const records = await logRecords(() => loop.callExceptionHandler(context));
    expect(records).toEqual([["ERROR", "Exception in default exception handler", broken]]);
  });

  it("a KeyboardInterrupt from the default handler goes through", () => {
    const loop = loopFor();
    const ki = keyboardInterrupt();
    const context = {
      get bad(): unknown {
        throw ki;
      },
    };
    Object.defineProperty(context, "bad", { enumerable: true });
    expect(() => loop.callExceptionHandler(context)).toThrow(ki);
  });

  it("a failing custom handler is reported to the default one with the original context", async () => {
    const loop = loopFor();
    const err = new Error("handler broke");
    loop.setExceptionHandler(() => {
      throw err;
    });
    expect(loop.getExceptionHandler()).not.toBe(null);
    const records = await logRecords(() => loop.callExceptionHandler({ message: "original" }));
    expect(records).toEqual([
      ["ERROR", "Unhandled error in exception handler\ncontext: {'message': 'original'}", err],
    ]);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBe(null);
    const back = await logRecords(() => loop.callExceptionHandler({ message: "original" }));
    expect(back).toEqual([["ERROR", "original", undefined]]);
  });

  it("a KeyboardInterrupt from a custom handler goes through", () => {
    const loop = loopFor();
    const ki = keyboardInterrupt();
    loop.setExceptionHandler(() => {
      throw ki;
    });
    expect(() => loop.callExceptionHandler({ message: "m" })).toThrow(ki);
  });

  it("when the custom handler and then the default one fail, the last resort says so", async () => {
    const loop = loopFor();
    loop.setExceptionHandler(() => {
      throw new Error("handler broke");
    });
    const stderrFailure = new Error("stderr closed");
    const hooks = runtimeHooks();
    const saved = hooks.log;
    let calls = 0;
    const records: [LogLevel, string, unknown][] = [];
    // The logger fails once (the default handler's record), then works.
    hooks.log = (level, message, error) => {
      if (calls++ === 0) throw stderrFailure;
      records.push([level, message, error]);
    };
    const write = process.stderr.write;
    process.stderr.write = (() => {
      throw stderrFailure;
    }) as typeof process.stderr.write;
    try {
      loop.callExceptionHandler({ message: "m" });
    } finally {
      process.stderr.write = write;
      if (saved) hooks.log = saved;
      else delete hooks.log;
    }
    expect(records).toEqual([
      [
        "ERROR",
        "Exception in default exception handler while handling an unexpected error in custom exception handler",
        stderrFailure,
      ],
    ]);
  });

  it("a KeyboardInterrupt from the default handler, after the custom one failed, goes through", () => {
    const loop = loopFor();
    loop.setExceptionHandler(() => {
      throw new Error("handler broke");
    });
    const ki = keyboardInterrupt();
    const hooks = runtimeHooks();
    const saved = hooks.log;
    const logged: string[] = [];
    // The default handler's record meets a KeyboardInterrupt (the logger, then stderr, raise it);
    // the logger works again afterwards, so that nothing but the re-raise can stop a later record.
    let calls = 0;
    hooks.log = (_level, message) => {
      if (calls++ === 0) throw ki;
      logged.push(message);
    };
    const write = process.stderr.write;
    process.stderr.write = (() => {
      throw ki;
    }) as typeof process.stderr.write;
    try {
      expect(() => loop.callExceptionHandler({ message: "m" })).toThrow(ki);
    } finally {
      process.stderr.write = write;
      if (saved) hooks.log = saved;
      else delete hooks.log;
    }
    expect(logged).toEqual([]);
  });
});

describe("debug mode", () => {
  it("a failing callback's report shows where it was scheduled, most recent call last", async () => {
    const loop = loopFor({ clock: "virtual", debug: true });
    function scheduleBad(): void {
      loop.callSoon(function bad() {
        throw new Error("x");
      });
    }
    scheduleBad();
    loop.callSoon(() => loop.stop());
    const records = await logRecords(() => loop.runForever());
    expect(records.length).toBe(1);
    const [level, message] = records[0] as [LogLevel, string, unknown];
    expect(level).toBe("ERROR");
    const lines = message.split("\n");
    expect(bare(lines[0])).toBe("Exception in callback bad()");
    const at = lines.indexOf("Object created at (most recent call last):");
    expect(at).toBeGreaterThan(0);
    // The last frame: the test's function that called callSoon() (the loop's frames left out).
    expect(lines.at(-1)).toMatch(/^\s*at scheduleBad /);
    expect(message).not.toMatch(/EventLoop\.callSoon/);
  });

  it("timers too; callLater's frame is the most recent", async () => {
    const loop = loopFor({ clock: "virtual", debug: true });
    function scheduleBad(): void {
      loop.callLater(1, function bad() {
        throw new Error("x");
      });
    }
    scheduleBad();
    loop.callLater(2, () => loop.stop());
    const records = await logRecords(() => loop.runForever());
    const lines = String(records[0]?.[1]).split("\n");
    expect(bare(lines[0])).toBe("Exception in callback bad()");
    expect(lines.at(-1)).toMatch(/^\s*at scheduleBad /);
    expect(lines.join("\n")).not.toMatch(/EventLoop\.callLater/);
  });

  it("the traceback goes down to the program's entry, beyond V8's default ten frames", () => {
    const saved = Error.stackTraceLimit;
    expect(saved).toBeLessThan(64);
    function recurse(n: number): string {
      return n === 0 ? captureStack(0) : recurse(n - 1);
    }
    const stack = recurse(30);
    expect(stack.split("\n").filter((l) => /\brecurse\b/.test(l)).length).toBe(31);
    expect(Error.stackTraceLimit).toBe(saved);
    // It leaves out its own frame and `skip - 1` frames below it.
    function outer(): string {
      return inner();
    }
    function inner(): string {
      return captureStack(2);
    }
    expect(outer().split("\n")[0]).toMatch(/^\s*at outer /);
    // A program that asked V8 for more frames keeps them all.
    Error.stackTraceLimit = 100;
    try {
      const deep = recurse(80);
      expect(deep.split("\n").filter((l) => /\brecurse\b/.test(l)).length).toBe(81);
      expect(Error.stackTraceLimit).toBe(100);
    } finally {
      Error.stackTraceLimit = saved;
    }
  });

  it("userFrame finds the first frame outside the aio packages", () => {
    const stack = [
      "",
      "    at Task.step (/app/node_modules/@aio/task/dist/index.js:1:1)",
      "    at runOnce (/repo/packages/loop/src/event-loop.ts:2:2)",
      "    at fs (node:internal/fs/promises:3:3)",
      "    at main (/app/main.ts:7:3)",
      "    at entry (/app/entry.ts:1:1)",
    ].join("\n");
    expect(userFrame(stack)).toBe("main (/app/main.ts:7:3)");
    expect(userFrame("    at x (/repo/packages/executor/dist/a.js:1:1)")).toBe(null);
    for (const pkg of ["loop", "future", "task", "sync", "executor"]) {
      expect(userFrame(`    at f (/r/packages/${pkg}/src/a.ts:1:1)\n    at g (/app/g.ts:1:1)`), pkg).toBe(
        "g (/app/g.ts:1:1)",
      );
    }
    expect(userFrame("    at f (/r/node_modules/@aio/web-kit/src/a.ts:1:1)\n    at g (/app/g.ts:1:1)")).toBe(
      "g (/app/g.ts:1:1)",
    );
    // Only the packages' own src and dist: their tests, and other folders, are user code.
    expect(userFrame("    at t (/r/packages/task/test/a.test.ts:1:1)")).toBe(
      "t (/r/packages/task/test/a.test.ts:1:1)",
    );
    expect(userFrame("    at n (/app/mynode:internal.ts:1:1)")).toBe("n (/app/mynode:internal.ts:1:1)");
    expect(userFrame("at bare (/app/b.ts:1:1)")).toBe("bare (/app/b.ts:1:1)");
    expect(userFrame("at   spaced (/app/b.ts:1:1)")).toBe("spaced (/app/b.ts:1:1)");
    // Only a leading "at " is V8's: a line without it is kept whole.
    expect(userFrame("    new Job (/app/wait at b.ts:1:1)")).toBe("new Job (/app/wait at b.ts:1:1)");
    expect(
      userFrame("    at y (C:\\repo\\packages\\sync\\src\\a.ts:1:1)\n    at z (C:\\app\\z.ts:1:1)"),
    ).toBe("z (C:\\app\\z.ts:1:1)");
    // Other packages of the repository are user code.
    expect(userFrame("    at w (/repo/packages/web/src/a.ts:1:1)")).toBe(
      "w (/repo/packages/web/src/a.ts:1:1)",
    );
    expect(userFrame("")).toBe(null);
  });

  it("logs which selector it uses and, on close, which loop it closes (DEBUG records)", async () => {
    const records = await logRecords(() => {
      const loop = newEventLoop({ clock: "virtual", debug: true });
      loop.close();
      loop.close();
    });
    expect(records).toEqual([
      ["DEBUG", "Using selector: libuv", undefined],
      ["DEBUG", "Close <EventLoop running=False closed=False debug=True>", undefined],
    ]);
    const quiet = await logRecords(() => newEventLoop({ clock: "virtual", debug: false }).close());
    expect(quiet).toEqual([["DEBUG", "Using selector: libuv", undefined]]);
  });

  it("setDebug turns it on and off; a fast callback is not logged", async () => {
    const loop = loopFor();
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(1 as never);
    expect(loop.getDebug()).toBe(true);
    loop.callSoon(function quick() {});
    loop.callSoon(() => loop.stop());
    const records = await logRecords(() => loop.runForever());
    expect(records).toEqual([]);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
    expect(() => loop.callSoon(function* () {} as never)).not.toThrow();
  });

  it("on the virtual clock a callback is as slow as the virtual time it took", async () => {
    const clock = new (await import("../src/index.js")).VirtualClock({ autoJump: false });
    const loop = loopFor({ clock, debug: true });
    loop.slowCallbackDuration = 1;
    loop.callSoon(function blocks() {
      clock.advance(1);
    });
    loop.callSoon(function alsoBlocks() {
      clock.advance(0.5);
    });
    loop.callSoon(() => loop.stop());
    const records = await logRecords(() => loop.runForever());
    expect(records).toHaveLength(1);
    expect(records[0]?.[0]).toBe("WARNING");
    expect(records[0]?.[1]).toMatch(
      /^Executing <Handle blocks\(\) at \S*diagnostics\.test\.ts:\d+ created at \S*diagnostics\.test\.ts:\d+> took 1\.000 seconds$/,
    );
    expect(records[0]?.[2]).toBeUndefined();
  });
});

describe("the loop's repr", () => {
  it("shows running, closed and debug as Python's does", async () => {
    const loop = loopFor();
    expect(String(loop)).toBe("<EventLoop running=False closed=False debug=False>");
    let inside = "";
    loop.callSoon(() => {
      inside = String(loop);
      loop.stop();
    });
    await loop.runForever();
    expect(inside).toBe("<EventLoop running=True closed=False debug=False>");
    loop.setDebug(true);
    loop.close();
    expect(String(loop)).toBe("<EventLoop running=False closed=True debug=True>");
  });
});
