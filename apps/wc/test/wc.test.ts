/** aio-wc against GNU wc (LC_ALL=C) on real files: the same output, byte for byte. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@aio/task";
import { afterAll, describe, expect, it } from "vitest";
import { wc } from "../src/wc.js";

const dir = mkdtempSync(join(tmpdir(), "aio-wc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli.ts");

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs a command with the C locale, as wc's words are counted there. */
function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function aioWc(args: string[]) {
  return sh("node", ["--no-warnings", "--conditions=aio-source", "--import", "tsx", cli, ...args]);
}

describe("aio-wc prints what wc prints", () => {
  const files = [
    file("empty.txt", ""),
    file("one.txt", "one line\n"),
    file("no-newline.txt", "  words   at\tthe\fend"),
    file("crlf.txt", "a\r\nb c\r\n\r\n"),
    file("korean.txt", "안녕하세요 세계\n파이썬 — asyncio 😀\n"),
    file("binary.bin", Buffer.from([0, 1, 2, 0x0a, 0xff, 0x20, 0x80, 0x0b, 0x41])),
    file("big.txt", Array.from({ length: 30_000 }, (_, i) => `line ${i} ${"w ".repeat(i % 7)}\n`).join("")),
  ];

  it("one file", () => {
    expect(aioWc([files[1] as string])).toEqual(sh("wc", [files[1] as string]));
  });

  it("many files, with a total", () => {
    const ours = aioWc(files);
    expect(ours).toEqual(sh("wc", files));
    expect(ours.status).toBe(0);
  });

  it("a missing file and a directory: errors on stderr, exit status 1, the others counted", () => {
    const sub = join(dir, "sub");
    mkdirSync(sub, { recursive: true });
    const args = [files[1] as string, join(dir, "missing.txt"), sub, files[4] as string];
    const ours = aioWc(args);
    expect(ours).toEqual(sh("wc", args));
    expect(ours.status).toBe(1);
  });
});

describe("bounded concurrency", () => {
  it("counts 60 files with at most 4 open at once, yet several at a time", async () => {
    const names = Array.from({ length: 60 }, (_, i) => file(`many-${i}.txt`, "x y\n".repeat(2000 + i * 500)));
    const result = await run(wc(names, { maxOpen: 4 }));
    expect(result.peakOpen).toBeLessThanOrEqual(4);
    expect(result.peakOpen).toBeGreaterThan(1);
    expect(result.files.map((f) => f.counts?.lines)).toEqual(names.map((_, i) => 2000 + i * 500));
    expect(result.total.words).toBe(names.reduce((n, _, i) => n + 2 * (2000 + i * 500), 0));
  });

  it("refuses a bad bound", async () => {
    await expect(run(wc([], { maxOpen: 0 }))).rejects.toThrow(
      new RangeError("maxOpen must be a positive integer, got 0"),
    );
  });
});
