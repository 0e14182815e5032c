/**
 * What binary-file.ts does that the other suites do not show (survivors of its Stryker run, session
 * 9). Expected values are CPython 3.12's `open()` (BufferedReader/BufferedRandom) and aiofiles'.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anext, type Coro, createTask, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { type BinaryFile, OSError, open, UnsupportedOperation } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

/** The class name and message of what `coro` raised. */
function* failure(coro: { [Symbol.iterator](): Coro<unknown> }): Coro<[string, string]> {
  const err = (yield* catching(coro)) as Error;
  const kind =
    err instanceof UnsupportedOperation
      ? "UnsupportedOperation"
      : err instanceof OSError
        ? "OSError"
        : err instanceof RangeError
          ? "ValueError"
          : err.constructor.name;
  return [kind, err.message];
}

/** `anext(f)` as a coroutine (anext raises at once when the line is at hand, or the file refuses). */
function* nextLine(f: BinaryFile): Coro<unknown> {
  return yield* anext(f);
}

/**
 * Starts `first` (an operation that waits for I/O) in a task and lets it start, so that it holds
 * the file's lock when the caller's next operation is called.
 */
function* inFlight<T>(first: Coro<T>) {
  const task = createTask(first);
  yield* sleep(0);
  return task;
}

describe("binary files: closed and the wrong mode, Python's messages", () => {
  it("each method on a closed file: ValueError with the buffered file's message", async () => {
    const path = join(scratch(), "closed.bin");
    writeFileSync(path, "ab\ncd\n");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb+");
      yield* f.close();
      return {
        read: yield* failure(f.read()),
        read1: yield* failure(f.read1()),
        readinto: yield* failure(f.readinto(new Uint8Array(2))),
        peek: yield* failure(f.peek()),
        readline: yield* failure(f.readline()),
        readlines: yield* failure(f.readlines()),
        "readlines(2)": yield* failure(f.readlines(2)),
        write: yield* failure(f.write(Buffer.from("x"))),
        writelines: yield* failure(f.writelines([Buffer.from("x")])),
        seek: yield* failure(f.seek(0)),
        tell: yield* failure(f.tell()),
        truncate: yield* failure(f.truncate()),
        anext: yield* failure(nextLine(f)),
      };
    });
    // CPython 3.12, open(p, "rb+") closed (aiofiles' __anext__ is readline's).
    expect(got).toEqual({
      read: ["ValueError", "read of closed file"],
      read1: ["ValueError", "read of closed file"],
      readinto: ["ValueError", "readinto of closed file"],
      peek: ["ValueError", "peek of closed file"],
      readline: ["ValueError", "readline of closed file"],
      readlines: ["ValueError", "I/O operation on closed file."],
      "readlines(2)": ["ValueError", "I/O operation on closed file."],
      write: ["ValueError", "write to closed file"],
      writelines: ["ValueError", "I/O operation on closed file."],
      seek: ["ValueError", "seek of closed file"],
      tell: ["ValueError", "I/O operation on closed file"],
      truncate: ["ValueError", "truncate of closed file"],
      anext: ["ValueError", "readline of closed file"],
    });
  });

  it("an operation called while the file is being closed finds it closed, with the same message", async () => {
    const path = join(scratch(), "closing.bin");
    writeFileSync(path, "ab\ncd\n");
    const got = await inLoop(function* () {
      const results: Record<string, [string, string]> = {};
      const ops: [string, (f: BinaryFile) => Coro<unknown>][] = [
        ["read", (f) => f.read(2)],
        ["read1", (f) => f.read1()],
        ["peek", (f) => f.peek()],
        ["readline", (f) => f.readline()],
        ["readlines(2)", (f) => f.readlines(2)],
        ["write", (f) => f.write(Buffer.from("x"))],
        ["writelines", (f) => f.writelines([Buffer.from("x"), Buffer.from("y")])],
        ["seek", (f) => f.seek(1)],
        ["tell", (f) => f.tell()],
        ["truncate", (f) => f.truncate(1)],
      ];
      for (const [name, op] of ops) {
        const f = yield* open(path, "rb+");
        const closing = yield* inFlight(f.close());
        results[name] = yield* failure(op(f));
        yield* closing;
      }
      return results;
    });
    expect(got).toEqual({
      read: ["ValueError", "read of closed file"],
      read1: ["ValueError", "read of closed file"],
      peek: ["ValueError", "peek of closed file"],
      readline: ["ValueError", "readline of closed file"],
      "readlines(2)": ["ValueError", "I/O operation on closed file."],
      write: ["ValueError", "write to closed file"],
      writelines: ["ValueError", "I/O operation on closed file."],
      seek: ["ValueError", "seek of closed file"],
      tell: ["ValueError", "I/O operation on closed file"],
      truncate: ["ValueError", "truncate of closed file"],
    });
  });

  it("reading a write-only file and writing a read-only one: UnsupportedOperation naming the call", async () => {
    const path = join(scratch(), "mode.bin");
    writeFileSync(path, "ab\ncd\n");
    const got = await inLoop(function* () {
      const w = yield* open(path, "ab");
      const r = yield* open(path, "rb");
      const out = {
        read1: yield* failure(w.read1()),
        readlines: yield* failure(w.readlines()),
        "readlines(2)": yield* failure(w.readlines(2)),
        anext: yield* failure(nextLine(w)),
        writelines: yield* failure(r.writelines([Buffer.from("x")])),
        truncate: yield* failure(r.truncate()),
      };
      yield* w.close();
      yield* r.close();
      return out;
    });
    // CPython 3.12: open(p, "ab") / open(p, "rb").
    expect(got).toEqual({
      read1: ["UnsupportedOperation", "read1"],
      readlines: ["UnsupportedOperation", "read"],
      "readlines(2)": ["UnsupportedOperation", "read"],
      anext: ["UnsupportedOperation", "read"],
      writelines: ["UnsupportedOperation", "write"],
      truncate: ["UnsupportedOperation", "truncate"],
    });
  });
});

