/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_streams.py
 * (/root/.pyenv/versions/3.12.1/lib/python3.12/test/test_asyncio/test_streams.py): the StreamReader
 * tests so far (feed, read, readline, readuntil, readexactly, exception, repr, constructor, the
 * errors' fields). The connection, server, TLS and writer tests come with the transports.
 *
 * Translation rules:
 * - Each test gets a fresh loop (`newEventLoop()`); `self.loop.run_until_complete(coro)` is
 *   `await loop.runUntilComplete(coro)`, `create_task` is `loop.createTask`, `call_soon` is
 *   `loop.callSoon`; the loop is closed after the test.
 * - `stream._buffer` (a bytearray upstream compares with bytes) is read through the same-purpose
 *   private `buffer` field, as a Buffer.
 * - Python's `ValueError` is `RangeError`, its `RuntimeError` is `Error`.
 */
import type { Future } from "@aio/future";
import { type EventLoop, newEventLoop, repr, setEventLoop } from "@aio/loop";
import { wait } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IncompleteReadError, LimitOverrunError, StreamReader } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
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
