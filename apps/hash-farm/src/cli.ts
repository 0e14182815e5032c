/**
 * hash-farm [--workers N] [--redis URL] [--queue NAME] [--algorithm A] [--concurrency C] DIR
 *
 * Prints `digest  path` for every file under DIR (sha256sum's format, paths relative to DIR) on
 * stdout, a progress bar and a summary on stderr. With `--workers N` it starts N local worker
 * processes; without, workers elsewhere serve the queue (`aio-jobs worker src/jobs.ts`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { QueueExecutor } from "@aio/queue-executor";
import { run } from "@aio/task";
import { hashTree, type Progress, relative } from "./farm.js";

const USAGE =
  "usage: hash-farm [--workers N] [--redis URL] [--queue NAME] [--algorithm A] [--concurrency C] DIR";

function fail(message: string): never {
  process.stderr.write(`${USAGE}\nhash-farm: error: ${message}\n`);
  process.exit(2);
}

function count(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    fail(`argument ${flag}: invalid positive int value: '${value}'`);
  return Number(value);
}

let parsed: ReturnType<
  typeof parseArgs<{
    allowPositionals: true;
    options: {
      workers: { type: "string" };
      redis: { type: "string" };
      queue: { type: "string" };
      algorithm: { type: "string" };
      concurrency: { type: "string" };
    };
  }>
>;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      workers: { type: "string" },
      redis: { type: "string" },
      queue: { type: "string" },
      algorithm: { type: "string" },
      concurrency: { type: "string" },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length !== 1)
  fail(positionals.length === 0 ? "the directory to hash is required" : "one directory only");
const root = resolve(positionals[0] as string);
const redis = values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const queue = values.queue ?? "hash-farm";
const local = values.workers === undefined ? 0 : count(values.workers, "--workers", 1);
const concurrency = count(values.concurrency, "--concurrency", 2);

/** Starts a local worker process; settles once it serves the queue. */
function startWorker(): Promise<ChildProcess> {
  const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    [
      "--no-warnings",
      "--conditions=aio-source",
      "--import",
      "tsx",
      worker,
      redis,
      queue,
      String(concurrency),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`a worker exited (${code}) before it was ready`)));
  });
}

/** A progress bar: redrawn in place on a terminal, a line per tenth elsewhere. */
function progressBar(): (p: Progress) => void {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return (p) => {
    const fraction = p.totalFiles === 0 ? 1 : p.files / p.totalFiles;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${p.files}/${p.totalFiles} files, ${(p.bytes / 2 ** 20).toFixed(1)}/${(p.totalBytes / 2 ** 20).toFixed(1)} MiB`;
    if (tty) process.stderr.write(`\r${line}${fraction === 1 ? "\n" : ""}`);
    else {
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth) process.stderr.write(`${line}\n`);
      lastTenth = tenth;
    }
  };
}

const workers = await Promise.all(Array.from({ length: local }, startWorker));
let status = 0;
try {
  await using executor = new QueueExecutor({ connection: redis, queue });
  const report = await run(
    hashTree(root, { executor, algorithm: values.algorithm ?? "sha256", onProgress: progressBar() }),
  );
  for (const h of report.hashes) process.stdout.write(`${h.digest}  ${relative(root, h.path)}\n`);
  for (const f of report.failures)
    process.stderr.write(`hash-farm: ${relative(root, f.path)}: ${f.error.name}: ${f.error.message}\n`);
  const bytes = report.hashes.reduce((n, h) => n + h.size, 0);
  const perWorker = [...report.workers].map(([w, n]) => `${w}: ${n}`).join(", ");
  process.stderr.write(
    `hash-farm: ${report.hashes.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${report.seconds.toFixed(2)} s on ${report.workers.size} workers (${perWorker})${
      report.failures.length > 0 ? `; ${report.failures.length} failed` : ""
    }\n`,
  );
  if (report.failures.length > 0) status = 1;
} finally {
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(
    workers.map((w) => new Promise((r) => (w.exitCode === null ? w.once("exit", r) : r(null)))),
  );
}
process.exit(status);
