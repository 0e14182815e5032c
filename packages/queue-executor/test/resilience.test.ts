/**
 * What survives: a worker killed with SIGKILL mid-job (BullMQ's stalled jobs) and Redis restarted
 * mid-run. Real redis-servers, real worker processes.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RedisServer, startRedis } from "@aio/test-support";
import { afterEach, expect, it } from "vitest";
import { JobLostError, QueueExecutor } from "../src/index.js";
import { logLines, startWorker, stopWorkers, until, type WorkerProcess } from "./workers.js";

let redis: RedisServer | null = null;
let workers: WorkerProcess[] = [];

afterEach(async () => {
  await stopWorkers(workers);
  workers = [];
  await redis?.stop();
  redis = null;
});

function logFile(): string {
  return join(mkdtempSync(join(tmpdir(), "aio-jobs-")), "jobs.log");
}

/** Workers that notice a lost worker's jobs within about 1.5 s. */
const FAST_STALL = ["--lock-duration", "1000", "--stalled-interval", "500"];

it("a worker killed with SIGKILL mid-job: its jobs run again on another worker, each completes once", async () => {
  redis = await startRedis();
  const log = logFile();
  const args = ["--redis", redis.url, "--queue", "kill", "--concurrency", "2", ...FAST_STALL];
  workers = await Promise.all([0, 1].map(() => startWorker(args, { JOBS_LOG: log })));
  const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
  await using ex = new QueueExecutor({ connection: redis.url, queue: "kill" });
  const futures = Array.from({ length: 6 }, () => ex.submit<string>("nap", 2.5));
  await until(() => futures.filter((f) => f.running()).length === 4, 10, "4 jobs to start");
  victim.child.kill("SIGKILL");
  await victim.exited;
  expect(await Promise.all(futures)).toEqual(Array(6).fill("rested"));
  const done = logLines(log).filter((l) => l[0] === "nap" && l.length === 3);
  // Every job ran to its end exactly once, all on the survivor (the victim finished none).
  expect(done.map((l) => l[1]).sort()).toEqual(futures.map((f) => f.jobId).sort());
  expect(new Set(done.map((l) => l[2]))).toEqual(new Set([String(survivor.pid)]));
}, 60_000);

it("a job that loses its worker more often than maxStalledCount allows fails with JobLostError", async () => {
  redis = await startRedis();
  const log = logFile();
  const args = ["--redis", redis.url, "--queue", "lost", "--max-stalled-count", "0", ...FAST_STALL];
  const first = await startWorker(args, { JOBS_LOG: log });
  workers = [first];
  await using ex = new QueueExecutor({ connection: redis.url, queue: "lost" });
  const f = ex.submit("nap", 30);
  await until(() => f.running(), 10, "the job to start");
  first.child.kill("SIGKILL");
  await first.exited;
  workers.push(await startWorker(args, { JOBS_LOG: log }));
  const e = (await f.then(null, (x: unknown) => x)) as Error;
  expect(e).toBeInstanceOf(JobLostError);
  expect(e.message).toBe(
    `job 'nap' (id ${f.jobId}) lost its worker more often than the queue allows (job stalled more than allowable limit): the worker died or lost Redis while running it`,
  );
}, 60_000);

it("Redis restarted mid-run: jobs submitted before, during and after complete once it is back", async () => {
  redis = await startRedis();
  const log = logFile();
  // Jobs a worker was running when its connection dropped are taken up again once their locks expire.
  const args = ["--redis", redis.url, "--queue", "restart", "--concurrency", "4", ...FAST_STALL];
  workers = await Promise.all([0, 1].map(() => startWorker(args, { JOBS_LOG: log })));
  await using ex = new QueueExecutor({ connection: redis.url, queue: "restart" });
  const before = Array.from({ length: 300 }, (_, i) => ex.submit<number>("later", i, 0.01));
  await until(() => before.filter((f) => f.done()).length >= 50, 20, "50 jobs to finish");
  expect(before.filter((f) => f.done()).length).toBeLessThan(300);
  const restarted = redis.restart({ downFor: 1 });
  await new Promise((r) => setTimeout(r, 300));
  // Submitted while Redis is down: added once it is back.
  const during = Array.from({ length: 50 }, (_, i) => ex.submit<number>("later", 1000 + i, 0.01));
  await restarted;
  const after = Array.from({ length: 50 }, (_, i) => ex.submit<number>("later", 2000 + i, 0.01));
  expect(await Promise.all(before)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  expect(await Promise.all(during)).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + i));
  expect(await Promise.all(after)).toEqual(Array.from({ length: 50 }, (_, i) => 2000 + i));
}, 90_000);
