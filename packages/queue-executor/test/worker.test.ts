/** serveJobs in this process, and the aio-jobs CLI's arguments. */
import { spawnSync } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";
import { getRunningLoop } from "@aio/loop";
import { currentTask, run, sleep } from "@aio/task";
import { type RedisServer, startRedis } from "@aio/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobContext, JobServer, QueueExecutor, RedisConnectionError, serveJobs } from "../src/index.js";
import { cli, jobsModule, startWorker, stopWorkers, until } from "./workers.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe("serveJobs", () => {
  it("runs plain functions, async functions and coroutines (as tasks of this thread's loop), `this` the job's context", async () => {
    const seen: unknown[] = [];
    await using server = serveJobs({
      connection: redis.url,
      queue: "inproc",
      concurrency: 3,
      jobs: {
        plain(this: JobContext, x: number) {
          seen.push(["plain", this.name, this.attempt, this.signal.aborted, typeof this.id]);
          return x + 1;
        },
        async later(x: number) {
          await new Promise((r) => setTimeout(r, 10));
          return x * 10;
        },
        *coro(x: number) {
          yield* sleep(0.01);
          seen.push(["coro", currentTask()?.getName(), getRunningLoop() !== null]);
          return x * 100;
        },
      },
    });
    expect(server).toBeInstanceOf(JobServer);
    await server.whenReady();
    await using ex = new QueueExecutor({ connection: redis.url, queue: "inproc" });
    const [a, b, c] = [ex.submit("plain", 1), ex.submit("later", 2), ex.submit("coro", 3)];
    expect(await Promise.all([a, b, c])).toEqual([2, 20, 300]);
    expect(seen).toEqual([
      ["plain", "plain", 1, false, "string"],
      ["coro", `job coro ${c.jobId}`, true],
    ]);
    // The worker counts a job once BullMQ has recorded it, which the caller may hear of first.
    await until(() => server.processed.completed === 3, 5, "the worker's count");
    expect(server.processed).toEqual({ completed: 3, failed: 0 });
    expect(String(server)).toBe("<JobServer queue=inproc running=0>");
  });

  it("close() waits for running jobs; with force it aborts them", async () => {
    const server = serveJobs({
      connection: redis.url,
      queue: "closing",
      jobs: {
        *nap(seconds: number) {
          yield* sleep(seconds);
          return "rested";
        },
      },
    });
    await server.whenReady();
    const ex = new QueueExecutor({ connection: redis.url, queue: "closing" });
    const f = ex.submit("nap", 0.3);
    await until(() => server.running === 1, 10, "the job to start");
    await server.close();
    expect(await f).toBe("rested");
    const forced = serveJobs({
      connection: redis.url,
      queue: "closing",
      jobs: {
        *nap(seconds: number) {
          yield* sleep(seconds);
          return "rested";
        },
      },
    });
    const g = ex.submit("nap", 30);
    await until(() => forced.running === 1, 10, "the job to start");
    const t0 = Date.now();
    await forced.close({ force: true });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(g.done()).toBe(false); // left for another worker
    await ex.shutdown({ wait: false, cancelFutures: true });
    g.cancel();
  });

  it("a job's AbortSignal closes the server", async () => {
    const ac = new AbortController();
    const server = serveJobs({
      connection: redis.url,
      queue: "signal",
      jobs: { f: () => 1 },
      signal: ac.signal,
    });
    await server.whenReady();
    ac.abort();
    await server.closed;
  });

  it("bad options are errors naming them", () => {
    const ok = { connection: redis.url, queue: "q", jobs: { f: () => 1 } };
    expect(() => serveJobs({ ...ok, concurency: 2 } as never)).toThrow(
      new TypeError("serveJobs() got an unexpected keyword argument 'concurency'"),
    );
    expect(() => serveJobs({ ...ok, concurrency: 0 })).toThrow(
      new RangeError("serveJobs(): concurrency must be a positive integer, not 0"),
    );
    expect(() => serveJobs({ ...ok, jobs: { f: 1 } } as never)).toThrow(
      new TypeError("serveJobs(): job 'f' is number, not a function"),
    );
    expect(() => serveJobs({ ...ok, queue: "" })).toThrow(
      new TypeError("serveJobs(): queue must be a non-empty string"),
    );
    expect(() => serveJobs({ ...ok, connection: 5 } as never)).toThrow(
      new TypeError(
        "serveJobs(): connection must be a redis:// URL, ioredis options or an ioredis client, not number",
      ),
    );
    expect(() => serveJobs({ ...ok, connection: "redis://h/x" })).toThrow(
      new TypeError("serveJobs(): connection 'redis://h/x' names database 'x', not a number"),
    );
  });
});

