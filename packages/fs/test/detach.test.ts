/**
 * detach(): a text file hands over its buffered binary file, a buffered binary file its raw
 * (unbuffered) one; the detached object refuses every use with Python's message and cannot close
 * the descriptor. Expected values were checked against CPython 3.12 (io.TextIOWrapper.detach,
 * io.BufferedReader.detach).
 */
import {
  closeSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { repr } from "@aio/loop";
import { anext, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { BinaryFile, open, UnsupportedOperation } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

/** What `fd` is open on, or null if it is closed. */
function fdTarget(fd: number): string | null {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/** The message of the RangeError `thunk` throws (fails the test if it does not). */
function rangeErrorOf(thunk: () => unknown): string {
  try {
    thunk();
  } catch (err) {
    expect(err).toBeInstanceOf(RangeError);
    return (err as Error).message;
  }
  throw new Error("expected a RangeError");
}

const LINES = "0123456789\n".repeat(2000); // 22000 bytes

describe("BinaryFile.detach()", () => {
  it("returns an unbuffered BinaryFile on the same descriptor, at the position (what tell() said)", async () => {
    const path = join(scratch(), "a.bin");
    writeFileSync(path, LINES);
    await inLoop(function* () {
      const f = yield* open(path, "rb");
      const fd = f.fileno();
      expect((yield* f.read(3)).toString()).toBe("012");
      const raw = f.detach();
      expect(raw).toBeInstanceOf(BinaryFile);
      expect(raw).not.toBe(f);
      expect(raw.fileno()).toBe(fd);
      expect(raw.mode).toBe("rb");
      expect(raw.name).toBe(path);
      expect(yield* raw.tell()).toBe(3);
      // Unbuffered: what f read ahead is gone; reads ask the file (which changed meanwhile).
      const other = openSync(path, "r+");
      writeSync(other, "ABCDE", 3, "latin1");
      closeSync(other);
      expect((yield* raw.read(2)).toString()).toBe("AB");
      expect((yield* raw.read(100)).length).toBe(100);
      expect(yield* raw.tell()).toBe(105);
      // Raw files have nothing to detach (Python's FileIO has no detach()).
      expect(() => raw.detach()).toThrow(UnsupportedOperation);
      expect(() => raw.detach()).toThrow("detach");
      yield* raw.close();
      expect(fdTarget(fd)).not.toBe(realpathSync(path));
    });
  });

  it("the modes as Python's FileIO reports them; rb+ reads and writes through at once", async () => {
    const dir = scratch();
    const path = join(dir, "m.bin");
    writeFileSync(path, "0123456789");
    const modes = await inLoop(function* () {
      const out: string[] = [];
      for (const mode of ["rb", "rb+", "r+b", "wb", "ab", "ab+", "w+b"] as const) {
        const f = yield* open(path, mode);
        const raw = f.detach();
        out.push(raw.mode);
        yield* raw.close();
      }
      return out;
    });
    expect(modes).toEqual(["rb", "rb+", "rb+", "wb", "ab", "ab+", "rb+"]);
    writeFileSync(path, "0123456789");
    await inLoop(function* () {
      const f = yield* open(path, "rb+");
      yield* f.read(4);
      const raw = f.detach();
      yield* raw.write(Buffer.from("xy"));
      expect(readFileSync(path, "latin1")).toBe("0123xy6789"); // on disk before any flush or close
      expect((yield* raw.read()).toString()).toBe("6789");
      yield* raw.close();
    });
  });

  it("what was written and buffered lands first, at its place, with the raw file's next operation", async () => {
    const path = join(scratch(), "w.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb");
      yield* f.write(Buffer.from("abc"));
      expect(readFileSync(path).length).toBe(0); // buffered
      const raw = f.detach();
      expect(yield* raw.tell()).toBe(3);
      yield* raw.write(Buffer.from("def"));
      expect(readFileSync(path, "latin1")).toBe("abcdef");
      yield* raw.close();
    });
  });

  it("the detached file refuses every use with Python's message, and cannot close the descriptor", async () => {
    const path = join(scratch(), "d.bin");
    writeFileSync(path, "0123456789");
    await inLoop(function* () {
      const f = yield* open(path, "rb");
      const fd = f.fileno();
      const raw = f.detach();
      const message = "raw stream has been detached";
      expect(rangeErrorOf(() => f.name)).toBe(message);
      expect(rangeErrorOf(() => f.mode)).toBe(message);
      expect(rangeErrorOf(() => f.closed)).toBe(message);
      expect(rangeErrorOf(() => f.fileno())).toBe(message);
      expect(rangeErrorOf(() => f.readable())).toBe(message);
      expect(rangeErrorOf(() => f.detach())).toBe(message);
      for (const op of [
        f.read(),
        f.read1(),
        f.readline(),
        f.readlines(),
        f.peek(),
        f.readinto(new Uint8Array(2)),
        f.readall(),
        f.write(Buffer.from("x")),
        f.seek(0),
        f.tell(),
        f.truncate(),
        f.flush(),
        f.seekable(),
        f.writable(),
        f.isatty(),
        f.close(),
        f.aenter(),
        f.aexit(),
      ]) {
        const err = yield* catching(op);
        expect(err).toBeInstanceOf(RangeError);
        expect((err as Error).message).toBe(message);
      }
      expect(rangeErrorOf(() => anext(f))).toBe(message);
      expect(repr(f)).toBe("<BinaryFile>");
      expect(fdTarget(fd)).toBe(realpathSync(path)); // close() refused: the descriptor is raw's
      expect((yield* raw.read()).toString()).toBe("0123456789");
      yield* raw.close();
      expect(raw.closed).toBe(true);
    });
  });

  it("in Promise code: await using and for await refuse too; a closed file cannot be detached", async () => {
    const path = join(scratch(), "p.bin");
    writeFileSync(path, "a\nb\n");
    const f = await open(path, "rb");
    const raw = f.detach();
    await expect(f[Symbol.asyncDispose]()).rejects.toThrow("raw stream has been detached");
    await expect(f[Symbol.asyncIterator]().next()).rejects.toThrow("raw stream has been detached");
    await raw[Symbol.asyncDispose]();
    const g = await open(path, "rb");
    await g[Symbol.asyncDispose]();
    expect(rangeErrorOf(() => g.detach())).toBe("I/O operation on closed file.");
  });

  it("in using(open(…)): leaving it raises (as Python's with), the raw file stays open", async () => {
    const path = join(scratch(), "u.bin");
    writeFileSync(path, "0123456789");
    let raw: BinaryFile | null = null;
    const err = await inLoop(() =>
      catching(
        using(open(path, "rb"), function* (f) {
          raw = f.detach();
        }),
      ),
    );
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe("raw stream has been detached");
    const got = await inLoop(function* () {
      const r = raw as unknown as BinaryFile;
      const data = yield* r.read(10);
      yield* r.close();
      return data;
    });
    expect(got.toString()).toBe("0123456789");
  });
});

describe("TextFile.detach()", () => {
  it("returns the buffered BinaryFile underneath, on the same descriptor, where the text reading left it", async () => {
    const path = join(scratch(), "t.txt");
    writeFileSync(path, LINES);
    await inLoop(function* () {
      const f = yield* open(path, "r");
      const fd = f.fileno();
      expect(yield* f.readline()).toBe("0123456789\n");
      const b = f.detach();
      expect(b).toBeInstanceOf(BinaryFile);
      expect(b.fileno()).toBe(fd);
      expect(b.mode).toBe("rb");
      expect(b.name).toBe(path);
      // As CPython: the text file had taken an 8 KiB slice of the buffer to decode.
      expect(yield* b.tell()).toBe(8192);
      expect((yield* b.read(5)).toString()).toBe("89\n01");
      // Buffered: what it reads ahead is its own, as BufferedReader's.
      expect((yield* b.peek()).length).toBeGreaterThan(1);
      const raw = b.detach(); // and it detaches in turn
      expect(yield* raw.tell()).toBe(8197);
      yield* raw.close();
      expect(fdTarget(fd)).not.toBe(realpathSync(path));
    });
    await inLoop(function* () {
      const f = yield* open(path, "r");
      const b = f.detach(); // nothing read: at the start
      expect((yield* b.read()).toString()).toBe(LINES);
      yield* b.close();
    });
  });

  it("what was written lands in order, text then bytes; the buffered binary file's modes", async () => {
    const path = join(scratch(), "img.ppm");
    await inLoop(function* () {
      const f = yield* open(path, "w", { encoding: "ascii" });
      yield* f.write("P6\n2 1\n255\n");
      const out = f.detach();
      expect(out.mode).toBe("wb");
      yield* out.write(Buffer.from([255, 0, 0, 0, 0, 255]));
      yield* out.close();
    });
    expect(readFileSync(path)).toEqual(
      Buffer.concat([Buffer.from("P6\n2 1\n255\n"), Buffer.from([255, 0, 0, 0, 0, 255])]),
    );
    const modes = await inLoop(function* () {
      const out: string[] = [];
      for (const mode of ["r+", "a+", "w+", "x"] as const) {
        const f = yield* open(mode === "x" ? join(scratch(), "new.txt") : path, mode);
        const b = f.detach();
        out.push(b.mode);
        yield* b.close();
      }
      return out;
    });
    expect(modes).toEqual(["rb+", "ab+", "rb+", "xb"]);
  });

  it("the detached file refuses use with Python's message; mode, encoding and errors still answer", async () => {
    const path = join(scratch(), "d.txt");
    writeFileSync(path, "0123456789");
    await inLoop(function* () {
      const f = yield* open(path, "r", { encoding: "latin-1", errors: "replace" });
      const fd = f.fileno();
      const b = f.detach();
      const message = "underlying buffer has been detached";
      expect(rangeErrorOf(() => f.name)).toBe(message);
      expect(rangeErrorOf(() => f.closed)).toBe(message);
      expect(rangeErrorOf(() => f.newlines)).toBe(message);
      expect(rangeErrorOf(() => f.fileno())).toBe(message);
      expect(rangeErrorOf(() => f.readable())).toBe(message);
      expect(rangeErrorOf(() => f.detach())).toBe(message);
      expect(f.mode).toBe("r");
      expect(f.encoding).toBe("latin-1");
      expect(f.errors).toBe("replace");
      expect(repr(f)).toBe("<TextFile mode='r' encoding='latin-1'>");
      for (const op of [
        f.read(),
        f.read(1),
        f.readline(),
        f.readlines(),
        f.write("x"),
        f.writelines(["x"]),
        f.seek(0),
        f.tell(),
        f.truncate(),
        f.flush(),
        f.close(),
        f.aexit(),
      ]) {
        const err = yield* catching(op);
        expect(err).toBeInstanceOf(RangeError);
        expect((err as Error).message).toBe(message);
      }
      expect(fdTarget(fd)).toBe(realpathSync(path));
      expect((yield* b.read()).toString()).toBe("0123456789");
      yield* b.close();
      const g = yield* open(path, "r");
      yield* g.close();
      expect(rangeErrorOf(() => g.detach())).toBe("I/O operation on closed file.");
    });
  });
});
