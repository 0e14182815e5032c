/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_server.py
 * (/root/.pyenv/versions/3.12.1/lib/python3.12/test/test_asyncio/test_server.py), on real sockets.
 *
 * Translation rules:
 * - BaseStartServer.test_start_server_1 runs upstream under SelectorStartServerTests and under the
 *   Windows-only ProactorStartServerTests: it is ported once, under SelectorStartServerTests.
 * - `self.tcp_client(fn)` / `self.unix_client(fn)` (the client in a thread, joined when the `with`
 *   ends) is a Node `net` client in this process, run beside the loop and awaited after it;
 *   `time.sleep(0.2)` in that thread is a 0.2 s timer; `threading.Event` is a promise.
 * - `async with srv:` is its `__aexit__`: `srv.close()` then `yield* srv.waitClosed()` in a `finally`.
 * - `srv._sockets is None` is read through `srv.sockets` (`[]`), `srv._waiters is None` as
 *   `waitClosed()` returning without waiting (its coroutine is done at its first step): the
 *   Server's fields are private (`#`).
 * - TestServer2: `srv._attach()` / `srv._detach()` (the count of active connections) are a real
 *   connection: `_attach()` is a client connecting, counted once the server's callback has it;
 *   `_detach()` is the server's side of it aborted (its transport detaches from the server when
 *   its connectionLost runs, on the loop's next turn). `self.addCleanup(srv.close)` is a `finally`.
 * - `socket_helper.HOSTv4` is `127.0.0.1`; Python's `RuntimeError` is `Error`.
 */
import { connect, type Socket } from "node:net";
import type { Future } from "@aio/future";
import { type EventLoop, getRunningLoop, newEventLoop, setEventLoop } from "@aio/loop";
import { CancelledError, type Coro, sleep, type Task } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  openConnection,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "../../src/index.js";
import { unixSocketPath } from "./test-utils.js";

export const NOT_APPLICABLE: Record<string, string> = {};

const HOSTv4 = "127.0.0.1";

/** A value Python would use as is (None there raises AttributeError): present, or the test fails. */
function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new TypeError("unexpected None");
  return value;
}

/** `sock.recv_all(n)` after `sock.connect(addr)` and `sock.send(data)`, with `sock.settimeout(2)`. */
function clientExchange(
  addr: { port: number; host: string } | { path: string },
  data: Buffer,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const sock: Socket = connect(addr as never);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("timed out"));
    }, 2000);
    sock.on("connect", () => sock.write(data));
    sock.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(timer);
      sock.destroy();
      resolve(Buffer.concat(chunks));
    });
    sock.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `self.assertRaises(E, self.loop.run_until_complete, coro)`. */
async function raises<E>(loop: EventLoop, cls: abstract new (...a: never[]) => E, coro: unknown): Promise<E> {
  try {
    await loop.runUntilComplete(coro as never);
  } catch (err) {
    expect(err).toBeInstanceOf(cls);
    return err as E;
  }
  throw new Error(`${cls.name} not raised`);
}

/** `srv._waiters is None`: `waitClosed()` returns without waiting. */
function waitersIsNone(srv: Server): boolean {
  return srv.waitClosed().next().done === true;
}

