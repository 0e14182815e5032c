/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_streams.py
 * (/root/.pyenv/versions/3.12.1/lib/python3.12/test/test_asyncio/test_streams.py): the StreamReader
 * tests (feed, read, readline, readuntil, readexactly, exception, repr, constructor, the errors'
 * fields), then the connection, server, TLS and writer tests, on real sockets.
 *
 * Translation rules:
 * - Each test gets a fresh loop (`newEventLoop()`); `self.loop.run_until_complete(coro)` is
 *   `await loop.runUntilComplete(coro)`, `create_task` is `loop.createTask`, `call_soon` is
 *   `loop.callSoon`; the loop is closed after the test.
 * - `stream._buffer` (a bytearray upstream compares with bytes) is read through the same-purpose
 *   private `buffer` field, as a Buffer.
 * - Python's `ValueError` is `RangeError`, its `RuntimeError` is `Error`.
 * - `test_utils.run_test_server()` (wsgiref in a thread) is a Node `net`/`tls` server in this
 *   process answering as wsgiref does (./test-utils.ts); `socket.create_server()` is a listening
 *   Node server, passed to `startServer` as `sock`; the SSL contexts are Node TLS options.
 * - `writer._protocol` is the writer's internal `_protocol` getter.
 */
import { execFileSync } from "node:child_process";
import { closeSync, constants as fsConstants, mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrokenPipeError, ConnectionAbortedError, ConnectionResetError } from "@aio/fs";
import type { Future } from "@aio/future";
import {
  type EventLoop,
  type ExceptionContext,
  getRunningLoop,
  newEventLoop,
  repr,
  setEventLoop,
} from "@aio/loop";
import { type Coro, gather, wait } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  connectReadPipe,
  createSubprocessExec,
  FlowControlProtocol,
  IncompleteReadError,
  LimitOverrunError,
  type OpenConnectionOptions,
  type OpenUnixConnectionOptions,
  openConnection,
  openUnixConnection,
  type Server,
  StreamReader,
  StreamReaderProtocol,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "../../src/index.js";
import {
  dummySslContext,
  runTestServer,
  simpleServerSslcontext,
  type TestServer,
  unixSocketPath,
} from "./test-utils.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "StreamTests.test_unclosed_resource_warnings":
    "a ResourceWarning from the StreamWriter's __del__ when gc.collect() frees it: JavaScript has no destructors, and FinalizationRegistry callbacks run at no defined time",
  "StreamTests.test_loop_is_closed_resource_warnings":
    "the same __del__ ResourceWarning, when the loop is already closed: no destructors in JavaScript (FinalizationRegistry runs at no defined time)",
  "StreamTests.test_IncompleteReadError_pickleable":
    "pickle has no JavaScript counterpart: structuredClone() keeps an Error's name and message only, never its own fields",
  "StreamTests.test_LimitOverrunError_pickleable":
    "pickle has no JavaScript counterpart: structuredClone() keeps an Error's name and message only, never its own fields",
};

const DATA = Buffer.from("line1\nline2\nline3\n");
const b = (s: string) => Buffer.from(s, "latin1");

/** Python's `stream._buffer`. */
function bufferOf(stream: StreamReader): Buffer {
  return (stream as unknown as { buffer: { toBuffer(): Buffer } }).buffer.toBuffer();
}

/** `self.assertRaises(E, self.loop.run_until_complete, coro)`: the error, checked to be an E. */
async function raises<E>(loop: EventLoop, cls: abstract new (...a: never[]) => E, coro: unknown): Promise<E> {
  try {
    await loop.runUntilComplete(coro as never);
  } catch (err) {
    expect(err).toBeInstanceOf(cls);
    return err as E;
  }
  throw new Error(`${cls.name} not raised`);
}

/** Python's `test_utils.run_briefly(loop)`: one short run of the loop. */
async function runBriefly(loop: EventLoop): Promise<void> {
  await loop.runUntilComplete(
    (function* () {
      yield;
    })(),
  );
}

