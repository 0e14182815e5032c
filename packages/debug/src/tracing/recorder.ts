/**
 * The recorder: the tracer the core calls at each event point while a recording runs. Events are
 * kept in typed-array columns and become {@link TraceEvent} objects only when read.
 */
import { type EventLoop, type FutureLike, repr, runtimeState, type TracedTask } from "../core.js";
import { isTask } from "../graph.js";
import type { FutureRef, StepOutcome, TraceEvent, TraceTask } from "./events.js";
import { Trace } from "./trace.js";

/** Options of `tracing.start()`. */
export interface TraceOptions {
  /** Called with each event as it happens (to print a live narrative, as scenario S003-03 does). */
  onEvent?: ((event: TraceEvent, trace: Recorder) => void) | undefined;
  /** Keep events in memory for `stop()` (default true). */
  keep?: boolean | undefined;
}

function callbackName(cb: unknown): string {
  if (typeof cb !== "function") return repr(cb);
  return (cb as { name?: string }).name || "<anonymous>";
}

/** Describes a queued item the loop runs: a Handle, a Timer, a Task's step, a future's callback. */
function describeItem(item: unknown): string | null {
  if (isTask(item)) return null; // a task's step: recorded as a step
  const cb = (item as { _callback?: unknown })._callback;
  if (cb !== undefined) return callbackName(cb);
  return null;
}

/** Recordings are numbered; a task's `_trace` holds `serial * TASK_SPAN + id` of the first that saw it. */
const TASK_SPAN = 2 ** 24;
let recorderSerial = 0;
/** Ids of outside operations, shared by all recordings (see Recorder.operationStart). */
let nextOperation = 1;

/** @internal a new outside-operation id, the same for every recording in progress */
export function nextOperationId(): number {
  return nextOperation++;
}

/** In a step-end's or wake-up's payload: a number is a task id (a string: a future's class). */
type RefPayload = number | string;

// Event codes of the compact store, and what each keeps in the columns besides its time and task.
/** aux: the parent task's id (0: none). */
const E_TASK = 0;
/** aux: 1 when the step throws into the coroutine; payload: that error's repr. */
const E_STEP = 1;
/** aux: the outcome's index in OUTCOMES, with RAW_VALUE; payload: see StepEndPayload. */
const E_STEP_END = 2;
/** payload: the future that woke the task (a RefPayload). */
const E_WAKEUP = 3;
/** The event object itself is kept as the payload (rare events: timers, idle, operations, cancel). */
const E_OTHER = 4;
/** t: the start; ends[]: the end; payload: the callback's name. */
const E_CALLBACK = 5;
const OUTCOMES: StepOutcome[] = ["await", "yield", "return", "raise", "cancelled"];
/** In a step-end's aux: the payload is the result itself (a primitive), not its repr. */
const RAW_VALUE = 8;

/** What a step-end keeps besides its outcome (debug mode adds the chain). */
interface StepEndPayload {
  waiter?: RefPayload;
  value?: string;
  chain?: string[];
}

/**
 * A recording in progress (it is the tracer the core calls while it is the only one). Events are
 * kept in columns (times, codes, task ids) and become objects only when read, so that recording a
 * busy program allocates little more than the program does.
 */
export class Recorder {
  private readonly serial = ++recorderSerial;
  private readonly onEvent: TraceOptions["onEvent"];
  private readonly keep: boolean;
  private loop: EventLoop | null = null;
  private stopped = false;
  /** The loop time the recording started at (of the first loop seen). */
  origin: number | null = null;
  /** @internal set by start(): takes the recording off the core's hook when it stops */
  _detach: (() => void) | null = null;

  // The events, by index, in columns (see the E_ codes); `materialized` are those already read.
  private count = 0;
  private times = new Float64Array(1024);
  private codes = new Uint8Array(1024);
  private ids = new Int32Array(1024);
  private aux = new Int32Array(1024);
  private ends = new Float64Array(1024);
  private payloads: unknown[] = [];
  private materialized: TraceEvent[] = [];

  // The tasks seen, by id - 1, in columns (no object per task while recording).
  private taskRaw: unknown[] = [];
  private taskCoro: string[] = [];
  private taskStart = new Float64Array(256);
  private taskEnd = new Float64Array(256);
  /** 0: pending; else 1 + the index of the outcome in OUTCOMES. */
  private taskOutcome = new Uint8Array(256);
  private taskMap: Map<number, TraceTask> | null = null;
  /** Ids of tasks whose own mark (`_trace`) is another recording's, running at the same time. */
  private readonly shared = new WeakMap<object, number>();

