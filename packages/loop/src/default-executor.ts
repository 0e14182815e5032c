/**
 * A loop's executors: the default one (made on first use by `@aio/executor`'s hook), and the
 * checks `runInExecutor` makes of one it is given. Python: `BaseEventLoop.run_in_executor`,
 * `set_default_executor`, `shutdown_default_executor`.
 */
import { MAX_WAIT_SECONDS } from "./clock.js";
import type { EventLoop } from "./event-loop.js";
import { runtimeHooks } from "./hooks.js";
import { warn } from "./log.js";
import type { ExecutorLike, FutureLike } from "./protocols.js";
import { repr } from "./repr.js";

/** The default executor of one loop. */
export class DefaultExecutor {
  private executor: ExecutorLike | null = null;
  private shutdownCalled = false;

  constructor(private readonly loop: EventLoop) {}

  /** Whether the loop has a default executor now. */
  exists(): boolean {
    return this.executor !== null;
  }

  /** The executor `runInExecutor(executor, …)` runs in: the default one (made now) for `null`. */
  resolve(executor: ExecutorLike | null): ExecutorLike {
    if (executor !== null) {
      if (
        typeof executor !== "object" ||
        typeof (executor as Partial<ExecutorLike>).submitForLoop !== "function"
      ) {
        throw new TypeError(
          `executor must be an executor (with submitForLoop) or None, got ${repr(executor)}`,
        );
      }
      return executor;
    }
    if (this.shutdownCalled) throw new Error("Executor shutdown has been called");
    if (this.executor === null) {
      const make = runtimeHooks().createDefaultExecutor;
      if (!make)
        throw new Error("runInExecutor(null, …) needs a default executor: import @aio/executor first");
      this.executor = make();
    }
    return this.executor;
  }

  /** Python: `loop.set_default_executor(executor)`. */
  set(executor: ExecutorLike): void {
    if (typeof executor !== "object" || executor === null || typeof executor.submitForLoop !== "function") {
      throw new TypeError(`executor must be a ThreadPoolExecutor, got ${repr(executor)}`);
    }
    this.executor = executor;
  }

  /** The loop closes: the default executor shuts down without waiting. */
  dropOnClose(): void {
    const executor = this.executor;
    this.executor = null;
    if (executor) void executor.shutdown({ wait: false });
  }

  /** See `EventLoop.shutdownDefaultExecutor`. */
  shutdown(timeout: number | null): FutureLike<void> {
    if (timeout !== null && (typeof timeout !== "number" || !(timeout >= 0))) {
      throw new TypeError(`timeout must be a non-negative number of seconds or None, got ${repr(timeout)}`);
    }
    const loop = this.loop;
    this.shutdownCalled = true;
    const fut = loop.createFuture<void>() as FutureLike<void> & {
      setResult(v: undefined): void;
      setException(e: unknown): void;
    };
    const executor = this.executor;
    if (executor === null) {
      fut.setResult(undefined);
      return fut;
    }
    this.executor = null;
    const release = loop.trackOutsideOperation();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const settle = (err?: unknown): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      release();
      if (loop.isClosed()) return;
      loop.callSoonThreadsafe(() => {
        if (fut.done()) return;
        if (err === undefined) fut.setResult(undefined);
        else fut.setException(err);
      });
    };
    if (timeout !== null && timeout !== Number.POSITIVE_INFINITY) {
      timer = setTimeout(() => {
        timer = null;
        warn(
          "RuntimeWarning",
          `The executor did not finishing joining its threads within ${timeout} seconds.`,
        );
        Promise.resolve(executor.shutdown({ wait: false, cancelFutures: true, terminate: true })).then(
          () => settle(),
          (err) => settle(err),
        );
      }, Math.min(timeout, MAX_WAIT_SECONDS) * 1000);
    }
    Promise.resolve(executor.shutdown({ wait: true })).then(
      () => settle(),
      (err) => settle(err),
    );
    return fut;
  }
}
