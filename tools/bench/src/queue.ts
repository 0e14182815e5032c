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
import { Redis } from "ioredis";
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
        child.stdout?.once("data", (d: Buffer) => {
          (child as ChildProcess & { readyCpu?: number }).readyCpu = Number(
            /ready (\d+)/.exec(String(d))?.[1] ?? 0,
          );
          resolve(child);
        });
        child.once("exit", (code) => reject(new Error(`a ${kind} worker exited (${code})`)));
      });
    }),
  );
}

/** Stops the workers; resolves with the CPU time they used since they were ready, in all (ms). */
async function stopWorkers(workers: ChildProcess[]): Promise<number> {
  const cpu = await Promise.all(
    workers.map((w) => {
      let out = "";
      w.stdout?.on("data", (d: Buffer) => {
        out += d;
      });
      const exited = new Promise<number>((r) =>
        w.once("exit", () =>
          r(
            Number(/cpu (\d+)/.exec(out)?.[1] ?? Number.NaN) -
              ((w as ChildProcess & { readyCpu?: number }).readyCpu ?? 0),
          ),
        ),
      );
      w.kill("SIGTERM");
      return exited;
    }),
  );
  return cpu.reduce((a, b) => a + b, 0);
}

/** The CPU time redis-server has used so far (ms), from INFO cpu. */
async function redisCpu(client: Redis): Promise<number> {
  const info = await client.info("cpu");
  const field = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? Number.NaN);
  return (field("used_cpu_sys") + field("used_cpu_user")) * 1000;
}

interface Round {
  seconds: number;
  workerCpu: number;
  redisCpu: number;
  producerCpu: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
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
    // aio with its default retention (completed jobs kept an hour: BullMQ cleans by age at each
    // completion) and with BullMQ's (every job kept), as raw BullMQ runs.
    const rounds_: Record<string, Round[]> = { aio: [], "aio-keep-all": [], bullmq: [] };
    const admin = new Redis(connection);

    /** One round: workers of `kind` started, `produce` timed, every party's CPU counted. */
    const round = async (kind: string, queue: string, produce: () => Promise<void>): Promise<Round> => {
      const workers = await startWorkers(kind, 4, redis.url, queue, concurrency);
      let seconds = 0;
      let producerCpu = 0;
      const r0 = await redisCpu(admin);
      try {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await produce();
        seconds = (performance.now() - t0) / 1000;
        const c = process.cpuUsage(c0);
        producerCpu = (c.user + c.system) / 1000;
      } finally {
        const workerCpu = await stopWorkers(workers);
        const r1 = await redisCpu(admin);
        // biome-ignore lint/correctness/noUnsafeFinally: the figures of a round that completed
        return { seconds, workerCpu, redisCpu: r1 - r0, producerCpu };
      }
    };

    const aioRound = async (keepAll = false): Promise<Round> => {
      const queue = `q1-aio-${++queueNo}`;
      const ex = new QueueExecutor({
        connection: redis.url,
        queue,
        ...(keepAll ? { defaultJobOptions: { removeOnComplete: false, removeOnFail: false } } : {}),
      });
      try {
        return await round("aio-tiny", queue, async () => {
          const results = await Promise.all(
            Array.from({ length: jobs }, (_, i) => ex.submit<number>("tiny", i)),
          );
          if (results.some((r, i) => r !== i + 1)) throw new Error("Q1 aio: wrong results");
        });
      } finally {
        await ex.shutdown();
      }
    };

    const bullRound = async (): Promise<Round> => {
      const name = `q1-bull-${++queueNo}`;
      const queue = new Queue(name, { connection });
      const events = new QueueEvents(name, { connection });
      await events.waitUntilReady();
      try {
        return await round("bullmq-tiny", name, async () => {
          const results = new Map<string, number>();
          let resolveAll!: () => void;
          const all = new Promise<void>((r) => {
            resolveAll = r;
          });
          events.on("completed", ({ jobId, returnvalue }) => {
            results.set(jobId, returnvalue as unknown as number);
            if (results.size === jobs) resolveAll();
          });
          const added = await queue.addBulk(
            Array.from({ length: jobs }, (_, i) => ({ name: "tiny", data: { x: i } })),
          );
          await all;
          if (added.some((job, i) => results.get(job.id as string) !== i + 1))
            throw new Error("Q1 bullmq: wrong results");
        });
      } finally {
        await events.close();
        await queue.close();
      }
    };

    await aioRound(); // warm-up: Redis, the page cache, the scripts
    for (let r = 0; r < rounds; r++) {
      rounds_.aio?.push(await aioRound());
      rounds_["aio-keep-all"]?.push(await aioRound(true));
      rounds_.bullmq?.push(await bullRound());
    }
    await admin.quit();
    for (const impl of ["aio", "aio-keep-all", "bullmq"]) {
      const rs = rounds_[impl] as Round[];
      result(
        impl,
        rs.map((r) => r.seconds),
        jobs,
        {
          workers: "4",
          concurrency: String(concurrency),
          worker_cpu_ms: median(rs.map((r) => r.workerCpu)).toFixed(0),
          redis_cpu_ms: median(rs.map((r) => r.redisCpu)).toFixed(0),
          producer_cpu_ms: median(rs.map((r) => r.producerCpu)).toFixed(0),
        },
      );
    }
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
