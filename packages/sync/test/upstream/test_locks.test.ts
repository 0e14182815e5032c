/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_locks.py
 * (/root/.pyenv/versions/3.12.1/lib/python3.12/test/test_asyncio/test_locks.py), ported from the
 * top; the classes not yet ported are listed in NOT_YET_PORTED (and in test/upstream/README.md).
 *
 * Translation rules:
 * - Each `unittest.IsolatedAsyncioTestCase` method runs as `run(main())` (a fresh real loop, real
 *   timers); `await x` is `yield* x`; `asyncio.X` is `@aio/sync`/`@aio/task`'s X in camelCase.
 * - `async with lock:` is `yield* using(lock, function* () {…})`.
 * - `await lock` (a mistake Python refuses with a TypeError) is `yield* lock`.
 * - `repr(x)` is `repr(x)` from `@aio/loop`; RGX_REPR is kept as a JS RegExp.
 * - Private state the upstream tests inspect (`lock._waiters`, `ev._waiters`) is reached through the
 *   same-purpose private `waiters` fields (a Set for Lock, an array for Event).
 * - `self.assertRaises(E)` on a coroutine is a try/catch whose caught value is checked.
 */

import type { Future } from "@aio/future";
import { getRunningLoop, repr } from "@aio/loop";
import { CancelledError, type Coro, createTask, run, sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { BoundedSemaphore, Condition, Event, Lock, Semaphore } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "LockTests.test_lock_doesnt_accept_loop_parameter":
    "checks that the 3.10-removed `loop=` keyword argument is refused; JS calls have no keyword arguments and aio never had a loop parameter",
};

export const NOT_YET_PORTED: string[] = [
  "ConditionTests (all)",
  "SemaphoreTests (all)",
  "BarrierTests (all)",
];

const RGX_REPR = new RegExp(
  "^<(?<class>.*?) object at (?<address>.*?)" +
    "\\[(?<extras>" +
    "(set|unset|locked|unlocked|filling|draining|resetting|broken)" +
    "(, value:\\d)?" +
    "(, waiters:\\d+)?" +
    "(, waiters:\\d+\\/\\d+)?" + // barrier
    ")\\]>$",
);

/** Python's `with self.assertRaises(...)`: runs a coroutine and returns what it threw. */
function* raised(body: () => Coro<unknown>): Coro<unknown> {
  try {
    yield* body();
  } catch (e) {
    return e;
  }
  throw new Error("nothing was raised");
}

const lockWaiters = (lock: Lock): Set<Future<boolean>> | null =>
  (lock as unknown as { waiters: Set<Future<boolean>> | null }).waiters;
const lockWaiterCount = (lock: Lock): number => lockWaiters(lock)?.size ?? 0;
const eventWaiters = (ev: Event): unknown[] => (ev as unknown as { waiters: unknown[] }).waiters;

