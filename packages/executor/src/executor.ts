/**
 * Python: `concurrent.futures.ThreadPoolExecutor`, on Node worker threads through Piscina. Unlike
 * Python's threads these run JavaScript truly in parallel.
 *
 * Jobs wait in our own FIFO queue and go to Piscina only when a worker is free, so that cancelling
 * a queued job removes it (as Python's `Future.cancel()` does) without disturbing any worker.
 */

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Transferable as NodeTransferable } from "node:worker_threads";
import type { Future } from "@aio/future";
import {
  type EventLoop,
  type ExecutorLike,
  getEventLoop,
  isFuture,
  repr,
  runtimeHooks,
  tryGetRunningLoop,
} from "@aio/loop";
import { Piscina } from "piscina";

type Transferable = NodeTransferable;

import { ConcurrentFuture } from "./concurrent-future.js";
import { BrokenExecutor, WorkerJobError } from "./errors.js";
import { describeJob, type JobFunction, type JobSpec, jobName, type ModuleFunction } from "./job.js";

/** Options for {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions {
  /** Worker threads at most; default Python's `min(32, cpus + 4)`. */
  maxWorkers?: number | undefined;
  /** Seconds an idle worker is kept before it exits (default 60). */
  idleTimeout?: number | undefined;
  /**
   * Cancelling a running job terminates its worker (and the pool starts another). By default a
   * running job cannot be stopped, as in Python: its future stays as it is and the work finishes.
   */
  terminateOnCancel?: boolean | undefined;
  /** Prefix of the worker names (Python's `thread_name_prefix`), shown in `toString()`. */
  threadNamePrefix?: string | undefined;
  /**
   * Node options of the worker threads. Default `[]`: workers start without the parent's loaders
   * (a TypeScript loader such as tsx costs ~0.6 s per worker start). Pass `process.execArgv` to
   * submit `{ module, name }` jobs from TypeScript modules run through such a loader.
   */
  execArgv?: string[] | undefined;
}

/** Marks an argument whose ArrayBuffers / MessagePorts move to the worker instead of being copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: Transferable[],
  ) {}
}

/**
 * Moves `list` (ArrayBuffers, MessagePorts) with `value` to the worker instead of copying them.
 * @example executor.submit(sum, transfer(bytes, [bytes.buffer]));
 */
export function transfer<T>(value: T, list: Transferable[]): T {
  if (!Array.isArray(list)) {
    throw new TypeError(
      `transfer() needs an array of ArrayBuffers or MessagePorts to move, got ${repr(list)}`,
    );
  }
  return new Transfer(value, list) as unknown as T;
}

interface QueuedJob {
  future: ConcurrentFuture<unknown>;
  spec: JobSpec;
  name: string;
  args: unknown[];
  chunk: unknown[][] | null;
  transferList: Transferable[];
}

interface WorkerError {
  name?: string;
  message?: string;
  stack?: string;
  extra?: Record<string, unknown>;
  jobError?: boolean;
  thrown?: unknown;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: WorkerError; index?: number };

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Rebuilds an error thrown in a worker as the same kind, with its message and the worker's stack. */
function revive(e: WorkerError): unknown {
  if ("thrown" in e) return e.thrown;
  const Ctor = e.name === "WorkerJobError" ? WorkerJobError : (BUILTIN_ERRORS[e.name ?? "Error"] ?? Error);
  const err = new Ctor(e.message ?? "") as Error & Record<string, unknown>;
  if (Ctor === Error && e.name && e.name !== "Error") {
    Object.defineProperty(err, "name", { value: e.name, configurable: true, writable: true });
  }
  if (e.extra) Object.assign(err, e.extra);
  if (e.stack) err.stack = e.stack;
  return err;
}

const workerFile = (() => {
  const src = new URL("./worker.mjs", import.meta.url);
  return existsSync(fileURLToPath(src)) ? src.href : new URL("./worker.js", import.meta.url).href;
})();

function defaultMaxWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

/**
 * A pool of worker threads that runs jobs: self-contained functions (their source is sent and
 * compiled once per worker) or module exports (`{ module: import.meta.url, name }`). Arguments and
 * results travel by structured clone. Python: `concurrent.futures.ThreadPoolExecutor`.
 * @example
 * const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const digest = await pool.submit((text: string) => text.length, "hello"); // 5
 * await pool.shutdown();
 */
