/**
 * Tests written against surviving mutants of src/file.ts (see MUTATION.md): size and integer
 * arguments, the closed-file messages of the direct methods, repr, and the lock of Promise code's
 * close. Expected values are CPython 3.12's `open()` on the same calls.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repr } from "@aio/loop";
import { createTask, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open } from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

describe("AsyncFile (mutation)", () => {
  it("size arguments: null and undefined mean all, negative means all, a float is refused", async () => {
    const dir = scratch();
    const path = join(dir, "a.bin");
    writeFileSync(path, "abc\ndef\n");
    await inLoop(function* () {
      const f = yield* open(path, "rb");
      expect((yield* f.read(null)).toString()).toBe("abc\ndef\n");
      yield* f.seek(0);
      expect((yield* f.read(undefined)).toString()).toBe("abc\ndef\n");
      yield* f.seek(0);
      expect((yield* f.readline(null)).toString()).toBe("abc\n");
      expect((yield* f.read(-5)).toString()).toBe("def\n");
      yield* f.seek(0);
      expect((yield* f.read(2)).toString()).toBe("ab");
      expect(() => f.read(1.5).next()).toThrow(
        new TypeError("argument should be integer or None, not 'float'"),
      );
      expect(() => f.read("2" as never).next()).toThrow(
        new TypeError("argument should be integer or None, not 'str'"),
      );
      // CPython 3.12: read1(None) is refused (read(None) is not).
      expect(() => f.read1(null as never).next()).toThrow(
        new TypeError("'NoneType' object cannot be interpreted as an integer"),
      );
      expect(() => f.read1(1.5).next()).toThrow(
        new TypeError("'float' object cannot be interpreted as an integer"),
      );
      expect(() => f.seek(1.5).next()).toThrow(
        new TypeError("'float' object cannot be interpreted as an integer"),
      );
      expect(() => f.seek("1" as never).next()).toThrow(
        new TypeError("'str' object cannot be interpreted as an integer"),
      );
      expect(yield* f.tell()).toBe(2);
      yield* f.close();
      const t = yield* open(path, "r");
      expect(yield* t.read(null)).toBe("abc\ndef\n");
      expect(() => t.read(0.5).next()).toThrow(
        new TypeError("argument should be integer or None, not 'float'"),
      );
      yield* t.close();
    });
  });

  it("fileno, readable, writable, seekable and isatty of a closed file: Python's message, no period", async () => {
    const dir = scratch();
    const path = join(dir, "a.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb");
      expect(f.readable()).toBe(false);
      expect(yield* f.writable()).toBe(true);
      expect(yield* f.seekable()).toBe(true);
      expect(yield* f.isatty()).toBe(false);
      expect(f.fileno()).toBeGreaterThan(2);
      yield* f.close();
      const closed = new RangeError("I/O operation on closed file");
      expect(() => f.fileno()).toThrow(closed);
      expect(() => f.readable()).toThrow(closed);
      expect(() => f.writable().next()).toThrow(closed);
      expect(() => f.seekable().next()).toThrow(closed);
      expect(() => f.isatty().next()).toThrow(closed);
      expect(() => f.flush().next()).toThrow(new RangeError("I/O operation on closed file."));
    });
  });

  it("repr and toString name the file and mode; aexit returns false", async () => {
    const dir = scratch();
    const path = join(dir, "a.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb");
      const want = `<BinaryFile name=${repr(path)} mode='wb'>`;
      expect(repr(f)).toBe(want);
      expect(String(f)).toBe(want);
      expect(yield* f.aexit()).toBe(false);
      expect(f.closed).toBe(true);
      const t = yield* open(path, "w");
      expect(String(t)).toBe(`<TextFile name=${repr(path)} mode='w' encoding='UTF-8'>`);
      yield* t.close();
    });
  });

  it("Promise code's close (asyncDispose) passes the lock on: a close queued behind it returns", async () => {
    const dir = scratch();
    const path = join(dir, "a.bin");
    await inLoop(function* () {
      const f = yield* open(path, "wb");
      yield* f.write(Buffer.from("data"));
      const disposing = f[Symbol.asyncDispose]();
      // Queued behind the dispose while it holds the lock (the file is not closed yet).
      const closing = createTask(f.close());
      yield* sleep(0);
      let done = false;
      yield* sleep(0);
      yield* (function* () {
        for (let i = 0; i < 200 && !closing.done(); i++) yield* sleep(0.005);
        done = closing.done();
      })();
      expect(done).toBe(true);
      yield* closing;
      yield* (function* () {
        let settled = false;
        void disposing.then(() => {
          settled = true;
        });
        while (!settled) yield* sleep(0);
      })();
      expect(f.closed).toBe(true);
    });
    expect(readFileSync(path, "utf8")).toBe("data");
  });
});
