/**
 * Task: drives a coroutine step by step on the loop. Python: `asyncio.Task` (`tasks.py`).
 *
 * `step` sends into (or throws into) the coroutine; what it yields decides what happens next: a
 * Future → wait for it (`wakeup` runs as its done-callback); `undefined` → run again next
 * iteration; anything else → asyncio's error thrown in on the next step.
 */

import { CancelledError, Future, InvalidStateError, isCancelledError } from "@aio/future";
import {
  CANCELLED,
  CANCELS_ONE,
  CANCELS_SHIFT,
  FINISHED,
  MAX_CANCELS,
  MUST_CANCEL,
  noteAwaiters,
  PENDING,
  RUN_MASK,
  RUN_STEP,
  RUN_WAKEUP,
  type Waker,
  wakeTask,
} from "@aio/future/internal";
import {
  Context,
  type CoroutineLike,
  EventLoop,
  type FutureLike,
  getRunningLoop,
  Handle,
  isBaseException,
  isCoroutine,
  isEventLoop,
  isFuture,
  logAsyncio,
  repr,
  runtimeHooks,
  TASK_BRAND,
  type TaskFactory,
  type TaskOptions,
  tryGetRunningLoop,
  typeName,
} from "@aio/loop";
import {
  type ContextVars,
  currentVars,
  DESCRIBE_BY_FIRST_ARG,
  enterVars,
  generatorInfo,
  onLoopClose,
  platform,
  type RegisteredTask,
  runtimeState as state,
} from "@aio/loop/internal";
import {
  beginChainCapture,
  type Coro,
  type CoroutineInfo,
  coroutineInfo,
  coroutineName,
  endChainCapture,
  generatorCoroutineInfo,
  hasStarted,
  refuseAwaitOf,
} from "./coroutine.js";

/** What `_step` is given when there is nothing to throw into the coroutine (any value may be thrown). */
const NOTHING: unique symbol = Symbol("nothing to throw");

function taskStep(task: Task<unknown>, exc: unknown = NOTHING): void {
  task._step(exc);
}

