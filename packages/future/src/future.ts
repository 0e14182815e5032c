/**
 * Future: the result of an operation that completes later. Python: `asyncio.Future`.
 *
 * Done-callbacks are always scheduled with the loop's `callSoon`, never run inline. A Future is
 * awaitable both ways: `yield* future` inside a coroutine (asyncio's `__await__`) and `await future`
 * in plain async code (it is `PromiseLike`).
 */
import {
  type Context,
  type CoroutineLike,
  type EventLoop,
  FUTURE_BRAND,
  type FutureLike,
  getEventLoop,
  isCoroutine,
  isEventLoop,
  isFuture as isFutureLike,
  repr,
  reprSymbol,
  runtimeHooks,
  TASK_BRAND,
  tryGetRunningLoop,
} from "@aio/loop";
import {
  type ContextRef,
  captureStack,
  currentVars,
  DESCRIBE_BY_FIRST_ARG,
  formatCallbackSource,
  frameFileLine,
  platform,
  runAsHandle,
  userFrame,
} from "@aio/loop/internal";
import { awaitedHere, thrownHere } from "./await-chain.js";
import { CancelledError, InvalidStateError, isCancelledError } from "./errors.js";
import {
  BLOCKING,
  CANCELLED,
  FINISHED,
  HAS_EXCEPTION,
  PENDING,
  RUN_CALLBACK,
  RUN_MASK,
  STATE_MASK,
  STATE_NAMES,
  type State,
} from "./flags.js";
import { trackUnretrieved, untrack } from "./unretrieved.js";

/** The futures whose repr is being made (Python: `reprlib.recursive_repr`'s running set). */
const inRepr = new Set<object>();

/** Something a Future calls back when done; Tasks register themselves instead of a closure. */
export interface Waker {
  /** @internal wakes up now, from `future` (which is done) */
  _wakeup(future: Future<unknown>): void;
  /**
   * @internal queues the wake-up on the loop, where `callSoon(wakeup, future)` would have: a Task
   * queues itself rather than a Handle. Optional: wakers of older copies lack it.
   */
  _scheduleWakeup?(future: Future<unknown>): void;
}

type CallbackEntry = ((future: Future<never>) => unknown) | Waker;

/** `callSoon(wakeTask, waker, future)` wakes a waker up from a done future (its Handle names the waker). */
export function wakeTask(waker: Waker, future: Future<unknown>): void {
  waker._wakeup(future);
}
(wakeTask as unknown as Record<symbol, boolean>)[DESCRIBE_BY_FIRST_ARG] = true;

function scheduleWakeup(loop: EventLoop, waker: Waker, future: Future<unknown>): void {
  if (waker._scheduleWakeup !== undefined) waker._scheduleWakeup(future);
  else loop._callSoon2(wakeTask, waker, future, null);
}

/** the rarely used state of a future or task */
export interface Rare {
  cancelMessage?: unknown;
  unretrieved?: ReturnType<typeof trackUnretrieved> | null;
  sourceTraceback?: string | null;
  /** Task: the chain of marked coroutines the last step suspended in (debug mode) */
  suspendedChain?: unknown[] | null;
  /** Task: its coroutine was finalised while pending (loop closed) */
  coroClosed?: boolean;
  /** Task: not reported as "destroyed but pending" (Python's `_log_destroy_pending = False`) */
  quietWhenDestroyed?: boolean;
  /** Task: behind `task.signal`, aborted when the task is cancelled (made on first use) */
  abort?: AbortController;
  /** Task, debug mode: where the last CancelledError was thrown into its coroutine */
  cancelDeliveredAt?: string | null;
}

/** Options for `new Future()`. */
export interface FutureOptions {
  /** The loop the future belongs to (default: the running loop, else `getEventLoop()`). */
  loop?: EventLoop | undefined;
}

/**
 * A cancelled future's CancelledError, raised to the caller of `result()` or `exception()`: it gets
 * the caller's chain (Python's traceback shows the line that asked), after the interrupted one.
 */
