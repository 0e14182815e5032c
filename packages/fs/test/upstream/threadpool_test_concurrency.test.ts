/**
 * Port of aiofiles' tests/threadpool/test_concurrency.py (aiofiles commit
 * 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and contributors).
 *
 * Left out: the whole file. Its one test monkeypatches aiofiles' private `threadpool.sync_open` with a
 * `time.sleep(1)` run in the worker thread and checks a TCP server keeps answering meanwhile; @aio/fs
 * has no private synchronous open to replace (it uses Node's `fs/promises`, off the loop's thread).
 */
import { describe, expect, it } from "vitest";

export const NOT_APPLICABLE: Record<string, string> = {
  "test_concurrency.test_slow_file":
    "monkeypatches the private threadpool.sync_open with a blocking sleep in a worker thread",
};

describe("test_concurrency", () => {
  it("is accounted for (see NOT_APPLICABLE)", () => {
    expect(Object.keys(NOT_APPLICABLE)).toHaveLength(1);
  });
});
