/**
 * The event loop. Python: `asyncio.BaseEventLoop` (`base_events.py`).
 *
 * One iteration is Python's `_run_once`: move due timers behind the ready callbacks, then run
 * exactly the callbacks that were ready when the iteration began. Node owns the thread, so the loop
 * runs iterations back to back while work is ready and hands the thread back to Node (a macrotask)
 * when idle and regularly while busy, so that I/O completions and Promise continuations arrive.
 */
import { bindAsyncContext, env, offProcess, onProcess, setImmediate } from "#platform";
import type { Clock } from "./clock.js";
import { MAX_WAIT_SECONDS, RealClock, sleepTimeOf, VirtualClock } from "./clock.js";
import { type Context, currentVars } from "./context.js";
import { DefaultExecutor } from "./default-executor.js";
import { DeadlockError } from "./errors.js";
import { type Callback, type ContextRef, Handle, type Runnable, TimerHandle } from "./handle.js";
import { runLoopCloseListeners, runtimeHooks } from "./hooks.js";
import { Ring } from "./internal/ring.js";
import { state } from "./internal/state.js";
import { TaskRegistry } from "./internal/task-registry.js";
import { TimerHeap } from "./internal/timer-heap.js";
import type { Tracer } from "./internal/trace.js";
import { defineIoMethods } from "./io-methods.js";
import { logAsyncio } from "./log.js";
import {
  type CoroutineLike,
  type ExecutorLike,
  type FutureLike,
  isBaseException,
  isCoroutine,
  isCoroutineFunction,
  isFuture,
  LOOP_BRAND,
  TASK_BRAND,
  type TaskFactory,
  type TaskOptions,
} from "./protocols.js";
import { repr } from "./repr.js";
import { SignalHandlers } from "./signals.js";

/** What `wake()` chains its microtask on. */
const RESOLVED = Promise.resolve();

/** The context passed to exception handlers. Python: the `context` dict. */
export interface ExceptionContext {
  message?: string;
  exception?: unknown;
  [key: string]: unknown;
}

/** Python: `loop.set_exception_handler(handler)`; `handler(loop, context)`. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** Options for a new loop. */
export interface EventLoopOptions {
  /** `"real"` (default), `"virtual"`, or a clock object. */
  clock?: "real" | "virtual" | Clock | undefined;
  /** Debug mode (default: the `AIO_DEBUG` environment variable). */
  debug?: boolean | undefined;
  /**
   * Testing: shuffle the callbacks of each iteration with this seed, reproducibly, to explore
   * interleavings. Each iteration still runs exactly the callbacks that were ready at its start.
   */
  shuffleSeed?: number | undefined;
}

/** Milliseconds of back-to-back iterations before the loop lets Node poll for I/O. */
const SLICE_MS = 8;
const MIN_CANCELLED_TIMER_HANDLES_FOR_CLEANUP = 100;

enum Wait {
  None = 0,
  Immediate = 1,
  Timer = 2,
  Idle = 3,
}

