/**
 * Scheduling as the user sees it: arguments and contexts of callbacks, handles and their reprs,
 * the seeded shuffle, cancelled timers, signal handlers, and the tracing hook's view of it all.
 */
import { isMainThread } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ContextVar, copyContext, Handle, TASK_BRAND, TimerHandle, VirtualClock } from "../src/index.js";
import {
  DESCRIBE_BY_FIRST_ARG,
  onceInThread,
  onLoopClose,
  runtimeState,
  type Tracer,
} from "../src/internal.js";
import { bare, loopFor } from "./helpers.js";

describe("callbacks, their arguments and contexts", () => {
  it("passes any number of arguments, to callSoon, callLater and callAt alike", async () => {
    const loop = loopFor();
    const out: string[] = [];
    // The count matters too: a callback given no argument gets none (not one undefined).
    const rec = (...args: unknown[]) => out.push(`${args.length}:${args.join(",")}`);
    loop.callSoon(rec);
    loop.callSoon(rec, 1);
    loop.callSoon(rec, 1, 2);
    loop.callSoon(rec, 1, 2, 3);
    loop.callLater(1, rec, "a", "b", "c", "d");
    loop.callLater(1, rec, "x", "y");
    loop.callAt(2, rec, "p");
    loop.callAt(2, rec, "p", "q", "r");
    loop.callSoonThreadsafe(rec, "t", "u", "v");
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    loop.callSoon(rec, undefined);
    loop.callLater(0, rec);
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual([
      "0:",
      "1:1",
      "2:1,2",
      "3:1,2,3",
      "3:t,u,v",
      "4:a,b,c,d",
      "2:x,y",
      "1:p",
      "3:p,q,r",
      "1:",
      "0:",
    ]);
  });

  it("the fast paths of futures and tasks (one or two arguments, a context given) run like callSoon", async () => {
    const loop = loopFor();
    const v = new ContextVar<string>("v", { default: "-" });
    const ctx = copyContext();
    ctx.run(() => v.set("ctx"));
    const out: string[] = [];
    loop._callSoon1((a: string) => out.push(`${a} ${v.get()}`), "one", ctx);
    loop._callSoon2(
      (a: string, b: string, ...rest: unknown[]) => out.push(`${a} ${b} ${rest.length} ${v.get()}`),
      "two",
      "args",
      ctx,
    );
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(out).toEqual(["one ctx", "two args 0 ctx"]);
  });

  it("callSoonWithContext runs the callback in the context given; the handle returns it", async () => {
    const loop = loopFor();
    const v = new ContextVar<string>("v", { default: "none" });
    const ctx = copyContext();
    ctx.run(() => v.set("given"));
    const out: string[] = [];
    v.set("current");
    const h = loop.callSoonWithContext(
      ctx,
      (a: string, b: string, c: string) => out.push(`${a}${b}${c} ${v.get()}`),
      "1",
      "2",
      "3",
    );
    expect(h.getContext()).toBe(ctx);
    const plain = loop.callSoon(() => out.push(`plain ${v.get()}`));
    expect(plain.getContext()?.get(v)).toBe("current");
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(out).toEqual(["123 given", "plain current"]);
    expect(() => loop.callSoonWithContext(ctx, 42 as never)).toThrow(
      new TypeError("a callable object was expected by callSoon(), got 42"),
    );
    loop.close();
    expect(() => loop.callSoonWithContext(ctx, () => {})).toThrow(new Error("Event loop is closed"));
    expect(() => loop.callAt(1, () => {})).toThrow(new Error("Event loop is closed"));
    expect(() => loop.callSoonThreadsafe(() => {})).toThrow(new Error("Event loop is closed"));
  });

  it("handles show their callback and arguments as Python's reprs do; timers show when", () => {
    const loop = loopFor();
    function cb(..._a: unknown[]) {}
    expect(String(loop.callSoon(cb))).toMatch(/^<Handle cb\(\) at \S*scheduling\.test\.ts:\d+>$/);
    expect(bare(loop.callSoon(cb))).toBe("<Handle cb()>");
    expect(bare(loop.callSoon(cb, "a", 1))).toBe("<Handle cb('a', 1)>");
    expect(bare(loop.callSoon(cb, 1, 2, null))).toBe("<Handle cb(1, 2, None)>");
    const t = loop.callAt(5, cb, true);
    expect(t).toBeInstanceOf(TimerHandle);
    expect(bare(t)).toBe("<TimerHandle when=5 cb(True)>");
    t.cancel();
    expect(String(t)).toBe("<TimerHandle cancelled when=5>");
    const anon = loop.callSoon(Object.defineProperty(() => {}, "name", { value: "" }));
    expect(bare(anon)).toBe("<Handle <anonymous>()>");
    // A Task's step names the task (Python's _format_handle).
    const step = Object.assign((_task: unknown) => {}, { [DESCRIBE_BY_FIRST_ARG]: true });
    expect(String(loop.callSoon(step, "<Task pending name='t'>"))).toBe("<Handle <Task pending name='t'>>");
    expect(new Handle(cb, 0, undefined, undefined, null).getContext()).toBe(null);
  });

  it("a cancelled handle keeps its arguments out of its repr, and cancelling twice is harmless", () => {
    const loop = loopFor();
    const h = loop.callSoon((_a: number, _b: number, _c: number) => {}, 1, 2, 3);
    h.cancel();
    h.cancel();
    expect(h.cancelled()).toBe(true);
    expect(String(h)).toBe("<Handle cancelled>");
  });

  it("debug mode names a task's step by the task in its slow-callback warning", async () => {
    const clock = new VirtualClock({ autoJump: false });
    const loop = loopFor({ clock, debug: true });
    loop.slowCallbackDuration = 0.5;
    const task = { toString: () => "<Task pending name='slow'>" };
    const step = Object.assign((_task: unknown) => clock.advance(1), { [DESCRIBE_BY_FIRST_ARG]: true });
    loop.callSoon(step, task);
    loop.callSoon(() => loop.stop());
    const { runtimeHooks } = await import("../src/index.js");
    const hooks = runtimeHooks();
    const saved = hooks.log;
    const records: string[] = [];
    hooks.log = (level, message) => records.push(`${level} ${message}`);
    try {
      await loop.runForever();
    } finally {
      if (saved) hooks.log = saved;
      else delete hooks.log;
    }
    expect(records).toEqual(["WARNING Executing <Task pending name='slow'> took 1.000 seconds"]);
  });
});

