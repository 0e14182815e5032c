/**
 * Task._finishException: the context a failed task keeps. Found by Stryker, see MUTATION.md.
 */
import { ContextVar } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { createTask, run, sleep, type Task } from "../src/index.js";

describe("a task that fails", () => {
  it("keeps the context it ran in, not the loop's scratch context of later callbacks", async () => {
    const v = new ContextVar<string>("v", { default: "default" });
    function* fails() {
      yield* sleep(0);
      throw new Error("boom");
    }
    // sets no variable: its steps run in the loop's scratch context, with the variables it was made with
    function* other() {
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
    }
    function* main() {
      v.set("main");
      const t = createTask(fails()) as Task<never>;
      v.set("changed");
      const o = createTask(other());
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      yield* o;
      expect(t.done()).toBe(true);
      expect((t.exception() as Error).message).toBe("boom");
      return t.getContext().get(v);
    }
    expect(await run(main(), { clock: "virtual" })).toBe("main");
  });
});
