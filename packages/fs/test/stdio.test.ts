/**
 * The standard streams (aiofiles' stdin, stdout, stderr and their _bytes variants), each scenario
 * in a child process (fixtures/stdio-child.ts) whose descriptors 0, 1 and 2 are pipes.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function child(scenario: string, input = "") {
  const r = spawnSync(
    "node",
    ["--conditions=aio-source", "--import", "tsx", join(__dirname, "fixtures", "stdio-child.ts"), scenario],
    { input, maxBuffer: 64 * 1024 * 1024 },
  );
  const lines = r.stderr.toString().trimEnd().split("\n");
  let report: Record<string, unknown> = {};
  try {
    report = JSON.parse(lines.at(-1) as string);
  } catch {
    throw new Error(`exit ${r.status}, stderr:\n${r.stderr}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: lines.slice(0, -1).join("\n"), report };
}

describe("stdio", () => {
  it("text and bytes of a stream share one buffer; names, modes and settings as Python's", () => {
    // As CPython's sys.stdin.buffer.readline(), sys.stdin.readline() twice, sys.stdin.buffer.read().
    const r = child("echo", "one\r\ntwo\nthree é");
    expect(r.status).toBe(0);
    expect(r.report).toEqual({
      first: "one\r\n",
      second: "two\n",
      third: "three é",
      rest: 0,
      names: ["<stdin>", "<stdout>", "<stderr>", "<stdin>", "<stdout>", "<stderr>"],
      modes: ["r", "w", "w", "rb", "wb", "wb"],
      fds: [0, 1, 2, 0, 1],
      encodings: ["utf-8", "utf-8", "utf-8"],
      errors: ["strict", "strict", "replace"],
      seekable: false,
      readable: [true, false],
      writable: [false, true],
      readStdout: "UnsupportedOperation: not readable",
    });
    expect(r.stdout.toString()).toBe("one\r\nTWO\nTHREE É");
  });

  it("closing closes the objects, text and bytes, never the descriptors", () => {
    const r = child("close");
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe("ab");
    expect(r.stderr).toBe("c");
    expect(r.report).toEqual({
      closed: [true, true, true, true, false],
      write: "RangeError: write to closed file",
    });
  });

  it("writes wait out a full non-blocking pipe (EAGAIN) instead of failing", () => {
    const r = child("nonblocking");
    expect(r.report).toEqual({ ok: true });
    expect(r.stdout.length).toBe("start\n".length + 8 * 1024 * 1024 + "\nend\n".length);
    expect(r.stdout.subarray(-5).toString()).toBe("\nend\n");
  });

  it("reads wait for a non-blocking pipe's input (EAGAIN) instead of failing", async () => {
    const proc = spawn(
      "node",
      [
        "--conditions=aio-source",
        "--import",
        "tsx",
        join(__dirname, "fixtures", "stdio-child.ts"),
        "nonblockingRead",
      ],
      { stdio: ["pipe", "ignore", "pipe"] },
    );
    let err = "";
    proc.stderr.on("data", (d: Buffer) => {
      // The input comes once the child is reading (and has found nothing yet).
      if (!err.includes("reading\n") && (err + d.toString()).includes("reading\n")) {
        setTimeout(() => proc.stdin.end("late input\n"), 300);
      }
      err += d.toString();
    });
    const status = await new Promise((resolve) => proc.on("close", resolve));
    expect(err).toBe(`reading\n${JSON.stringify({ text: "late input\n" })}\n`);
    expect(status).toBe(0);
  });

  it("stderr replaces what UTF-8 cannot encode; stdout refuses it", () => {
    const r = child("surrogates");
    expect(r.stderr).toBe("lone ? surrogate");
    expect(r.report.stdout).toMatch(/^UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800'/);
    expect(r.stdout.length).toBe(0);
  });

  it("stdout.detach() hands over the bytes underneath, on descriptor 1", () => {
    const r = child("detach");
    expect(r.stdout.toString()).toBe("text bytes\n");
    expect(r.report).toEqual({
      mode: "wb",
      fd: 1,
      after: "RangeError: underlying buffer has been detached",
    });
  });
});
