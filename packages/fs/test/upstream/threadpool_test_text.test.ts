/**
 * Port of aiofiles' tests/threadpool/test_text.py (aiofiles commit
 * 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and contributors;
 * resources/ are copied from its tests/resources).
 *
 * Translation: `aioopen(name, mode=)` → `open(name, mode)`, `async with` → `using`,
 * `async for line in file` → `anext(file, null)` until null; the `@pytest.mark.parametrize` modes
 * are loops inside each `it`. pytest's `tmpdir` is a scratch directory; the synchronous `open()` /
 * `read()` / `read_text()` / `write()` / `ensure()` the tests compare with are Node's `fs` sync
 * calls (UTF-8; the resources have `\n` line ends only, so Python's universal newlines change
 * nothing). `io.DEFAULT_BUFFER_SIZE` is Python's 8192. Python's `ValueError` is a `RangeError`;
 * `pytest.raises(ValueError)` around a read of a write-only file catches Python's
 * `io.UnsupportedOperation("not readable")` (a ValueError and an OSError), which @aio/fs has as
 * `UnsupportedOperation` (an `OSError`), so that is what is expected.
 * `file._file.closed` (the private wrapped Python file) is checked on the descriptor instead:
 * open, `/proc/self/fd/<fd>` is the file; closed, it is not (gone, or another file).
 */
import { readFileSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anext, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open, type TextFile, UnsupportedOperation } from "../../src/index.js";
import { inLoop, scratch } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {};

const DEFAULT_BUFFER_SIZE = 8192; // Python's io.DEFAULT_BUFFER_SIZE
const MULTILINE = join(__dirname, "resources", "multiline_file.txt");
const TEST_FILE1 = join(__dirname, "resources", "test_file1.txt");
const READ_MODES = ["r", "r+", "a+"] as const;

