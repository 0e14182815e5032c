/**
 * What text-file.ts does that the other suites do not show (survivors of its Stryker run, session
 * 9). Expected values are CPython 3.12's `open()` (TextIOWrapper) on the same bytes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Coro, createTask, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open, type TextFile, UnsupportedOperation } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

/** Starts `first` (an operation that waits for I/O) in a task and lets it start: it holds the lock. */
function* inFlight<T>(first: Coro<T>) {
  const task = createTask(first);
  yield* sleep(0);
  return task;
}

describe("text files: sizes, as CPython's", () => {
  it("read(n) at the end gives what is left; a final \\r is a newline; a truncated character is replaced", async () => {
    const dir = scratch();
    const file = (name: string, bytes: string) => {
      const path = join(dir, name);
      writeFileSync(path, Buffer.from(bytes, "latin1"));
      return path;
    };
    const abc = file("abc.txt", "abc");
    const cr = file("cr.txt", "a\r");
    const cut = file("cut.txt", "a\r\xc3");
    const got = await inLoop(function* () {
      const read = function* (path: string, size: number, errors?: "replace") {
        const f = yield* open(path, "r", errors === undefined ? {} : { errors });
        const out = [yield* f.read(size), yield* f.read()];
        yield* f.close();
        return out;
      };
      return {
        abc: yield* read(abc, 5),
        crAll: yield* read(cr, -1),
        cr5: yield* read(cr, 5),
        cut2: yield* read(cut, 2, "replace"),
      };
    });
    // CPython 3.12: read(5), read(), read(5), read(2) with errors="replace"; then read().
    expect(got).toEqual({
      abc: ["abc", ""],
      crAll: ["a\n", ""],
      cr5: ["a\n", ""],
      cut2: ["a\n", "\ufffd"],
    });
  });

  it("readline(size): at most size characters, 0 gives nothing, a line end within size ends it", async () => {
    const dir = scratch();
    const lines = join(dir, "lines.txt");
    writeFileSync(lines, "ab\ncdefgh\nxyz");
    const short = join(dir, "short.txt");
    writeFileSync(short, "ab\ncd");
    const plain = join(dir, "plain.txt");
    writeFileSync(plain, "abc");
    const got = await inLoop(function* () {
      const f = yield* open(lines, "r");
      const a: string[] = [];
      for (const size of [0, 2, 10, 0, 3, 0, 2, 5, 5]) a.push(yield* f.readline(size));
      yield* f.close();
      const g = yield* open(short, "r");
      const b = [yield* g.readline(10), yield* g.readline(10)];
      yield* g.close();
      const h = yield* open(plain, "r");
      const c = [yield* h.readline(0), yield* h.readline(2), yield* h.readline(0), yield* h.readline()];
      yield* h.close();
      return { a, b, c };
    });
    // CPython 3.12.
    expect(got).toEqual({
      a: ["", "ab", "\n", "", "cde", "", "fg", "h\n", "xyz"],
      b: ["ab\n", "cd"],
      c: ["", "ab", "", "c"],
    });
  });

  it("bytes are decoded 8 KiB at a time: read(1) does not decode a bad byte further on; read() takes the rest", async () => {
    const dir = scratch();
    const bad = join(dir, "bad.txt");
    writeFileSync(bad, Buffer.concat([Buffer.alloc(10_000, "a"), Buffer.from([0xff])]));
    const big = join(dir, "big.txt");
    const text = "abcdefghijklmnopqrstuvwxyz".repeat(800);
    writeFileSync(big, text);
    const got = await inLoop(function* () {
      const f = yield* open(bad, "r");
      const one = yield* f.read(1);
      const err = (yield* catching(f.read())) as Error;
      yield* f.close();
      const g = yield* open(big, "r", { buffering: 16384 });
      const all = (yield* g.read(1)) + (yield* g.read());
      yield* g.close();
      return { one, err: `${err.constructor.name}: ${err.message}`, all: all === text };
    });
    expect(got).toEqual({
      one: "a",
      err: "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 1808: invalid start byte",
      all: true,
    });
  });

  it("read(0) after a write reads nothing", async () => {
    const path = join(scratch(), "r0.txt");
    writeFileSync(path, "abcdef");
    const got = await inLoop(function* () {
      const f = yield* open(path, "r+");
      yield* f.write("X");
      const zero = yield* f.read(0);
      const rest = yield* f.read();
      yield* f.close();
      return [zero, rest];
    });
    // CPython 3.12: '' then 'bcdef'.
    expect(got).toEqual(["", "bcdef"]);
    expect(readFileSync(path, "latin1")).toBe("Xbcdef");
  });
});

