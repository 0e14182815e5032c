/**
 * Python: `asyncio.run` and `asyncio.Runner` (CPython 3.12).
 */
import { isCancelledError, KeyboardInterrupt } from "@aio/future";
import { failed } from "@aio/future/internal";
import {
  type Clock,
  type Context,
  copyContext,
  type EventLoop,
  isCoroutine,
  newEventLoop,
  repr,
  setEventLoop,
  tryGetRunningLoop,
} from "@aio/loop";
import { platform } from "@aio/loop/internal";
import { type Coro, coroutine } from "./coroutine.js";
import { gather } from "./gather.js";
import { allTasks, cancelOnAbort, type Task } from "./task.js";

/** Options for {@link run} and {@link Runner}. */
export interface RunOptions {
  /** Debug mode for the loop (default: the `AIO_DEBUG` environment variable). */
  debug?: boolean | undefined;
  /** `"real"` (default) or `"virtual"`: seconds become instant, timings stay exact. */
  clock?: "real" | "virtual" | Clock | undefined;
  /** Makes the loop (Python 3.12's `loop_factory`); the loop is then not set as the current one. */
  loopFactory?: (() => EventLoop) | undefined;
  /**
   * Seconds the closing run waits for the default executor's jobs (default 300, Python 3.12's
   * `THREAD_JOIN_TIMEOUT`; `null`: no limit); then it warns and stops the threads still running.
   */
  executorShutdownTimeout?: number | null | undefined;
  /** `run()` only: cancels the main task when this AbortSignal aborts. */
  signal?: AbortSignal | undefined;
}

enum RunnerState {
  Created = 0,
  Initialized = 1,
  Closed = 2,
}

/**
 * Runs several top-level coroutines on one loop, then cleans up: leftover tasks are cancelled and
 * awaited, their errors reported, the default executor shut down, the loop closed.
 * Python: `asyncio.Runner`.
 * @example
 * const runner = new Runner();
 * try { await runner.run(first()); await runner.run(second()); } finally { await runner.close(); }
 */
export class Runner {
  private state = RunnerState.Created;
  private loop: EventLoop | null = null;
  private context: Context | null = null;
  private interruptCount = 0;
  private setLoop = false;

  constructor(private readonly options: RunOptions = {}) {}

  /** Runs `coro` to completion on the runner's loop. Python: `runner.run(coro, context=None)`. */
  async run<T>(coro: Coro<T>, options: { context?: Context; signal?: AbortSignal } = {}): Promise<T> {
    if (!isCoroutine(coro)) throw new RangeError(`a coroutine was expected, got ${repr(coro)}`);
    if (tryGetRunningLoop() !== null)
      throw new Error("Runner.run() cannot be called from a running event loop");
    this.lazyInit();
    const loop = this.loop as EventLoop;
    const task = loop.createTask(coro, { context: options.context ?? (this.context as Context) }) as Task<T>;
    if (options.signal !== undefined) cancelOnAbort(task, options.signal);
    const sigint = this.installSigint(task);
    try {
      return await loop.runUntilComplete(task);
    } catch (err) {
      // A task factory's task may lack uncancel() (CPython's getattr guard, gh-95097).
      const uncancel = (task as Partial<Pick<Task<T>, "uncancel">>).uncancel;
      if (isCancelledError(err) && this.interruptCount > 0 && typeof uncancel === "function") {
        if (uncancel.call(task) === 0) throw new KeyboardInterrupt();
      }
      throw err;
    } finally {
      if (sigint) platform.offProcess("SIGINT", sigint);
    }
  }

  /** The runner's loop. Python: `runner.get_loop()`. */
  getLoop(): EventLoop {
    this.lazyInit();
    return this.loop as EventLoop;
  }

