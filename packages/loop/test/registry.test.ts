import { describe, expect, it } from "vitest";
import { getEventLoop, getRunningLoop, newEventLoop, setEventLoop, tryGetRunningLoop } from "../src/index.js";

describe("the loop registry", () => {
  it("getRunningLoop() only works while a loop runs", async () => {
    expect(() => getRunningLoop()).toThrow("no running event loop");
    expect(tryGetRunningLoop()).toBeNull();
    const loop = newEventLoop({ clock: "virtual" });
    let inside: unknown;
    loop.callSoon(() => {
      inside = getRunningLoop();
      loop.stop();
    });
    await loop.runForever();
    expect(inside).toBe(loop);
    expect(tryGetRunningLoop()).toBeNull();
    loop.close();
  });

  it("getEventLoop() creates a loop once with a DeprecationWarning, then returns the set loop", () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const first = getEventLoop();
    expect(getEventLoop()).toBe(first);
    const other = newEventLoop();
    setEventLoop(other);
    expect(getEventLoop()).toBe(other);
    setEventLoop(null);
    expect(() => getEventLoop()).toThrow("There is no current event loop in thread 'MainThread'.");
    expect(() => setEventLoop(42 as never)).toThrow(
      "loop must be an instance of EventLoop or None, not 'int'",
    );
    first.close();
    other.close();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        process.off("warning", onWarning);
        expect(warnings).toEqual(["DeprecationWarning: There is no current event loop"]);
        resolve();
      }),
    );
  });
});

describe("event loop policy and a fresh runtime state", () => {
  it("newEventLoop() without options uses the policy; resetRuntimeState() clears it", async () => {
    const { setEventLoopPolicy, getEventLoopPolicy, VirtualClock, EventLoop } = await import(
      "../src/index.js"
    );
    const { resetRuntimeState } = await import("../src/testing.js");
    const clock = new VirtualClock();
    setEventLoopPolicy({ newEventLoop: () => new EventLoop({ clock }) });
    const loop = newEventLoop();
    expect(loop.clock).toBe(clock);
    expect(getEventLoopPolicy()).not.toBeNull();
    expect(() => setEventLoopPolicy(42 as never)).toThrow(
      /policy must be an object with newEventLoop\(\) or None, got 42/,
    );
    loop.close();
    resetRuntimeState();
    expect(getEventLoopPolicy()).toBeNull();
    expect(newEventLoop().clock).not.toBe(clock);
  });
});
