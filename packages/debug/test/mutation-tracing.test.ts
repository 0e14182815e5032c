/**
 * Tracing, part by part: the exports of a trace built by hand (every event type, every outcome,
 * names too long for the timeline), and the recorder on the real loop (debug mode's chains,
 * recordings that do not keep events, many events and tasks, renamed tasks, AIO_TRACE's writer).
 * Written against the survivors of the mutation run of src/tracing.ts (test/MUTATION.md).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRunningLoop } from "@aio/loop";
import { runtimeState } from "@aio/loop/internal";
import { resetRuntimeState } from "@aio/loop/testing";
import { coroutine, createTask, ensureFuture, run, sleep } from "@aio/task";
import { afterEach, describe, expect, it } from "vitest";
import { taskTable, tracing } from "../src/index.js";

type E = tracing.TraceEvent;

/** A trace made by hand: task 1 awaits task 2, which yields once then raises; 3 is cancelled; 4 never ends. */
function handmade(): tracing.Trace {
  const tasks: tracing.TraceTask[] = [
    { id: 1, name: "main", coro: "main", start: 10, end: 12, outcome: "return" },
    { id: 2, name: "a-task-name-longer-than-24", coro: "child", start: 10.5, end: 11.5, outcome: "raise" },
    { id: 3, name: "c", coro: "victim", start: 10.2, end: 11, outcome: "cancelled" },
    { id: 4, name: "pend", coro: "forever", start: 11, end: null, outcome: null },
  ];
  const child: tracing.FutureRef = { kind: "task", task: 2, label: "a-task-name-longer-than-24" };
  const events: E[] = [
    { type: "task", t: 10, task: 1, name: "main", coro: "main", parent: null },
    { type: "step", t: 10, task: 1, thrown: false },
    { type: "timer", t: 10, when: 10.25, delay: 0.25, callback: "tick" },
    { type: "step-end", t: 10.1, task: 1, outcome: "await", waiter: child },
    { type: "task", t: 10.2, task: 3, name: "c", coro: "victim", parent: 1 },
    { type: "step", t: 10.2, task: 3, thrown: false },
    { type: "step-end", t: 10.2, task: 3, outcome: "await", waiter: { kind: "future", label: "Future" } },
    { type: "callback", t: 10.25, end: 10.26, callback: "tick" },
    { type: "idle", t: 10.3, timeout: null },
    { type: "idle", t: 10.4, timeout: 0.123456789 },
    { type: "task", t: 10.5, task: 2, name: "a-task-name-longer-than-24", coro: "child", parent: 1 },
    { type: "step", t: 10.5, task: 2, thrown: false },
    { type: "step-end", t: 10.6, task: 2, outcome: "yield" },
    { type: "step", t: 10.7, task: 2, thrown: false },
    { type: "op-start", t: 10.8, op: 1, kind: "promise", detail: "" },
    { type: "op-end", t: 10.9, op: 1 },
    { type: "op-start", t: 10.8, op: 2, kind: "file", detail: "read x" },
    { type: "op-end", t: 10.95, op: 2 },
    { type: "op-end", t: 10.96, op: 99 },
    { type: "cancel", t: 11, task: 3, msg: "stop" },
    { type: "step", t: 11, task: 3, thrown: true, error: "CancelledError('stop')" },
    { type: "step-end", t: 11, task: 3, outcome: "cancelled" },
    { type: "task", t: 11, task: 4, name: "pend", coro: "forever", parent: 1 },
    { type: "step-end", t: 11.5, task: 2, outcome: "raise", value: "RangeError('x')" },
    { type: "wakeup", t: 11.5, task: 1, future: child },
    { type: "step", t: 11.6, task: 1, thrown: false },
    { type: "step-end", t: 12, task: 1, outcome: "return", value: "'done'" },
  ];
  return new tracing.Trace(events, tasks, 10);
}

