// Port of CPython 3.12.1 Lib/test/test_asyncio/test_tasks.py (3384 lines, 156 `def test_`).
// Translation rules: `async def` → `function*`, `await x` → `yield* x`, `loop.run_until_complete`
// → `await loop.runUntilComplete(...)`, snake_case → camelCase, `self.new_task(loop, coro)` →
// `new Task(coro, { name: "TestTask", loop })`, `self.new_future(loop)` → `loop.createFuture()`.
// Python's ValueError is aio's RangeError, RuntimeError is aio's Error (see the package README).
// Left out as a group: BaseTaskTests runs once per Task/Future implementation (CTask_CFuture,
// PyTask_PyFuture, CTask_PyFuture, …); it is ported once here, the variants are listed N/A.
// STATUS: partial port (see README-tasks.md for which upstream tests are not yet accounted for).
import { newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { type CancelledError, ensureFuture, gather, isCancelledError, Task } from "../../src/index.js";

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
    const fut = otherLoop.createFuture();
    function* run(f: typeof fut) {
      yield* f as never;
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
    function* test(): Generator<never, void> {
      yield* task as never;
    }
    const task: Task<void> = ensureFuture(test(), { loop });
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
});