describe("SelectorStartServerTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    setEventLoop(null);
    loop.close();
  });

  it("test_start_server_1", async () => {
    const HELLO_MSG = Buffer.concat([Buffer.alloc(1024 * 5, "1"), Buffer.from("\n")]);
    let mainTask!: Task<void>;

    async function client(addr: [string, number]) {
      let serving = false;
      for (let i = 0; i < 10; i++) {
        await delay(200);
        if (srv.isServing()) {
          serving = true;
          break;
        }
      }
      if (!serving) throw new Error("RuntimeError");

      await clientExchange({ host: addr[0], port: addr[1] }, HELLO_MSG);
    }

    function* serve(reader: StreamReader, writer: StreamWriter) {
      yield* reader.readline();
      mainTask.cancel();
      writer.write(Buffer.from("1"));
      writer.close();
      yield* writer.waitClosed();
    }

    function* main(srv: Server): Coro<void> {
      try {
        yield* srv.serveForever();
      } finally {
        srv.close();
        yield* srv.waitClosed();
      }
    }

    const srv = await loop.runUntilComplete(startServer(serve, HOSTv4, 0, { startServing: false }));

    expect(srv.isServing()).toBe(false);

    mainTask = loop.createTask(main(srv)) as Task<void>;

    const addr = must(srv.sockets[0]).getsockname() as [string, number];
    const clientDone = client(addr);
    try {
      await raises(loop, CancelledError, mainTask);
    } finally {
      await clientDone;
    }

    expect(srv.sockets).toEqual([]);

    expect(srv.sockets).toEqual([]);
    expect(waitersIsNone(srv)).toBe(true);
    expect(srv.isServing()).toBe(false);

    const err = await raises(loop, Error, srv.serveForever());
    expect((err as Error).message).toMatch(/is closed/);
  });

  it("test_start_unix_server_1", async () => {
    const HELLO_MSG = Buffer.concat([Buffer.alloc(1024 * 5, "1"), Buffer.from("\n")]);
    let setStarted!: () => void;
    const started = new Promise<void>((r) => {
      setStarted = r;
    });
    let mainTask!: Task<void>;

    async function client(addr: string) {
      await Promise.race([started, delay(5000)]);
      await clientExchange({ path: addr }, HELLO_MSG);
    }

    function* serve(reader: StreamReader, writer: StreamWriter) {
      yield* reader.readline();
      mainTask.cancel();
      writer.write(Buffer.from("1"));
      writer.close();
      yield* writer.waitClosed();
    }

    function* main(srv: Server): Coro<void> {
      try {
        expect(srv.isServing()).toBe(false);
        yield* srv.startServing();
        expect(srv.isServing()).toBe(true);
        setStarted();
        yield* srv.serveForever();
      } finally {
        srv.close();
        yield* srv.waitClosed();
      }
    }

    const { path: addr, cleanup } = unixSocketPath();
    try {
      const srv = await loop.runUntilComplete(startUnixServer(serve, addr, { startServing: false }));

      mainTask = loop.createTask(main(srv)) as Task<void>;

      const clientDone = client(addr);
      try {
        await raises(loop, CancelledError, mainTask);
      } finally {
        await clientDone;
      }

      expect(srv.sockets).toEqual([]);

      expect(srv.sockets).toEqual([]);
      expect(waitersIsNone(srv)).toBe(true);
      expect(srv.isServing()).toBe(false);

      const err = await raises(loop, Error, srv.serveForever());
      expect((err as Error).message).toMatch(/is closed/);
    } finally {
      cleanup();
    }
  });
});

describe("TestServer2", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    setEventLoop(null);
    loop.close();
  });

  /**
   * A server whose callback records the server side of each connection; `attach()` connects a
   * client and waits until the server has it (`_attach()`), `detach()` aborts the server's side
   * (`_detach()` once its connectionLost runs).
   */
  function* startCountingServer() {
    const serverSides: StreamWriter[] = [];
    const clients: StreamWriter[] = [];
    let accepted: Future<void> | null = null;
    function serve(_reader: StreamReader, writer: StreamWriter) {
      serverSides.push(writer);
      accepted?.setResult(undefined);
    }
    const srv = yield* startServer(serve, HOSTv4, 0);
    const [host, port] = must(srv.sockets[0]).getsockname() as [string, number];
    function* attach() {
      accepted = getRunningLoop().createFuture<void>() as Future<void>;
      const [, writer] = yield* openConnection(host, port);
      clients.push(writer);
      yield* accepted;
    }
    function detach() {
      serverSides.shift()?.transport.abort();
    }
    function closeClients() {
      for (const w of clients) w.transport.abort();
    }
    return { srv, attach, detach, closeClients };
  }

  it("test_wait_closed_basic", async () => {
    function* body() {
      const { srv, attach, detach, closeClients } = yield* startCountingServer();
      try {
        const loop = getRunningLoop();
        // active count = 0, not closed: should block
        const task1 = loop.createTask(srv.waitClosed());
        yield* sleep(0);
        expect(task1.done()).toBe(false);

        // active count != 0, not closed: should block
        yield* attach();
        const task2 = loop.createTask(srv.waitClosed());
        yield* sleep(0);
        expect(task1.done()).toBe(false);
        expect(task2.done()).toBe(false);

        srv.close();
        yield* sleep(0);
        // active count != 0, closed: should block
        const task3 = loop.createTask(srv.waitClosed());
        yield* sleep(0);
        expect(task1.done()).toBe(false);
        expect(task2.done()).toBe(false);
        expect(task3.done()).toBe(false);

        detach();
        // active count == 0, closed: should unblock
        yield* task1;
        yield* task2;
        yield* task3;
        yield* srv.waitClosed(); // Return immediately
        closeClients();
      } finally {
        srv.close();
      }
    }
    await loop.runUntilComplete(body());
  });

  it("test_wait_closed_race", async () => {
    // Test a regression in 3.12.0, should be fixed in 3.12.1
    function* body() {
      const { srv, attach, detach, closeClients } = yield* startCountingServer();
      try {
        const task = getRunningLoop().createTask(srv.waitClosed());
        yield* sleep(0);
        expect(task.done()).toBe(false);
        yield* attach();
        const loop = getRunningLoop();
        loop.callSoon(() => srv.close());
        loop.callSoon(detach);
        yield* srv.waitClosed();
        closeClients();
      } finally {
        srv.close();
      }
    }
    await loop.runUntilComplete(body());
  });
});
