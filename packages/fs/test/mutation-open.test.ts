/**
 * Tests written against surviving mutants of src/open.ts (see MUTATION.md): the buffering
 * argument, binary line buffering's warning, the text defaults, file URLs, directories, and a
 * cancelled open's handle. Expected values are CPython 3.12's `open()` where it has one.
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createTask, sleep, using } from "@aio/task";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IsADirectoryError, open } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** The paths this process has descriptors open on (Linux). */
function openPaths(): string[] {
  const paths: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      paths.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed meanwhile (the listing's own descriptor)
    }
  }
  return paths;
}

describe("open (mutation)", () => {
  it("buffering must be an integer: a float is refused as Python refuses it", async () => {
    const dir = scratch();
    const path = join(dir, "a.txt");
    writeFileSync(path, "x");
    for (const mode of ["r", "rb"]) {
      expect(() => open(path, mode, { buffering: 1.5 })).toThrow(
        new TypeError("'float' object cannot be interpreted as an integer"),
      );
    }
  });

  it("options may be null; the default buffering is the full buffer, not line buffering", async () => {
    const dir = scratch();
    const path = join(dir, "a.txt");
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    await inLoop(function* () {
      const f = yield* open(path, "w", null as never);
      expect(f.lineBuffering).toBe(false);
      expect(f.encoding).toBe("UTF-8");
      yield* f.write("a\n");
      // Python: nothing on disk before a flush (no line buffering by default).
      expect(readFileSync(path, "utf8")).toBe("");
      yield* f.close();
      expect(readFileSync(path, "utf8")).toBe("a\n");
      const g = yield* open(path, "ab");
      yield* g.write(Buffer.from("b\n"));
      expect(readFileSync(path, "utf8")).toBe("a\n");
      yield* g.close();
      expect(readFileSync(path, "utf8")).toBe("a\nb\n");
    });
    expect(emit).not.toHaveBeenCalled();
  });

  it("binary buffering=1: Python's RuntimeWarning, and the default buffer size is used", async () => {
    const dir = scratch();
    const path = join(dir, "a.bin");
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    await inLoop(function* () {
      const f = yield* open(path, "wb", { buffering: 1 });
      expect(emit.mock.calls).toEqual([
        [
          "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
          "RuntimeWarning",
        ],
      ]);
      yield* f.write(Buffer.from("abc"));
      yield* f.write(Buffer.alloc(1000, 120));
      // Buffered (as CPython's: b'' on disk), not written through a 1-byte buffer.
      expect(readFileSync(path).length).toBe(0);
      yield* f.close();
      expect(readFileSync(path).length).toBe(1003);
    });
  });

  it("text buffering > 1 is the buffer's size: a long write goes through a small one", async () => {
    const dir = scratch();
    const path = join(dir, "a.txt");
    await inLoop(function* () {
      const f = yield* open(path, "w", { buffering: 16 });
      expect(f.lineBuffering).toBe(false);
      yield* f.write("x".repeat(20000));
      // CPython: 20000 on disk before the flush (the 64 KiB default would have kept them). Ours may
      // still be writing them behind when write() returns: wait for them (up to 5 s), no flush.
      for (let i = 0; i < 500 && readFileSync(path, "utf8").length < 20000; i++) yield* sleep(0.01);
      expect(readFileSync(path, "utf8").length).toBe(20000);
      yield* f.write("y\n");
      yield* f.close();
      expect(readFileSync(path, "utf8")).toBe(`${"x".repeat(20000)}y\n`);
    });
  });

  it("a file URL is opened by its path; another scheme is refused by name", async () => {
    const dir = scratch();
    const path = join(dir, "a b.txt");
    writeFileSync(path, "by url\n");
    const text = await inLoop(() => using(open(pathToFileURL(path)), (f) => f.read()));
    expect(text).toBe("by url\n");
    expect(() => open(new URL("http://example.com/a.txt"))).toThrow(
      new TypeError("The URL must be of scheme file, got http://example.com/a.txt"),
    );
  });

  it("a directory is refused at open time in every read mode, and leaves no descriptor", async () => {
    const dir = scratch();
    const sub = join(dir, "sub");
    mkdirSync(sub);
    for (const mode of ["r", "rb"]) {
      const err = await inLoop(() => catching(open(sub, mode)));
      expect(err).toBeInstanceOf(IsADirectoryError);
      expect((err as IsADirectoryError).filename).toBe(sub);
      expect((err as Error).message).toBe(`[Errno 21] Is a directory: '${sub}'`);
      await expect(open(sub, mode)).rejects.toBeInstanceOf(IsADirectoryError);
    }
    expect(openPaths()).not.toContain(sub);
  });

  it("the opener closes what it opened, once: a second aexit does nothing", async () => {
    const dir = scratch();
    const path = join(dir, "a.txt");
    await inLoop(function* () {
      const opener = open(path, "w");
      const f = yield* opener.aenter();
      yield* f.write("once");
      expect(yield* opener.aexit()).toBe(false);
      expect(f.closed).toBe(true);
      expect(yield* opener.aexit()).toBe(false);
      // Never entered: nothing to close.
      expect(yield* open(path).aexit()).toBe(false);
    });
    expect(readFileSync(path, "utf8")).toBe("once");
  });

  it("an open cancelled while in flight closes the handle it brings", async () => {
    const dir = scratch();
    const path = join(dir, "cancelled.txt");
    writeFileSync(path, "x");
    await inLoop(function* () {
      for (let i = 0; i < 20; i++) {
        const task = createTask(
          (function* () {
            return yield* open(path);
          })(),
        );
        yield* sleep(0);
        task.cancel();
        try {
          // Opened before the cancellation could land (not the case looked for): close it.
          yield* (yield* task).close();
        } catch {
          // cancelled while the open was in flight
        }
      }
      // Let the opens in flight land and their handles close.
      for (let i = 0; i < 50 && openPaths().includes(path); i++) yield* sleep(0.01);
    });
    expect(openPaths()).not.toContain(path);
  });
});
