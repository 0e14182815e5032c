/**
 * Task._run: a step or wake-up that throws is reported with the Handle it stands for, the same
 * Handle (callback and arguments) that debug mode queues. Found by Stryker, see MUTATION.md.
 */
import { type ExceptionContext, Handle, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { createTask, type Future, isTask, sleep } from "../src/index.js";

interface Seen {
  callback: string;
  args: unknown[];
}

/** The Handles reported for a failing step (task "stepper") and a failing wake-up (task "waiter"). */
async function reportedHandles(debug: boolean): Promise<Seen[]> {
  const seen: Seen[] = [];
  const loop = newEventLoop({ debug });
  const gate = loop.createFuture<void>() as Future<void>;
  loop.setExceptionHandler((_l: unknown, ctx: ExceptionContext) => {
    const handle = ctx.handle as Handle & {
      _callback: { name: string };
      _nargs: number;
      _arg0: unknown;
      _arg1: unknown;
    };
    expect(handle).toBeInstanceOf(Handle);
    const args = [handle._arg0, handle._arg1]
      .slice(0, handle._nargs)
      .map((a) => (a === gate ? "<gate>" : isTask(a) ? `task ${a.getName()}` : String(a)));
    seen.push({ callback: handle._callback.name, args });
  });
  const stepper = function* () {
    yield* sleep(0);
  };
  const waiter = function* () {
    yield* gate;
  };
  function* main() {
    // A step or wake-up that comes up while another "task" is current cannot enter its task.
    const intrude = () => {
      loop._currentTask = "<intruder>";
    };
    const leave = () => {
      loop._currentTask = null;
    };
    loop.callSoon(intrude);
    const a = createTask(stepper(), { name: "stepper" });
    loop.callSoon(leave);
    const b = createTask(waiter(), { name: "waiter" });
    yield* sleep(0);
    yield* sleep(0);
    loop.callSoon(intrude);
    gate.setResult(undefined);
    loop.callSoon(leave);
    yield* sleep(0);
    yield* sleep(0);
    for (const t of [a, b]) (t as unknown as { _logDestroyPending: boolean })._logDestroyPending = false;
  }
  await loop.runUntilComplete(main());
  loop.close();
  return seen;
}

describe("a step or wake-up that throws outside debug mode", () => {
  it("is reported with the Handle debug mode queues: the step's for a step, the wake-up's (with its future) for a wake-up", async () => {
    const plain = await reportedHandles(false);
    const debug = await reportedHandles(true);
    expect(plain).toHaveLength(2);
    expect(plain.map((s) => s.callback)).toEqual(debug.map((s) => s.callback));
    expect(plain.map((s) => s.args)).toEqual(debug.map((s) => s.args));
    expect(plain[0]?.callback).not.toBe(plain[1]?.callback);
    // the wake-up's Handle carries the future the task woke up from
    expect(plain.map((s) => s.args)).toEqual([["task stepper"], ["task waiter", "<gate>"]]);
  });
});