describe("cancelled timers", () => {
  it("a loop with over a hundred timers, most of them cancelled, fires exactly the live ones in order", async () => {
    const loop = loopFor();
    const out: number[] = [];
    const timers = Array.from({ length: 150 }, (_, i) => loop.callLater(10 + i, () => out.push(i)));
    // 80 of 150 cancelled (more than half): the loop compacts its heap.
    for (let i = 0; i < 80; i++) timers[i * (150 / 80) < 150 ? Math.floor(i * (150 / 80)) : i]?.cancel();
    const live = timers.flatMap((t, i) => (t.cancelled() ? [] : [i]));
    loop.callSoon(() => {
      // A timer cancelled while the loop runs, and one cancelled twice.
      timers[live[0] as number]?.cancel();
      timers[live[0] as number]?.cancel();
    });
    loop.callLater(1000, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual(live.slice(1));
    expect(loop._scheduled.length).toBe(0);
  });

  it("cancelled timers at the head are dropped before the virtual clock jumps", async () => {
    const loop = loopFor();
    const out: number[] = [];
    loop.callLater(5, () => out.push(5)).cancel();
    loop.callLater(7, () => {
      out.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(out).toEqual([7]);
  });

  it("a cancelled timer that was the only thing left is no reason to wait: the run is a deadlock", async () => {
    const loop = loopFor();
    loop.callLater(5, () => {}).cancel();
    await expect(loop.runForever()).rejects.toThrow("runForever() can never be stopped");
    expect(loop.time()).toBe(0);
  });

  it("many timers cancelled at the head, with a few live ones among more than a hundred", async () => {
    const loop = loopFor();
    const out: number[] = [];
    const timers = Array.from({ length: 120 }, (_, i) => loop.callLater(1 + i, () => out.push(i)));
    for (let i = 0; i < 50; i++) timers[i]?.cancel();
    loop.callLater(200, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual(Array.from({ length: 70 }, (_, i) => 50 + i));
  });
});

describe("the seeded shuffle (testing)", () => {
  async function order(seed: number | undefined, n = 8): Promise<number[][]> {
    const loop = loopFor({ clock: "virtual", shuffleSeed: seed });
    const batches: number[][] = [[], []];
    for (let i = 0; i < n; i++) {
      loop.callSoon(() => {
        batches[0]?.push(i);
        loop.callSoon(() => batches[1]?.push(i));
      });
    }
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    return batches;
  }

  it("runs each iteration's callbacks in an order that only the seed decides", async () => {
    const a = await order(1234);
    expect(await order(1234)).toEqual(a);
    // Each iteration still runs exactly its own callbacks, all of them.
    for (const batch of a) expect([...batch].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(a[0]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(a[1]).not.toEqual(a[0]);
    expect(await order(99)).not.toEqual(a);
    expect(await order(undefined)).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3, 4, 5, 6, 7],
    ]);
  });

  it("every order of three callbacks comes up, about equally often", async () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 600; seed++) {
      const [first] = await order(seed, 3);
      const key = String(first);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);
  });

  it("a single ready callback runs as is", async () => {
    const loop = loopFor({ clock: "virtual", shuffleSeed: 7 });
    const out: string[] = [];
    loop.callSoon(() => out.push("only"));
    loop.callLater(1, () => loop.stop());
    await loop.runForever();
    expect(out).toEqual(["only"]);
  });
});

describe("signal handlers", () => {
  it("refuse coroutines, non-callables, unknown signals and a closed loop, in asyncio's words", () => {
    const loop = loopFor();
    function* coro() {}
    expect(() => loop.addSignalHandler("SIGUSR2", coro as never)).toThrow(
      new TypeError("coroutines cannot be used with addSignalHandler()"),
    );
    expect(() => loop.addSignalHandler("SIGUSR2", coro() as never)).toThrow(
      new TypeError("coroutines cannot be used with addSignalHandler()"),
    );
    expect(() => loop.addSignalHandler("SIGUSR2", 42 as never)).toThrow(
      new TypeError("a callable object was expected by addSignalHandler(), got 42"),
    );
    expect(() => loop.addSignalHandler(9 as never, () => {})).toThrow(
      new TypeError('sig must be a signal name such as "SIGINT", not 9'),
    );
    expect(() => loop.addSignalHandler("SIGSTOP", () => {})).toThrow(
      new Error("sig SIGSTOP cannot be caught"),
    );
    loop.close();
    expect(() => loop.addSignalHandler("SIGUSR2", () => {})).toThrow(new Error("Event loop is closed"));
  });

  it("removeSignalHandler answers False for a signal without a handler, and checks the signal as asyncio does", () => {
    // Python: remove_signal_handler(sig) is False when no handler was added, in any thread; it
    // raises TypeError / ValueError (our RangeError) for what is not a signal.
    const loop = loopFor();
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
    expect(loop._hasSignalHandler("SIGUSR2")).toBe(false);
    expect(() => loop.removeSignalHandler(9 as never)).toThrow(
      new TypeError('sig must be a signal name such as "SIGINT", not 9'),
    );
    expect(() => loop.removeSignalHandler("SIGNOPE" as never)).toThrow(
      new RangeError(`invalid signal: 'SIGNOPE' (expected a name such as "SIGINT")`),
    );
    loop.close();
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
  });

  // Node delivers signals to the main thread only (the suite may run in worker threads).
  it.skipIf(!isMainThread)(
    "a signal whose earlier listener closes the loop runs nothing on the closed loop",
    () => {
      const loop = loopFor();
      const ran: string[] = [];
      // Node calls a signal's listeners from a copy of their list: ours still runs after this one
      // closed the loop (and removed it), and must then do nothing rather than raise.
      const closer = () => loop.close();
      process.on("SIGUSR2", closer);
      try {
        loop.addSignalHandler("SIGUSR2", () => ran.push("handler"));
        // What Node does when SIGUSR2 arrives (process.kill would deliver it later, asynchronously).
        expect(() => process.emit("SIGUSR2", "SIGUSR2")).not.toThrow();
        expect(loop.isClosed()).toBe(true);
        expect(ran).toEqual([]);
      } finally {
        process.off("SIGUSR2", closer);
      }
    },
  );

  it.skipIf(!isMainThread)(
    "a second handler for a signal replaces the first; close() removes them all",
    () => {
      const loop = loopFor();
      const before = process.listenerCount("SIGUSR2");
      loop.addSignalHandler("SIGUSR2", () => {});
      loop.addSignalHandler("SIGUSR2", () => {});
      expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
      expect(loop._hasSignalHandler("SIGUSR2")).toBe(true);
      expect(loop._hasSignalHandler("SIGUSR1")).toBe(false);
      loop.close();
      expect(process.listenerCount("SIGUSR2")).toBe(before);
      expect(loop._hasSignalHandler("SIGUSR2")).toBe(false);
    },
  );
});

describe("the tracing hook", () => {
  function recorder(events: string[]): Tracer {
    return {
      taskCreated: () => {},
      stepStart: () => {},
      stepEnd: () => {},
      wakeup: () => {},
      cancel: () => {},
      timer: (_l, t) => events.push(`timer ${t.when()}`),
      callbackStart: (_l, h) => events.push(`start ${String(h)}`),
      callbackEnd: (_l, h) => events.push(`end ${String(h)}`),
      idle: (_l, timeout) => events.push(`idle ${timeout}`),
      operationStart: (_l, kind, detail) => {
        events.push(`op ${kind} '${detail}'`);
        return events.length;
      },
      operationEnd: (_l, id) => events.push(`op end ${id}`),
    };
  }

  it("sees timers, callbacks (not task steps), idle waits and outside operations", async () => {
    const events: string[] = [];
    runtimeState.tracer = recorder(events);
    try {
      const loop = loopFor();
      function cb() {}
      loop.callLater(2, cb);
      const step = Object.assign(
        {
          _cancelled: false,
          _run: () => events.push("task step"),
          _describeForLog: () => "task",
        },
        { [TASK_BRAND]: true },
      );
      loop._enqueue(step);
      loop.callSoon(() => {
        const release = loop.trackOutsideOperation();
        const named = loop.trackOutsideOperation("fs", "read a.txt");
        setTimeout(() => {
          release();
          named();
        }, 5);
      });
      loop.callLater(3, () => loop.stop());
      await loop.runForever();
      const released = events.filter((e) => e.startsWith("op end"));
      expect(events.filter((e) => !e.startsWith("op end")).map(bare)).toEqual([
        "timer 2",
        "timer 3",
        "task step",
        "start <Handle <anonymous>()>",
        "op operation ''",
        "op fs 'read a.txt'",
        "end <Handle <anonymous>()>",
        "idle 2",
        "idle 2",
        "start <TimerHandle when=2 cb()>",
        "end <TimerHandle when=2 cb()>",
        "idle 1",
        "start <TimerHandle when=3 <anonymous>()>",
        "end <TimerHandle when=3 <anonymous>()>",
      ]);
      expect(released).toEqual(["op end 5", "op end 6"]);
    } finally {
      runtimeState.tracer = null;
    }
  });

  it("a callback that fails still ends its trace", async () => {
    const events: string[] = [];
    runtimeState.tracer = recorder(events);
    try {
      const loop = loopFor();
      loop.setExceptionHandler(() => events.push("reported"));
      function fails() {
        throw new Error("x");
      }
      loop.callSoon(fails);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(events.slice(0, 3).map(bare)).toEqual([
        "start <Handle fails()>",
        "reported",
        "end <Handle fails()>",
      ]);
    } finally {
      runtimeState.tracer = null;
    }
  });

  it("an idle wait with no timer to wait for has no timeout", async () => {
    const events: string[] = [];
    runtimeState.tracer = recorder(events);
    try {
      const loop = loopFor({ clock: "real" });
      loop.callSoon(() => setTimeout(() => loop.callSoonThreadsafe(() => loop.stop()), 5));
      await loop.runForever();
      expect(events).toContain("idle null");
    } finally {
      runtimeState.tracer = null;
    }
  });
});

describe("a busy loop still lets Node run", () => {
  it("callbacks that schedule each other forever do not starve timers and I/O outside the loop", async () => {
    const loop = loopFor();
    let spins = 0;
    const spin = (): void => {
      spins++;
      loop.callSoon(spin);
    };
    loop.callSoon(spin);
    setTimeout(() => loop.stop(), 30);
    await loop.runForever();
    expect(spins).toBeGreaterThan(100);
  });

  it("on the virtual clock, an endless chain of timers does not starve Node either", async () => {
    const loop = loopFor();
    let ticks = 0;
    const tick = (): void => {
      ticks++;
      loop.callLater(1, tick);
    };
    loop.callLater(1, tick);
    setTimeout(() => loop.stop(), 30);
    await loop.runForever();
    expect(ticks).toBeGreaterThan(100);
    expect(loop.time()).toBe(ticks);
  });

  it("the real clock: a timer due in a day is waited for without waking early (capped Node timer)", async () => {
    const loop = loopFor({ clock: "real" });
    const out: string[] = [];
    const far = loop.callLater(86400 * 30, () => out.push("a month later"));
    loop.callSoon(() => setTimeout(() => loop.callSoonThreadsafe(() => loop.stop()), 20));
    await loop.runForever();
    far.cancel();
    expect(out).toEqual([]);
  });
});

describe("work scheduled from outside wakes a waiting loop", () => {
  it("callSoon from a Node timer wakes a loop waiting for a far timer", async () => {
    const loop = loopFor({ clock: "real" });
    const far = loop.callLater(60, () => {});
    loop.callSoon(() => setTimeout(() => loop.callSoon(() => loop.stop()), 5));
    const t0 = performance.now();
    await loop.runForever();
    far.cancel();
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("callLater from outside re-arms the wait for the earlier timer", async () => {
    const loop = loopFor({ clock: "real" });
    const far = loop.callLater(60, () => {});
    loop.callSoon(() => setTimeout(() => loop.callLater(0.01, () => loop.stop()), 5));
    const t0 = performance.now();
    await loop.runForever();
    far.cancel();
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("callLater from outside wakes a loop with no timer, waiting for an outside operation", async () => {
    const loop = loopFor({ clock: "real" });
    const release = loop.trackOutsideOperation();
    loop.callSoon(() => setTimeout(() => loop.callLater(0.01, () => loop.stop()), 5));
    const t0 = performance.now();
    await loop.runForever();
    release();
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("a queued runnable (a task's step) from outside wakes a loop with nothing else to do", async () => {
    const loop = loopFor({ clock: "real" });
    const out: string[] = [];
    const step = {
      _cancelled: false,
      _run: () => {
        out.push("step");
        loop.stop();
      },
      _describeForLog: () => "step",
    };
    loop.callSoon(() => setTimeout(() => loop._enqueue(step), 5));
    // Something in flight, so that the idle loop is no deadlock.
    const release = loop.trackOutsideOperation();
    await loop.runForever();
    release();
    expect(out).toEqual(["step"]);
  });

  it("a run listens for Node's beforeExit only while it runs", async () => {
    const loop = loopFor();
    const before = process.listenerCount("beforeExit");
    let during = 0;
    loop.callSoon(() => {
      during = process.listenerCount("beforeExit");
      loop.stop();
    });
    await loop.runForever();
    expect(during).toBe(before + 1);
    expect(process.listenerCount("beforeExit")).toBe(before);
    loop.callSoon(() => {
      throw keyboardInterruptLike();
    });
    await expect(loop.runForever()).rejects.toThrow("KeyboardInterrupt");
    expect(process.listenerCount("beforeExit")).toBe(before);
  });
});

function keyboardInterruptLike(): Error {
  const err = new Error("KeyboardInterrupt");
  (err as unknown as Record<symbol, boolean>)[Symbol.for("aio.baseException")] = true;
  return err;
}

describe("time moved by a callback", () => {
  it("a callback that advances a virtual clock without autoJump makes the timers now due run", async () => {
    const clock = new VirtualClock({ autoJump: false });
    const loop = loopFor({ clock });
    const out: number[] = [];
    loop.callLater(5, () => {
      out.push(loop.time());
      loop.stop();
    });
    loop.callSoon(() => clock.advance(5));
    await loop.runForever();
    expect(out).toEqual([5]);
  });
});

describe("a stopped loop leaves nothing behind", () => {
  it("no Node timer stays armed after a run that stopped with a far timer pending", async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const loop = loopFor({ clock: "real" });
    const far = loop.callLater(60, () => {});
    let during = 0;
    loop.callSoon(() =>
      setTimeout(() => {
        during = timeouts(); // the loop's Node timer for the far one among them
        loop.callSoonThreadsafe(() => loop.stop());
      }, 5),
    );
    await loop.runForever();
    expect(timeouts()).toBeLessThan(during);
    far.cancel();
  });

  it("close() runs the close listeners once, every finalize phase one before every report one", () => {
    const hooks = runtimeState.hooks;
    const saved = hooks.loopClose;
    const calls: string[] = [];
    hooks.loopClose = { finalize: [], report: [] };
    try {
      onLoopClose((l) => calls.push(`report 1 ${l === loop}`), { phase: "report" });
      onLoopClose(() => calls.push("finalize 1"), { phase: "finalize" });
      onLoopClose(() => calls.push("report 2"), { phase: "report" });
      onLoopClose(() => calls.push("finalize 2"), { phase: "finalize" });
      const loop = loopFor();
      loop.close();
      loop.close();
      expect(calls).toEqual(["finalize 1", "finalize 2", "report 1 true", "report 2"]);
    } finally {
      hooks.loopClose = saved;
    }
  });

  it("a thread's first close listener starts its registry: loops close with it, and with none before", () => {
    const hooks = runtimeState.hooks;
    const saved = hooks.loopClose;
    const calls: string[] = [];
    delete hooks.loopClose;
    try {
      // No package registered anything yet: closing a loop runs nothing and raises nothing.
      loopFor().close();
      onLoopClose(() => calls.push("report"), { phase: "report" });
      onLoopClose(() => calls.push("finalize"), { phase: "finalize" });
      loopFor().close();
      expect(calls).toEqual(["finalize", "report"]);
    } finally {
      hooks.loopClose = saved;
    }
  });

  it("a close listener registered under a key is registered once per thread (every copy of a package)", () => {
    const hooks = runtimeState.hooks;
    const saved = hooks.loopClose;
    const key = `test:${Math.random()}`;
    const calls: string[] = [];
    hooks.loopClose = { finalize: [], report: [] };
    try {
      onLoopClose(() => calls.push("first copy"), { phase: "report", key });
      onLoopClose(() => calls.push("second copy"), { phase: "report", key });
      onLoopClose(() => calls.push("no key"), { phase: "report" });
      loopFor().close();
      expect(calls).toEqual(["first copy", "no key"]);
      expect(onceInThread(`loopClose:${key}`)).toBe(false);
      expect(onceInThread(`${key}:other`)).toBe(true);
      expect(onceInThread(`${key}:other`)).toBe(false);
    } finally {
      hooks.loopClose = saved;
    }
  });
});

describe("cancelled handles", () => {
  it("neither run nor report anything, with any number of arguments, in debug mode or not", async () => {
    for (const debug of [false, true]) {
      const loop = loopFor({ clock: "virtual", debug });
      const reports: unknown[] = [];
      loop.setExceptionHandler((_l, c) => reports.push(c.message));
      const ran: number[] = [];
      const rec = (...args: unknown[]) => ran.push(args.length);
      const handles = [
        loop.callSoon(rec),
        loop.callSoon(rec, 1),
        loop.callSoon(rec, 1, 2),
        loop.callSoon(rec, 1, 2, 3),
      ];
      const timer = loop.callLater(0, rec, 1);
      for (const h of [...handles, timer]) h.cancel();
      loop.callLater(1, () => loop.stop());
      await loop.runForever();
      expect(ran, `debug=${debug}`).toEqual([]);
      expect(reports, `debug=${debug}`).toEqual([]);
    }
  });
});

describe("the tracing hook, installed or removed mid-run", () => {
  function ops(events: string[], firstId = 0): Tracer {
    let next = firstId;
    return {
      taskCreated: () => {},
      stepStart: () => {},
      stepEnd: () => {},
      wakeup: () => {},
      cancel: () => {},
      timer: () => {},
      callbackStart: () => {},
      callbackEnd: () => {},
      idle: () => {},
      operationStart: (_l, kind) => {
        events.push(`start ${kind} #${next}`);
        return next++;
      },
      operationEnd: (_l, id) => events.push(`end #${id}`),
    };
  }

  it("an operation started before the tracer is not ended in it; one started in it is, whatever its id", () => {
    const loop = loopFor();
    const events: string[] = [];
    try {
      const untraced = loop.trackOutsideOperation("fs");
      runtimeState.tracer = ops(events, 0);
      const first = loop.trackOutsideOperation("http");
      untraced();
      first();
      expect(events).toEqual(["start http #0", "end #0"]);
      // The tracer goes away while an operation is in flight: its end is simply not reported.
      const last = loop.trackOutsideOperation("executor");
      runtimeState.tracer = null;
      expect(() => last()).not.toThrow();
      expect(events).toEqual(["start http #0", "end #0", "start executor #1"]);
      expect(loop.outsideOperationsInFlight()).toBe(0);
    } finally {
      runtimeState.tracer = null;
    }
  });

  it("a tracer without debug mode times nothing: no slow-callback warning, whatever the clock says", async () => {
    const events: string[] = [];
    const loop = loopFor({ clock: new VirtualClock({ start: 1000 }) });
    runtimeState.tracer = ops(events);
    const { runtimeHooks } = await import("../src/index.js");
    const hooks = runtimeHooks();
    const saved = hooks.log;
    const records: string[] = [];
    hooks.log = (level, message) => records.push(`${level} ${message}`);
    try {
      loop.callSoon(function quick() {});
      loop.callSoon(() => loop.stop());
      await loop.runForever();
    } finally {
      runtimeState.tracer = null;
      if (saved) hooks.log = saved;
      else delete hooks.log;
    }
    expect(records).toEqual([]);
  });
});
