/**
 * What a Future offers the tasks that await it (@aio/task's Task, here the FakeTask of
 * test/fake-task.ts): a task registers itself instead of a closure and is woken up through the loop,
 * never inline; a task that stops waiting is not woken; reprs name it as Python's do; in debug
 * mode an error a future fails with says which tasks awaited it, and where.
 */
import { type EventLoop, newEventLoop } from "@aio/loop";
import { afterEach, describe, expect, it } from "vitest";
import { Future } from "../src/index.js";
import type { Waker } from "../src/internal.js";
import { FakeTask, PlainWaker, SelfSchedulingTask } from "./fake-task.js";

const loops: EventLoop[] = [];
function makeLoop(debug = false): EventLoop {
  const loop = newEventLoop({ debug });
  loops.push(loop);
  return loop;
}
afterEach(() => {
  for (const l of loops.splice(0)) l.close();
});

/** runs the loop until what it has queued now, and what that queues, is done */
async function runBriefly(loop: EventLoop): Promise<void> {
  loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => loop.stop())));
  await loop.runForever();
}

function* plusOne(fut: Future<number>): Generator<unknown, number, unknown> {
  return (yield* fut) + 1;
}

describe("a task awaiting a future", () => {
  for (const Kind of [PlainWaker, SelfSchedulingTask]) {
    it(`is woken up through the loop once the future is done, with its result (${Kind.name})`, async () => {
      const loop = makeLoop();
      const fut = new Future<number>({ loop });
      const task = new Kind(loop, plusOne(fut));
      task._step();
      expect(fut._asyncioFutureBlocking).toBe(true);
      fut.setResult(41);
      expect(task.wakeups).toEqual([]); // never inline
      await runBriefly(loop);
      expect(task.wakeups).toEqual([fut]);
      expect(task.outcome).toEqual({ value: 42 });
    });

    it(`that registers on a future already done is woken up through the loop too (${Kind.name})`, async () => {
      const loop = makeLoop();
      const fut = new Future<number>({ loop });
      fut.setResult(1);
      const task = new Kind(loop, plusOne(fut));
      fut._addWaker(task);
      expect(task.wakeups).toEqual([]);
      await runBriefly(loop);
      expect(task.wakeups).toEqual([fut]);
    });
  }

  it("a task that queues its own wake-up (as @aio/task's does) is asked to, instead of a Handle", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const task = new SelfSchedulingTask(loop, plusOne(fut));
    task._step();
    fut.setResult(1);
    expect(task.scheduled).toEqual([fut]);
    await runBriefly(loop);
    expect(task.outcome).toEqual({ value: 2 });
  });

  it("tasks and callbacks on one future are woken in the order they registered", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const order: string[] = [];
    const a = new PlainWaker(loop, plusOne(fut), "a");
    const b = new SelfSchedulingTask(loop, plusOne(fut), "b");
    const c = new PlainWaker(loop, plusOne(fut), "c");
    const note = (task: FakeTask) => {
      const wake = task._wakeup.bind(task);
      task._wakeup = (f) => {
        order.push(task.getName());
        wake(f);
      };
    };
    for (const t of [a, b, c]) note(t);
    a._step();
    fut.addDoneCallback(() => order.push("callback"));
    b._step();
    c._step();
    fut.setResult(1);
    await runBriefly(loop);
    expect(order).toEqual(["a", "callback", "b", "c"]);
    expect([a.outcome, b.outcome, c.outcome]).toEqual([{ value: 2 }, { value: 2 }, { value: 2 }]);
  });

  it("a task that stops waiting (_removeWaker) is not woken; the others are", async () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const gone = new PlainWaker(loop, plusOne(fut), "gone");
    const stays = new PlainWaker(loop, plusOne(fut), "stays");
    gone._step();
    stays._step();
    fut._removeWaker(gone);
    expect(String(fut)).toBe("<Future pending cb=[Task.task_wakeup()]>");
    fut.setResult(1);
    await runBriefly(loop);
    expect(gone.wakeups).toEqual([]);
    expect(stays.outcome).toEqual({ value: 2 });
  });

  it("shows in the future's repr as Python's Task.task_wakeup()", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    new PlainWaker(loop, plusOne(fut))._step();
    fut.addDoneCallback(function later() {});
    expect(String(fut)).toMatch(/^<Future pending cb=\[Task\.task_wakeup\(\), later\(\) at \S+:\d+\]>$/);
  });

  it("_lastCallbackIs names the callback registered last (gather tells repeats apart with it)", () => {
    const loop = makeLoop();
    const fut = new Future<number>({ loop });
    const first = () => {};
    const second = () => {};
    expect(fut._lastCallbackIs(first)).toBe(false);
    fut.addDoneCallback(first);
    expect([fut._lastCallbackIs(first), fut._lastCallbackIs(second)]).toEqual([true, false]);
    fut.addDoneCallback(second);
    expect([fut._lastCallbackIs(first), fut._lastCallbackIs(second)]).toEqual([false, true]);
    fut.addDoneCallback(first);
    expect([fut._lastCallbackIs(first), fut._lastCallbackIs(second)]).toEqual([true, false]);
  });
});

