/**
 * Introspection: call graphs through gather, TaskGroup, shield and wait (Python 3.14's
 * asyncio.graph), the task table and tree, and `aio-debug ps|pstree PID` against a child process.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRunningLoop } from "@aio/loop";
import {
  coroutine,
  createTask,
  gather,
  run,
  shield,
  sleep,
  type Task,
  TaskGroup,
  using,
  wait,
} from "@aio/task";
import { afterAll, describe, expect, it } from "vitest";
import { captureCallGraph, formatCallGraph, formatTasks, formatTaskTree, taskTable } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));

describe("call graphs", () => {
  it("follow gather up to the task that awaits it, in Python 3.14's layout", async () => {
    let text = "";
    const leaf = coroutine(function* leaf() {
      yield* sleep(0);
      text = formatCallGraph();
    });
    const main = coroutine(function* main() {
      yield* gather(leaf(), sleep(0.1));
    });
    await run(main(), { clock: "virtual", debug: true });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^\* Task\(name='Task-\d+', id=0x[0-9a-f]+\)$/);
    expect(lines[1]).toBe("  + Call stack:");
    expect(lines[2]).toMatch(/^ {2}\| {3}File '\S+graph\.test\.ts', line \d+, in async leaf\(\)$/);
    expect(lines[3]).toBe("  + Awaited by:");
    expect(lines[4]).toMatch(/^ {4}\* Future\(id=0x[0-9a-f]+\)$/);
    expect(lines[5]).toBe("      + Awaited by:");
    expect(lines[6]).toMatch(/^ {8}\* Task\(name='Task-\d+', id=0x[0-9a-f]+\)$/);
    expect(lines[7]).toBe("          + Call stack:");
    expect(lines[8]).toMatch(/^ {10}\| {3}File '\S+graph\.test\.ts', line \d+, in async main\(\)$/);
    expect(lines.length).toBe(9);
  });

  it("lead from a TaskGroup's task to its parent, and through shield and wait", async () => {
    const graphs: Record<string, ReturnType<typeof captureCallGraph>> = {};
    const child = coroutine(function* child(name: string) {
      yield* sleep(0);
      graphs[name] = captureCallGraph();
      yield* sleep(0.01);
    });
    const main = coroutine(function* main() {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(child("grouped"), { name: "grouped" });
      });
      yield* shield(createTask(child("shielded"), { name: "shielded" }));
      yield* wait([createTask(child("waited"), { name: "waited" })]);
    });
    let mainTask: Task<unknown> | null = null;
    const outer = coroutine(function* outer() {
      mainTask = createTask(main(), { name: "the-main" });
      yield* mainTask;
    });
    await run(outer(), { clock: "virtual" });
    const up = (g: ReturnType<typeof captureCallGraph>): unknown[] =>
      g === null ? [] : [g.future, ...(g.awaitedBy[0] ? up(g.awaitedBy[0]) : [])];
    // The group's task is awaited by the parent task itself.
    expect(up(graphs.grouped ?? null)[1]).toBe(mainTask);
    // shield: the inner task → the shield's outer future → the main task.
    // (toBe, not toEqual: an equality check would iterate the Task, which awaits it.)
    expect(up(graphs.shielded ?? null)[2]).toBe(mainTask);
    // wait(): the task → wait's waiter future → the main task.
    expect(up(graphs.waited ?? null)[2]).toBe(mainTask);
    expect(captureCallGraph()).toBe(null); // no task is running here
  });

  it("list every pending task with what it awaits and who awaits it; and draw the tree", async () => {
    let table = "";
    let tree = "";
    const worker = coroutine(function* worker() {
      yield* sleep(10);
    });
    const main = coroutine(function* main() {
      const a = createTask(worker(), { name: "worker-A" });
      const b = createTask(worker(), { name: "worker-B" });
      const loop = getRunningLoop();
      loop.callLater(1, () => {
        table = formatTasks();
        tree = formatTaskTree(taskTable());
        a.cancel();
        b.cancel();
      });
      yield* gather(a, b, { returnExceptions: true });
    });
    await run(main(), { clock: "virtual" });
    const rows = table.split("\n");
    expect(rows[0]).toMatch(/^task id +task name +state +coroutine stack +awaiting +awaited by +age$/);
    expect(rows.slice(2).map((r) => r.split(/ {2,}/).slice(1, 3))).toEqual([
      [expect.stringMatching(/^Task-\d+$/), "pending"],
      ["worker-A", "pending"],
      ["worker-B", "pending"],
    ]);
    expect(rows[2]).toMatch(/worker-A, worker-B/);
    expect(rows[3]).toMatch(/ Task-\d+ /);
    expect(tree.split("\n").filter((l) => l.includes("(T)"))).toEqual([
      expect.stringMatching(/^└── \(T\) Task-\d+$/),
      // under main's coroutine frame ("    └──  main"), as pstree nests tasks under frames
      "        ├── (T) worker-A",
      "        └── (T) worker-B",
    ]);
  });
});

describe("aio-debug ps|pstree PID", () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill("SIGKILL");
  });

  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
  }

  it("lists the tasks of another process through its inspector, which it closes again", async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [
        `--inspect-port=${port}`,
        "--conditions=aio-source",
        "--import",
        "tsx",
        join(here, "fixtures", "busy-program.ts"),
      ],
      { cwd: join(here, ".."), stdio: ["ignore", "pipe", "pipe"] },
    );
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child?.stdout?.on("data", (c) => {
        out += String(c);
        if (out.includes("ready")) resolve();
      });
      child?.once("exit", (code) => reject(new Error(`the program exited (${code})`)));
    });
    const cli = (command: string) =>
      spawnSync(
        process.execPath,
        [
          "--conditions=aio-source",
          "--import",
          "tsx",
          join(here, "..", "src", "cli.ts"),
          command,
          String(child?.pid),
          "--port",
          String(port),
        ],
        { encoding: "utf8", timeout: 20000 },
      );
    const ps = cli("ps");
    expect(ps.status, ps.stderr).toBe(0);
    const lines = ps.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^task id +task name/);
    const names = lines.slice(2).map((l) => l.split(/ {2,}/)[1]);
    expect(names).toEqual(["Task-1", "downloader", "worker-A", "worker-B"]);
    expect(lines.find((l) => l.includes("worker-A"))).toMatch(/work -> fetch_chunk/);
    const tree = cli("pstree");
    expect(tree.status, tree.stderr).toBe(0);
    expect(tree.stdout).toMatch(/└── \(T\) Task-1\n/);
    expect(tree.stdout).toMatch(/\(T\) downloader\n/);
    expect(tree.stdout).toMatch(/\(T\) worker-A\n[^\n]*└── {2}work /);
    // The CLI closed the inspector it opened: the port is free again.
    await new Promise((r) => setTimeout(r, 300));
    const again = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once("error", () => resolve(false))
        .listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    expect(again).toBe(true);
  }, 40000);

  it("says what is wrong: no such process, bad arguments, a process without @aio/debug", () => {
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ["--conditions=aio-source", "--import", "tsx", join(here, "..", "src", "cli.ts"), ...args],
        {
          encoding: "utf8",
          timeout: 20000,
        },
      );
    const none = cli("ps", "999999");
    expect(none.status).toBe(1);
    expect(none.stderr).toBe("aio-debug: no process 999999\n");
    const bad = cli("top", "1");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^aio-debug: unknown command "top"\nusage: aio-debug ps\|pstree PID/);
    const pid = cli("ps", "abc");
    expect(pid.stderr).toBe('aio-debug: PID must be a process id, got "abc"\n');
  });
});
