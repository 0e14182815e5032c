/**
 * The clocks a loop reads its time from, the loop's use of their resolution, and the testing
 * helpers around the virtual clock and the runtime state.
 */
import { describe, expect, it } from "vitest";
import {
  type Clock,
  DefaultEventLoopPolicy,
  type EventLoop,
  EventLoop as EventLoopClass,
  getEventLoop,
  getEventLoopPolicy,
  newEventLoop,
  RealClock,
  setEventLoop,
  setEventLoopPolicy,
  VirtualClock,
} from "../src/index.js";
import { runtimeState } from "../src/internal.js";
import { advance, resetRuntimeState } from "../src/testing.js";
import { loopFor, loops } from "./helpers.js";

describe("RealClock", () => {
  it("is monotonic wall time in seconds, with nanosecond resolution", async () => {
    const clock = new RealClock();
    expect(clock.virtual).toBe(false);
    expect(clock.resolution).toBe(1e-9);
    const t0 = clock.now();
    expect(Math.abs(t0 - performance.now() / 1000)).toBeLessThan(0.05);
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now() - t0).toBeGreaterThanOrEqual(0.025);
    expect(clock.now() - t0).toBeLessThan(5);
  });

  it("a loop stopped while it waits for a far timer leaves no Node timer behind to hold the process", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const loop = loopFor({ clock: "real" });
    const far = loop.callLater(3600, () => {});
    const before = timers();
    const run = loop.runForever(); // the first iteration runs now: asleep until the timer, an hour on
    expect(timers() - before).toBe(1);
    loop.stop();
    await run; // only microtasks between the counts: no other timer can come or go
    expect(timers() - before).toBe(0);
    far.cancel();
  });

  it("is the default clock of a loop", () => {
    const loop = loopFor({});
    expect(loop.clock).toBeInstanceOf(RealClock);
    expect(Math.abs(loop.time() - performance.now() / 1000)).toBeLessThan(0.05);
    expect(loopFor({ clock: "real" }).clock).toBeInstanceOf(RealClock);
  });
});

