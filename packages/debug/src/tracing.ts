/**
 * Tracing: `tracing.start()` records every task creation, step, await (on which future), wake-up,
 * cancellation, timer, callback, idle wait and outside operation (executor jobs, files, HTTP) with
 * loop timestamps; `stop()` gives a {@link Trace} to export as Chrome Trace Event JSON (Perfetto,
 * chrome://tracing), a terminal timeline, or a self-contained HTML page. With tracing off the core
 * pays one load and one comparison per event point.
 */
import { writeFileSync } from "node:fs";
import { type EventLoop, type FutureLike, repr, runtimeState, type TracedTask, type Tracer } from "./core.js";
import { addAgeSource, isTask } from "./graph.js";

/** What a step ended with. */
export type StepOutcome = "await" | "yield" | "return" | "raise" | "cancelled";

/** A future as a trace names it. */
export interface FutureRef {
  /** A Task (its id in the trace) or another future. */
  kind: "task" | "future";
  /** The task's id in the trace, for tasks. */
  task?: number;
  /** The task's name, or the future's repr. */
  label: string;
}

/** One recorded event. `t` is the loop's time in seconds. */
export type TraceEvent =
  | { type: "task"; t: number; task: number; name: string; coro: string; parent: number | null }
  | { type: "step"; t: number; task: number; thrown: boolean; error?: string }
  | {
      type: "step-end";
      t: number;
      task: number;
      outcome: StepOutcome;
      waiter?: FutureRef;
      /** The result (`return`) or the error (`raise`), as a repr. */
      value?: string;
      /** Debug mode: the coroutine chain the task is suspended in, outermost first. */
      chain?: string[];
    }
  | { type: "wakeup"; t: number; task: number; future: FutureRef }
  | { type: "cancel"; t: number; task: number; msg: string | null }
  | { type: "timer"; t: number; when: number; delay: number; callback: string }
  | { type: "callback"; t: number; end: number; callback: string }
  | { type: "idle"; t: number; timeout: number | null }
  | { type: "op-start"; t: number; op: number; kind: string; detail: string }
  | { type: "op-end"; t: number; op: number };

/** A task of a trace. */
export interface TraceTask {
  id: number;
  name: string;
  coro: string;
  /** When it was created, or first seen (a task made before the recording started). */
  start: number;
  /** When it finished, or null if still pending at the end. */
  end: number | null;
  outcome: StepOutcome | null;
}

/** Options of {@link start}. */
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
/** Ids of outside operations, shared by all recordings (see Recorder.operationStart). */
let nextOperation = 1;
let recorderSerial = 0;
/** In a step-end's or wake-up's payload: a number is a task id (a string: a future's class). */
type RefPayload = number | string;

// Event codes of the compact store.
const E_TASK = 0;
const E_STEP = 1;
const E_STEP_END = 2;
const E_WAKEUP = 3;
const E_CALLBACK = 5; // t: start, ends[]: end, payload: the callback's name
const E_OTHER = 4; // the event object itself is kept (rare events: timers, callbacks, idle, ops, cancel)
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
  // The tasks seen, by id - 1, in columns (no object per task while recording).
  private readonly serial = ++recorderSerial;
  private taskRaw: unknown[] = [];
  private taskCoro: string[] = [];
  private taskStart = new Float64Array(256);
  private taskEnd = new Float64Array(256);
  /** 0: pending; else 1 + the index of the outcome in OUTCOMES. */
  private taskOutcome = new Uint8Array(256);
  private taskMap: Map<number, TraceTask> | null = null;

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
  /** Ids of tasks whose own mark (`_trace`) is another recording's, running at the same time. */
  private readonly shared = new WeakMap<object, number>();
  private nextOp = 1;
  /** Operations in flight: the core's id → this recording's number. */
  private readonly operations = new Map<number, number>();
  // The callbacks running (nested when a callback runs the loop's work inline): start times and
  // names, kept without an object per callback.
  private cbDepth = 0;
  private cbTimes = new Float64Array(16);
  private cbNames: (string | null)[] = [];
  private readonly onEvent: TraceOptions["onEvent"];
  private readonly keep: boolean;
  private loop: EventLoop | null = null;
  private stopped = false;
  /** The loop time the recording started at (of the first loop seen). */
  origin: number | null = null;

  private count = 0;
  private times = new Float64Array(1024);
  private codes = new Uint8Array(1024);
  private ids = new Int32Array(1024);
  private aux = new Int32Array(1024);
  private ends = new Float64Array(1024);
  private payloads: unknown[] = [];
  private materialized: TraceEvent[] = [];

  /** @internal use {@link start} */
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
  operationStart(loop: EventLoop, kind: string, detail: string, id = nextOperation++): number {
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

  /** @internal */
  _untrackAge: (() => void) | null = null;

  /** Stops recording; returns the trace. */
  stop(): Trace {
    if (!this.stopped) {
      this.stopped = true;
      removeRecorder(this);
      this._untrackAge?.();
    }
    // The events become objects when the trace is read, not here.
    return new Trace(
      () => this.events,
      () => this.taskInfos(),
      this.origin ?? 0,
    );
  }
}

