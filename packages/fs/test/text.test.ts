import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anext, type Coro, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  FileExistsError,
  open,
  type TextFile,
  UnicodeDecodeError,
  UnicodeEncodeError,
  UnsupportedOperation,
} from "../src/index.js";
import { catching, inLoop, scratch, TINY_BUFFERS } from "./helpers.js";

const KOREAN = "안녕하세요, 세계!\n파이썬 — asyncio 😀\r\n끝\r마지막";

function* readLines(f: TextFile): Coro<string[]> {
  const lines: string[] = [];
  for (let line: string | null; (line = yield* anext(f, null)) !== null; ) lines.push(line);
  return lines;
}

describe("text files: reading", () => {
  it("S002-14: write, read, upper-case, write, read back (files byte-exact)", async () => {
    const dir = scratch();
    const input = join(dir, "input.txt");
    const output = join(dir, "output.txt");
    const result = await inLoop(function* () {
      yield* using(open(input, "w"), (f) => f.write("Hello, World!\nThis is a test file."));
      const content = yield* using(open(input, "r"), (f) => f.read());
      yield* using(open(output, "w"), (f) => f.write(content.toUpperCase()));
      return yield* using(open(output), (f) => f.read());
    });
    expect(result).toBe("HELLO, WORLD!\nTHIS IS A TEST FILE.");
    expect(readFileSync(input)).toEqual(Buffer.from("Hello, World!\nThis is a test file."));
    expect(readFileSync(output).length).toBe(34);
  });

  it("read(1) returns one whole character, whatever the buffer size (chunks split characters)", async () => {
    const path = join(scratch(), "k.txt");
    writeFileSync(path, KOREAN);
    const expected = [...KOREAN.replace(/\r\n?/g, "\n")];
    for (const buffering of [...TINY_BUFFERS, -1]) {
      const chars = await inLoop(function* () {
        const f = yield* open(path, "r", { buffering });
        const out: string[] = [];
        for (let c: string; (c = yield* f.read(1)) !== ""; ) out.push(c);
        yield* f.close();
        return out;
      });
      expect(chars, `buffering ${buffering}`).toEqual(expected);
    }
  });

  it("universal newlines: \\r\\n and \\r read as \\n, also when a chunk ends between \\r and \\n", async () => {
    const path = join(scratch(), "nl.txt");
    writeFileSync(path, "a\r\nb\rc\nd\r\r\ne\r");
    for (const buffering of [...TINY_BUFFERS, -1]) {
      const [lines, newlines] = await inLoop(function* () {
        const f = yield* open(path, "r", { buffering });
        const lines = yield* readLines(f);
        yield* f.close();
        return [lines, f.newlines] as const;
      });
      expect(lines, `buffering ${buffering}`).toEqual(["a\n", "b\n", "c\n", "d\n", "\n", "e\n"]);
      expect(newlines).toEqual(["\r", "\n", "\r\n"]);
    }
  });

  it('newline "", "\\n", "\\r", "\\r\\n": where lines split, untranslated', async () => {
    const path = join(scratch(), "nl.txt");
    writeFileSync(path, "a\r\nb\rc\nd");
    const expected: Record<string, string[]> = {
      "": ["a\r\n", "b\r", "c\n", "d"],
      "\n": ["a\r\n", "b\rc\n", "d"],
      "\r": ["a\r", "\nb\r", "c\nd"],
      "\r\n": ["a\r\n", "b\rc\nd"],
    };
    for (const [newline, lines] of Object.entries(expected)) {
      for (const buffering of [2, 3, -1]) {
        const got = await inLoop(function* () {
          const f = yield* open(path, "r", { newline, buffering });
          const out = yield* readLines(f);
          yield* f.close();
          return out;
        });
        expect(got, `newline ${JSON.stringify(newline)} buffering ${buffering}`).toEqual(lines);
      }
    }
  });

  it("read(n) counts characters after translation, and read() returns the rest", async () => {
    const path = join(scratch(), "r.txt");
    writeFileSync(path, "ab\r\ncd😀e\rf");
    const got = await inLoop(function* () {
      const f = yield* open(path, "r", { buffering: 3 });
      const parts = [yield* f.read(3), yield* f.read(3), yield* f.read(0), yield* f.read()];
      yield* f.close();
      return parts;
    });
    expect(got).toEqual(["ab\n", "cd😀", "", "e\nf"]);
  });

  it("readline(size) stops at size characters; readlines(hint) stops once the lines reach hint", async () => {
    const path = join(scratch(), "r.txt");
    writeFileSync(path, "first line\nsecond\nthird\nfourth\n");
    const got = await inLoop(function* () {
      const f = yield* open(path);
      const a = yield* f.readline(5);
      const b = yield* f.readline();
      const c = yield* f.readlines(8);
      const d = yield* f.readlines();
      const e = yield* f.readline();
      yield* f.close();
      return { a, b, c, d, e };
    });
    expect(got).toEqual({ a: "first", b: " line\n", c: ["second\n", "third\n"], d: ["fourth\n"], e: "" });
  });

  it("tell() gives positions that seek() returns to, across CRLF, multi-byte text and tiny buffers", async () => {
    const path = join(scratch(), "t.txt");
    writeFileSync(path, KOREAN);
    for (const buffering of [...TINY_BUFFERS, -1]) {
      const ok = await inLoop(function* () {
        const f = yield* open(path, "r", { buffering });
        const marks: [number, string][] = [];
        for (;;) {
          const at = yield* f.tell();
          const line = yield* f.readline();
          if (line === "") break;
          marks.push([at, line]);
        }
        for (const [at, line] of marks.reverse()) {
          expect(yield* f.seek(at)).toBe(at);
          expect(yield* f.readline()).toBe(line);
        }
        yield* f.close();
        return marks.map(([at]) => at).reverse();
      });
      // Byte offsets of each line start: "안녕하세요, 세계!\n" is 25 bytes, the next line 28.
      expect(ok, `buffering ${buffering}`).toEqual([0, 25, 53, 57]);
    }
  });

  it("seek in text mode refuses relative moves, as Python does", async () => {
    const path = join(scratch(), "s.txt");
    writeFileSync(path, "abc");
    await inLoop(function* () {
      const f = yield* open(path);
      expect(() => f.seek(1, 1).next()).toThrow(
        new UnsupportedOperation("can't do nonzero cur-relative seeks"),
      );
      expect(() => f.seek(-1, 2).next()).toThrow(
        new UnsupportedOperation("can't do nonzero end-relative seeks"),
      );
      expect(() => f.seek(-1).next()).toThrow(new RangeError("negative seek position -1"));
      expect(() => f.seek(0, 3).next()).toThrow(new RangeError("invalid whence (3, should be 0, 1 or 2)"));
      expect(yield* f.seek(0, 2)).toBe(3);
      expect(yield* f.read()).toBe("");
      yield* f.seek(0);
      yield* f.read(1);
      expect(yield* f.seek(0, 1)).toBe(1);
      yield* f.close();
    });
  });
});

