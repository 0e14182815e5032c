/**
 * Debug mode and cancellation: the report of a swallowed CancelledError names the whole chain it
 * was thrown into, and delivering it keeps what the task recorded (its creation site, its signal).
 * A coroutine that cannot be tagged with its task (non-extensible) still runs. Found by Stryker,
 * see MUTATION.md.
 */
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { coroutine, createTask, type Future, run, sleep } from "../src/index.js";

function* outcome(t: Future<unknown>) {
  try {
    return yield* t;
  } catch (e) {
    return e;
  }
}

describe("a CancelledError delivered in debug mode", () => {
  it("is reported, when swallowed, with the whole chain it was thrown into, outermost first", async () => {
    const inner = coroutine(function* inner() {
      try {
        yield* sleep(10);
      } catch {
        // swallowed
      }
    });
    const outer = coroutine(function* outer() {
      yield* inner();
      return "carried on";
    });
    function* main() {
      const t = createTask(outer(), { name: "sw2" });
      yield* sleep(0);
      t.cancel();
      return yield* t;
    }
    const text = await captureStderr(async () => {
      expect(await run(main(), { clock: "virtual", debug: true })).toBe("carried on");
    });
    expect(text).toMatch(
      /the CancelledError was thrown into it at outer\(\) defined at \S+:\d+ → inner\(\) defined at \S+:\d+\. Re-raise it/,
    );
  });

  it("leaves the task's creation site and its signal as they were", async () => {
    function* main() {
      const t = createTask(sleep(10), { name: "kept" });
      const signal = t.signal;
      yield* sleep(0);
      expect(String(t)).toMatch(/ created at \S+mutation-task-debug-cancel\.test\.ts:\d+>$/);
      t.cancel("stop");
      yield* outcome(t);
      expect(t.cancelled()).toBe(true);
      expect(t.signal).toBe(signal);
      expect(signal.aborted).toBe(true);
      expect(String(t)).toMatch(
        /^<Task cancelled name='kept' coro=<sleep\(\) done> created at \S+mutation-task-debug-cancel\.test\.ts:\d+>$/,
      );
    }
    await run(main(), { clock: "virtual", debug: true });
  });
});

describe("a coroutine that cannot be tagged with its task", () => {
  it("runs in its task all the same (non-extensible generator object)", async () => {
    function* body() {
      yield* sleep(1);
      return 3;
    }
    function* main() {
      const coro = Object.preventExtensions(body());
      const t = createTask(coro);
      return yield* t;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(3);
  });
});