describe("VirtualClock", () => {
  it("starts at 0 (or where told), jumps by default, and moves only forward", () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(0);
    expect(clock.virtual).toBe(true);
    expect(clock.resolution).toBe(0);
    expect(clock.autoJump).toBe(true);
    const later = new VirtualClock({ start: 100, autoJump: false });
    expect(later.now()).toBe(100);
    expect(later.autoJump).toBe(false);
    later.advance(0);
    later.advance(2.5);
    expect(later.now()).toBe(102.5);
    expect(new VirtualClock({ start: -5 }).now()).toBe(-5);
    expect(() => new VirtualClock({ start: "1" as never })).toThrow(
      new TypeError("VirtualClock start must be a finite number of seconds, got '1'"),
    );
    expect(() => new VirtualClock({ start: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => later.advance(Number.NaN)).toThrow(
      new RangeError("advance() needs a finite, non-negative number of seconds, got nan"),
    );
    expect(() => later.advance("1" as never)).toThrow(RangeError);
    expect(later.now()).toBe(102.5);
  });

  it("a timer already due does not move the clock back", async () => {
    const loop = loopFor({ clock: new VirtualClock({ start: 10 }) });
    const seen: number[] = [];
    loop.callAt(5, () => seen.push(loop.time()));
    loop.callAt(12, () => {
      seen.push(loop.time());
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toEqual([10, 12]);
  });

  it("advance() wakes a loop waiting for it, and the timers now due run", async () => {
    const clock = new VirtualClock({ autoJump: false });
    const loop = loopFor({ clock });
    const seen: number[] = [];
    loop.callLater(3, () => {
      seen.push(loop.time());
      loop.stop();
    });
    setTimeout(() => advance(loop, 1), 5);
    setTimeout(() => advance(loop, 2), 15);
    await loop.runForever();
    expect(seen).toEqual([3]);
    // Advancing a clock whose loop is not running is fine.
    clock.advance(1);
    expect(loop.time()).toBe(4);
  });

  it("without autoJump, time stands still until advance() even when only timers are left", async () => {
    const clock = new VirtualClock({ autoJump: false });
    const loop = loopFor({ clock });
    const fired: number[] = [];
    loop.callLater(5, () => fired.push(loop.time()));
    const running = loop.runForever();
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toEqual([]);
    expect(loop.time()).toBe(0);
    clock.advance(5);
    await new Promise((r) => setTimeout(r, 10));
    expect(fired).toEqual([5]);
    loop.stop();
    await running;
  });

  it("advance() then stop() in one callback: the stopped loop runs nothing more, and the clock stays", async () => {
    const clock = new VirtualClock();
    const loop = loopFor({ clock });
    const out: string[] = [];
    loop.callLater(10, () => out.push("timer at 10"));
    loop.callSoon(() => {
      clock.advance(1);
      loop.stop();
    });
    await loop.runForever();
    // Python: after run_forever() returns, nothing runs until the loop runs again.
    await new Promise((r) => setTimeout(r, 10));
    expect(out).toEqual([]);
    expect(loop.time()).toBe(1);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(out).toEqual([]);
    expect(loop.time()).toBe(1);
  });

  it("advance() needs a virtual clock", () => {
    expect(() => advance(loopFor({ clock: "real" }), 1)).toThrow(
      new TypeError("advance() needs a loop on a VirtualClock: newEventLoop({ clock: new VirtualClock() })"),
    );
    const fake: Clock = { now: () => 0, virtual: true, resolution: 0 };
    expect(() => advance({ clock: fake } as EventLoop, 1)).toThrow(
      new TypeError("advance() needs a loop on a VirtualClock: newEventLoop({ clock: new VirtualClock() })"),
    );
  });
});

describe("clocks of one's own", () => {
  it("a loop uses any object with now(); anything else is refused with its repr", () => {
    let t = 50;
    const clock: Clock = { now: () => t, virtual: false, resolution: 0 };
    const loop = loopFor({ clock });
    expect(loop.clock).toBe(clock);
    expect(loop.time()).toBe(50);
    t = 51;
    expect(loop.time()).toBe(51);
    expect(() => newEventLoop({ clock: { now: 1 } as never })).toThrow(
      new TypeError(`clock must be "real", "virtual" or a Clock object, got {'now': 1}`),
    );
    expect(() => newEventLoop({ clock: 5 as never })).toThrow(TypeError);
    // A function is no clock object, even with a now() of its own.
    const fnClock = Object.assign(function fnClock() {}, { now: () => 0, virtual: false, resolution: 0 });
    expect(() => newEventLoop({ clock: fnClock as never })).toThrow(
      new TypeError(`clock must be "real", "virtual" or a Clock object, got <function fnClock>`),
    );
    // The loop leaves a clock of one's own as it is (a frozen one too).
    const frozen = Object.freeze({ now: () => 7, virtual: false, resolution: 0 });
    expect(loopFor({ clock: frozen }).time()).toBe(7);
  });

  it("timers due within the clock's resolution run now, as Python's _run_once does", async () => {
    const t = 1000;
    const clock: Clock = { now: () => t, virtual: false, resolution: 0.5 };
    const loop = loopFor({ clock });
    const out: string[] = [];
    loop.callAt(t + 0.4, () => out.push("within resolution"));
    // Python: a timer due at now + resolution or later waits (`if handle._when >= end_time: break`).
    const edge = loop.callAt(t + 0.5, () => out.push("at the edge"));
    const far = loop.callAt(t + 0.6, () => out.push("beyond"));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    far.cancel();
    edge.cancel();
    expect(out).toEqual(["within resolution"]);
  });

  it("a clock's sleepTime() decides what an idle loop does: jump, sleep, or declare a deadlock", async () => {
    // A clock of one's own that jumps a day at a time and tells a deadlock past day 3.
    let t = 0;
    const asked: [number, boolean][] = [];
    const clock: Clock = {
      now: () => t,
      virtual: true,
      resolution: 0,
      sleepTime(deadline, quiet) {
        asked.push([deadline, quiet]);
        if (deadline === Number.POSITIVE_INFINITY) return null;
        t = deadline;
        return 0;
      },
    };
    const loop = loopFor({ clock });
    const out: number[] = [];
    loop.callLater(86400, () => out.push(loop.time()));
    loop.callLater(2 * 86400, () => out.push(loop.time()));
    await expect(loop.runForever()).rejects.toThrow(
      "runForever() can never be stopped: nothing is ready, no timer will ever fire",
    );
    expect(out).toEqual([86400, 2 * 86400]);
    expect(asked).toEqual([
      [86400, true],
      [2 * 86400, true],
      [Number.POSITIVE_INFINITY, true],
    ]);
  });

  it("a virtual clock without sleepTime() runs due timers, then sleeps until woken", async () => {
    let t = 10;
    const clock: Clock = { now: () => t, virtual: true, resolution: 0 };
    const loop = loopFor({ clock });
    const out: string[] = [];
    loop.callAt(10, () => out.push("due"));
    loop.callAt(20, () => {
      out.push("after the move");
      loop.stop();
    });
    setTimeout(() => {
      t = 20;
      loop.callSoonThreadsafe(() => out.push("woken"));
    }, 20);
    await loop.runForever();
    expect(out).toEqual(["due", "woken", "after the move"]);
  });

  it("a clock of one's own without sleepTime(): on wall time the loop sleeps a Node timer until the deadline", async () => {
    // Not a virtual clock: wall time, read a thousand seconds on (as a clock of one's own may be).
    const clock: Clock = { now: () => 1000 + performance.now() / 1000, virtual: false, resolution: 1e-9 };
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const loop = loopFor({ clock });
    const out: string[] = [];
    const t0 = performance.now();
    loop.callLater(0.03, () => {
      out.push("due");
      loop.stop();
    });
    // A guard: a loop that slept past its deadline is stopped here, and the test fails below.
    const guard = setTimeout(() => loop.callSoonThreadsafe(() => loop.stop()), 3000);
    const before = timers();
    const run = loop.runForever(); // the first iteration runs now: the loop goes to sleep
    // Asleep on one Node timer (not spinning, not waiting to be woken from outside).
    expect(timers() - before).toBe(1);
    await run;
    clearTimeout(guard);
    expect(out).toEqual(["due"]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(performance.now() - t0).toBeLessThan(2500);
  });

  it("a virtual clock of one's own without sleepTime() arms no Node timer, and runs a timer the clock reached", async () => {
    let t = 0;
    const clock: Clock = { now: () => t, virtual: true, resolution: 0 };
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const loop = loopFor({ clock });
    const out: string[] = [];
    // A callback that moves the clock itself: the timer it moved it to is due when the loop idles.
    loop.callAt(5, () => {
      out.push("at 5");
      t = 100;
    });
    loop.callAt(100, () => out.push("at 100"));
    loop.callAt(200, () => {
      out.push("at 200");
      loop.stop();
    });
    const before = timers();
    const run = loop.runForever();
    // Virtual time does not pass by itself: no Node timer for the 5 virtual seconds to the first timer.
    expect(timers() - before).toBe(0);
    t = 5;
    loop.callSoonThreadsafe(() => out.push("moved to 5"));
    await new Promise((r) => setTimeout(r, 20));
    expect(out).toEqual(["moved to 5", "at 5", "at 100"]);
    t = 200;
    loop.callSoonThreadsafe(() => out.push("moved to 200"));
    await run;
    expect(out).toEqual(["moved to 5", "at 5", "at 100", "moved to 200", "at 200"]);
  });

  it("the real clock sleeps until the deadline; the virtual one jumps only when nothing is in flight", () => {
    const real = new RealClock();
    expect(real.sleepTime(real.now() - 1)).toBe(0);
    const slept = real.sleepTime(real.now() + 5);
    expect(slept).toBeGreaterThan(4.9);
    expect(slept).toBeLessThanOrEqual(5);
    expect(real.sleepTime(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    const jumping = new VirtualClock({ start: 1 });
    expect(jumping.sleepTime(5, false)).toBe(Number.POSITIVE_INFINITY);
    expect(jumping.now()).toBe(1);
    expect(jumping.sleepTime(1, false)).toBe(0);
    expect(jumping.sleepTime(5, true)).toBe(0);
    expect(jumping.now()).toBe(5);
    expect(jumping.sleepTime(3, true)).toBe(0);
    expect(jumping.now()).toBe(5);
    expect(jumping.sleepTime(Number.POSITIVE_INFINITY, true)).toBe(null);
    const still = new VirtualClock({ start: 1, autoJump: false });
    expect(still.sleepTime(5, true)).toBe(Number.POSITIVE_INFINITY);
    expect(still.sleepTime(Number.POSITIVE_INFINITY, true)).toBe(Number.POSITIVE_INFINITY);
    expect(still.now()).toBe(1);
  });

  it("on a clock of zero resolution a timer due exactly now runs", async () => {
    const loop = loopFor({ clock: new VirtualClock({ start: 3, autoJump: false }) });
    const out: string[] = [];
    loop.callAt(3, () => out.push("due now"));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(out).toEqual(["due now"]);
  });
});

describe("the loop registry and the runtime state", () => {
  it("getEventLoop() returns the running loop first", async () => {
    const loop = loopFor();
    let seen: EventLoop | null = null;
    loop.callSoon(() => {
      seen = getEventLoop();
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toBe(loop);
  });

  it("getEventLoop() warns once per fresh start, and makes the loop with the policy", async () => {
    resetRuntimeState();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const clock = new VirtualClock();
      setEventLoopPolicy({ newEventLoop: () => new EventLoopClass({ clock }) });
      const first = getEventLoop();
      loops.push(first);
      expect(first.clock).toBe(clock);
      expect(getEventLoop()).toBe(first); // made once
      setEventLoop(null);
      resetRuntimeState();
      expect(runtimeState.policy).toBe(null); // a fresh default policy is made on first use
      const second = getEventLoop();
      loops.push(second);
      expect(second).not.toBe(first);
      expect(second.clock).toBeInstanceOf(RealClock);
      setEventLoop(null);
      // Node delivers warnings on a later tick: one per loop made, none for the second call.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual(["There is no current event loop", "There is no current event loop"]);
    } finally {
      resetRuntimeState();
      process.off("warning", onWarning);
    }
  });

  it("setEventLoopPolicy refuses what cannot make loops; null restores the default", () => {
    expect(() => setEventLoopPolicy({} as never)).toThrow(
      new TypeError("policy must be an object with newEventLoop() or None, got {}"),
    );
    expect(() => setEventLoopPolicy((() => {}) as never)).toThrow(TypeError);
    const fnPolicy = Object.assign(function fnPolicy() {}, { newEventLoop: () => new EventLoopClass() });
    expect(() => setEventLoopPolicy(fnPolicy as never)).toThrow(
      new TypeError("policy must be an object with newEventLoop() or None, got <function fnPolicy>"),
    );
    // Options given: the policy is not asked.
    setEventLoopPolicy({ newEventLoop: () => new EventLoopClass({ clock: "real" }) });
    const withOptions = newEventLoop({ clock: "virtual" });
    loops.push(withOptions);
    expect(withOptions.clock).toBeInstanceOf(VirtualClock);
    setEventLoopPolicy({ newEventLoop: () => new EventLoopClass({ clock: "virtual" }) });
    setEventLoopPolicy(null);
    expect(runtimeState.policy).toBe(null);
    expect(getEventLoopPolicy()).toBeInstanceOf(DefaultEventLoopPolicy);
    const loop = newEventLoop();
    loops.push(loop);
    expect(loop.clock).toBeInstanceOf(RealClock);
  });

  it("resetRuntimeState() restarts task names and forgets the loop; not while a loop runs", async () => {
    runtimeState.taskCounter = 5;
    const loop = loopFor();
    setEventLoop(loop);
    resetRuntimeState();
    expect(runtimeState.taskCounter).toBe(0);
    // The loop was the default policy's, which is gone: a fresh one has none set.
    expect(runtimeState.policy).toBe(null);
    expect(() => getEventLoop()).not.toThrow();
    expect(getEventLoop()).not.toBe(loop);
    setEventLoop(null);
    let error = "";
    loop.callSoon(() => {
      try {
        resetRuntimeState();
      } catch (e) {
        error = (e as Error).message;
      }
      loop.stop();
    });
    await loop.runForever();
    expect(error).toBe("resetRuntimeState() cannot be called while a loop is running");
  });
});