  // Outside operations in flight: the core's id → this recording's number.
  private nextOp = 1;
  private readonly operations = new Map<number, number>();

  // The callbacks running (nested when a callback runs the loop's work inline): start times and
  // names, kept without an object per callback.
  private cbDepth = 0;
  private cbTimes = new Float64Array(16);
  private cbNames: (string | null)[] = [];

  /** How many events were recorded (without making them into objects). */
  get eventCount(): number {
    return this.count;
  }

  /** How many tasks were seen. */
  get taskCount(): number {
    return this.taskRaw.length;
  }

  /** The tasks seen so far, by trace id. */
  get tasks(): ReadonlyMap<number, TraceTask> {
    if (this.taskMap === null || this.taskMap.size !== this.taskRaw.length) {
      // (Rebuilt after a rename or a task's end: see stepStart and stepEnd.)
      this.taskMap = new Map(this.taskInfos().map((t) => [t.id, t]));
    }
    return this.taskMap;
  }

  private taskInfos(): TraceTask[] {
    const out: TraceTask[] = [];
    for (let i = 0; i < this.taskRaw.length; i++) out.push(this.taskInfo(i + 1));
    return out;
  }

  /** The task `id` as an object. */
  private taskInfo(id: number): TraceTask {
    const i = id - 1;
    const raw = this.taskRaw[i];
    const outcome = this.taskOutcome[i] as number;
    return {
      id,
      name: typeof raw === "number" ? `Task-${raw}` : String(raw),
      coro: this.taskCoro[i] as string,
      start: this.taskStart[i] as number,
      end: outcome === 0 ? null : (this.taskEnd[i] as number),
      outcome: outcome === 0 ? null : (OUTCOMES[outcome - 1] as StepOutcome),
    };
  }

  private nameOf(id: number): string {
    const raw = this.taskRaw[id - 1];
    return typeof raw === "number" ? `Task-${raw}` : String(raw);
  }

  /** @internal use `tracing.start()` */
  constructor(options: TraceOptions = {}) {
    this.onEvent = options.onEvent;
    this.keep = options.keep ?? true;
  }

  /** The events so far, in order (made into objects when read). */
  get events(): TraceEvent[] {
    const out = this.materialized;
    for (let i = out.length; i < this.count; i++) out.push(this.eventAt(i));
    return out;
  }

  private eventAt(i: number): TraceEvent {
    const t = this.times[i] as number;
    const task = this.ids[i] as number;
    const payload = this.payloads[i];
    switch (this.codes[i]) {
      case E_TASK: {
        const parent = this.aux[i] as number;
        return {
          type: "task",
          t,
          task,
          name: this.nameOf(task),
          coro: this.taskCoro[task - 1] as string,
          parent: parent === 0 ? null : parent,
        };
      }
      case E_STEP: {
        const e: TraceEvent = { type: "step", t, task, thrown: this.aux[i] === 1 };
        if (this.aux[i] === 1) e.error = payload as string;
        return e;
      }
      case E_STEP_END: {
        const aux = this.aux[i] as number;
        const e: TraceEvent & { type: "step-end" } = {
          type: "step-end",
          t,
          task,
          outcome: OUTCOMES[aux & 7] as StepOutcome,
        };
        if ((aux & RAW_VALUE) !== 0) {
          e.value = safeRepr(payload);
          return e;
        }
        // The payload is the waiter (await) or the value's repr (return, raise), or, in debug mode,
        // an object with those and the chain.
        const p = payload as StepEndPayload | RefPayload | undefined;
        const extra: StepEndPayload | undefined =
          p === undefined
            ? undefined
            : typeof p === "object"
              ? p
              : e.outcome === "await"
                ? { waiter: p }
                : { value: p as string };
        if (extra?.waiter !== undefined) e.waiter = this.toRef(extra.waiter);
        if (extra?.value !== undefined) e.value = extra.value;
        if (extra?.chain !== undefined) e.chain = extra.chain;
        return e;
      }
      case E_CALLBACK:
        return { type: "callback", t, end: this.ends[i] as number, callback: payload as string };
      case E_WAKEUP:
        return { type: "wakeup", t, task, future: this.toRef(payload as RefPayload) };
      default:
        return payload as TraceEvent;
    }
  }

  private grow(): void {
    // Four times larger each time: few copies on the way to a busy program's millions of events.
    const n = this.times.length * 4;
    this.times = grown(this.times, n);
    this.codes = grown(this.codes, n);
    this.ids = grown(this.ids, n);
    this.aux = grown(this.aux, n);
    this.ends = grown(this.ends, n);
  }