/** Whether the `AIO_DEBUG` environment variable asks for debug mode (set, not empty, not `0`). */
export function envDebug(): boolean {
  const v = env("AIO_DEBUG");
  return v !== undefined && v !== "" && v !== "0";
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runUntilCompleteCallback(fut: FutureLike): void {
  // A KeyboardInterrupt or SystemExit has already stopped the loop on its way out.
  if (!fut.cancelled() && failed(fut) && isBaseException(fut.exception())) return;
  fut.getLoop().stop();
}

function failed(fut: FutureLike): boolean {
  try {
    fut.result();
    return false;
  } catch {
    return true;
  }
}

const NO_TASK_OPTIONS: Readonly<TaskOptions> = Object.freeze({});

/**
 * An asyncio event loop on Node.
 * @example
 * const loop = newEventLoop();
 * loop.callSoon(() => console.log("hello"));
 * loop.callLater(0.1, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 */
export class EventLoop {
  readonly [LOOP_BRAND] = true as const;

  /** Debug mode: a callback that takes at least this many seconds is logged. */
  slowCallbackDuration = 0.1;

  /** @internal */ _ready = new Ring<Runnable>();
  /** @internal */ _scheduled = new TimerHeap<TimerHandle>();
  /** @internal */ _timerCancelledCount = 0;
  /** @internal */ _clock: Clock;
  /** @internal the task currently stepping on this loop (set by @aio/task) */
  _currentTask: unknown = null;
  /** @internal tasks not yet done, in creation order (kept alive, unlike Python's weak set) */
  _tasks = new TaskRegistry();

  private stopping = false;
  private closed = false;
  private running = false;
  private debug: boolean;
  private timerSeq = 0;
  private exceptionHandler: ExceptionHandler | null = null;
  private taskFactory: TaskFactory | null = null;
  private outsideOperations = 0;
  private wait: Wait = Wait.None;
  /**
   * The Node timer that wakes a loop waiting for its next timer, and the clock time it fires at. It
   * stays armed across wake-ups (a loop woken by I/O many times a second would otherwise clear
   * and set a Node timer each time): waiting again, the loop keeps it when it fires no later than
   * the next timer is due, and re-arms it only for an earlier one.
   */
  private nodeTimer: ReturnType<typeof setTimeout> | null = null;
  private nodeTimerAt = Number.POSITIVE_INFINITY;
  private readonly nodeTimerFired = (): void => {
    this.nodeTimer = null;
    this.nodeTimerAt = Number.POSITIVE_INFINITY;
    // Only a loop that is waiting runs now; a running or already scheduled one re-arms as needed.
    if (this.running && (this.wait === Wait.Timer || this.wait === Wait.Idle)) {
      this.wait = Wait.Immediate;
      this.driveBound();
    }
  };
  private runSettle: {
    resolve: () => void;
    reject: (e: unknown) => void;
    main: FutureLike | null;
    /** runUntilIdle(): stop when nothing is left to do */
    untilIdle?: boolean;
  } | null = null;
  private beforeExitListener: (() => void) | null = null;
  private readonly executors = new DefaultExecutor(this);
  private readonly signals = new SignalHandlers(this);
  private idleWaiters: FutureLike<void>[] = [];
  private shuffle: (() => number) | null;
  /**
   * `drive`, bound to the async context `runForever()` was called in: the loop's iterations run
   * there, not in the context of whatever woke the loop (a Promise settling inside some
   * AsyncLocalStorage scope), so that such contexts do not leak into every task.
   */
  private driveBound: () => void = () => this.drive();

  constructor(options: EventLoopOptions = {}) {
    const clock = options.clock ?? "real";
    if (clock === "real") this._clock = new RealClock();
    else if (clock === "virtual") this._clock = new VirtualClock();
    else if (typeof clock === "object" && clock !== null && typeof clock.now === "function")
      this._clock = clock;
    else throw new TypeError(`clock must be "real", "virtual" or a Clock object, got ${repr(clock)}`);
    if (this._clock instanceof VirtualClock) this._clock._onAdvance = () => this.wake();
    this.debug = options.debug ?? envDebug();
    const seed = options.shuffleSeed;
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new TypeError(`shuffleSeed must be an integer, got ${repr(seed)}`);
    }
    this.shuffle = seed === undefined ? null : mulberry32(seed);
    // Python's selector loop says which selector it uses (seen with logging at DEBUG); ours is
    // Node's libuv.
    logAsyncio("DEBUG", "Using selector: libuv");
  }

  // ---------------------------------------------------------------- time

  /** The loop's monotonic time in seconds. Python: `loop.time()`. */
  time(): number {
    return this._clock.now();
  }

  /** The loop's clock (real or virtual). */
  get clock(): Clock {
    return this._clock;
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * Schedules `callback(...args)` for the next iteration. Python: `loop.call_soon(callback, *args)`.
   * Callbacks run in the order they were scheduled, each in a copy of the context current now.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.checkClosed();
    this.checkCallback(callback, "callSoon");
    return this._scheduleArgs(callback as Callback, args, currentVars());
  }

  /** `callSoon` with an explicit context. Python: `loop.call_soon(cb, *args, context=ctx)`. */
  callSoonWithContext<A extends unknown[]>(
    context: Context,
    callback: (...args: A) => unknown,
    ...args: A
  ): Handle {
    this.checkClosed();
    this.checkCallback(callback, "callSoon");
    return this._scheduleArgs(callback as Callback, args, context);
  }

  private _scheduleArgs(callback: Callback, args: unknown[], context: ContextRef): Handle {
    const n = args.length;
    return n > 2
      ? this._schedule(callback, n, args, undefined, context)
      : this._schedule(callback, n, args[0], args[1], context);
  }

  /** @internal the fast path of futures and tasks: one argument, no checks */
  _callSoon1(callback: Callback, arg0: unknown, context: ContextRef): Handle {
    return this._schedule(callback, 1, arg0, undefined, context);
  }

  /** @internal two arguments, no checks */
  _callSoon2(callback: Callback, arg0: unknown, arg1: unknown, context: ContextRef): Handle {
    return this._schedule(callback, 2, arg0, arg1, context);
  }

  private _schedule(
    callback: Callback,
    nargs: number,
    arg0: unknown,
    arg1: unknown,
    context: ContextRef,
  ): Handle {
    const handle = new Handle(callback, nargs, arg0, arg1, context);
    if (this.debug) handle._sourceTraceback = schedulingStack();
    this._ready.push(handle);
    if (this.wait !== Wait.None && this.wait !== Wait.Immediate) this.wake();
    return handle;
  }

  /**
   * @internal queues an object that runs itself, as `callSoon` queues a Handle (same order, same
   * wake-up). A Task has at most one step pending, so it stands in the ready queue for its step or
   * wake-up; a finished future with a single done-callback stands in for that callback's Handle.
   * Neither allocates a Handle.
   */
  _enqueue(item: Runnable): void {
    this._ready.push(item);
    if (this.wait !== Wait.None && this.wait !== Wait.Immediate) this.wake();
  }

  /**
   * The entry for work arriving from outside the loop (a resolved Promise, an fs or HTTP completion,
   * a worker message): schedules the callback and wakes an idle loop.
   * Python: `loop.call_soon_threadsafe(callback, *args)`.
   */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.checkClosed();
    this.checkCallback(callback, "callSoonThreadsafe");
    const handle = this._scheduleArgs(callback as Callback, args, currentVars());
    this.wake();
    return handle;
  }

  /**
   * Schedules `callback(...args)` after `delay` seconds. Python: `loop.call_later(delay, cb, *args)`.
   * A negative delay means "due now".
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    if (delay === null || delay === undefined) throw new TypeError("delay must not be None");
    if (typeof delay !== "number" || Number.isNaN(delay)) {
      throw new TypeError(`delay must be a number of seconds, got ${repr(delay)}`);
    }
    this.checkCallback(callback, "callLater");
    return this.callAt(this.time() + delay, callback, ...args);
  }

  /** Schedules `callback(...args)` at loop time `when`. Python: `loop.call_at(when, cb, *args)`. */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    if (when === null || when === undefined) throw new TypeError("when cannot be None");
    if (typeof when !== "number" || Number.isNaN(when)) {
      throw new TypeError(`when must be a number of loop seconds, got ${repr(when)}`);
    }
    this.checkClosed();
    this.checkCallback(callback, "callAt");
    const n = args.length;
    return n > 2
      ? this._callAt(when, callback as Callback, n, args, undefined, currentVars())
      : this._callAt(when, callback as Callback, n, args[0], args[1], currentVars());
  }

  /** @internal */
  _callAt(
    when: number,
    callback: Callback,
    nargs: number,
    arg0: unknown,
    arg1: unknown,
    context: ContextRef,
  ): TimerHandle {
    const timer = new TimerHandle(when, this.timerSeq++, callback, nargs, arg0, arg1, this, context);
    if (this.debug) timer._sourceTraceback = schedulingStack();
    this._scheduled.push(timer);
    const tracer = state.tracer;
    if (tracer !== null) tracer.timer(this, timer);
    if (this.wait === Wait.Timer || this.wait === Wait.Idle) this.wake();
    return timer;
  }

  /** @internal called by TimerHandle.cancel() */
  _timerHandleCancelled(timer: TimerHandle): void {
    if (timer._inHeap) this._timerCancelledCount++;
  }

  // ---------------------------------------------------------------- futures and tasks

  /** A new Future bound to this loop. Python: `loop.create_future()`. Needs `@aio/future`. */
  createFuture<T = unknown>(): FutureLike<T> {
    const make = runtimeHooks().createFuture;
    if (!make) throw new Error("createFuture() needs @aio/future: import it (or @aio/task) first");
    return make(this) as FutureLike<T>;
  }

  /**
   * Wraps a coroutine in a Task scheduled on this loop. Python: `loop.create_task(coro, name=...)`.
   * Needs `@aio/task` (or a task factory).
   */
  createTask<T>(coro: CoroutineLike<T>, options: TaskOptions = NO_TASK_OPTIONS): FutureLike<T> {
    this.checkClosed();
    const factory = this.taskFactory ?? runtimeHooks().createTask;
    if (!factory) throw new Error("createTask() needs @aio/task: import it first");
    return factory(this, coro, options) as FutureLike<T>;
  }

  /** Python: `loop.set_task_factory(factory)`; `null` restores the default. */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") {
      throw new TypeError(`task factory must be a callable or None, got ${repr(factory)}`);
    }
    this.taskFactory = factory;
  }

  /** Python: `loop.get_task_factory()`. */
  getTaskFactory(): TaskFactory | null {
    return this.taskFactory;
  }

  // ---------------------------------------------------------------- running

  /** Whether `runForever()` is in progress. Python: `loop.is_running()`. */
  isRunning(): boolean {
    return this.running;
  }

  /** Whether `close()` was called. Python: `loop.is_closed()`. */
  isClosed(): boolean {
    return this.closed;
  }

  /**
   * Runs iterations until `stop()` is called. Python: `loop.run_forever()`. Node owns the thread, so
   * this returns a Promise that settles when the loop stops.
   */
  runForever(): Promise<void> {
    return this.startRun(null);
  }

  /**
   * Runs until there is nothing left to do: no pending task, no callback ready, no timer that will
   * fire, no outside operation in flight. Then it stops by itself, so it never keeps the process
   * alive for nothing; a run whose tasks can never finish rejects with a `DeadlockError`. What
   * `toPromise()` runs coroutines on when no loop is running.
   * @example
   * loop.createTask(main());
   * await loop.runUntilIdle(); // main and everything it started are done
   */
  runUntilIdle(): Promise<void> {
    return this.startRun(null, true);
  }

  /**
   * Runs until `future` is done and returns its result (or throws its exception); a coroutine is
   * wrapped in a Task first. Python: `loop.run_until_complete(future)`.
   */
  async runUntilComplete<T>(future: FutureLike<T> | CoroutineLike<T>): Promise<T> {
    this.checkClosed();
    this.checkRunning();
    let fut: FutureLike<T>;
    let newTask = false;
    if (isFuture(future)) {
      if (future.getLoop() !== this) {
        throw new RangeError(
          "The future belongs to a different loop than the one specified as the loop argument",
        );
      }
      fut = future as FutureLike<T>;
    } else if (isCoroutine(future)) {
      fut = this.createTask(future as CoroutineLike<T>);
      newTask = true;
      (fut as { _logDestroyPending?: boolean })._logDestroyPending = false;
    } else {
      throw new TypeError("An asyncio.Future, a coroutine or an awaitable is required");
    }
    fut.addDoneCallback(runUntilCompleteCallback);
    try {
      await this.startRun(fut);
    } catch (err) {
      if (newTask && fut.done() && !fut.cancelled()) fut.exception();
      throw err;
    } finally {
      fut.removeDoneCallback(runUntilCompleteCallback);
    }
    if (!fut.done()) throw new Error("Event loop stopped before Future completed.");
    return fut.result();
  }

  /**
   * Stops the loop after the current iteration. Python: `loop.stop()`. Called before `runForever()`,
   * exactly one iteration runs.
   */
  stop(): void {
    this.stopping = true;
    if (this.running && this.wait !== Wait.None && this.wait !== Wait.Immediate) this.wake();
  }

  /**
   * Closes the loop: drops pending callbacks and shuts the default executor down without waiting.
   * Python: `loop.close()`.
   */
  close(): void {
    if (this.running) throw new Error("Cannot close a running event loop");
    if (this.closed) return;
    if (this.debug) logAsyncio("DEBUG", `Close ${this}`);
    this.closed = true;
    this._ready.clear();
    this._scheduled.clear();
    this._timerCancelledCount = 0;
    this.executors.dropOnClose();
    this.signals.clear();
    runLoopCloseListeners(this);
  }

  private checkClosed(): void {
    if (this.closed) throw new Error("Event loop is closed");
  }

  private checkRunning(): void {
    if (this.running) throw new Error("This event loop is already running");
    if (state.runningLoop !== null && state.runningLoop !== this) {
      throw new Error("Cannot run the event loop while another loop is running");
    }
  }

  /**
   * A callback must be callable, always (a bad one found only when it runs would be reported far
   * from its cause); debug mode also refuses coroutines, as Python's does.
   */
  private checkCallback(callback: unknown, method: string): void {
    if (typeof callback === "function" && !this.debug) return;
    if (this.debug && (isCoroutine(callback) || isCoroutineFunction(callback))) {
      throw new TypeError(`coroutines cannot be used with ${method}()`);
    }
    if (typeof callback !== "function") {
      throw new TypeError(`a callable object was expected by ${method}(), got ${repr(callback)}`);
    }
  }

  private startRun(main: FutureLike | null, untilIdle = false): Promise<void> {
    try {
      this.checkClosed();
      this.checkRunning();
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<void>((resolve, reject) => {
      this.running = true;
      state.runningLoop = this;
      this.runSettle = { resolve, reject, main, untilIdle };
      this.driveBound = bindAsyncContext(() => this.drive());
      this.beforeExitListener = () => this.onBeforeExit();
      onProcess("beforeExit", this.beforeExitListener);
      this.drive();
    });
  }

  private finishRun(error?: unknown): void {
    const settle = this.runSettle;
    this.stopping = false;
    this.running = false;
    this.wait = Wait.None;
    this.clearNodeTimer();
    if (state.runningLoop === this) state.runningLoop = null;
    if (this.beforeExitListener) offProcess("beforeExit", this.beforeExitListener);
    this.beforeExitListener = null;
    this.runSettle = null;
    if (settle) {
      if (error === undefined) settle.resolve();
      else settle.reject(error);
    }
  }

  /**
   * Runs iterations back to back until the loop must sleep, stop, or yield the thread to Node (every
   * `SLICE_MS`, so that Promise continuations, I/O and other loops get their turn).
   */
  private drive(): void {
    this.wait = Wait.None;
    const sliceEnd = performance.now() + SLICE_MS;
    let iterations = 0;
    try {
      for (;;) {
        this.runOnce();
        if (this.stopping) {
          this.finishRun();
          return;
        }
        if (this.idleWaiters.length > 0 && this._ready.length === 0) this.releaseIdleWaiters();
        if (this._ready.length === 0) {
          const seconds = this.idleSleepTime();
          if (seconds === null) return; // the run is over
          if (seconds > 0) {
            this.sleep(seconds);
            return;
          }
          // 0: timers are due (the virtual clock may have jumped to them)
        }
        if ((++iterations & 31) === 0 && performance.now() >= sliceEnd) {
          this.wait = Wait.Immediate;
          setImmediate(this.driveBound);
          return;
        }
      }
    } catch (err) {
      this.finishRun(err);
    }
  }

  /**
   * Nothing is ready: ends a `runUntilIdle()` that has nothing left, else asks the clock how long
   * to sleep until the next timer (see `Clock.sleepTime`). Returns null when the run is over,
   * finished or deadlocked.
   */
  private idleSleepTime(): number | null {
    const clock = this._clock;
    this.dropCancelledTimerHeads();
    // A timer at +Infinity (an infinite delay) never fires: it is no reason to wait or to jump.
    const deadline = this._scheduled.peek()?._when ?? Number.POSITIVE_INFINITY;
    const tracer = state.tracer;
    if (tracer !== null) {
      tracer.idle(this, deadline === Number.POSITIVE_INFINITY ? null : Math.max(0, deadline - clock.now()));
    }
    const quiet = this.outsideOperations === 0;
    if (
      deadline === Number.POSITIVE_INFINITY &&
      quiet &&
      this.runSettle?.untilIdle === true &&
      this._tasks.size === 0 &&
      this.idleWaiters.length === 0
    ) {
      this.finishRun();
      return null;
    }
    const seconds = sleepTimeOf(clock, deadline, quiet);
    if (seconds === null) this.finishRun(this.deadlockError());
    return seconds;
  }

  /**
   * Sleeps until woken: by the Node timer, armed for `seconds` unless one already fires early
   * enough; with `Infinity`, only from outside (callSoonThreadsafe, an outside operation finishing,
   * `advance()`), and then no Node timer may keep the process alive (Node's `beforeExit` then tells
   * a deadlock).
   */
  private sleep(seconds: number): void {
    if (seconds === Number.POSITIVE_INFINITY) {
      this.clearNodeTimer();
      this.wait = Wait.Idle;
      return;
    }
    this.wait = Wait.Timer;
    const now = this._clock.now();
    // (Node timers count whole milliseconds: one armed for this deadline fires up to 1 ms after it.)
    if (this.nodeTimer === null || this.nodeTimerAt > now + seconds + 0.002) {
      this.clearNodeTimer();
      const ms = Math.ceil(Math.min(seconds, MAX_WAIT_SECONDS) * 1000);
      this.nodeTimerAt = now + ms / 1000;
      this.nodeTimer = setTimeout(this.nodeTimerFired, ms);
    }
  }

  private clearNodeTimer(): void {
    if (this.nodeTimer !== null) {
      clearTimeout(this.nodeTimer);
      this.nodeTimer = null;
      this.nodeTimerAt = Number.POSITIVE_INFINITY;
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.wait === Wait.None || this.wait === Wait.Immediate) return;
    // The Node timer stays armed: the next wait keeps it if it is still early enough.
    this.wait = Wait.Immediate;
    // Woken from outside (an I/O completion's Promise, a timer, another thread's message): run at
    // the end of this job rather than at the next check phase, so a task awaiting file or socket
    // I/O issues its next call in the same turn, as hand-written async code does. Long runs still
    // yield to Node between slices (drive() reschedules itself with setImmediate). A settled
    // Promise's reaction is that microtask without what Node's queueMicrotask() allocates per call
    // (an AsyncResource): driveBound enters the loop's own async context anyway.
    RESOLVED.then(this.driveBound);
  }

  private onBeforeExit(): void {
    // Node found nothing left that could wake us: the run can never finish.
    if (this.running && this.wait === Wait.Idle) this.finishRun(this.deadlockError());
  }

  private deadlockError(): DeadlockError {
    const main = this.runSettle?.main;
    if (main) {
      return new DeadlockError(
        `runUntilComplete() can never finish: ${String(main)} is waiting, and nothing is ready, ` +
          "no timer will ever fire and no outside operation is in flight that could wake it",
      );
    }
    if (this.runSettle?.untilIdle) {
      const waiting = [...this._tasks];
      const first = waiting[0];
      return new DeadlockError(
        `runUntilIdle() can never finish: ${waiting.length} task${waiting.length === 1 ? " is" : "s are"} ` +
          `waiting (${String(first)}${waiting.length > 1 ? ", …" : ""}), and nothing is ready, no timer will ` +
          "ever fire and no outside operation is in flight that could wake them",
      );
    }
    return new DeadlockError(
      "runForever() can never be stopped: nothing is ready, no timer will ever fire and no outside " +
        "operation is in flight",
    );
  }

  private dropCancelledTimerHeads(): void {
    const heap = this._scheduled;
    let head = heap.peek();
    while (head?._cancelled) {
      heap.pop();
      this._timerCancelledCount--;
      head = heap.peek();
    }
  }

  /**
   * One iteration. Python: `BaseEventLoop._run_once`: due timers join the ready queue, then exactly
   * the callbacks ready now run (those they schedule wait for the next iteration).
   */
  private runOnce(): void {
    this.moveDueTimers();
    const ready = this._ready;
    const ntodo = ready.length;
    if (this.shuffle !== null && ntodo > 1) this.shuffleReady(ntodo, this.shuffle);
    const tracer = state.tracer;
    if (this.debug || tracer !== null) {
      this.runReadyObserved(ntodo, tracer);
      return;
    }
    for (let i = 0; i < ntodo; i++) {
      const handle = ready.shift() as Runnable;
      if (!handle._cancelled) handle._run(this);
    }
  }

  /**
   * Drops cancelled timers (all of them when they are the heap's majority, else those at its head)
   * and moves the timers due within the clock's resolution behind the ready callbacks.
   */
  private moveDueTimers(): void {
    const heap = this._scheduled;
    if (
      heap.length > MIN_CANCELLED_TIMER_HANDLES_FOR_CLEANUP &&
      this._timerCancelledCount * 2 > heap.length
    ) {
      heap.filter((t) => t._cancelled);
      this._timerCancelledCount = 0;
    } else {
      this.dropCancelledTimerHeads();
    }
    if (heap.length === 0) return;
    const ready = this._ready;
    const endTime = this._clock.now() + this._clock.resolution;
    let head = heap.peek();
    while (
      head !== undefined &&
      (head._when < endTime || (this._clock.resolution === 0 && head._when <= endTime))
    ) {
      heap.pop();
      if (head._cancelled) this._timerCancelledCount--;
      else ready.push(head);
      head = heap.peek();
    }
  }

  /** `shuffleSeed`: the iteration's callbacks run in a seeded random order (schedule exploration). */
  private shuffleReady(ntodo: number, rnd: () => number): void {
    this._ready.permuteFront(ntodo, (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        const t = items[i] as Runnable;
        items[i] = items[j] as Runnable;
        items[j] = t;
      }
    });
  }

  /** The iteration's callbacks, run under debug mode's slow-callback timer and the tracer's eye. */
  private runReadyObserved(ntodo: number, tracer: Tracer | null): void {
    const ready = this._ready;
    const debug = this.debug;
    for (let i = 0; i < ntodo; i++) {
      const handle = ready.shift() as Runnable;
      if (handle._cancelled) continue;
      // Measured on the loop's clock: on the virtual clock, a step that "blocks" (moves virtual
      // time on) is as slow as the time it took there.
      const t0 = debug ? this._clock.now() : 0;
      // A task's own step or wake-up is traced as a step (by @aio/task): only callbacks here.
      const traced =
        tracer !== null && (handle as unknown as { [TASK_BRAND]?: boolean })[TASK_BRAND] !== true;
      if (traced) tracer.callbackStart(this, handle);
      try {
        handle._run(this);
      } finally {
        if (traced) tracer.callbackEnd(this, handle);
      }
      if (!debug) continue;
      const dt = this._clock.now() - t0;
      if (dt >= this.slowCallbackDuration) {
        logAsyncio("WARNING", `Executing ${handle._describeForLog()} took ${dt.toFixed(3)} seconds`);
      }
    }
  }

  // ---------------------------------------------------------------- outside operations

  /**
   * Declares an operation outside the loop (a Promise, an fs or HTTP call, a worker job) in flight.
   * While any is in flight the virtual clock does not jump, and the loop does not report a
   * deadlock. Call the returned function once, when the operation has completed. `kind` and
   * `detail` name it in traces (`"executor"`, `"fs"`, `"http"`, and what it does).
   */
  trackOutsideOperation(kind?: string, detail?: string): () => void {
    this.outsideOperations++;
    let released = false;
    const tracer = state.tracer;
    const traced = tracer !== null ? tracer.operationStart(this, kind ?? "operation", detail ?? "") : -1;
    return () => {
      if (released) return;
      released = true;
      if (traced >= 0) state.tracer?.operationEnd(this, traced);
      this.outsideOperations--;
      if (this.outsideOperations === 0) this.wake();
    };
  }

  /** How many outside operations are in flight. */
  outsideOperationsInFlight(): number {
    return this.outsideOperations;
  }

  /**
   * A future that completes when this loop has nothing ready: every task is blocked on a timer, a
   * future or an outside operation. trio: `wait_all_tasks_blocked()`.
   */
  whenIdle(): FutureLike<void> {
    const fut = this.createFuture<void>();
    this.idleWaiters.push(fut);
    return fut;
  }

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const fut of waiters) {
      if (!fut.done()) (fut as unknown as { setResult(v: undefined): void }).setResult(undefined);
    }
  }

  // ---------------------------------------------------------------- errors

  /** Python: `loop.set_exception_handler(handler)`; `null` restores the default handler. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(`A callable object or None is expected, got ${repr(handler)}`);
    }
    this.exceptionHandler = handler;
  }

  /** Python: `loop.get_exception_handler()`. */
  getExceptionHandler(): ExceptionHandler | null {
    return this.exceptionHandler;
  }

  /**
   * Logs `context` on the `asyncio` logger as Python's default handler does: the message, then each
   * other key sorted (`key: repr(value)`), then the exception's traceback.
   * Python: `loop.default_exception_handler(context)`.
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const message = context.message || "Unhandled exception in event loop";
    const exception = context.exception;
    const lines = [message];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      const value = context[key];
      if (key === "sourceTraceback") {
        lines.push(`Object created at (most recent call last):\n${mostRecentLast(String(value))}`);
      } else if (key === "handleTraceback") {
        lines.push(`Handle created at (most recent call last):\n${mostRecentLast(String(value))}`);
      } else {
        lines.push(`${key}: ${repr(value)}`);
      }
    }
    logAsyncio("ERROR", lines.join("\n"), exception);
  }

  /**
   * Reports `context` to the handler set with `setExceptionHandler`, or to the default one.
   * Python: `loop.call_exception_handler(context)`.
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (err) {
        if (isBaseException(err)) throw err;
        logAsyncio("ERROR", "Exception in default exception handler", err);
      }
      return;
    }
    try {
      // As CPython 3.12 (gh-96704): the handler runs in the context of the task, future or handle
      // the report is about, when it has one.
      const ctx = contextOfReport(context);
      if (ctx !== null && !ctx._entered) ctx.run(handler, this, context);
      else handler(this, context);
    } catch (err) {
      if (isBaseException(err)) throw err;
      try {
        this.defaultExceptionHandler({
          message: "Unhandled error in exception handler",
          exception: err,
          context,
        });
      } catch (err2) {
        if (isBaseException(err2)) throw err2;
        logAsyncio(
          "ERROR",
          "Exception in default exception handler while handling an unexpected error in custom exception handler",
          err2,
        );
      }
    }
  }

  // ---------------------------------------------------------------- debug

  /** Python: `loop.get_debug()`. */
  getDebug(): boolean {
    return this.debug;
  }

  /** Python: `loop.set_debug(enabled)`. */
  setDebug(enabled: boolean): void {
    this.debug = Boolean(enabled);
  }

  // ---------------------------------------------------------------- signals

  /**
   * Calls `callback(...args)` on the loop whenever the process receives `signal`.
   * Python: `loop.add_signal_handler(sig, callback, *args)`.
   */
  addSignalHandler<A extends unknown[]>(
    signal: NodeJS.Signals,
    callback: (...args: A) => unknown,
    ...args: A
  ): void {
    this.checkClosed();
    this.signals.add(signal, callback as (...a: never[]) => unknown, args);
  }

  /** @internal whether `addSignalHandler(signal, …)` is in force (run() then leaves Ctrl-C to it) */
  _hasSignalHandler(signal: NodeJS.Signals): boolean {
    return this.signals.has(signal);
  }

  /** Removes the handler for `signal`; returns whether there was one. Python: `loop.remove_signal_handler(sig)`. */
  removeSignalHandler(signal: NodeJS.Signals): boolean {
    return this.signals.remove(signal);
  }

  // ---------------------------------------------------------------- executors

  /**
   * Runs `fn(...args)` in `executor` (or the default executor, made on first use by
   * `@aio/executor`) and returns a Future of this loop. Python: `loop.run_in_executor(executor, fn, *args)`.
   */
  runInExecutor<A extends unknown[], R>(
    executor: ExecutorLike | null,
    fn: (...args: A) => R,
    ...args: A
  ): FutureLike<Awaited<R>>;
  runInExecutor<R = unknown>(
    executor: ExecutorLike | null,
    fn: { module: string; name: string },
    ...args: unknown[]
  ): FutureLike<R>;
  /** A job by its name, for executors that run jobs by name on other machines (@aio/queue-executor). */
  runInExecutor<R = unknown>(executor: ExecutorLike, fn: string, ...args: unknown[]): FutureLike<R>;
  runInExecutor<R>(executor: ExecutorLike | null, fn: unknown, ...args: unknown[]): FutureLike<R> {
    this.checkClosed();
    if (this.debug && typeof fn === "function") this.checkCallback(fn, "runInExecutor");
    return this.executors.resolve(executor).submitForLoop(this, fn, args) as FutureLike<R>;
  }

  /** Python: `loop.set_default_executor(executor)`. */
  setDefaultExecutor(executor: ExecutorLike): void {
    this.executors.set(executor);
  }

  /**
   * Shuts the default executor down and waits for its threads, `timeout` seconds at most (real
   * seconds, whatever the loop's clock: threads run in real time; `null` waits as long as it
   * takes). Past the timeout it warns (`RuntimeWarning: The executor did not finishing joining its
   * threads within 300 seconds.`, Python's words) and terminates the threads still running, so that
   * a stuck job cannot keep the program alive. Returns a Future of this loop.
   * Python: `await loop.shutdown_default_executor(timeout=None)`.
   */
  shutdownDefaultExecutor(timeout: number | null = null): FutureLike<void> {
    return this.executors.shutdown(timeout);
  }

  /** @internal */
  _hasDefaultExecutor(): boolean {
    return this.executors.exists();
  }

  toString(): string {
    return `<${this.constructor.name} running=${this.running ? "True" : "False"} closed=${this.closed ? "True" : "False"} debug=${this.debug ? "True" : "False"}>`;
  }
}