/** `getStack`'s options: only `limit`, an integer or null (Python's `limit=None`). */
function checkStackLimit(options: { limit?: number | null | undefined }): number | null {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`getStack() options must be an object, got ${repr(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "limit") throw new TypeError(`getStack() got an unexpected keyword argument '${key}'`);
  }
  const limit = options.limit ?? null;
  if (limit !== null && !Number.isInteger(limit)) {
    throw new TypeError(
      `'${typeof limit === "number" ? "float" : typeName(limit)}' object cannot be interpreted as an integer`,
    );
  }
  return limit;
}

const FUTURE_ADD_DONE_CALLBACK = Future.prototype.addDoneCallback;
const LOOP_CALL_SOON = EventLoop.prototype.callSoon;

/**
 * The loop of a future a task awaits: its `getLoop()`, or `_loop` for a future-like without one
 * (CPython's `futures._get_loop` falls back to `fut._loop`).
 */
function futureLoop(fut: Future<unknown>): unknown {
  const getLoop = (fut as Partial<Future<unknown>>).getLoop;
  return typeof getLoop === "function" ? getLoop.call(fut) : fut._loop;
}
(taskStep as unknown as Record<symbol, boolean>)[DESCRIBE_BY_FIRST_ARG] = true;

const NO_OPTIONS: Readonly<CreateTaskOptions> = Object.freeze({});

/** Options for `new Task()` and `createTask()`. */
export interface CreateTaskOptions {
  /** Task name; default `Task-N`. */
  name?: string | undefined;
  /** The context the task runs in; default a copy of the current one. */
  context?: Context | undefined;
  /** The loop; default the running loop. */
  loop?: EventLoop | undefined;
  /**
   * Run the coroutine's first step at once, inside the code that creates the task, when the loop
   * is running: a coroutine that finishes without waiting never goes through the loop.
   * Python 3.12: `Task(coro, eager_start=True)`.
   */
  eagerStart?: boolean | undefined;
}

/**
 * A Task: a Future that runs a coroutine. Python: `asyncio.Task`.
 *
 * Invariant (its small state is bits of `_flags`: see `flags.ts` in @aio/future):
 * - Only the task's own steps finish it (`setResult` and `setException` throw). While it is
 *   pending it is in its loop's registry (`loop._tasks`); it leaves it as it finishes, before its
 *   done-callbacks are scheduled.
 * - `_futWaiter` is the future the last step suspended on, the task being registered as its waker;
 *   the next step clears it first. A task that waits on nothing is queued to run or is running.
 * - `RUN_STEP` / `RUN_WAKEUP` are set exactly while the task itself stands in the ready queue for
 *   its next step or its wake-up from `_futWaiter`; otherwise (debug mode, or already queued) a
 *   Handle for `taskStep` / `wakeTask` stands there.
 * - `_mustCancel`: `cancel()` found no future to pass the cancellation to; the next step throws
 *   CancelledError into the coroutine (unless it throws one already) and clears it.
 * - `_numCancelsRequested`: `cancel()` calls made while pending, minus `uncancel()` calls, never
 *   below 0, saturating at `MAX_CANCELS`.
 * @example
 * const task = createTask(worker("A"), { name: "worker-A" });
 * const result = yield* task;
 */
export class Task<T = unknown> extends Future<T> implements Waker {
  declare readonly [TASK_BRAND]: true;

  /** @internal */ _coro: CoroutineLike<T>;
  /**
   * @internal the task's context: an explicit Context, or (until the task sets a variable or
   * someone asks for it) the variables it was created with, run in the loop's scratch context.
   */
  _context: Context | ContextVars;
  /** @internal the name, or the number of a default `Task-N` name (built when asked for) */
  _name: string | number;
  /** @internal */ _futWaiter: Future<unknown> | null = null;
  /** @internal what a trace recording keeps for this task (@aio/debug's; opaque to the core) */
  _trace: unknown = null;

  /** @internal Python's `_must_cancel` */
  get _mustCancel(): boolean {
    return (this._flags & MUST_CANCEL) !== 0;
  }
  /** @internal */
  set _mustCancel(value: boolean) {
    this._flags = value ? this._flags | MUST_CANCEL : this._flags & ~MUST_CANCEL;
  }
  /** @internal Python's `_num_cancels_requested` */
  get _numCancelsRequested(): number {
    return this._flags >>> CANCELS_SHIFT;
  }
  /** @internal */
  set _numCancelsRequested(value: number) {
    this._flags = (this._flags & (CANCELS_ONE - 1)) | (value << CANCELS_SHIFT);
  }
  /** @internal the loop's registry of pending tasks links its tasks through these */
  _prevTask: RegisteredTask | null = null;
  /** @internal */ _nextTask: RegisteredTask | null = null;

  /** @internal Python: `_log_destroy_pending` */
  get _logDestroyPending(): boolean {
    return this._rare?.quietWhenDestroyed !== true;
  }
  /** @internal */
  set _logDestroyPending(value: boolean) {
    if (!value || this._rare !== null) (this._rare ??= {}).quietWhenDestroyed = !value;
  }
  /** @internal the coroutine was finalised while the task was pending (loop closed) */
  get _coroClosed(): boolean {
    return this._rare?.coroClosed === true;
  }
  /** @internal */
  set _coroClosed(value: boolean) {
    if (value || this._rare !== null) (this._rare ??= {}).coroClosed = value;
  }
  /** @internal debug mode: the chain of marked coroutines the last step suspended in */
  get _suspendedChain(): CoroutineInfo[] | null {
    return (this._rare?.suspendedChain as CoroutineInfo[] | undefined) ?? null;
  }
  /** @internal */
  set _suspendedChain(value: CoroutineInfo[] | null) {
    if (value !== null || this._rare !== null) (this._rare ??= {}).suspendedChain = value;
  }

  /**
   * @param coro the coroutine to run.
   * @param options `name`, `context`, `loop`.
   * @param loop the loop, from factories (no options object per task; not part of the API)
   */
  constructor(coro: Coro<T> | CoroutineLike<T>, options: CreateTaskOptions = NO_OPTIONS, loop?: EventLoop) {
    if (loop === undefined && options.loop !== undefined && !isEventLoop(options.loop)) {
      throw new TypeError(`loop must be an event loop, got ${repr(options.loop)}`);
    }
    loop ??= options.loop ?? tryGetRunningLoop() ?? getRunningLoop();
    super(undefined, loop);
    if (!isCoroutine(coro)) {
      throw new TypeError(`a coroutine was expected, got ${repr(coro)}`);
    }
    const context = options.context;
    if (
      context !== undefined &&
      context !== null &&
      typeof (context as Partial<Context>).run !== "function"
    ) {
      throw new TypeError(`context must be a Context, got ${repr(context)}`);
    }
    this._coro = coro as CoroutineLike<T>;
    // A plain function*'s coroutine: its later `await job()` fails loudly from now on.
    if ((coro as { then?: unknown }).then === undefined) refuseAwaitOf(coro);
    const reused = reuseError(coro);
    if (reused === null) owners.set(coro, this);
    this._name =
      options.name === undefined || options.name === null ? ++state.taskCounter : String(options.name);
    this._context = options.context ?? currentVars();
    loop._tasks.add(this);
    const tracer = state.tracer;
    if (tracer !== null) tracer.taskCreated(this, loop);
    // A coroutine runs in one task only: a second one fails at its first step, as in Python, and
    // leaves the coroutine to its owner.
    if (reused !== null) loop._callSoon2(taskStep as (...a: unknown[]) => unknown, this, reused, null);
    else if (options.eagerStart === true && loop.isRunning()) this._eagerStart();
    else if (loop.callSoon === LOOP_CALL_SOON && !loop.isClosed()) this._queueStep();
    else {
      // A loop whose callSoon is replaced (a test's mock, a subclass) schedules the first step
      // itself, as CPython's `self._loop.call_soon(self.__step, …)`; if it raises (a closed loop:
      // 'Event loop is closed'), the task is never registered and, unreachable while pending, is
      // reported as Python's gc would.
      try {
        loop.callSoon(taskStep, this as Task<unknown>);
      } catch (err) {
        loop._tasks.delete(this);
        if (this._logDestroyPending) {
          loop.callExceptionHandler({ message: "Task was destroyed but it is pending!", task: this });
        }
        throw err;
      }
    }
  }

  /**
   * @internal the first step, now: the task is the current task meanwhile, and the creating task
   * is again afterwards. Python 3.12: `Task.__eager_start`.
   */
  private _eagerStart(): void {
    const loop = this._loop;
    const creator = loop._currentTask;
    loop._currentTask = null;
    try {
      this._step();
    } finally {
      loop._currentTask = creator;
    }
  }

  /** The task's name. Python: `task.get_name()`. */
  getName(): string {
    const name = this._name;
    return typeof name === "number" ? `Task-${name}` : name;
  }

  /** Renames the task (non-strings are converted). Python: `task.set_name(value)`. */
  setName(value: unknown): void {
    this._name = String(value);
  }

  /** The coroutine the task runs. Python: `task.get_coro()`. */
  getCoro(): CoroutineLike<T> {
    return this._coro;
  }

  /** The context the task runs in. Python: `task.get_context()`. */
  getContext(): Context {
    const ctx = this._context;
    if (ctx instanceof Map) return (this._context = new Context(ctx));
    return ctx;
  }

  /** Tasks cannot be completed from outside. */
  override setResult(_result: T): never {
    throw new Error("Task does not support set_result operation");
  }

  /** Tasks cannot be completed from outside. */
  override setException(_exception: unknown): never {
    throw new Error("Task does not support set_exception operation");
  }

  /**
   * Requests cancellation: the awaited future is cancelled, or `CancelledError` is thrown into the
   * coroutine at its next step. Returns false if the task is already done. Python: `task.cancel(msg)`.
   */
  override cancel(msg?: unknown): boolean {
    this._clearUnretrieved();
    if (this._state !== PENDING) return false;
    if (this._numCancelsRequested < MAX_CANCELS) this._numCancelsRequested++;
    this._abortSignal(msg);
    const waiter = this._futWaiter;
    const tracer = state.tracer;
    if (tracer !== null) tracer.cancel(this, msg);
    if (waiter?.cancel(msg)) {
      // The waiter's CancelledError reaches the coroutine through wakeup.
      return true;
    }
    this._mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  /**
   * An AbortSignal that aborts when the task is cancelled (at the `cancel()` request, so that work
   * handed to Node APIs stops at once), to pass to `fetch`, `fs`, timers or anything that takes one.
   * The abort reason is the CancelledError.
   * @example const res = yield* ensureFuture(fetch(url, { signal: currentTask()!.signal }));
   */
  get signal(): AbortSignal {
    let controller = this._rare?.abort;
    if (controller === undefined) {
      controller = new AbortController();
      (this._rare ??= {}).abort = controller;
      if (this._state === CANCELLED || this._numCancelsRequested > 0) {
        controller.abort(new CancelledError(this._cancelMessage));
      }
    }
    return controller.signal;
  }

  /** @internal aborts `signal`, if anyone asked for it */
  private _abortSignal(msg: unknown): void {
    const controller = this._rare?.abort;
    if (controller !== undefined && !controller.signal.aborted) controller.abort(new CancelledError(msg));
  }

  /** Number of pending cancellation requests. Python: `task.cancelling()`. */
  cancelling(): number {
    return this._numCancelsRequested;
  }

  /** Decrements the pending cancellation requests; returns the new count. Python: `task.uncancel()`. */
  uncancel(): number {
    if (this._numCancelsRequested > 0) this._numCancelsRequested--;
    return this._numCancelsRequested;
  }

  /**
   * The coroutine chain the task is suspended in, outermost first, as far as it can be told (debug
   * mode records the whole chain; otherwise the task's own coroutine, named as its function is).
   * `limit`: at most that many entries, the outermost. Python: `task.get_stack(limit=None)`.
   */
  getStack(options: { limit?: number | null | undefined } = {}): string[] {
    const limit = checkStackLimit(options);
    if (this.done() || (limit !== null && limit <= 0)) return [];
    const chain = this._suspendedChain ?? [
      coroutineInfo(this._coro) ??
        generatorCoroutineInfo(this._coro) ?? { name: "coroutine", definedAt: null },
    ];
    const shown = limit === null ? chain : chain.slice(0, limit);
    return shown.map((info) => `${info.name}()${info.definedAt ? ` defined at ${info.definedAt}` : ""}`);
  }

  /** @internal what is known of the coroutine: marked, or (debug mode) its generator function's name */
  _coroInfo(): CoroutineInfo | null {
    return coroutineInfo(this._coro) ?? (this._loop.getDebug() ? generatorCoroutineInfo(this._coro) : null);
  }

  /**
   * @internal the coroutine as Python's `_format_coroutine` prints it: `main() running at file:line`
   * while it can still run (where it is paused), `main() done, defined at file:line` once finished.
   * V8 tells a plain generator's function and position through the inspector (diagnostics only);
   * without one, a `coroutine()` function's recorded definition, or just the state.
   */
  _coroRepr(): string {
    const marked = coroutineInfo(this._coro);
    const gen = generatorInfo(this._coro as object);
    const name = marked?.name ?? (gen?.name || "coroutine");
    const running = gen !== null ? gen.state !== "closed" : this._state === PENDING && !this._coroClosed;
    const where = gen?.location ?? marked?.definedAt ?? null;
    if (where === null) return `${name}() ${running ? "running" : "done"}`;
    return running ? `${name}() running at ${where}` : `${name}() done, defined at ${where}`;
  }

  /** Writes the stack to `write` (default stderr). Python: `task.print_stack(limit=None, file=None)`. */
  printStack(
    write: (text: string) => void = (t) => platform.writeStderr(t),
    options: { limit?: number | null | undefined } = {},
  ): void {
    const frames = this.getStack(options);
    if (frames.length === 0) write(`No stack for ${this}\n`);
    else write(`Stack for ${this} (most recent call last):\n${frames.map((f) => `  ${f}\n`).join("")}`);
  }

  /**
   * @internal one step of the coroutine: sends into it, or throws `exc` into it (which may be any
   * value, `null` and `undefined` too). Python: `Task.__step`.
   */
  _step(exc: unknown = NOTHING): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(
        `_step(): already done: ${this}, ${repr(exc === NOTHING ? undefined : exc)}`,
      );
    }
    if (this._mustCancel) {
      if (!isCancelledError(exc)) exc = this._makeCancelledError();
      this._mustCancel = false;
    }
    this._futWaiter = null;
    const loop = this._loop;
    const previous = loop._currentTask;
    if (previous !== null && previous !== undefined) {
      throw new Error(`Cannot enter into task ${this} while another task ${previous} is being executed.`);
    }
    loop._currentTask = this;
    const savedContext = state.context;
    const ctx = this._context;
    if (ctx instanceof Map) enterVars(ctx);
    else state.context = ctx;
    const tracer = state.tracer;
    if (tracer !== null) tracer.stepStart(this, exc !== NOTHING, exc === NOTHING ? undefined : exc);
    try {
      this._stepRun(exc);
    } finally {
      if (tracer !== null) tracer.stepEnd(this, this._futWaiter);
      // A task that set a variable now has a Context of its own: keep it for its next steps.
      const now = state.context;
      if (ctx instanceof Map && now !== null && !now._scratch) this._context = now;
      loop._currentTask = null;
      state.context = savedContext;
    }
  }

  private _stepRun(exc: unknown): void {
    const coro = this._coro;
    const owner = owners.get(coro);
    if (owner !== this && owner !== undefined) {
      // Not this task's coroutine (see reuseError): end without touching it.
      if (isCancelledError(exc)) this._finishCancelled(undefined);
      else this._finishException(exc);
      return;
    }
    let r: IteratorResult<unknown, T>;
    const debug = this._loop.getDebug();
    if (debug) {
      if (isCancelledError(exc)) (this._rare ??= {}).cancelDeliveredAt = this.getStack().join(" → ");
      beginChainCapture();
    }
    try {
      r = exc === NOTHING ? coro.next() : coro.throw(exc);
      if (debug) this._suspendedChain = endChainCapture();
    } catch (err) {
      if (isCancelledError(err)) {
        // As CPython's C Task: the exception is kept for awaiters, the stored message is None.
        this._finishCancelled(undefined);
        this._cancelledExc = err;
      } else if (isBaseException(err)) {
        // KeyboardInterrupt, SystemExit: the task ends with it, and it stops the loop.
        this._finishException(err, false);
        throw err;
      } else {
        this._finishException(err);
      }
      return;
    }
    if (r.done) {
      if (this._mustCancel) {
        this._mustCancel = false;
        this._finishCancelled(this._cancelMessage);
      } else {
        if (debug && this._numCancelsRequested > 0) this._reportSwallowedCancel();
        this._finishResult(r.value);
      }
      return;
    }
    const value = r.value;
    if (value === undefined) {
      this._queueStep();
      return;
    }
    let error: Error;
    if (isFuture(value)) {
      const fut = value as Future<unknown>;
      if (futureLoop(fut) !== this._loop) {
        error = new Error(`Task ${this} got Future ${fut} attached to a different loop`);
      } else if (fut._asyncioFutureBlocking) {
        if ((fut as unknown) === this) {
          error = new Error(`Task cannot await on itself: ${this}`);
        } else {
          fut._asyncioFutureBlocking = false;
          // The internal subscription unless a subclass overrides addDoneCallback (CPython calls
          // fut.add_done_callback, so an override sees the task subscribe).
          if (typeof fut._addWaker === "function" && fut.addDoneCallback === FUTURE_ADD_DONE_CALLBACK)
            fut._addWaker(this);
          else
            (fut as Future<unknown>).addDoneCallback((f) => this._wakeup(f), { context: this.getContext() });
          this._futWaiter = fut;
          if (this._mustCancel && fut.cancel(this._cancelMessage)) this._mustCancel = false;
          return;
        }
      } else {
        error = new Error(`yield was used instead of yield* in task ${this} with ${fut}`);
      }
    } else if (isCoroutine(value)) {
      error = new Error(
        `yield was used instead of yield* for generator in task ${this} with ${coroutineName(value)}`,
      );
    } else if (value !== null && typeof (value as PromiseLike<unknown>).then === "function") {
      error = new Error(
        `Task got bad yield: ${repr(value)}: a coroutine awaits a Promise with yield* ensureFuture(promise)`,
      );
    } else {
      error = new Error(`Task got bad yield: ${repr(value)}`);
    }
    this._loop._callSoon2(taskStep as (...a: unknown[]) => unknown, this, error, null);
  }

  /**
   * @internal debug mode: the task was cancelled, yet its coroutine returned normally and nobody
   * called `uncancel()`: a `catch` swallowed the CancelledError (JavaScript has no BaseException to
   * keep it apart from the errors a `catch` means to handle).
   */
  private _reportSwallowedCancel(): void {
    const at = this._rare?.cancelDeliveredAt;
    logAsyncio(
      "WARNING",
      `Task ${this} swallowed CancelledError: it was cancelled (cancelling() is ${this._numCancelsRequested}) ` +
        "but returned normally without uncancel()" +
        (at ? `; the CancelledError was thrown into it at ${at}` : "") +
        ". Re-raise it (if (isCancelledError(e)) throw e;) or call uncancel() if swallowing is meant.",
    );
  }

  /**
   * @internal schedules the next step, as Python's `call_soon(self.__step)`. The task queues
   * itself (no Handle) unless it is already queued or the loop is in debug mode, where a Handle
   * records where it was scheduled.
   */
  _queueStep(): void {
    const loop = this._loop;
    if ((this._flags & RUN_MASK) === 0 && !loop.getDebug()) {
      this._flags |= RUN_STEP;
      loop._enqueue(this);
    } else {
      loop._callSoon1(taskStep as (...a: unknown[]) => unknown, this, null);
    }
  }

  /**
   * @internal the awaited future is done: schedules `_wakeup(future)` as `callSoon` would. The
   * queued task wakes up from `_futWaiter`, which is `future`: it is set as the task suspends
   * (right after this call, for a future that is already done) and cleared only by a step.
   */
  _scheduleWakeup(future: Future<unknown>): void {
    const loop = this._loop;
    if ((this._flags & RUN_MASK) === 0 && !loop.getDebug()) {
      this._flags |= RUN_WAKEUP;
      loop._enqueue(this);
    } else {
      loop._callSoon2(wakeTask as (...a: unknown[]) => unknown, this, future, null);
    }
  }

  /** @internal the loop runs the step or wake-up the task queued itself for (see `Runnable`). */
  override _run(loop: EventLoop): void {
    const how = this._flags & RUN_MASK;
    if (how !== RUN_STEP && how !== RUN_WAKEUP) {
      super._run(loop); // its done-callback (the task has finished)
      return;
    }
    this._flags ^= how;
    const future = how === RUN_WAKEUP ? (this._futWaiter as Future<unknown>) : null;
    try {
      if (future === null) this._step();
      else this._wakeup(future);
    } catch (exc) {
      if (isBaseException(exc)) throw exc;
      // Reported as the Handle it stands for would report it (Python: "Exception in callback …").
      const handle =
        future === null
          ? new Handle(taskStep as (...a: unknown[]) => unknown, 1, this, undefined, null)
          : new Handle(wakeTask as (...a: unknown[]) => unknown, 2, this, future, null);
      handle._reportError(loop, exc);
    }
  }

  /** @internal the awaited future is done. Python: `Task.__wakeup`. */
  _wakeup(future: Future<unknown>): void {
    const tracer = state.tracer;
    if (tracer !== null) tracer.wakeup(this, future);
    if (future._state === CANCELLED) {
      this._step(future._makeCancelledError());
    } else if (future._hasException) {
      future._clearUnretrieved(); // retrieved, as result() would
      this._step(future._exception);
    } else {
      this._step();
    }
  }

  private _finishResult(value: T): void {
    this._loop._tasks.delete(this);
    this._result = value;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  private _finishException(err: unknown, track = true): void {
    if (this._loop.getDebug()) noteAwaiters(this as Future<unknown>, err);
    this._loop._tasks.delete(this);
    this._exception = err;
    this._hasException = true;
    this._state = FINISHED;
    this._scheduleCallbacks();
    if (track) {
      // Ended by its own step: a variable the coroutine set lives in the current context, which the
      // step keeps as the task's (see _step). The "never retrieved" report runs its handler there.
      const now = state.context;
      if (this._context instanceof Map && this._loop._currentTask === this && now !== null && !now._scratch) {
        this._context = now;
      }
      this._trackUnretrieved(true);
    }
  }

  private _finishCancelled(msg: unknown): void {
    this._loop._tasks.delete(this);
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._abortSignal(msg);
    this._scheduleCallbacks();
  }

  /** @internal */
  override _reprName(): string {
    return "Task";
  }

  /** @internal */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    if (this._state === PENDING && this._numCancelsRequested > 0) info[0] = "cancelling";
    info.splice(1, 0, `name=${repr(this.getName())}`);
    info.splice(2, 0, `coro=<${this._coroRepr()}>`);
    if (this._futWaiter !== null) info.splice(3, 0, `wait_for=${this._futWaiter}`);
    return info;
  }
}
Object.defineProperty(Task.prototype, TASK_BRAND, { value: true });

/**
 * The task that drives each coroutine object (a coroutine runs in one task only), kept on the
 * coroutine itself: a WeakMap of 100,000 coroutines costs the spawn-heavy workloads 40–80% (its
 * ephemeron table is slow to grow and to collect). A coroutine that cannot take a property (frozen)
 * is not tracked.
 */
const OWNER = Symbol("aio.owner");
const owners = {
  get(coro: object): Task<unknown> | undefined {
    return (coro as { [OWNER]?: Task<unknown> })[OWNER];
  },
  set(coro: object, task: Task<unknown>): void {
    if (Object.isExtensible(coro)) (coro as { [OWNER]?: Task<unknown> })[OWNER] = task;
  },
};

/**
 * Why `coro` cannot run in a new task, or null, with Python's messages (a `RuntimeError` there): it
 * is another task's, or (for `coroutine()` functions, whose objects are tracked) it has already run.
 */
function reuseError(coro: object): Error | null {
  const owner = owners.get(coro);
  if (owner !== undefined && !owner.done()) return new Error("coroutine is being awaited already");
  if (owner !== undefined || hasStarted(coro)) return new Error("cannot reuse already awaited coroutine");
  return null;
}

/**
 * The task running now, or `null` in a plain callback. Python: `asyncio.current_task(loop=None)`.
 * @throws Error `no running event loop` outside a loop.
 */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  const l = checkedLoop(loop);
  return (l._currentTask as Task<unknown> | null) ?? null;
}

/** `loop`, checked, or the running loop. */
function checkedLoop(loop: EventLoop | undefined): EventLoop {
  if (loop === undefined || loop === null) return getRunningLoop();
  if (!isEventLoop(loop)) throw new TypeError(`loop must be an event loop, got ${repr(loop)}`);
  return loop;
}

/** The tasks of the loop that are not done. Python: `asyncio.all_tasks(loop=None)`. */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  const l = checkedLoop(loop);
  const out = new Set<Task<unknown>>();
  for (const t of l._tasks) if (!t.done()) out.add(t as Task<unknown>);
  return out;
}

/**
 * Schedules `coro` as a Task on the running loop; it first runs on a later iteration.
 * Python: `asyncio.create_task(coro, name=None, context=None)` (3.12: a name still consumes a
 * `Task-N` number, as in CPython 3.11–3.12).
 */
export function createTask<T>(
  coro: Coro<T>,
  options?: { name?: string; context?: Context; signal?: AbortSignal },
): Task<T> {
  const loop = getRunningLoop();
  const context = options?.context;
  const signal = options?.signal;
  if (signal !== undefined) checkSignal(signal);
  const task = loop.createTask(coro as CoroutineLike<T>, context ? { context } : NO_OPTIONS) as Task<T>;
  const name = options?.name;
  if (name !== undefined && name !== null) task.setName(name);
  if (signal !== undefined) cancelOnAbort(task, signal);
  return task;
}

/** an AbortSignal, or a TypeError naming what was given instead */
export function checkSignal(signal: unknown): asserts signal is AbortSignal {
  if (
    typeof signal !== "object" ||
    signal === null ||
    typeof (signal as AbortSignal).addEventListener !== "function"
  ) {
    throw new TypeError(`signal must be an AbortSignal, got ${repr(signal)}`);
  }
}

/**
 * Cancels `task` when `signal` aborts (at once if it already has), with the signal's reason as the
 * cancel message; the listener goes when the task is done.
 */
export function cancelOnAbort(task: FutureLike<unknown>, signal: AbortSignal): void {
  checkSignal(signal);
  if (signal.aborted) {
    task.cancel(signal.reason);
    return;
  }
  const onAbort = (): void => {
    task.cancel(signal.reason);
  };
  signal.addEventListener("abort", onAbort, { once: true });
  task.addDoneCallback(() => signal.removeEventListener("abort", onAbort));
}

/**
 * The current task's AbortSignal: aborted when the task is cancelled. Hand it to `fetch`, `fs` or
 * any API that takes one, so that cancelling the task stops the work it started.
 * @throws Error outside a task.
 * @example
 * const res = yield* ensureFuture(fetch(url, { signal: currentSignal() }));
 */
export function currentSignal(): AbortSignal {
  const task = tryGetRunningLoop() === null ? null : currentTask();
  if (task === null) throw new Error("currentSignal() needs a running task: call it inside a coroutine");
  return task.signal;
}

/** Whether `x` is a Task of any installed copy. */
export function isTask(x: unknown): x is Task<unknown> {
  return typeof x === "object" && x !== null && (x as { [TASK_BRAND]?: unknown })[TASK_BRAND] === true;
}

/**
 * A task factory for `loop.setTaskFactory()` whose tasks start eagerly (see `eagerStart`), built on
 * `taskConstructor`. Python 3.12: `asyncio.create_eager_task_factory(custom_task_constructor)`.
 */
export function createEagerTaskFactory(
  taskConstructor: new (
    coro: CoroutineLike,
    options: CreateTaskOptions,
    loop?: EventLoop,
  ) => FutureLike<unknown> = Task,
): TaskFactory {
  if (typeof taskConstructor !== "function") {
    throw new TypeError(`a task constructor was expected, got ${repr(taskConstructor)}`);
  }
  return (loop: EventLoop, coro: CoroutineLike, options: TaskOptions) =>
    new taskConstructor(coro, { ...options, eagerStart: true }, loop);
}

/**
 * Makes every task of the loop start eagerly: `loop.setTaskFactory(eagerTaskFactory)`.
 * Python 3.12: `asyncio.eager_task_factory`.
 * @example getRunningLoop().setTaskFactory(eagerTaskFactory);
 */
export const eagerTaskFactory: TaskFactory = createEagerTaskFactory(Task);

// Loops create tasks through this hook: @aio/loop cannot import @aio/task (see `hooks.ts` there).
runtimeHooks().createTask = (loop: EventLoop, coro: CoroutineLike, options: TaskOptions) =>
  new Task(coro, options, loop);

// "Task was destroyed but it is pending!": Python reports it when a pending task is collected,
// which for a closed loop means at once; our loops keep pending tasks alive, so we report at close.
// As in CPython, the task's coroutine is finalised first (its `finally` blocks run), so its repr
// reads `coro=<name() done, …>`.
function reportPendingAtClose(loop: EventLoop): void {
  for (const t of [...loop._tasks]) {
    const task = t as Task<unknown>;
    if (!task.done() && task._logDestroyPending) {
      try {
        task._coro.return(undefined as never);
      } catch {
        // An error raised while finalising is lost, as in CPython's GC.
      }
      task._coroClosed = true;
      const context: Record<string, unknown> = { message: "Task was destroyed but it is pending!", task };
      if (task._sourceTraceback) context.sourceTraceback = task._sourceTraceback;
      loop.callExceptionHandler(context);
    }
  }
  loop._tasks.clear();
}
// The loop's task registry is shared by every copy of @aio/task, so one listener reports them all.
onLoopClose(reportPendingAtClose, { phase: "finalize", key: "task:pendingTasks" });

export { CancelledError };