export class ThreadPoolExecutor implements ExecutorLike, AsyncDisposable {
  /** Worker threads at most. Python: `executor._max_workers`. */
  readonly maxWorkers: number;
  private readonly idleTimeoutMs: number;
  private readonly terminateOnCancel: boolean;
  private readonly prefix: string;
  private readonly execArgv: string[];
  private pool: Piscina | null = null;
  private queue: QueuedJob[] = [];
  private queueHead = 0;
  private running = 0;
  private isShutdown = false;
  private terminating = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: ThreadPoolExecutorOptions = {}) {
    const maxWorkers = options.maxWorkers ?? defaultMaxWorkers();
    if (typeof maxWorkers !== "number" || !Number.isInteger(maxWorkers)) {
      throw new TypeError(`maxWorkers must be an integer, got ${repr(maxWorkers)}`);
    }
    if (maxWorkers <= 0) throw new RangeError(`max_workers must be greater than 0, got ${repr(maxWorkers)}`);
    const idle = options.idleTimeout ?? 60;
    if (typeof idle !== "number" || !(idle >= 0)) {
      throw new RangeError(`idleTimeout must be a non-negative number of seconds, got ${repr(idle)}`);
    }
    this.maxWorkers = maxWorkers;
    this.idleTimeoutMs = idle * 1000;
    this.terminateOnCancel = options.terminateOnCancel ?? false;
    this.prefix = options.threadNamePrefix ?? "ThreadPoolExecutor";
    this.execArgv = options.execArgv ?? [];
  }

  /**
   * Schedules `fn(...args)` on a worker and returns its future. Python: `executor.submit(fn, *args)`.
   * @throws Error `cannot schedule new futures after shutdown`; WorkerJobError for a function that cannot be sent.
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFuture<Awaited<R>>;
  submit(fn: ModuleFunction, ...args: unknown[]): ConcurrentFuture<unknown>;
  submit(fn: JobFunction, ...args: unknown[]): ConcurrentFuture<unknown> {
    return this.enqueue(fn, args, null);
  }

  private enqueue(fn: JobFunction, args: unknown[], chunk: unknown[][] | null): ConcurrentFuture<unknown> {
    if (this.isShutdown) throw new Error("cannot schedule new futures after shutdown");
    const spec = describeJob(fn);
    const transferList: Transferable[] = [];
    const unwrap = (a: unknown) => {
      if (a instanceof Transfer) {
        transferList.push(...a.list);
        return a.value;
      }
      return a;
    };
    const future = new ConcurrentFuture<unknown>();
    const name = jobName(fn);
    future._jobName = name;
    this.queue.push({
      future,
      spec,
      name,
      args: args.map(unwrap),
      chunk: chunk ? chunk.map((c) => c.map(unwrap)) : null,
      transferList,
    });
    this.pump();
    return future;
  }

  /**
   * Runs `fn(item)` for every item on the workers, `chunksize` items per job, and gives the results
   * in order: await it for the array, or iterate it with `for await` as they come.
   * Python: `executor.map(fn, iterable, chunksize=1)` (one iterable: pass arrays for several arguments).
   */
  map<T, R>(
    fn: (item: T) => R,
    items: Iterable<T>,
    options: { chunksize?: number } = {},
  ): MapResult<Awaited<R>> {
    const chunksize = options.chunksize ?? 1;
    if (!Number.isInteger(chunksize) || chunksize < 1)
      throw new RangeError(`chunksize must be >= 1, got ${repr(chunksize)}`);
    if (items === null || typeof (items as Partial<Iterable<T>>)?.[Symbol.iterator] !== "function") {
      throw new TypeError(`map() needs an iterable of items, got ${repr(items)}`);
    }
    const all = [...items];
    const futures: ConcurrentFuture<unknown[]>[] = [];
    for (let i = 0; i < all.length; i += chunksize) {
      const chunk = all.slice(i, i + chunksize).map((item) => [item]);
      futures.push(this.enqueue(fn as JobFunction, [], chunk) as ConcurrentFuture<unknown[]>);
    }
    return new MapResult<Awaited<R>>(futures as ConcurrentFuture<Awaited<R>[]>[]);
  }

  /**
   * Stops taking jobs. With `cancelFutures`, queued jobs are cancelled; with `wait` (default), the
   * returned Promise settles once running jobs are done and the workers have exited. With
   * `terminate` the workers are stopped at once and the jobs they were running end cancelled
   * (what JavaScript can do and Python's threads cannot: `run()` uses it when a job outlives its
   * shutdown timeout). Python: `executor.shutdown(wait=True, cancel_futures=False)`.
   */
  async shutdown(
    options: { wait?: boolean; cancelFutures?: boolean; terminate?: boolean } = {},
  ): Promise<void> {
    const { wait = true, cancelFutures = false, terminate = false } = options;
    this.isShutdown = true;
    if (cancelFutures || terminate) {
      for (let i = this.queueHead; i < this.queue.length; i++) this.queue[i]?.future.cancel();
      this.queue = [];
      this.queueHead = 0;
    }
    if (terminate) {
      this.terminating = true;
      const pool = this.pool;
      this.pool = null;
      if (pool) await pool.destroy();
      return;
    }
    const finished = this.whenIdle().then(async () => {
      const pool = this.pool;
      this.pool = null;
      if (pool) await pool.destroy();
    });
    if (wait) await finished;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** The loop's side of `loop.runInExecutor(executor, fn, ...args)` (ExecutorLike): a Future of `loop`. */
  submitForLoop(loop: EventLoop, fn: unknown, args: unknown[]): Future<unknown> {
    return wrapFuture(this.enqueue(fn as JobFunction, args, null), loop);
  }

  private whenIdle(): Promise<void> {
    if (this.running === 0 && this.queueHead >= this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private getPool(): Piscina {
    if (this.pool === null) {
      this.pool = new Piscina({
        filename: workerFile,
        minThreads: 0,
        maxThreads: this.maxWorkers,
        // Node's timers overflow above 2^31-1 ms (about 24.8 days) and fire after 1 ms instead.
        idleTimeout: this.idleTimeoutMs > 2 ** 31 - 1 ? Number.POSITIVE_INFINITY : this.idleTimeoutMs,
        maxQueue: "auto",
        execArgv: this.execArgv,
      });
    }
    return this.pool;
  }

  private pump(): void {
    while (this.running < this.maxWorkers && this.queueHead < this.queue.length) {
      const job = this.queue[this.queueHead] as QueuedJob;
      this.queue[this.queueHead] = undefined as never;
      this.queueHead++;
      if (this.queueHead > 256 && this.queueHead * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
      if (!job.future._setRunning()) continue; // cancelled while queued
      this.start(job);
    }
    if (this.running === 0 && this.queueHead >= this.queue.length) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private start(job: QueuedJob): void {
    this.running++;
    const controller = this.terminateOnCancel ? new AbortController() : null;
    if (controller) {
      job.future._terminate = () => {
        controller.abort();
        return true;
      };
    }
    const task = { job: job.spec, args: job.args, chunk: job.chunk };
    let run: Promise<Reply>;
    try {
      run = this.getPool().run(task, {
        ...(controller ? { signal: controller.signal } : {}),
        ...(job.transferList.length ? { transferList: job.transferList as never } : {}),
      }) as Promise<Reply>;
    } catch (err) {
      run = Promise.reject(err);
    }
    run
      .then(
        (reply) => {
          if (reply.ok) job.future._setResult(reply.value);
          else job.future._setException(revive(reply.error));
        },
        (err: Error) => {
          if (controller?.signal.aborted || this.terminating) job.future._setCancelled();
          else if (err?.name === "DataCloneError") {
            job.future._setException(
              new WorkerJobError(
                `cannot send the arguments of ${job.name}() to a worker thread: ${err.message} Arguments and ` +
                  "results travel by structured clone: plain data, arrays, maps, typed arrays, not functions or " +
                  "class instances' methods",
              ),
            );
          } else {
            job.future._setException(
              new BrokenExecutor(
                `a worker thread died while running ${job.name}() (${err?.message ?? String(err)}); the pool replaced it`,
                { cause: err },
              ),
            );
          }
        },
      )
      .finally(() => {
        this.running--;
        this.pump();
      });
  }

  toString(): string {
    return `<ThreadPoolExecutor ${this.prefix} maxWorkers=${this.maxWorkers} running=${this.running} queued=${
      this.queue.length - this.queueHead
    }${this.isShutdown ? " shutdown" : ""}>`;
  }
}

/**
 * The results of `executor.map()`, in order: `await` it for the array (the first error rejects),
 * or `for await` over it to get each result as soon as it and those before it are ready.
 */
export class MapResult<R> implements PromiseLike<R[]>, AsyncIterable<R> {
  constructor(private readonly chunks: ConcurrentFuture<R[]>[]) {}

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    try {
      for (const chunk of this.chunks) yield* await chunk;
    } finally {
      // Stopping early (or an error) cancels what has not started, as Python's map does.
      for (const chunk of this.chunks) chunk.cancel();
    }
  }

  then<R1 = R[], R2 = never>(
    onFulfilled?: ((value: R[]) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return (async () => {
      const out: R[] = [];
      for await (const r of this) out.push(r);
      return out;
    })().then(onFulfilled, onRejected);
  }
}

/**
 * A Future of `loop` (default: the running loop, else the current one) that follows `cf`;
 * cancelling it cancels `cf` (which succeeds only while the job is queued, or on
 * terminate-on-cancel executors). A loop Future is returned as it is.
 * Python: `asyncio.wrap_future(future, *, loop=None)`.
 */
export function wrapFuture<T>(cf: ConcurrentFuture<T> | Future<T>, loop?: EventLoop): Future<T> {
  if (isFuture(cf)) return cf as Future<T>; // already a loop future, as Python's wrap_future allows
  if (!(cf instanceof ConcurrentFuture)) {
    throw new TypeError(`concurrent.futures.Future is expected, got ${repr(cf)}`);
  }
  loop ??= tryGetRunningLoop() ?? getEventLoop();
  const fut = loop.createFuture<T>() as Future<T>;
  const release = loop.trackOutsideOperation("executor", cf._jobName ?? "");
  cf.addDoneCallback(() => {
    release();
    if (loop.isClosed()) return;
    loop.callSoonThreadsafe(() => {
      if (fut.done()) return;
      if (cf.cancelled()) fut.cancel();
      else if (cf._failed()) fut.setException(cf.exception());
      else fut.setResult(cf.result());
    });
  });
  fut.addDoneCallback((f) => {
    if (f.cancelled()) cf.cancel();
  });
  return fut;
}

// The loop's default executor (Python: ThreadPoolExecutor(thread_name_prefix='asyncio')).
runtimeHooks().createDefaultExecutor = () => new ThreadPoolExecutor({ threadNamePrefix: "asyncio" });