/** Whether the descriptor `fd` refers to `path` (Python: `not file._file.closed`). */
function fdIsOpenOn(fd: number, path: string): boolean {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`) === realpathSync(path);
  } catch {
    return false;
  }
}

describe("test_text", () => {
  it("test_simple_iteration", async () => {
    for (const mode of READ_MODES) {
      await inLoop(function* () {
        const file = yield* using(open(MULTILINE, mode), function* (file) {
          // Append mode needs us to seek.
          yield* file.seek(0);
          let counter = 1;
          // The old iteration pattern:
          while (true) {
            const line = yield* file.readline();
            if (!line) break;
            expect(line.trim()).toBe(`line ${counter}`);
            counter += 1;
          }
          yield* file.seek(0);
          counter = 1;
          // The new iteration pattern:
          for (let line: string | null; (line = yield* anext(file, null)) !== null; ) {
            expect(line.trim()).toBe(`line ${counter}`);
            counter += 1;
          }
          return file;
        });
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_simple_readlines", async () => {
    for (const mode of READ_MODES) {
      // f.readlines() of Python's sync open(filename): the lines with their "\n".
      const expected = readFileSync(MULTILINE, "utf8").split(/(?<=\n)/);
      await inLoop(function* () {
        let actual: string[] = [];
        const file = yield* using(open(MULTILINE, mode), function* (file) {
          // Append mode needs us to seek.
          yield* file.seek(0);
          actual = yield* file.readlines();
          return file;
        });
        expect(file.closed).toBe(true);
        expect(actual).toEqual(expected);
      });
    }
  });

  it("test_simple_flush", async () => {
    for (const mode of ["r+", "w", "a"] as const) {
      const fullFile = join(scratch(), "file.bin");
      if (mode.includes("r")) writeFileSync(fullFile, ""); // Read modes want it to already exist.
      await inLoop(function* () {
        const file = yield* using(open(fullFile, mode), function* (file) {
          yield* file.write("0"); // Shouldn't flush.
          expect(readFileSync(fullFile, "utf8")).toBe("");
          yield* file.flush();
          expect(readFileSync(fullFile, "utf8")).toBe("0");
          return file;
        });
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_simple_read", async () => {
    for (const mode of READ_MODES) {
      await inLoop(function* () {
        let actual = "";
        const file = yield* using(open(TEST_FILE1, mode), function* (file) {
          yield* file.seek(0); // Needed for the append mode.
          actual = yield* file.read();
          expect(yield* file.read()).toBe("");
          return file;
        });
        expect(actual).toBe(readFileSync(TEST_FILE1, "utf8"));
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_simple_read_fail", async () => {
    for (const mode of ["w", "a"] as const) {
      const content = "0123456789".repeat(4 * DEFAULT_BUFFER_SIZE);
      const fullFile = join(scratch(), "bigfile.bin");
      writeFileSync(fullFile, content);
      await inLoop(function* () {
        let file: TextFile | null = null;
        let err: unknown = null;
        try {
          yield* using(open(fullFile, mode), function* (f) {
            file = f;
            yield* f.seek(0); // Needed for the append mode.
            yield* f.read();
          });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(UnsupportedOperation); // Python's io.UnsupportedOperation, a ValueError
        expect((file as TextFile | null)?.closed).toBe(true);
      });
    }
  });

  it("test_staggered_read", async () => {
    for (const mode of READ_MODES) {
      await inLoop(function* () {
        const actual: string[] = [];
        const file = yield* using(open(TEST_FILE1, mode), function* (file) {
          yield* file.seek(0); // Needed for the append mode.
          while (true) {
            const char = yield* file.read(1);
            if (char) actual.push(char);
            else break;
          }
          expect(yield* file.read()).toBe("");
          return file;
        });
        // Python's sync f.read(1) until "": the file's characters one by one.
        const expected = Array.from(readFileSync(TEST_FILE1, "utf8"));
        expect(actual).toEqual(expected);
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_simple_seek", async () => {
    for (const mode of READ_MODES) {
      const content = "0123456789".repeat(4 * DEFAULT_BUFFER_SIZE);
      const fullFile = join(scratch(), "bigfile.bin");
      writeFileSync(fullFile, content);
      await inLoop(function* () {
        const file = yield* using(open(fullFile, mode), function* (file) {
          yield* file.seek(4);
          expect(yield* file.read(1)).toBe("4");
          return file;
        });
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_simple_close", async () => {
    for (const mode of ["w", "r", "r+", "w+", "a", "a+"] as const) {
      const content = "0".repeat(4 * DEFAULT_BUFFER_SIZE);
      const fullFile = join(scratch(), "bigfile.bin");
      writeFileSync(fullFile, content);
      await inLoop(function* () {
        let fd = -1;
        const file = yield* using(open(fullFile, mode), function* (file) {
          expect(file.closed).toBe(false);
          fd = file.fileno();
          expect(fdIsOpenOn(fd, fullFile)).toBe(true);
          return file;
        });
        expect(file.closed).toBe(true);
        expect(fdIsOpenOn(fd, fullFile)).toBe(false);
      });
    }
  });

  it("test_simple_truncate", async () => {
    for (const mode of ["r+", "w", "a+"] as const) {
      const content = "0123456789".repeat(4 * DEFAULT_BUFFER_SIZE);
      const fullFile = join(scratch(), "bigfile.bin");
      writeFileSync(fullFile, content);
      await inLoop(() =>
        using(open(fullFile, mode), function* (file) {
          // The append modes want us to seek first.
          yield* file.seek(0);
          if (mode.includes("w")) {
            // We've just erased the entire file.
            yield* file.write(content);
            yield* file.flush();
            yield* file.seek(0);
          }
          yield* file.truncate();
        }),
      );
      expect(readFileSync(fullFile, "utf8")).toBe("");
    }
  });

  it("test_simple_write", async () => {
    for (const mode of ["w", "r+", "w+", "a", "a+"] as const) {
      const content = "0".repeat(4 * DEFAULT_BUFFER_SIZE);
      const fullFile = join(scratch(), "bigfile.bin");
      if (mode.includes("r")) writeFileSync(fullFile, ""); // Read modes want it to already exist.
      await inLoop(function* () {
        let bytesWritten = -1;
        const file = yield* using(open(fullFile, mode), function* (file) {
          bytesWritten = yield* file.write(content);
          return file;
        });
        expect(bytesWritten).toBe(content.length);
        expect(readFileSync(fullFile, "utf8")).toBe(content);
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_simple_detach", async () => {
    const fullFile = join(scratch(), "file.bin");
    writeFileSync(fullFile, "0123456789");
    let outer: unknown = null;
    try {
      // Close will error out.
      await inLoop(() =>
        using(open(fullFile, "r"), function* (file) {
          // aiofiles' detach() hands back Python's synchronous BufferedReader; @aio/fs's is an
          // async BinaryFile (closed here: the text file's close() refuses, as Python's).
          const rawFile = file.detach();
          expect(rawFile).toBeTruthy();
          let inner: unknown = null;
          try {
            yield* file.read();
          } catch (e) {
            inner = e;
          }
          expect(inner).toBeInstanceOf(RangeError);
          expect(yield* rawFile.read(10)).toEqual(Buffer.from("0123456789"));
          yield* rawFile.close();
        }),
      );
    } catch (e) {
      outer = e;
    }
    expect(outer).toBeInstanceOf(RangeError);
  });

  it("test_simple_iteration_ctx_mgr", async () => {
    for (const mode of READ_MODES) {
      await inLoop(function* () {
        const file = yield* using(open(MULTILINE, mode), function* (file) {
          expect(file.closed).toBe(false);
          yield* file.seek(0);
          let counter = 1;
          for (let line: string | null; (line = yield* anext(file, null)) !== null; ) {
            expect(line.trim()).toBe(`line ${counter}`);
            counter += 1;
          }
          return file;
        });
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_name_property", async () => {
    for (const mode of READ_MODES) {
      await inLoop(function* () {
        const file = yield* using(open(MULTILINE, mode), function* (file) {
          expect(file.name).toBe(MULTILINE);
          return file;
        });
        expect(file.closed).toBe(true);
      });
    }
  });

  it("test_mode_property", async () => {
    for (const mode of READ_MODES) {
      await inLoop(function* () {
        const file = yield* using(open(MULTILINE, mode), function* (file) {
          expect(file.mode).toBe(mode);
          return file;
        });
        expect(file.closed).toBe(true);
      });
    }
  });
});
