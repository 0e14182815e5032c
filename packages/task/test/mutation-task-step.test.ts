/**
 * Stepping a task that is already done fails with CPython's message, which names the task and what
 * was to be thrown in (`None` when nothing). Found by Stryker, see MUTATION.md.
 */
import { InvalidStateError } from "@aio/future";
import { newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { sleep, type Task } from "../src/index.js";

describe("_step() on a done task", () => {
  it("raises InvalidStateError naming the task and the value to throw in, None for none", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const t = loop.createTask(sleep(0, 1), { name: "d" }) as Task<unknown>;
    loop.runUntilComplete(t);
    const repr = String(t);
    expect(() => t._step()).toThrow(new InvalidStateError(`_step(): already done: ${repr}, None`));
    expect(() => t._step(new TypeError("x"))).toThrow(
      new InvalidStateError(`_step(): already done: ${repr}, TypeError('x')`),
    );
    expect(() => t._step(null)).toThrow(new InvalidStateError(`_step(): already done: ${repr}, None`));
    loop.close();
  });
});
