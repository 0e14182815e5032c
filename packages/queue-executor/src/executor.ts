/**
 * The caller's side: an executor whose jobs run on worker processes anywhere that can reach Redis.
 * Python: a distributed `concurrent.futures.Executor` (Dask's `Client`), for `run_in_executor`.
 */
import { randomUUID } from "node:crypto";
import { ConcurrentFuture, MapResult, wrapFuture } from "@aio/executor";
import type { Future } from "@aio/future";
import { type EventLoop, type ExecutorLike, repr } from "@aio/loop";
import { type ConnectionOptions, Job, type JobsOptions, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import {
  bullConnection,
  CHUNK_JOB,
  type Connection,
  cancelChannel,
  checkKeys,
  connectTimeoutOf,
  describeConnection,
  withConnectTimeout,
} from "./connection.js";
import { fromWire, JobLostError, RedisConnectionError } from "./errors.js";
import { checkJson } from "./json.js";

/** BullMQ job options a queue executor passes on (the others — ids, repeats, parents — it owns). */
const JOB_OPTIONS: readonly (keyof QueueJobOptions)[] = [
  "attempts",
  "backoff",
  "delay",
  "lifo",
  "priority",
  "removeOnComplete",
  "removeOnFail",
  "stackTraceLimit",
  "keepLogs",
  "sizeLimit",
];

/** Job options for every job of a {@link QueueExecutor}: BullMQ's, those an executor can use. */
export type QueueJobOptions = {
  [K in
    | "attempts"
    | "backoff"
    | "delay"
    | "lifo"
    | "priority"
    | "removeOnComplete"
    | "removeOnFail"
    | "stackTraceLimit"
    | "keepLogs"
    | "sizeLimit"]?: JobsOptions[K] | undefined;
};

/** Options of {@link QueueExecutor}. */
export interface QueueExecutorOptions {
  /** Redis: a `redis://` URL, ioredis options or an ioredis client (which the caller closes). */
  connection: Connection;
  /** The queue's name; workers serve it with `serveJobs({ queue })`. */
  queue: string;
  /**
   * BullMQ's options for every job (`attempts`, `backoff`, `priority`, `removeOnComplete`, …).
   * Finished jobs are kept an hour (completed) and a day (failed) unless these say otherwise.
   */
  defaultJobOptions?: QueueJobOptions | undefined;
  /** BullMQ's key prefix (default "bull"); the workers' must be the same. */
  prefix?: string | undefined;
  /**
   * Seconds to wait for Redis when first connecting (default 10): jobs submitted meanwhile fail
   * with RedisConnectionError after it. Once connected, a lost connection is retried without limit.
   */
  connectTimeout?: number | undefined;
  /** Called with each progress report of any job (`this.progress(value)` in the job). */
  onProgress?: ((future: JobFuture<unknown>, value: unknown) => void) | undefined;
}

const EXECUTOR_OPTIONS = [
  "connection",
  "queue",
  "defaultJobOptions",
  "prefix",
  "connectTimeout",
  "onProgress",
] as const;

/** BullMQ's failedReason for a job whose worker was lost more often than `maxStalledCount`. */
const STALLED = "job stalled more than allowable limit";

/** How often outstanding jobs are looked up, in case their events were missed (ms). */
const SWEEP_MS = 5_000;

/**
 * The outcome of a job on the queue: a `ConcurrentFuture` (await it, or `wrapFuture` it) that also
 * knows its job's id and hears its progress reports.
 */
export class JobFuture<T> extends ConcurrentFuture<T> {
  private listeners: ((value: unknown, future: JobFuture<T>) => void)[] = [];
  private lastProgress: unknown;
  /** @internal when submitted (ms), for the sweep */
  _submittedAt = Date.now();
  /** @internal whether the job is on the queue (its add succeeded) */
  _added = false;

  /** @internal made by {@link QueueExecutor.submit} */
  constructor(
    /** The job's id in the queue. */
    readonly jobId: string,
    /** The job's name. */
    readonly jobName: string,
  ) {
    super();
    this._jobName = jobName;
  }

  /** The last progress the job reported (`undefined` before any). */
  get progress(): unknown {
    return this.lastProgress;
  }

  /** Calls `fn(value, future)` for each progress report of the job from now on. */
  onProgress(fn: (value: unknown, future: JobFuture<T>) => void): this {
    if (typeof fn !== "function") throw new TypeError(`onProgress() needs a function, not ${repr(fn)}`);
    this.listeners.push(fn);
    return this;
  }

  /** @internal a progress event */
  _progress(value: unknown): void {
    this.lastProgress = value;
    for (const fn of this.listeners) {
      try {
        fn(value, this);
      } catch (err) {
        process.stderr.write(
          `exception calling progress callback for ${this}\n${err instanceof Error ? err.stack : String(err)}\n`,
        );
      }
    }
  }

  override toString(): string {
    return super.toString().replace("<ConcurrentFuture", `<JobFuture ${this.jobName} id=${this.jobId}`);
  }
}

interface Pending {
  future: JobFuture<unknown>;
  name: string;
  data: unknown;
}

/** ioredis' errors from Redis itself (a reply): not worth retrying, unlike a lost connection. */
function isReplyError(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === "ReplyError";
}

/**
 * An executor on a BullMQ queue: `submit(jobName, ...args)` puts a job on the queue and returns a
 * {@link JobFuture}; worker processes started with `serveJobs` (or the `aio-jobs` CLI) on any
 * machine run it by name. Works wherever an executor does: `loop.runInExecutor(remote, "hash",
 * path)`, `wrapFuture`, `gather`, `waitFor`, `asCompleted`. Arguments and results are JSON.
 *
 * Cancelling a job still on the queue removes it; cancelling a running one signals its worker (a
 * coroutine job gets CancelledError, a plain function sees `this.signal` abort). A job whose worker
 * dies runs again elsewhere (BullMQ's stalled jobs). A lost Redis connection is retried, and jobs
 * submitted meanwhile are added once it is back.
 */
export class QueueExecutor implements ExecutorLike, AsyncDisposable, Disposable {
  private readonly queue: Queue;
  private events: QueueEvents | null = null;
  private readonly ready: Promise<void>;
  private readonly futures = new Map<string, JobFuture<unknown>>();
  private batch: Pending[] = [];
  private flushing = false;
  private readonly idPrefix = `aio-${randomUUID().slice(0, 8)}-`;
  private seq = 0;
  private isShutdown = false;
  private closed: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly sweeper: NodeJS.Timeout;
  private readonly channel: string;
  private readonly onProgressAll: QueueExecutorOptions["onProgress"];
  private readonly queueName: string;
  private readonly connectTimeout: number;
  private readonly where: string;
  private connected = false;
  private lastEventAt = 0;
  private lastError: unknown = null;

  constructor(options: QueueExecutorOptions) {
    const what = "QueueExecutor()";
    if (typeof options !== "object" || options === null)
      throw new TypeError(`${what} needs an options object`);
    checkKeys(options, EXECUTOR_OPTIONS, what);
    const { queue } = options;
    if (typeof queue !== "string" || queue === "")
      throw new TypeError(`${what}: queue must be a non-empty string`);
    const jobOptions = options.defaultJobOptions ?? {};
    checkKeys(jobOptions, JOB_OPTIONS, `${what} defaultJobOptions`);
    if (options.onProgress !== undefined && typeof options.onProgress !== "function")
      throw new TypeError(`${what}: onProgress must be a function, not ${repr(options.onProgress)}`);
    const connection = bullConnection(options.connection, what);
    this.connectTimeout = connectTimeoutOf(options.connectTimeout, what);
    this.where = describeConnection(options.connection);
    const prefix = options.prefix ?? "bull";
    this.queueName = queue;
    this.channel = cancelChannel(prefix, queue);
    this.onProgressAll = options.onProgress;
    this.queue = new Queue(queue, {
      connection,
      prefix,
      defaultJobOptions: {
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
        ...jobOptions,
      },
    });
    // Lost connections are retried by ioredis; failed calls are retried here.
    this.queue.on("error", (e) => {
      this.lastError = e;
    });
    this.ready = this.listen(connection, prefix);
    this.ready.catch(() => {});
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Follows the queue's events from the newest one on (the stream's last id, read before any job
   * of ours is added, so that none of their events is missed).
   */
  private async listen(connection: ConnectionOptions, prefix: string): Promise<void> {
    const client = await this.client();
    let lastEventId = "0-0";
    for (;;) {
      try {
        const last = (await client.xrevrange(this.queue.keys.events as string, "+", "-", "COUNT", 1)) as [
          string,
          unknown,
        ][];
        lastEventId = last[0]?.[0] ?? "0-0";
        break;
      } catch (e) {
        if (isReplyError(e) || this.closed !== null) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const events = new QueueEvents(this.queueName, { connection, prefix, lastEventId });
    events.on("error", () => {});
    // Any event at all: the stream is flowing, the sweep can wait.
    const heard = () => {
      this.lastEventAt = Date.now();
    };
    for (const name of ["active", "progress", "completed", "failed", "removed", "waiting"] as const)
      events.on(name, heard);
    events.on("active", ({ jobId }) => {
      const f = this.futures.get(jobId);
      if (f !== undefined && !f.done()) f._setRunning();
    });
    events.on("progress", ({ jobId, data }) => {
      const f = this.futures.get(jobId);
      if (f === undefined || f.done()) return;
      f._progress(data);
      if (this.onProgressAll !== undefined) {
        try {
          this.onProgressAll(f, data);
        } catch (err) {
          process.stderr.write(
            `exception calling onProgress\n${err instanceof Error ? err.stack : String(err)}\n`,
          );
        }
      }
    });
    events.on("completed", ({ jobId, returnvalue }) => this.settle(jobId, (f) => f._setResult(returnvalue)));
    events.on("failed", ({ jobId, failedReason }) => void this.failed(jobId, failedReason));
    events.on("removed", ({ jobId }) => {
      this.settle(jobId, (f) =>
        f._setException(
          new JobLostError(`job '${f.jobName}' (id ${jobId}) was removed from the queue before it finished`),
        ),
      );
    });
    this.events = events;
    await events.waitUntilReady();
    this.connected = true;
  }

  /** The queue's own Redis client. */
  private async client(): Promise<Redis> {
    return (await this.queue.getBackend().client) as unknown as Redis;
  }

  private settle(jobId: string, how: (f: JobFuture<unknown>) => void): void {
    const f = this.futures.get(jobId);
    if (f === undefined) return;
    this.futures.delete(jobId);
    if (!f.done()) how(f);
    this.checkIdle();
  }

  /** A failed job's error, with the name and stack its worker recorded. */
  private async failed(jobId: string, failedReason: string): Promise<void> {
    const f = this.futures.get(jobId);
    if (f === undefined) return;
    let stack: string | undefined;
    try {
      const job = await Job.fromId(this.queue, jobId);
      stack = job?.stacktrace?.at(-1) ?? undefined;
    } catch {
      // Redis is away: the message is all there is.
    }
    this.settle(jobId, (fut) => fut._setException(this.jobError(fut, failedReason, stack)));
  }

  private jobError(f: JobFuture<unknown>, failedReason: string, stack: string | undefined): Error {
    if (failedReason === STALLED) {
      return new JobLostError(
        `job '${f.jobName}' (id ${f.jobId}) lost its worker more often than the queue allows (${failedReason}): the worker died or lost Redis while running it`,
      );
    }
    return fromWire(failedReason ?? "", stack);
  }

  /**
   * Puts `jobName(...args)` on the queue; a worker serving that name runs it.
   * Python: `executor.submit(fn, *args)`.
   * @throws TypeError if an argument cannot travel as JSON (a function, a cycle, a BigInt, NaN, a
   * Map…), naming it; Error after shutdown.
   */
  submit<T = unknown>(jobName: string, ...args: unknown[]): JobFuture<T> {
    this.checkName(jobName, "submit");
    for (let i = 0; i < args.length; i++) checkJson(args[i], () => `argument ${i + 1} of job '${jobName}'`);
    return this.enqueue(jobName, jobName, { args }) as JobFuture<T>;
  }

  /**
   * Runs `jobName` on each item of `iterable` (one argument each), `chunkSize` items per job, and
   * gives the results in order: `await` the MapResult for an array, or `for await` over it.
   * Python: `executor.map(fn, iterable, chunksize=1)`.
   */
  map<R = unknown>(
    jobName: string,
    iterable: Iterable<unknown>,
    options: { chunkSize?: number; chunksize?: number } = {},
  ): MapResult<R> {
    this.checkName(jobName, "map");
    checkKeys(options, ["chunkSize", "chunksize"], "QueueExecutor.map()");
    const size = options.chunkSize ?? options.chunksize ?? 1;
    if (!Number.isInteger(size) || size < 1) throw new RangeError("chunksize must be >= 1.");
    if (iterable === null || typeof (iterable as Iterable<unknown>)?.[Symbol.iterator] !== "function")
      throw new TypeError(`'${repr(iterable)}' object is not iterable`);
    const items = [...iterable];
    for (const [i, item] of items.entries()) checkJson(item, () => `item ${i} of map('${jobName}')`);
    const chunks: ConcurrentFuture<R[]>[] = [];
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size).map((item) => [item]);
      chunks.push(this.enqueue(CHUNK_JOB, jobName, { name: jobName, chunk }) as JobFuture<R[]>);
    }
    return new MapResult(chunks);
  }

  private checkName(jobName: unknown, method: string): void {
    if (this.isShutdown) throw new Error("cannot schedule new futures after shutdown");
    if (typeof jobName === "function")
      throw new TypeError(
        `QueueExecutor.${method}() takes a job's name, not a function: code does not travel between machines — serve ${
          jobName.name ? `'${jobName.name}'` : "it"
        } on the workers (serveJobs({ jobs: { ${jobName.name || "name"} } })) and submit its name`,
      );
    if (typeof jobName !== "string" || jobName === "" || jobName === CHUNK_JOB)
      throw new TypeError(
        `QueueExecutor.${method}(): the job's name must be a non-empty string, not ${repr(jobName)}`,
      );
  }

  private enqueue(bullName: string, jobName: string, data: unknown): JobFuture<unknown> {
    const future = new JobFuture<unknown>(`${this.idPrefix}${++this.seq}`, jobName);
    this.futures.set(future.jobId, future);
    future._terminate = () => {
      // A running job: its worker is told; the caller is done waiting.
      void this.publishCancel(future.jobId);
      future._setCancelled();
      return true;
    };
    future.addDoneCallback((f) => {
      if (f.cancelled()) {
        this.futures.delete(future.jobId);
        if (future._added) void this.removeCancelled(future);
        this.checkIdle();
      }
    });
    this.batch.push({ future, name: bullName, data });
    if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => void this.flush());
    }
    return future;
  }

  /** Adds what was submitted, in batches, until it is all on the queue (retrying a lost Redis). */
  private async flush(): Promise<void> {
    try {
      let delay = 100;
      while (this.batch.length > 0) {
        const batch = this.batch.filter((p) => !p.future.done());
        this.batch = [];
        if (batch.length === 0) continue;
        try {
          await (this.connected
            ? this.ready
            : withConnectTimeout(this.ready, this.connectTimeout, this.where, () => this.lastError));
          await this.queue.addBulk(
            batch.map((p) => ({ name: p.name, data: p.data, opts: { jobId: p.future.jobId } })),
          );
          delay = 100;
          for (const p of batch) {
            p.future._added = true;
            p.future._submittedAt = Date.now();
            // Cancelled while it was being added.
            if (p.future.cancelled()) void this.removeCancelled(p.future);
          }
        } catch (e) {
          if (isReplyError(e) || e instanceof RedisConnectionError || this.closed !== null) {
            for (const p of batch) {
              this.futures.delete(p.future.jobId);
              p.future._setException(e);
            }
            this.checkIdle();
          } else {
            // Redis is away: the same jobs (same ids, so never twice) go again once it is back.
            this.batch = [...batch, ...this.batch];
            await new Promise((r) => setTimeout(r, delay));
            delay = Math.min(delay * 2, 2_000);
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** A cancelled job: removed if still waiting, else its worker is told to stop it. */
  private async removeCancelled(f: JobFuture<unknown>): Promise<void> {
    try {
      const removed = await this.queue.remove(f.jobId);
      if (removed !== 1) await this.publishCancel(f.jobId);
    } catch {
      await this.publishCancel(f.jobId);
    }
  }

  private async publishCancel(jobId: string): Promise<void> {
    try {
      const client = await this.client();
      await client.publish(this.channel, jobId);
    } catch {
      // Redis is away; the job's outcome will be ignored.
    }
  }

  /**
   * Looks up the oldest outstanding jobs directly, for events missed while Redis was away, once the
   * event stream has been quiet for SWEEP_MS.
   */
  private async sweep(): Promise<void> {
    // Events flowing: outcomes are arriving; only a quiet stream (a dropped connection, events
    // trimmed before they were read) leaves jobs waiting for a look.
    if (Date.now() - this.lastEventAt < SWEEP_MS) return;
    const now = Date.now();
    const due = [...this.futures.values()]
      .filter((f) => f._added && now - f._submittedAt > SWEEP_MS)
      .slice(0, 200);
    for (const f of due) {
      if (f.done()) continue;
      try {
        const state = await this.queue.getJobState(f.jobId);
        if (state === "completed" || state === "failed") {
          const job = await Job.fromId(this.queue, f.jobId);
          if (job === undefined) continue;
          if (state === "completed") this.settle(f.jobId, (x) => x._setResult(job.returnvalue));
          else
            this.settle(f.jobId, (x) =>
              x._setException(this.jobError(x, job.failedReason, job.stacktrace?.at(-1) ?? undefined)),
            );
        } else if (state === "active") {
          if (!f.running() && !f.done()) f._setRunning();
        } else if (state === "unknown") {
          this.settle(f.jobId, (x) =>
            x._setException(
              new JobLostError(
                `job '${x.jobName}' (id ${x.jobId}) is no longer on the queue and left no outcome`,
              ),
            ),
          );
        }
      } catch {
        return; // Redis is away: next time.
      }
    }
  }

  private checkIdle(): void {
    if (this.futures.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Stops taking jobs; with `cancelFutures`, cancels those still waiting on the queue; with `wait`
   * (the default), settles once every job submitted has an outcome and the connections are closed.
   * Python: `executor.shutdown(wait=True, *, cancel_futures=False)`.
   */
  async shutdown(options: { wait?: boolean; cancelFutures?: boolean } = {}): Promise<void> {
    checkKeys(options, ["wait", "cancelFutures", "terminate"], "QueueExecutor.shutdown()");
    const { wait = true, cancelFutures = false } = options;
    this.isShutdown = true;
    if (cancelFutures) for (const f of [...this.futures.values()]) if (!f.running()) f.cancel();
    this.closed ??= (async () => {
      if (this.futures.size > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
      clearInterval(this.sweeper);
      // Never connected: nothing to wait for (the attempt stops with the connections).
      if (this.connected) await this.ready;
      await this.events?.close();
      await this.queue.close();
    })();
    if (wait) await this.closed;
    else this.closed.catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** `using`: begins a shutdown that lets submitted jobs finish (Python's `with` waits; use `await using` for that). */
  [Symbol.dispose](): void {
    void this.shutdown({ wait: false });
  }

  /** The loop's side of `loop.runInExecutor(executor, jobName, ...args)` (ExecutorLike). */
  submitForLoop(loop: EventLoop, fn: unknown, args: unknown[]): Future<unknown> {
    return wrapFuture(this.submit(fn as string, ...args), loop);
  }

  toString(): string {
    return `<QueueExecutor queue=${this.queueName} pending=${this.futures.size}${this.isShutdown ? " shutdown" : ""}>`;
  }
}