describe("a trace's exports", () => {
  it("end is the latest event, a callback's end included; events and tasks are read once", () => {
    const t = handmade();
    expect(t.end).toBe(12);
    expect(t.events).toBe(t.events);
    expect(t.tasks).toBe(t.tasks);
    const onlyCallback = new tracing.Trace([{ type: "callback", t: 1, end: 3, callback: "cb" }], [], 0);
    expect(onlyCallback.end).toBe(3);
    expect(new tracing.Trace([], [], 5).end).toBe(5);
    let reads = 0;
    const lazy = new tracing.Trace(
      () => {
        reads++;
        return [];
      },
      () => [],
      0,
    );
    void lazy.events;
    void lazy.events;
    expect(reads).toBe(1);
  });

  it("spans: steps, waits with what they await, a bare yield, and waits still open at the end", () => {
    const s = tracing.spans(handmade());
    const byTask = (id: number) =>
      s.filter((x) => x.task === id).map((x) => [x.kind, x.start, x.end, x.label]);
    expect(byTask(1)).toEqual([
      ["step", 10, 10.1, "main()"],
      ["wait", 10.1, 11.6, "await a-task-name-longer-than-24"],
      ["step", 11.6, 12, "main()"],
    ]);
    expect(byTask(2)).toEqual([
      ["step", 10.5, 10.6, "child()"],
      ["wait", 10.6, 10.7, "ready (bare yield)"],
      ["step", 10.7, 11.5, "child()"],
    ]);
    expect(byTask(3)).toEqual([
      ["step", 10.2, 10.2, "victim()"],
      ["wait", 10.2, 11, "await Future"],
      ["step", 11, 11, "victim()"],
    ]);
    // A step of a task the trace does not list, and a wait still open at the end.
    const other = new tracing.Trace(
      [
        { type: "step", t: 0, task: 9, thrown: false },
        { type: "step-end", t: 1, task: 9, outcome: "await" },
        { type: "step-end", t: 2, task: 8, outcome: "await" },
      ],
      [],
      0,
    );
    expect(tracing.spans(other)).toEqual([
      { task: 9, kind: "step", start: 0, end: 1, label: "step" },
      { task: 9, kind: "wait", start: 1, end: 2, label: "await future" },
      { task: 8, kind: "wait", start: 2, end: 2, label: "await future" },
    ]);
  });

  it("Chrome trace: metadata, spans, flows, marks and operations, in microseconds from the origin", () => {
    const c = handmade().toChromeTrace();
    expect(c.displayTimeUnit).toBe("ms");
    expect(c.otherData).toEqual({ producer: "@aio/debug", origin: 10 });
    const ev = c.traceEvents;
    expect(ev.slice(0, 5)).toEqual([
      { ph: "M", pid: 1, tid: 0, name: "process_name", args: { name: "aio event loop" } },
      { ph: "M", pid: 1, tid: 0, name: "thread_name", args: { name: "loop" } },
      { ph: "M", pid: 1, tid: 0, name: "thread_sort_index", args: { sort_index: 0 } },
      { ph: "M", pid: 1, tid: 1, name: "thread_name", args: { name: "main" } },
      { ph: "M", pid: 1, tid: 1, name: "thread_sort_index", args: { sort_index: 1 } },
    ]);
    expect(ev.filter((e) => e.ph === "M").length).toBe(3 + 2 * 4);
    expect(ev.find((e) => e.ph === "X" && e.cat === "step" && e.tid === 1)).toEqual({
      ph: "X",
      pid: 1,
      tid: 1,
      name: "main()",
      cat: "step",
      ts: 0,
      dur: 100000,
    });
    expect(ev.find((e) => e.ph === "X" && e.cat === "wait" && e.tid === 1)).toEqual({
      ph: "X",
      pid: 1,
      tid: 1,
      name: "await a-task-name-longer-than-24",
      cat: "wait",
      ts: 100000,
      dur: 1500000,
    });
    const flows = ev.filter((e) => e.cat === "await");
    expect(flows).toEqual([
      { ph: "s", pid: 1, tid: 1, id: 1, name: "await", cat: "await", ts: 100000 },
      { ph: "t", pid: 1, tid: 2, id: 1, name: "await", cat: "await", ts: 100000 },
      { ph: "t", pid: 1, tid: 2, id: 1, name: "await", cat: "await", ts: 1500000 },
      { ph: "f", bp: "e", pid: 1, tid: 1, id: 1, name: "await", cat: "await", ts: 1500000 },
    ]);
    const marks = ev.filter((e) => e.ph === "i");
    expect(marks).toEqual([
      {
        ph: "i",
        s: "t",
        pid: 1,
        tid: 1,
        name: "create main",
        cat: "task",
        ts: 0,
        args: { coro: "main", parent: null },
      },
      {
        ph: "i",
        s: "t",
        pid: 1,
        tid: 0,
        name: "callLater(0.25, tick)",
        cat: "timer",
        ts: 0,
        args: { when: 0.25 },
      },
      {
        ph: "i",
        s: "t",
        pid: 1,
        tid: 3,
        name: "create c",
        cat: "task",
        ts: 200000,
        args: { coro: "victim", parent: 1 },
      },
      { ph: "i", s: "t", pid: 1, tid: 0, name: "idle: wait for outside work", cat: "idle", ts: 300000 },
      { ph: "i", s: "t", pid: 1, tid: 0, name: "idle: select(timeout=0.123457)", cat: "idle", ts: 400000 },
      {
        ph: "i",
        s: "t",
        pid: 1,
        tid: 2,
        name: "create a-task-name-longer-than-24",
        cat: "task",
        ts: 500000,
        args: { coro: "child", parent: 1 },
      },
      { ph: "i", s: "t", pid: 1, tid: 3, name: "cancel", cat: "task", ts: 1000000, args: { msg: "stop" } },
      {
        ph: "i",
        s: "t",
        pid: 1,
        tid: 4,
        name: "create pend",
        cat: "task",
        ts: 1000000,
        args: { coro: "forever", parent: 1 },
      },
    ]);
    expect(ev.filter((e) => e.cat === "callback")).toEqual([
      { ph: "X", pid: 1, tid: 0, name: "tick", cat: "callback", ts: 250000, dur: 10000 },
    ]);
    expect(ev.filter((e) => e.ph === "b" || e.ph === "e")).toEqual([
      { ph: "b", pid: 1, tid: 0, id: "op1", name: "promise", cat: "promise", ts: 800000 },
      { ph: "e", pid: 1, tid: 0, id: "op1", name: "promise", cat: "promise", ts: 900000 },
      { ph: "b", pid: 1, tid: 0, id: "op2", name: "file: read x", cat: "file", ts: 800000 },
      { ph: "e", pid: 1, tid: 0, id: "op2", name: "file: read x", cat: "file", ts: 950000 },
    ]);
  });

  it("Chrome trace: a flow per awaiter of a task, each ending at its own wake-up; none for a future", () => {
    const t2: tracing.FutureRef = { kind: "task", task: 2, label: "t2" };
    const trace = new tracing.Trace(
      [
        { type: "step-end", t: 1, task: 1, outcome: "await", waiter: t2 },
        { type: "step-end", t: 1, task: 3, outcome: "await", waiter: t2 },
        { type: "step-end", t: 1, task: 4, outcome: "await", waiter: { kind: "future", label: "Future" } },
        { type: "step-end", t: 2, task: 2, outcome: "cancelled" },
        { type: "wakeup", t: 3, task: 1, future: t2 },
        { type: "wakeup", t: 4, task: 3, future: t2 },
        { type: "wakeup", t: 5, task: 5, future: t2 },
        { type: "wakeup", t: 5, task: 4, future: { kind: "future", label: "Future" } },
      ],
      [],
      0,
    );
    const flows = trace
      .toChromeTrace()
      .traceEvents.filter((e) => e.cat === "await")
      .map((e) => `${e.ph}${e.id}@${e.tid}:${e.ts}`);
    expect(flows).toEqual([
      "s1@1:1000000",
      "t1@2:1000000",
      "s2@3:1000000",
      "t2@2:1000000",
      "t1@2:2000000",
      "t2@2:2000000",
      "f1@1:3000000",
      "f2@3:4000000",
    ]);
  });

  it("Chrome trace: a span never has a negative duration; times round to the nanosecond", () => {
    const trace = new tracing.Trace(
      [
        { type: "step", t: 2, task: 1, thrown: false },
        { type: "step-end", t: 1, task: 1, outcome: "return" },
        { type: "callback", t: 2, end: 1, callback: "back" },
        { type: "timer", t: 1.0000000004, when: 3, delay: 1.99999999, callback: "cb" },
      ],
      [{ id: 1, name: "x", coro: "x", start: 0, end: 1, outcome: "return" }],
      0,
    );
    const ev = trace.toChromeTrace().traceEvents;
    expect(ev.find((e) => e.cat === "step")?.dur).toBe(0);
    expect(ev.find((e) => e.cat === "callback")?.dur).toBe(0);
    const timer = ev.find((e) => e.cat === "timer");
    expect(timer?.ts).toBe(1000000);
    expect(timer?.name).toBe("callLater(2, cb)");
  });

  it("timeline: names cut to 24 columns, steps, waits, outcomes and the axis", () => {
    expect(handmade().toTimeline({ width: 20 })).toBe(
      [
        "                         |0s             2.00s|",
        // (10.1 - 10) / 2 * 20 is 0.999…: the first step ends in column 0.
        "main                     |█··············████✓|",
        "a-task-name-longer-than… |     ██████████✗    |",
        "c                        | █········C         |",
        "pend                     |          ··········|",
        "                          █ running a step  · waiting  ✓ returned  ✗ raised  C cancelled",
      ].join("\n"),
    );
  });

  it("timeline: nameWidth, a minimum width of 10, at least 4 columns of names, the axis's units", () => {
    const t = (end: number, name = "ab") =>
      new tracing.Trace(
        [{ type: "step", t: end, task: 1, thrown: false }],
        [{ id: 1, name, coro: "x", start: 0, end: null, outcome: null }],
        0,
      );
    expect(t(0.5).toTimeline({ width: 3 }).split("\n")[0]).toBe("     |0s  0.500s|");
    expect(t(0.5).toTimeline({ width: 3 }).split("\n")[1]).toBe("ab   |··········|");
    expect(t(5).toTimeline({ width: 12 }).split("\n")[0]).toBe("     |0s     5.00s|");
    expect(t(12).toTimeline({ width: 12 }).split("\n")[0]).toBe("     |0s     12.0s|");
    expect(t(1).toTimeline({ width: 12, nameWidth: 1 }).split("\n")[1]).toBe("ab |············|");
    expect(t(1, "abcdef").toTimeline({ width: 12, nameWidth: 3 }).split("\n")[1]).toBe("ab… |············|");
    expect(t(10).toTimeline().split("\n")[0]).toBe(`     |0s${" ".repeat(53)}10.0s|`);
    expect(t(0.999).toTimeline({ width: 10 }).split("\n")[0]).toBe("     |0s  0.999s|");
    const empty = new tracing.Trace([], [], 7);
    expect(empty.toTimeline({ width: 10 })).toBe(
      "     |0s  0.000s|\n      █ running a step  · waiting  ✓ returned  ✗ raised  C cancelled",
    );
  });

  it("HTML: the title escaped, the data as JSON that cannot close its script element", () => {
    const t = new tracing.Trace(
      [
        { type: "timer", t: 1, when: 2, delay: 1, callback: "cb" },
        { type: "cancel", t: 1.5, task: 1, msg: null },
        { type: "idle", t: 1.6, timeout: 1 },
        { type: "step", t: 2, task: 1, thrown: false },
      ],
      [{ id: 1, name: "</script><b>&'\"", coro: "x", start: 0, end: null, outcome: null }],
      0,
    );
    const html = t.toHtml({ title: `<a & "b" 'c'>` });
    expect(html).toContain("<title>&#60;a &#38; &#34;b&#34; &#39;c&#39;&#62;</title>");
    expect(html).toContain("<h1>&#60;a &#38; &#34;b&#34; &#39;c&#39;&#62;</h1>");
    expect(html).not.toContain("</script><b>");
    const json = /<script id="trace-data" type="application\/json">(.*)<\/script>/.exec(html)?.[1] as string;
    const data = JSON.parse(json);
    expect(data.origin).toBe(0);
    expect(data.end).toBe(2);
    expect(data.tasks[0].name).toBe("</script><b>&'\"");
    expect(data.marks).toEqual([
      { t: 1, type: "timer", task: 0 },
      { t: 1.5, type: "cancel", task: 1 },
      { t: 1.6, type: "idle", task: 0 },
    ]);
    expect(data.spans).toEqual([]);
    expect(html.startsWith("<!doctype html>\n")).toBe(true);
    expect(new tracing.Trace([], [], 0).toHtml()).toContain("<title>aio trace</title>");
  });
});