describe("binary files: sizes, as CPython's", () => {
  it("read1(n), read1(0), read1() and peek() return what is buffered, reading only when nothing is", async () => {
    const path = join(scratch(), "r1.bin");
    writeFileSync(path, "abcdefghij");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb", { buffering: 4 });
      const seq = [
        yield* f.read(1),
        yield* f.read1(2),
        yield* f.read1(0),
        yield* f.read1(),
        yield* f.read1(),
        yield* f.read1(-1),
      ].map(String);
      yield* f.close();
      const g = yield* open(path, "rb", { buffering: 4 });
      const peeks = [
        yield* g.read(1),
        yield* g.peek(),
        yield* g.read(1),
        yield* g.peek(0),
        yield* g.peek(10),
      ].map(String);
      const buffered = String(yield* g.read1(2));
      yield* g.close();
      const h = yield* open(path, "rb", { buffering: 4 });
      const first = String(yield* h.read1(2)); // nothing buffered: one read
      yield* h.close();
      return { seq, peeks, buffered, first };
    });
    // CPython 3.12, open(p, "rb", buffering=4).
    expect(got).toEqual({
      seq: ["a", "bc", "", "d", "efgh", "ij"],
      peeks: ["a", "bcd", "b", "cd", "cd"],
      buffered: "cd",
      first: "ab",
    });
  });

  it("read1(0) reads nothing, and an unbuffered read1(n) reads n bytes: a later read sees the file as it is then", async () => {
    const path = join(scratch(), "r10.bin");
    writeFileSync(path, "abcdefghij");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb", { buffering: 4 });
      const zero = yield* f.read1(0);
      writeFileSync(path, "ABCDEFGHIJ");
      const rest = yield* f.read();
      yield* f.close();
      const u = yield* open(path, "rb", { buffering: 0 });
      const two = yield* u.read1(2);
      writeFileSync(path, "0123456789");
      const after = yield* u.read();
      yield* u.close();
      return [zero, rest, two, after].map(String);
    });
    // CPython: read1(0) makes no read; an unbuffered file (FileIO) keeps nothing read ahead.
    expect(got).toEqual(["", "ABCDEFGHIJ", "AB", "23456789"]);
  });

  it("readline(size) stops at size bytes (0: nothing); readlines(0) is all; readlines(hint) past the end", async () => {
    const path = join(scratch(), "rl.bin");
    writeFileSync(path, "abcdef\nxy\nz");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb");
      const a = [yield* f.readline(2), yield* f.readline(0), yield* f.readline(100)].map(String);
      const b = (yield* f.readlines(0)).map(String);
      yield* f.close();
      const g = yield* open(path, "rb", { buffering: 3 });
      const c = [yield* g.readline(2), yield* g.readline(4), yield* g.readline(5)].map(String);
      const d = (yield* g.readlines(100)).map(String);
      yield* g.close();
      return { a, b, c, d };
    });
    // CPython 3.12: readline(2), readline(0), readline(100), readlines(0); readlines(100) at the end.
    expect(got).toEqual({
      a: ["ab", "", "cdef\n"],
      b: ["xy\n", "z"],
      c: ["ab", "cdef", "\n"],
      d: ["xy\n", "z"],
    });
  });

  it("truncate: the position by default, buffered writes first, Python's errors for -1 and a non-integer", async () => {
    const path = join(scratch(), "t.bin");
    writeFileSync(path, "abcdef\nxy\nz");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb+");
      const read = String(yield* f.read(3));
      const cut = yield* f.truncate();
      const size = readFileSync(path).length;
      const tell = yield* f.tell();
      const minus = yield* failure(f.truncate(-1));
      const text = yield* failure(f.truncate("x" as never));
      const none = yield* f.truncate(null); // Python's truncate(None): the position
      yield* f.close();
      const g = yield* open(path, "wb+");
      yield* g.write(Buffer.from("abcdef"));
      const pending = yield* g.truncate(3);
      const after = yield* g.tell();
      const onDisk = readFileSync(path, "latin1");
      yield* g.close();
      return {
        read,
        cut,
        size,
        tell,
        minus,
        text,
        none,
        pending,
        after,
        onDisk,
        end: readFileSync(path, "latin1"),
      };
    });
    // CPython 3.12.
    expect(got).toEqual({
      read: "abc",
      cut: 3,
      size: 3,
      tell: 3,
      minus: ["OSError", "[Errno 22] Invalid argument"],
      text: ["TypeError", "'str' object cannot be interpreted as an integer"],
      none: 3,
      pending: 3,
      after: 6,
      onDisk: "abc",
      end: "abc",
    });
  });

  it("writelines of one line writes it", async () => {
    const path = join(scratch(), "wl.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb");
      yield* f.writelines([Buffer.from("one")]);
      yield* f.close();
    });
    expect(readFileSync(path, "latin1")).toBe("one");
  });
});