// asyncio's network, pipe and subprocess methods, which @aio/streams implements (see io-methods.ts).
defineIoMethods(EventLoop.prototype);

/**
 * The context a report's subject runs in: `context.task`, else `context.future`, when it has
 * `getContext()` returning a context with `run` (CPython's duck test). A handle's report is made
 * while its callback's context is still the current one, so it needs no switch (CPython looks at
 * `context.handle` too, for the same effect).
 */
function contextOfReport(context: ExceptionContext): Context | null {
  const thing = (context.task ?? context.future) as { getContext?: unknown } | null | undefined;
  if (thing === null || thing === undefined || typeof thing.getContext !== "function") return null;
  const ctx = (thing.getContext as () => unknown).call(thing) as Context | null | undefined;
  return ctx !== null && ctx !== undefined && typeof ctx.run === "function" ? ctx : null;
}

/** A frame of the loop's own scheduling methods (`at EventLoop.callSoon (…)`). */
const SCHEDULING_FRAME =
  /^\s*at (?:[\w$]+\.)?(?:callSoon|callSoonWithContext|callSoonThreadsafe|callLater|callAt|_scheduleArgs|_schedule|_callAt|_callSoon1|_callSoon2) \(/;

/**
 * A handle's source traceback: the stack where it was scheduled, without the loop's scheduling
 * methods (Python's `call_soon`/`call_later`/`call_at` delete their own frames), so that it ends
 * at the caller's line.
 */
function schedulingStack(): string {
  const lines = captureStack(2).split("\n");
  let i = 0;
  while (i < lines.length - 1 && SCHEDULING_FRAME.test(lines[i] ?? "")) i++;
  return lines.slice(i).join("\n");
}

/** A captured stack (V8 lists the most recent frame first) in Python's order, most recent last. */
function mostRecentLast(stack: string): string {
  return stack.trimEnd().split("\n").reverse().join("\n");
}

/** Where `stack` (as `captureStack` gives it) leaves the aio packages: the first frame of the caller's code. */
export function userFrame(stack: string): string | null {
  for (const line of stack.split("\n")) {
    const frame = line.trim();
    if (
      frame === "" ||
      /\bnode:internal\b|[\\/](?:packages[\\/](?:loop|future|task|sync|executor)|@aio[\\/][\w-]+)[\\/](?:src|dist)[\\/]/.test(
        frame,
      )
    ) {
      continue;
    }
    return frame.replace(/^at\s+/, "");
  }
  return null;
}

/** A stack captured for debug mode, without this package's frames. */
export function captureStack(skip: number): string {
  const holder: { stack?: string } = {};
  // Python's debug-mode stacks go down to the program's entry; V8 keeps 10 frames unless told.
  const limit = Error.stackTraceLimit;
  if (typeof limit === "number" && limit < 64) Error.stackTraceLimit = 64;
  try {
    Error.captureStackTrace(holder);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const lines = (holder.stack ?? "").split("\n").slice(1 + skip);
  return lines.join("\n");
}