/** Whether `v` cannot change: its repr can wait until the event is read. */
/** A typed array of length `n` beginning with `a`'s contents. */
function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, n: number): A {
  const bigger = new (a.constructor as new (n: number) => A)(n);
  bigger.set(a);
  return bigger;
}

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

// ---------------------------------------------------------------- the hook

const recorders: Recorder[] = [];

/** With several recordings at once, the one tracer the core sees hands every event to each. */
const fanOut = Object.fromEntries(
  (
    [
      "taskCreated",
      "stepStart",
      "stepEnd",
      "wakeup",
      "cancel",
      "timer",
      "callbackStart",
      "callbackEnd",
      "idle",
      "operationStart",
      "operationEnd",
    ] as const
  ).map((method) => [
    method,
    method === "operationStart"
      ? (loop: EventLoop, kind: string, detail: string) => {
          // One id for every recording, so that operationEnd reaches each.
          const id = nextOperation++;
          for (const r of recorders) r.operationStart(loop, kind, detail, id);
          return id;
        }
      : (...args: unknown[]) => {
          for (const r of recorders) (r[method] as (...a: unknown[]) => void)(...args);
        },
  ]),
) as unknown as Tracer;

/** The tracer for the recordings in progress: the recorder itself when there is one (no hop). */
function installTracer(): void {
  const current = runtimeState.tracer;
  if (current !== null && current !== fanOut && !(current instanceof Recorder)) {
    throw new Error("another tracer is installed in this thread (a second copy of @aio/debug?)");
  }
  runtimeState.tracer =
    recorders.length === 0 ? null : recorders.length === 1 ? (recorders[0] as Recorder) : fanOut;
}

function removeRecorder(r: Recorder): void {
  const i = recorders.indexOf(r);
  if (i >= 0) recorders.splice(i, 1);
  installTracer();
}

/**
 * Starts recording. Several recordings may run at once (each sees every event).
 * @example
 * const rec = tracing.start();
 * await run(main());
 * writeFileSync("trace.json", JSON.stringify(rec.stop().toChromeTrace()));
 */
export function start(options: TraceOptions = {}): Recorder {
  const r = new Recorder(options);
  recorders.push(r);
  try {
    installTracer();
  } catch (err) {
    recorders.pop();
    throw err;
  }
  r._untrackAge = addAgeSource((task) => r.startOf(task));
  return r;
}

/** Whether any recording is in progress. */
export function isTracing(): boolean {
  return recorders.length > 0;
}

// ---------------------------------------------------------------- traces

/** A finished recording and its exports. */
export class Trace {
  private eventList: readonly TraceEvent[] | null = null;
  private taskList: readonly TraceTask[] | null = null;
  private readonly readEvents: () => readonly TraceEvent[];
  private readonly readTasks: () => readonly TraceTask[];

  constructor(
    /** The events, in order (or a function that makes them when first read). */
    events: readonly TraceEvent[] | (() => readonly TraceEvent[]),
    /** The tasks, by id order (or a function that makes them when first read). */
    tasks: readonly TraceTask[] | (() => readonly TraceTask[]),
    /** The loop time the recording started at. */
    readonly origin: number,
  ) {
    this.readEvents = typeof events === "function" ? events : () => events;
    this.readTasks = typeof tasks === "function" ? tasks : () => tasks;
  }

