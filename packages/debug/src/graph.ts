/**
 * Introspection, as Python 3.14's `asyncio.graph` and `python -m asyncio ps|pstree`: who awaits
 * whom (through gather, TaskGroup, shield and wait), each task's coroutine stack, and a table of
 * every task.
 */
import {
  AWAITED_BY,
  type EventLoop,
  type FutureLike,
  isFuture,
  objectAddress,
  repr,
  runtimeState,
  TASK_BRAND,
} from "./core.js";

/** What graphs read of a Task (its internals are the core's; typed here, loosely). */
interface TaskView extends FutureLike {
  getName(): string;
  getStack(): string[];
  _futWaiter: FutureLike | null;
  _coroInfo?(): { name: string; definedAt: string | null } | null;
}

interface FutureView extends FutureLike {
  _callbackList?(): unknown[];
}

/** One coroutine of a task's stack, outermost first. Python 3.14: `FrameCallGraphEntry`. */
export interface CallStackEntry {
  /** The coroutine function's name. */
  name: string;
  /** Where it was defined (`file:line`), when known. */
  definedAt: string | null;
}

/** A future (or task), its coroutine stack, and the graphs of what awaits it. Python 3.14: `FutureCallGraph`. */
export interface FutureCallGraph {
  future: FutureLike;
  callStack: CallStackEntry[];
  awaitedBy: FutureCallGraph[];
}

/** Whether `x` is a Task of any copy. */
export function isTask(x: unknown): x is TaskView {
  return typeof x === "object" && x !== null && (x as { [TASK_BRAND]?: unknown })[TASK_BRAND] === true;
}

function stackOf(future: FutureLike): CallStackEntry[] {
  if (!isTask(future) || future.done()) return [];
  return future.getStack().map((frame) => {
    const m = /^(.*?)\(\)(?: defined at (.*))?$/.exec(frame);
    return { name: m?.[1] ?? frame, definedAt: m?.[2] ?? null };
  });
}

/** The futures that wait for `future` directly: tasks suspended on it, and combinators' futures. */
export function awaitersOf(future: FutureLike): FutureLike[] {
  const list = (future as FutureView)._callbackList?.() ?? [];
  const out: FutureLike[] = [];
  for (const cb of list) {
    if (isTask(cb)) {
      if (!out.includes(cb)) out.push(cb);
      continue;
    }
    const by = (cb as { [AWAITED_BY]?: unknown } | null)?.[AWAITED_BY];
    if (isFuture(by) && !out.includes(by)) out.push(by);
  }
  return out;
}

/**
 * The call graph of `future` (default: the current task): its coroutine stack and, recursively,
 * what awaits it. `limit` caps the stack entries (from the innermost). Null outside a task when no
 * future is given. Python 3.14: `asyncio.capture_call_graph(future, limit=…)`.
 */
export function captureCallGraph(
  future?: FutureLike | null,
  options: { limit?: number } = {},
): FutureCallGraph | null {
  let target = future ?? null;
  if (target === null) {
    const loop = runtimeState.runningLoop as EventLoop | null;
    target = (loop?._currentTask as FutureLike | null | undefined) ?? null;
    if (target === null) return null;
  }
  if (!isFuture(target))
    throw new TypeError(`${repr(target)} object does not appear to be compatible with asyncio.Future`);
  const seen = new Set<FutureLike>();
  const build = (f: FutureLike): FutureCallGraph => {
    seen.add(f);
    let callStack = stackOf(f);
    if (options.limit !== undefined) callStack = options.limit <= 0 ? [] : callStack.slice(-options.limit);
    const awaitedBy = awaitersOf(f)
      .filter((a) => !seen.has(a))
      .map(build);
    return { future: f, callStack, awaitedBy };
  };
  return build(target);
}

function describe(f: FutureLike): string {
  return isTask(f)
    ? `Task(name=${repr(f.getName())}, id=${objectAddress(f)})`
    : `Future(id=${objectAddress(f)})`;
}

