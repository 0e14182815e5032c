import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open, tempfile, UnsupportedOperation } from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

describe("tempfile", () => {
  it("NamedTemporaryFile: a fresh 0600 file in dir, deleted when closed (kept with delete: false)", async () => {
    const dir = scratch();
    const [name, kept] = await inLoop(function* () {
      const name = yield* using(
        tempfile.NamedTemporaryFile({ dir, prefix: "pre-", suffix: ".dat" }),
        function* (f) {
          expect(f.mode).toBe("rb+"); // Python spells a w+b file as FileIO does
          yield* f.write(Buffer.from("scratch"));
          yield* f.seek(0);
          expect(String(yield* f.read())).toBe("scratch");
          const name = String(f.name);
          expect(existsSync(name)).toBe(true);
          expect(statSync(name).mode & 0o777).toBe(0o600);
          return name;
        },
      );
      const kept = yield* using(
        tempfile.NamedTemporaryFile({ dir, mode: "w", delete: false }),
        function* (f) {
          yield* f.write("kept text");
          return String(f.name);
        },
      );
      return [name, kept];
    });
    expect(dirname(name)).toBe(dir);
    expect(basename(name)).toMatch(/^pre-[a-z0-9_]{8}\.dat$/);
    expect(existsSync(name)).toBe(false);
    expect(readFileSync(kept, "utf8")).toBe("kept text");
  });

  it("NamedTemporaryFile({ deleteOnClose: false }): kept after close, deleted when the context manager exits", async () => {
    const dir = scratch();
    const [name, afterClose] = await inLoop(function* () {
      return yield* using(tempfile.NamedTemporaryFile({ dir, deleteOnClose: false }), function* (f) {
        yield* f.write(Buffer.from("reopen me"));
        yield* f.close();
        const name = String(f.name);
        const afterClose = existsSync(name);
        yield* using(open(name, "r"), function* (g) {
          expect(yield* g.read()).toBe("reopen me");
        });
        return [name, afterClose] as const;
      });
    });
    expect(afterClose).toBe(true);
    expect(existsSync(name)).toBe(false);
  });

  it("TemporaryFile: no name left in the directory, but the open file works", async () => {
    const dir = scratch();
    const text = await inLoop(() =>
      using(tempfile.TemporaryFile({ dir, mode: "w+" }), function* (f) {
        expect(readdirSync(dir)).toEqual([]);
        yield* f.write("한글 text\n");
        yield* f.seek(0);
        return yield* f.read();
      }),
    );
    expect(text).toBe("한글 text\n");
  });

  it("SpooledTemporaryFile: in memory until maxSize, then on disk, contents intact", async () => {
    const dir = scratch();
    await inLoop(function* () {
      yield* using(tempfile.SpooledTemporaryFile({ maxSize: 100, dir }), function* (f) {
        yield* f.write(Buffer.alloc(60, 0x61));
        yield* f.flush();
        expect(f.rolled).toBe(false);
        expect(() => f.fileno()).toThrow(new UnsupportedOperation("fileno"));
        yield* f.seek(0);
        expect(String(yield* f.read())).toBe("a".repeat(60));
        yield* f.write(Buffer.alloc(60, 0x62));
        yield* f.flush();
        expect(f.rolled).toBe(true);
        expect(f.fileno()).toBeGreaterThan(2);
        expect(readdirSync(dir)).toEqual([]);
        yield* f.seek(0);
        expect(String(yield* f.read())).toBe("a".repeat(60) + "b".repeat(60));
        expect(yield* f.truncate(10)).toBe(10);
      });
      const text = yield* using(
        tempfile.SpooledTemporaryFile({ mode: "w+", encoding: "utf-16" }),
        function* (f) {
          yield* f.write("spooled ✓");
          yield* f.seek(0);
          return yield* f.read();
        },
      );
      expect(text).toBe("spooled ✓");
    });
  });

  it("TemporaryDirectory: the context value is the path; it is removed with its contents", async () => {
    const parent = scratch();
    const path = await inLoop(() =>
      using(tempfile.TemporaryDirectory({ dir: parent, prefix: "d-" }), function* (path) {
        expect(statSync(path).mode & 0o777).toBe(0o700);
        yield* using(open(join(path, "inner.txt"), "w"), (f) => f.write("x"));
        writeFileSync(join(path, "other"), "y");
        return path;
      }),
    );
    expect(basename(path)).toMatch(/^d-[a-z0-9_]{8}$/);
    expect(existsSync(path)).toBe(false);
  });

  it("temporary files are awaitable from Promise code too", async () => {
    const f = await tempfile.NamedTemporaryFile({ dir: scratch() });
    const name = String(f.name);
    await f[Symbol.asyncDispose]();
    expect(existsSync(name)).toBe(false);
  });
});
