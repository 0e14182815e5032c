/**
 * A task whose coroutine belongs to another task prints that coroutine as it is (still running in
 * its owner), not as the task's own state says. Found by Stryker, see MUTATION.md.
 */
import { describe, expect, it } from "vitest";
import { createTask, type Future, run, sleep } from "../src/index.js";

function* outcome(t: Future<unknown>) {
  try {
    return yield* t;
  } catch (e) {
    return e;
  }
}

describe("the repr of a second task of a running coroutine", () => {
  it("says the coroutine is running (in its first task) although the second task is done", async () => {
    function* shared() {
      yield* sleep(1);
    }
    function* main() {
      const coro = shared();
      const first = createTask(coro, { name: "first" });
      yield* sleep(0);
      const second = createTask(coro, { name: "second" });
      const err = yield* outcome(second);
      expect(String(err)).toBe("Error: coroutine is being awaited already");
      expect(second.done()).toBe(true);
      expect(String(second)).toMatch(
        /^<Task finished name='second' coro=<shared\(\) running at \S+mutation-task-reuse\.test\.ts:\d+> exception=Error\('coroutine is being awaited already'\)>$/,
      );
      yield* first;
      expect(String(second)).toMatch(
        /coro=<shared\(\) done, defined at \S+mutation-task-reuse\.test\.ts:\d+>/,
      );
    }
    await run(main(), { clock: "virtual" });
  });
});