function raiseCancelled(future: Future<unknown>, above: (...args: never[]) => unknown): CancelledError {
  const err = future._makeCancelledError();
  awaitedHere(err, above);
  return err;
}

/**
 * What `yield* future` does once resumed past its yield (Python: the rest of `Future.__await__`):
 * the result, or the future's error with the chain of the awaiting coroutines (`above`, the
 * awaiter's method, left out). Still pending, it was resumed by something other than the task
 * waiting for it: Python's RuntimeError.
 */
export function resumedAwait<T>(f: Future<T>, above: (...args: never[]) => unknown): T {
  if (f._state === PENDING) throw new Error("await wasn't used with future");
  if (f._state === CANCELLED) throw raiseCancelled(f, above);
  try {
    return f.result();
  } catch (err) {
    // The future failed: the error gets the awaiting coroutines' frames.
    awaitedHere(err, above);
    throw err;
  }
}

/**
 * Iterator behind `yield* future`: yields the future itself while it is pending (the Task then
 * waits for it), and returns its result once resumed. Python: `Future.__await__`.
 */
class FutureAwaiter<T> implements Iterator<Future<T>, T, unknown> {
  private yielded = false;
  constructor(private readonly future: Future<T>) {}

  next(): IteratorResult<Future<T>, T> {
    const f = this.future;
    if (!this.yielded && f._state === PENDING) {
      this.yielded = true;
      f._asyncioFutureBlocking = true;
      if (f._loop.getDebug()) noteAwaitSite(f._loop);
      return { value: f, done: false };
    }
    return { value: resumedAwait(f, FutureAwaiter.prototype.next), done: true };
  }

  throw(err: unknown): IteratorResult<Future<T>, T> {
    thrownHere(this.future._loop, err, FutureAwaiter.prototype.throw);
    throw err;
  }