describe("binary files: an operation called while another is under way waits for it", () => {
  it("read, read1, readline, anext, tell and write after a seek in flight act at the new position", async () => {
    const path = join(scratch(), "order.bin");
    writeFileSync(path, "0123\n5678\nabcd\n");
    const got = await inLoop(function* () {
      const out: Record<string, string | number> = {};
      const ops: [string, (f: BinaryFile) => Coro<Buffer | number>][] = [
        ["read", (f) => f.read(2)],
        ["read1", (f) => f.read1()],
        ["read1(0)", (f) => f.read1(0)],
        ["readline", (f) => f.readline()],
        ["anext", (f) => anext(f) as Coro<Buffer>],
        ["tell", (f) => f.tell()],
      ];
      for (const [name, op] of ops) {
        const f = yield* open(path, "rb", { buffering: 8 });
        yield* f.read(1); // "0123\n567" buffered
        const seeking = yield* inFlight(f.seek(-5, 2)); // a stat: I/O
        const r = yield* op(f);
        out[name] = typeof r === "number" ? r : String(r);
        yield* seeking;
        yield* f.close();
      }
      const w = yield* open(path, "rb+");
      yield* w.read(1);
      const seeking = yield* inFlight(w.seek(0, 2));
      yield* w.write(Buffer.from("X"));
      yield* seeking;
      yield* w.close();
      out.file = readFileSync(path, "latin1");
      return out;
    });
    expect(got).toEqual({
      read: "ab",
      read1: "abcd\n",
      "read1(0)": "",
      readline: "abcd\n",
      anext: "abcd\n",
      tell: 10,
      file: "0123\n5678\nabcd\nX",
    });
  });

  it("read(0) and read1(n) behind another read: only what that read left", async () => {
    const path = join(scratch(), "behind.bin");
    writeFileSync(path, "abcdefghij");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb", { buffering: 0 });
      const reading = yield* inFlight(f.read(2));
      const zero = String(yield* f.read(0));
      const first = String(yield* reading);
      yield* f.close();
      const out: string[] = [zero, first];
      for (const size of [-1, 0, 2]) {
        const g = yield* open(path, "rb", { buffering: 4 });
        const r = yield* inFlight(g.read(1)); // leaves "bcd" buffered
        out.push(String(yield* g.read1(size)));
        yield* r;
        yield* g.close();
      }
      return out;
    });
    // CPython: read(0) is b""; read1 returns from the buffer ("bcd") when it holds anything.
    expect(got).toEqual(["", "ab", "bcd", "", "bc"]);
  });
});
