import { getRunningLoop } from "@aio/loop";
import { createTask, ensureFuture, gather, isCancelledError, run, sleep, type Task } from "@aio/task";
import { describe, expect, it } from "vitest";
import { Barrier, BoundedSemaphore, Condition, Event, Lock, Queue, Semaphore } from "../src/index.js";

describe("cancellation at every waiting point", () => {
  it("Lock.acquire, Event.wait, Semaphore.acquire, Barrier.wait: a cancelled waiter leaves no trace", async () => {
    function* main() {
      const lock = new Lock();
      const ev = new Event();
      const sem = new Semaphore(0);
      const barrier = new Barrier(2);
      yield* lock.acquire();
      const waits: Task<unknown>[] = [
        createTask(lock.acquire()),
        createTask(ev.wait()),
        createTask(sem.acquire()),
        createTask(barrier.wait()),
      ];
      yield* sleep(0.1);
      expect(String(lock)).toMatch(/^<asyncio\.locks\.Lock object at 0x[0-9a-f]+ \[locked, waiters:1\]>$/);
      expect(String(ev)).toMatch(/^<asyncio\.locks\.Event object at 0x[0-9a-f]+ \[unset, waiters:1\]>$/);
      for (const w of waits) w.cancel();
      const results = yield* gather(...waits, { returnExceptions: true });
      expect(results.every((r) => isCancelledError(r))).toBe(true);
      expect(String(lock)).toMatch(/^<asyncio\.locks\.Lock object at 0x[0-9a-f]+ \[locked\]>$/);
      expect(String(ev)).toMatch(/^<asyncio\.locks\.Event object at 0x[0-9a-f]+ \[unset\]>$/);
      expect(String(sem)).toMatch(/^<asyncio\.locks\.Semaphore object at 0x[0-9a-f]+ \[locked\]>$/);
      expect(String(barrier)).toMatch(
        /^<asyncio\.locks\.Barrier object at 0x[0-9a-f]+ \[filling, waiters:0\/2\]>$/,
      );
      lock.release();
      expect(lock.locked()).toBe(false);
      sem.release();
      expect(yield* sem.acquire()).toBe(true);
    }
    await run(main(), { clock: "virtual" });
  });

  it("Condition.wait re-acquires the lock even when cancelled, then raises CancelledError", async () => {
    const log: string[] = [];
    function* main() {
      const cond = new Condition();
      function* waiter() {
        yield* cond.acquire();
        try {
          yield* cond.wait();
        } catch (e) {
          log.push(`cancelled=${isCancelledError(e)} holds lock=${cond.locked()}`);
          throw e;
        } finally {
          cond.release();
        }
      }
      const t = createTask(waiter());
      yield* sleep(0.1);
      yield* cond.acquire(); // hold the lock, so the cancelled waiter must wait for it
      t.cancel();
      yield* sleep(0.1);
      log.push(`waiter still pending=${!t.done()}`);
      cond.release();
      yield* gather(t, { returnExceptions: true });
      log.push(`lock free at the end=${!cond.locked()}`);
    }
    await run(main(), { clock: "virtual" });
    expect(log).toEqual([
      "waiter still pending=true",
      "cancelled=true holds lock=true",
      "lock free at the end=true",
    ]);
  });
});

describe("plain async code: Symbol.asyncDispose releases", () => {
  it("await using releases a lock and a semaphore at the end of the block", async () => {
    const loop = (await import("@aio/loop")).newEventLoop({ clock: "virtual" });
    const lock = new Lock();
    const sem = new BoundedSemaphore(1);
    const observed: boolean[] = [];
    async function critical(): Promise<void> {
      await ensureFuture(lock.acquire(), { loop });
      await ensureFuture(sem.acquire(), { loop });
      {
        await using _lock = lock;
        await using _sem = sem;
        observed.push(lock.locked(), sem.locked());
      }
      observed.push(lock.locked(), sem.locked());
    }
    function* main() {
      yield* ensureFuture(critical());
      expect(getRunningLoop()).toBe(loop);
    }
    await loop.runUntilComplete(main());
    loop.close();
    expect(observed).toEqual([true, true, false, false]);
  });
});

describe("misuse gets asyncio's errors", () => {
  it("names each misuse", async () => {
    function* main() {
      expect(() => new Lock().release()).toThrow("Lock is not acquired.");
      expect(() => new Semaphore(-1)).toThrow(new RangeError("Semaphore initial value must be >= 0"));
      expect(() => new Semaphore(1.5)).toThrow("Semaphore initial value must be an integer, got 1.5");
      const b = new BoundedSemaphore(2);
      expect(() => b.release()).toThrow("BoundedSemaphore released too many times");
      expect(() => new Barrier(0)).toThrow("parties must be > 0");
      expect(() => new Condition({} as never)).toThrow("Condition needs a Lock, got {}");
      const cond = new Condition();
      expect(() => cond.notify()).toThrow("cannot notify on un-acquired lock");
      expect(() => cond.wait().next()).toThrow("cannot wait on un-acquired lock");
      yield* sleep(0);
    }
    await run(main(), { clock: "virtual" });
  });
});

describe("await on a coroutine method", () => {
  it("fails loudly instead of returning at once (use yield* or toPromise)", async () => {
    const lock = new Lock();
    await expect((async () => await lock.acquire())()).rejects.toThrow(
      /^Lock\.acquire\(\) was awaited with await, which does not run it: inside a coroutine write yield\* Lock\.acquire\(…\)/,
    );
    const q = new Queue<number>();
    await expect((async () => await q.get())()).rejects.toThrow(/^Queue\.get\(\) was awaited with await/);
    expect(lock.locked()).toBe(false);
  });
});

describe("objects Python refuses to await (issue 23)", () => {
  it("yield* on a primitive raises asyncio's TypeError; ensureFuture still says an awaitable is required; spreading is refused the same way", async () => {
    const seen = await run(
      (function* () {
        const out: string[] = [];
        for (const x of [
          new Lock(),
          new Event(),
          new Condition(),
          new Semaphore(),
          new BoundedSemaphore(),
          new Barrier(2),
          new Queue(),
        ]) {
          try {
            yield* x as unknown as Iterable<undefined>;
            out.push("awaited");
          } catch (e) {
            out.push(`${(e as Error).name}: ${(e as Error).message}`);
          }
          try {
            ensureFuture(x as never);
          } catch (e) {
            out.push((e as Error).message);
          }
        }
        try {
          [...(new Lock() as never as unknown[])];
        } catch (e) {
          out.push((e as Error).message);
        }
        return out;
      })(),
    );
    const required = "An asyncio.Future, a coroutine or an awaitable is required";
    expect(seen).toEqual([
      ...["Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier", "Queue"].flatMap(
        (name) => [`TypeError: object ${name} can't be used in 'await' expression`, required],
      ),
      "object Lock can't be used in 'await' expression",
    ]);
  });
});
