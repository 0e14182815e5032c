/**
 * Python: `concurrent.futures.Future`: the result of a job submitted to an executor, usable from
 * any code (it is `PromiseLike`), and bridged to a loop Future by `runInExecutor`.
 */
import { CancelledError, InvalidStateError } from "@aio/future";

type State = "PENDING" | "RUNNING" | "CANCELLED" | "FINISHED";

/**
 * The outcome of a submitted job. A pending (queued) job can be cancelled; a running one cannot.
 * Python: `concurrent.futures.Future`.
 */
export class ConcurrentFuture<T> implements PromiseLike<T> {
  private state: State = "PENDING";
  private value: T | undefined;
  private error: unknown;
  private failed = false;
  private callbacks: ((f: ConcurrentFuture<T>) => void)[] = [];
  /** @internal stops a running job (terminate-on-cancel executors) */
  _terminate: (() => boolean) | null = null;
  /** @internal the job's function name, for traces */
  _jobName: string | null = null;

  /** Whether the job is running. Python: `future.running()`. */
  running(): boolean {
    return this.state === "RUNNING";
  }

  /** Whether the job finished or was cancelled. Python: `future.done()`. */
  done(): boolean {
    return this.state === "CANCELLED" || this.state === "FINISHED";
  }

  /** Whether the job was cancelled. Python: `future.cancelled()`. */
  cancelled(): boolean {
    return this.state === "CANCELLED";
  }

  /**
   * Cancels a job that has not started; returns false if it is running or done (it cannot be
   * stopped, as in Python) unless the executor terminates running jobs on cancel.
   * Python: `future.cancel()`.
   */
  cancel(): boolean {
    if (this.state === "CANCELLED") return true;
    if (this.state === "FINISHED") return false;
    if (this.state === "RUNNING") return this._terminate?.() ?? false;
    this.state = "CANCELLED";
    this.notify();
    return true;
  }

  /** The result; throws the job's error, `CancelledError`, or `InvalidStateError` while not done. */
  result(): T {
    if (this.state === "CANCELLED") throw new CancelledError();
    if (this.state !== "FINISHED") throw new InvalidStateError("Result is not set.");
    if (this.failed) throw this.error;
    return this.value as T;
  }

  /** The job's error, or `null`. Python: `future.exception()`. */
  exception(): unknown {
    if (this.state === "CANCELLED") throw new CancelledError();
    if (this.state !== "FINISHED") throw new InvalidStateError("Exception is not set.");
    return this.failed ? this.error : null;
  }

  /** @internal finished with an error (any value, `null` and `undefined` too) */
  _failed(): boolean {
    return this.state === "FINISHED" && this.failed;
  }

  /** Calls `fn(future)` when done (at once if it already is). Python: `future.add_done_callback(fn)`. */
  addDoneCallback(fn: (future: ConcurrentFuture<T>) => void): void {
    if (this.done()) fn(this);
    else this.callbacks.push(fn);
  }

  /** @internal the job was taken by a worker; false if it was cancelled meanwhile */
  _setRunning(): boolean {
    if (this.state !== "PENDING") return false;
    this.state = "RUNNING";
    return true;
  }

  /**
   * Marks the job started, unless it was cancelled: returns false for a cancelled future (its
   * waiters are told), true for a pending one, which is now running. For executors and tests.
   * Python: `future.set_running_or_notify_cancel()`.
   * @throws Error `Future in unexpected state` if it is already running or done.
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.state === "CANCELLED") return false;
    if (this.state === "PENDING") {
      this.state = "RUNNING";
      return true;
    }
    throw new Error("Future in unexpected state");
  }

  /**
   * Completes the future with `value`. For executors and tests. Python: `future.set_result(result)`.
   * @throws InvalidStateError once the future is done (cancelled or finished).
   */
  setResult(value: T): void {
    this.checkNotDone();
    this._setResult(value);
  }

  /**
   * Completes the future with `error` (any value). For executors and tests.
   * Python: `future.set_exception(exception)`.
   * @throws InvalidStateError once the future is done (cancelled or finished).
   */
  setException(error: unknown): void {
    this.checkNotDone();
    this._setException(error);
  }

  private checkNotDone(): void {
    if (this.done()) throw new InvalidStateError(`${this.state}: ${this}`);
  }

  /** @internal */
  _setResult(value: T): void {
    if (this.done()) return;
    this.value = value;
    this.state = "FINISHED";
    this.notify();
  }

  /** @internal */
  _setException(error: unknown): void {
    if (this.done()) return;
    this.error = error;
    this.failed = true;
    this.state = "FINISHED";
    this.notify();
  }

  /** @internal a running job was terminated on cancel */
  _setCancelled(): void {
    if (this.done()) return;
    this.state = "CANCELLED";
    this.notify();
  }

  private notify(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const cb of callbacks) {
      try {
        cb(this);
      } catch (err) {
        // Python logs "exception calling callback for <Future>" and goes on.
        process.stderr.write(
          `exception calling callback for ${this}\n${err instanceof Error ? err.stack : String(err)}\n`,
        );
      }
    }
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve, reject) => {
      this.addDoneCallback((f) => {
        try {
          resolve(f.result());
        } catch (err) {
          reject(err);
        }
      });
    }).then(onFulfilled, onRejected);
  }

  toString(): string {
    if (this.state === "FINISHED") {
      return this.failed
        ? `<ConcurrentFuture finished raised ${(this.error as Error)?.name ?? typeof this.error}>`
        : `<ConcurrentFuture finished returned ${typeof this.value}>`;
    }
    return `<ConcurrentFuture ${this.state.toLowerCase()}>`;
  }
}
