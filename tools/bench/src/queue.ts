/**
 * Q1 and Q2, the distributed executor (`@aio/queue-executor` on BullMQ and Redis), each with its
 * baseline in the same run, on a redis-server of its own (127.0.0.1, started here):
 *
 * - Q1: 10,000 tiny jobs (x → x + 1) through `QueueExecutor.submit` to 4 `serveJobs` worker
 *   processes, against the same jobs through BullMQ's own API — `Queue.addBulk`, 4 processes of
 *   bare `Worker`s, results collected from `QueueEvents`' completed events — with the same
 *   concurrency per worker. Rounds alternate (aio, bullmq, aio, …); each on a fresh queue.
 * - Q2: X1's 32 iterated-SHA-256 jobs on 2 worker processes through the queue executor, against
 *   the same jobs on the thread pool (`ThreadPoolExecutor({ maxWorkers: 2 })`): what distribution
 *   costs when the work is CPU-bound.
 *
 * `node --conditions=aio-source --import tsx src/queue.ts Q1|Q2 [--quick]`; prints RESULT lines as
 * child.ts does. Worker processes are src/queue-worker.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ThreadPoolExecutor } from "@aio/executor";
import { QueueExecutor } from "@aio/queue-executor";
import { startRedis } from "@aio/test-support";
import { Queue, QueueEvents } from "bullmq";
import { iteratedSha256, SIZES } from "./workloads/types.js";

const [workload, ...flags] = process.argv.slice(2);
const quick = flags.includes("--quick");
const workerScript = fileURLToPath(new URL("./queue-worker.ts", import.meta.url));

function startWorkers(
  kind: string,
  n: number,
  url: string,
  queue: string,
  concurrency: number,
): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(
        process.execPath,
        ["--conditions=aio-source", "--import", "tsx", workerScript, kind, url, queue, String(concurrency)],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      return new Promise<ChildProcess>((resolve, reject) => {
        child.stdout?.once("data", () => resolve(child));
        child.once("exit", (code) => reject(new Error(`a ${kind} worker exited (${code})`)));
      });
    }),
  );
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map((w) => {
      const exited = new Promise((r) => w.once("exit", r));
      w.kill("SIGTERM");
      return exited;
    }),
  );
}

function result(impl: string, seconds: number[], ops: number, extra: Record<string, string> = {}): void {
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const kv = Object.entries({
    ...extra,
    spread: `${(sorted[0] as number).toFixed(4)}..${(sorted.at(-1) as number).toFixed(4)}`,
  })
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  console.log(
    `RESULT ${workload} ${impl} ${median.toFixed(4)} ${ops} ${Math.round(ops / median)} ${peakMb.toFixed(1)} ${kv}`,
  );
}

const redis = await startRedis();
const connection = { host: "127.0.0.1", port: redis.port };
let queueNo = 0;
try {
  if (workload === "Q1") {
    const jobs = quick ? 2_000 : 10_000;
    const rounds = quick ? 2 : 3;
    const concurrency = 50;
    const times: Record<string, number[]> = { aio: [], bullmq: [] };

    const aioRound = async (): Promise<number> => {
      const queue = `q1-aio-${++queueNo}`;
      const workers = await startWorkers("aio-tiny", 4, redis.url, queue, concurrency);
      try {
        const ex = new QueueExecutor({ connection: redis.url, queue });
        const t0 = performance.now();
        const results = await Promise.all(
          Array.from({ length: jobs }, (_, i) => ex.submit<number>("tiny", i)),
        );
        const s = (performance.now() - t0) / 1000;
        if (results.some((r, i) => r !== i + 1)) throw new Error("Q1 aio: wrong results");
        await ex.shutdown();
        return s;
      } finally {
        await stopWorkers(workers);
      }
    };

    const bullRound = async (): Promise<number> => {
      const name = `q1-bull-${++queueNo}`;
      const workers = await startWorkers("bullmq-tiny", 4, redis.url, name, concurrency);
      const queue = new Queue(name, { connection });
      const events = new QueueEvents(name, { connection });
      await events.waitUntilReady();
      try {
        const results = new Map<string, number>();
        let resolveAll!: () => void;
        const all = new Promise<void>((r) => {
          resolveAll = r;
        });
        events.on("completed", ({ jobId, returnvalue }) => {
          results.set(jobId, returnvalue as unknown as number);
          if (results.size === jobs) resolveAll();
        });
        const t0 = performance.now();
        const added = await queue.addBulk(
          Array.from({ length: jobs }, (_, i) => ({ name: "tiny", data: { x: i } })),
        );
        await all;
        const s = (performance.now() - t0) / 1000;
        if (added.some((job, i) => results.get(job.id as string) !== i + 1))
          throw new Error("Q1 bullmq: wrong results");
        return s;
      } finally {
        await events.close();
        await queue.close();
        await stopWorkers(workers);
      }
    };

    await aioRound(); // warm-up: Redis, the page cache, the scripts
    for (let r = 0; r < rounds; r++) {
      times.aio?.push(await aioRound());
      times.bullmq?.push(await bullRound());
    }
    result("aio", times.aio as number[], jobs, { workers: "4", concurrency: String(concurrency) });
    result("bullmq", times.bullmq as number[], jobs, { workers: "4", concurrency: String(concurrency) });
  } else if (workload === "Q2") {
    const jobs = SIZES.X1jobs;
    const iterations = Math.round(SIZES.X1iterations * (quick ? 0.05 : 1));
    const queue = `q2-${++queueNo}`;
    const workers = await startWorkers("aio-sha", 2, redis.url, queue, 1);
    try {
      const ex = new QueueExecutor({ connection: redis.url, queue });
      await Promise.all(Array.from({ length: 4 }, (_, j) => ex.submit("sha", j, 1000))); // warm-up
      const t0 = performance.now();
      const remote = await Promise.all(
        Array.from({ length: jobs }, (_, j) => ex.submit<[number, string]>("sha", j, iterations)),
      );
      const sRemote = (performance.now() - t0) / 1000;
      await ex.shutdown();
      const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
      await Promise.all(Array.from({ length: 4 }, (_, j) => pool.submit(iteratedSha256, j, 1000))); // warm-up
      const t1 = performance.now();
      const local = await Promise.all(
        Array.from({ length: jobs }, (_, j) => pool.submit(iteratedSha256, j, iterations)),
      );
      const sLocal = (performance.now() - t1) / 1000;
      await pool.shutdown();
      if (remote.some((r, j) => r[1] !== (local[j] as [number, string])[1]))
        throw new Error("Q2: digests differ");
      result("aio-queue", [sRemote], jobs, { workers: "2-processes" });
      result("thread-pool", [sLocal], jobs, { workers: "2-threads" });
    } finally {
      await stopWorkers(workers);
    }
  } else {
    console.error(`queue bench: no workload ${workload} (Q1, Q2)`);
    process.exitCode = 2;
  }
} finally {
  await redis.stop();
}
