/**
 * The Task fields other packages set (`_coroClosed`, `_logDestroyPending`): each can be set back.
 * Found by Stryker, see MUTATION.md.
 */
import { newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { sleep, type Task } from "../src/index.js";

describe("a Task's rare fields", () => {
  it("_coroClosed set back to false prints the coroutine running again", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const t = loop.createTask(sleep(10), { name: "c" }) as Task<unknown>;
    t._logDestroyPending = false;
    expect(t._coroClosed).toBe(false);
    t._coroClosed = true;
    expect(t._coroClosed).toBe(true);
    expect(String(t)).toBe("<Task pending name='c' coro=<sleep() done>>");
    t._coroClosed = false;
    expect(t._coroClosed).toBe(false);
    expect(String(t)).toBe("<Task pending name='c' coro=<sleep() running>>");
    loop.close();
  });

  it("_coroClosed set to false on a fresh task changes nothing", () => {
    const loop = newEventLoop({ clock: "virtual" });
    const t = loop.createTask(sleep(10), { name: "d" }) as Task<unknown>;
    t._coroClosed = false;
    expect(t._coroClosed).toBe(false);
    expect(t._logDestroyPending).toBe(true);
    t._logDestroyPending = false;
    loop.close();
  });
});
