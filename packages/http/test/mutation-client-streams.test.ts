/**
 * StreamReader (aiohttp.StreamReader, `resp.content`) fed directly, as aiohttp's own
 * tests/test_streams.py feed theirs: the chunk boundaries, the end and the errors come exactly
 * where the test puts them. Written for the mutants session 7's run of src/streams.ts left alive
 * (test/MUTATION.md); what each checks is what aiohttp 3.8's StreamReader does.
 */
import { anext, type Coro, createTask, isCancelledError, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { IncompleteReadError, StreamReader } from "../src/index.js";
import { catching, inLoop } from "./servers.js";

const b = (s: string) => Buffer.from(s, "latin1");

/** A flow control that counts the calls. */
function recorder() {
  const calls: string[] = [];
  return { calls, flow: { pause: () => calls.push("pause"), resume: () => calls.push("resume") } };
}

/** Collects a cut (or the stream) with `for await`. */
async function collect(source: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of source) out.push(chunk.toString("latin1"));
  return out;
}

describe("IncompleteReadError (asyncio.IncompleteReadError)", () => {
  it("names the bytes read and expected ('undefined' for None), keeps partial and expected", () => {
    const e = new IncompleteReadError(b("abc"), 10);
    expect(e.name).toBe("IncompleteReadError");
    expect(e.message).toBe("3 bytes read on a total of 10 expected bytes");
    expect(e.partial.toString()).toBe("abc");
    expect(e.expected).toBe(10);
    const u = new IncompleteReadError(b("ab"), null);
    expect(u.message).toBe("2 bytes read on a total of undefined expected bytes");
    expect(u.expected).toBe(null);
  });
});

describe("StreamReader state: exception(), atEof(), isEof(), buffered, totalRead", () => {
  it("reports what was received and read", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      expect(r.exception()).toBe(null);
      expect(r.atEof()).toBe(false);
      expect(r.isEof()).toBe(false);
      r.feedData(b("hello"));
      r.feedEof();
      expect(r.isEof()).toBe(true);
      expect(r.atEof()).toBe(false); // received, not read
      expect(r.buffered).toBe(5);
      expect(r.totalRead).toBe(0);
      expect((yield* r.read(2)).toString()).toBe("he");
      expect(r.totalRead).toBe(2);
      expect(r.buffered).toBe(3);
      expect((yield* r.read()).toString()).toBe("llo");
      expect(r.totalRead).toBe(5);
      expect(r.atEof()).toBe(true);
    });
  });

  it("the first error stays; an error after the end is kept and raised (as aiohttp 3.8.4's set_exception); the end after an error changes nothing", async () => {
    await inLoop(function* () {
      const first = new Error("first");
      const r = new StreamReader(16);
      r.setException(first);
      r.setException(new Error("second"));
      expect(r.exception()).toBe(first);
      r.feedEof(); // does not throw, the error stays
      expect(yield* catching(r.read())).toBe(first);

      const done = new StreamReader(16);
      done.feedData(b("all"));
      done.feedEof();
      const late = new Error("late");
      done.setException(late);
      expect(done.exception()).toBe(late);
      expect(yield* catching(done.read())).toBe(late);
    });
  });

  it("a cancelled read gives back what it had taken, totalRead included", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      const reader = createTask(r.read());
      yield* sleep(0);
      r.feedData(b("abc"));
      yield* sleep(0);
      reader.cancel();
      const cancelled = yield* catching(
        (function* () {
          return yield* reader;
        })(),
      );
      expect(isCancelledError(cancelled)).toBe(true);
      expect(r.totalRead).toBe(0);
      expect(r.buffered).toBe(3);
      r.feedEof();
      expect((yield* r.read()).toString()).toBe("abc");
      expect(r.totalRead).toBe(3);
    });
  });
});

describe("StreamReader end-of-body listeners (the session releases the connection on them)", () => {
  it("a listener is told once, at the end or the error, or at once if it came already", async () => {
    await inLoop(function* () {
      const told: string[] = [];
      const listener = (name: string) => ({ streamDone: () => told.push(name) });
      const r = new StreamReader(16);
      r.whenDone(listener("before"));
      expect(told).toEqual([]);
      r.feedEof();
      expect(told).toEqual(["before"]);
      r.whenDone(listener("after eof"));
      expect(told).toEqual(["before", "after eof"]);
      r.feedEof();
      expect(told).toEqual(["before", "after eof"]);

      const broken = new StreamReader(16);
      broken.setException(new Error("cut"));
      broken.whenDone(listener("after error"));
      expect(told).toEqual(["before", "after eof", "after error"]);
      yield* sleep(0);
    });
  });
});

