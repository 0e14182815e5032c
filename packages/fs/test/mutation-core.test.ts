/**
 * What core.ts does that the other suites do not show (survivors of its Stryker run, lines 160–350).
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeState, type Tracer } from "@aio/loop/internal";
import { createTask, sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { FileCore, type RawHandle } from "../src/core.js";
import { open } from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

describe("core: file I/O", () => {
  it("a file's reads and writes are outside operations of kind fs naming the file, in a trace", async () => {
    const path = join(scratch(), "traced.txt");
    writeFileSync(path, "abc");
    const ops: [string, string][] = [];
    const tracer = new Proxy({} as Tracer, {
      get: (_, key) =>
        key === "operationStart"
          ? (_loop: unknown, kind: string, detail: string) => ops.push([kind, detail]) - 1
          : () => {},
    });
    runtimeState.tracer = tracer;
    try {
      await inLoop(() => using(open(path, "r"), (f) => f.read()));
    } finally {
      runtimeState.tracer = null;
    }
    // The open is awaited as a promise; the read and the close are the file's own I/O.
    const io = ops.filter(([kind]) => kind === "fs");
    expect(io.length).toBeGreaterThan(0);
    for (const op of io) expect(op).toEqual(["fs", path]);
  });

  it("a buffer handed to write() may change as soon as write() returns: the file has what it held", async () => {
    const path = join(scratch(), "owned.bin");
    const got = await inLoop(() =>
      using(open(path, "wb", { buffering: 16 }), function* (f) {
        const data = Buffer.from("0123456789abcdefghij"); // more than a buffer's worth: written behind
        yield* f.write(data);
        data.fill(0x2d);
        const more = Buffer.from("KLMNOPQRSTUVWXYZ!");
        yield* f.write(more);
        more.fill(0x2d);
        return null;
      }),
    );
    expect(got).toBe(null);
    expect(readFileSync(path, "latin1")).toBe("0123456789abcdefghijKLMNOPQRSTUVWXYZ!");
  });
});

describe("core: copies written behind", () => {
  it("a copy is used again only once its write is done, never while the thread may still read it", async () => {
    // A handle whose writes land only when the test says so, taking their bytes at that moment
    // (as a thread of the pool would): a copy used again while in flight would land wrong bytes.
    const landed = new Map<number, Buffer>();
    const pending: (() => void)[] = [];
    const handle: RawHandle = {
      fd: -1,
      read: () => Promise.reject(new Error("not readable")),
      write: (buffer, offset, length, position) =>
        new Promise((resolve) => {
          pending.push(() => {
            landed.set(position as number, Buffer.from(buffer.subarray(offset, offset + length)));
            resolve({ bytesWritten: length });
          });
        }),
      stat: () => Promise.resolve({ size: 0 }),
      truncate: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const flags = { readable: false, writable: true, append: false, seekable: true };
    const core = new FileCore(handle, "fake", flags, 8192, 0);
    const source = Buffer.alloc(65536);
    const sizes = [65536, 20000, 65536, 9000, 65536, 65536, 30000, 65536, 65536, 10000];
    let at = 0;
    const starts: number[] = [];
    for (let k = 0; k < sizes.length; k++) {
      const size = sizes[k] as number;
      source.fill(k + 1, 0, size);
      let done = false;
      const wrote = core.writeOut(source.subarray(0, size)).then(() => {
        done = true;
      });
      // The oldest write lands whenever this one waits for room (two go on behind at once).
      while (!done) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!done) pending.shift()?.();
      }
      await wrote;
      starts.push(at);
      at += size;
      source.fill(0xee); // the caller's buffer changes once write() has returned
    }
    while (pending.length > 0) pending.shift()?.();
    await core.flush();
    starts.forEach((start, k) => {
      expect(landed.get(start)).toEqual(Buffer.alloc(sizes[k] as number, k + 1));
    });
  });
});

describe("core: lines 1–159 (session 11)", () => {
  it("writes just over a tiny buffer are copied and written behind: the file has them all", async () => {
    const path = join(scratch(), "small.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb", { buffering: 8 });
      for (let i = 0; i < 4; i++) yield* f.write(Buffer.from(`${i}`.repeat(10)));
      yield* f.close();
    });
    expect(readFileSync(path, "utf8")).toBe(
      "0".repeat(10) + "1".repeat(10) + "2".repeat(10) + "3".repeat(10),
    );
  });

  it("Promise code's close waits for the lock: a read in flight finishes with all its bytes", async () => {
    const path = join(scratch(), "big.bin");
    const size = 16 * 1024 * 1024;
    writeFileSync(path, Buffer.alloc(size, 7));
    const got = await inLoop(function* () {
      const f = yield* open(path, "rb");
      const reading = createTask(f.read());
      yield* sleep(0);
      const disposing = f[Symbol.asyncDispose]();
      const data = yield* reading;
      yield* (function* () {
        let settled = false;
        void disposing.then(() => {
          settled = true;
        });
        while (!settled) yield* sleep(0);
      })();
      expect(f.closed).toBe(true);
      return data;
    });
    expect(got.length).toBe(size);
    expect(got.every((b) => b === 7)).toBe(true);
  });
});

describe("core: lines 351–553 (session 11)", () => {
  it("append mode: a write or flush after another writer appended gives CPython's positions", async () => {
    const path = join(scratch(), "ap.bin");
    writeFileSync(path, "0123456789");
    await inLoop(function* () {
      const f = yield* open(path, "ab");
      expect(yield* f.tell()).toBe(10);
      writeFileSync(path, "abcde", { flag: "a" });
      // Nothing pending: the position stays (CPython: 10).
      yield* f.flush();
      expect(yield* f.tell()).toBe(10);
      // A write larger than the buffer goes through, at the end; the position is the end.
      yield* f.write(Buffer.alloc(100_000, 120));
      expect(yield* f.tell()).toBe(100_015);
      yield* f.close();
      const g = yield* open(path, "ab", { buffering: 0 });
      writeFileSync(path, "zz", { flag: "a" });
      // Writing nothing moves nothing (CPython: 100015), not even through the flush before it.
      yield* g.write(Buffer.alloc(0));
      expect(yield* g.tell()).toBe(100_015);
      yield* g.write(Buffer.from("y"));
      expect(yield* g.tell()).toBe(100_018);
      yield* g.close();
    });
    const data = readFileSync(path);
    expect(data.length).toBe(100_018);
    expect(data.subarray(0, 15).toString()).toBe("0123456789abcde");
    expect(data.subarray(100_015).toString()).toBe("zzy");
  });

  it("buffered writes: a large first write, and a write that overflows the buffer, land once", async () => {
    const path = join(scratch(), "w.bin");
    const parts = [
      Buffer.alloc(100_000, 1),
      Buffer.alloc(60_000, 2),
      Buffer.alloc(10_000, 3),
      Buffer.alloc(70_000, 4),
    ];
    await inLoop(function* () {
      const f = yield* open(path, "wb");
      for (const part of parts) yield* f.write(part);
      expect(yield* f.tell()).toBe(240_000);
      yield* f.close();
    });
    expect(readFileSync(path).equals(Buffer.concat(parts))).toBe(true);
  });

  it("unbuffered writes are in the file when write() returns", async () => {
    const path = join(scratch(), "u.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb", { buffering: 0 });
      for (let i = 1; i <= 8; i++) {
        yield* f.write(Buffer.alloc(256 * 1024, i));
        const disk = readFileSync(path);
        expect(disk.length).toBe(i * 256 * 1024);
        expect(disk[disk.length - 1]).toBe(i);
      }
      yield* f.close();
    });
  });
});

describe("core: pipes (session 11)", () => {
  it("a write larger than the buffer to a FIFO goes through (no positional write on a pipe)", async () => {
    const dir = scratch();
    const fifo = join(dir, "out.fifo");
    const out = join(dir, "out.bin");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = spawn("sh", ["-c", `cat '${fifo}' > '${out}'`]);
    const read = new Promise((resolve) => reader.once("exit", resolve));
    const data = Buffer.alloc(200_000, 5);
    await inLoop(function* () {
      const f = yield* open(fifo, "wb");
      expect(yield* f.seekable()).toBe(false);
      yield* f.write(data);
      yield* f.close();
    });
    await read;
    expect(readFileSync(out).equals(data)).toBe(true);
  });
});