  /** The tasks, by id order. */
  get tasks(): readonly TraceTask[] {
    this.taskList ??= this.readTasks();
    return this.taskList;
  }

  /** The events, in order. */
  get events(): readonly TraceEvent[] {
    this.eventList ??= this.readEvents();
    return this.eventList;
  }

  /** The time of the last event. */
  get end(): number {
    let end = this.origin;
    for (const e of this.events) end = Math.max(end, e.type === "callback" ? e.end : e.t);
    return end;
  }

  /** Trace Event JSON (`{ traceEvents }`): opens in Perfetto and chrome://tracing. */
  toChromeTrace(): ChromeTrace {
    return toChromeTrace(this);
  }

  /** A terminal picture: one row per task, time across. */
  toTimeline(options: TimelineOptions = {}): string {
    return toTimeline(this, options);
  }

  /** A self-contained HTML page with a zoomable timeline (no network needed). */
  toHtml(options: { title?: string } = {}): string {
    return toHtml(this, options);
  }
}

/** A Trace Event Format document. */
export interface ChromeTrace {
  traceEvents: Record<string, unknown>[];
  displayTimeUnit: "ms";
  otherData: Record<string, unknown>;
}

/** One span of a task's life: running a step, or waiting. */
export interface Span {
  task: number;
  kind: "step" | "wait";
  start: number;
  end: number;
  label: string;
}

/** The spans of each task: steps (start → end) and waits (end of a step → its wake-up). */
export function spans(trace: Trace): Span[] {
  const out: Span[] = [];
  const open = new Map<number, { t: number }>();
  const waiting = new Map<number, { t: number; label: string }>();
  for (const e of trace.events) {
    if (e.type === "step") {
      const w = waiting.get(e.task);
      if (w) {
        out.push({ task: e.task, kind: "wait", start: w.t, end: e.t, label: w.label });
        waiting.delete(e.task);
      }
      open.set(e.task, { t: e.t });
    } else if (e.type === "step-end") {
      const s = open.get(e.task);
      if (s) {
        const info = trace.tasks.find((x) => x.id === e.task);
        out.push({
          task: e.task,
          kind: "step",
          start: s.t,
          end: e.t,
          label: info ? `${info.coro}()` : "step",
        });
        open.delete(e.task);
      }
      if (e.outcome === "await")
        waiting.set(e.task, { t: e.t, label: `await ${e.waiter?.label ?? "future"}` });
      else if (e.outcome === "yield") waiting.set(e.task, { t: e.t, label: "ready (bare yield)" });
    }
  }
  const end = trace.end;
  for (const [task, w] of waiting) out.push({ task, kind: "wait", start: w.t, end, label: w.label });
  return out;
}

const US = 1e6;

