/**
 * `loop.createTask(coro, options)` and `new Task()` take Python's `None` for the name and the
 * context: a default `Task-N` name, a copy of the current context. Found by Stryker, see
 * MUTATION.md.
 */
import { ContextVar, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { sleep, Task } from "../src/index.js";

describe("null options of a Task", () => {
  it("name: null is a default Task-N name, not 'null'", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const a = loop.createTask(sleep(0), { name: null } as never) as Task<unknown>;
    const b = new Task(sleep(0), { name: null as never, loop });
    expect(a.getName()).toMatch(/^Task-\d+$/);
    expect(b.getName()).toMatch(/^Task-\d+$/);
    expect(b.getName()).not.toBe(a.getName());
    loop.runUntilComplete(a);
    loop.runUntilComplete(b);
    loop.close();
  });

  it("context: null runs the task in a copy of the current context", () => {
    const v = new ContextVar<string>("v", { default: "default" });
    const loop = newEventLoop({ clock: "virtual" });
    v.set("outer");
    let seen = "";
    function* body() {
      seen = v.get();
      v.set("inner");
      yield* sleep(0);
    }
    const t = loop.createTask(body(), { context: null } as never) as Task<unknown>;
    loop.runUntilComplete(t);
    expect(seen).toBe("outer");
    expect(v.get()).toBe("outer");
    loop.close();
  });
});
