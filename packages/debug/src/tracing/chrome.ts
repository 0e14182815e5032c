/** Export as Trace Event JSON, the format Perfetto and chrome://tracing open. */

import type { TraceEvent } from "./events.js";
import { spans } from "./spans.js";
import type { Trace } from "./trace.js";

/** A Trace Event Format document. */
export interface ChromeTrace {
  traceEvents: Record<string, unknown>[];
  displayTimeUnit: "ms";
  otherData: Record<string, unknown>;
}

const US = 1e6;

/** The trace as a Trace Event Format document. */
export function toChromeTrace(trace: Trace): ChromeTrace {
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
