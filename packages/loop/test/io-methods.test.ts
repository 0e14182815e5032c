/**
 * The loop's transport methods (`loop.createConnection`, `loop.subprocessExec`, …): defined on every
 * loop, implemented by @aio/streams through the hook registry. This package's tests do not import
 * @aio/streams, so here the registry is empty or holds a test implementation.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AbstractServer,
  EventLoop,
  IO_METHOD_NAMES,
  type IoMethod,
  NotImplementedError,
  newEventLoop,
  runtimeHooks,
} from "../src/index.js";

type Loose = Record<string, (...args: unknown[]) => unknown>;

describe("the loop's transport methods", () => {
  const saved = runtimeHooks().ioMethods;
  afterEach(() => {
    runtimeHooks().ioMethods = saved;
  });

  it("exist on every loop, and without @aio/streams say what to import", () => {
    runtimeHooks().ioMethods = undefined;
    const loop = newEventLoop();
    try {
      expect(IO_METHOD_NAMES).toContain("createConnection");
      expect(IO_METHOD_NAMES).toContain("subprocessExec");
      for (const name of IO_METHOD_NAMES) {
        expect(typeof (loop as unknown as Loose)[name], name).toBe("function");
        expect(Object.hasOwn(EventLoop.prototype, name), name).toBe(true);
        // Not enumerable data of the instance: a method of the class, as the others.
        expect(Object.keys(loop)).not.toContain(name);
        expect(() => (loop as unknown as Loose)[name]?.("x")).toThrow(NotImplementedError);
      }
      expect(() => (loop as unknown as Loose).createServer?.()).toThrow(
        'loop.createServer() is implemented by @aio/streams: import "@aio/streams" (or "@aio/asyncio") first',
      );
    } finally {
      loop.close();
    }
  });

  it("call the installed implementation with the loop first, then their arguments, and return its result", () => {
    const calls: unknown[][] = [];
    const impl: IoMethod = (loop: EventLoop, ...args: never[]) => {
      calls.push([loop, ...args]);
      return "result";
    };
    runtimeHooks().ioMethods = { createConnection: impl };
    const loop = newEventLoop();
    try {
      expect((loop as unknown as Loose).createConnection?.("factory", "127.0.0.1", 80)).toBe("result");
      expect(calls).toEqual([[loop, "factory", "127.0.0.1", 80]]);
      // A method the implementation does not provide still says what to import.
      expect(() => (loop as unknown as Loose).createServer?.()).toThrow(NotImplementedError);
      expect((loop as unknown as Loose).createConnection?.name).toBe("createConnection");
    } finally {
      loop.close();
    }
  });
});

describe("AbstractServer", () => {
  it("raises NotImplementedError from every method, the coroutines when run", () => {
    const server = new AbstractServer();
    for (const name of ["close", "getLoop", "isServing"] as const) {
      expect(() => server[name](), name).toThrow(NotImplementedError);
    }
    for (const name of ["startServing", "serveForever", "waitClosed"] as const) {
      const coro = server[name]();
      expect(() => coro.next(), name).toThrow(NotImplementedError);
    }
  });
});