describe("debug mode: the tasks awaiting a failed future", () => {
  it("are named in the error's stack, with the line each awaited at", () => {
    const loop = makeLoop(true);
    const fut = new Future<number>({ loop });
    function* main() {
      return yield* fut; // the await site
    }
    new FakeTask(loop, main(), "main")._step();
    new FakeTask(loop, plusOne(fut), "helper")._step();
    fut.addDoneCallback(() => {}); // a plain callback is no task
    const err = new Error("failed");
    const before = err.stack as string;
    fut.setException(err);
    fut.exception();
    const lines = (err.stack as string).slice(before.length).split("\n").slice(1);
    expect(lines.length).toBe(2);
    // each names the task and a frame at its await (the program's: here, this file's coroutine)
    expect(lines[0]).toMatch(/^ {4}awaited by Task 'main' at \S.*:\d+:\d+\)?$/);
    expect(lines[1]).toMatch(/^ {4}awaited by Task 'helper' at \S.*:\d+:\d+\)?$/);
  });

  it("a task that awaits without a coroutine step of its own is named without a line", () => {
    const loop = makeLoop(true);
    const fut = new Future<number>({ loop });
    fut._addWaker(new FakeTask(loop, plusOne(fut), "bare"));
    const err = new Error("failed");
    fut.setException(err);
    fut.exception();
    expect((err.stack as string).split("\n").at(-1)).toBe("    awaited by Task 'bare'");
  });

  it("wakers that are no tasks, plain callbacks, or no awaiter at all leave the stack as it was", () => {
    const loop = makeLoop(true);
    const waker: Waker = { _wakeup() {} };
    const fut = new Future<number>({ loop });
    fut._addWaker(waker);
    fut.addDoneCallback(() => {});
    const err = new Error("failed");
    const before = err.stack;
    fut.setException(err);
    fut.exception();
    expect(err.stack).toBe(before);
    const alone = new Future<number>({ loop });
    const err2 = new Error("alone");
    const before2 = err2.stack;
    alone.setException(err2);
    alone.exception();
    expect(err2.stack).toBe(before2);
  });

  it("errors that are frozen, have no readable stack, or are no errors fail the future all the same", () => {
    const loop = makeLoop(true);
    const failWith = (exc: unknown) => {
      const fut = new Future<number>({ loop });
      new FakeTask(loop, plusOne(fut), "t")._step();
      fut.setException(exc);
      expect(fut.exception()).toBe(exc);
    };
    const frozen = Object.freeze(new Error("frozen"));
    const frozenStack = frozen.stack;
    failWith(frozen);
    // Node 20 refuses the new stack of a frozen error; Node 22 and later store it (V8's own
    // accessor): either way it starts as it was
    expect(frozen.stack?.startsWith(frozenStack as string)).toBe(true);
    const unreadable = new Error("unreadable");
    Object.defineProperty(unreadable, "stack", {
      get() {
        throw new Error("no stack for you");
      },
    });
    failWith(unreadable);
    const noString = new Error("no string");
    Object.defineProperty(noString, "stack", { value: undefined, writable: true });
    failWith(noString);
    expect(noString.stack).toBe(undefined);
    const plain = { code: 1 };
    failWith(plain);
    expect(Object.getOwnPropertyNames(plain)).toEqual(["code"]);
  });

  it("awaiting a pending future outside any task notes no await site and goes on", () => {
    const loop = makeLoop(true);
    const fut = new Future<number>({ loop });
    const g = plusOne(fut);
    expect(g.next().value).toBe(fut);
    fut.setResult(1);
    expect(g.next()).toEqual({ value: 2, done: true });
  });
});
