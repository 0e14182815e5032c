/**
 * A trace's exports (Chrome Trace Event JSON, the terminal timeline, the HTML page) for traces made
 * by hand through the public `Trace` constructor: written against the survivors of the session-6
 * mutation runs of src/tracing/chrome.ts, timeline.ts, html.ts and tracing.ts (test/MUTATION.md).
 */
import { describe, expect, it } from "vitest";
import { tracing } from "../src/index.js";

describe("Chrome trace", () => {
  it("an await with no future named, or on a task ref without an id, draws no flow arrow and does not fail", () => {
    const trace = new tracing.Trace(
      [
        { type: "step", t: 0, task: 1, thrown: false },
        { type: "step-end", t: 1, task: 1, outcome: "await" },
        { type: "step", t: 2, task: 1, thrown: false },
        { type: "step-end", t: 3, task: 1, outcome: "await", waiter: { kind: "task", label: "elsewhere" } },
        { type: "wakeup", t: 4, task: 1, future: { kind: "task", label: "elsewhere" } },
        { type: "step", t: 4, task: 1, thrown: false },
        { type: "step-end", t: 5, task: 1, outcome: "return", value: "None" },
      ],
      [{ id: 1, name: "t", coro: "t", start: 0, end: 5, outcome: "return" }],
      0,
    );
    const ev = trace.toChromeTrace().traceEvents;
    expect(ev.filter((e) => e.cat === "await")).toEqual([]);
    expect(ev.filter((e) => e.ph === "X").map((e) => [e.cat, e.ts, e.dur])).toEqual([
      ["step", 0, 1e6],
      ["wait", 1e6, 1e6],
      ["step", 2e6, 1e6],
      ["wait", 3e6, 1e6],
      ["step", 4e6, 1e6],
    ]);
  });
});

describe("timeline", () => {
  it("the axis gives a second and more with two decimals, from exactly 1 s", () => {
    const t = (end: number) =>
      new tracing.Trace(
        [{ type: "step", t: end, task: 1, thrown: false }],
        [{ id: 1, name: "ab", coro: "x", start: 0, end: null, outcome: null }],
        0,
      );
    expect(t(1).toTimeline({ width: 12 }).split("\n")[0]).toBe("     |0s     1.00s|");
  });
});
