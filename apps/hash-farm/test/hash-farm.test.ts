/**
 * hash-farm end to end: a real redis-server, 3 local worker processes, a tree of real files; the
 * output must be sha256sum's (coreutils) for the same files.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QueueExecutor, serveJobs } from "@aio/queue-executor";
import { run } from "@aio/task";
import { type RedisServer, startRedis } from "@aio/test-support";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashTree, listFiles, type Progress } from "../src/farm.js";
import { hashFile } from "../src/jobs.js";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
let redis: RedisServer;
let tree: string;
let names: string[];

beforeAll(async () => {
  redis = await startRedis();
  tree = mkdtempSync(join(tmpdir(), "hash-farm-"));
  names = [];
  for (let i = 0; i < 40; i++) {
    const dir = join(tree, `d${i % 4}`, i % 3 === 0 ? "deeper" : "");
    mkdirSync(dir, { recursive: true });
    const name = join(dir, `file ${i}${i === 7 ? " é" : ""}.bin`);
    // Sizes from empty to 3 MiB (several reads of 1 MiB).
    writeFileSync(name, randomBytes(i === 0 ? 0 : i % 10 === 9 ? 3 * 2 ** 20 + 17 : i * 997));
    names.push(name.slice(tree.length + 1));
  }
  // Not followed: a link to a file already listed.
  symlinkSync(join(tree, "d1", "file 1.bin"), join(tree, "link.bin"));
  names.sort();
});

afterAll(async () => {
  rmSync(tree, { recursive: true, force: true });
  await redis?.stop();
});

it("prints sha256sum's lines for the tree, a progress bar and a summary naming its 3 workers", async () => {
  const child = spawn(
    process.execPath,
    [
      "--no-warnings",
      "--conditions=aio-source",
      "--import",
      "tsx",
      cli,
      "--workers",
      "3",
      "--redis",
      redis.url,
      tree,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d;
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d;
  });
  const code = await new Promise((r) => child.once("exit", r));
  expect(code, err).toBe(0);
  const expected = execFileSync("sha256sum", ["--", ...names], { cwd: tree, encoding: "utf8" });
  expect(out).toBe(expected);
  const lines = err.trim().split("\n");
  expect(lines[0]).toMatch(/^\[\.{30}\] {3}0% 0\/40 files, 0\.0\/\d+\.\d MiB$/);
  expect(lines.at(-2)).toMatch(/^\[#{30}\] 100% 40\/40 files, (\d+\.\d)\/\1 MiB$/);
  const summary = lines.at(-1) as string;
  expect(summary).toMatch(
    /^hash-farm: 40 files, \d+\.\d MiB in \d+\.\d\d s on 3 workers \(.+:\d+: \d+, .+:\d+: \d+, .+:\d+: \d+\)$/,
  );
  const counts = [...summary.matchAll(/:\d+: (\d+)/g)].map((m) => Number(m[1]));
  expect(counts.reduce((a, b) => a + b)).toBe(40);
}, 120_000);

it("hashTree reports progress in order, and failed jobs as failures with the worker's error", async () => {
  const server = serveJobs({
    connection: redis.url,
    queue: "farm-inproc",
    concurrency: 4,
    jobs: { hashFile },
  });
  await server.whenReady();
  try {
    await using executor = new QueueExecutor({ connection: redis.url, queue: "farm-inproc" });
    const seen: Progress[] = [];
    const report = await run(hashTree(tree, { executor, onProgress: (p) => seen.push(p) }));
    expect(report.hashes.map((h) => h.path)).toEqual((await run(listFiles(tree))).map((f) => f.path));
    expect(seen.map((p) => p.files)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(seen.at(-1)?.bytes).toBe(seen.at(-1)?.totalBytes);
    const bad = await run(hashTree(join(tree, "d0"), { executor, algorithm: "sha-nope" }));
    expect(bad.hashes).toEqual([]);
    expect(bad.failures.length).toBe(names.filter((n) => n.startsWith("d0/")).length);
    expect(
      bad.failures.every(
        (f) => f.error instanceof TypeError && f.error.message === "unsupported hash algorithm 'sha-nope'",
      ),
    ).toBe(true);
    expect(bad.failures.map((f) => f.path)).toEqual(
      names.filter((n) => n.startsWith("d0/")).map((n) => join(tree, n)),
    );
  } finally {
    await server.close();
  }
}, 120_000);

it("says what is wrong with its arguments", () => {
  const r = (...args: string[]) => {
    try {
      execFileSync(
        process.execPath,
        ["--no-warnings", "--conditions=aio-source", "--import", "tsx", cli, ...args],
        {
          encoding: "utf8",
          stdio: "pipe",
        },
      );
      return { status: 0, stderr: "" };
    } catch (e) {
      return e as { status: number; stderr: string };
    }
  };
  const none = r();
  expect(none.status).toBe(2);
  expect(none.stderr).toContain("hash-farm: error: the directory to hash is required");
  const bad = r("--workers", "0", tree);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("hash-farm: error: argument --workers: invalid positive int value: '0'");
});