describe("an unreachable Redis", () => {
  it("fails submitted jobs and whenReady() with RedisConnectionError after connectTimeout, and shuts down at once", async () => {
    // A free port with nothing listening: connections are refused.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const url = `redis://:secret@127.0.0.1:${port}`;
    const message = `cannot reach Redis at redis://:***@127.0.0.1:${port} within 0.5 s: connect ECONNREFUSED 127.0.0.1:${port}`;
    const ex = new QueueExecutor({ connection: url, queue: "x", connectTimeout: 0.5 });
    const server = serveJobs({ connection: url, queue: "x", jobs: { f: () => 1 }, connectTimeout: 0.5 });
    const t0 = Date.now();
    await expect(ex.submit("f")).rejects.toThrow(new RedisConnectionError(message));
    await expect(server.whenReady()).rejects.toThrow(new RedisConnectionError(message));
    expect(Date.now() - t0).toBeLessThan(3000);
    await ex.shutdown();
    await server.close({ force: true });
    expect(() => new QueueExecutor({ connection: url, queue: "x", connectTimeout: -1 })).toThrow(
      new RangeError("QueueExecutor(): connectTimeout must be a number of seconds ≥ 0, not -1"),
    );
    const r = spawnSync(
      process.execPath,
      [
        "--conditions=aio-source",
        "--import",
        "tsx",
        cli,
        "worker",
        jobsModule,
        "--redis",
        `redis://127.0.0.1:${port}`,
        "--connect-timeout",
        "0.5",
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `aio-jobs: error: cannot reach Redis at redis://127.0.0.1:${port} within 0.5 s`,
    );
  });
});

describe("aio-jobs CLI", () => {
  const runCli = (...args: string[]) =>
    spawnSync(process.execPath, ["--conditions=aio-source", "--import", "tsx", cli, ...args], {
      encoding: "utf8",
      timeout: 30_000,
    });

  it("says what is wrong with its arguments, exit status 2", () => {
    const cases: [string[], string][] = [
      [[], "aio-jobs: error: a command is required (worker)"],
      [["serve"], "aio-jobs: error: unknown command 'serve'"],
      [["worker"], "aio-jobs: error: the worker needs the module of its jobs (aio-jobs worker ./jobs.js)"],
      [
        ["worker", jobsModule, "--concurrency", "four"],
        "aio-jobs: error: argument --concurrency: invalid int value: 'four'",
      ],
      [["worker", jobsModule, "--bogus"], "aio-jobs: error: Unknown option '--bogus'"],
      [["worker", jobsModule, "extra"], "aio-jobs: error: unrecognized arguments: extra"],
    ];
    for (const [args, message] of cases) {
      const r = runCli(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.split("\n")[0], args.join(" ")).toContain(message);
    }
    const help = runCli("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: aio-jobs worker MODULE \[options\]/);
  });

  it("serves a module's exported functions; SIGTERM stops it once the running job is done", async () => {
    const w = await startWorker(["--redis", redis.url, "--queue", "cli", "--concurrency", "2"]);
    expect(w.stderr()).toMatch(
      /^aio-jobs: serving add, double, echo, .* on queue 'cli' \(pid \d+, concurrency 2\)/,
    );
    await using ex = new QueueExecutor({ connection: redis.url, queue: "cli" });
    const f = ex.submit<string>("nap", 0.5);
    await until(() => f.running(), 10, "the job to start");
    w.child.kill("SIGTERM");
    expect(await f).toBe("rested");
    expect(await w.exited).toBe(0);
    expect(w.stderr()).toContain("aio-jobs: stopping once the running jobs are done");
    await stopWorkers([w]);
  });
});

it("run() with the loop's runInExecutor and a job name", async () => {
  const w = await startWorker(["--redis", redis.url, "--queue", "loop"]);
  try {
    await using ex = new QueueExecutor({ connection: redis.url, queue: "loop" });
    expect(
      await run(
        (function* () {
          return yield* getRunningLoop().runInExecutor<number>(ex, "add", 40, 2);
        })(),
      ),
    ).toBe(42);
  } finally {
    await stopWorkers([w]);
  }
});