function toChromeTrace(trace: Trace): ChromeTrace {
  const o = trace.origin;
  const ts = (t: number) => Math.round((t - o) * US * 1000) / 1000;
  const ev: Record<string, unknown>[] = [
    { ph: "M", pid: 1, tid: 0, name: "process_name", args: { name: "aio event loop" } },
    { ph: "M", pid: 1, tid: 0, name: "thread_name", args: { name: "loop" } },
    { ph: "M", pid: 1, tid: 0, name: "thread_sort_index", args: { sort_index: 0 } },
  ];
  for (const task of trace.tasks) {
    ev.push({ ph: "M", pid: 1, tid: task.id, name: "thread_name", args: { name: task.name } });
    ev.push({ ph: "M", pid: 1, tid: task.id, name: "thread_sort_index", args: { sort_index: task.id } });
  }
  for (const s of spans(trace)) {
    ev.push({
      ph: "X",
      pid: 1,
      tid: s.task,
      name: s.kind === "step" ? s.label : s.label,
      cat: s.kind,
      ts: ts(s.start),
      dur: Math.max(0, ts(s.end) - ts(s.start)),
    });
  }
  // Awaits as flow arrows: from the step that suspended on a task to the wake-up it caused.
  let flow = 0;
  const pendingFlows = new Map<number, number[]>(); // awaited task id → flow ids
  for (const e of trace.events) {
    if (
      e.type === "step-end" &&
      e.outcome === "await" &&
      e.waiter?.kind === "task" &&
      e.waiter.task !== undefined
    ) {
      const id = ++flow;
      ev.push({ ph: "s", pid: 1, tid: e.task, id, name: "await", cat: "await", ts: ts(e.t) });
      pendingFlows.set(e.waiter.task, [...(pendingFlows.get(e.waiter.task) ?? []), id]);
      ev.push({ ph: "t", pid: 1, tid: e.waiter.task, id, name: "await", cat: "await", ts: ts(e.t) });
    } else if (
      e.type === "step-end" &&
      (e.outcome === "return" || e.outcome === "raise" || e.outcome === "cancelled")
    ) {
      for (const id of pendingFlows.get(e.task) ?? []) {
        ev.push({ ph: "t", pid: 1, tid: e.task, id, name: "await", cat: "await", ts: ts(e.t) });
      }
    } else if (e.type === "wakeup" && e.future.kind === "task" && e.future.task !== undefined) {
      const ids = pendingFlows.get(e.future.task) ?? [];
      const id = ids.shift();
      if (id !== undefined)
        ev.push({ ph: "f", bp: "e", pid: 1, tid: e.task, id, name: "await", cat: "await", ts: ts(e.t) });
      if (ids.length === 0) pendingFlows.delete(e.future.task);
    } else if (e.type === "task") {
      ev.push({
        ph: "i",
        s: "t",
        pid: 1,
        tid: e.task,
        name: `create ${e.name}`,
        cat: "task",
        ts: ts(e.t),
        args: { coro: e.coro, parent: e.parent },
      });
    } else if (e.type === "cancel") {
      ev.push({
        ph: "i",
        s: "t",
        pid: 1,
        tid: e.task,
        name: "cancel",
        cat: "task",
        ts: ts(e.t),
        args: { msg: e.msg },
      });
    } else if (e.type === "timer") {
      ev.push({
        ph: "i",
        s: "t",
        pid: 1,
        tid: 0,
        name: `callLater(${fmt(e.delay)}, ${e.callback})`,
        cat: "timer",
        ts: ts(e.t),
        args: { when: e.when - o },
      });
    } else if (e.type === "callback") {
      ev.push({
        ph: "X",
        pid: 1,
        tid: 0,
        name: e.callback,
        cat: "callback",
        ts: ts(e.t),
        dur: Math.max(0, ts(e.end) - ts(e.t)),
      });
    } else if (e.type === "idle") {
      ev.push({
        ph: "i",
        s: "t",
        pid: 1,
        tid: 0,
        name: e.timeout === null ? "idle: wait for outside work" : `idle: select(timeout=${fmt(e.timeout)})`,
        cat: "idle",
        ts: ts(e.t),
      });
    } else if (e.type === "op-start") {
      ev.push({
        ph: "b",
        pid: 1,
        tid: 0,
        id: `op${e.op}`,
        name: e.detail ? `${e.kind}: ${e.detail}` : e.kind,
        cat: e.kind,
        ts: ts(e.t),
      });
    } else if (e.type === "op-end") {
      const start = trace.events.find((x) => x.type === "op-start" && x.op === e.op) as
        | (TraceEvent & { type: "op-start" })
        | undefined;
      if (start)
        ev.push({
          ph: "e",
          pid: 1,
          tid: 0,
          id: `op${e.op}`,
          name: start.detail ? `${start.kind}: ${start.detail}` : start.kind,
          cat: start.kind,
          ts: ts(e.t),
        });
    }
  }
  return { traceEvents: ev, displayTimeUnit: "ms", otherData: { producer: "@aio/debug", origin: o } };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

/** Options of {@link Trace.toTimeline}. */
export interface TimelineOptions {
  /** Columns for the time axis (default 60). */
  width?: number | undefined;
  /** Columns for task names (default: the longest name, at most 24); longer names are cut. */
  nameWidth?: number | undefined;
}

function toTimeline(trace: Trace, options: TimelineOptions): string {
  const width = Math.max(10, options.width ?? 60);
  const o = trace.origin;
  const total = Math.max(trace.end - o, 1e-9);
  const col = (t: number) => Math.min(width - 1, Math.max(0, Math.floor(((t - o) / total) * width)));
  const nameWidth = Math.max(
    2,
    options.nameWidth ?? Math.min(24, Math.max(4, ...trace.tasks.map((t) => t.name.length))),
  );
  const rows: string[] = [];
  const axis = `${" ".repeat(nameWidth)} |${"0s".padEnd(width - fmtSeconds(total).length)}${fmtSeconds(total)}|`;
  rows.push(axis);
  const all = spans(trace);
  for (const task of trace.tasks) {
    const cells = Array.from({ length: width }, () => " ");
    const first = col(task.start);
    const last = task.end === null ? width - 1 : col(task.end);
    for (let i = first; i <= last; i++) cells[i] = "·";
    for (const s of all) {
      if (s.task !== task.id) continue;
      if (s.kind === "wait" && s.label === "ready (bare yield)") continue;
      if (s.kind === "step") for (let i = col(s.start); i <= col(s.end); i++) cells[i] = "█";
    }
    if (task.end !== null)
      cells[last] = task.outcome === "return" ? "✓" : task.outcome === "cancelled" ? "C" : "✗";
    const name =
      task.name.length > nameWidth ? `${task.name.slice(0, nameWidth - 1)}…` : task.name.padEnd(nameWidth);
    rows.push(`${name} |${cells.join("")}|`);
  }
  rows.push(`${" ".repeat(nameWidth)}  █ running a step  · waiting  ✓ returned  ✗ raised  C cancelled`);
  return rows.join("\n");
}

function fmtSeconds(s: number): string {
  return `${s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3)}s`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toHtml(trace: Trace, options: { title?: string }): string {
  const title = options.title ?? "aio trace";
  const data = {
    origin: trace.origin,
    end: trace.end,
    tasks: trace.tasks,
    spans: spans(trace),
    marks: trace.events
      .filter((e) => e.type === "timer" || e.type === "cancel" || e.type === "idle")
      .map((e) => ({ t: e.t, type: e.type, task: "task" in e ? e.task : 0 })),
  };
  // The JSON goes inside a <script> element: no "</script" may appear in it.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 13px system-ui, sans-serif; margin: 12px; color: #222; }
#controls { margin-bottom: 8px; }
#controls button { margin-right: 4px; }
svg { border: 1px solid #ccc; background: #fff; }
.track-name { font: 12px monospace; fill: #222; }
.step { fill: #3b82f6; }
.wait { fill: #e5e7eb; }
.ready { fill: #fde68a; }
.axis { font: 10px monospace; fill: #666; }
.mark-timer { stroke: #16a34a; }
.mark-cancel { stroke: #dc2626; }
.mark-idle { stroke: #9ca3af; stroke-dasharray: 2 2; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="controls">
<button id="zoom-in" type="button">Zoom in</button>
<button id="zoom-out" type="button">Zoom out</button>
<button id="reset" type="button">Reset</button>
<span id="range"></span>
</div>
<svg id="timeline" xmlns="http://www.w3.org/2000/svg"></svg>
<p>Blue: running a step. Grey: waiting on a future. Yellow: queued again (bare yield). Lines: green timers, red cancellations, dashed idle waits. Wheel or buttons to zoom, drag to pan.</p>
<script id="trace-data" type="application/json">${json}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("trace-data").textContent);
  var svg = document.getElementById("timeline");
  var NS = "http://www.w3.org/2000/svg";
  var NAME_W = 160, ROW_H = 22, TOP = 24, WIDTH = 1000;
  var total = Math.max(data.end - data.origin, 1e-9);
  var view = { from: 0, to: total };
  var rowOf = {};
  data.tasks.forEach(function (t, i) { rowOf[t.id] = i; });
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var RIGHT = 12; // room at the right edge for the last steps and marks
  function x(t) { return NAME_W + ((t - data.origin - view.from) / (view.to - view.from)) * (WIDTH - NAME_W - RIGHT); }
  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var height = TOP + data.tasks.length * ROW_H + 8;
    svg.setAttribute("width", WIDTH);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
    for (var i = 0; i <= 4; i++) {
      var t = view.from + ((view.to - view.from) * i) / 4;
      var px = NAME_W + ((WIDTH - NAME_W - 40) * i) / 4;
      svg.appendChild(el("text", { x: px, y: 14, class: "axis" }, t.toFixed(3) + "s"));
    }
    data.tasks.forEach(function (task, i) {
      var y = TOP + i * ROW_H;
      var g = el("g", { class: "track", "data-task": task.name });
      g.appendChild(el("text", { x: 4, y: y + 15, class: "track-name" }, task.name));
      svg.appendChild(g);
    });
    data.spans.forEach(function (s) {
      var y = TOP + rowOf[s.task] * ROW_H + 3;
      var x0 = Math.max(NAME_W, x(s.start)), x1 = Math.min(WIDTH, x(s.end));
      if (x1 < NAME_W || x0 > WIDTH) return;
      var cls = s.kind === "step" ? "step" : s.label === "ready (bare yield)" ? "ready" : "wait";
      var r = el("rect", { x: x0, y: y, width: Math.max(s.kind === "step" ? 2 : 0, x1 - x0), height: ROW_H - 6, class: cls, "data-task": data.tasks[rowOf[s.task]].name });
      r.appendChild(el("title", {}, s.label + " " + (s.start - data.origin).toFixed(6) + "s to " + (s.end - data.origin).toFixed(6) + "s"));
      svg.appendChild(r);
    });
    data.marks.forEach(function (m) {
      var px = x(m.t);
      if (px < NAME_W || px > WIDTH) return;
      var row = m.task ? rowOf[m.task] : -1;
      var y0 = row >= 0 ? TOP + row * ROW_H : TOP, y1 = row >= 0 ? y0 + ROW_H : TOP + data.tasks.length * ROW_H;
      svg.appendChild(el("line", { x1: px, x2: px, y1: y0, y2: y1, class: "mark-" + m.type }));
    });
    document.getElementById("range").textContent = view.from.toFixed(3) + "s – " + view.to.toFixed(3) + "s";
  }
  function zoom(factor, at) {
    var span = view.to - view.from, center = at === undefined ? view.from + span / 2 : at;
    var next = Math.min(total, Math.max(total / 1e6, span * factor));
    view.from = Math.max(0, center - (center - view.from) * (next / span));
    view.to = Math.min(total, view.from + next);
    draw();
  }
  document.getElementById("zoom-in").onclick = function () { zoom(0.5); };
  document.getElementById("zoom-out").onclick = function () { zoom(2); };
  document.getElementById("reset").onclick = function () { view = { from: 0, to: total }; draw(); };
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var at = view.from + ((ev.clientX - rect.left - NAME_W) / (WIDTH - NAME_W - RIGHT)) * (view.to - view.from);
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, at);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, from: view.from, to: view.to }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var dt = ((drag.x - ev.clientX) / (WIDTH - NAME_W - RIGHT)) * (drag.to - drag.from);
    var span = drag.to - drag.from;
    view.from = Math.min(Math.max(0, drag.from + dt), total - span);
    view.to = view.from + span;
    draw();
  });
  draw();
})();
</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------- AIO_TRACE

/**
 * `AIO_TRACE=trace.json node app.js`: records the whole program and writes the file at exit
 * (Chrome JSON; `.html` writes the page, `.txt` the terminal timeline).
 */
export function traceFromEnvironment(): void {
  const target = process.env.AIO_TRACE;
  if (!target || target === "0") return;
  const rec = start();
  process.once("exit", () => {
    const trace = rec.stop();
    const text = target.endsWith(".html")
      ? trace.toHtml({ title: `aio trace of ${process.argv.slice(1).join(" ")}` })
      : target.endsWith(".txt")
        ? `${trace.toTimeline()}\n`
        : JSON.stringify(trace.toChromeTrace());
    try {
      writeFileSync(target, text);
    } catch (err) {
      process.stderr.write(`AIO_TRACE: cannot write ${target}: ${String(err)}\n`);
    }
  });
}
