/**
 * The task table and tree of `ps`/`pstree` (here also `aio-debug ps|pstree PID`) drawn from rows,
 * and call graphs' limits and file lines, to the character.
 */
import { coroutine, createTask, gather, run, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  captureCallGraph,
  formatCallGraph,
  formatTaskRows,
  formatTaskTree,
  printCallGraph,
  type TaskInfo,
  taskTable,
  tracing,
} from "../src/index.js";

const ROWS: TaskInfo[] = [
  {
    id: "0x7f0000000001",
    name: "Task-1",
    state: "pending",
    stack: ["main() defined at /app/main.ts:3"],
    awaiting: "<_GatheringFuture pending>",
    awaitingTasks: ["worker-A", "worker-B"],
    awaitedBy: [],
    age: 2.25,
  },
  {
    id: "0x7f0000000002",
    name: "worker-A",
    state: "cancelling",
    stack: ["work() defined at /app/main.ts:9", "leaf()"],
    awaiting: "<Future pending>",
    awaitingTasks: [],
    awaitedBy: ["Task-1"],
    age: null,
  },
  {
    id: "0x7f0000000003",
    name: "worker-B-with-a-very-long-name",
    state: "pending",
    stack: [],
    awaiting: null,
    awaitingTasks: [],
    awaitedBy: ["Task-1", "nobody"],
    age: 0,
  },
  {
    id: "0x7f0000000004",
    name: "orphan",
    state: "pending",
    stack: ["x() defined at /a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s.ts:1"],
    awaiting: "<Future pending cb=[a very long callback list that goes past the width>",
    awaitingTasks: [],
    awaitedBy: [],
    age: 12345.678,
  },
];

describe("ps and pstree from rows", () => {
  it("the table: fixed widths, long cells cut with …, the stack's function names, (ready), ? for an unknown age", () => {
    expect(formatTaskRows(ROWS).split("\n")).toEqual(TABLE);
    expect(formatTaskRows([]).split("\n")).toEqual(TABLE.slice(0, 2));
  });

  it("the tree: roots are the tasks nobody (known) awaits; each task under its parent's innermost frame", () => {
    expect(formatTaskTree(ROWS).split("\n")).toEqual(TREE);
    expect(formatTaskTree([])).toBe("");
  });

  it("a task awaited by two tasks is drawn under each, its frames once", () => {
    const [a, b, c] = ["a", "b", "c"].map(
      (name, i): TaskInfo => ({
        id: `0x${i}`,
        name,
        state: "pending",
        stack: [`${name}()`],
        awaiting: null,
        awaitingTasks: [],
        awaitedBy: name === "c" ? ["a", "b"] : [],
        age: null,
      }),
    ) as [TaskInfo, TaskInfo, TaskInfo];
    expect(formatTaskTree([a, b, c]).split("\n")).toEqual([
      "├── (T) a",
      "│   └──  a",
      "│       └── (T) c",
      "│           └──  c",
      "└── (T) b",
      "    └──  b",
      "        └── (T) c",
    ]);
  });
});

