/**
 * Semaphore behaviour that surviving Stryker mutants showed no test pinned (see test/MUTATION.md):
 * what an acquire that waited returns, and the permits left over or handed on when a woken waiter
 * leaves.
 */
import { type Coro, createTask, run, sleep, type Task } from "@aio/task";
import { describe, expect, it } from "vitest";
import { BoundedSemaphore, Semaphore } from "../src/index.js";

function inLoop<T>(main: () => Coro<T>): Promise<T> {
  return run(main(), { clock: "virtual" });
}

describe("Semaphore permits around a woken waiter", () => {
  it("an acquire that had to wait returns true", async () => {
    const got = await inLoop(function* () {
      const sem = new Semaphore(0);
      const waiter = createTask(sem.acquire());
      yield* sleep(0);
      sem.release();
      return yield* waiter;
    });
    expect(got).toBe(true);
  });

  it("a permit released beyond the waiters stays for the next acquire", async () => {
    const seen = await inLoop(function* () {
      const sem = new Semaphore(0);
      const waiter = createTask(sem.acquire());
      yield* sleep(0);
      sem.release();
      sem.release();
      yield* waiter;
      const out = [sem.locked(), String(sem).replace(/0x[0-9a-f]+/, "0x")];
      yield* sem.acquire();
      out.push(sem.locked());
      return out;
    });
    expect(seen).toEqual([false, "<asyncio.locks.Semaphore object at 0x [unlocked, value:1]>", true]);
  });

  it("a woken waiter leaving hands every spare permit to the newcomers queued behind it, all in one turn", async () => {
    const seen = await inLoop(function* () {
      const sem = new Semaphore(0);
      const first = createTask(sem.acquire());
      yield* sleep(0);
      // These start before the first waiter resumes: they find it still waiting, and queue.
      const later: Task<boolean>[] = [
        createTask(sem.acquire()),
        createTask(sem.acquire()),
        createTask(sem.acquire()),
      ];
      for (let i = 0; i < 4; i++) sem.release();
      // One turn: the first waiter resumes and, leaving, wakes all three at once (as CPython's
      // acquire() does); the next turn, each has its permit.
      yield* sleep(0);
      yield* sleep(0);
      const out = [first.done(), ...later.map((t) => t.done())];
      for (const t of later) t.cancel();
      return out;
    });
    expect(seen).toEqual([true, true, true, true]);
  });
});

describe("Semaphore.acquire() with an error other than cancellation thrown into it", () => {
  // Python's coro.throw(ValueError()) on a waiting `sem.acquire()` coroutine: only a CancelledError
  // gives a handed-over permit back (CPython 3.12 prints `[locked]` in both cases below).
  function* throwIntoAcquire(wokenFirst: boolean): Coro<unknown[]> {
    const sem = new Semaphore(0);
    const coro = sem.acquire();
    const first = coro.next(); // parks a waiter and suspends on its future
    if (wokenFirst) sem.release(); // hands the permit to that waiter
    let raised: unknown;
    try {
      coro.throw(new RangeError("boom"));
    } catch (err) {
      raised = err;
    }
    return [first.done, String(raised), sem.locked(), String(sem).replace(/0x[0-9a-f]+/, "0x")];
  }

  it("while it waits: the error passes through and no permit appears", async () => {
    const seen = await inLoop(() => throwIntoAcquire(false));
    expect(seen).toEqual([
      false,
      "RangeError: boom",
      true,
      "<asyncio.locks.Semaphore object at 0x [locked]>",
    ]);
  });

  it("once woken: the error passes through and the permit is not given back (CPython's except CancelledError)", async () => {
    const seen = await inLoop(() => throwIntoAcquire(true));
    expect(seen).toEqual([
      false,
      "RangeError: boom",
      true,
      "<asyncio.locks.Semaphore object at 0x [locked]>",
    ]);
  });
});

describe("Semaphore's coroutine method refuses await", () => {
  it("names acquire in the error, for BoundedSemaphore too", async () => {
    for (const sem of [new Semaphore(), new BoundedSemaphore()]) {
      await expect((async () => await sem.acquire())()).rejects.toThrow(
        /^Semaphore\.acquire\(\) was awaited with await/,
      );
    }
  });
});