describe("StreamReader flow control (high water = 2 × limit, resume at half of it)", () => {
  it("pauses once past the high-water mark, resumes once at or under half of it", async () => {
    await inLoop(function* () {
      const { calls, flow } = recorder();
      const r = new StreamReader(4); // high water 8
      r.attach(flow);
      r.feedData(b("12345678"));
      expect(calls).toEqual([]); // at the mark, not past it
      r.feedData(b("9"));
      expect(calls).toEqual(["pause"]);
      r.feedData(b("ab"));
      expect(calls).toEqual(["pause"]); // paused already
      yield* r.read(6); // 5 left: over half
      expect(calls).toEqual(["pause"]);
      yield* r.read(1); // 4 left: half
      expect(calls).toEqual(["pause", "resume"]);
      yield* r.read(1);
      expect(calls).toEqual(["pause", "resume"]); // not paused: no resume
      r.feedData(b("abcdef")); // 9 buffered again
      expect(calls).toEqual(["pause", "resume", "pause"]);
    });
  });

  it("the default limit is 64 KiB (high water 128 KiB); a stream without flow control just buffers", async () => {
    await inLoop(function* () {
      const { calls, flow } = recorder();
      const r = new StreamReader();
      r.attach(flow);
      r.feedData(Buffer.alloc(128 * 1024));
      expect(calls).toEqual([]);
      r.feedData(b("x"));
      expect(calls).toEqual(["pause"]);

      const free = new StreamReader(1);
      free.feedData(b("more than the mark"));
      free.feedEof();
      expect((yield* free.read()).toString()).toBe("more than the mark");
    });
  });
});

describe("StreamReader reads", () => {
  it("reads across chunk boundaries keep every byte", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      r.feedData(b("ab"));
      r.feedData(b("cdef"));
      r.feedData(b("gh"));
      expect((yield* r.read(3)).toString()).toBe("abc");
      expect((yield* r.readexactly(4)).toString()).toBe("defg");
      r.feedEof();
      expect((yield* r.read()).toString()).toBe("h");
    });
  });

  it("at the end read(n), readany() and readline() give b''; read(0) and readexactly(0) give b'' at once", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      expect((yield* r.read(0)).length).toBe(0); // nothing buffered, not at the end: no wait
      expect((yield* r.readexactly(0)).length).toBe(0);
      r.feedEof();
      expect((yield* r.read(5)).length).toBe(0);
      expect((yield* r.readany()).length).toBe(0);
      expect((yield* r.readline()).length).toBe(0);
    });
  });

  it("two reads waiting at once: the second is refused", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      const first = createTask(r.readany());
      yield* sleep(0);
      const err = yield* catching(r.read(1));
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toBe("Another read is already waiting for data on this stream");
      r.feedData(b("x"));
      expect((yield* first).toString()).toBe("x");
    });
  });
});

describe("StreamReader lines", () => {
  it("a line whose newline is in a later buffered chunk", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      r.feedData(b("ab"));
      r.feedData(b("c"));
      r.feedData(b("d\nef"));
      r.feedData(b("g\nh"));
      r.feedEof();
      expect((yield* r.readline()).toString()).toBe("abcd\n");
      expect((yield* r.readline()).toString()).toBe("efg\n");
      expect((yield* r.readline()).toString()).toBe("h");
    });
  });

  it("a line of exactly the high-water mark is read; one byte more is 'Chunk too big', and nothing is lost", async () => {
    await inLoop(function* () {
      const r = new StreamReader(4); // high water 8
      const reader = createTask(r.readline());
      yield* sleep(0);
      r.feedData(b("abcd"));
      yield* sleep(0);
      r.feedData(b("efg\n"));
      expect((yield* reader).toString()).toBe("abcdefg\n");

      // Buffered whole, too long: refused as well (aiohttp: ValueError("Chunk too big")).
      r.feedData(b("123456789\n"));
      const err = yield* catching(r.readline());
      expect(err).toBeInstanceOf(RangeError);
      expect((err as Error).message).toBe("Chunk too big");
      r.feedEof();
      expect((yield* r.read()).toString()).toBe("123456789\n");
    });
  });

  it("iterating lines, anext and for await: no empty line when the end comes while waiting", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      r.feedData(b("a\n"));
      const lines: string[] = [];
      const reader = createTask(
        (function* (): Coro<void> {
          for (let l: Buffer | null; (l = yield* anext(r, null)) !== null; ) lines.push(l.toString());
        })(),
      );
      yield* sleep(0.01);
      r.feedEof();
      yield* reader;
      expect(lines).toEqual(["a\n"]);
    });
    const ended = await inLoop(function* () {
      const r = new StreamReader(16);
      r.feedData(b("x\ny\n"));
      r.feedEof();
      return r;
    });
    // for await on the stream itself (its async iterator); every line is buffered.
    expect(await collect(ended)).toEqual(["x\n", "y\n"]);
  });
});

describe("StreamReader cuts: iterAny, iterChunked", () => {
  it("iterAny gives each chunk as it comes, no empty chunk when the end comes while waiting", async () => {
    await inLoop(function* () {
      const r = new StreamReader(16);
      const got: string[] = [];
      const reader = createTask(
        (function* (): Coro<void> {
          const it = r.iterAny();
          for (let c: Buffer | null; (c = yield* anext(it, null)) !== null; ) got.push(c.toString());
        })(),
      );
      yield* sleep(0);
      r.feedData(b("one"));
      yield* sleep(0.01);
      r.feedData(b("two"));
      yield* sleep(0.01);
      r.feedEof();
      yield* reader;
      expect(got).toEqual(["one", "two"]);
    });
  });

  it("for await over a cut of a stream that ended with an error raises it", async () => {
    const boom = new Error("boom");
    const r = await inLoop(function* () {
      const s = new StreamReader(16);
      s.setException(boom);
      s.feedEof();
      return s;
    });
    await expect(collect(r.iterAny())).rejects.toBe(boom);
    await expect(collect(r.iterChunked(2))).rejects.toBe(boom);
  });
});