describe("taskTable of a running loop", () => {
  it("each pending task: cancelling once cancelled, what it awaits (a repr, or the tasks below a gather), who awaits it, its age while traced", async () => {
    let rows: TaskInfo[] = [];
    let untraced: TaskInfo[] = [];
    const recorder = tracing.start();
    const sleeper = coroutine(function* sleeper() {
      yield* sleep(10);
    });
    const main = coroutine(function* main() {
      const a = createTask(sleeper(), { name: "a" });
      const b = createTask(sleeper(), { name: "b" });
      const done = createTask(sleeper(), { name: "done" });
      yield* sleep(1);
      done.cancel();
      yield* sleep(1);
      const fresh = createTask(sleeper(), { name: "fresh" });
      b.cancel();
      rows = taskTable();
      recorder.stop();
      untraced = taskTable();
      fresh.cancel();
      a.cancel();
      yield* gather(a, b, fresh, { returnExceptions: true });
    });
    await run(main(), { clock: "virtual" });
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(rows.map((r) => r.name)).toEqual(["Task-1", "a", "b", "fresh"]); // not "done"
    expect(by.b?.state).toBe("cancelling");
    expect(by.a?.state).toBe("pending");
    expect(by.a?.awaiting).toBe("<Future pending cb=[Task.task_wakeup()]>");
    expect(by.b?.awaiting).toBe("<Future cancelled>");
    expect(by.fresh?.awaiting).toBe(null); // not started: ready to run
    expect(by.fresh?.awaitingTasks).toEqual([]);
    expect(by["Task-1"]?.awaiting).toBe(null); // it is the task running
    expect(by.a?.age).toBe(2); // made at 0 on the virtual clock, now 2
    expect(by.fresh?.age).toBe(0);
    expect(untraced.every((r) => r.age === null)).toBe(true);
  });
});

describe("call graphs: limit, file lines, printing", () => {
  it("limit keeps the innermost entries (none for 0 or less); a definition place with a line is File …, line N", async () => {
    const texts: Record<string, string> = {};
    const leaf = coroutine(function* leaf() {
      yield* sleep(1);
    });
    const middle = coroutine(function* middle() {
      yield* leaf();
    });
    const main = coroutine(function* main() {
      const t = createTask(middle(), { name: "child" });
      yield* sleep(0);
      for (const limit of [undefined, 0, -1, 1, 5]) {
        const g = captureCallGraph(t, limit === undefined ? {} : { limit });
        texts[String(limit)] = (g?.callStack ?? []).map((e) => e.name).join(",");
      }
      texts.text = formatCallGraph(t, { limit: 1 });
      let printed = "";
      printCallGraph(t, { limit: 1, write: (s) => (printed += s) });
      texts.printed = printed;
      yield* t;
    });
    await run(main(), { clock: "virtual" });
    expect(texts.undefined).toBe("middle"); // JavaScript shows the task's own coroutine only
    expect(texts["0"]).toBe("");
    expect(texts["-1"]).toBe("");
    expect(texts["1"]).toBe("middle");
    expect(texts["5"]).toBe("middle");
    const lines = (texts.text as string).split("\n");
    expect(lines[0]).toMatch(/^\* Task\(name='child', id=0x[0-9a-f]+\)$/);
    expect(lines[1]).toBe("  + Call stack:");
    expect(lines[2]).toMatch(/^ {2}\| {3}File '.*graph-format\.test\.ts', line \d+, in async middle\(\)$/);
    expect(texts.printed).toBe(`${texts.text}\n`);
  });

  it("outside a task: no graph, an empty text, an empty table", () => {
    expect(captureCallGraph()).toBe(null);
    expect(formatCallGraph()).toBe("");
    expect(taskTable()).toEqual([]);
  });
});

const TABLE = [
  "task id          task name            state      coroutine stack                          awaiting                             awaited by           age",
  "---------------- -------------------- ---------- ---------------------------------------- ------------------------------------ -------------------- --------",
  "0x7f0000000001   Task-1               pending    main                                     worker-A, worker-B                                        2.3s",
  "0x7f0000000002   worker-A             cancelling work -> leaf                             <Future pending>                     Task-1               ?",
  "0x7f0000000003   worker-B-with-a-ver… pending                                             (ready)                              Task-1, nobody       0.0s",
  "0x7f0000000004   orphan               pending    x                                        <Future pending cb=[a very long cal…                      12345.7s",
];

const TREE = [
  "├── (T) Task-1",
  "│   └──  main /app/main.ts:3",
  "│       ├── (T) worker-A",
  "│       │   └──  work /app/main.ts:9",
  "│       │       └──  leaf",
  "│       └── (T) worker-B-with-a-very-long-name",
  "└── (T) orphan",
  "    └──  x /a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s.ts:1",
];
