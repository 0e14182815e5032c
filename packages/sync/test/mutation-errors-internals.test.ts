/**
 * Behaviour of the exceptions and the shared internals that surviving Stryker mutants showed no
 * test pinned (see test/MUTATION.md): Python's reprs of the exceptions, a queue long enough for
 * its deque to compact, the names of aenter/aexit, and the refusal of `yield*` on a subclass.
 */
import { repr } from "@aio/loop";
import { type Coro, createTask, run, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  Barrier,
  BrokenBarrierError,
  Lock,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
} from "../src/index.js";

describe("the exceptions as Python shows them", () => {
  it("have their class's name and no args when raised without a message", () => {
    for (const E of [QueueEmpty, QueueFull, QueueShutDown, BrokenBarrierError]) {
      const err = new E();
      expect(err.name).toBe(E.name);
      expect(err.message).toBe("");
      expect(err.args).toEqual([]);
      expect(repr(err)).toBe(`${E.name}()`);
    }
  });

  it("BrokenBarrierError keeps its message as its one arg", () => {
    const err = new BrokenBarrierError("Barrier aborted");
    expect(err.args).toEqual(["Barrier aborted"]);
    expect(repr(err)).toBe("BrokenBarrierError('Barrier aborted')");
  });

  it("a wait on an aborted barrier raises BrokenBarrierError('Barrier aborted')", async () => {
    const shown = await run(
      (function* () {
        const b = new Barrier(2);
        const waiter = createTask(b.wait());
        yield* sleep(0);
        yield* b.abort();
        const out: string[] = [];
        for (const attempt of [() => waiter, () => b.wait()]) {
          try {
            yield* attempt();
          } catch (e) {
            out.push(repr(e));
          }
        }
        return out;
      })(),
      { clock: "virtual" },
    );
    expect(shown).toEqual([
      "BrokenBarrierError('Abort or reset of barrier')",
      "BrokenBarrierError('Barrier aborted')",
    ]);
  });
});

describe("a queue through many items", () => {
  it("keeps first-in first-out order past the point where its storage is compacted", async () => {
    const q = new Queue<number>();
    const n = 3000;
    for (let i = 0; i < n; i++) q.putNowait(i);
    const out: number[] = [];
    for (let i = 0; i < 2000; i++) out.push(q.getNowait());
    for (let i = n; i < n + 500; i++) q.putNowait(i);
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual(Array.from({ length: n + 500 }, (_, i) => i));
  });

  it("serves more than a thousand waiting getters in order", async () => {
    const got = await run(
      (function* () {
        const q = new Queue<number>();
        const getters = Array.from({ length: 1500 }, () => createTask(q.get()));
        yield* sleep(0);
        for (let i = 0; i < 1500; i++) q.putNowait(i);
        const out: number[] = [];
        for (const g of getters) out.push(yield* g);
        return out;
      })(),
      { clock: "virtual" },
    );
    expect(got).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  });
});

describe("the context-manager methods refuse await", () => {
  it("names aenter and aexit in the error", async () => {
    const lock = new Lock();
    await expect((async () => await lock.aenter())()).rejects.toThrow(/^aenter\(\) was awaited with await/);
    await expect((async () => await lock.aexit())()).rejects.toThrow(/^aexit\(\) was awaited with await/);
  });
});

describe("yield* refused on a primitive, not on a subclass that defines it", () => {
  it("a subclass may assign its own Symbol.iterator and be used with yield*", async () => {
    class AwaitableLock extends Lock {}
    (AwaitableLock.prototype as unknown as { [Symbol.iterator]: () => Iterator<unknown> })[Symbol.iterator] =
      function* (this: Lock) {
        return yield* this.acquire();
      };
    const got = await run(
      (function* (): Coro<unknown[]> {
        const lock = new AwaitableLock();
        const acquired = yield* lock as unknown as Coro<boolean>;
        return [acquired, lock.locked()];
      })(),
      { clock: "virtual" },
    );
    expect(got).toEqual([true, true]);
    expect(() => [...(new Lock() as unknown as unknown[])]).toThrow(
      "object Lock can't be used in 'await' expression",
    );
  });
});