function entryLine(e: CallStackEntry): string {
  const m = e.definedAt ? /^(.*):(\d+)(?::\d+)?$/.exec(e.definedAt) : null;
  if (m) return `File ${repr(m[1])}, line ${m[2]}, in async ${e.name}()`;
  return `${e.definedAt ? `File ${repr(e.definedAt)}, ` : ""}in async ${e.name}()`;
}

/**
 * The call graph as text, in Python 3.14's layout:
 * ```text
 * * Task(name='Task-2', id=0x7f0000000040)
 *   + Call stack:
 *   |   File '/app/main.ts', line 4, in async leaf()
 *   + Awaited by:
 *      * Task(name='Task-1', id=0x7f0000000080)
 * ```
 * The line of each coroutine is where its function is defined (JavaScript does not tell where a
 * suspended generator stopped). Python 3.14: `asyncio.format_call_graph`.
 */
export function formatCallGraph(future?: FutureLike | null, options: { limit?: number } = {}): string {
  const graph = captureCallGraph(future, options);
  if (graph === null) return "";
  const buf: string[] = [];
  const render = (g: FutureCallGraph, level: number): void => {
    const add = (line: string) => buf.push("    ".repeat(level) + line);
    add(`* ${describe(g.future)}`);
    if (g.callStack.length > 0) {
      add("  + Call stack:");
      for (const e of g.callStack) add(`  |   ${entryLine(e)}`);
    }
    if (g.awaitedBy.length > 0) {
      add("  + Awaited by:");
      for (const a of g.awaitedBy) render(a, level + 1);
    }
  };
  render(graph, 0);
  return buf.join("\n");
}

/** Prints {@link formatCallGraph} (to stdout, or `write`). Python 3.14: `asyncio.print_call_graph`. */
export function printCallGraph(
  future?: FutureLike | null,
  options: { limit?: number; write?: (text: string) => void } = {},
): void {
  const text = formatCallGraph(future, options);
  (options.write ?? ((t: string) => process.stdout.write(t)))(`${text}\n`);
}

/** A task as {@link taskTable} lists it. */
export interface TaskInfo {
  /** The task's address, as reprs show it (`0x7f…`). */
  id: string;
  name: string;
  state: "pending" | "cancelling" | "done" | "cancelled";
  /** The coroutine stack, outermost first. */
  stack: string[];
  /** What the task waits on (a repr), or null when it is ready to run. */
  awaiting: string | null;
  /** The tasks it waits for, through any combinators. */
  awaitingTasks: string[];
  /** The tasks that wait for it. */
  awaitedBy: string[];
  /** Seconds since it was created (known while a trace is being recorded), or null. */
  age: number | null;
}

/** When each task was made (loop time), as far as a trace being recorded knows (else null). */
const ageSources: ((task: object) => number | null)[] = [];

/** @internal tracing tells graphs when the tasks it saw were made */
export function addAgeSource(source: (task: object) => number | null): () => void {
  ageSources.push(source);
  return () => {
    const i = ageSources.indexOf(source);
    if (i >= 0) ageSources.splice(i, 1);
  };
}

function createdAt(task: object): number | undefined {
  for (const source of ageSources) {
    const t = source(task);
    if (t !== null) return t;
  }
  return undefined;
}

/** The tasks a future leads to, following combinators' futures (a gather's children). */
function tasksBelow(f: FutureLike | null, seen = new Set<unknown>()): FutureLike[] {
  if (f === null || seen.has(f)) return [];
  seen.add(f);
  if (isTask(f)) return [f];
  const children = (f as { _children?: unknown })._children;
  if (Array.isArray(children)) return children.flatMap((c) => (isFuture(c) ? tasksBelow(c, seen) : []));
  return [];
}

/** The tasks that (through combinators) wait for `f`. */
export function awaitingTasksOf(f: FutureLike, seen = new Set<FutureLike>()): TaskView[] {
  const out: TaskView[] = [];
  for (const a of awaitersOf(f)) {
    if (seen.has(a)) continue;
    seen.add(a);
    if (isTask(a)) out.push(a);
    else out.push(...awaitingTasksOf(a, seen));
  }
  return out;
}

