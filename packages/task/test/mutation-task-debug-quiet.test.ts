/**
 * Debug mode reports a swallowed CancelledError only for a task that was cancelled: a task that
 * returns normally, or one whose cancellation was taken back with uncancel(), is not reported.
 * Found by Stryker, see MUTATION.md.
 */
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { createTask, currentTask, run, sleep, type Task } from "../src/index.js";

describe("debug mode's swallowed-cancel report", () => {
  it("says nothing of tasks that were never cancelled, or were uncancelled", async () => {
    function* plain() {
      yield* sleep(1);
      return 1;
    }
    function* takesItBack() {
      try {
        yield* sleep(10);
      } catch {
        (currentTask() as Task<unknown>).uncancel();
      }
      return 2;
    }
    function* main() {
      const a = createTask(plain());
      const b = createTask(takesItBack());
      yield* sleep(0);
      b.cancel();
      return [yield* a, yield* b];
    }
    const text = await captureStderr(async () => {
      expect(await run(main(), { clock: "virtual", debug: true })).toEqual([1, 2]);
    });
    expect(text).not.toContain("swallowed CancelledError");
  });
});