describe("text files: modes and encodings", () => {
  it("readline on a write-only file: UnsupportedOperation: not readable", async () => {
    const path = join(scratch(), "w.txt");
    const got = await inLoop(function* () {
      const f = yield* open(path, "w");
      const err = (yield* catching(f.readline())) as Error;
      yield* f.close();
      return [err instanceof UnsupportedOperation, err.message];
    });
    expect(got).toEqual([true, "not readable"]);
  });

  it("appending to a UTF-16 file writes no second BOM", async () => {
    const path = join(scratch(), "a16.txt");
    writeFileSync(path, Buffer.from("\ufeffhé\n", "utf16le"));
    await inLoop(function* () {
      const f = yield* open(path, "a", { encoding: "utf-16" });
      yield* f.write("x\n");
      yield* f.close();
    });
    // CPython 3.12: b'\xff\xfeh\x00\xe9\x00\n\x00x\x00\n\x00'.
    expect(readFileSync(path).toString("hex")).toBe("fffe6800e9000a0078000a00");
  });
});

describe("text files: an operation called while another is under way waits for it", () => {
  it("read and readline after a seek to the end in flight read nothing; read(0), readline(0) behind a read are empty", async () => {
    const path = join(scratch(), "order.txt");
    writeFileSync(path, "0123\n5678\n");
    const got = await inLoop(function* () {
      const out: string[] = [];
      const ops: ((f: TextFile) => Coro<string>)[] = [(f) => f.read(2), (f) => f.readline()];
      for (const op of ops) {
        const f = yield* open(path, "r");
        yield* f.read(1); // all decoded
        const seeking = yield* inFlight(f.seek(0, 2)); // a stat: I/O
        out.push(yield* op(f));
        yield* seeking;
        yield* f.close();
      }
      const g = yield* open(path, "r");
      const reading = yield* inFlight(g.read(1));
      out.push(yield* g.read(0));
      out.push(yield* reading);
      yield* g.close();
      const h = yield* open(path, "r");
      const again = yield* inFlight(h.read(1));
      out.push(yield* h.readline(0));
      out.push(yield* again);
      yield* h.close();
      return out;
    });
    expect(got).toEqual(["", "", "", "0", "", "0"]);
  });
});

