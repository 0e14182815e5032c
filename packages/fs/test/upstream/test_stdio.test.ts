/**
 * Port of aiofiles' tests/test_stdio.py (aiofiles commit 6fdc25c7812d6738ccf51c5e7d4cd68500053a52,
 * Apache-2.0, © Tin Tvrtković and contributors).
 *
 * Translation: pytest's capsys / capsysbinary become a child process (fixtures/stdio.ts) whose stdout
 * and stderr are captured. pytest's capture makes reading stdin raise OSError; the child's stdin is
 * /dev/null opened write-only, so that reading it raises OSError too (`[Errno 9] Bad file
 * descriptor`, as CPython's `sys.stdin.read()` does there). aiofiles' `stdout_bytes` etc. are
 * `stdoutBytes` etc.
 */
import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

export const NOT_APPLICABLE: Record<string, string> = {};

function child(mode: "text" | "bytes") {
  const writeOnly = openSync("/dev/null", "w");
  try {
    return spawnSync(
      "node",
      ["--conditions=aio-source", "--import", "tsx", join(__dirname, "fixtures", "stdio.ts"), mode],
      { stdio: [writeOnly, "pipe", "pipe"] },
    );
  } finally {
    closeSync(writeOnly);
  }
}

describe("test_stdio", () => {
  it("test_stdio", () => {
    const r = child("text");
    expect(r.stdout.toString()).toBe("hello");
    expect(r.stderr.toString()).toBe("world");
    expect(r.status).toBe(0); // stdin.read() raised OSError
  });

  it("test_stdio_bytes", () => {
    const r = child("bytes");
    expect(r.stdout).toEqual(Buffer.from("hello"));
    expect(r.stderr).toEqual(Buffer.from("world"));
    expect(r.status).toBe(0);
  });
});
