/**
 * The worker side: a process that takes jobs from the queue and runs them by name.
 */
import { toPromise } from "@aio/task";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import {
  bullConnection,
  CHUNK_JOB,
  type Connection,
  cancelChannel,
  checkKeys,
  connectTimeoutOf,
  describeConnection,
  newClient,
  withConnectTimeout,
} from "./connection.js";
import { toWire, UnknownJobError } from "./errors.js";
import { checkJson } from "./json.js";

/** What a running job can see of itself: `this` inside a job function. */
export interface JobContext {
  /** The job's id in the queue. */
  readonly id: string;
  /** The job's name (the key of its function in `jobs`). */
  readonly name: string;
  /** Which attempt this is: 1 the first time, more after failures or a lost worker. */
  readonly attempt: number;
  /**
   * Aborted when the caller cancels the job (or the worker is closed with `force`). A coroutine job
   * is cancelled too (it gets CancelledError); a plain function should watch this signal.
   */
  readonly signal: AbortSignal;
  /** Reports progress (a number or a JSON object) to the caller's `onProgress` listeners. */
  progress(value: number | object): Promise<void>;
}

/**
 * A job: a plain function (its value, or the value of the Promise it returns, is the result) or an
 * aio coroutine function (run as a task on the worker's loop). `this` is the {@link JobContext}.
 */
// biome-ignore lint/suspicious/noExplicitAny: a job takes any JSON arguments.
export type JobFunction = (this: JobContext, ...args: any[]) => unknown;

/** Options of {@link serveJobs}. */
export interface ServeJobsOptions {
  /** Redis: a `redis://` URL, ioredis options or an ioredis client. */
  connection: Connection;
  /** The queue's name (the executor's `queue`). */
  queue: string;
  /** The jobs this worker runs, by name. */
  jobs: Record<string, JobFunction>;
  /** How many jobs run at once in this process (default 1). */
  concurrency?: number | undefined;
  /** BullMQ's key prefix (default "bull"); the same as the executor's. */
  prefix?: string | undefined;
  /**
   * Milliseconds a job's lock lasts without renewal (BullMQ's `lockDuration`, default 30,000): a
   * worker that dies mid-job is noticed once its lock expires.
   */
  lockDuration?: number | undefined;
  /** Milliseconds between checks for jobs whose worker was lost (BullMQ's `stalledInterval`, default 30,000). */
  stalledInterval?: number | undefined;
  /** How often a job may lose its worker before it fails with JobLostError (BullMQ's `maxStalledCount`, default 1). */
  maxStalledCount?: number | undefined;
  /** Seconds `whenReady()` waits for Redis before it rejects with RedisConnectionError (default 10). */
  connectTimeout?: number | undefined;
  /** Closes the server (waiting for running jobs) when aborted. */
  signal?: AbortSignal | undefined;
}

const SERVE_OPTIONS = [
  "connection",
  "queue",
  "jobs",
  "concurrency",
  "prefix",
  "lockDuration",
  "stalledInterval",
  "maxStalledCount",
  "connectTimeout",
  "signal",
] as const;

/** How long a cancellation for a job this worker has not started yet is remembered (ms). */
const EARLY_CANCEL_MS = 60_000;

function isCoroutine(value: unknown): value is Generator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Generator).next === "function" &&
    typeof (value as Generator).throw === "function" &&
    typeof (value as Generator)[Symbol.iterator] === "function"
  );
}

function positiveInteger(value: unknown, name: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw new RangeError(`${what}: ${name} must be a positive integer, not ${String(value)}`);
  return value;
}

/**
 * A job's cancellation: an AbortController made only when the job asks for its signal (or runs as
 * a coroutine) — Node's cost tens of microseconds each, more than a tiny job.
 */