describe("text files: decoding errors", () => {
  it("strict: UnicodeDecodeError with Python's message, start, end and reason, at the 8 KiB slice that holds it", async () => {
    const path = join(scratch(), "bad.txt");
    // The first 8192 bytes decode; the bad sequence starts the second slice, as CPython slices.
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(`ok\n${"x".repeat(8188)}\n`), Buffer.from([0xe2, 0x82, 0x61, 0x0a])]),
    );
    await inLoop(function* () {
      const f = yield* open(path);
      expect(yield* f.readline()).toBe("ok\n");
      expect((yield* f.readline()).length).toBe(8189);
      const at = yield* f.tell();
      // Nothing is consumed by a failed decoding: the same read fails the same way again (CPython
      // drops the slice and goes on after it).
      for (let i = 0; i < 2; i++) {
        const err = yield* catching(f.readline());
        expect(err).toBeInstanceOf(UnicodeDecodeError);
        expect((err as Error).message).toBe(
          "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte",
        );
        expect(err).toMatchObject({
          encoding: "utf-8",
          start: 0,
          end: 2,
          reason: "invalid continuation byte",
        });
        expect(yield* f.tell()).toBe(at);
      }
      yield* f.close();
    });
  });

  it("strict at the end of the file: 'unexpected end of data'", async () => {
    const path = join(scratch(), "cut.txt");
    writeFileSync(path, Buffer.from([0x61, 0xea, 0xb0]));
    const err = await inLoop(function* () {
      return yield* using(open(path), (f) => catching(f.read()));
    });
    expect((err as Error).message).toBe(
      "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data",
    );
  });

  it("replace and ignore: Python's replacement per maximal bad sequence", async () => {
    const path = join(scratch(), "mix.txt");
    writeFileSync(path, Buffer.from([0x61, 0xff, 0xe2, 0x82, 0x62, 0xed, 0xa0, 0x80, 0x63]));
    for (const buffering of [1, 2, 3, -1]) {
      const [replaced, ignored] = await inLoop(function* () {
        const r = yield* using(open(path, "r", { errors: "replace", buffering }), (f) => f.read());
        const i = yield* using(open(path, "r", { errors: "ignore", buffering }), (f) => f.read());
        return [r, i];
      });
      expect(replaced).toBe("a\ufffd\ufffdb\ufffd\ufffd\ufffdc");
      expect(ignored).toBe("abc");
    }
  });
});

