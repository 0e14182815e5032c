/**
 * Port of aiofiles' tests/threadpool/test_wrap.py (aiofiles commit
 * 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and contributors).
 *
 * Left out: the whole file. `aiofiles.threadpool.wrap(f)` turns an open synchronous Python file object
 * into an async one, and the test checks it refuses other objects. JavaScript has no synchronous file
 * objects to wrap: @aio/fs's files come only from `open()` / `tempfile`, so there is nothing to port.
 */
import { describe, expect, it } from "vitest";
import * as fs from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "test_wrap.test_threadpool_wrapper_negative":
    "wrap() of a synchronous Python file object: JavaScript has no such objects, @aio/fs has no wrap()",
};

describe("test_wrap", () => {
  it("has no wrap() to port to (see NOT_APPLICABLE)", () => {
    expect("wrap" in fs).toBe(false);
  });
});
