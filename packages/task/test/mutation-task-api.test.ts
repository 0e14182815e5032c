/**
 * currentTask()/allTasks() with loop=null, createTask()'s signal check. Found by Stryker, see
 * MUTATION.md.
 */
import { getEventListeners } from "node:events";
import { getRunningLoop, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { allTasks, createTask, currentTask, isTask, run, sleep } from "../src/index.js";

describe("currentTask() and allTasks() with loop = null", () => {
  it("take null as Python takes None: the running loop", async () => {
    function* main() {
      yield* sleep(0);
      const me = currentTask(null as never);
      const all = allTasks(null as never);
      return { same: me === currentTask(), all: [...all].map((t) => t.getName()) };
    }
    const { same, all } = await run(main(), { clock: "virtual" });
    expect(same).toBe(true);
    expect(all).toHaveLength(1);
  });
});

describe("createTask() with a signal that is not an AbortSignal", () => {
  const notSignals: [string, unknown, string][] = [
    ["null", null, "signal must be an AbortSignal, got None"],
    [
      "a function with an addEventListener method",
      Object.assign(function fake() {}, { addEventListener() {} }),
      "signal must be an AbortSignal, got ",
    ],
  ];
  for (const [what, signal, message] of notSignals) {
    it(`refuses ${what} before it makes the task`, async () => {
      const started: string[] = [];
      function* child() {
        started.push("child");
        yield* sleep(0);
      }
      function* main() {
        let error: unknown = null;
        try {
          createTask(child(), { signal: signal as AbortSignal });
        } catch (err) {
          error = err;
        }
        yield* sleep(0);
        yield* sleep(0);
        return { error, tasks: allTasks().size };
      }
      const { error, tasks } = await run(main(), { clock: "virtual" });
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message.startsWith(message)).toBe(true);
      expect(tasks).toBe(1); // main only
      expect(started).toEqual([]);
    });
  }
});

describe("createTask() with an AbortSignal, after the task is done", () => {
  it("stops listening: a later abort leaves the finished task alone (its error is still reported)", async () => {
    const controller = new AbortController();
    const reports: string[] = [];
    let listenersWhenDone = -1;
    function* fails() {
      yield* sleep(0);
      throw new Error("failed on its own");
    }
    function* main() {
      getRunningLoop().setExceptionHandler((_l, ctx) => {
        reports.push(`${ctx.message}: ${String(ctx.exception)}`);
      });
      createTask(fails(), { signal: controller.signal });
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      listenersWhenDone = getEventListeners(controller.signal, "abort").length;
      controller.abort(new Error("too late"));
    }
    await run(main(), { clock: "virtual" });
    expect(listenersWhenDone).toBe(0);
    expect(reports).toEqual(["Task exception was never retrieved: Error: failed on its own"]);
  });
});

describe("isTask()", () => {
  it("is true for a Task only", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const t = loop.createTask(sleep(0));
    expect(isTask(t)).toBe(true);
    for (const x of [undefined, null, 5, "Task", {}, loop.createFuture(), () => t])
      expect(isTask(x)).toBe(false);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toThrow();
    loop.close();
  });
});
