/**
 * Port of aiofiles' tests/test_stdio.py (aiofiles commit 6fdc25c7812d6738ccf51c5e7d4cd68500053a52,
 * Apache-2.0, © Tin Tvrtković and contributors).
 *
 * Translation: pytest's capsys / capsysbinary become a child process (fixtures/stdio.ts) whose stdout
 * and stderr are captured; its stdin is closed (`stdio: ["ignore", …]`, as pytest's capture makes
 * reading stdin raise OSError). aiofiles' `stdout_bytes` etc. are looked up under the same names.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

export const NOT_APPLICABLE: Record<string, string> = {};

function child(mode: "text" | "bytes") {
  return spawnSync(
    "node",
    ["--conditions=aio-source", "--import", "tsx", join(__dirname, "fixtures", "stdio.ts"), mode],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

describe("test_stdio", () => {
  // FAILS: @aio/fs has no stdout / stderr / stdin files (aiofiles.stdout, aiofiles.stderr, aiofiles.stdin)
  it.fails("test_stdio", () => {
    const r = child("text");
    expect(r.stdout.toString()).toBe("hello");
    expect(r.stderr.toString()).toBe("world");
    expect(r.status).toBe(0); // stdin.read() raised OSError
  });

  // FAILS: @aio/fs has no stdout_bytes / stderr_bytes / stdin_bytes files
  it.fails("test_stdio_bytes", () => {
    const r = child("bytes");
    expect(r.stdout).toEqual(Buffer.from("hello"));
    expect(r.stderr).toEqual(Buffer.from("world"));
    expect(r.status).toBe(0);
  });
});
