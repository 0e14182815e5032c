/**
 * Debug-mode diagnostics across the task boundary: the chain of awaiting tasks in a failing stack,
 * plain function* coroutines named in reprs, Python's "(most recent call last)" order.
 */
import { getRunningLoop } from "@aio/loop";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { createTask, type Future, gather, run, sleep } from "../src/index.js";

describe("debug mode diagnostics", () => {
  it("a failing stack goes on past the task boundary: awaited by Task 'main' at file:line", async () => {
    function* failing() {
      yield* sleep(0);
      throw new Error("deep failure");
    }
    function* middle() {
      return yield* createTask(failing(), { name: "worker" });
    }
    function* main() {
      try {
        yield* gather(createTask(middle(), { name: "middle" }));
      } catch (e) {
        return (e as Error).stack ?? "";
      }
      return "";
    }
    const stack = await run(main(), { clock: "virtual", debug: true });
    const tail = stack
      .split("\n")
      .filter((l) => l.includes("awaited by"))
      .map((l) => l.replace(/ at .*diagnostics\.test\.ts:(\d+):\d+\)?$/, " at line $1"));
    expect(tail).toEqual([
      expect.stringMatching(/^ {4}awaited by Task 'middle' at line \d+$/),
      expect.stringMatching(/^ {4}awaited by Task 'Task-\d+' at line \d+$/),
    ]);
    // Not outside debug mode.
    const plain = await run(main(), { clock: "virtual" });
    expect(plain).not.toContain("awaited by");
  });

  it("names the generator function of a plain function* coroutine in reprs", async () => {
    function* fetchUser() {
      yield* sleep(1);
    }
    function* main() {
      const t = createTask(fetchUser());
      yield* sleep(0);
      const text = String(t);
      t.cancel();
      return text;
    }
    // Both modes: V8 tells the function and where it is paused through the inspector.
    expect(await run(main(), { clock: "virtual", debug: true })).toMatch(
      /coro=<fetchUser\(\) running at \S*diagnostics\.test\.ts:43>/,
    );
    expect(await run(main(), { clock: "virtual" })).toMatch(
      /coro=<fetchUser\(\) running at \S*diagnostics\.test\.ts:43>/,
    );
  });

  it("prints where an object was created most recent call last, as Python does", async () => {
    function* main() {
      const fut = getRunningLoop().createFuture() as Future<void>;
      fut.setException(new Error("lost"));
    }
    const text = await captureStderr(() => run(main(), { clock: "virtual", debug: true }));
    const block =
      text.split("Object created at (most recent call last):\n")[1]?.split("\nError: lost")[0] ?? "";
    const frames = block.split("\n");
    const where = (pattern: RegExp) => frames.findIndex((f) => pattern.test(f));
    // Outermost first (the task stepping its coroutine), innermost last (where the future was made).
    expect(where(/Task\._step /)).toBeGreaterThanOrEqual(0);
    expect(where(/Task\._step /)).toBeLessThan(where(/main .*diagnostics\.test\.ts/));
    expect(where(/main .*diagnostics\.test\.ts/)).toBeLessThan(where(/createFuture/));
  });
});
