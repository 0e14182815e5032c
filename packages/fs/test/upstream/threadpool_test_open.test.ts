/**
 * Port of aiofiles' tests/threadpool/test_open.py (aiofiles commit
 * 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and contributors;
 * resources/ are copied from its tests/resources).
 *
 * Translation: `aioopen(...)` → `open(...)`, `async with` → `using`, Python's ValueError on a closed
 * file → the error @aio/fs documents for it; the sync `open()` the test compares with is Python's, so
 * its message (Python's str(e), JS's e.message) is written out (CPython 3.12: `[Errno 2] No such file or directory: 'non_existent'`).
 * test_filetask_async_context_aexit reads the file the context manager opened from `using`'s
 * callback instead of the private `file_ctx._obj`.
 */
import { join } from "node:path";
import { createTask, sleep, TimeoutError, using, waitFor } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open, type TextFile } from "../../src/index.js";
import { inLoop } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {};

const TEST_FILE = join(__dirname, "resources", "test_file1.txt");
const TEST_FILE_CONTENTS = "0123456789";

describe("test_open", () => {
  it("test_file_not_found", async () => {
    for (const mode of ["r", "rb"] as const) {
      const actual = await inLoop(function* () {
        try {
          yield* open("non_existent", mode);
        } catch (e) {
          return e as { errno: number; message: string };
        }
        return null;
      });
      expect(actual).toBeTruthy();
      expect(actual?.errno).toBe(2);
      expect(actual?.message).toBe("[Errno 2] No such file or directory: 'non_existent'");
    }
  });

  it("test_file_async_context_aexit", async () => {
    await inLoop(function* () {
      const fp = yield* using(open(TEST_FILE), function* (fp) {
        return fp;
      });
      let err: unknown = null;
      try {
        yield* fp.read();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RangeError); // Python's ValueError
      yield* using(open(TEST_FILE), function* (fp) {
        const line = yield* fp.read();
        expect(line).toBe(TEST_FILE_CONTENTS);
      });
    });
  });

  it("test_filetask_async_context_aexit", async () => {
    await inLoop(function* () {
      let fileRef: TextFile | null = null;
      const processTestFile = function* (sleepTime: number) {
        yield* using(open(TEST_FILE), function* (fp) {
          fileRef = fp;
          yield* sleep(sleepTime);
          yield* fp.read();
        });
      };
      const [cancelTime, sleepTime] = [0.1, 10];
      expect(cancelTime <= sleepTime / 10).toBe(true);
      const task = createTask(processTestFile(sleepTime));
      try {
        yield* waitFor(task, cancelTime);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        expect(task.cancelled()).toBe(true);
      }
      expect((fileRef as TextFile | null)?.closed).toBe(true);
    });
  });
});
