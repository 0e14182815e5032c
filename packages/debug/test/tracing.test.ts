/**
 * Tracing: the events of a fixed program on the virtual clock, compared with golden files (Chrome
 * Trace JSON and the terminal timeline); what tracing leaves when it is off; AIO_TRACE.
 * `UPDATE_GOLDEN=1` rewrites the golden files (review the diff).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runtimeState } from "@aio/loop/internal";
import { resetRuntimeState } from "@aio/loop/testing";
import { run } from "@aio/task";
import { describe, expect, it } from "vitest";
import { tracing } from "../src/index.js";
import { traceMain } from "./trace-program.js";

const here = dirname(fileURLToPath(import.meta.url));

function golden(name: string, actual: string): void {
  const file = join(here, "golden", name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

async function traced(): Promise<tracing.Trace> {
  resetRuntimeState();
  const rec = tracing.start();
  try {
    await run(traceMain(), { clock: "virtual" });
  } finally {
    rec.stop();
  }
  return rec.stop();
}

describe("tracing", () => {
  it("records the program's tasks and events in order (golden Chrome trace and timeline)", async () => {
    const trace = await traced();
    expect(trace.tasks.map((t) => [t.name, t.coro, t.outcome])).toEqual([
      ["Task-1", "main", "return"],
      ["Task-2", "fetch_page", "return"],
      ["Task-3", "fetch_page", "return"],
      ["sleeper", "forever", "cancelled"],
      ["bad", "failing", "raise"],
      ["group-c", "fetch_page", "return"],
      ["group-d", "fetch_page", "return"],
      ["awaited-e", "fetch_page", "return"],
      // run() ends as Python's asyncio.run does: two more tasks wind the loop down.
      ["Task-7", "shutdownAsyncgens", "return"],
      ["Task-8", "shutdownDefaultExecutor", "return"],
    ]);
    const types = new Set(trace.events.map((e) => e.type));
    for (const t of [
      "task",
      "step",
      "step-end",
      "wakeup",
      "cancel",
      "timer",
      "callback",
      "idle",
      "op-start",
      "op-end",
    ]) {
      expect(types.has(t as never), t).toBe(true);
    }
    expect(trace.end - trace.origin).toBeCloseTo(1.4, 9);
    golden("trace.chrome.json", `${JSON.stringify(trace.toChromeTrace(), null, 1)}\n`);
    golden("trace.timeline.txt", `${trace.toTimeline({ width: 64 })}\n`);
  });

  it("Chrome trace: a named track per task, steps as complete events, awaits of tasks as flows that end", async () => {
    const { traceEvents } = (await traced()).toChromeTrace();
    const names = traceEvents
      .filter((e) => e.name === "thread_name")
      .map((e) => (e.args as { name: string }).name);
    expect(names).toEqual([
      "loop",
      "Task-1",
      "Task-2",
      "Task-3",
      "sleeper",
      "bad",
      "group-c",
      "group-d",
      "awaited-e",
      "Task-7",
      "Task-8",
    ]);
    const steps = traceEvents.filter((e) => e.ph === "X" && e.cat === "step");
    expect(new Set(steps.map((e) => e.tid))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    for (const e of steps) expect(typeof e.ts === "number" && typeof e.dur === "number").toBe(true);
    const starts = traceEvents.filter((e) => e.ph === "s").map((e) => e.id);
    const ends = traceEvents.filter((e) => e.ph === "f").map((e) => e.id);
    expect(starts.length).toBeGreaterThan(0);
    expect(ends.sort()).toEqual(starts.sort());
    // Every "b" of an outside operation has its "e".
    const b = traceEvents.filter((e) => e.ph === "b").map((e) => e.id);
    expect(traceEvents.filter((e) => e.ph === "e").map((e) => e.id)).toEqual(b);
  });

  it("two recordings at once each see every event and number the tasks themselves", async () => {
    resetRuntimeState();
    const first = tracing.start();
    const second = tracing.start({ keep: false, onEvent: () => {} });
    const both = tracing.start();
    await run(traceMain(), { clock: "virtual" });
    second.stop();
    const a = first.stop();
    const b = both.stop();
    expect(a.tasks.map((t) => [t.id, t.name, t.outcome])).toEqual(
      b.tasks.map((t) => [t.id, t.name, t.outcome]),
    );
    expect(a.events.length).toBe(b.events.length);
    expect(JSON.stringify(a.toChromeTrace())).toBe(JSON.stringify(b.toChromeTrace()));
    expect(second.eventCount).toBe(0); // keep: false
  });

  it("a recording started later still pairs every outside operation's start with its end", async () => {
    const opened = (t: tracing.Trace) =>
      t.events.filter((e) => e.type === "op-start").map((e) => (e as { op: number }).op);
    const closed = (t: tracing.Trace) =>
      t.events.filter((e) => e.type === "op-end").map((e) => (e as { op: number }).op);
    resetRuntimeState();
    const early = tracing.start();
    await run(traceMain(), { clock: "virtual" }); // its operations move the early recording's count on
    const late = tracing.start();
    await run(traceMain(), { clock: "virtual" });
    const a = early.stop();
    const b = late.stop();
    for (const t of [a, b]) {
      expect(opened(t).length).toBeGreaterThan(0);
      expect(closed(t).sort()).toEqual(opened(t).sort());
    }
    expect(opened(b)[0]).toBe(1); // each recording numbers its own from 1
  });

  it("costs nothing when off: no tracer is installed, and stop() takes it out again", async () => {
    expect(runtimeState.tracer).toBe(null);
    const a = tracing.start();
    const b = tracing.start({ keep: false, onEvent: () => {} });
    expect(runtimeState.tracer).not.toBe(null);
    a.stop();
    expect(tracing.isTracing()).toBe(true);
    b.stop();
    expect(runtimeState.tracer).toBe(null);
    expect(tracing.isTracing()).toBe(false);
    resetRuntimeState();
    await run(traceMain(), { clock: "virtual" });
    expect(a.events.length).toBe(0);
  });

  it("node --import @aio/debug with AIO_TRACE records a program that does not import the package", () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-trace-"));
    try {
      const out = join(dir, "trace.txt");
      const script = join(here, "fixtures", "untouched-program.ts");
      const r = spawnSync(
        process.execPath,
        ["--conditions=aio-source", "--import", "tsx", "--import", "@aio/debug", script],
        { cwd: join(here, ".."), encoding: "utf8", env: { ...process.env, AIO_TRACE: out } },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out, "utf8")).toMatch(/^sleeper +\|/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // One program per format, each its own test: three cold tsx starts in one test outran its time budget
  // on a loaded CI machine.
  it.each(["json", "html", "txt"])(
    "AIO_TRACE records a whole program and writes the file at exit (%s)",
    (ext) => {
      const dir = mkdtempSync(join(tmpdir(), "aio-trace-"));
      try {
        const script = join(here, "fixtures", "traced-program.ts");
        const out = join(dir, `trace.${ext}`);
        const r = spawnSync(process.execPath, ["--conditions=aio-source", "--import", "tsx", script], {
          cwd: join(here, ".."),
          encoding: "utf8",
          env: { ...process.env, AIO_TRACE: out },
        });
        expect(r.status, r.stderr).toBe(0);
        const text = readFileSync(out, "utf8");
        if (ext === "json") {
          const names = (JSON.parse(text) as tracing.ChromeTrace).traceEvents
            .filter((e) => e.name === "thread_name")
            .map((e) => (e.args as { name: string }).name);
          expect(names).toContain("sleeper");
        } else if (ext === "html") {
          expect(text).toMatch(/^<!doctype html>/);
          expect(text).toContain('"name":"group-d"');
        } else {
          expect(text).toMatch(/^sleeper +\|/m);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
