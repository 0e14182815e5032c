import { createTask, ensureFuture, gather, run, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { PriorityQueue, Queue, QueueShutDown } from "../src/index.js";

describe("Queue.shutdown (CPython 3.13)", () => {
  it("wakes blocked putters with QueueShutDown, lets gets drain, then refuses", async () => {
    const seen: string[] = [];
    function* main() {
      const q = new Queue<number>(1);
      q.putNowait(1);
      const blockedPut = createTask(q.put(2));
      yield* sleep(0);
      q.shutdown();
      try {
        yield* blockedPut;
      } catch (e) {
        if (e instanceof QueueShutDown) seen.push("blocked put: QueueShutDown()");
      }
      seen.push(`get after shutdown: ${q.getNowait()}`);
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      expect(() => q.putNowait(3)).toThrow(QueueShutDown);
      seen.push(String(q));
    }
    await run(main(), { clock: "virtual" });
    expect(seen).toEqual([
      "blocked put: QueueShutDown()",
      "get after shutdown: 1",
      "<Queue maxsize=1 tasks=1 shutdown>",
    ]);
  });

  it("wakes a blocked getter, and immediate shutdown drops items so join() returns", async () => {
    function* main() {
      const q2 = new Queue<number>();
      const getter = createTask(q2.get());
      yield* sleep(0);
      q2.shutdown();
      let woken = false;
      try {
        yield* getter;
      } catch (e) {
        woken = e instanceof QueueShutDown;
      }
      const q3 = new Queue<number>();
      q3.putNowait(1);
      q3.putNowait(2);
      const joiner = createTask(q3.join());
      yield* sleep(0);
      q3.shutdown(true);
      yield* joiner;
      return [woken, q3.qsize()];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([true, 0]);
  });
});

describe("Queue bad input", () => {
  it("names the problem", () => {
    expect(() => new Queue({ maxsize: "3" as never })).toThrow("maxsize must be a number, got '3'");
    const q = new PriorityQueue<object>({ lessThan: () => false });
    q.putNowait({});
    q.putNowait({});
    expect(q.qsize()).toBe(2);
  });

  it("refuses a second loop once bound to one", async () => {
    const q = new Queue<number>();
    function* first() {
      const getter = createTask(q.get()); // waits, so the queue binds to this loop
      yield* sleep(0);
      q.putNowait(1);
      return yield* getter;
    }
    expect(await run(first(), { clock: "virtual" })).toBe(1);
    function* second() {
      yield* q.get();
    }
    const message = await run(second(), { clock: "virtual" }).catch((e: Error) => e.message);
    expect(message).toMatch(/^<Queue at 0x[0-9a-f]+ maxsize=0 tasks=1> is bound to a different event loop$/);
  });

  it("can be awaited from plain async code through ensureFuture", async () => {
    function* main() {
      const q = new Queue<string>();
      const consumer = ensureFuture(q.get());
      q.putNowait("hello");
      const [got] = yield* gather(consumer);
      return got;
    }
    expect(await run(main(), { clock: "virtual" })).toBe("hello");
  });
});
