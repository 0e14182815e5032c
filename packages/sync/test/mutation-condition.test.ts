/**
 * Condition behaviour that surviving Stryker mutants showed no test pinned (see test/MUTATION.md):
 * an error other than a cancellation while re-acquiring the lock, the repr, the coroutine names.
 */
import { type Coro, createTask, run, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { Condition, Lock } from "../src/index.js";

function inLoop<T>(main: () => Coro<T>): Promise<T> {
  return run(main(), { clock: "virtual" });
}

describe("Condition.wait re-acquiring the lock", () => {
  it("raises an error of the lock other than a cancellation instead of trying again", async () => {
    const lock = new Lock();
    // A wait for the lock binds it to this first loop.
    await inLoop(function* () {
      yield* lock.acquire();
      const waiter = createTask(lock.acquire());
      yield* sleep(0);
      lock.release();
      yield* waiter;
      lock.release();
    });
    const outcome = await inLoop(function* () {
      const cond = new Condition(lock);
      const waiter = createTask(
        (function* () {
          yield* cond.acquire();
          yield* cond.wait();
        })(),
      );
      yield* sleep(0);
      yield* cond.acquire(); // free: no wait, so no loop check
      cond.notify();
      yield* sleep(0); // the waiter must wait for the lock in this loop: refused
      cond.release();
      try {
        yield* waiter;
        return "returned";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(outcome).toMatch(
      /^<asyncio\.locks\.Lock object at 0x[0-9a-f]+ \[locked\]> is bound to a different event loop$/,
    );
  });
});

describe("Condition repr", () => {
  it("lists waiters only when there are some", async () => {
    const texts = await inLoop(function* () {
      const cond = new Condition();
      const out = [String(cond)];
      const waiter = createTask(
        (function* () {
          yield* cond.acquire();
          yield* cond.wait();
          cond.release();
        })(),
      );
      yield* sleep(0);
      yield* cond.acquire();
      out.push(String(cond));
      cond.notifyAll();
      cond.release();
      yield* waiter;
      out.push(String(cond));
      return out.map((s) => s.replace(/0x[0-9a-f]+/, "0x"));
    });
    expect(texts).toEqual([
      "<asyncio.locks.Condition object at 0x [unlocked]>",
      "<asyncio.locks.Condition object at 0x [locked, waiters:1]>",
      "<asyncio.locks.Condition object at 0x [unlocked]>",
    ]);
  });
});

describe("Condition's coroutine methods refuse await", () => {
  it("names wait and waitFor in the error", async () => {
    const cond = new Condition();
    await expect((async () => await cond.wait())()).rejects.toThrow(
      /^Condition\.wait\(\) was awaited with await/,
    );
    await expect((async () => await cond.waitFor(() => true))()).rejects.toThrow(
      /^Condition\.waitFor\(\) was awaited with await/,
    );
  });
});
