import { getRunningLoop, isCoroutine, isCoroutineFunction, newEventLoop, type TimerHandle } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, type Future, run, sleep } from "../src/index.js";

describe("sleep()", () => {
  it("is a coroutine function whose objects start lazily, as asyncio.sleep's do", async () => {
    expect(isCoroutineFunction(sleep)).toBe(true);
    const bad = sleep("soon" as never);
    expect(isCoroutine(bad)).toBe(true);
    // The TypeError comes when the coroutine runs, not when it is made (Python: on await).
    expect(() => bad.next()).toThrow(new TypeError("sleep() needs a number of seconds, got 'soon'"));
    // Finished: resuming it again is Python's RuntimeError (a generator would answer done).
    expect(() => bad.next()).toThrow("cannot reuse already awaited coroutine");
    expect(() => sleep(Number.NaN).next()).toThrow(TypeError);
    expect(() => sleep(1).next()).toThrow("no running event loop");
  });

  it("sleep(0) yields one bare turn and returns its result; it never touches the loop", () => {
    const s = sleep(0, "r");
    expect(s.next()).toEqual({ value: undefined, done: false });
    expect(s.next()).toEqual({ value: "r", done: true });
    expect(() => s.next()).toThrow("cannot reuse already awaited coroutine");
    const negative = sleep(-1, 7);
    expect(negative.next().done).toBe(false);
    expect(negative.return(9 as never)).toEqual({ value: 9, done: true });
    expect(() => negative.next()).toThrow("cannot reuse already awaited coroutine");
    const thrown = sleep(0);
    expect(() => thrown.throw(new Error("x"))).toThrow("x");
    expect(() => thrown.next()).toThrow("cannot reuse already awaited coroutine");
  });

  it("waits on a timer it clears when left early (throw, return), and returns the result", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    await loop.runUntilComplete(
      (function* () {
        const s = sleep(5, "late");
        const first = s.next();
        expect(first.done).toBe(false);
        const fut = first.value as Future<string>;
        expect(fut.done()).toBe(false);
        expect(loop._scheduled.length).toBe(1);
        const timer = loop._scheduled.peek() as TimerHandle;
        expect(timer.when()).toBe(loop.time() + 5);
        expect(() => s.throw(new CancelledError())).toThrow(CancelledError);
        expect(timer.cancelled()).toBe(true);
        expect(() => s.next()).toThrow("cannot reuse already awaited coroutine");

        expect(loop._timerCancelledCount).toBe(1);
        const r = sleep(5);
        r.next();
        expect(loop._scheduled.length).toBe(2);
        expect(r.return(undefined)).toEqual({ value: undefined, done: true });
        expect(loop._timerCancelledCount).toBe(2);
        yield* sleep(0);
      })(),
    );
    loop.close();
    let got: unknown;
    let slept = 0;
    await run(
      (function* () {
        const l = getRunningLoop();
        const t0 = l.time();
        const task = createTask(sleep(0.05, { ok: 1 }));
        got = yield* task;
        slept = l.time() - t0;
      })(),
      { clock: "virtual" },
    );
    expect(got).toEqual({ ok: 1 });
    expect(slept).toBeCloseTo(0.05, 9);
  });

  it("cancelling the sleeping task clears the timer and raises CancelledError in it", async () => {
    const out: string[] = [];
    await run(
      (function* () {
        const task = createTask(
          (function* () {
            try {
              yield* sleep(10);
            } catch (e) {
              out.push((e as Error).name);
              throw e;
            }
          })(),
        );
        yield* sleep(0);
        yield* sleep(0);
        const loop = task.getLoop();
        const timer = loop._scheduled.peek() as TimerHandle;
        expect(timer.cancelled()).toBe(false);
        task.cancel();
        yield* sleep(0);
        yield* sleep(0);
        expect(task.cancelled()).toBe(true);
        expect(timer.cancelled()).toBe(true);
      })(),
      { clock: "virtual" },
    );
    expect(out).toEqual(["CancelledError"]);
  });

  it("resumed while its future is pending (stepped by another than the task waiting): Python's RuntimeError of a future, timer cleared", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    await loop.runUntilComplete(
      (function* () {
        const s = sleep(5, "late");
        const fut = s.next().value as Future<string>;
        const timer = loop._scheduled.peek() as TimerHandle;
        let err: unknown;
        try {
          s.next();
        } catch (e) {
          err = e;
        }
        expect((err as Error).constructor).toBe(Error);
        expect((err as Error).message).toBe("await wasn't used with future");
        expect(timer.cancelled()).toBe(true);
        expect(fut.done()).toBe(false);
        expect(() => s.next()).toThrow("cannot reuse already awaited coroutine");
        yield* sleep(0);
      })(),
    );
    loop.close();
  });

  it("resumed after its future was cancelled by someone else: the CancelledError names the sleeping coroutine", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    await loop.runUntilComplete(
      (function* () {
        function* napper() {
          return yield* sleep(5);
        }
        const g = napper();
        const fut = g.next().value as Future<void>;
        fut.cancel("gone");
        let err: unknown;
        try {
          g.next();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(CancelledError);
        expect((err as Error).message).toBe("gone");
        expect(String((err as Error).stack)).toMatch(/^CancelledError: gone\n\s+at napper \(/);
        yield* sleep(0);
      })(),
    );
    loop.close();
  });
});