class LazyAbort {
  private controller: AbortController | null = null;
  private reason: unknown;
  /** Whether the job was cancelled. */
  aborted = false;

  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/**
 * A running worker: takes jobs from its queue until closed. Python: the worker processes of a
 * distributed executor (Dask's workers).
 */
export class JobServer implements AsyncDisposable {
  private readonly worker: Worker;
  private readonly subscriber: Redis;
  private readonly controllers = new Map<string, LazyAbort>();
  private readonly earlyCancels = new Map<string, number>();
  private closing: Promise<void> | null = null;
  private counts = { completed: 0, failed: 0 };
  private readonly connectTimeout: number;
  private readonly where: string;
  private lastError: unknown = null;
  /** Settles once the server is closed. */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  /** @internal use {@link serveJobs} */
  constructor(options: ServeJobsOptions) {
    const what = "serveJobs()";
    if (typeof options !== "object" || options === null)
      throw new TypeError(`${what} needs an options object`);
    checkKeys(options, SERVE_OPTIONS, what);
    const { queue, jobs } = options;
    if (typeof queue !== "string" || queue === "")
      throw new TypeError(`${what}: queue must be a non-empty string`);
    if (typeof jobs !== "object" || jobs === null)
      throw new TypeError(`${what}: jobs must be an object of functions`);
    for (const [name, fn] of Object.entries(jobs)) {
      if (typeof fn !== "function")
        throw new TypeError(`${what}: job '${name}' is ${typeof fn}, not a function`);
    }
    const concurrency = positiveInteger(options.concurrency, "concurrency", what) ?? 1;
    const connection = bullConnection(options.connection, what);
    this.connectTimeout = connectTimeoutOf(options.connectTimeout, what);
    this.where = describeConnection(options.connection);
    const prefix = options.prefix ?? "bull";
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    // Two parameters: BullMQ then makes no AbortController per job (cancellation is this server's).
    this.worker = new Worker(queue, (job) => this.process(job, jobs), {
      connection,
      prefix,
      concurrency,
      ...(options.lockDuration === undefined
        ? {}
        : { lockDuration: positiveInteger(options.lockDuration, "lockDuration", what) }),
      ...(options.stalledInterval === undefined
        ? {}
        : { stalledInterval: positiveInteger(options.stalledInterval, "stalledInterval", what) }),
      ...(options.maxStalledCount === undefined ? {} : { maxStalledCount: options.maxStalledCount }),
    });
    this.worker.on("completed", () => this.counts.completed++);
    this.worker.on("failed", () => this.counts.failed++);
    // Errors of the connection are retried by ioredis; BullMQ would otherwise print them unhandled.
    this.worker.on("error", (e) => {
      this.lastError = e;
    });
    this.subscriber = newClient(connection);
    this.subscriber.on("error", () => {});
    this.subscriber.on("message", (_channel: string, jobId: string) => this.cancelRequested(jobId));
    void this.subscriber.subscribe(cancelChannel(prefix, queue)).catch(() => {});
    options.signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** Jobs running now. */
  get running(): number {
    return this.controllers.size;
  }

  /** Jobs this server finished: completed, and failed (attempts that failed, each counted). */
  get processed(): { completed: number; failed: number } {
    return { ...this.counts };
  }

  /**
   * Settles once connected to Redis and taking jobs; rejects with RedisConnectionError if Redis is
   * not reached within `connectTimeout` (the server goes on trying until closed).
   */
  async whenReady(): Promise<void> {
    await withConnectTimeout(
      this.worker.waitUntilReady(),
      this.connectTimeout,
      this.where,
      () => this.lastError,
    );
  }

  /**
   * Stops taking jobs and settles once the running ones are done. With `force`, running jobs are
   * aborted (their signals fire, coroutines are cancelled) and left for another worker.
   */
  close(options: { force?: boolean } = {}): Promise<void> {
    checkKeys(options, ["force"], "JobServer.close()");
    this.closing ??= (async () => {
      if (options.force)
        for (const c of this.controllers.values()) c.abort(new Error("the worker is closing"));
      try {
        await this.worker.close(options.force === true);
      } finally {
        this.subscriber.disconnect();
        this.resolveClosed();
      }
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private cancelRequested(jobId: string): void {
    const c = this.controllers.get(jobId);
    if (c !== undefined) {
      c.abort(new Error("the job was cancelled by its caller"));
      return;
    }
    // The job may be on its way to this worker: remember, briefly.
    const now = Date.now();
    for (const [id, t] of this.earlyCancels) if (now - t > EARLY_CANCEL_MS) this.earlyCancels.delete(id);
    this.earlyCancels.set(jobId, now);
  }

  private async process(job: Job, jobs: Record<string, JobFunction>): Promise<unknown> {
    const id = job.id as string;
    const abort = new LazyAbort();
    this.controllers.set(id, abort);
    if (this.earlyCancels.delete(id)) abort.abort(new Error("the job was cancelled by its caller"));
    const chunked = job.name === CHUNK_JOB;
    const name = chunked ? (job.data as { name: string }).name : job.name;
    try {
      const fn = Object.hasOwn(jobs, name) ? jobs[name] : undefined;
      if (fn === undefined) {
        throw Object.assign(
          new UnknownJobError(
            `no job named '${name}' on this worker (it serves ${Object.keys(jobs)
              .map((n) => `'${n}'`)
              .join(", ")})`,
          ),
          { unrecoverable: true },
        );
      }
      const context: JobContext = {
        id,
        name,
        attempt: job.attemptsMade + 1,
        get signal() {
          return abort.signal;
        },
        progress: async (value) => {
          checkJson(value, `the progress of job '${name}'`);
          await job.updateProgress(value);
        },
      };
      if (chunked) {
        const results: unknown[] = [];
        for (const args of (job.data as { chunk: unknown[][] }).chunk) {
          results.push(await this.call(fn, context, abort, args, name));
        }
        return results;
      }
      return await this.call(fn, context, abort, (job.data as { args: unknown[] }).args, name);
    } catch (e) {
      const wire = toWire(e);
      // A cancelled job, a job this worker does not have and a result that cannot travel are not
      // retried: another attempt would end the same way.
      if (abort.aborted || (e as { unrecoverable?: boolean }).unrecoverable === true) {
        const stack = wire.stack;
        Object.setPrototypeOf(wire, UnrecoverableError.prototype);
        wire.name = "UnrecoverableError";
        wire.stack = stack as string;
      }
      throw wire;
    } finally {
      this.controllers.delete(id);
    }
  }

  private async call(
    fn: JobFunction,
    context: JobContext,
    abort: LazyAbort,
    args: unknown[],
    name: string,
  ): Promise<unknown> {
    if (abort.aborted) throw abort.signal.reason;
    const value = fn.apply(context, args);
    const result = isCoroutine(value)
      ? await toPromise(value, { signal: abort.signal, name: `job ${name} ${context.id}` })
      : await value;
    try {
      checkJson(result, () => `the result of job '${name}'`);
    } catch (e) {
      throw Object.assign(e as Error, { unrecoverable: true });
    }
    return result;
  }

  toString(): string {
    return `<JobServer queue=${this.worker.name} running=${this.running}>`;
  }
}

/**
 * Starts a worker that runs `jobs` by name for callers' {@link QueueExecutor}s on the same queue.
 * Plain functions and aio coroutine functions both work; `this` in a job is its {@link JobContext}.
 * @example
 * const server = serveJobs({ connection: "redis://127.0.0.1:6379", queue: "hashes", jobs: { sha256 } });
 * process.on("SIGTERM", () => server.close());
 */
export function serveJobs(options: ServeJobsOptions): JobServer {
  return new JobServer(options);
}
