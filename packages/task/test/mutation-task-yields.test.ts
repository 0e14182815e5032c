/**
 * What a Task does with odd things its coroutine yields, and at which level debug mode logs a
 * swallowed CancelledError. Found by Stryker, see MUTATION.md.
 */
import { runtimeHooks } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep } from "../src/index.js";

describe("a coroutine that yields null", () => {
  it("gets asyncio's bad-yield error thrown in, naming None", async () => {
    const seen: string[] = [];
    function* main() {
      try {
        yield null as never;
      } catch (e) {
        seen.push(String(e));
      }
      return "went on";
    }
    expect(await run(main(), { clock: "virtual" })).toBe("went on");
    expect(seen).toEqual(["Error: Task got bad yield: None"]);
  });
});

describe("the swallowed-cancel report", () => {
  it("is logged at WARNING level", async () => {
    const hooks = runtimeHooks();
    const saved = hooks.log;
    const logged: string[] = [];
    hooks.log = (level, message) => {
      logged.push(`${level} ${message}`);
    };
    try {
      function* swallower() {
        try {
          yield* sleep(10);
        } catch {
          // swallowed
        }
        return 1;
      }
      function* main() {
        const t = createTask(swallower(), { name: "w" });
        yield* sleep(0);
        t.cancel();
        return yield* t;
      }
      expect(await run(main(), { clock: "virtual", debug: true })).toBe(1);
    } finally {
      if (saved) hooks.log = saved;
      else delete hooks.log;
    }
    expect(logged.filter((l) => l.includes("swallowed"))).toEqual([
      expect.stringMatching(/^WARNING Task <Task .*name='w'.*> swallowed CancelledError: it was cancelled/),
    ]);
  });
});
