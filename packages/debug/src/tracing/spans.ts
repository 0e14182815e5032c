/** The spans of a trace: what each task was doing from one event to the next. */
import type { Trace } from "./trace.js";

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