  /** Records one event; returns its index (or -1 when events are not kept). */
  private record(code: number, t: number, task: number, aux: number, payload: unknown, end = 0): void {
    if (this.keep) {
      const i = this.count;
      if (i === this.times.length) this.grow();
      this.ends[i] = end;
      this.times[i] = t;
      this.codes[i] = code;
      this.ids[i] = task;
      this.aux[i] = aux;
      this.payloads.push(payload);
      this.count = i + 1;
      if (this.onEvent !== undefined) {
        const e = this.eventAt(i);
        if (this.materialized.length === i) this.materialized.push(e);
        this.onEvent(e, this);
      }
    } else if (this.onEvent !== undefined) {
      // Not kept: one event at a time, through slot 0 of the columns.
      this.ends[0] = end;
      this.times[0] = t;
      this.codes[0] = code;
      this.ids[0] = task;
      this.aux[0] = aux;
      this.payloads[0] = payload;
      this.onEvent(this.eventAt(0), this);
    }
  }

  private other(event: TraceEvent): void {
    const task = "task" in event ? (event.task as number) : 0;
    this.record(E_OTHER, event.t, task, 0, event);
  }

  private now(loop?: EventLoop | null): number {
    const l = loop ?? this.loop ?? (runtimeState.runningLoop as EventLoop | null);
    if (l && this.loop === null) this.loop = l;
    const t = l ? l.time() : performance.now() / 1000;
    if (this.origin === null) this.origin = t;
    return t;
  }

  /** @internal the task's id in this recording (given on first sight) */
  idOf(task: TracedTask): number {
    const own = (task as { _trace: unknown })._trace as number | null | undefined;
    if (typeof own === "number") {
      const id = own - this.serial * TASK_SPAN;
      if (id > 0 && id < TASK_SPAN) return id;
      const shared = this.shared.get(task);
      if (shared !== undefined) return shared;
    }
    const i = this.taskRaw.length;
    const id = i + 1;
    if (i === this.taskStart.length) this.growTasks();
    this.taskRaw.push((task as { _name?: unknown })._name);
    this.taskCoro.push(
      (task as { _coroInfo?: () => { name: string } | null })._coroInfo?.()?.name ?? "coroutine",
    );
    this.taskStart[i] = this.now(task.getLoop());
    if (typeof own === "number") this.shared.set(task, id);
    else (task as { _trace: unknown })._trace = this.serial * TASK_SPAN + id;
    return id;
  }

  private growTasks(): void {
    const n = this.taskStart.length * 4;
    this.taskStart = grown(this.taskStart, n);
    this.taskEnd = grown(this.taskEnd, n);
    this.taskOutcome = grown(this.taskOutcome, n);
  }

  /**
   * How a trace names `future`: a task by its id (its name is read with the event), another future
   * by its class (a repr per await would cost more than the rest of the recording).
   */
  private refPayload(future: FutureLike): RefPayload {
    if (isTask(future)) return this.idOf(future as unknown as TracedTask);
    return (future as { constructor?: { name?: string } }).constructor?.name || "Future";
  }

  private toRef(p: RefPayload): FutureRef {
    return typeof p === "string"
      ? { kind: "future", label: p }
      : { kind: "task", task: p, label: this.nameOf(p) };
  }

  /** @internal when `task` was made, if this recording saw it */
  startOf(task: object): number | null {
    const own = (task as { _trace?: unknown })._trace;
    if (typeof own !== "number") return null;
    let id = own - this.serial * TASK_SPAN;
    if (!(id > 0 && id < TASK_SPAN)) id = this.shared.get(task) ?? 0;
    return id > 0 ? (this.taskStart[id - 1] as number) : null;
  }

  /** @internal */
  taskCreated(task: TracedTask, loop: EventLoop): void {
    const parentTask = loop._currentTask as TracedTask | null;
    const id = this.idOf(task);
    this.record(
      E_TASK,
      this.taskStart[id - 1] as number,
      id,
      parentTask ? this.idOf(parentTask) : 0,
      undefined,
    );
  }

  /** @internal */
  stepStart(task: TracedTask, thrown: boolean, error: unknown): void {
    const id = this.idOf(task);
    // A task may be renamed after it is made (createTask's name, setName()): keep up.
    const raw = (task as { _name?: unknown })._name;
    if (this.taskRaw[id - 1] !== raw) {
      this.taskRaw[id - 1] = raw;
      this.taskMap = null;
    }
    this.record(E_STEP, this.now(task.getLoop()), id, thrown ? 1 : 0, thrown ? safeRepr(error) : undefined);
  }

