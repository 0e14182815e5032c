import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anext, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { OSError, open, UnsupportedOperation } from "../src/index.js";
import { catching, inLoop, scratch, TINY_BUFFERS } from "./helpers.js";

describe("binary files", () => {
  it("readall(): the rest of the file, for every buffer size; refused on a write-only file", async () => {
    const path = join(scratch(), "all.bin");
    const data = randomBytes(10000);
    writeFileSync(path, data);
    for (const buffering of [...TINY_BUFFERS, 0, -1]) {
      const got = await inLoop(function* () {
        return yield* using(open(path, "rb", { buffering }), function* (f) {
          const head = yield* f.read(7);
          const rest = yield* f.readall();
          const end = yield* f.readall();
          return { head, rest, end };
        });
      });
      expect(Buffer.concat([got.head, got.rest]), `buffering ${buffering}`).toEqual(data);
      expect(got.end.length).toBe(0);
    }
    const err = await inLoop(function* () {
      return yield* using(open(join(scratch(), "w.bin"), "wb"), (f) => catching(f.readall()));
    });
    expect(err).toBeInstanceOf(UnsupportedOperation);
  });

  it("read(n), read1, peek, readinto and readline agree with the bytes, for every buffer size", async () => {
    const path = join(scratch(), "b.bin");
    const data = Buffer.from("line one\nsecond line\n\nlast without newline");
    writeFileSync(path, data);
    for (const buffering of [...TINY_BUFFERS, 0, -1]) {
      const got = await inLoop(function* () {
        const f = yield* open(path, "rb", { buffering });
        const parts: Buffer[] = [];
        parts.push(yield* f.read(3));
        const peeked = yield* f.peek();
        parts.push(yield* f.read1(2));
        const into = Buffer.alloc(4);
        const n = yield* f.readinto(into);
        parts.push(into.subarray(0, n));
        for (let line: Buffer; (line = yield* f.readline()).length > 0; ) parts.push(line);
        const end = yield* f.read();
        yield* f.close();
        return { all: Buffer.concat(parts), peeked, end };
      });
      expect(got.all, `buffering ${buffering}`).toEqual(data);
      expect(got.peeked.length).toBeGreaterThan(0);
      expect(data.subarray(3).subarray(0, got.peeked.length)).toEqual(got.peeked);
      expect(got.end.length).toBe(0);
    }
  });

  it("read1(n) on an unbuffered file is one read of up to n bytes, not of one byte", async () => {
    const path = join(scratch(), "r1.bin");
    const data = Buffer.from("0123456789abcdefghijklmnopqrstuvwxyz");
    writeFileSync(path, data);
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb", { buffering: 0 });
      const a = yield* f.read1(10);
      const b = yield* f.read1(100);
      const c = yield* f.read1(5);
      yield* f.close();
      const g = yield* open(path, "rb", { buffering: 0 });
      const all = yield* g.read1();
      yield* g.close();
      return { a, b, c, all };
    });
    expect(got.a).toEqual(data.subarray(0, 10));
    expect(got.b).toEqual(data.subarray(10));
    expect(got.c.length).toBe(0);
    expect(got.all).toEqual(data);
  });

  it("large reads and writes pass the buffer by: 3 MiB of random bytes in odd-sized chunks", async () => {
    const path = join(scratch(), "big.bin");
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const sizes = [1, 70_000, 65_536, 5, 200_000, 1_000_000];
    const back = await inLoop(function* () {
      yield* using(open(path, "wb"), function* (f) {
        let at = 0;
        for (let i = 0; at < data.length; i++) {
          const n = sizes[i % sizes.length] as number;
          expect(yield* f.write(data.subarray(at, at + n))).toBe(Math.min(n, data.length - at));
          at += n;
        }
        expect(yield* f.tell()).toBe(data.length);
      });
      return yield* using(open(path, "rb"), function* (f) {
        const parts: Buffer[] = [];
        for (let i = 0; ; i++) {
          const part = yield* f.read(sizes[(i + 3) % sizes.length] as number);
          if (part.length === 0) break;
          parts.push(part);
        }
        return Buffer.concat(parts);
      });
    });
    expect(readFileSync(path).equals(data)).toBe(true);
    expect(back.equals(data)).toBe(true);
  });

  it("lines by anext and by readlines(hint)", async () => {
    const path = join(scratch(), "l.bin");
    writeFileSync(path, "a\nbb\nccc\n");
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb", { buffering: 2 });
      const first = yield* anext(f);
      const some = yield* f.readlines(3);
      const rest = yield* f.readlines();
      yield* f.close();
      return [String(first), some.map(String), rest.map(String)];
    });
    // As CPython's: lines until their total size exceeds the hint (3 bytes of "bb\n" only reach it).
    expect(got).toEqual(["a\n", ["bb\n", "ccc\n"], []]);
  });

  it("seek from the start, the position and the end; negative positions are EINVAL", async () => {
    const path = join(scratch(), "s.bin");
    writeFileSync(path, "0123456789");
    await inLoop(function* () {
      const f = yield* open(path, "rb");
      expect(yield* f.seek(3)).toBe(3);
      expect(String(yield* f.read(2))).toBe("34");
      expect(yield* f.seek(2, 1)).toBe(7);
      expect(String(yield* f.read(1))).toBe("7");
      expect(yield* f.seek(-3, 2)).toBe(7);
      expect(String(yield* f.read())).toBe("789");
      expect(yield* f.seek(5, 2)).toBe(15);
      expect((yield* f.read()).length).toBe(0);
      const err = yield* catching(f.seek(-1));
      expect(err).toBeInstanceOf(OSError);
      expect((err as OSError).message).toBe("[Errno 22] Invalid argument");
      expect((err as OSError).errno).toBe(22);
      expect(() => f.seek(0, 5).next()).toThrow(new RangeError("whence value 5 unsupported"));
      expect(yield* f.tell()).toBe(15);
      yield* f.close();
    });
  });

  it("a+b writes at the end whatever the position; r+b writes where it is", async () => {
    const path = join(scratch(), "a.bin");
    writeFileSync(path, "abc");
    await inLoop(function* () {
      const f = yield* open(path, "a+b");
      expect(yield* f.tell()).toBe(3);
      yield* f.seek(0);
      expect(String(yield* f.read(1))).toBe("a");
      yield* f.write(Buffer.from("Z"));
      yield* f.flush();
      expect(yield* f.tell()).toBe(4);
      yield* f.close();
      const g = yield* open(path, "r+b");
      yield* g.seek(1);
      yield* g.write(new Uint8Array([0x31, 0x32]));
      expect(String(yield* g.read())).toBe("Z");
      yield* g.close();
    });
    expect(readFileSync(path, "latin1")).toBe("a12Z");
  });

  it("reads after a write see the written bytes, never stale read-ahead", async () => {
    const path = join(scratch(), "ra.bin");
    const data = randomBytes(400_000);
    writeFileSync(path, data);
    const expected = Buffer.from(data);
    expected.write("NEW", 65_636, "latin1");
    const back = await inLoop(function* () {
      const f = yield* open(path, "r+b");
      yield* f.read(10); // the first block is read, the next one (at 65536) is read ahead
      yield* f.seek(65_636);
      yield* f.write(Buffer.from("NEW")); // inside the block read ahead
      yield* f.seek(65_536);
      const parts: Buffer[] = [];
      for (let part: Buffer; (part = yield* f.read(1000)).length > 0; ) parts.push(part);
      yield* f.close();
      return Buffer.concat(parts);
    });
    expect(back.equals(expected.subarray(65_536))).toBe(true);
  });

  it("an error of a write going on behind comes out of a later operation, and the file still closes", () => {
    const path = join(scratch(), "limited.bin");
    const fixture = new URL("./fixtures/write-too-large.ts", import.meta.url).pathname;
    // A 200 KiB file-size limit (ulimit counts 1 KiB blocks); SIGXFSZ ignored, so writes fail with EFBIG.
    const r = spawnSync(
      "sh",
      [
        "-c",
        `trap '' XFSZ; ulimit -f 200; exec node --conditions=aio-source --import tsx ${fixture} ${path}`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    const [failure, closed] = r.stdout.trim().split("\n");
    expect(failure).toMatch(/^(write \d+|flush): OSError: \[Errno 27\] File too large: '.*limited\.bin'$/);
    expect(closed).toBe("closed true");
    expect(readFileSync(path).length).toBeLessThanOrEqual(200 * 1024);
  });

  it("writes take any bytes: Buffer, typed arrays, DataView, ArrayBuffer", async () => {
    const path = join(scratch(), "w.bin");
    await inLoop(function* () {
      yield* using(open(path, "wb"), function* (f) {
        expect(yield* f.write(Buffer.from("ab"))).toBe(2);
        expect(yield* f.write(new Uint16Array([0x6463]))).toBe(2);
        expect(yield* f.write(new DataView(new Uint8Array([0x65]).buffer))).toBe(1);
        expect(yield* f.write(new Uint8Array([0x66]).buffer)).toBe(1);
        yield* f.writelines([Buffer.from("g"), new Uint8Array([0x68])]);
      });
    });
    expect(readFileSync(path, "latin1")).toBe("abcdefgh");
  });

  it("buffering 0 writes at once; the default buffers until flush", async () => {
    const path = join(scratch(), "u.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb", { buffering: 0 });
      yield* f.write(Buffer.from("now"));
      expect(readFileSync(path, "latin1")).toBe("now");
      yield* f.close();
      const g = yield* open(path, "ab");
      yield* g.write(Buffer.from("later"));
      expect(readFileSync(path, "latin1")).toBe("now");
      yield* g.close();
      expect(readFileSync(path, "latin1")).toBe("nowlater");
    });
  });

  it("closed files and the wrong mode: Python's errors, method by method", async () => {
    const path = join(scratch(), "c.bin");
    writeFileSync(path, "x");
    await inLoop(function* () {
      const r = yield* open(path, "rb");
      expect(() => r.write(Buffer.from("y")).next()).toThrow(new UnsupportedOperation("write"));
      expect(() => r.truncate().next()).toThrow(new UnsupportedOperation("truncate"));
      yield* r.close();
      yield* r.close(); // closing twice does nothing
      expect(r.closed).toBe(true);
      expect(() => r.read().next()).toThrow(new RangeError("read of closed file"));
      expect(() => r.readline().next()).toThrow(new RangeError("readline of closed file"));
      expect(() => r.seek(0).next()).toThrow(new RangeError("seek of closed file"));
      expect(() => r.tell().next()).toThrow(new RangeError("I/O operation on closed file"));
      expect(() => r.fileno()).toThrow(new RangeError("I/O operation on closed file"));
      const w = yield* open(path, "wb");
      expect(() => w.read().next()).toThrow(new UnsupportedOperation("read"));
      expect(() => w.read1().next()).toThrow(new UnsupportedOperation("read1"));
      expect(() => w.readline().next()).toThrow(new UnsupportedOperation("read"));
      expect(w.readable()).toBe(false);
      expect(yield* w.writable()).toBe(true);
      expect(yield* w.seekable()).toBe(true);
      expect(yield* w.isatty()).toBe(false);
      expect(w.fileno()).toBeGreaterThan(2);
      yield* w.close();
      expect(() => w.write(Buffer.from("y")).next()).toThrow(new RangeError("write to closed file"));
    });
  });

  it("a FIFO reads sequentially (not seekable)", async () => {
    const { execFileSync, spawn } = await import("node:child_process");
    const fifo = join(scratch(), "fifo");
    execFileSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `printf 'one\\ntwo\\n' > ${fifo}`], { stdio: "ignore" });
    const exited = new Promise((resolve) => writer.once("exit", resolve));
    const lines = await inLoop(function* () {
      const f = yield* open(fifo, "rb");
      expect(yield* f.seekable()).toBe(false);
      const out = [String(yield* f.readline()), String(yield* f.read())];
      yield* f.close();
      return out;
    });
    expect(await exited).toBe(0);
    expect(lines).toEqual(["one\n", "two\n"]);
  });
});
