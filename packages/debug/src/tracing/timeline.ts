/** Export as a terminal picture: one row per task, time across. */
import { spans } from "./spans.js";
import type { Trace } from "./trace.js";

/** Options of {@link Trace.toTimeline}. */
export interface TimelineOptions {
  /** Columns for the time axis (default 60). */
  width?: number | undefined;
  /** Columns for task names (default: the longest name, at most 24); longer names are cut. */
  nameWidth?: number | undefined;
}

/** The trace as rows of text. */
export function toTimeline(trace: Trace, options: TimelineOptions): string {
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