describe("text files: lines 261–540 (readlines, decoding, newlines seen, writes)", () => {
  it("newlines: the kinds of line endings read so far, with universal newlines and newline ''", async () => {
    const dir = scratch();
    const samples = [
      "a\nb",
      "a\rb",
      "a\r\nb",
      "a\nb\rc",
      "a\nb\r\nc",
      "a\rb\r\nc",
      "a\nb\rc\r\nd",
      "a\r",
      "abc",
    ];
    const got = await inLoop(function* () {
      const out: unknown[] = [];
      for (const [i, data] of samples.entries()) {
        const path = join(dir, `n${i}.txt`);
        writeFileSync(path, data);
        for (const newline of [null, ""] as const) {
          const f = yield* open(path, "r", { newline });
          yield* f.read();
          out.push(f.newlines);
          yield* f.close();
        }
      }
      return out;
    });
    // CPython 3.12 (tuples as arrays), for newline=None then newline="".
    expect(got).toEqual([
      ...["\n", "\n", "\r", "\r", "\r\n", "\r\n"],
      ...[
        ["\r", "\n"],
        ["\r", "\n"],
        ["\n", "\r\n"],
        ["\n", "\r\n"],
        ["\r", "\r\n"],
        ["\r", "\r\n"],
      ],
      ...[["\r", "\n", "\r\n"], ["\r", "\n", "\r\n"], "\r", "\r", null, null],
    ]);
    // Without universal newlines (newline "\n", "\r", "\r\n") nothing is recorded: None.
    const fixed = await inLoop(function* () {
      const path = join(dir, "n6.txt");
      const out: unknown[] = [];
      for (const newline of ["\n", "\r", "\r\n"] as const) {
        const f = yield* open(path, "r", { newline });
        yield* f.read();
        out.push(f.newlines);
        yield* f.close();
      }
      return out;
    });
    expect(fixed).toEqual([null, null, null]);
    // Text decoded a slice at a time (readline), newline "": CPython 3.12 says "\r\n".
    const bySlice = await inLoop(function* () {
      const f = yield* open(join(dir, "n2.txt"), "r", { newline: "" });
      const line = yield* f.readline();
      const seen = f.newlines;
      yield* f.close();
      return [line, seen];
    });
    expect(bySlice).toEqual(["a\r\n", "\r\n"]);
  });

  it("readlines on a write-only file and writes on a read-only one: Python's messages", async () => {
    const path = join(scratch(), "m.txt");
    writeFileSync(path, "a\n");
    const got = await inLoop(function* () {
      const w = yield* open(path, "a");
      const r = yield* open(path, "r");
      const out = [
        (yield* catching(w.readlines())) as Error,
        (yield* catching(r.write("x"))) as Error,
        (yield* catching(r.writelines(["x"]))) as Error,
      ].map((e) => [e instanceof UnsupportedOperation, e.message]);
      yield* w.close();
      yield* r.close();
      return out;
    });
    expect(got).toEqual([
      [true, "not readable"],
      [true, "not writable"],
      [true, "not writable"],
    ]);
  });

  it("write and writelines of something not a str: TypeError naming its type, None for null", async () => {
    const path = join(scratch(), "types.txt");
    const got = await inLoop(function* () {
      const f = yield* open(path, "w");
      const out: string[] = [];
      for (const value of [Buffer.from("x"), 3, null, undefined]) {
        out.push(((yield* catching(f.write(value as never))) as Error).message);
        out.push(((yield* catching(f.writelines(["a", value] as never))) as Error).message);
      }
      yield* f.close();
      return out;
    });
    // CPython 3.12: f.write(b"x"), f.writelines(["a", b"x"]), … 3, None (undefined is None here).
    expect(got).toEqual(
      ["bytes", "int", "None", "None"].flatMap((t) =>
        Array(2).fill(`write() argument must be str, not ${t}`),
      ),
    );
  });

  it("characters outside the BMP count as one: read(1), readlines(hint), readlines(0)", async () => {
    const dir = scratch();
    const astral = join(dir, "astral.txt");
    writeFileSync(astral, "a\u{10000}b\u{103ff}c\u{10ffff}d\u{1f600}");
    const lines = join(dir, "lines.txt");
    writeFileSync(lines, "a😀b\nc😀\nd\n");
    const got = await inLoop(function* () {
      const f = yield* open(astral, "r");
      const ones: string[] = [];
      for (let i = 0; i < 9; i++) ones.push(yield* f.read(1));
      yield* f.close();
      const g = yield* open(lines, "r");
      const three = [yield* g.readlines(3), yield* g.readlines(0)];
      yield* g.close();
      const h = yield* open(lines, "r");
      const four = yield* h.readlines(4);
      yield* h.close();
      return { ones, three, four };
    });
    // CPython 3.12.
    expect(got).toEqual({
      ones: ["a", "\u{10000}", "b", "\u{103ff}", "c", "\u{10ffff}", "d", "\u{1f600}", ""],
      three: [["a😀b\n"], ["c😀\n", "d\n"]],
      four: ["a😀b\n", "c😀\n"],
    });
  });

  it("tell() after lines ending in \\r\\n, across the 8 KiB decoding slices", async () => {
    const path = join(scratch(), "crlf.txt");
    writeFileSync(path, "x\r\n".repeat(5000));
    const got = await inLoop(function* () {
      const f = yield* open(path, "r");
      const tells: number[] = [];
      for (let i = 0; i < 3000; i++) {
        yield* f.readline();
        if ([0, 1, 2, 2729, 2730, 2731, 2999].includes(i)) tells.push(yield* f.tell());
      }
      yield* f.close();
      // read(n) leaves \r\n's decoded and not read when the next slice is decoded.
      const g = yield* open(path, "r");
      yield* g.read(4000);
      yield* g.read(4000);
      tells.push(yield* g.tell());
      yield* g.read(1);
      tells.push(yield* g.tell());
      yield* g.close();
      return tells;
    });
    // CPython 3.12 (its cookies are the byte offsets here: UTF-8, nothing pending).
    expect(got).toEqual([3, 6, 9, 8190, 8193, 8196, 9000, 12000, 12001]);
  });

  it("readlines(hint) past an 8 KiB slice that ends inside a character", async () => {
    const path = join(scratch(), "cut.txt");
    writeFileSync(path, Buffer.concat([Buffer.alloc(8191, "a"), Buffer.from(`é\n${"b\n".repeat(10)}`)]));
    const got = await inLoop(function* () {
      const f = yield* open(path, "r", { buffering: 8192 }); // the buffer ends inside the "é"
      const lines = yield* f.readlines(8200);
      yield* f.close();
      return lines.map((l) => l.length);
    });
    // CPython 3.12.
    expect(got).toEqual([8193, 2, 2, 2, 2]);
  });

  it("a read after a write flushes the write first", async () => {
    const path = join(scratch(), "rw.txt");
    writeFileSync(path, "abcdef");
    const got = await inLoop(function* () {
      const f = yield* open(path, "r+");
      yield* f.write("X");
      const rest = yield* f.read();
      const onDisk = readFileSync(path, "latin1");
      yield* f.close();
      return [rest, onDisk];
    });
    // CPython 3.12: 'bcdef', and b'Xbcdef' on disk before the close.
    expect(got).toEqual(["bcdef", "Xbcdef"]);
  });

  it("long texts: replace applies piece by piece; strict refuses before anything is written", async () => {
    const dir = scratch();
    const replaced = join(dir, "replace.txt");
    const strict = join(dir, "strict.txt");
    const got = await inLoop(function* () {
      const f = yield* open(replaced, "w", { encoding: "ascii", errors: "replace" });
      yield* f.write(`é${"a".repeat(300_000)}`);
      yield* f.close();
      const g = yield* open(strict, "w", { encoding: "ascii" });
      const err = (yield* catching(g.write(`${"a".repeat(300_000)}é`))) as Error;
      yield* g.close();
      return [err.message, readFileSync(strict).length];
    });
    const back = readFileSync(replaced, "latin1");
    expect([back.slice(0, 3), back.length]).toEqual(["?aa", 300_001]);
    // CPython 3.12.
    expect(got).toEqual([
      "'ascii' codec can't encode character '\\xe9' in position 300000: ordinal not in range(128)",
      0,
    ]);
  });

  it("line buffering: a write or writelines with \\n or \\r is flushed, one without is not", async () => {
    const path = join(scratch(), "lb.txt");
    const got = await inLoop(function* () {
      const f = yield* open(path, "w", { buffering: 1 });
      const sizes: number[] = [];
      yield* f.write("ab");
      sizes.push(readFileSync(path).length);
      yield* f.write("c\rd");
      sizes.push(readFileSync(path).length);
      yield* f.writelines(["x", "y"]);
      sizes.push(readFileSync(path).length);
      yield* f.writelines(["z\n"]);
      sizes.push(readFileSync(path).length);
      yield* f.writelines(["\r"]);
      sizes.push(readFileSync(path).length);
      yield* f.write(`${"a".repeat(300_000)}\n`);
      sizes.push(readFileSync(path).length);
      yield* f.close();
      return sizes;
    });
    // CPython 3.12, open(p, "w", buffering=1).
    expect(got).toEqual([0, 5, 5, 9, 10, 300_011]);
  });

  it("a write larger than the buffer (UTF-16: one BOM) and a long line-buffered write ending in a short piece", async () => {
    const dir = scratch();
    const wide = join(dir, "wide.txt");
    const lb = join(dir, "lb-long.txt");
    const got = await inLoop(function* () {
      const f = yield* open(wide, "w", { encoding: "utf-16", buffering: 4096 });
      yield* f.write("h".repeat(5000));
      yield* f.close();
      const g = yield* open(lb, "w", { buffering: 1 });
      yield* g.write(`${"a".repeat(262_144)}bc\nd`);
      const size = readFileSync(lb).length;
      yield* g.close();
      return size;
    });
    const bytes = readFileSync(wide);
    // CPython 3.12: fffe6800…, 10,002 bytes; 262,148 bytes on disk after the write.
    expect([bytes.subarray(0, 4).toString("hex"), bytes.length, got]).toEqual(["fffe6800", 10_002, 262_148]);
  });

  it("a write called while a seek to the end is under way writes at the end", async () => {
    const path = join(scratch(), "wseek.txt");
    writeFileSync(path, "0123\n5678\n");
    await inLoop(function* () {
      const f = yield* open(path, "r+");
      const seeking = yield* inFlight(f.seek(0, 2));
      yield* f.write("X");
      yield* seeking;
      yield* f.close();
    });
    expect(readFileSync(path, "latin1")).toBe("0123\n5678\nX");
  });
});