describe("LockTests", () => {
  // FAILS: repr — aio's repr is `<Lock [unlocked]>`, not CPython's `<asyncio.locks.Lock object at 0x… [unlocked]>`
  it.fails("test_repr", async () => {
    await run(
      (function* () {
        const lock = new Lock();
        expect(repr(lock).endsWith("[unlocked]>")).toBe(true);
        expect(RGX_REPR.test(repr(lock))).toBe(true);

        yield* lock.acquire();
        expect(repr(lock).endsWith("[locked]>")).toBe(true);
        expect(RGX_REPR.test(repr(lock))).toBe(true);
      })(),
    );
  });

  // FAILS: yield* text — `yield* lock` throws JS's "… is not iterable", not "object Lock can't be used in 'await' expression"
  it.fails("test_lock", async () => {
    await run(
      (function* () {
        const lock = new Lock();

        const e = yield* raised(function* () {
          yield* lock as never as Coro<void>;
        });
        expect(e).toBeInstanceOf(TypeError);
        expect((e as Error).message).toMatch(/object Lock can't be used in 'await' expression/);

        expect(lock.locked()).toBe(false);
      })(),
    );
  });

  // FAILS: yield* text — `yield* lock` throws JS's "… is not iterable", not "object Lock can't be used in 'await' expression"
  it.fails("test_lock_by_with_statement", async () => {
    await run(
      (function* () {
        const primitives = [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()];

        for (const lock of primitives) {
          yield* sleep(0.01);
          expect(lock.locked()).toBe(false);
          const e = yield* raised(function* () {
            yield* lock as never as Coro<void>;
          });
          expect(e).toBeInstanceOf(TypeError);
          expect((e as Error).message).toMatch(/object \w+ can't be used in 'await' expression/);
          expect(lock.locked()).toBe(false);
        }
      })(),
    );
  });

  it("test_acquire", async () => {
    await run(
      (function* () {
        const lock = new Lock();
        const result: number[] = [];

        expect(yield* lock.acquire()).toBe(true);

        function* c1(result: number[]): Coro<boolean> {
          if (yield* lock.acquire()) result.push(1);
          return true;
        }

        function* c2(result: number[]): Coro<boolean> {
          if (yield* lock.acquire()) result.push(2);
          return true;
        }

        function* c3(result: number[]): Coro<boolean> {
          if (yield* lock.acquire()) result.push(3);
          return true;
        }

        const t1 = createTask(c1(result));
        const t2 = createTask(c2(result));

        yield* sleep(0);
        expect(result).toEqual([]);

        lock.release();
        yield* sleep(0);
        expect(result).toEqual([1]);

        yield* sleep(0);
        expect(result).toEqual([1]);

        const t3 = createTask(c3(result));

        lock.release();
        yield* sleep(0);
        expect(result).toEqual([1, 2]);

        lock.release();
        yield* sleep(0);
        expect(result).toEqual([1, 2, 3]);

        expect(t1.done()).toBe(true);
        expect(t1.result()).toBe(true);
        expect(t2.done()).toBe(true);
        expect(t2.result()).toBe(true);
        expect(t3.done()).toBe(true);
        expect(t3.result()).toBe(true);
      })(),
    );
  });

  it("test_acquire_cancel", async () => {
    await run(
      (function* () {
        const lock = new Lock();
        expect(yield* lock.acquire()).toBe(true);

        const task = createTask(lock.acquire());
        getRunningLoop().callSoon(() => task.cancel());
        const e = yield* raised(function* () {
          yield* task;
        });
        expect(e).toBeInstanceOf(CancelledError);
        expect(lockWaiterCount(lock)).toBe(0);
      })(),
    );
  });

  it("test_cancel_race", async () => {
    await run(
      (function* () {
        // Several tasks:
        // - A acquires the lock
        // - B is blocked in acquire()
        // - C is blocked in acquire()
        //
        // Now, concurrently:
        // - B is cancelled
        // - A releases the lock
        //
        // If B's waiter is marked cancelled but not yet removed from
        // _waiters, A's release() call will crash when trying to set
        // B's waiter; instead, it should move on to C's waiter.

        // Setup: A has the lock, b and c are waiting.
        const lock = new Lock();

        function* lockit(_name: string, blocker: Future<void> | null): Coro<void> {
          yield* lock.acquire();
          try {
            if (blocker !== null) yield* blocker;
          } finally {
            lock.release();
          }
        }

        const fa = getRunningLoop().createFuture<void>() as Future<void>;
        const ta = createTask(lockit("A", fa));
        yield* sleep(0);
        expect(lock.locked()).toBe(true);
        const tb = createTask(lockit("B", null));
        yield* sleep(0);
        expect(lockWaiterCount(lock)).toBe(1);
        const tc = createTask(lockit("C", null));
        yield* sleep(0);
        expect(lockWaiterCount(lock)).toBe(2);

        // Create the race and check.
        // Without the fix this failed at the last assert.
        fa.setResult(undefined);
        tb.cancel();
        const first = lockWaiters(lock)?.values().next().value as Future<boolean>;
        expect(first.cancelled()).toBe(true);
        yield* sleep(0);
        expect(lock.locked()).toBe(false);
        expect(ta.done()).toBe(true);
        expect(tb.cancelled()).toBe(true);
        yield* tc;
      })(),
    );
  });

  it("test_cancel_release_race", async () => {
    await run(
      (function* () {
        // Issue 32734
        // Acquire 4 locks, cancel second, release first
        // and 2 locks are taken at once.
        const loop = getRunningLoop();
        const lock = new Lock();
        let lockCount = 0;
        let callCount = 0;

        function* lockit(): Coro<void> {
          callCount += 1;
          yield* lock.acquire();
          lockCount += 1;
        }

        function trigger(): void {
          t1.cancel();
          lock.release();
        }

        yield* lock.acquire();

        const t1 = createTask(lockit());
        const t2 = createTask(lockit());
        const t3 = createTask(lockit());

        // Start scheduled tasks
        yield* sleep(0);

        loop.callSoon(trigger);
        const e = yield* raised(function* () {
          // Wait for cancellation
          yield* t1;
        });
        expect(e).toBeInstanceOf(CancelledError);

        // Make sure only one lock was taken
        expect(lockCount).toBe(1);
        // While 3 calls were made to lockit()
        expect(callCount).toBe(3);
        expect(t1.cancelled() && t2.done()).toBe(true);

        // Cleanup the task that is stuck on acquire.
        t3.cancel();
        yield* sleep(0);
        expect(t3.cancelled()).toBe(true);
      })(),
    );
  });

  it("test_finished_waiter_cancelled", async () => {
    await run(
      (function* () {
        const lock = new Lock();

        yield* lock.acquire();
        expect(lock.locked()).toBe(true);

        const tb = createTask(lock.acquire());
        yield* sleep(0);
        expect(lockWaiterCount(lock)).toBe(1);

        // Create a second waiter, wake up the first, and cancel it.
        // Without the fix, the second was not woken up.
        const tc = createTask(lock.acquire());
        tb.cancel();
        lock.release();
        yield* sleep(0);

        expect(lock.locked()).toBe(true);
        expect(tb.cancelled()).toBe(true);

        // Cleanup
        yield* tc;
      })(),
    );
  });

  it("test_release_not_acquired", async () => {
    await run(
      (function* () {
        const lock = new Lock();

        // RuntimeError is aio's Error (the package README lists `Lock is not acquired.`).
        expect(() => lock.release()).toThrow(Error);
        expect(() => lock.release()).toThrow("Lock is not acquired.");
      })(),
    );
  });

  it("test_release_no_waiters", async () => {
    await run(
      (function* () {
        const lock = new Lock();
        yield* lock.acquire();
        expect(lock.locked()).toBe(true);

        lock.release();
        expect(lock.locked()).toBe(false);
      })(),
    );
  });

  it("test_context_manager", async () => {
    await run(
      (function* () {
        const lock = new Lock();
        expect(lock.locked()).toBe(false);

        yield* using(lock, () => {
          expect(lock.locked()).toBe(true);
        });

        expect(lock.locked()).toBe(false);
      })(),
    );
  });
});

describe("EventTests", () => {
  // FAILS: repr — aio's repr is `<Event [unset]>`, not CPython's `<asyncio.locks.Event object at 0x… [unset]>`
  it.fails("test_repr", () => {
    const ev = new Event();
    expect(repr(ev).endsWith("[unset]>")).toBe(true);
    const match = RGX_REPR.exec(repr(ev));
    expect(match?.groups?.extras).toBe("unset");

    ev.set();
    expect(repr(ev).endsWith("[set]>")).toBe(true);
    expect(RGX_REPR.test(repr(ev))).toBe(true);

    eventWaiters(ev).push({});
    expect(repr(ev).includes("waiters:1")).toBe(true);
    expect(RGX_REPR.test(repr(ev))).toBe(true);
  });

  it("test_wait", async () => {
    await run(
      (function* () {
        const ev = new Event();
        expect(ev.isSet()).toBe(false);

        const result: number[] = [];

        function* c1(result: number[]): Coro<void> {
          if (yield* ev.wait()) result.push(1);
        }

        function* c2(result: number[]): Coro<void> {
          if (yield* ev.wait()) result.push(2);
        }

        function* c3(result: number[]): Coro<void> {
          if (yield* ev.wait()) result.push(3);
        }

        const t1 = createTask(c1(result));
        const t2 = createTask(c2(result));

        yield* sleep(0);
        expect(result).toEqual([]);

        const t3 = createTask(c3(result));

        ev.set();
        yield* sleep(0);
        expect(result).toEqual([3, 1, 2]);

        expect(t1.done()).toBe(true);
        expect(t1.result()).toBeUndefined();
        expect(t2.done()).toBe(true);
        expect(t2.result()).toBeUndefined();
        expect(t3.done()).toBe(true);
        expect(t3.result()).toBeUndefined();
      })(),
    );
  });

  it("test_wait_on_set", async () => {
    await run(
      (function* () {
        const ev = new Event();
        ev.set();

        const res = yield* ev.wait();
        expect(res).toBe(true);
      })(),
    );
  });

  it("test_wait_cancel", async () => {
    await run(
      (function* () {
        const ev = new Event();

        const wait = createTask(ev.wait());
        getRunningLoop().callSoon(() => wait.cancel());
        const e = yield* raised(function* () {
          yield* wait;
        });
        expect(e).toBeInstanceOf(CancelledError);
        expect(eventWaiters(ev).length).toBe(0);
      })(),
    );
  });

  it("test_clear", async () => {
    await run(
      (function* () {
        const ev = new Event();
        expect(ev.isSet()).toBe(false);

        ev.set();
        expect(ev.isSet()).toBe(true);

        ev.clear();
        expect(ev.isSet()).toBe(false);
      })(),
    );
  });

  // FAILS: Event.set() empties its waiter list at once; CPython keeps the woken waiters listed until
  // they run (`len(ev._waiters) == 1` after set(), and repr shows `[set, waiters:1]`)
  it.fails("test_clear_with_waiters", async () => {
    await run(
      (function* () {
        const ev = new Event();
        const result: number[] = [];

        function* c1(result: number[]): Coro<boolean> {
          if (yield* ev.wait()) result.push(1);
          return true;
        }

        const t = createTask(c1(result));
        yield* sleep(0);
        expect(result).toEqual([]);

        ev.set();
        ev.clear();
        expect(ev.isSet()).toBe(false);

        ev.set();
        ev.set();
        expect(eventWaiters(ev).length).toBe(1);

        yield* sleep(0);
        expect(result).toEqual([1]);
        expect(eventWaiters(ev).length).toBe(0);

        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      })(),
    );
  });
});
