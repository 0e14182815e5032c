/**
 * "Task was destroyed but it is pending!" at loop close: the source traceback only in debug mode.
 * Found by Stryker, see MUTATION.md.
 */
import { type ExceptionContext, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { sleep } from "../src/index.js";

/** The contexts a loop reports when it is closed with one task pending. */
function closeWithPendingTask(debug: boolean): ExceptionContext[] {
  const loop = newEventLoop({ clock: "virtual", debug });
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
    seen.push(ctx);
  });
  loop.createTask(sleep(3600), { name: "left-over" });
  loop.close();
  return seen;
}

describe("a task still pending when its loop closes", () => {
  it("is reported with where it was created in debug mode (Python's source_traceback)", () => {
    const seen = closeWithPendingTask(true);
    expect(seen.map((c) => c.message)).toEqual(["Task was destroyed but it is pending!"]);
    expect(typeof seen[0]?.sourceTraceback).toBe("string");
    expect(String(seen[0]?.sourceTraceback)).toMatch(/mutation-task-close\.test\.ts/);
  });

  it("is reported without a source traceback outside debug mode", () => {
    const seen = closeWithPendingTask(false);
    expect(seen.map((c) => c.message)).toEqual(["Task was destroyed but it is pending!"]);
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(["message", "task"]);
  });
});