describe("StreamTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
  });
  afterEach(() => {
    setEventLoop(null);
    loop.close();
  });

  it("test_feed_empty_data", () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b(""));
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_feed_nonempty_data", () => {
    const stream = new StreamReader({ loop });
    stream.feedData(DATA);
    expect(bufferOf(stream)).toEqual(DATA);
  });

  it("test_read_zero", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(DATA);
    const data = await loop.runUntilComplete(stream.read(0));
    expect(data).toEqual(b(""));
    expect(bufferOf(stream)).toEqual(DATA);
  });

  it("test_read", async () => {
    const stream = new StreamReader({ loop });
    const readTask = loop.createTask(stream.read(30));
    loop.callSoon(() => stream.feedData(DATA));
    const data = await loop.runUntilComplete(readTask);
    expect(data).toEqual(DATA);
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_read_line_breaks", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("line1"));
    stream.feedData(b("line2"));
    const data = await loop.runUntilComplete(stream.read(5));
    expect(data).toEqual(b("line1"));
    expect(bufferOf(stream)).toEqual(b("line2"));
  });

  it("test_read_eof", async () => {
    const stream = new StreamReader({ loop });
    const readTask = loop.createTask(stream.read(1024));
    loop.callSoon(() => stream.feedEof());
    const data = await loop.runUntilComplete(readTask);
    expect(data).toEqual(b(""));
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_read_until_eof", async () => {
    const stream = new StreamReader({ loop });
    const readTask = loop.createTask(stream.read(-1));
    loop.callSoon(() => {
      stream.feedData(b("chunk1\n"));
      stream.feedData(b("chunk2"));
      stream.feedEof();
    });
    const data = await loop.runUntilComplete(readTask);
    expect(data).toEqual(b("chunk1\nchunk2"));
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_read_exception", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("line\n"));
    const data = await loop.runUntilComplete(stream.read(2));
    expect(data).toEqual(b("li"));
    stream.setException(new RangeError());
    await raises(loop, RangeError, stream.read(2));
  });

  it("test_invalid_limit", () => {
    expect(() => new StreamReader({ limit: 0, loop })).toThrow(/imit/);
    expect(() => new StreamReader({ limit: 0, loop })).toThrow(RangeError);
    expect(() => new StreamReader({ limit: -1, loop })).toThrow(/imit/);
    expect(() => new StreamReader({ limit: -1, loop })).toThrow(RangeError);
  });

  it("test_read_limit", async () => {
    const stream = new StreamReader({ limit: 3, loop });
    stream.feedData(b("chunk"));
    const data = await loop.runUntilComplete(stream.read(5));
    expect(data).toEqual(b("chunk"));
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readline", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("chunk1 "));
    const readTask = loop.createTask(stream.readline());
    loop.callSoon(() => {
      stream.feedData(b("chunk2 "));
      stream.feedData(b("chunk3 "));
      stream.feedData(b("\n chunk4"));
    });
    const line = await loop.runUntilComplete(readTask);
    expect(line).toEqual(b("chunk1 chunk2 chunk3 \n"));
    expect(bufferOf(stream)).toEqual(b(" chunk4"));
  });

  it("test_readline_limit_with_existing_data", async () => {
    let stream = new StreamReader({ limit: 3, loop });
    stream.feedData(b("li"));
    stream.feedData(b("ne1\nline2\n"));
    await raises(loop, RangeError, stream.readline());
    // The buffer should contain the remaining data after exception
    expect(bufferOf(stream)).toEqual(b("line2\n"));

    stream = new StreamReader({ limit: 3, loop });
    stream.feedData(b("li"));
    stream.feedData(b("ne1"));
    stream.feedData(b("li"));
    await raises(loop, RangeError, stream.readline());
    // No b'\n' at the end: readline consumed the whole buffer, longer than the limit, before waiting.
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_at_eof", async () => {
    const stream = new StreamReader({ loop });
    expect(stream.atEof()).toBe(false);
    stream.feedData(b("some data\n"));
    expect(stream.atEof()).toBe(false);
    await loop.runUntilComplete(stream.readline());
    expect(stream.atEof()).toBe(false);
    stream.feedData(b("some data\n"));
    stream.feedEof();
    await loop.runUntilComplete(stream.readline());
    expect(stream.atEof()).toBe(true);
  });

  it("test_readline_limit", async () => {
    let stream = new StreamReader({ limit: 7, loop });
    loop.callSoon(() => {
      stream.feedData(b("chunk1"));
      stream.feedData(b("chunk2"));
      stream.feedData(b("chunk3\n"));
      stream.feedEof();
    });
    await raises(loop, RangeError, stream.readline());
    // The buffer had just one line of data, and after raising a ValueError it should be empty.
    expect(bufferOf(stream)).toEqual(b(""));

    stream = new StreamReader({ limit: 7, loop });
    loop.callSoon(() => {
      stream.feedData(b("chunk1"));
      stream.feedData(b("chunk2\n"));
      stream.feedData(b("chunk3\n"));
      stream.feedEof();
    });
    await raises(loop, RangeError, stream.readline());
    expect(bufferOf(stream)).toEqual(b("chunk3\n"));

    // check strictness of the limit
    stream = new StreamReader({ limit: 7, loop });
    stream.feedData(b("1234567\n"));
    const line = await loop.runUntilComplete(stream.readline());
    expect(line).toEqual(b("1234567\n"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("12345678\n"));
    await raises(loop, RangeError, stream.readline());
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("12345678"));
    await raises(loop, RangeError, stream.readline());
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readline_nolimit_nowait", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(DATA.subarray(0, 6));
    stream.feedData(DATA.subarray(6));
    const line = await loop.runUntilComplete(stream.readline());
    expect(line).toEqual(b("line1\n"));
    expect(bufferOf(stream)).toEqual(b("line2\nline3\n"));
  });

  it("test_readline_eof", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("some data"));
    stream.feedEof();
    const line = await loop.runUntilComplete(stream.readline());
    expect(line).toEqual(b("some data"));
  });

  it("test_readline_empty_eof", async () => {
    const stream = new StreamReader({ loop });
    stream.feedEof();
    const line = await loop.runUntilComplete(stream.readline());
    expect(line).toEqual(b(""));
  });

  it("test_readline_read_byte_count", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(DATA);
    await loop.runUntilComplete(stream.readline());
    const data = await loop.runUntilComplete(stream.read(7));
    expect(data).toEqual(b("line2\nl"));
    expect(bufferOf(stream)).toEqual(b("ine3\n"));
  });

  it("test_readline_exception", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("line\n"));
    const data = await loop.runUntilComplete(stream.readline());
    expect(data).toEqual(b("line\n"));
    stream.setException(new RangeError());
    await raises(loop, RangeError, stream.readline());
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readuntil_separator", async () => {
    const stream = new StreamReader({ loop });
    const err = await raises(loop, RangeError, stream.readuntil(b("")));
    expect(err.message).toMatch(/Separator should be/);
  });

  it("test_readuntil_multi_chunks", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("lineAAA"));
    let data = await loop.runUntilComplete(stream.readuntil(b("AAA")));
    expect(data).toEqual(b("lineAAA"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("lineAAA"));
    data = await loop.runUntilComplete(stream.readuntil(b("AAA")));
    expect(data).toEqual(b("lineAAA"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("lineAAAxxx"));
    data = await loop.runUntilComplete(stream.readuntil(b("AAA")));
    expect(data).toEqual(b("lineAAA"));
    expect(bufferOf(stream)).toEqual(b("xxx"));
  });

  it("test_readuntil_multi_chunks_1", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("QWEaa"));
    stream.feedData(b("XYaa"));
    stream.feedData(b("a"));
    let data = await loop.runUntilComplete(stream.readuntil(b("aaa")));
    expect(data).toEqual(b("QWEaaXYaaa"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("QWEaa"));
    stream.feedData(b("XYa"));
    stream.feedData(b("aa"));
    data = await loop.runUntilComplete(stream.readuntil(b("aaa")));
    expect(data).toEqual(b("QWEaaXYaaa"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("aaa"));
    data = await loop.runUntilComplete(stream.readuntil(b("aaa")));
    expect(data).toEqual(b("aaa"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("Xaaa"));
    data = await loop.runUntilComplete(stream.readuntil(b("aaa")));
    expect(data).toEqual(b("Xaaa"));
    expect(bufferOf(stream)).toEqual(b(""));

    stream.feedData(b("XXX"));
    stream.feedData(b("a"));
    stream.feedData(b("a"));
    stream.feedData(b("a"));
    data = await loop.runUntilComplete(stream.readuntil(b("aaa")));
    expect(data).toEqual(b("XXXaaa"));
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readuntil_eof", async () => {
    const stream = new StreamReader({ loop });
    const data = b("some dataAA");
    stream.feedData(data);
    stream.feedEof();
    const err = await raises(loop, IncompleteReadError, stream.readuntil(b("AAA")));
    expect(err.message).toMatch(/undefined expected bytes/);
    expect(err.partial).toEqual(data);
    expect(err.expected).toBeNull();
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readuntil_limit_found_sep", async () => {
    const stream = new StreamReader({ loop, limit: 3 });
    stream.feedData(b("some dataAA"));
    let err = await raises(loop, LimitOverrunError, stream.readuntil(b("AAA")));
    expect(err.message).toMatch(/not found/);
    expect(bufferOf(stream)).toEqual(b("some dataAA"));

    stream.feedData(b("A"));
    err = await raises(loop, LimitOverrunError, stream.readuntil(b("AAA")));
    expect(err.message).toMatch(/is found/);
    expect(bufferOf(stream)).toEqual(b("some dataAAA"));
  });

  it("test_readexactly_zero_or_less", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(DATA);
    const data = await loop.runUntilComplete(stream.readexactly(0));
    expect(data).toEqual(b(""));
    expect(bufferOf(stream)).toEqual(DATA);
    const err = await raises(loop, RangeError, stream.readexactly(-1));
    expect(err.message).toMatch(/less than zero/);
    expect(bufferOf(stream)).toEqual(DATA);
  });

  it("test_readexactly", async () => {
    const stream = new StreamReader({ loop });
    const n = 2 * DATA.length;
    const readTask = loop.createTask(stream.readexactly(n));
    loop.callSoon(() => {
      stream.feedData(DATA);
      stream.feedData(DATA);
      stream.feedData(DATA);
    });
    const data = await loop.runUntilComplete(readTask);
    expect(data).toEqual(Buffer.concat([DATA, DATA]));
    expect(bufferOf(stream)).toEqual(DATA);
  });

  it("test_readexactly_limit", async () => {
    const stream = new StreamReader({ limit: 3, loop });
    stream.feedData(b("chunk"));
    const data = await loop.runUntilComplete(stream.readexactly(5));
    expect(data).toEqual(b("chunk"));
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readexactly_eof", async () => {
    const stream = new StreamReader({ loop });
    const n = 2 * DATA.length;
    const readTask = loop.createTask(stream.readexactly(n));
    loop.callSoon(() => {
      stream.feedData(DATA);
      stream.feedEof();
    });
    const err = await raises(loop, IncompleteReadError, readTask);
    expect(err.partial).toEqual(DATA);
    expect(err.expected).toBe(n);
    expect(String(err.message)).toBe("18 bytes read on a total of 36 expected bytes");
    expect(bufferOf(stream)).toEqual(b(""));
  });

  it("test_readexactly_exception", async () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("line\n"));
    const data = await loop.runUntilComplete(stream.readexactly(2));
    expect(data).toEqual(b("li"));
    stream.setException(new RangeError());
    await raises(loop, RangeError, stream.readexactly(2));
  });

  it("test_exception", () => {
    const stream = new StreamReader({ loop });
    expect(stream.exception()).toBeNull();
    const exc = new RangeError();
    stream.setException(exc);
    expect(stream.exception()).toBe(exc);
  });

  it("test_exception_waiter", async () => {
    const stream = new StreamReader({ loop });
    function* setErr() {
      stream.setException(new RangeError());
    }
    const t1 = loop.createTask(stream.readline());
    const t2 = loop.createTask(setErr());
    await loop.runUntilComplete(wait([t1, t2] as Future<unknown>[]));
    expect(() => t1.result()).toThrow(RangeError);
  });

  it("test_exception_cancel", async () => {
    const stream = new StreamReader({ loop });
    const t = loop.createTask(stream.readline());
    await runBriefly(loop);
    t.cancel();
    await runBriefly(loop);
    // The following line fails if setException() isn't careful.
    stream.setException(new Error("message"));
    await runBriefly(loop);
    expect((stream as unknown as { waiter: unknown }).waiter).toBeNull();
  });

  it("test_streamreader_constructor_without_loop", () => {
    setEventLoop(null);
    expect(() => new StreamReader()).toThrow(/no current event loop/);
  });

  it("test_streamreader_constructor_use_running_loop", async () => {
    function* test() {
      return new StreamReader();
    }
    const reader = await loop.runUntilComplete(test());
    expect((reader as unknown as { loop: EventLoop }).loop).toBe(loop);
  });

  it("test_streamreader_constructor_use_global_loop", () => {
    setEventLoop(loop);
    const reader = new StreamReader();
    expect((reader as unknown as { loop: EventLoop }).loop).toBe(loop);
  });

  it("test___repr__", () => {
    const stream = new StreamReader({ loop });
    expect(repr(stream)).toBe("<StreamReader>");
  });

  it("test___repr__nondefault_limit", () => {
    const stream = new StreamReader({ loop, limit: 123 });
    expect(repr(stream)).toBe("<StreamReader limit=123>");
  });

  it("test___repr__eof", () => {
    const stream = new StreamReader({ loop });
    stream.feedEof();
    expect(repr(stream)).toBe("<StreamReader eof>");
  });

  it("test___repr__data", () => {
    const stream = new StreamReader({ loop });
    stream.feedData(b("data"));
    expect(repr(stream)).toBe("<StreamReader 4 bytes>");
  });

  it("test___repr__exception", () => {
    const stream = new StreamReader({ loop });
    const exc = new Error();
    stream.setException(exc);
    expect(repr(stream)).toBe("<StreamReader exception=Error()>"); // RuntimeError is Error
  });

  it("test___repr__waiter", async () => {
    const stream = new StreamReader({ loop });
    const internals = stream as unknown as { waiter: Future<void> | null };
    internals.waiter = loop.createFuture<void>() as Future<void>;
    expect(repr(stream)).toMatch(/^<StreamReader waiter=<Future pending[\S ]*>>$/);
    internals.waiter.setResult(undefined);
    await loop.runUntilComplete(internals.waiter);
    internals.waiter = null;
    expect(repr(stream)).toBe("<StreamReader>");
  });

  it("test___repr__transport", () => {
    const stream = new StreamReader({ loop });
    const transport = {
      pauseReading() {},
      resumeReading() {},
      [Symbol.for("aio.repr")]: () => "<Transport>",
    };
    (stream as unknown as { transport: unknown }).transport = transport;
    expect(repr(stream)).toBe("<StreamReader transport=<Transport>>");
  });
});

