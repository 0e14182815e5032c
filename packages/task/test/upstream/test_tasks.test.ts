// Port of CPython 3.12.1 Lib/test/test_asyncio/test_tasks.py (3384 lines, 156 `def test_`).
// Translation rules: `async def` → `function*`, `await x` → `yield* x`, `loop.run_until_complete`
// → `await loop.runUntilComplete(...)`, snake_case → camelCase, `self.new_task(loop, coro)` →
// `new Task(coro, { name: "TestTask", loop })`, `self.new_future(loop)` → `loop.createFuture()`.
// Python's ValueError is aio's RangeError, RuntimeError is aio's Error (see the package README).
// Left out as a group: BaseTaskTests runs once per Task/Future implementation (CTask_CFuture,
// PyTask_PyFuture, CTask_PyFuture, …); it is ported once here, the variants are listed N/A.
// STATUS: partial port (see README-tasks.md for which upstream tests are not yet accounted for).
import { newEventLoop, setEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { type CancelledError, ensureFuture, Future, isCancelledError, sleep, Task } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "BaseTaskTests.test_generic_alias": "types.GenericAlias / Task[str] is Python typing syntax",
  "BaseTaskTests.test_task_del_collect": "__del__ / gc.collect timing",
  "CTask_CFuture_Tests / CTask_CFuture_SubclassTests / CTaskSubclass_PyFuture_Tests / PyTask_CFutureSubclass_Tests / CTask_PyFuture_Tests / PyTask_CFuture_Tests / PyTask_PyFuture_Tests / PyTask_PyFuture_SubclassTests":
    "C accelerator and subclass variants of BaseTaskTests: ported once",
};

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("BaseTaskTests", () => {
  it("test_task_cancel_message_getter", async () => {
    const loop = newEventLoop();
    function* coro() {}
    const t = new Task(coro(), { name: "TestTask", loop });
    const priv = t as unknown as { _cancelMessage: unknown };
    expect("_cancelMessage" in priv).toBe(true);
    expect(priv._cancelMessage ?? null).toBe(null);
    t.cancel("my message");
    expect(priv._cancelMessage).toBe("my message");
    const e = await rejection(loop.runUntilComplete(t));
    expect(isCancelledError(e)).toBe(true);
    expect((e as CancelledError).args[0]).toBe("my message");
    loop.close();
  });

  it("test_task_cancel_message_setter", async () => {
    const loop = newEventLoop();
    function* coro() {}
    const t = new Task(coro(), { name: "TestTask", loop });
    t.cancel("my message");
    const priv = t as unknown as { _cancelMessage: unknown };
    priv._cancelMessage = "my new message";
    expect(priv._cancelMessage).toBe("my new message");
    const e = await rejection(loop.runUntilComplete(t));
    expect(isCancelledError(e)).toBe(true);
    expect((e as CancelledError).args[0]).toBe("my new message");
    loop.close();
  });

  it("test_other_loop_future", async () => {
    const loop = newEventLoop();
    const otherLoop = newEventLoop();
    const fut = otherLoop.createFuture() as Future<unknown>;
    function* run(f: Future<unknown>) {
      yield* f;
    }
    try {
      const e = await rejection(loop.runUntilComplete(run(fut)));
      expect((e as Error).message).toMatch(/Task .* got Future .* attached/);
    } finally {
      otherLoop.close();
      loop.close();
    }
  });

  it("test_task_awaits_on_itself", async () => {
    const loop = newEventLoop();
    function* test(): Generator<unknown, void, unknown> {
      yield* task;
    }
    const task = ensureFuture(test(), { loop }) as Task<void>;
    const e = await rejection(loop.runUntilComplete(task));
    expect((e as Error).message).toMatch(/Task cannot await on itself/);
    loop.close();
  });

  it("test_task_class", async () => {
    const loop = newEventLoop();
    function* notmuch() {
      return "ok";
    }
    let t = new Task(notmuch(), { name: "TestTask", loop });
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");
    expect(t.getLoop()).toBe(loop);
    const loop2 = newEventLoop();
    t = new Task(notmuch(), { name: "TestTask", loop: loop2 });
    expect(t.getLoop()).toBe(loop2);
    await loop2.runUntilComplete(t);
    loop2.close();
    loop.close();
  });
  it("test_ensure_future_coroutine", async () => {
    const loop = newEventLoop();
    function* notmuch() {
      return "ok";
    }
    let t = ensureFuture(notmuch(), { loop });
    expect(t.getLoop()).toBe(loop);
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");

    // test_utils.TestCase.set_event_loop() calls events.set_event_loop(None) in setUp.
    setEventLoop(null);
    const a = notmuch();
    expect(() => ensureFuture(a)).toThrow(/no current event loop/);
    a.return(undefined as never);

    // aio's futures are thenables, so a Promise resolving to one adopts it: box it in an array.
    function* test() {
      return [ensureFuture(notmuch())] as const;
    }
    [t] = await loop.runUntilComplete(test());
    expect(t.getLoop()).toBe(loop);
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");

    // Deprecated in 3.10, undeprecated in 3.12
    setEventLoop(loop);
    try {
      t = ensureFuture(notmuch());
      expect(t.getLoop()).toBe(loop);
      await loop.runUntilComplete(t);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe("ok");
    } finally {
      setEventLoop(null);
      loop.close();
    }
  });

  it("test_ensure_future_future", async () => {
    const loop = newEventLoop();
    const fOrig = loop.createFuture() as Future<string>;
    fOrig.setResult("ko");
    let f = ensureFuture(fOrig);
    await loop.runUntilComplete(f);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe("ko");
    expect(f).toBe(fOrig);
    const loop2 = newEventLoop();
    expect(() => ensureFuture(fOrig, { loop: loop2 })).toThrow(RangeError);
    loop2.close();
    f = ensureFuture(fOrig, { loop });
    expect(f).toBe(fOrig);
    loop.close();
  });

  it("test_ensure_future_task", async () => {
    const loop = newEventLoop();
    function* notmuch() {
      return "ok";
    }
    const tOrig = new Task(notmuch(), { name: "TestTask", loop });
    let t = ensureFuture(tOrig);
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");
    expect(t).toBe(tOrig);
    const loop2 = newEventLoop();
    expect(() => ensureFuture(tOrig, { loop: loop2 })).toThrow(RangeError);
    loop2.close();
    t = ensureFuture(tOrig, { loop });
    expect(t).toBe(tOrig);
    loop.close();
  });

  it("test_ensure_future_awaitable", async () => {
    class Aw<T> {
      constructor(readonly coro: Generator<unknown, T, unknown>) {}
      [Symbol.iterator]() {
        return this.coro;
      }
    }
    function* coro() {
      return "ok";
    }
    const loop = newEventLoop();
    const fut = ensureFuture(new Aw(coro()), { loop });
    await loop.runUntilComplete(fut);
    expect(fut.result()).toBe("ok");
    loop.close();
  });

  it("test_ensure_future_task_awaitable", async () => {
    class Aw {
      *[Symbol.iterator]() {
        return yield* sleep(0, "ok");
      }
    }
    const loop = newEventLoop();
    const task = ensureFuture(new Aw(), { loop }) as Task<string>;
    await loop.runUntilComplete(task);
    expect(task.done()).toBe(true);
    expect(task.result()).toBe("ok");
    // types.CoroutineType → a generator object
    const c = task.getCoro() as Generator;
    expect(typeof c.next).toBe("function");
    expect(typeof c.throw).toBe("function");
    loop.close();
  });

  it("test_ensure_future_neither", () => {
    expect(() => ensureFuture("ok" as never)).toThrow(TypeError);
  });

  it("test_ensure_future_error_msg", () => {
    const selfLoop = newEventLoop();
    const loop = newEventLoop();
    const f = selfLoop.createFuture();
    expect(() => ensureFuture(f, { loop })).toThrow(
      /The future belongs to a different loop than the one specified as the loop argument/,
    );
    expect(() => ensureFuture(f, { loop })).toThrow(RangeError);
    loop.close();
    selfLoop.close();
  });
});