describe("text files: encodings", () => {
  it("utf-8-sig skips the BOM on reading and writes it at the start", async () => {
    const path = join(scratch(), "sig.txt");
    await inLoop(function* () {
      yield* using(open(path, "w", { encoding: "utf-8-sig" }), function* (f) {
        yield* f.write("a");
        yield* f.write("b");
      });
    });
    expect(readFileSync(path)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x62]));
    const text = await inLoop(() =>
      using(open(path, "r", { encoding: "UTF_8_SIG", buffering: 1 }), (f) => f.read()),
    );
    expect(text).toBe("ab");
  });

  it("utf-16 writes a BOM and reads either byte order; tell() counts bytes", async () => {
    const path = join(scratch(), "u16.txt");
    await inLoop(function* () {
      yield* using(open(path, "w", { encoding: "utf-16" }), (f) => f.write("가\n😀\n"));
      const f = yield* open(path, "r", { encoding: "utf-16", buffering: 3 });
      expect(yield* f.readline()).toBe("가\n");
      expect(yield* f.tell()).toBe(6);
      expect(yield* f.readline()).toBe("😀\n");
      yield* f.close();
    });
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    writeFileSync(path, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("가a", "utf16le").swap16()]));
    expect(await inLoop(() => using(open(path, "r", { encoding: "utf16" }), (f) => f.read()))).toBe("가a");
  });

  it("latin-1 and ascii: what cannot be encoded raises before anything is written", async () => {
    const path = join(scratch(), "l1.txt");
    await inLoop(function* () {
      const f = yield* open(path, "w", { encoding: "ascii" });
      const err = yield* catching(f.write("ab한국c"));
      expect(err).toBeInstanceOf(UnicodeEncodeError);
      expect((err as Error).message).toBe(
        "'ascii' codec can't encode characters in position 2-3: ordinal not in range(128)",
      );
      expect(yield* f.write("plain")).toBe(5);
      yield* f.close();
      const g = yield* open(path, "w", { encoding: "latin-1", errors: "replace" });
      expect(yield* g.write("café 한")).toBe(6);
      yield* g.close();
    });
    expect(readFileSync(path)).toEqual(Buffer.from("caf\xe9 ?", "latin1"));
  });
});

describe("text files: writing", () => {
  it("write returns code points; newline translates \\n on writing", async () => {
    const dir = scratch();
    const counts = await inLoop(function* () {
      const a = yield* using(open(join(dir, "a.txt"), "w", { newline: "\r\n" }), (f) => f.write("x\ny😀\n"));
      const b = yield* using(open(join(dir, "b.txt"), "w", { newline: "\r" }), (f) => f.write("x\ny"));
      const c = yield* using(open(join(dir, "c.txt"), "w"), (f) => f.write("x\r\ny"));
      return [a, b, c];
    });
    expect(counts).toEqual([5, 3, 4]);
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("x\r\ny😀\r\n");
    expect(readFileSync(join(dir, "b.txt"), "utf8")).toBe("x\ry");
    expect(readFileSync(join(dir, "c.txt"), "utf8")).toBe("x\r\ny");
  });

  it("writes are buffered until flush or close; buffering 1 flushes each line", async () => {
    const dir = scratch();
    const path = join(dir, "buf.txt");
    await inLoop(function* () {
      const f = yield* open(path, "w");
      yield* f.write("hello");
      expect(readFileSync(path, "utf8")).toBe("");
      yield* f.flush();
      expect(readFileSync(path, "utf8")).toBe("hello");
      yield* f.close();
      const g = yield* open(path, "a", { buffering: 1 });
      expect(g.lineBuffering).toBe(true);
      yield* g.write(" part");
      expect(readFileSync(path, "utf8")).toBe("hello");
      yield* g.write(" line\n");
      expect(readFileSync(path, "utf8")).toBe("hello part line\n");
      yield* g.close();
    });
  });

  it("modes: a appends (tell is the end), x refuses an existing file, w+ and r+ read and write", async () => {
    const dir = scratch();
    const path = join(dir, "m.txt");
    writeFileSync(path, "12345\n");
    await inLoop(function* () {
      const a = yield* open(path, "a");
      expect(yield* a.tell()).toBe(6);
      yield* a.write("678\n");
      expect(yield* a.tell()).toBe(10);
      yield* a.close();
      const err = yield* catching(open(path, "x"));
      expect(err).toBeInstanceOf(FileExistsError);
      expect((err as Error).message).toBe(`[Errno 17] File exists: '${path}'`);
      const rp = yield* open(path, "r+");
      expect(yield* rp.read(2)).toBe("12");
      yield* rp.write("ab"); // at the logical position (see the README: CPython writes after its read-ahead)
      expect(yield* rp.tell()).toBe(4);
      expect(yield* rp.readline()).toBe("5\n");
      yield* rp.close();
      const wp = yield* open(path, "w+");
      yield* wp.write("new\ntext");
      yield* wp.seek(0);
      expect(yield* wp.readlines()).toEqual(["new\n", "text"]);
      yield* wp.close();
    });
    expect(readFileSync(path, "utf8")).toBe("new\ntext");
  });

  it("truncate cuts at the position by default and keeps the position", async () => {
    const path = join(scratch(), "t.txt");
    writeFileSync(path, "line one\nline two\n");
    await inLoop(function* () {
      const f = yield* open(path, "r+");
      yield* f.readline();
      expect(yield* f.truncate()).toBe(9);
      expect(yield* f.tell()).toBe(9);
      expect(yield* f.read()).toBe("");
      expect(yield* f.truncate(4)).toBe(4);
      yield* f.close();
    });
    expect(readFileSync(path, "utf8")).toBe("line");
  });
});