// ---------------------------------------------------------------- connections, servers, writers

/** Python's ZeroDivisionError, for test_open_connection_error. */
class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}

/** `socket.create_server(('127.0.0.1', 0))`: a listening Node server. */
function createListeningServer(): Promise<NetServer> {
  return new Promise((resolve, reject) => {
    const sock = createNetServer();
    sock.once("error", reject);
    sock.listen(0, "127.0.0.1", () => resolve(sock));
  });
}

/** `socket_helper.find_unused_port()`. */
async function findUnusedPort(): Promise<number> {
  const sock = await createListeningServer();
  const { port } = sock.address() as { port: number };
  await new Promise<void>((resolve) => sock.close(() => resolve()));
  return port;
}

function connect(address: [string, number] | string, options: OpenConnectionOptions = {}) {
  return typeof address === "string"
    ? openUnixConnection(address, options as OpenUnixConnectionOptions)
    : openConnection(address[0], address[1], options);
}

describe("StreamTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(loop);
  });
  afterEach(async () => {
    // just in case if we have transport close callbacks
    if (!loop.isClosed()) {
      await runBriefly(loop);
      loop.close();
    }
    setEventLoop(null);
  });

  async function basetestOpenConnection(openConnectionFut: Coro<[StreamReader, StreamWriter]>) {
    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));
    const [reader, writer] = await loop.runUntilComplete(openConnectionFut);
    writer.write(b("GET / HTTP/1.0\r\n\r\n"));
    let data = await loop.runUntilComplete(reader.readline());
    expect(data).toEqual(b("HTTP/1.0 200 OK\r\n"));
    data = await loop.runUntilComplete(reader.read());
    expect(data.toString("latin1").endsWith("\r\n\r\nTest message")).toBe(true);
    writer.close();
    expect(messages).toEqual([]);
  }

  it("test_open_connection", async () => {
    const httpd = await runTestServer();
    try {
      const connFut = connect(httpd.address);
      await basetestOpenConnection(connFut);
    } finally {
      await httpd.close();
    }
  });

  it("test_open_unix_connection", async () => {
    const httpd = await runTestServer({ unix: true });
    try {
      const connFut = openUnixConnection(httpd.address as string);
      await basetestOpenConnection(connFut);
    } finally {
      await httpd.close();
    }
  });

  async function basetestOpenConnectionNoLoopSsl(openConnectionFut: Coro<[StreamReader, StreamWriter]>) {
    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));
    let reader: StreamReader;
    let writer: StreamWriter;
    try {
      [reader, writer] = await loop.runUntilComplete(openConnectionFut);
    } finally {
      setEventLoop(null);
    }
    writer.write(b("GET / HTTP/1.0\r\n\r\n"));
    const data = await loop.runUntilComplete(reader.read());
    expect(data.toString("latin1").endsWith("\r\n\r\nTest message")).toBe(true);

    writer.close();
    expect(messages).toEqual([]);
  }

  it("test_open_connection_no_loop_ssl", async () => {
    const httpd = await runTestServer({ useSsl: true });
    try {
      const connFut = connect(httpd.address, { ssl: dummySslContext() });
      await basetestOpenConnectionNoLoopSsl(connFut);
    } finally {
      await httpd.close();
    }
  });

  it("test_open_unix_connection_no_loop_ssl", async () => {
    const httpd = await runTestServer({ useSsl: true, unix: true });
    try {
      const connFut = openUnixConnection(httpd.address as string, {
        ssl: dummySslContext(),
        serverHostname: "",
      });
      await basetestOpenConnectionNoLoopSsl(connFut);
    } finally {
      await httpd.close();
    }
  });

  async function basetestOpenConnectionError(openConnectionFut: Coro<[StreamReader, StreamWriter]>) {
    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));
    const [reader, writer] = await loop.runUntilComplete(openConnectionFut);
    writer._protocol.connectionLost(new ZeroDivisionError());
    const f = reader.read();
    await raises(loop, ZeroDivisionError, f);
    writer.close();
    await runBriefly(loop);
    expect(messages).toEqual([]);
  }

  it("test_open_connection_error", async () => {
    const httpd = await runTestServer();
    try {
      await basetestOpenConnectionError(connect(httpd.address));
    } finally {
      await httpd.close();
    }
  });

  it("test_open_unix_connection_error", async () => {
    const httpd = await runTestServer({ unix: true });
    try {
      await basetestOpenConnectionError(openUnixConnection(httpd.address as string));
    } finally {
      await httpd.close();
    }
  });

  it("test_start_server", async () => {
    class MyServer {
      server: Server | null = null;
      constructor(readonly loop: EventLoop) {}

      *handleClient(clientReader: StreamReader, clientWriter: StreamWriter): Coro<void> {
        const data = yield* clientReader.readline();
        clientWriter.write(data);
        yield* clientWriter.drain();
        clientWriter.close();
        yield* clientWriter.waitClosed();
      }

      async start(): Promise<[string, number]> {
        const sock = await createListeningServer();
        this.server = await this.loop.runUntilComplete(
          startServer((r, w) => this.handleClient(r, w), null, null, { sock }),
        );
        const a = sock.address() as { address: string; port: number };
        return [a.address, a.port];
      }

      handleClientCallback(clientReader: StreamReader, clientWriter: StreamWriter): void {
        this.loop.createTask(this.handleClient(clientReader, clientWriter));
      }

      async startCallback(): Promise<[string, number]> {
        const sock = await createListeningServer();
        const a = sock.address() as { address: string; port: number };
        await new Promise<void>((resolve) => sock.close(() => resolve()));
        this.server = await this.loop.runUntilComplete(
          startServer((r, w) => this.handleClientCallback(r, w), a.address, a.port),
        );
        return [a.address, a.port];
      }

      async stop(): Promise<void> {
        if (this.server !== null) {
          this.server.close();
          await this.loop.runUntilComplete(this.server.waitClosed());
          this.server = null;
        }
      }
    }

    function* client(addr: [string, number]): Coro<Buffer> {
      const [reader, writer] = yield* openConnection(...addr);
      // send a line
      writer.write(b("hello world!\n"));
      // read it back
      const msgback = yield* reader.readline();
      writer.close();
      yield* writer.waitClosed();
      return msgback;
    }

    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    // test the server variant with a coroutine as client handler
    let server = new MyServer(loop);
    let addr = await server.start();
    let msg = await loop.runUntilComplete(loop.createTask(client(addr)));
    await server.stop();
    expect(msg).toEqual(b("hello world!\n"));

    // test the server variant with a callback as client handler
    server = new MyServer(loop);
    addr = await server.startCallback();
    msg = await loop.runUntilComplete(loop.createTask(client(addr)));
    await server.stop();
    expect(msg).toEqual(b("hello world!\n"));

    expect(messages).toEqual([]);
  });

  it("test_start_unix_server", async () => {
    class MyServer {
      server: Server | null = null;
      constructor(
        readonly loop: EventLoop,
        readonly path: string,
      ) {}

      *handleClient(clientReader: StreamReader, clientWriter: StreamWriter): Coro<void> {
        const data = yield* clientReader.readline();
        clientWriter.write(data);
        yield* clientWriter.drain();
        clientWriter.close();
        yield* clientWriter.waitClosed();
      }

      async start(): Promise<void> {
        this.server = await this.loop.runUntilComplete(
          startUnixServer((r, w) => this.handleClient(r, w), this.path),
        );
      }

      handleClientCallback(clientReader: StreamReader, clientWriter: StreamWriter): void {
        this.loop.createTask(this.handleClient(clientReader, clientWriter));
      }

      async startCallback(): Promise<void> {
        const start = startUnixServer((r, w) => this.handleClientCallback(r, w), this.path);
        this.server = await this.loop.runUntilComplete(start);
      }

      async stop(): Promise<void> {
        if (this.server !== null) {
          this.server.close();
          await this.loop.runUntilComplete(this.server.waitClosed());
          this.server = null;
        }
      }
    }

    function* client(path: string): Coro<Buffer> {
      const [reader, writer] = yield* openUnixConnection(path);
      // send a line
      writer.write(b("hello world!\n"));
      // read it back
      const msgback = yield* reader.readline();
      writer.close();
      yield* writer.waitClosed();
      return msgback;
    }

    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    // test the server variant with a coroutine as client handler
    let p = unixSocketPath();
    try {
      const server = new MyServer(loop, p.path);
      await server.start();
      const msg = await loop.runUntilComplete(loop.createTask(client(p.path)));
      await server.stop();
      expect(msg).toEqual(b("hello world!\n"));
    } finally {
      p.cleanup();
    }

    // test the server variant with a callback as client handler
    p = unixSocketPath();
    try {
      const server = new MyServer(loop, p.path);
      await server.startCallback();
      const msg = await loop.runUntilComplete(loop.createTask(client(p.path)));
      await server.stop();
      expect(msg).toEqual(b("hello world!\n"));
    } finally {
      p.cleanup();
    }

    expect(messages).toEqual([]);
  });

  it("test_start_tls", async () => {
    class MyServer {
      server: Server | null = null;
      constructor(readonly loop: EventLoop) {}

      *handleClient(clientReader: StreamReader, clientWriter: StreamWriter): Coro<void> {
        const data1 = yield* clientReader.readline();
        clientWriter.write(data1);
        yield* clientWriter.drain();
        expect(clientWriter.getExtraInfo("sslcontext")).toBeNull();
        yield* clientWriter.startTls(simpleServerSslcontext());
        expect(clientWriter.getExtraInfo("sslcontext")).not.toBeNull();
        const data2 = yield* clientReader.readline();
        clientWriter.write(data2);
        yield* clientWriter.drain();
        clientWriter.close();
        yield* clientWriter.waitClosed();
      }

      async start(): Promise<[string, number]> {
        const sock = await createListeningServer();
        this.server = await this.loop.runUntilComplete(
          startServer((r, w) => this.handleClient(r, w), null, null, { sock }),
        );
        const a = sock.address() as { address: string; port: number };
        return [a.address, a.port];
      }

      async stop(): Promise<void> {
        if (this.server !== null) {
          this.server.close();
          await this.loop.runUntilComplete(this.server.waitClosed());
          this.server = null;
        }
      }
    }

    function* client(addr: [string, number]): Coro<[Buffer, Buffer]> {
      const [reader, writer] = yield* openConnection(...addr);
      writer.write(b("hello world 1!\n"));
      yield* writer.drain();
      const msgback1 = yield* reader.readline();
      expect(writer.getExtraInfo("sslcontext")).toBeNull();
      yield* writer.startTls(dummySslContext());
      expect(writer.getExtraInfo("sslcontext")).not.toBeNull();
      writer.write(b("hello world 2!\n"));
      yield* writer.drain();
      const msgback2 = yield* reader.readline();
      writer.close();
      yield* writer.waitClosed();
      return [msgback1, msgback2];
    }

    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    const server = new MyServer(loop);
    const addr = await server.start();
    const [msg1, msg2] = await loop.runUntilComplete(client(addr));
    await server.stop();

    expect(messages).toEqual([]);
    expect(msg1).toEqual(b("hello world 1!\n"));
    expect(msg2).toEqual(b("hello world 2!\n"));
  });

  it("test_read_all_from_pipe_reader", async () => {
    // See asyncio issue 168.  This test is derived from the example
    // subprocess_attach_read_pipe.py, but we configure the
    // StreamReader's limit so that twice it is less than the size
    // of the data writer.  Also we must explicitly attach a child
    // watcher to the event loop.

    const code = `\
import os, sys
fd = int(sys.argv[1])
os.write(fd, b'data')
os.close(fd)
`;
    // os.pipe(): a FIFO (Node has no pipe()), its read end opened first without blocking.
    const dir = mkdtempSync(join(tmpdir(), "aio-pipe-"));
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const rfd = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const wfd = openSync(fifo, fsConstants.O_WRONLY);
    try {
      const args = ["/usr/bin/python3", "-c", code, String(wfd)] as const;

      const pipe = rfd;
      const reader = new StreamReader({ loop, limit: 1 });
      const protocol = new StreamReaderProtocol(reader, null, { loop });
      await loop.runUntilComplete(connectReadPipe(() => protocol, pipe));
      // (No child watcher to attach: Node reaps its children itself.)
      const create = createSubprocessExec(args[0], args[1], args[2], args[3], { passFds: [wfd] });
      const proc = await loop.runUntilComplete(create);
      await loop.runUntilComplete(proc.wait());

      closeSync(wfd);
      const data = await loop.runUntilComplete(reader.read(-1));
      expect(data).toEqual(b("data"));
    } finally {
      try {
        closeSync(wfd);
      } catch {
        // closed above
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("test_streamreaderprotocol_constructor_without_loop", () => {
    setEventLoop(null);
    const reader = {} as StreamReader;
    expect(() => new StreamReaderProtocol(reader)).toThrow(/no current event loop/);
  });

  it("test_streamreaderprotocol_constructor_use_running_loop", async () => {
    // asyncio issue #184: Ensure that StreamReaderProtocol constructor
    // retrieves the current loop if the loop parameter is not set
    const reader = {} as StreamReader;
    function* test() {
      return new StreamReaderProtocol(reader);
    }
    const protocol = await loop.runUntilComplete(test());
    expect((protocol as unknown as { loop: EventLoop }).loop).toBe(loop);
  });

  it("test_streamreaderprotocol_constructor_use_global_loop", () => {
    // asyncio issue #184: Ensure that StreamReaderProtocol constructor
    // retrieves the current loop if the loop parameter is not set
    setEventLoop(loop);
    const reader = {} as StreamReader;
    const protocol = new StreamReaderProtocol(reader);
    expect((protocol as unknown as { loop: EventLoop }).loop).toBe(loop);
  });

  it("test_multiple_drain", async () => {
    // See https://github.com/python/cpython/issues/74116
    let drained = 0;

    function* drainer(stream: FlowControlProtocol): Coro<void> {
      yield* stream._drainHelper();
      drained += 1;
    }

    function* main(): Coro<void> {
      const l = getRunningLoop();
      const stream = new FlowControlProtocol(l);
      stream.pauseWriting();
      l.callLater(0.1, () => stream.resumeWriting());
      yield* gather(...Array.from({ length: 10 }, () => drainer(stream)));
      expect(drained).toBe(10);
    }

    await loop.runUntilComplete(main());
  });

  it("test_drain_raises", async () => {
    // See http://bugs.python.org/issue25441

    // This test should not use asyncio for the mock server; the
    // whole point of the test is to test for a bug in drain()
    // where it never gives up the event loop but the socket is
    // closed on the  server side.

    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    // (Node's net server in place of the thread: it accepts one connection and closes it.)
    const sock = createNetServer((clt) => clt.destroy());
    await new Promise<void>((resolve) => sock.listen(0, "localhost", resolve));
    const { address, port } = sock.address() as { address: string; port: number };

    function* client(host: string, p: number): Coro<void> {
      const [, writer] = yield* openConnection(host, p);

      for (;;) {
        writer.write(b("foo\n"));
        yield* writer.drain();
      }
    }

    // Should not be stuck in an infinite loop.
    let err: unknown;
    try {
      await loop.runUntilComplete(client(address, port));
    } catch (e) {
      err = e;
    }
    expect(
      err instanceof ConnectionResetError ||
        err instanceof ConnectionAbortedError ||
        err instanceof BrokenPipeError,
    ).toBe(true);

    // Clean up the server.
    await new Promise<void>((resolve) => sock.close(() => resolve()));
    expect(messages).toEqual([]);
  });

  it("test_wait_closed_on_close", async () => {
    const httpd = await runTestServer();
    try {
      const [rd, wr] = await loop.runUntilComplete(connect(httpd.address));

      wr.write(b("GET / HTTP/1.0\r\n\r\n"));
      let data = await loop.runUntilComplete(rd.readline());
      expect(data).toEqual(b("HTTP/1.0 200 OK\r\n"));
      data = await loop.runUntilComplete(rd.read());
      expect(data.toString("latin1").endsWith("\r\n\r\nTest message")).toBe(true);
      expect(wr.isClosing()).toBe(false);
      wr.close();
      expect(wr.isClosing()).toBe(true);
      await loop.runUntilComplete(wr.waitClosed());
    } finally {
      await httpd.close();
    }
  });

  it("test_wait_closed_on_close_with_unread_data", async () => {
    const httpd = await runTestServer();
    try {
      const [rd, wr] = await loop.runUntilComplete(connect(httpd.address));

      wr.write(b("GET / HTTP/1.0\r\n\r\n"));
      const data = await loop.runUntilComplete(rd.readline());
      expect(data).toEqual(b("HTTP/1.0 200 OK\r\n"));
      wr.close();
      await loop.runUntilComplete(wr.waitClosed());
    } finally {
      await httpd.close();
    }
  });

  it("test_async_writer_api", async () => {
    function* inner(httpd: TestServer): Coro<void> {
      const [rd, wr] = yield* connect(httpd.address);

      wr.write(b("GET / HTTP/1.0\r\n\r\n"));
      let data = yield* rd.readline();
      expect(data).toEqual(b("HTTP/1.0 200 OK\r\n"));
      data = yield* rd.read();
      expect(data.toString("latin1").endsWith("\r\n\r\nTest message")).toBe(true);
      wr.close();
      yield* wr.waitClosed();
    }

    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    const httpd = await runTestServer();
    try {
      await loop.runUntilComplete(inner(httpd));
    } finally {
      await httpd.close();
    }

    expect(messages).toEqual([]);
  });

  it("test_async_writer_api_exception_after_close", async () => {
    function* inner(httpd: TestServer): Coro<void> {
      const [rd, wr] = yield* connect(httpd.address);

      wr.write(b("GET / HTTP/1.0\r\n\r\n"));
      let data = yield* rd.readline();
      expect(data).toEqual(b("HTTP/1.0 200 OK\r\n"));
      data = yield* rd.read();
      expect(data.toString("latin1").endsWith("\r\n\r\nTest message")).toBe(true);
      wr.close();
      let raised: unknown;
      try {
        wr.write(b("data"));
        yield* wr.drain();
      } catch (e) {
        raised = e;
      }
      expect(raised).toBeInstanceOf(ConnectionResetError);
    }

    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    const httpd = await runTestServer();
    try {
      await loop.runUntilComplete(inner(httpd));
    } finally {
      await httpd.close();
    }

    expect(messages).toEqual([]);
  });

  it("test_eof_feed_when_closing_writer", async () => {
    // See http://bugs.python.org/issue35065
    const messages: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => messages.push(ctx));

    const httpd = await runTestServer();
    try {
      const [rd, wr] = await loop.runUntilComplete(connect(httpd.address));

      wr.close();
      const f = wr.waitClosed();
      await loop.runUntilComplete(f);
      expect(rd.atEof()).toBe(true);
      const data = await loop.runUntilComplete(rd.read());
      expect(data).toEqual(b(""));
    } finally {
      await httpd.close();
    }

    expect(messages).toEqual([]);
  });

  it("test_unhandled_exceptions", async () => {
    const port = await findUnusedPort();

    let messages: ExceptionContext[] | null = [];
    loop.setExceptionHandler((_l, ctx) => messages?.push(ctx));

    function* client(): Coro<void> {
      const [, wr] = yield* openConnection("localhost", port);
      wr.write(b("test msg"));
      yield* wr.drain();
      wr.close();
      yield* wr.waitClosed();
    }

    function* main(): Coro<void> {
      function* handleEcho(_reader: StreamReader, _writer: StreamWriter): Coro<void> {
        throw new Error("test");
      }

      const server = yield* startServer(handleEcho, "localhost", port);
      yield* server.startServing();
      yield* client();
      server.close();
      yield* server.waitClosed();
    }

    await loop.runUntilComplete(main());

    expect(messages[0]?.message).toBe("Unhandled exception in client_connected_cb");
    // Break explicitly reference cycle
    messages = null;
  });
});