  /** @internal */
  stepEnd(task: TracedTask, waiter: FutureLike | null): void {
    const id = this.idOf(task);
    const loop = task.getLoop();
    const t = this.now(loop);
    let outcome = 1; // yield
    let rawValue = 0;
    let payload: StepEndPayload | RefPayload | undefined;
    if (task.done()) {
      this.taskEnd[id - 1] = t;
      if (task.cancelled()) outcome = 4;
      else {
        const failed = (task as { _hasException?: boolean })._hasException === true;
        outcome = failed ? 3 : 2;
        const v = failed ? task.exception() : task.result();
        // A primitive is kept as it is (RAW_VALUE), its repr made when the event is read.
        if (isPrimitive(v) && !loop.getDebug()) {
          payload = v as string;
          rawValue = RAW_VALUE;
        } else payload = safeRepr(v);
      }
      this.taskOutcome[id - 1] = outcome + 1;
      this.taskMap = null;
    } else if (waiter !== null) {
      outcome = 0;
      payload = this.refPayload(waiter);
    }
    if (loop.getDebug()) {
      const stack = (task as { getStack?: () => string[] }).getStack?.();
      if (stack && stack.length > 0) {
        payload =
          payload === undefined
            ? { chain: stack }
            : outcome === 0
              ? { waiter: payload as RefPayload, chain: stack }
              : { value: payload as string, chain: stack };
      }
    }
    this.record(E_STEP_END, t, id, outcome | rawValue, payload);
  }

  /** @internal */
  wakeup(task: TracedTask, future: FutureLike): void {
    this.record(E_WAKEUP, this.now(task.getLoop()), this.idOf(task), 0, this.refPayload(future));
  }

  /** @internal */
  cancel(task: TracedTask, msg: unknown): void {
    this.other({
      type: "cancel",
      t: this.now(task.getLoop()),
      task: this.idOf(task),
      msg: msg === undefined || msg === null ? null : String(msg),
    });
  }

  /** @internal */
  timer(loop: EventLoop, timer: { when(): number; _callback?: unknown }): void {
    const t = this.now(loop);
    const when = timer.when();
    this.other({ type: "timer", t, when, delay: when - t, callback: callbackName(timer._callback) });
  }

  /** @internal */
  callbackStart(loop: EventLoop, item: unknown): void {
    // A task's own step is recorded as a step: no time taken here for it.
    const name = describeItem(item);
    const d = this.cbDepth++;
    if (d === this.cbTimes.length) {
      const bigger = new Float64Array(d * 2);
      bigger.set(this.cbTimes);
      this.cbTimes = bigger;
    }
    this.cbNames[d] = name;
    if (name !== null) this.cbTimes[d] = this.now(loop);
  }

  /** @internal */
  callbackEnd(loop: EventLoop, _item: unknown): void {
    if (this.cbDepth === 0) return;
    const d = --this.cbDepth;
    const name = this.cbNames[d];
    if (name === null || name === undefined) return;
    const end = this.now(loop);
    this.record(E_CALLBACK, this.cbTimes[d] as number, 0, 0, name, end);
  }

  /** @internal */
  idle(loop: EventLoop, timeout: number | null): void {
    this.other({ type: "idle", t: this.now(loop), timeout });
  }

  /**
   * @internal an outside operation starts: the core gets one id for all recordings (a process-wide
   * number); each recording numbers its operations from 1.
   */
  operationStart(loop: EventLoop, kind: string, detail: string, id = nextOperationId()): number {
    const op = this.nextOp++;
    this.operations.set(id, op);
    this.other({ type: "op-start", t: this.now(loop), op, kind, detail });
    return id;
  }

  /** @internal */
  operationEnd(loop: EventLoop, id: number): void {
    const op = this.operations.get(id);
    if (op === undefined) return; // started before this recording
    this.operations.delete(id);
    this.other({ type: "op-end", t: this.now(loop), op });
  }

  /** Stops recording; returns the trace. */
  stop(): Trace {
    if (!this.stopped) {
      this.stopped = true;
      this._detach?.();
    }
    // The events become objects when the trace is read, not here.
    return new Trace(
      () => this.events,
      () => this.taskInfos(),
      this.origin ?? 0,
    );
  }
}

/** A typed array of length `n` beginning with `a`'s contents. */
function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, n: number): A {
  const bigger = new (a.constructor as new (n: number) => A)(n);
  bigger.set(a);
  return bigger;
}

/** Whether `v` cannot change: its repr can wait until the event is read. */
function isPrimitive(v: unknown): boolean {
  const t = typeof v;
  return v === null || (t !== "object" && t !== "function");
}

function safeRepr(v: unknown): string {
  try {
    return repr(v);
  } catch {
    return `<${typeof v}>`;
  }
}