/** The pending tasks of `loop` (default: the running loop) with what they wait on. */
export function taskTable(loop?: EventLoop | null): TaskInfo[] {
  const l = loop ?? (runtimeState.runningLoop as EventLoop | null);
  if (!l) return [];
  const now = l.time();
  const rows: TaskInfo[] = [];
  for (const t of l._tasks as Iterable<TaskView>) {
    if (t.done()) continue;
    const waiter = t._futWaiter;
    const cancelling = (t as { cancelling?: () => number }).cancelling?.() ?? 0;
    const made = createdAt(t);
    rows.push({
      id: objectAddress(t),
      name: t.getName(),
      state: cancelling > 0 ? "cancelling" : "pending",
      stack: t.getStack(),
      awaiting: waiter === null ? null : String(waiter),
      awaitingTasks: tasksBelow(waiter)
        .filter(isTask)
        .map((x) => x.getName()),
      awaitedBy: awaitingTasksOf(t).map((x) => x.getName()),
      age: made === undefined ? null : now - made,
    });
  }
  return rows;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/**
 * Every pending task as a table: id, name, state, coroutine stack, what it awaits, what awaits
 * it, age. What `python -m asyncio ps PID` prints for CPython (here also `aio-debug ps PID`).
 */
export function formatTasks(loop?: EventLoop | null): string {
  return formatTaskRows(taskTable(loop));
}

/** {@link formatTasks} for rows already taken (from another process). */
export function formatTaskRows(rows: TaskInfo[]): string {
  const head = ["task id", "task name", "state", "coroutine stack", "awaiting", "awaited by", "age"];
  const widths = [16, 20, 10, 40, 36, 20, 8];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => cut(c, widths[i] as number))
      .join(" ")
      .trimEnd();
  const out = [line(head), widths.map((w) => "-".repeat(w)).join(" ")];
  for (const r of rows) {
    out.push(
      line([
        r.id,
        r.name,
        r.state,
        r.stack.map((s) => s.replace(/\(\).*$/, "")).join(" -> "),
        r.awaitingTasks.length > 0 ? r.awaitingTasks.join(", ") : (r.awaiting ?? "(ready)"),
        r.awaitedBy.join(", "),
        r.age === null ? "?" : `${r.age.toFixed(1)}s`,
      ]),
    );
  }
  return out.join("\n");
}

/**
 * The tasks as a tree, the tasks nobody awaits at the roots and under each task what it awaits,
 * with its coroutine stack. What `python -m asyncio pstree PID` prints:
 * ```text
 * └── (T) Task-1
 *     └──  main
 *         └── (T) worker-A
 *             └──  work
 * ```
 */
export function formatTaskTree(rows: TaskInfo[]): string {
  const children = new Map<string, TaskInfo[]>();
  const nameToRows = new Map<string, TaskInfo[]>();
  for (const r of rows) nameToRows.set(r.name, [...(nameToRows.get(r.name) ?? []), r]);
  const roots: TaskInfo[] = [];
  for (const r of rows) {
    const parents = r.awaitedBy.flatMap((n) => nameToRows.get(n) ?? []);
    if (parents.length === 0) roots.push(r);
    for (const p of parents) children.set(p.id, [...(children.get(p.id) ?? []), r]);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (r: TaskInfo, prefix: string, last: boolean): void => {
    out.push(`${prefix}${last ? "└── " : "├── "}(T) ${r.name}`);
    let p = prefix + (last ? "    " : "│   ");
    if (seen.has(r.id)) return;
    seen.add(r.id);
    for (const frame of r.stack) {
      out.push(`${p}└──  ${frame.replace(/\(\)/, "").replace(/ defined at /, " ")}`);
      p += "    ";
    }
    const kids = children.get(r.id) ?? [];
    kids.forEach((k, i) => {
      walk(k, p, i === kids.length - 1);
    });
  };
  roots.forEach((r, i) => {
    walk(r, "", i === roots.length - 1);
  });
  return out.join("\n");
}
