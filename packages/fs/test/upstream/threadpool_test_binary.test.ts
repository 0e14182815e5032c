/**
 * Port of aiofiles' tests/threadpool/test_binary.py (aiofiles commit
 * 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and contributors;
 * resources/ are copied from its tests/resources).
 *
 * Translation: `aioopen(name, mode=, buffering=)` → `open(name, mode, { buffering })`,
 * `async with` → `using`, `async for line in file` → `anext(file, null)` until null; the
 * `@pytest.mark.parametrize` modes and buffering values are loops inside each `it`. pytest's
 * `tmpdir` is a scratch directory; the synchronous `open()` / `read_binary()` / `write_binary()` /
 * `ensure()` the tests compare with are Node's `fs` sync calls. `io.DEFAULT_BUFFER_SIZE` is
 * Python's 8192. Python's `ValueError` is a `RangeError`.
 * `file._file.closed` (the private wrapped Python file) is checked on the descriptor instead:
 * open, `/proc/self/fd/<fd>` is the file; closed, it is not (gone, or another file).
 */
import {
  closeSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { anext, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { type BinaryFile, open } from "../../src/index.js";
import { inLoop, scratch } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {};

const DEFAULT_BUFFER_SIZE = 8192; // Python's io.DEFAULT_BUFFER_SIZE
const MULTILINE = join(__dirname, "resources", "multiline_file.txt");
const READ_MODES = ["rb", "rb+", "ab+"] as const;
const BUFFERINGS = [-1, 0];

/** Whether the descriptor `fd` refers to `path` (Python: `not file._file.closed`). */
function fdIsOpenOn(fd: number, path: string): boolean {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`) === realpathSync(path);
  } catch {
    return false;
  }
}

function syncReadAll(path: string): Buffer {
  return readFileSync(path);
}

describe("test_binary", () => {
  it("test_simple_iteration", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        await inLoop(function* () {
          const file = yield* using(open(MULTILINE, mode, { buffering }), function* (file) {
            // Append mode needs us to seek.
            yield* file.seek(0);
            let counter = 1;
            // The old iteration pattern:
            while (true) {
              const line = yield* file.readline();
              if (line.length === 0) break;
              expect(line.toString("latin1").trim()).toBe(`line ${counter}`);
              counter += 1;
            }
            counter = 1;
            yield* file.seek(0);
            // The new iteration pattern:
            for (let line: Buffer | null; (line = yield* anext(file, null)) !== null; ) {
              expect(line.toString("latin1").trim()).toBe(`line ${counter}`);
              counter += 1;
            }
            return file;
          });
          expect(file.closed).toBe(true);
        });
      }
    }
  });

  it("test_simple_readlines", async () => {
    for (const mode of READ_MODES) {
      for (const _buffering of BUFFERINGS) {
        // f.readlines() of Python's sync open(filename, "rb"): the lines with their b"\n".
        const expected = syncReadAll(MULTILINE)
          .toString("latin1")
          .split(/(?<=\n)/)
          .map((l) => Buffer.from(l, "latin1"));
        // Upstream opens without buffering= here too.
        const actual = await inLoop(() =>
          using(open(MULTILINE, mode), function* (file) {
            // Append mode needs us to seek.
            yield* file.seek(0);
            return yield* file.readlines();
          }),
        );
        expect(actual).toEqual(expected);
      }
    }
  });

  it("test_simple_flush", async () => {
    for (const mode of ["rb+", "wb", "ab"] as const) {
      for (const buffering of BUFFERINGS) {
        const fullFile = join(scratch(), "file.bin");
        if (mode.includes("r")) writeFileSync(fullFile, ""); // Read modes want it to already exist.
        await inLoop(() =>
          using(open(fullFile, mode, { buffering }), function* (file) {
            yield* file.write(Buffer.from("0")); // Shouldn't flush.
            if (buffering === -1) {
              expect(readFileSync(fullFile)).toEqual(Buffer.from(""));
            } else {
              expect(readFileSync(fullFile)).toEqual(Buffer.from("0"));
            }
            yield* file.flush();
            expect(readFileSync(fullFile)).toEqual(Buffer.from("0"));
          }),
        );
      }
    }
  });

  it("test_simple_peek", async () => {
    for (const mode of ["rb+", "wb+", "ab+"] as const) {
      const fullFile = join(scratch(), "file.bin");
      writeFileSync(fullFile, "0123456789");
      await inLoop(() =>
        using(open(fullFile, mode), function* (file) {
          if (mode.includes("a")) yield* file.seek(0); // Rewind for append modes.
          const peeked = yield* file.peek(1);
          // Technically it's OK for the peek to return less bytes than requested.
          if (peeked.length > 0) {
            expect(peeked.subarray(0, 1)).toEqual(Buffer.from("0"));
            const read = yield* file.read(1);
            expect(peeked.subarray(0, read.length)).toEqual(read);
          }
        }),
      );
    }
  });

  it("test_simple_read", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        const actual = await inLoop(() =>
          using(open(MULTILINE, mode, { buffering }), function* (file) {
            yield* file.seek(0); // Needed for the append mode.
            const actual = yield* file.read();
            expect(yield* file.read()).toEqual(Buffer.from(""));
            return actual;
          }),
        );
        expect(actual).toEqual(syncReadAll(MULTILINE));
      }
    }
  });

  it("test_staggered_read", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        await inLoop(() =>
          using(open(MULTILINE, mode, { buffering }), function* (file) {
            yield* file.seek(0); // Needed for the append mode.
            const actual: Buffer[] = [];
            while (true) {
              const byte = yield* file.read(1);
              if (byte.length > 0) actual.push(byte);
              else break;
            }
            expect(yield* file.read()).toEqual(Buffer.from(""));
            const expected: Buffer[] = [];
            const fd = openSync(MULTILINE, "r");
            try {
              while (true) {
                const byte = Buffer.alloc(1);
                if (readSync(fd, byte) > 0) expected.push(byte);
                else break;
              }
            } finally {
              closeSync(fd);
            }
            expect(actual).toEqual(expected);
          }),
        );
      }
    }
  });

  it("test_simple_seek", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        const content = Buffer.from("0123456789".repeat(4 * DEFAULT_BUFFER_SIZE));
        const fullFile = join(scratch(), "bigfile.bin");
        writeFileSync(fullFile, content);
        await inLoop(() =>
          using(open(fullFile, mode, { buffering }), function* (file) {
            yield* file.seek(4);
            expect(yield* file.read(1)).toEqual(Buffer.from("4"));
          }),
        );
      }
    }
  });

  it("test_simple_close_ctx_mgr_iter", async () => {
    for (const mode of ["wb", "rb", "rb+", "wb+", "ab", "ab+"] as const) {
      for (const buffering of BUFFERINGS) {
        const content = Buffer.from("0".repeat(4 * DEFAULT_BUFFER_SIZE));
        const fullFile = join(scratch(), "bigfile.bin");
        writeFileSync(fullFile, content);
        await inLoop(function* () {
          let fd = -1;
          const file: BinaryFile = yield* using(open(fullFile, mode, { buffering }), function* (file) {
            expect(file.closed).toBe(false);
            fd = file.fileno();
            expect(fdIsOpenOn(fd, fullFile)).toBe(true);
            return file;
          });
          expect(file.closed).toBe(true);
          expect(fdIsOpenOn(fd, fullFile)).toBe(false);
        });
      }
    }
  });

  it("test_simple_close_ctx_mgr", async () => {
    for (const mode of ["wb", "rb", "rb+", "wb+", "ab", "ab+"] as const) {
      for (const buffering of BUFFERINGS) {
        const content = Buffer.from("0".repeat(4 * DEFAULT_BUFFER_SIZE));
        const fullFile = join(scratch(), "bigfile.bin");
        writeFileSync(fullFile, content);
        await inLoop(function* () {
          const file = yield* open(fullFile, mode, { buffering });
          expect(file.closed).toBe(false);
          const fd = file.fileno();
          expect(fdIsOpenOn(fd, fullFile)).toBe(true);
          yield* file.close();
          expect(file.closed).toBe(true);
          expect(fdIsOpenOn(fd, fullFile)).toBe(false);
        });
      }
    }
  });

  it("test_simple_readinto", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        await inLoop(() =>
          using(open(MULTILINE, mode, { buffering }), function* (file) {
            yield* file.seek(0); // Needed for the append mode.
            const array = new Uint8Array(4);
            const bytesRead = yield* file.readinto(array);
            expect(bytesRead).toBe(4);
            expect(Buffer.from(array)).toEqual(syncReadAll(MULTILINE).subarray(0, 4));
          }),
        );
      }
    }
  });

  it("test_simple_truncate", async () => {
    for (const mode of ["rb+", "wb", "ab+"] as const) {
      for (const buffering of BUFFERINGS) {
        const content = Buffer.from("0123456789".repeat(4 * DEFAULT_BUFFER_SIZE));
        const fullFile = join(scratch(), "bigfile.bin");
        writeFileSync(fullFile, content);
        await inLoop(() =>
          using(open(fullFile, mode, { buffering }), function* (file) {
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
        expect(readFileSync(fullFile)).toEqual(Buffer.from(""));
      }
    }
  });

  it("test_simple_write", async () => {
    for (const mode of ["wb", "rb+", "wb+", "ab", "ab+"] as const) {
      for (const buffering of BUFFERINGS) {
        const content = Buffer.from("0".repeat(4 * DEFAULT_BUFFER_SIZE));
        const fullFile = join(scratch(), "bigfile.bin");
        if (mode.includes("r")) writeFileSync(fullFile, ""); // Read modes want it to already exist.
        const bytesWritten = await inLoop(() =>
          using(open(fullFile, mode, { buffering }), (file) => file.write(content)),
        );
        expect(bytesWritten).toBe(content.length);
        expect(readFileSync(fullFile)).toEqual(content);
      }
    }
  });

  it("test_simple_detach", async () => {
    const fullFile = join(scratch(), "file.bin");
    writeFileSync(fullFile, "0123456789");
    let rawFile: BinaryFile | null = null;
    let outer: unknown = null;
    try {
      await inLoop(() =>
        using(open(fullFile, "rb"), function* (file) {
          rawFile = file.detach();
          expect(rawFile).toBeTruthy();
          let inner: unknown = null;
          try {
            yield* file.read();
          } catch (e) {
            inner = e;
          }
          expect(inner).toBeInstanceOf(RangeError);
        }),
      );
    } catch (e) {
      outer = e;
    }
    expect(outer).toBeInstanceOf(RangeError);
    // aiofiles' detach() hands back Python's synchronous FileIO; @aio/fs's is an async BinaryFile.
    const raw = rawFile as unknown as BinaryFile;
    await inLoop(function* () {
      expect(yield* raw.read(10)).toEqual(Buffer.from("0123456789"));
      yield* raw.close();
    });
  });

  it("test_simple_readall", async () => {
    const content = Buffer.from("0".repeat(4 * DEFAULT_BUFFER_SIZE)); // Hopefully several reads.
    const syncFile = join(scratch(), "bigfile.bin");
    writeFileSync(syncFile, content);
    await inLoop(function* () {
      const file = yield* open(syncFile, "rb", { buffering: 0 });
      const actual = yield* file.readall();
      expect(actual).toEqual(content);
      yield* file.close();
      expect(file.closed).toBe(true);
    });
  });

  it("test_name_property", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        await inLoop(function* () {
          const file = yield* using(open(MULTILINE, mode, { buffering }), function* (file) {
            expect(file.name).toBe(MULTILINE);
            return file;
          });
          expect(file.closed).toBe(true);
        });
      }
    }
  });

  it("test_mode_property", async () => {
    for (const mode of READ_MODES) {
      for (const buffering of BUFFERINGS) {
        await inLoop(function* () {
          const file = yield* using(open(MULTILINE, mode, { buffering }), function* (file) {
            expect(file.mode).toBe(mode);
            return file;
          });
          expect(file.closed).toBe(true);
        });
      }
    }
  });
});
