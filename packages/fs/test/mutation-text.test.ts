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
