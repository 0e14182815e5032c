/**
 * Port of aiofiles' tests/test_tempfile.py (aiofiles commit
 * 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and contributors).
 *
 * Translation: `tempfile.Xxx(mode=, max_size=, delete_on_close=, suffix=, prefix=, dir=)` →
 * `tempfile.Xxx({ mode, maxSize, deleteOnClose, suffix, prefix, dir })`, `async with` → `using`,
 * `async for line in f` → `anext(f, null)` until null; the `@pytest.mark.parametrize` values are
 * loops inside each `it`. The synchronous `os.path.exists` / `isfile` / `isdir` are Node's `fs`
 * sync calls; pytest's `tmp_path` is a scratch directory; Python's `None` is `null`.
 * test_spooled_temporary_file's `type(f._file._file) is io.BytesIO` (the private in-memory buffer
 * of the spooled file) is `!f.rolled`, which @aio/fs documents as Python's `f._rolled`.
 * Upstream runs test_named_temporary_file only before Python 3.12 (N/A here: @aio/fs follows 3.12)
 * and test_named_temporary_file_312 / test_named_temporary_delete_on_close only from 3.12.
 */
import { existsSync, statSync } from "node:fs";
import { sep } from "node:path";
import { anext, type Coro, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { tempfile } from "../../src/index.js";
import { inLoop, scratch } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {
  test_named_temporary_file:
    "upstream skips it from Python 3.12 (`skipif(sys.version_info >= (3, 12))`: the file wrapper's " +
    "`delete` attribute is gone); @aio/fs follows 3.12, whose variants (test_named_temporary_file_312, " +
    "test_named_temporary_delete_on_close) are ported and pass",
};

const MODES = ["r+", "w+", "rb+", "wb+"] as const;

/** A text or binary file, as the mode made it (Python's duck typing). */
interface EitherFile extends AsyncIterable<string | Buffer> {
  readonly name: unknown;
  readonly newlines?: unknown;
  readonly rolled?: boolean;
  write(data: string | Buffer): Coro<number>;
  read(): Coro<string | Buffer>;
  flush(): Coro<void>;
  seek(offset: number): Coro<number>;
  close(): Coro<void>;
}
const either = (f: unknown) => f as EitherFile;

const isfile = (p: string) => existsSync(p) && statSync(p).isFile();
const isdir = (p: string) => existsSync(p) && statSync(p).isDirectory();

describe("test_tempfile", () => {
  it("test_temporary_file", async () => {
    for (const mode of MODES) {
      const data = mode.includes("b") ? Buffer.from("Hello World!\n") : "Hello World!\n";
      await inLoop(function* () {
        yield* using(tempfile.TemporaryFile({ mode }), function* (file) {
          const f = either(file);
          for (let i = 0; i < 3; i++) yield* f.write(data);
          yield* f.flush();
          yield* f.seek(0);
          for (let line: unknown; (line = yield* anext(f, null)) !== null; ) {
            expect(line).toEqual(data);
          }
        });
      });
    }
  });

  it("test_named_temporary_file_312", async () => {
    for (const mode of MODES) {
      const data = mode.includes("b") ? Buffer.from("Hello World!") : "Hello World!";
      let filename = "";
      await inLoop(function* () {
        yield* using(tempfile.NamedTemporaryFile({ mode }), function* (file) {
          const f = either(file);
          yield* f.write(data);
          yield* f.flush();
          yield* f.seek(0);
          expect(yield* f.read()).toEqual(data);

          filename = String(f.name);
          expect(existsSync(filename)).toBe(true);
          expect(isfile(filename)).toBe(true);
        });
      });
      expect(existsSync(filename)).toBe(false);
    }
  });

  it("test_named_temporary_delete_on_close", async () => {
    for (const mode of MODES) {
      const data = mode.includes("b") ? Buffer.from("Hello World!") : "Hello World!";
      let filename = "";
      await inLoop(function* () {
        yield* using(tempfile.NamedTemporaryFile({ mode, deleteOnClose: true }), function* (file) {
          const f = either(file);
          yield* f.write(data);
          yield* f.flush();
          yield* f.close();

          filename = String(f.name);
          expect(existsSync(filename)).toBe(false);
        });

        yield* using(tempfile.NamedTemporaryFile({ mode, deleteOnClose: false }), function* (file) {
          const f = either(file);
          yield* f.write(data);
          yield* f.flush();
          yield* f.close();

          filename = String(f.name);
          expect(existsSync(filename)).toBe(true);
        });
      });
      expect(existsSync(filename)).toBe(false);
    }
  });

  it("test_spooled_temporary_file", async () => {
    for (const mode of MODES) {
      const data = mode.includes("b") ? Buffer.from("Hello World!") : "Hello World!";
      await inLoop(function* () {
        yield* using(tempfile.SpooledTemporaryFile({ maxSize: data.length + 1, mode }), function* (file) {
          const f = either(file);
          yield* f.write(data);
          yield* f.flush();
          if (mode.includes("b")) expect(f.rolled).toBe(false); // type(f._file._file) is io.BytesIO

          yield* f.write(data);
          yield* f.flush();
          if (mode.includes("b")) expect(f.rolled).toBe(true); // type(f._file._file) is not io.BytesIO

          yield* f.seek(0);
          const both = typeof data === "string" ? data + data : Buffer.concat([data, data]);
          expect(yield* f.read()).toEqual(both);
        });
      });
    }
  });

  it("test_spooled_temporary_file_newlines", async () => {
    for (const [testString, newlines] of [
      ["LF\n", "\n"],
      ["CRLF\r\n", "\r\n"],
    ]) {
      await inLoop(function* () {
        yield* using(tempfile.SpooledTemporaryFile({ mode: "w+" }), function* (f) {
          yield* f.write(testString as string);
          yield* f.flush();
          yield* f.seek(0);

          expect(f.newlines).toBeNull();

          yield* f.read();

          expect(f.newlines).toBe(newlines);
        });
      });
    }
  });

  it("test_temporary_directory", async () => {
    for (const [prefix, suffix] of [
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ] as const) {
      const tmpPath = scratch();
      let dirPath = "";
      await inLoop(function* () {
        yield* using(tempfile.TemporaryDirectory({ suffix, prefix, dir: tmpPath }), function* (d) {
          dirPath = d;
          expect(existsSync(dirPath)).toBe(true);
          expect(isdir(dirPath)).toBe(true);
          expect(d.at(-1)).toBe(suffix);
          expect(d.split(sep).at(-1)?.[0]).toBe(prefix);
        });
      });
      expect(existsSync(dirPath)).toBe(false);
    }
  });
});
