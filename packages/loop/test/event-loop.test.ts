import { isMainThread } from "node:worker_threads";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import {
  ContextVar,
  copyContext,
  DeadlockError,
  envDebug,
  Handle,
  newEventLoop,
  runtimeHooks,
  VirtualClock,
} from "../src/index.js";
import { runAsHandle } from "../src/internal.js";
import { loopFor } from "./helpers.js";

describe("EventLoop iterations (_run_once)", () => {
  it("runs callSoon callbacks in FIFO order and callLater(0) after the callbacks already queued", async () => {
    const loop = loopFor();
    const out: string[] = [];
    loop.callLater(0, () => out.push("later(0)"));
    loop.callSoon(() => out.push("soon1"));
    loop.callSoon(() => {
      out.push("chain");
      loop.callSoon(() => out.push("soon-from-chain"));
      loop.callLater(0, () => out.push("later(0)-from-chain"));
    });
    loop.callLater(0.01, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual(["soon1", "chain", "later(0)", "soon-from-chain", "later(0)-from-chain"]);
  });

  it("runs only the callbacks ready when the iteration began; the rest wait for the next", async () => {
    const loop = loopFor();
    const out: string[] = [];
    loop.callSoon(() => {
      out.push("a");
      loop.callSoon(() => out.push("c"));
      loop.stop();
    });
    loop.callSoon(() => out.push("b"));
    await loop.runForever();
    expect(out).toEqual(["a", "b"]);
    loop.stop();
    await loop.runForever();
    expect(out).toEqual(["a", "b", "c"]);
  });

  it("fires timers with equal deadlines in the order they were scheduled", async () => {
    const loop = loopFor();
    const out: number[] = [];
    const when = loop.time() + 1;
    loop.callLater(0.5, () => out.push(-1));
    for (let i = 0; i < 8; i++) loop.callAt(when, () => out.push(i));
    loop.callAt(when + 0.1, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("skips a cancelled handle, even one cancelled by an earlier callback of the same batch", async () => {
    const loop = loopFor();
    const out: string[] = [];
    const h2 = loop.callSoon(() => out.push("h2"));
    loop.callSoon(() => out.push("h3"));
    const t = loop.callLater(0.1, () => out.push("timer"));
    loop.callSoon(() => {});
    h2.cancel();
    h2.cancel();
    t.cancel();
    loop.callLater(0.2, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual(["h3"]);
    expect(h2.cancelled()).toBe(true);
    expect(String(h2)).toBe("<Handle cancelled>");
  });

  it("compacts many cancelled timers without losing the live ones", async () => {
    const loop = loopFor();
    const out: number[] = [];
    const handles = Array.from({ length: 300 }, (_, i) => loop.callLater(1 + i / 1000, () => out.push(i)));
    for (let i = 0; i < 300; i++) if (i % 3 !== 0) handles[i]?.cancel();
    loop.callLater(2, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i * 3));
  });

  it("stop() before runForever() runs exactly one iteration", async () => {
    const loop = loopFor();
    const out: string[] = [];
    loop.callSoon(() => {
      out.push("one");
      loop.callSoon(() => out.push("two"));
    });
    loop.stop();
    await loop.runForever();
    expect(out).toEqual(["one"]);
  });

  it("reports a callback's exception to the handler and keeps running", async () => {
    const loop = loopFor();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message} | ${(ctx.exception as Error).message}`));
    function bad(n: number) {
      throw new Error(`bad ${n}`);
    }
    loop.callSoon(bad, 1);
    loop.callSoon(() => seen.push("next"));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    // Python's _format_callback_source: where the callback is defined, too.
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^Exception in callback bad\(1\) at \S*event-loop\.test\.ts:\d+ \| bad 1$/);
    expect(seen[1]).toBe("next");
  });

  it("envDebug reads AIO_DEBUG: set, not empty, not 0", () => {
    const saved = process.env.AIO_DEBUG;
    try {
      const seen: boolean[] = [];
      for (const v of [undefined, "", "0", "1", "yes"]) {
        if (v === undefined) delete process.env.AIO_DEBUG;
        else process.env.AIO_DEBUG = v;
        seen.push(envDebug());
      }
      expect(seen).toEqual([false, false, false, true, true]);
      process.env.AIO_DEBUG = "1";
      const loop = newEventLoop();
      expect(loop.getDebug()).toBe(true);
      loop.close();
    } finally {
      if (saved === undefined) delete process.env.AIO_DEBUG;
      else process.env.AIO_DEBUG = saved;
    }
  });

  it("runAsHandle runs a callback as its Handle would: in its context, errors reported the same", () => {
    const loop = loopFor();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) =>
      seen.push(`${ctx.message} | ${(ctx.exception as Error).message} | ${ctx.handle instanceof Handle}`),
    );
    const v = new ContextVar<string>("v", { default: "outside" });
    const ctx = copyContext();
    ctx.run(() => v.set("inside"));
    runAsHandle(loop, (arg) => seen.push(`${arg} ${v.get()}`), "ran", ctx);
    function bad(n: number) {
      throw new Error(`bad ${n}`);
    }
    runAsHandle(loop, bad as (arg: unknown) => unknown, 2, null);
    expect(v.get()).toBe("outside");
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe("ran inside");
    expect(seen[1]).toMatch(
      /^Exception in callback bad\(2\) at \S*event-loop\.test\.ts:\d+ \| bad 2 \| true$/,
    );
  });

  it("passes a failing custom handler's error to the default handler with the original context", async () => {
    const loop = loopFor();
    const text = await captureStderr(() => {
      loop.setExceptionHandler(() => {
        throw new Error("handler broke");
      });
      loop.callExceptionHandler({ message: "original" });
    });
    expect(text).toMatch(/^Unhandled error in exception handler\ncontext: .*\nError: handler broke/);
  });

  it("rejects bad arguments with asyncio's messages", () => {
    const loop = loopFor();
    expect(() => loop.callLater(null as never, () => {})).toThrow(new TypeError("delay must not be None"));
    expect(() => loop.callAt(undefined as never, () => {})).toThrow(new TypeError("when cannot be None"));
    expect(() => loop.callLater("1" as never, () => {})).toThrow(
      /delay must be a number of seconds, got '1'/,
    );
    expect(() => loop.setExceptionHandler(42 as never)).toThrow(
      "A callable object or None is expected, got 42",
    );
    expect(() => newEventLoop({ clock: "wall" as never })).toThrow(
      /clock must be "real", "virtual" or a Clock object, got 'wall'/,
    );
    loop.setDebug(true);
    expect(() => loop.callSoon(42 as never)).toThrow("a callable object was expected by callSoon(), got 42");
    expect(() => loop.callSoon(function* () {} as never)).toThrow(
      "coroutines cannot be used with callSoon()",
    );
  });

  it("refuses work once closed, closes twice quietly, and cannot close while running", async () => {
    const loop = loopFor();
    loop.callSoon(() => {
      expect(() => loop.close()).toThrow("Cannot close a running event loop");
      loop.stop();
    });
    await loop.runForever();
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => loop.callSoon(() => {})).toThrow("Event loop is closed");
    expect(() => loop.callLater(1, () => {})).toThrow("Event loop is closed");
    await expect(loop.runForever()).rejects.toThrow("Event loop is closed");
  });

  it("refuses to run twice at once, and refuses a second loop while one runs", async () => {
    const a = loopFor();
    const b = loopFor();
    const errors: string[] = [];
    a.callSoon(() => {
      a.runForever().catch((e: Error) => errors.push(e.message));
      b.runForever().catch((e: Error) => errors.push(e.message));
    });
    a.callLater(0.1, () => a.stop());
    await a.runForever();
    expect(errors).toEqual([
      "This event loop is already running",
      "Cannot run the event loop while another loop is running",
    ]);
  });
});

describe("clocks", () => {
  it("an infinite delay never fires: the virtual clock does not jump to it, and with only it left the run is a deadlock", async () => {
    const loop = loopFor();
    const fired: string[] = [];
    const forever = loop.callLater(Number.POSITIVE_INFINITY, () => fired.push("never"));
    expect(forever.when()).toBe(Number.POSITIVE_INFINITY);
    loop.callLater(5, () => fired.push(`at ${loop.time()}`));
    await expect(loop.runForever()).rejects.toThrow(
      new DeadlockError(
        "runForever() can never be stopped: nothing is ready, no timer will ever fire and no outside " +
          "operation is in flight",
      ),
    );
    expect(fired).toEqual(["at 5"]);
    expect(loop.time()).toBe(5);
  });

  it("an infinite delay never fires on the real clock either (no overflow to a 1 ms Node timer)", async () => {
    const loop = loopFor({ clock: "real" });
    const fired: string[] = [];
    loop.callLater(Number.POSITIVE_INFINITY, () => fired.push("never"));
    loop.callLater(0.02, () => {
      fired.push("stop");
      loop.stop();
    });
    await loop.runForever();
    expect(fired).toEqual(["stop"]);
  });

  it("a virtual clock only moves by finite amounts", () => {
    const clock = new VirtualClock({ autoJump: false });
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(
      "advance() needs a finite, non-negative number of seconds, got inf",
    );
    expect(() => clock.advance(-1)).toThrow(
      "advance() needs a finite, non-negative number of seconds, got -1",
    );
    expect(() => new VirtualClock({ start: Number.NaN })).toThrow(
      "VirtualClock start must be a finite number of seconds, got nan",
    );
  });

  it("the virtual clock jumps straight to the next timer: an hour of timers takes no real time", async () => {
    const loop = loopFor();
    const t0 = performance.now();
    const seen: number[] = [];
    for (const d of [3600, 1, 60]) loop.callLater(d, () => seen.push(loop.time()));
    loop.callLater(3601, () => loop.stop());
    await loop.runForever();
    expect(seen).toEqual([1, 60, 3600]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("a virtual clock without autoJump moves only through advance()", async () => {
    const clock = new VirtualClock({ autoJump: false, start: 10 });
    const loop = loopFor({ clock });
    const seen: number[] = [];
    loop.callLater(5, () => seen.push(loop.time()));
    loop.callLater(20, () => loop.stop());
    loop.callSoon(() => setTimeout(() => clock.advance(5), 5));
    loop.callSoon(() => setTimeout(() => clock.advance(15), 30));
    await loop.runForever();
    expect(seen).toEqual([15]);
    expect(loop.time()).toBe(30);
    expect(() => clock.advance(-1)).toThrow(/non-negative/);
  });

  it("holds a virtual clock still while an outside operation is in flight", async () => {
    const loop = loopFor();
    const seen: string[] = [];
    loop.callSoon(() => {
      const release = loop.trackOutsideOperation();
      expect(loop.outsideOperationsInFlight()).toBe(1);
      setTimeout(() => {
        seen.push(`outside done at ${loop.time()}`);
        release();
        release(); // a second release is ignored
        expect(loop.outsideOperationsInFlight()).toBe(0);
      }, 20);
    });
    loop.callLater(100, () => {
      seen.push(`timer at ${loop.time()}`);
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toEqual(["outside done at 0", "timer at 100"]);
  });

  it("the real clock waits for real, and timers due together run in one iteration", async () => {
    const loop = loopFor({ clock: "real" });
    const t0 = loop.time();
    const when = t0 + 0.05;
    const order: string[] = [];
    const timers = [0, 1, 2].map((i) =>
      loop.callAt(when, () => {
        order.push(`timer ${i}`);
        // Scheduled from the first timer's callback: runs in the next iteration, after all three.
        if (i === 0) loop.callSoon(() => order.push("next iteration"));
        if (i === 2) loop.callSoon(() => loop.stop());
      }),
    );
    expect(timers.map((t) => t.when())).toEqual([when, when, when]);
    await loop.runForever();
    expect(order).toEqual(["timer 0", "timer 1", "timer 2", "next iteration"]);
    expect(loop.time() - t0).toBeGreaterThanOrEqual(0.049);
  });
});

describe("waking an idle loop from outside", () => {
  it("callSoonThreadsafe wakes a loop that waits on a far timer", async () => {
    const loop = loopFor({ clock: "real" });
    const far = loop.callLater(60, () => {});
    loop.callSoon(() => {
      setTimeout(() => loop.callSoonThreadsafe(() => loop.stop()), 10);
    });
    const t0 = performance.now();
    await loop.runForever();
    far.cancel();
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("stop() from a Promise continuation wakes an idle loop", async () => {
    const loop = loopFor({ clock: "real" });
    const keep = loop.callLater(60, () => {});
    const running = loop.runForever();
    await new Promise((r) => setTimeout(r, 10));
    expect(loop.isRunning()).toBe(true);
    loop.stop();
    await running;
    keep.cancel();
    expect(loop.isRunning()).toBe(false);
  });

  it("a run that can never finish ends with a DeadlockError instead of hanging", async () => {
    const loop = loopFor();
    loop.callSoon(() => {});
    await expect(loop.runForever()).rejects.toThrow(DeadlockError);
    expect(loop.isRunning()).toBe(false);
  });
});

describe("debug mode", () => {
  it("logs a slow callback with its duration", async () => {
    const loop = loopFor({ clock: "real", debug: true });
    loop.slowCallbackDuration = 0.02;
    const text = await captureStderr(async () => {
      loop.callSoon(function blocker() {
        const end = performance.now() + 30;
        while (performance.now() < end) {}
      });
      loop.callSoon(() => loop.stop());
      await loop.runForever();
    });
    // Python: `Executing <Handle blocker() at file:line created at file:line> took 0.030 seconds`.
    const m =
      /^Executing <Handle blocker\(\) at \S*event-loop\.test\.ts:\d+ created at \S*event-loop\.test\.ts:\d+> took (\d+\.\d{3}) seconds\n$/.exec(
        text,
      );
    expect(m, text).not.toBeNull();
    // At least what the callback blocked for (no upper bound: the machine may be slower still).
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(0.03);
  });
});

describe("signals", () => {
  it("runs a signal handler on the loop and removes it", async () => {
    const loop = loopFor({ clock: "real" });
    expect(() => loop.addSignalHandler("SIGNOPE" as never, () => {})).toThrow(/invalid signal: 'SIGNOPE'/);
    expect(() => loop.addSignalHandler("SIGKILL", () => {})).toThrow("sig SIGKILL cannot be caught");
    if (!isMainThread) {
      // As Python's: a loop in another thread cannot take signals (Node delivers none there).
      expect(() => loop.addSignalHandler("SIGUSR2", () => {})).toThrow(
        "signal handlers only work in the main thread: Node delivers SIGUSR2 to the main thread, not to workers",
      );
      return;
    }
    const got: string[] = [];
    loop.addSignalHandler(
      "SIGUSR2",
      (name: string) => {
        got.push(name);
        loop.stop();
      },
      "usr2",
    );
    loop.callSoon(() => process.kill(process.pid, "SIGUSR2"));
    await loop.runForever();
    expect(got).toEqual(["usr2"]);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(true);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
  });

  it("refuses signal handlers in a worker thread", async () => {
    const { Worker } = await import("node:worker_threads");
    const { createRequire } = await import("node:module");
    const { pathToFileURL } = await import("node:url");
    // tsx's ESM entry (require.resolve finds its CommonJS twin beside it).
    const tsx = pathToFileURL(
      createRequire(import.meta.url)
        .resolve("tsx/esm/api")
        .replace(/\.cjs$/, ".mjs"),
    ).href;
    const src = new URL("../src/index.ts", import.meta.url).href;
    const worker = new Worker(
      `(async () => {
         const { parentPort } = require("node:worker_threads");
         (await import(${JSON.stringify(tsx)})).register();
         const { newEventLoop } = await import(${JSON.stringify(src)});
         try { newEventLoop().addSignalHandler("SIGUSR2", () => {}); parentPort.postMessage("accepted"); }
         catch (e) { parentPort.postMessage(e.message); }
       })();`,
      { eval: true },
    );
    const message = await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(message).toBe(
      "signal handlers only work in the main thread: Node delivers SIGUSR2 to the main thread, not to workers",
    );
  });
});

describe("bad callbacks and failing diagnostics", () => {
  it("refuses a callback that cannot be called, at once and outside debug mode too", () => {
    const loop = loopFor();
    expect(() => loop.callSoon(undefined as never)).toThrow(
      new TypeError("a callable object was expected by callSoon(), got None"),
    );
    expect(() => loop.callLater(1, null as never)).toThrow(
      new TypeError("a callable object was expected by callLater(), got None"),
    );
    expect(() => loop.callAt(1, 42 as never)).toThrow(
      new TypeError("a callable object was expected by callAt(), got 42"),
    );
    expect(() => loop.callSoonThreadsafe("f" as never)).toThrow(
      new TypeError("a callable object was expected by callSoonThreadsafe(), got 'f'"),
    );
    expect(loop._ready.length).toBe(0);
    expect(loop._scheduled.length).toBe(0);
  });

  it("debug mode also refuses coroutines, as Python's does", () => {
    const loop = loopFor({ clock: "virtual", debug: true });
    function* coro() {}
    expect(() => loop.callSoon(coro as never)).toThrow(
      new TypeError("coroutines cannot be used with callSoon()"),
    );
  });

  it("a callback error is reported even when its value, the handler and the logger all fail, and the loop goes on", async () => {
    const loop = loopFor();
    const ran: string[] = [];
    const hostile = Object.create(null); // no toString at all
    const evil = {
      toString() {
        throw new Error("toString failed");
      },
    };
    loop.setExceptionHandler(() => {
      throw evil;
    });
    const hooks = runtimeHooks();
    const savedLog = hooks.log;
    hooks.log = () => {
      throw new Error("the log hook failed");
    };
    let text: string;
    try {
      text = await captureStderr(async () => {
        loop.callSoon(function fails(_a: unknown) {
          throw hostile;
        }, evil);
        loop.callSoon(() => ran.push("next callback"));
        loop.callLater(1, () => {
          ran.push("timer");
          loop.stop();
        });
        await loop.runForever();
      });
    } finally {
      hooks.log = savedLog;
    }
    expect(ran).toEqual(["next callback", "timer"]);
    expect(text).toMatch(/^Exception in the asyncio log hook: Error: the log hook failed\n/);
    expect(text).toContain(
      "\nUnhandled error in exception handler\ncontext: {'message': \"Exception in callback fails({'toString': <function toString>}) at ",
    );
    expect(text).toMatch(/event-loop\.test\.ts:\d+", 'exception': \{\}, 'handle': <Handle fails\(/);
  });
});

describe("async context", () => {
  it("iterations run in the async context runForever() was called in, not in the one of what woke the loop", async () => {
    const { AsyncLocalStorage } = await import("node:async_hooks");
    const als = new AsyncLocalStorage<string>();
    const loop = loopFor({ clock: "real" });
    const seen: (string | undefined)[] = [];
    const keep = loop.callLater(60, () => {});
    const running = als.run("runner", () => loop.runForever());
    als.run("waker", () =>
      setTimeout(() => {
        loop.callSoonThreadsafe(() => {
          seen.push(als.getStore());
          loop.stop();
        });
      }, 5),
    );
    await running;
    keep.cancel();
    als.disable();
    expect(seen).toEqual(["runner"]);
  });
});

describe("waiting on the real clock", () => {
  it("a loop woken from outside many times keeps its Node timer armed, and the timer still fires on time", async () => {
    const loop = loopFor({ clock: "real" });
    const realSetTimeout = globalThis.setTimeout;
    let armed = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      armed++;
      return realSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      let wakes = 0;
      const start = loop.time();
      let firedAt = 0;
      loop.callLater(0.2, () => {
        firedAt = loop.time() - start;
        loop.stop();
      });
      // 200 wake-ups from outside while the timer waits (as I/O completions would).
      const poke = (): void => {
        if (wakes++ < 200) {
          loop.callSoonThreadsafe(() => {});
          setImmediate(poke);
        }
      };
      setImmediate(poke);
      await loop.runForever();
      expect(wakes).toBeGreaterThan(50);
      expect(armed).toBeLessThanOrEqual(3); // not one per wake-up
      expect(firedAt).toBeGreaterThanOrEqual(0.2);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  it("an earlier timer re-arms the Node timer", async () => {
    const loop = loopFor({ clock: "real" });
    const order: string[] = [];
    loop.callLater(0.3, () => order.push("late"));
    loop.callSoon(() => loop.callLater(0.05, () => order.push("early")));
    loop.callLater(0.4, () => loop.stop());
    await loop.runForever();
    expect(order).toEqual(["early", "late"]);
  });
});
