/**
 * Debug mode's task stacks follow the task: once it suspends outside any coroutine() function, the
 * chain recorded at an earlier suspension is gone. And a loop's task factory decides the loop, an
 * `options.loop` given to `loop.createTask()` does not. Found by Stryker, see MUTATION.md.
 */
import { getRunningLoop, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { coroutine, createTask, type Future, run, sleep, type Task } from "../src/index.js";

describe("getStack() in debug mode", () => {
  it("shows the marked chain while the task is in it, and the task's own coroutine once it left it", async () => {
    const marked = coroutine(function* marked() {
      yield* sleep(1);
    });
    let gate: Future<void> | null = null;
    function* plainTask() {
      yield* marked();
      gate = getRunningLoop().createFuture<void>() as Future<void>;
      yield* gate;
    }
    function* main() {
      const t = createTask(plainTask(), { name: "p" });
      yield* sleep(0);
      expect(t.getStack().map((e) => e.replace(/ defined at .*/, ""))).toEqual(["marked()"]);
      yield* sleep(2);
      expect(gate).not.toBe(null);
      expect(t.getStack()).toEqual(["plainTask()"]);
      (gate as unknown as Future<void>).setResult(undefined);
      yield* t;
    }
    await run(main(), { clock: "virtual", debug: true });
  });
});

describe("loop.createTask() with an options.loop", () => {
  it("makes the task on the loop it was called on, whatever options.loop says", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const other = newEventLoop({ clock: "virtual" });
    const a = loop.createTask(sleep(0), { loop: 42 } as never) as Task<unknown>;
    const b = loop.createTask(sleep(0), { loop: other } as never) as Task<unknown>;
    expect(a.getLoop()).toBe(loop);
    expect(b.getLoop()).toBe(loop);
    loop.runUntilComplete(b);
    loop.runUntilComplete(a);
    loop.close();
    other.close();
  });
});
