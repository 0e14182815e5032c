/**
 * The reader's byte buffer, and the reader fed by its protocol: a chunk a transport delivered is
 * kept without a copy while it is alone in the buffer (`pushOwned`), and every operation gives the
 * same bytes as when it is copied.
 */
import type { Coro } from "@aio/task";
import { describe, expect, it } from "vitest";
import { IncompleteReadError, LimitOverrunError, StreamReader, StreamReaderProtocol } from "../src/index.js";
import { ByteBuffer } from "../src/internal/byte-buffer.js";
import { inLoop } from "./helpers.js";

const b = (s: string): Buffer => Buffer.from(s, "latin1");

describe("ByteBuffer", () => {
  it("hands out an owned chunk taken whole as the same Buffer, not a copy", () => {
    const buf = new ByteBuffer();
    const chunk = b("hello");
    buf.pushOwned(chunk);
    expect(buf.length).toBe(5);
    const out = buf.take(100);
    expect(out).toBe(chunk);
    expect(buf.length).toBe(0);
  });

  it("takes an owned chunk in parts, each a view of its own bytes", () => {
    const buf = new ByteBuffer();
    buf.pushOwned(b("abcdef"));
    expect(buf.take(2).toString("latin1")).toBe("ab");
    expect(buf.length).toBe(4);
    expect(buf.indexOf(b("e"), 0)).toBe(2);
    expect(buf.indexOf(b("e"), 3)).toBe(-1);
    expect(buf.startsWith(b("cd"), 0)).toBe(true);
    expect(buf.startsWith(b("de"), 1)).toBe(true);
    expect(buf.startsWith(b("ef"), 3)).toBe(false);
    expect(buf.toBuffer().toString("latin1")).toBe("cdef");
    expect(buf.take(4).toString("latin1")).toBe("cdef");
    expect(buf.length).toBe(0);
  });

  it("copies the owned chunk once more comes, keeping the order", () => {
    const buf = new ByteBuffer();
    const first = b("abc");
    buf.pushOwned(first);
    buf.skip(1);
    buf.pushOwned(b("de"));
    buf.push(b("f"));
    expect(buf.length).toBe(5);
    first.fill(0x7a); // the first chunk was copied: writing to it now changes nothing held
    expect(buf.toBuffer().toString("latin1")).toBe("bcdef");
    const out = buf.take(5);
    expect(out.toString("latin1")).toBe("bcdef");
    expect(buf.length).toBe(0);
    // Empty again: the next owned chunk is held as it is.
    const next = b("gh");
    buf.pushOwned(next);
    expect(buf.take(2)).toBe(next);
  });

  it("skips and clears an owned chunk", () => {
    const buf = new ByteBuffer();
    buf.pushOwned(b("abcd"));
    buf.skip(3);
    expect(buf.length).toBe(1);
    expect(buf.take(10).toString("latin1")).toBe("d");
    buf.pushOwned(b("xyz"));
    buf.skip(99);
    expect(buf.length).toBe(0);
    buf.pushOwned(b("xyz"));
    buf.clear();
    expect(buf.length).toBe(0);
    buf.push(b("q"));
    expect(buf.take(1).toString("latin1")).toBe("q");
  });

  it("a copied chunk is not the caller's Buffer", () => {
    const buf = new ByteBuffer();
    const data = b("abc");
    buf.push(data);
    data.fill(0x7a);
    const out = buf.take(3);
    expect(out).not.toBe(data);
    expect(out.toString("latin1")).toBe("abc");
  });
});

describe("StreamReader fed by its protocol", () => {
  function fed(...chunks: string[]): Coro<StreamReader> {
    return (function* () {
      const reader = new StreamReader({ limit: 8 });
      const protocol = new StreamReaderProtocol(reader);
      for (const chunk of chunks) protocol.dataReceived(b(chunk));
      return reader;
    })();
  }

  it("reads lines, exact sizes and the rest across owned and copied chunks", async () => {
    await inLoop(function* () {
      const reader = yield* fed("ab\ncd", "ef\n", "gh");
      expect((yield* reader.readline()).toString("latin1")).toBe("ab\n");
      expect((yield* reader.readexactly(2)).toString("latin1")).toBe("cd");
      expect((yield* reader.readuntil(b("\n"))).toString("latin1")).toBe("ef\n");
      reader.feedEof();
      expect((yield* reader.read(-1)).toString("latin1")).toBe("gh");
      expect(reader.atEof()).toBe(true);
    });
  });

  it("keeps the limit's errors on an owned chunk", async () => {
    await inLoop(function* () {
      const reader = yield* fed("0123456789\nok\n");
      const err = yield* (function* () {
        try {
          yield* reader.readline();
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(RangeError);
      expect((err as Error).message).toBe("Separator is found, but chunk is longer than limit");
      expect((yield* reader.readline()).toString("latin1")).toBe("ok\n");
      const over = yield* fed("0123456789");
      const overrun = yield* (function* () {
        try {
          yield* over.readuntil(b("\n"));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(overrun).toBeInstanceOf(LimitOverrunError);
      expect((overrun as LimitOverrunError).consumed).toBe(10); // CPython 3.12 gives 10 here too
      expect((overrun as Error).message).toBe("Separator is not found, and chunk exceed the limit");
    });
  });

  it("an owned chunk cut short by the end gives IncompleteReadError with what came", async () => {
    await inLoop(function* () {
      const reader = yield* fed("abc");
      reader.feedEof();
      const err = yield* (function* () {
        try {
          yield* reader.readexactly(5);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(IncompleteReadError);
      expect((err as IncompleteReadError).partial.toString("latin1")).toBe("abc");
      expect((err as IncompleteReadError).expected).toBe(5);
    });
  });
});
