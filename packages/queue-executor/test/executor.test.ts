/**
 * QueueExecutor against a real Redis (redis-server on 127.0.0.1) and real worker processes (the
 * aio-jobs CLI serving test/fixtures/jobs.ts).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wrapFuture } from "@aio/executor";
import { getRunningLoop } from "@aio/loop";
import { asCompleted, CancelledError, gather, run, TimeoutError, waitFor } from "@aio/task";
import { type RedisServer, startRedis } from "@aio/test-support";
import { Job, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobFuture, QueueExecutor, UnknownJobError } from "../src/index.js";
import { logLines, startWorker, stopWorkers, until, type WorkerProcess } from "./workers.js";

let redis: RedisServer;
const workers: WorkerProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), "aio-jobs-"));
const log = join(dir, "jobs.log");

beforeAll(async () => {
  redis = await startRedis();
  workers.push(
    ...(await Promise.all(
      [0, 1, 2].map(() =>
        startWorker(["--redis", redis.url, "--queue", "main", "--concurrency", "4"], { JOBS_LOG: log }),
      ),
    )),
  );
});

afterAll(async () => {
  await stopWorkers(workers);
  await redis?.stop();
});

function executor(extra: Partial<ConstructorParameters<typeof QueueExecutor>[0]> = {}): QueueExecutor {
  return new QueueExecutor({ connection: redis.url, queue: "main", ...extra });
}

describe("results", () => {
  it("1,000 jobs through gather on 3 worker processes: all complete, in order, spread over the workers", async () => {
    await using ex = executor();
    const results = await run(
      (function* () {
        const loop = getRunningLoop();
        return yield* gather(
          ...Array.from({ length: 1000 }, (_, i) => loop.runInExecutor<number>(ex, "double", i)),
        );
      })(),
    );
    expect(results).toEqual(Array.from({ length: 1000 }, (_, i) => i * 2));
    const lines = logLines(log).filter((l) => l[0] === "double");
    expect(lines).toHaveLength(1000);
    // Each job ran once, and every worker took some.
    expect(new Set(lines.map((l) => l[1])).size).toBe(1000);
    expect(new Set(lines.map((l) => l[2]))).toEqual(new Set(workers.map((w) => String(w.pid))));
  });

  it("submit() gives a JobFuture: PromiseLike, with the job's id and name; JSON values travel", async () => {
    await using ex = executor();
    const f = ex.submit("echo", { a: [1, "two", null, true], b: { c: 1.5 }, d: undefined });
    expect(f).toBeInstanceOf(JobFuture);
    expect(f.jobName).toBe("echo");
    expect(f.jobId).toMatch(/^aio-[0-9a-f]{8}-\d+$/);
    expect(await f).toEqual({ a: [1, "two", null, true], b: { c: 1.5 } });
    expect(f.done()).toBe(true);
    expect(f.result()).toEqual({ a: [1, "two", null, true], b: { c: 1.5 } });
    expect(String(f)).toMatch(/^<JobFuture echo id=aio-.* finished returned object>$/);
    // A Date travels as its JSON (an ISO string), as JSON.stringify sends it.
    expect(await ex.submit("echo", new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(await ex.submit("add", 2, 3)).toBe(5);
  });

  it("a coroutine job runs on the worker's loop and its progress reaches the caller", async () => {
    const seen: unknown[] = [];
    await using ex = executor({ onProgress: (future, value) => seen.push([future.jobName, value]) });
    const f = ex.submit<number>("slowSquare", 7, 0.4);
    const mine: unknown[] = [];
    f.onProgress((value, future) => mine.push([value, future === f]));
    expect(await f).toBe(49);
    expect(mine).toEqual([
      [25, true],
      [50, true],
      [75, true],
      [100, true],
    ]);
    expect(seen).toEqual([
      ["slowSquare", 25],
      ["slowSquare", 50],
      ["slowSquare", 75],
      ["slowSquare", 100],
    ]);
    expect(f.progress).toBe(100);
  });

  it("map() sends chunkSize items per job and gives results in order, awaited or iterated", async () => {
    await using ex = executor();
    const before = logLines(log).filter((l) => l[0] === "double").length;
    expect(await ex.map<number>("double", [1, 2, 3, 4, 5], { chunkSize: 2 })).toEqual([2, 4, 6, 8, 10]);
    const ids = logLines(log)
      .filter((l) => l[0] === "double")
      .slice(before)
      .map((l) => l[1]);
    expect(new Set(ids).size).toBe(3); // 3 jobs for 5 items
    const got: number[] = [];
    for await (const r of ex.map<number>("double", [10, 20, 30])) got.push(r);
    expect(got).toEqual([20, 40, 60]);
    expect(() => ex.map("double", [1], { chunkSize: 0 })).toThrow(new RangeError("chunksize must be >= 1."));
  });

  it("works with asCompleted and wrapFuture", async () => {
    await using ex = executor();
    const order = await run(
      (function* () {
        const futures = [0.6, 0.05, 0.3].map((s) => wrapFuture(ex.submit<string>("later", `after ${s}`, s)));
        const out: string[] = [];
        for (const next of asCompleted(futures)) out.push(yield* next);
        return out;
      })(),
    );
    expect(order).toEqual(["after 0.05", "after 0.3", "after 0.6"]);
  });
});

describe("errors", () => {
  it("an error thrown by a job comes back with its name, message and the worker's stack", async () => {
    await using ex = executor();
    const e1 = await ex.submit("fails", "type").then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(e1).toBeInstanceOf(TypeError);
    expect(e1?.message).toBe("bad kind: type");
    expect(e1?.stack).toMatch(/^TypeError: bad kind: type\n\s+at (Object\.)?fails .*fixtures\/jobs\.ts:\d+/);
    const e2 = (await ex.submit("fails", "custom").then(null, (e: unknown) => e)) as Error;
    expect(e2.name).toBe("ParseError");
    expect(e2.message).toBe("line 3: unexpected '}'");
    expect(e2.stack).toMatch(/^ParseError: line 3: unexpected '}'\n\s+at .*fixtures\/jobs\.ts/);
    const e3 = (await ex.submit("fails", "").then(null, (e: unknown) => e)) as Error;
    expect([e3.name, e3.message]).toEqual(["Error", ""]);
  });

  it("a job no worker serves fails with UnknownJobError, once (not retried)", async () => {
    await using ex = executor({ defaultJobOptions: { attempts: 3 } });
    const f = ex.submit("nope", 1);
    const e = (await f.then(null, (x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(UnknownJobError);
    expect(e.message).toMatch(
      /^no job named 'nope' on this worker \(it serves 'add', 'double', 'echo', 'fails', 'flaky', 'later', 'nap', 'returnsFunction', 'slowSquare', 'wait'\)$/,
    );
    const q = new Queue("main", { connection: { host: "127.0.0.1", port: redis.port } });
    const job = await Job.fromId(q, f.jobId);
    expect(job?.attemptsMade).toBe(1);
    await q.close();
  });

  it("a result that cannot travel as JSON fails the job with a TypeError naming it", async () => {
    await using ex = executor();
    const e = (await ex.submit("returnsFunction").then(null, (x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      "the result of job 'returnsFunction' cannot travel as JSON: a function (anonymous); jobs take and return null, booleans, finite numbers, strings, arrays and plain objects",
    );
  });

  it("attempts: a job that fails once runs again and its second attempt's result arrives", async () => {
    await using ex = executor({ defaultJobOptions: { attempts: 2 } });
    expect(await ex.submit("flaky")).toBe(2);
    await using once = executor();
    await expect(once.submit("flaky")).rejects.toThrow("first attempt fails");
  });

  it("arguments that cannot travel as JSON are refused at submit, naming the value", async () => {
    await using ex = executor();
    const tail = "; jobs take and return null, booleans, finite numbers, strings, arrays and plain objects";
    const cases: [unknown[], string][] = [
      [[1, function compute() {}], "argument 2 of job 'echo' cannot travel as JSON: a function (compute)"],
      [
        [{ opts: { cb: () => 1 } }],
        "argument 1 of job 'echo' cannot travel as JSON: a function (cb) at .opts.cb",
      ],
      [[10n], "argument 1 of job 'echo' cannot travel as JSON: a BigInt (10n)"],
      [[[1, Number.NaN]], "argument 1 of job 'echo' cannot travel as JSON: the number NaN at [1]"],
      [[new Map([[1, 2]])], "argument 1 of job 'echo' cannot travel as JSON: a Map ({1: 2})"],
      [[undefined], "argument 1 of job 'echo' cannot travel as JSON: undefined (use null)"],
      [
        [{ "a-b": [Symbol("s")] }],
        `argument 1 of job 'echo' cannot travel as JSON: a symbol (Symbol(s)) at ["a-b"][0]`,
      ],
    ];
    for (const [args, message] of cases) {
      expect(() => ex.submit("echo", ...args), message).toThrow(new TypeError(message + tail));
    }
    const cyclic: Record<string, unknown> = { a: { b: {} } };
    (cyclic.a as { b: Record<string, unknown> }).b.back = cyclic.a;
    expect(() => ex.submit("echo", cyclic)).toThrow(
      new TypeError(
        `argument 1 of job 'echo' cannot travel as JSON: it is cyclic: .a.b.back refers back to .a${tail}`,
      ),
    );
    expect(() => ex.submit((() => 1) as never)).toThrow(
      /takes a job's name, not a function: code does not travel/,
    );
    expect(() => ex.submit("")).toThrow(
      new TypeError("QueueExecutor.submit(): the job's name must be a non-empty string, not ''"),
    );
    expect(() => ex.map("echo", [1, () => 2])).toThrow(
      /^item 1 of map\('echo'\) cannot travel as JSON: a function/,
    );
  });
});

describe("cancellation", () => {
  it("cancelling a waiting job removes it from the queue: it never runs", async () => {
    await using ex = executor();
    // Fill the 12 slots of the 3 workers, then queue one more.
    const busy = Array.from({ length: 12 }, () => ex.submit("nap", 1));
    await until(() => busy.every((f) => f.running()), 10, "the workers to be busy");
    const waiting = ex.submit("double", 21);
    await new Promise((r) => setTimeout(r, 100));
    expect(waiting.running()).toBe(false);
    expect(waiting.cancel()).toBe(true);
    expect(waiting.cancelled()).toBe(true);
    await Promise.all(busy);
    await new Promise((r) => setTimeout(r, 300));
    const q = new Queue("main", { connection: { host: "127.0.0.1", port: redis.port } });
    expect(await Job.fromId(q, waiting.jobId)).toBeUndefined();
    await q.close();
    expect(logLines(log).some((l) => l[1] === waiting.jobId)).toBe(false);
  });

  it("cancelling a running coroutine job throws CancelledError into it on its worker", async () => {
    await using ex = executor();
    const f = ex.submit("nap", 30);
    await until(() => f.running(), 10, "the job to start");
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    await until(() => logLines(log).some((l) => l[1] === f.jobId), 10, "the worker to cancel the job");
    expect(logLines(log).find((l) => l[1] === f.jobId)?.[3]).toBe("CancelledError");
  });

  it("cancelling a running plain function aborts its signal", async () => {
    await using ex = executor();
    const f = ex.submit("wait", 30);
    await until(() => f.running(), 10, "the job to start");
    expect(f.cancel()).toBe(true);
    await until(() => logLines(log).some((l) => l[1] === f.jobId), 10, "the worker to abort the job");
    expect(logLines(log).find((l) => l[1] === f.jobId)?.[3]).toBe("aborted");
  });

  it("waitFor's timeout cancels the loop Future and, through it, the remote job", async () => {
    await using ex = executor();
    let jobId = "";
    const outcome = await run(
      (function* () {
        const loop = getRunningLoop();
        const cf = ex.submit("nap", 30);
        jobId = cf.jobId;
        try {
          yield* waitFor(wrapFuture(cf, loop), 0.5);
          return "finished";
        } catch (e) {
          return e instanceof TimeoutError ? "timeout" : String(e);
        }
      })(),
    );
    expect(outcome).toBe("timeout");
    await until(() => logLines(log).some((l) => l[1] === jobId), 10, "the worker to cancel the job");
    expect(logLines(log).find((l) => l[1] === jobId)?.[3]).toBe("CancelledError");
  });

  it("a cancelled JobFuture raises CancelledError when awaited", async () => {
    await using ex = executor();
    const f = ex.submit("nap", 5);
    f.cancel();
    await expect(f).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("shutdown", () => {
  it("waits for submitted jobs; refuses new ones; cancelFutures cancels those still waiting", async () => {
    const ex = executor();
    const f = ex.submit("nap", 0.2);
    await ex.shutdown();
    expect(f.result()).toBe("rested");
    expect(() => ex.submit("double", 1)).toThrow(new Error("cannot schedule new futures after shutdown"));
    const ex2 = executor();
    const busy = Array.from({ length: 12 }, () => ex2.submit("nap", 0.5));
    await until(() => busy.every((x) => x.running()), 10, "the workers to be busy");
    const queued = Array.from({ length: 5 }, (_, i) => ex2.submit("double", i));
    await new Promise((r) => setTimeout(r, 100));
    await ex2.shutdown({ cancelFutures: true });
    expect(queued.every((x) => x.cancelled())).toBe(true);
    expect(busy.every((x) => x.result() === "rested")).toBe(true);
  });

  it("`using` begins a shutdown at the block's end that lets submitted jobs finish; wait: false returns at once", async () => {
    let f: JobFuture<string>;
    let ex: QueueExecutor;
    {
      using scoped = executor();
      ex = scoped;
      f = scoped.submit<string>("later", "kept", 0.3);
    }
    expect(() => ex.submit("double", 1)).toThrow(new Error("cannot schedule new futures after shutdown"));
    expect(await f).toBe("kept");
    const ex2 = executor();
    const g = ex2.submit<string>("later", "also kept", 0.3);
    const t0 = Date.now();
    await ex2.shutdown({ wait: false });
    expect(Date.now() - t0).toBeLessThan(200);
    expect(g.done()).toBe(false);
    expect(await g).toBe("also kept");
  });

  it("unknown options are errors naming them", () => {
    expect(() => new QueueExecutor({ connection: redis.url, queue: "main", conection: 1 } as never)).toThrow(
      new TypeError("QueueExecutor() got an unexpected keyword argument 'conection'"),
    );
    expect(
      () =>
        new QueueExecutor({
          connection: redis.url,
          queue: "main",
          defaultJobOptions: { jobId: "x" } as never,
        }),
    ).toThrow(new TypeError("QueueExecutor() defaultJobOptions got an unexpected keyword argument 'jobId'"));
    expect(() => new QueueExecutor({ connection: "http://x", queue: "main" })).toThrow(
      new TypeError("QueueExecutor(): connection 'http://x' is not a redis:// or rediss:// URL"),
    );
    expect(() => new QueueExecutor({ connection: redis.url, queue: "" })).toThrow(
      new TypeError("QueueExecutor(): queue must be a non-empty string"),
    );
  });
});