  return(value?: unknown): IteratorResult<Future<T>, T> {
    return { value: value as T, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * A Future. Python: `asyncio.Future`.
 *
 * Invariant (its small state is bits of `_flags`: see `flags.ts`):
 * - The state goes from PENDING to FINISHED (`setResult`, `setException`) or CANCELLED (`cancel`)
 *   once, and never changes again.
 * - `_result` holds the result (FINISHED), the exception (FINISHED with `HAS_EXCEPTION`), or, for a
 *   Task that ended cancelled, the CancelledError it raised until it is handed out once.
 * - The done-callbacks (`_cb0`/`_ctx0`, then `_callbacks` as entry, context pairs, in registration
 *   order) exist only while PENDING: becoming done hands them all to the loop and clears them.
 *   The exception is a lone function callback outside debug mode: the future itself is queued
 *   (`RUN_CALLBACK`) and keeps it in `_cb0` until `_run`, showing and removing no callbacks.
 * - `_unretrieved` is set exactly while an exception has been neither retrieved (`result()`,
 *   `exception()`) nor silenced; it is reported when the future is collected or its loop closes.
 * - `_rare` stays null until one of the rarely used fields is set.
 * @example
 * const fut = loop.createFuture<number>();
 * loop.callLater(1, () => fut.setResult(42));
 * const value = yield* fut; // 42
 */
export class Future<T = unknown> implements FutureLike<T>, PromiseLike<T> {
  declare readonly [FUTURE_BRAND]: true;

  /** @internal state, exception, blocking and run bits (see `flags.ts`) */
  _flags = 0;
  /** @internal */ _result: T | undefined = undefined;

  /** @internal Python's `_state`, as a number */
  get _state(): State {
    return (this._flags & STATE_MASK) as State;
  }
  /** @internal */
  set _state(value: State) {
    this._flags = (this._flags & ~STATE_MASK) | value;
  }
  /** @internal whether `_result` holds an exception */
  get _hasException(): boolean {
    return (this._flags & HAS_EXCEPTION) !== 0;
  }
  /** @internal */
  set _hasException(value: boolean) {
    this._flags = value ? this._flags | HAS_EXCEPTION : this._flags & ~HAS_EXCEPTION;
  }
  /** @internal set while a coroutine awaits it through `yield*` (Python's flag of the same name) */
  get _asyncioFutureBlocking(): boolean {
    return (this._flags & BLOCKING) !== 0;
  }
  /** @internal */
  set _asyncioFutureBlocking(value: boolean) {
    this._flags = value ? this._flags | BLOCKING : this._flags & ~BLOCKING;
  }
  /** @internal the exception shares the result's slot; `_hasException` says which it holds */
  get _exception(): unknown {
    return this._hasException ? this._result : undefined;
  }
  /** @internal */
  set _exception(value: unknown) {
    this._result = value as T;
  }
  /** @internal */ _loop: EventLoop;
  /** @internal the first done-callback, kept inline (most futures have exactly one) */
  _cb0: CallbackEntry | null = null;
  /** @internal */ _ctx0: ContextRef = null;
  /** @internal the other done-callbacks and their contexts, interleaved */
  _callbacks: (CallbackEntry | ContextRef)[] | null = null;
  /**
   * @internal what few futures need (cancel message, saved CancelledError, unretrieved-exception
   * record, debug traceback, and a Task's rarer state), kept aside so that every pending future
   * stays small: 100,000 pending tasks are a workload we measure.
   */
  _rare: Rare | null = null;

  /** @internal */
  get _cancelMessage(): unknown {
    return this._rare?.cancelMessage;
  }
  /** @internal */
  set _cancelMessage(value: unknown) {
    if (value !== undefined || this._rare !== null) (this._rare ??= {}).cancelMessage = value;
  }
  /**
   * @internal the CancelledError a cancelled Task ended with, handed once to its awaiters. It sits
   * in `_result`, which a cancelled future does not otherwise use (set it once cancelled).
   */
  get _cancelledExc(): CancelledError | null {
    return this._state === CANCELLED ? ((this._result as CancelledError | undefined) ?? null) : null;
  }
  /** @internal */
  set _cancelledExc(value: CancelledError | null) {
    this._result = (value ?? undefined) as T;
  }
  /** @internal */
  get _unretrieved(): ReturnType<typeof trackUnretrieved> | null {
    return this._rare?.unretrieved ?? null;
  }
  /** @internal */
  set _unretrieved(value: ReturnType<typeof trackUnretrieved> | null) {
    if (value !== null || this._rare !== null) (this._rare ??= {}).unretrieved = value;
  }
  /**
   * Whether the exception, not yet retrieved, will be reported ("exception was never retrieved")
   * when the future is dropped. Setting it to `false` silences that report; it can only be set to
   * `false`. Python: `fut._log_traceback`.
   */
  get _logTraceback(): boolean {
    return this._unretrieved !== null;
  }
  set _logTraceback(value: boolean) {
    if (value) throw new RangeError("_log_traceback can only be set to False");
    this._clearUnretrieved();
  }
  /** @internal debug mode: where the future was created */
  get _sourceTraceback(): string | null {
    return this._rare?.sourceTraceback ?? null;
  }
  /** @internal */
  set _sourceTraceback(value: string | null) {
    if (value !== null || this._rare !== null) (this._rare ??= {}).sourceTraceback = value;
  }

  /**
   * @param options `loop`: the loop the future belongs to.
   * @param loop the loop, for subclasses and factories (no options object per future; not part of the API)
   */
  constructor(options?: FutureOptions, loop?: EventLoop) {
    if (loop === undefined && options !== undefined) checkFutureOptions(options);
    if (loop === undefined && options?.loop !== undefined && !isEventLoop(options.loop)) {
      throw new TypeError(`loop must be an event loop, got ${repr(options.loop)}`);
    }
    this._loop = loop ?? options?.loop ?? tryGetRunningLoop() ?? getEventLoop();
    if (this._loop.getDebug()) this._sourceTraceback = captureStack(2);
  }

  /**
   * `"PENDING"`, `"CANCELLED"` or `"FINISHED"`: the state asyncio keeps in `fut._state`, for
   * introspection and teaching; code should use `done()` and `cancelled()`.
   */
  get state(): "PENDING" | "CANCELLED" | "FINISHED" {
    return STATE_NAMES[this._state];
  }

  /** The loop this future is bound to. Python: `fut.get_loop()`. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** Whether the future is finished or cancelled. Python: `fut.done()`. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** Whether the future was cancelled. Python: `fut.cancelled()`. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result. Throws the future's exception if it has one, `CancelledError` if it was cancelled,
   * `InvalidStateError: Result is not set.` while pending. Python: `fut.result()`.
   */
  result(): T {
    if (this._state === CANCELLED) throw raiseCancelled(this, Future.prototype.result);
    if (this._state !== FINISHED) throw new InvalidStateError("Result is not set.");
    if (this._hasException) {
      this._clearUnretrieved();
      throw this._exception;
    }
    return this._result as T;
  }

  /**
   * The exception the future finished with, or `null` if it finished with a result. (A future that
   * failed with a thrown `null` returns `null` too: `result()` throws it, which tells them apart.)
   * Python: `fut.exception()`.
   */
  exception(): unknown {
    if (this._state === CANCELLED) throw raiseCancelled(this, Future.prototype.exception);
    if (this._state !== FINISHED) throw new InvalidStateError("Exception is not set.");
    this._clearUnretrieved();
    return this._hasException ? this._exception : null;
  }

  /** Marks the future done with `result`. Python: `fut.set_result(result)`. */
  setResult(result: T): void {
    if (this._state !== PENDING) throw new InvalidStateError("invalid state");
    this._result = result;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Marks the future done with `exception`; an error class is instantiated first.
   * Python: `fut.set_exception(exception)`.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError("invalid state");
    let exc = exception;
    if (
      exc === Error ||
      (typeof exc === "function" && (exc as { prototype?: unknown }).prototype instanceof Error)
    ) {
      exc = new (exc as new () => Error)();
    }
    if (this._loop.getDebug()) noteAwaiters(this, exc);
    this._exception = exc;
    this._hasException = true;
    this._state = FINISHED;
    this._scheduleCallbacks();
    this._trackUnretrieved(false);
  }

  /**
   * Cancels the future and schedules its callbacks; returns false if it is already done.
   * Python: `fut.cancel(msg=None)`.
   */
  cancel(msg?: unknown): boolean {
    this._clearUnretrieved();
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Calls `fn(future)` on the loop once the future is done (at once, through `callSoon`, if it
   * already is). Python: `fut.add_done_callback(fn, context=None)`.
   */
  addDoneCallback(fn: (future: this) => unknown, options?: { context?: Context }): void {
    if (typeof fn !== "function") {
      throw new TypeError(`a callable object was expected by addDoneCallback(), got ${repr(fn)}`);
    }
    const given = options?.context;
    if (given !== undefined && typeof (given as Partial<Context>)?.run !== "function") {
      throw new TypeError(`context must be a Context, got ${repr(given)}`);
    }
    const ctx: ContextRef = given ?? currentVars();
    if (this._state !== PENDING) {
      this._loop._callSoon1(fn as (f: unknown) => unknown, this, ctx);
      return;
    }
    this._pushCallback(fn as unknown as CallbackEntry, ctx);
  }

  /** @internal a Task waits on this future: `waker._wakeup(this)` runs (in the task's context) when done */
  _addWaker(waker: Waker): void {
    if (this._state !== PENDING) {
      scheduleWakeup(this._loop, waker, this);
      return;
    }
    this._pushCallback(waker, null);
  }

  /** @internal */
  _removeWaker(waker: Waker): void {
    this.removeDoneCallback(waker as never);
  }

  private _pushCallback(entry: CallbackEntry, ctx: ContextRef): void {
    if (this._cb0 === null) {
      this._cb0 = entry;
      this._ctx0 = ctx;
    } else if (this._callbacks === null) {
      this._callbacks = [entry, ctx];
    } else {
      this._callbacks.push(entry, ctx);
    }
  }

  /** @internal whether `fn` is the done-callback registered last (gather tells repeats apart with it) */
  _lastCallbackIs(fn: unknown): boolean {
    const rest = this._callbacks;
    return rest === null ? this._cb0 === fn : rest[rest.length - 2] === fn;
  }

  /** @internal every registered callback, in order */
  _callbackList(): CallbackEntry[] {
    const out: CallbackEntry[] = [];
    if ((this._flags & RUN_MASK) === RUN_CALLBACK) return out;
    if (this._cb0 !== null) out.push(this._cb0);
    const rest = this._callbacks;
    if (rest !== null) for (let i = 0; i < rest.length; i += 2) out.push(rest[i] as CallbackEntry);
    return out;
  }

  /**
   * Removes every registration of `fn`; returns how many were removed (0 once the future is done).
   * Python: `fut.remove_done_callback(fn)`.
   */
  removeDoneCallback(fn: (future: this) => unknown): number {
    // Once done, the callbacks are scheduled (or queued with the future): nothing to remove.
    if (this._state !== PENDING) return 0;
    const target = fn as unknown;
    const entries: [CallbackEntry, ContextRef][] = [];
    if (this._cb0 !== null) entries.push([this._cb0, this._ctx0]);
    const rest = this._callbacks;
    if (rest !== null)
      for (let i = 0; i < rest.length; i += 2)
        entries.push([rest[i] as CallbackEntry, rest[i + 1] as ContextRef]);
    const kept = entries.filter(([cb]) => cb !== target);
    const removed = entries.length - kept.length;
    if (removed === 0) return 0;
    this._cb0 = null;
    this._ctx0 = null;
    this._callbacks = null;
    for (const [cb, ctx] of kept) this._pushCallback(cb, ctx);
    return removed;
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const first = this._cb0;
    if (first === null) return;
    const loop = this._loop;
    const rest = this._callbacks;
    if (rest === null && typeof first === "function" && (this._flags & RUN_MASK) === 0 && !loop.getDebug()) {
      // One done-callback (gather's, run()'s…): the future stands in the ready queue for the Handle
      // that `callSoon(callback, future)` would allocate, at the same place. It keeps the callback
      // in `_cb0` until then; a done future shows and removes no callbacks.
      this._flags |= RUN_CALLBACK;
      loop._enqueue(this);
      return;
    }
    const ctx0 = this._ctx0;
    this._cb0 = null;
    this._ctx0 = null;
    this._callbacks = null;
    if (typeof first === "function") loop._callSoon1(first as (f: unknown) => unknown, this, ctx0);
    else scheduleWakeup(loop, first, this);
    if (rest === null) return;
    for (let i = 0; i < rest.length; i += 2) {
      const cb = rest[i] as CallbackEntry;
      if (typeof cb === "function")
        loop._callSoon1(cb as (f: unknown) => unknown, this, rest[i + 1] as ContextRef);
      else scheduleWakeup(loop, cb, this);
    }
  }

  /** @internal a queued future is never a cancelled handle (see `Runnable`) */
  declare readonly _cancelled: false;

  /** @internal runs the done-callback the future was queued for, as its Handle would have. */
  _run(loop: EventLoop): void {
    this._flags &= ~RUN_MASK;
    const fn = this._cb0 as (future: unknown) => unknown;
    const ctx = this._ctx0;
    this._cb0 = null;
    this._ctx0 = null;
    runAsHandle(loop, fn, this, ctx);
  }

  /** @internal what debug mode's slow-callback warning names (debug mode queues Handles instead) */
  _describeForLog(): string {
    return String(this);
  }

  /** @internal the CancelledError to throw to awaiters (the same instance the task raised, once) */
  _makeCancelledError(): CancelledError {
    const exc = this._cancelledExc;
    if (exc !== null) {
      this._cancelledExc = null;
      return exc;
    }
    return this._cancelMessage === undefined ? new CancelledError() : new CancelledError(this._cancelMessage);
  }

  /** @internal */
  _trackUnretrieved(isTask: boolean): void {
    this._unretrieved = trackUnretrieved(
      this,
      this._loop,
      this._exception,
      isTask,
      String(this),
      this._sourceTraceback,
      isTask ? (this as unknown as { getContext(): Context }).getContext() : null,
    );
  }

  /** @internal */
  _clearUnretrieved(): void {
    if (this._unretrieved !== null) {
      untrack(this._unretrieved);
      this._unretrieved = null;
    }
  }

  /** `yield* future`: wait for the future inside a coroutine. Python: `await future`. */
  [Symbol.iterator](): Iterator<Future<T>, T, unknown> {
    return new FutureAwaiter(this);
  }

  /**
   * `await future` in plain async code. Settles once the loop has run the future's callbacks.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const promise = new Promise<T>((resolve, reject) => {
      const settle = () => {
        try {
          resolve(this.result());
        } catch (err) {
          reject(err);
        }
      };
      if (this._state !== PENDING) settle();
      else {
        this._pushCallback(settle as CallbackEntry, null);
        // Nothing completes a future whose loop does not run: say so rather than wait forever.
        if (!this._loop.isRunning()) platform.setImmediate(() => this._rejectIfStranded(reject));
      }
    });
    return promise.then(onFulfilled, onRejected);
  }

  /** @internal `await future` of a loop that still does not run: a clear error, not a hang */
  private _rejectIfStranded(reject: (err: unknown) => void): void {
    if (this._state !== PENDING || this._loop.isRunning()) return;
    reject(
      new Error(
        `cannot await ${this}: its loop ${this._loop.isClosed() ? "is closed" : "is not running"}, so nothing ` +
          "will complete it. Await it inside a coroutine (yield*) of a running loop, run its loop " +
          "(loop.runUntilComplete), or call coroutines from Promise code with toPromise(coro)",
      ),
    );
  }

  /** Python's repr: `<Future pending cb=[…]>`, `<Future finished result=42>`, `<Future cancelled>`. */
  toString(): string {
    // A future met again inside its own repr (its result holds it) prints as `...`, as Python's
    // `@reprlib.recursive_repr()` on `_future_repr` does, instead of recursing until the stack ends.
    if (inRepr.has(this)) return "...";
    inRepr.add(this);
    try {
      return `<${this._reprName()} ${this._reprInfo().join(" ")}>`;
    } finally {
      inRepr.delete(this);
    }
  }

  /** @internal */
  _reprName(): string {
    return "Future";
  }

  /** @internal */
  _reprInfo(): string[] {
    const info = [STATE_NAMES[this._state].toLowerCase()];
    if (this._state === FINISHED) {
      if (this._hasException) info.push(`exception=${repr(this._exception)}`);
      else info.push(`result=${limitedRepr(this._result)}`);
    }
    const callbacks = this._callbackList();
    if (callbacks.length > 0) info.push(formatCallbacks(callbacks));
    // Debug mode: where the future was made (Python: `created at file:line`). Python names the
    // innermost frame, often its own asyncio code; this names the program's line that made it.
    const tb = this._sourceTraceback;
    if (tb) {
      const frame = userFrame(tb);
      const at = frame === null ? null : frameFileLine(frame);
      if (at !== null) info.push(`created at ${at}`);
    }
    return info;
  }

  [reprSymbol](): string {
    return this.toString();
  }
}
Object.defineProperty(Future.prototype, FUTURE_BRAND, { value: true });
Object.defineProperty(Future.prototype, "_cancelled", { value: false });

/** `new Future(42)` or `new Future({ lop })`: refused, as Python's `Future(42)` is, naming the value. */
function checkFutureOptions(options: unknown): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Future() takes no positional arguments but an options object ({ loop }), got ${repr(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (key !== "loop") throw new TypeError(`Future() got an unexpected keyword argument ${repr(key)}`);
  }
}

function limitedRepr(value: unknown): string {
  const text = repr(value);
  return text.length > 60 ? `${text.slice(0, 26)}...${text.slice(-27)}` : text;
}

/**
 * Python's `_format_callback_source(cb, ())`: a function by its name and where it is defined
 * (`cb() at file:line`), a callable with its own repr by that.
 */
function callbackName(cb: CallbackEntry): string {
  if (typeof cb !== "function") return "Task.task_wakeup()";
  const own = (cb as { [reprSymbol]?: unknown })[reprSymbol];
  if (typeof own === "function") {
    try {
      return `${String(own.call(cb))}()`;
    } catch {
      // a repr that throws: the name, as for any function
    }
  }
  return formatCallbackSource(cb, []);
}

function formatCallbacks(cbs: CallbackEntry[]): string {
  let text: string;
  if (cbs.length === 1) text = callbackName(cbs[0] as CallbackEntry);
  else if (cbs.length === 2)
    text = `${callbackName(cbs[0] as CallbackEntry)}, ${callbackName(cbs[1] as CallbackEntry)}`;
  else {
    text = `${callbackName(cbs[0] as CallbackEntry)}, <${cbs.length - 2} more>, ${callbackName(cbs[cbs.length - 1] as CallbackEntry)}`;
  }
  return `cb=[${text}]`;
}

/**
 * Whether `x` is a Future (or Task) of any installed copy, or an object duck-typed as one (it has
 * `_asyncioFutureBlocking`, not null). Python: `asyncio.isfuture(x)`.
 */
export function isFuture(x: unknown): x is Future<unknown> {
  return isFutureLike(x);
}

/** Debug mode: where each task last awaited a future (the first frame of the program's code). */
const awaitSites = new WeakMap<object, string>();

/** debug mode: the running task suspends here, on a future (see `noteAwaiters`) */
export function noteAwaitSite(loop: EventLoop): void {
  const task = loop._currentTask;
  if (task === null || typeof task !== "object") return;
  const at = userFrame(captureStack(1));
  if (at !== null) awaitSites.set(task, at);
}

/**
 * debug mode: `future` fails with `err`: its stack gains a line for every task awaiting
 * the future ("awaited by Task 'main' at file:line"), so that a trace does not stop at the task
 * boundary. As the error travels up, each level adds its awaiter. Python 3.14: the call graph.
 */
export function noteAwaiters(future: Future<unknown>, err: unknown): void {
  if (!(err instanceof Error)) return;
  let stack: string | undefined;
  try {
    stack = err.stack;
  } catch {
    return;
  }
  if (typeof stack !== "string") return;
  const lines: string[] = [];
  for (const cb of future._callbackList()) {
    if (typeof cb === "function" || (cb as { [TASK_BRAND]?: unknown })[TASK_BRAND] !== true) continue;
    const name = (cb as unknown as { getName(): string }).getName();
    const at = awaitSites.get(cb);
    lines.push(`    awaited by Task '${name}'${at ? ` at ${at}` : ""}`);
  }
  if (lines.length === 0) return;
  try {
    err.stack = `${stack}\n${lines.join("\n")}`;
  } catch {
    // a frozen error keeps its stack
  }
}

/**
 * whether `future`, done and not cancelled, failed. JavaScript can throw anything, `null`
 * and `undefined` too, so `exception() !== null` cannot tell; combinators ask this instead. Works for
 * futures of any copy (through their flag) and any FutureLike (through `result()`).
 */
export function failed(future: FutureLike): boolean {
  const flag = (future as { _hasException?: unknown })._hasException;
  if (typeof flag === "boolean") return flag;
  try {
    future.result();
    return false;
  } catch {
    return true;
  }
}

/** Sets `result` unless the future is already done (cancelled). Python: `futures._set_result_unless_cancelled`. */
export function setResultUnlessCancelled<T>(future: Future<T>, result: T): void {
  if (!future.done()) future.setResult(result);
}

export type { CoroutineLike };
export { isCancelledError, isCoroutine };

// Loops create futures through this hook: @aio/loop cannot import @aio/future (see `hooks.ts` there).
runtimeHooks().createFuture = (loop: EventLoop) => new Future(undefined, loop);
