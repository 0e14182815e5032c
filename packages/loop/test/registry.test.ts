import { describe, expect, it } from "vitest";
import {
  AbstractEventLoop,
  DefaultEventLoopPolicy,
  getEventLoop,
  getRunningLoop,
  NotImplementedError,
  newEventLoop,
  setEventLoop,
  tryGetRunningLoop,
} from "../src/index.js";
import { resetRuntimeState } from "../src/testing.js";

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
    resetRuntimeState(); // as in a new process, whatever ran before in this thread
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
    // A fresh default policy again (CPython: get_event_loop_policy() is never None).
    const fresh = getEventLoopPolicy();
    expect(fresh).toBeInstanceOf(DefaultEventLoopPolicy);
    expect(getEventLoopPolicy()).toBe(fresh);
    expect(newEventLoop().clock).not.toBe(clock);
  });

  it("a policy keeps the thread's loop; what a plain-object policy leaves out acts as the default's", async () => {
    const { setEventLoopPolicy, getEventLoopPolicy, EventLoop, getEventLoop, setEventLoop } = await import(
      "../src/index.js"
    );
    const made: InstanceType<typeof EventLoop>[] = [];
    const policy = {
      newEventLoop: () => {
        const l = new EventLoop();
        made.push(l);
        return l;
      },
    };
    setEventLoopPolicy(policy);
    try {
      expect(getEventLoopPolicy()).toBe(policy);
      const first = getEventLoop(); // made through the policy, with the DeprecationWarning
      expect(made).toEqual([first]);
      expect(getEventLoop()).toBe(first);
      setEventLoop(null);
      expect(() => getEventLoop()).toThrow(
        new Error("There is no current event loop in thread 'MainThread'."),
      );
      expect(() => setEventLoop({} as never)).toThrow(
        new TypeError("loop must be an instance of EventLoop or None, not 'dict'"),
      );
      // A new policy has its own thread loop: none set yet, so one is made.
      setEventLoopPolicy(null);
      const other = getEventLoop();
      expect(other).not.toBe(first);
      expect(made).toEqual([first]);
      setEventLoop(null);
      other.close();
    } finally {
      for (const l of made) l.close();
      setEventLoopPolicy(null);
    }
  });

  it("AbstractEventLoopPolicy's methods raise NotImplementedError; a policy's own getEventLoop is asked", async () => {
    const { AbstractEventLoopPolicy, NotImplementedError, setEventLoopPolicy, getEventLoop, EventLoop } =
      await import("../src/index.js");
    const abstract = new AbstractEventLoopPolicy();
    for (const call of [
      () => abstract.getEventLoop(),
      () => abstract.setEventLoop(null),
      () => abstract.newEventLoop(),
      () => abstract.getChildWatcher(),
      () => abstract.setChildWatcher(null),
    ]) {
      expect(call).toThrow(NotImplementedError);
    }
    const own = new EventLoop();
    class Mine extends DefaultEventLoopPolicy {
      override getEventLoop() {
        return own;
      }
    }
    setEventLoopPolicy(new Mine());
    try {
      expect(getEventLoop()).toBe(own);
    } finally {
      setEventLoopPolicy(null);
      own.close();
    }
  });
});

describe("AbstractEventLoop (Python: asyncio.AbstractEventLoop)", () => {
  it("raises NotImplementedError from every method: at once, or on await for Python's async ones", async () => {
    const loop = new AbstractEventLoop();
    expect(() => loop.callSoon(() => {})).toThrow(NotImplementedError);
    expect(() => loop.time()).toThrow(NotImplementedError);
    expect(() => loop.addReader(1, () => {})).toThrow(NotImplementedError);
    const pending = loop.createConnection(() => {});
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBeInstanceOf(NotImplementedError);
    await expect(loop.shutdownAsyncgens()).rejects.toThrow(NotImplementedError);
  });

  it("has asyncio's whole interface: Python's async methods reject, the others throw", async () => {
    const loop = new AbstractEventLoop() as unknown as Record<string, (...a: unknown[]) => unknown>;
    const names = Object.getOwnPropertyNames(AbstractEventLoop.prototype).filter((n) => n !== "constructor");
    const rejected: string[] = [];
    for (const name of names) {
      let result: unknown;
      try {
        result = loop[name]?.();
      } catch (err) {
        expect(err, name).toBeInstanceOf(NotImplementedError);
        continue;
      }
      expect(result, name).toBeInstanceOf(Promise);
      await expect(result, name).rejects.toBeInstanceOf(NotImplementedError);
      rejected.push(name);
    }
    // asyncio.AbstractEventLoop's `async def` methods (3.12), camelCased
    expect(rejected.sort()).toEqual(
      [
        "shutdownAsyncgens",
        "shutdownDefaultExecutor",
        "getaddrinfo",
        "getnameinfo",
        "createConnection",
        "createServer",
        "sendfile",
        "startTls",
        "createUnixConnection",
        "createUnixServer",
        "connectAcceptedSocket",
        "createDatagramEndpoint",
        "connectReadPipe",
        "connectWritePipe",
        "subprocessShell",
        "subprocessExec",
        "sockRecv",
        "sockRecvInto",
        "sockRecvfrom",
        "sockRecvfromInto",
        "sockSendall",
        "sockSendto",
        "sockConnect",
        "sockAccept",
        "sockSendfile",
      ].sort(),
    );
    expect(names.length - rejected.length).toBe(29);
  });

  it("has every aio loop for an instance, and a subclass keeps the plain prototype test", () => {
    const real = newEventLoop({ clock: "virtual" });
    try {
      expect(real instanceof AbstractEventLoop).toBe(true);
      expect({} instanceof AbstractEventLoop).toBe(false);
      expect((null as unknown as object) instanceof AbstractEventLoop).toBe(false);
      class MyLoop extends AbstractEventLoop {
        override time(): never {
          throw new RangeError("mine");
        }
      }
      const mine = new MyLoop();
      expect(mine instanceof AbstractEventLoop).toBe(true);
      expect(mine instanceof MyLoop).toBe(true);
      expect(real instanceof MyLoop).toBe(false);
      expect(() => mine.time()).toThrow("mine");
      expect(() => mine.stop()).toThrow(NotImplementedError);
    } finally {
      real.close();
    }
  });
});