describe("AIO_TRACE", () => {
  const saved = process.env.AIO_TRACE;
  afterEach(() => {
    if (saved === undefined) delete process.env.AIO_TRACE;
    else process.env.AIO_TRACE = saved;
  });

  /** Calls traceFromEnvironment and runs, now, the exit handler it installed (if any). */
  async function atExit(target: string | undefined): Promise<boolean> {
    if (target === undefined) delete process.env.AIO_TRACE;
    else process.env.AIO_TRACE = target;
    const before = new Set(process.listeners("exit"));
    resetRuntimeState();
    tracing.traceFromEnvironment();
    const added = process.listeners("exit").filter((l) => !before.has(l));
    if (added.length === 0) return false;
    await run(
      coroutine(function* main() {
        yield* sleep(0.01);
      })(),
      { clock: "virtual" },
    );
    for (const l of added) {
      process.removeListener("exit", l);
      (l as (code: number) => void)(0);
    }
    return true;
  }

  it("writes Chrome JSON, the HTML page or the timeline at exit; unset or 0 records nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-trace-env-"));
    const errWrite = process.stderr.write;
    try {
      expect(await atExit(undefined)).toBe(false);
      expect(await atExit("0")).toBe(false);
      expect(await atExit("")).toBe(false);
      expect(tracing.isTracing()).toBe(false);
      expect(await atExit(join(dir, "t.json"))).toBe(true);
      expect(tracing.isTracing()).toBe(false);
      const json = JSON.parse(readFileSync(join(dir, "t.json"), "utf8"));
      expect(json.otherData.producer).toBe("@aio/debug");
      expect(json.traceEvents.some((e: { name: string }) => e.name === "main()")).toBe(true);
      // The program as it was run, with arguments that need escaping in the title.
      const savedArgv = process.argv;
      process.argv = [process.execPath, "app.js", "--name", `<"it's" & co>`];
      try {
        await atExit(join(dir, "t.html"));
      } finally {
        process.argv = savedArgv;
      }
      const html = readFileSync(join(dir, "t.html"), "utf8");
      expect(html).toContain(
        "<title>aio trace of app.js --name &#60;&#34;it&#39;s&#34; &#38; co&#62;</title>",
      );
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html).toContain(
        `<title>aio trace of ${process.argv.slice(1).join(" ")}</title>`
          .replace(/[&<>"']/g, (c) => (c === "<" || c === ">" ? c : c))
          .split(" of ")[0],
      );
      await atExit(join(dir, "t.txt"));
      const txt = readFileSync(join(dir, "t.txt"), "utf8");
      expect(txt).toMatch(/^ +\|0s +0\.010s\|\nTask-1 +\|/);
      expect(txt.endsWith("C cancelled\n")).toBe(true);
      let written = "";
      process.stderr.write = ((s: string) => {
        written += s;
        return true;
      }) as typeof process.stderr.write;
      await atExit(join(dir, "no-such-dir", "t.json"));
      process.stderr.write = errWrite;
      expect(written).toMatch(/^AIO_TRACE: cannot write .*no-such-dir\/t\.json: Error: ENOENT/);
    } finally {
      process.stderr.write = errWrite;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the recorder", () => {
  afterEach(() => {
    runtimeState.tracer = null;
  });

  it("debug mode keeps the coroutine chain of each step's end; values are kept as reprs", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    const inner = coroutine(function* inner() {
      yield* sleep(0.1);
      return 42;
    });
    const outer = coroutine(function* outer() {
      return yield* inner();
    });
    await run(
      coroutine(function* main() {
        return yield* createTask(outer(), { name: "deep" });
      })(),
      { clock: "virtual", debug: true },
    );
    const trace = rec.stop();
    const deep = trace.tasks.find((t) => t.name === "deep")?.id;
    const ends = trace.events.filter((e) => e.type === "step-end" && e.task === deep) as (E & {
      type: "step-end";
    })[];
    expect(ends[0]?.outcome).toBe("await");
    expect(ends[0]?.waiter).toEqual({ kind: "future", label: expect.any(String) });
    expect(ends[0]?.chain?.map((c) => c.replace(/\(\).*/, "()"))).toEqual(["outer()", "inner()"]);
    const last = ends[ends.length - 1];
    expect(last?.outcome).toBe("return");
    expect(last?.value).toBe("42");
    expect(last?.chain).toBe(undefined);
  });

  it("results and errors: primitives and objects as reprs, an error as the step's end value", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    const returns = (v: unknown) =>
      coroutine(function* ret() {
        yield* sleep(0);
        return v;
      })();
    const fails = coroutine(function* fails() {
      yield* sleep(0);
      throw new RangeError("bad");
    });
    await run(
      coroutine(function* main() {
        yield* createTask(returns("text"), { name: "str" });
        yield* createTask(returns(null), { name: "null" });
        yield* createTask(returns({ a: 1 }), { name: "obj" });
        const f = createTask(fails(), { name: "fails" });
        try {
          yield* f;
        } catch {
          // recorded
        }
      })(),
      { clock: "virtual" },
    );
    const trace = rec.stop();
    const value = (name: string) => {
      const id = trace.tasks.find((t) => t.name === name)?.id;
      const e = trace.events.filter((x) => x.type === "step-end" && x.task === id).pop() as E & {
        type: "step-end";
      };
      return [e.outcome, e.value];
    };
    expect(value("str")).toEqual(["return", "'text'"]);
    expect(value("null")).toEqual(["return", "None"]);
    expect(value("obj")).toEqual(["return", "{'a': 1}"]);
    expect(value("fails")).toEqual(["raise", "RangeError('bad')"]);
    expect(trace.tasks.find((t) => t.name === "fails")?.outcome).toBe("raise");
  });

  it("a recording that does not keep events hands each to onEvent; one that keeps them, too", async () => {
    resetRuntimeState();
    const seen: string[] = [];
    const kept: E[] = [];
    const passing = tracing.start({ keep: false, onEvent: (e) => seen.push(e.type) });
    const keeping = tracing.start({ onEvent: (e, r) => kept.push(e) && r.eventCount > 0 });
    await run(
      coroutine(function* main() {
        yield* sleep(0.1);
      })(),
      { clock: "virtual" },
    );
    passing.stop();
    const trace = keeping.stop();
    expect(passing.eventCount).toBe(0);
    expect(passing.events).toEqual([]);
    expect(seen).toEqual(trace.events.map((e) => e.type));
    expect(kept).toEqual(trace.events);
    expect(kept[0]).toBe(trace.events[0]);
  });

  it("many events and tasks: the columns grow and nothing is lost", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    const n = 300;
    const tiny = coroutine(function* tiny() {
      yield* sleep(0);
    });
    await run(
      coroutine(function* main() {
        for (let i = 0; i < n; i++) yield* createTask(tiny(), { name: `t${i}` });
      })(),
      { clock: "virtual" },
    );
    const trace = rec.stop();
    expect(rec.taskCount).toBeGreaterThanOrEqual(n + 1);
    expect(trace.tasks.length).toBe(rec.taskCount);
    expect(trace.tasks.slice(1, n + 1).map((t) => t.name)).toEqual(
      Array.from({ length: n }, (_, i) => `t${i}`),
    );
    expect(trace.tasks.slice(1, n + 1).every((t) => t.outcome === "return" && t.end !== null)).toBe(true);
    expect(rec.eventCount).toBeGreaterThan(1024 * 1.5);
    expect(trace.events.length).toBe(rec.eventCount);
    const created = trace.events.filter((e) => e.type === "task").map((e) => (e as { name: string }).name);
    expect(created.slice(1, n + 1)).toEqual(Array.from({ length: n }, (_, i) => `t${i}`));
    const times = trace.events.map((e) => e.t);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
  });

  it("a task renamed while it runs is named by its new name; the recorder's tasks follow", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    let before = "";
    await run(
      coroutine(function* main() {
        const t = createTask(
          coroutine(function* renamed() {
            yield* sleep(0);
            yield* sleep(0);
          })(),
          { name: "old" },
        );
        yield* sleep(0);
        before = [...rec.tasks.values()].map((x) => x.name).join(",");
        t.setName("new");
        yield* t;
      })(),
      { clock: "virtual" },
    );
    const trace = rec.stop();
    expect(before).toContain("old");
    expect([...rec.tasks.values()].map((x) => x.name)).toContain("new");
    expect(trace.tasks.map((x) => x.name)).toContain("new");
    expect(trace.tasks.map((x) => x.name)).not.toContain("old");
    expect(rec.tasks.get(1)?.name).toBe("Task-1");
    expect(rec.tasks.get(1)?.outcome).toBe("return");
  });

  it("cancel without a message, timers with their delay, and callbacks by name", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    await run(
      coroutine(function* main() {
        const loop = getRunningLoop();
        loop.callLater(0.5, () => {});
        loop.callSoon(function named() {});
        const t = createTask(
          coroutine(function* victim() {
            yield* sleep(10);
          })(),
        );
        yield* sleep(0);
        t.cancel();
        try {
          yield* t;
        } catch {
          // cancelled
        }
        yield* sleep(0.6);
      })(),
      { clock: "virtual" },
    );
    const trace = rec.stop();
    const cancel = trace.events.find((e) => e.type === "cancel") as E & { type: "cancel" };
    expect(cancel.msg).toBe(null);
    const timers = trace.events.filter((e) => e.type === "timer") as (E & { type: "timer" })[];
    const half = timers.find((e) => e.delay === 0.5);
    expect(half?.callback).toBe("<anonymous>");
    expect(half?.when).toBeCloseTo((half?.t as number) + 0.5, 9);
    const callbacks = trace.events.filter((e) => e.type === "callback") as (E & { type: "callback" })[];
    expect(callbacks.map((c) => c.callback)).toContain("named");
    expect(callbacks.every((c) => c.end >= c.t)).toBe(true);
  });

  it("a task made before the recording is first seen at its next step; taskTable gives its age", async () => {
    resetRuntimeState();
    let rec: tracing.Recorder | null = null;
    let ages: (number | null)[] = [];
    await run(
      coroutine(function* main() {
        const early = createTask(
          coroutine(function* early() {
            yield* sleep(1);
          })(),
          { name: "early" },
        );
        yield* sleep(0);
        rec = tracing.start();
        const late = createTask(
          coroutine(function* late() {
            yield* sleep(1);
          })(),
          { name: "late" },
        );
        yield* sleep(0.5);
        ages = taskTable()
          .filter((r) => r.name === "late" || r.name === "early")
          .map((r) => r.age);
        yield* early;
        yield* late;
      })(),
      { clock: "virtual" },
    );
    const trace = (rec as unknown as tracing.Recorder).stop();
    const names = trace.tasks.map((t) => t.name);
    expect(names).toContain("early");
    expect(names).toContain("late");
    expect(trace.events.filter((e) => e.type === "task").map((e) => (e as { name: string }).name)).toEqual([
      "late",
      "Task-4",
      "Task-5",
    ]); // and run()'s two closing tasks
    expect(ages.length).toBe(2);
    expect(ages).toContain(0.5);
  });

  it("a second copy's tracer is refused; stop() twice gives the same trace", () => {
    const foreign = { taskCreated() {} };
    runtimeState.tracer = foreign as never;
    expect(() => tracing.start()).toThrow(
      "another tracer is installed in this thread (a second copy of @aio/debug?)",
    );
    expect(tracing.isTracing()).toBe(false);
    expect(runtimeState.tracer).toBe(foreign);
    runtimeState.tracer = null;
    const rec = tracing.start();
    const a = rec.stop();
    const b = rec.stop();
    expect(a.events).toEqual(b.events);
    expect(tracing.isTracing()).toBe(false);
    expect(runtimeState.tracer).toBe(null);
  });

  it("an operation that ends after stop, or started before start, is left out", async () => {
    resetRuntimeState();
    let rec: tracing.Recorder | null = null;
    await run(
      coroutine(function* main() {
        const slow = ensureFuture(new Promise((r) => setTimeout(r, 5)));
        rec = tracing.start();
        yield* slow;
        yield* ensureFuture(Promise.resolve(1));
      })(),
    );
    const trace = (rec as unknown as tracing.Recorder).stop();
    const starts = trace.events.filter((e) => e.type === "op-start") as (E & { type: "op-start" })[];
    const ends = trace.events.filter((e) => e.type === "op-end") as (E & { type: "op-end" })[];
    expect(starts.map((e) => e.op)).toEqual([1]);
    expect(ends.map((e) => e.op)).toEqual([1]);
  });

  it("the recorder's origin is the loop time of its first event", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    expect(rec.origin).toBe(null);
    await run(
      coroutine(function* main() {
        yield* sleep(0.25);
      })(),
      { clock: "virtual" },
    );
    const trace = rec.stop();
    expect(trace.origin).toBe(rec.origin);
    expect(trace.origin).toBe(trace.events[0]?.t);
    expect(trace.end - trace.origin).toBeCloseTo(0.25, 9);
    expect(new tracing.Recorder().stop().origin).toBe(0);
  });
});