  /**
   * Cancels and awaits the leftover tasks, shuts the default executor down and closes the loop.
   * Twice is a no-op. Python: `runner.close()`.
   */
  async close(): Promise<void> {
    if (this.state !== RunnerState.Initialized) return;
    const loop = this.loop as EventLoop;
    // Ctrl-C while the leftover tasks wind down interrupts the shutdown with a KeyboardInterrupt
    // (Python's default handler does that) instead of killing the process at once: the loop is
    // still closed below, which finishes what is left of the tasks (their finally blocks run).
    const sigint = this.installInterrupt(loop);
    try {
      await cancelAllTasks(loop);
      // Python runs shutdown_asyncgens() and shutdown_default_executor() as two tasks.
      await loop.runUntilComplete(shutdownAsyncgens());
      await loop.runUntilComplete(
        shutdownDefaultExecutor(
          loop,
          this.options.executorShutdownTimeout === undefined
            ? THREAD_JOIN_TIMEOUT
            : this.options.executorShutdownTimeout,
        ),
      );
    } finally {
      if (sigint) platform.offProcess("SIGINT", sigint);
      if (this.setLoop) setEventLoop(null);
      loop.close();
      this.loop = null;
      this.state = RunnerState.Closed;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private lazyInit(): void {
    if (this.state === RunnerState.Closed) throw new Error("Runner is closed");
    if (this.state === RunnerState.Initialized) return;
    const { loopFactory, clock, debug } = this.options;
    if (loopFactory) {
      this.loop = loopFactory();
    } else {
      this.loop = newEventLoop(clock ? { clock } : undefined);
      setEventLoop(this.loop);
      this.setLoop = true;
    }
    if (debug !== undefined) this.loop.setDebug(debug);
    this.context = copyContext();
    this.state = RunnerState.Initialized;
  }

  private installSigint(task: Task<unknown>): (() => void) | null {
    if (!platform.isMainThread || platform.processListenerCount("SIGINT") > 0) return null;
    const loop = this.loop as EventLoop;
    const handler = (): void => {
      // A handler the program set with loop.addSignalHandler("SIGINT", …) replaces this one, as in
      // CPython (where it replaces the runner's signal handler).
      if (loop._hasSignalHandler("SIGINT")) return;
      this.interruptCount++;
      if (this.interruptCount === 1 && !task.done()) {
        task.cancel();
        loop.callSoonThreadsafe(() => {});
        return;
      }
      // Second Ctrl-C: a KeyboardInterrupt raised on the loop, as Python's default handler raises it
      // wherever the program is; a third one ends the process as Node's default handler does.
      platform.offProcess("SIGINT", handler);
      loop.callSoonThreadsafe(raiseKeyboardInterrupt);
    };
    platform.onProcess("SIGINT", handler);
    return handler;
  }

  /** Ctrl-C raises a KeyboardInterrupt on the loop once; the next one ends the process. */
  private installInterrupt(loop: EventLoop): (() => void) | null {
    if (!platform.isMainThread || platform.processListenerCount("SIGINT") > 0) return null;
    const handler = (): void => {
      platform.offProcess("SIGINT", handler);
      if (!loop.isClosed()) loop.callSoonThreadsafe(raiseKeyboardInterrupt);
    };
    platform.onProcess("SIGINT", handler);
    return handler;
  }
}

function raiseKeyboardInterrupt(): never {
  throw new KeyboardInterrupt();
}

// Marked coroutines, so that reprs, traces and task tables name them as Python's do
// (`coro=<BaseEventLoop.shutdown_asyncgens()>`).
const shutdownAsyncgens = coroutine(function* shutdownAsyncgens(): Coro<void> {
  // Generators cannot be finalised from outside in JavaScript; nothing to close.
});

/** Seconds to wait for the default executor's threads at the end of a run. Python: `constants.THREAD_JOIN_TIMEOUT`. */
const THREAD_JOIN_TIMEOUT = 300;

const shutdownDefaultExecutor = coroutine(function* shutdownDefaultExecutor(
  loop: EventLoop,
  timeout: number | null,
): Coro<void> {
  yield* loop.shutdownDefaultExecutor(timeout) as unknown as Coro<void>;
});

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = [...loop._tasks].filter((t) => !t.done()) as Task<unknown>[];
  if (toCancel.length === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(gather(...toCancel, { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled() || !failed(task)) continue;
    loop.callExceptionHandler({
      message: "unhandled exception during asyncio.run() shutdown",
      exception: task.exception(),
      task,
    });
  }
}

/**
 * Runs `main` on a new loop and returns its result, then cancels leftover tasks, shuts the default
 * executor down and closes the loop. Python: `asyncio.run(main, debug=None, loop_factory=None)`.
 * @example
 * const result = await run(main());
 * await run(main(), { clock: "virtual" }); // sleeps take no real time
 */
export async function run<T>(main: Coro<T>, options: RunOptions = {}): Promise<T> {
  if (tryGetRunningLoop() !== null)
    throw new Error("asyncio.run() cannot be called from a running event loop");
  const runner = new Runner(options);
  try {
    return await runner.run(main, options.signal === undefined ? {} : { signal: options.signal });
  } finally {
    await runner.close();
  }
}

export { allTasks };
