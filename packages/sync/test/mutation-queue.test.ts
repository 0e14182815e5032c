/**
 * Queue behaviour that surviving Stryker mutants showed no test pinned (see test/MUTATION.md):
 * waiters keep their place when a neighbour is cancelled, shutdown with cancelled waiters, the
 * task count through an immediate shutdown, Python's `<` for priority items, and the reprs.
 */
import { type Coro, createTask, run, sleep, type Task } from "@aio/task";
import { describe, expect, it } from "vitest";
import { LifoQueue, PriorityQueue, pythonLessThan, Queue } from "../src/index.js";

/** Enough loop turns for a cancelled waiter to leave and for a waiter it woke to wait again. */
function* turns(n: number): Coro<void> {
  for (let i = 0; i < n; i++) yield* sleep(0);
}

function inLoop<T>(main: () => Coro<T>): Promise<T> {
  return run(main(), { clock: "virtual" });
}

describe("Queue: a cancelled waiter does not cost the others their place", () => {
  it("a putter cancelled while the queue is full leaves the next putters in arrival order", async () => {
    const got = await inLoop(function* () {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const putters: Task<void>[] = [1, 2, 3].map((i) => createTask(q.put(i)));
      yield* sleep(0);
      putters[0]?.cancel();
      yield* turns(3); // the cancelled waiter, then anyone it woke, run
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        out.push(yield* q.get());
        yield* sleep(0);
      }
      return out;
    });
    expect(got).toEqual([0, 2, 3]);
  });

  it("a putter cancelled in the turn a slot frees passes nothing on: the next two putters keep their order", async () => {
    const got = await inLoop(function* () {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const putters: Task<void>[] = [1, 2, 3, 4].map((i) => createTask(q.put(i)));
      yield* sleep(0);
      putters[0]?.cancel();
      const out = [q.getNowait()]; // the slot goes to putter 2 (1 is cancelled)
      yield* turns(3); // the cancelled waiter, then anyone it woke, run
      for (let i = 0; i < 3; i++) {
        out.push(yield* q.get());
        yield* sleep(0);
      }
      return out;
    });
    expect(got).toEqual([0, 2, 3, 4]);
  });

  it("a putter woken but cancelled while the queue filled up again wakes nobody", async () => {
    const got = await inLoop(function* () {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const putters: Task<void>[] = [1, 2, 3].map((i) => createTask(q.put(i)));
      yield* sleep(0);
      const out = [q.getNowait()]; // wakes putter 1
      q.putNowait(9); // full again before putter 1 runs
      putters[0]?.cancel();
      yield* turns(3); // the cancelled waiter, then anyone it woke, run
      for (let i = 0; i < 3; i++) {
        out.push(yield* q.get());
        yield* sleep(0);
      }
      return out;
    });
    expect(got).toEqual([0, 9, 2, 3]);
  });

  it("a getter cancelled on an empty queue leaves the next getters in arrival order", async () => {
    const got = await inLoop(function* () {
      const q = new Queue<string>();
      const getters: Task<string>[] = [0, 1, 2].map(() => createTask(q.get()));
      yield* sleep(0);
      getters[0]?.cancel();
      yield* turns(3); // the cancelled waiter, then anyone it woke, run
      q.putNowait("a");
      q.putNowait("b");
      const [, g1, g2] = getters;
      return [yield* g1 as Task<string>, yield* g2 as Task<string>];
    });
    expect(got).toEqual(["a", "b"]);
  });

  it("a getter cancelled in the turn an item arrives passes nothing on: the later getters keep their order", async () => {
    const got = await inLoop(function* () {
      const q = new Queue<string>();
      const getters: Task<string>[] = [0, 1, 2, 3].map(() => createTask(q.get()));
      yield* sleep(0);
      getters[0]?.cancel();
      q.putNowait("a"); // for getter 1 (0 is cancelled)
      yield* turns(3); // the cancelled waiter, then anyone it woke, run
      q.putNowait("b");
      q.putNowait("c");
      const [, g1, g2, g3] = getters as [Task<string>, Task<string>, Task<string>, Task<string>];
      return [yield* g1, yield* g2, yield* g3];
    });
    expect(got).toEqual(["a", "b", "c"]);
  });
});

describe("Queue.shutdown with cancelled waiters and unfinished tasks", () => {
  it("skips getters and putters cancelled in the same turn, waking the others with QueueShutDown", async () => {
    const seen = await inLoop(function* () {
      const empty = new Queue<number>();
      const getters = [createTask(empty.get()), createTask(empty.get())];
      const full = new Queue<number>(1);
      full.putNowait(1);
      const putters = [createTask(full.put(2)), createTask(full.put(3))];
      yield* sleep(0);
      getters[0]?.cancel();
      putters[0]?.cancel();
      empty.shutdown();
      full.shutdown();
      const out: string[] = [];
      for (const t of [...getters, ...putters] as Task<unknown>[]) {
        try {
          yield* t;
          out.push("done");
        } catch (e) {
          out.push((e as Error).name);
        }
      }
      return out;
    });
    expect(seen).toEqual(["CancelledError", "QueueShutDown", "CancelledError", "QueueShutDown"]);
  });

  it("an immediate shutdown does not count items already marked done twice", async () => {
    const q = new Queue<number>();
    q.putNowait(1);
    q.putNowait(2);
    q.taskDone();
    q.taskDone();
    q.shutdown(true);
    expect(String(q)).toBe("<Queue maxsize=0 shutdown>");
    expect(() => q.taskDone()).toThrow("task_done() called too many times");
  });

  it("join() keeps waiting after an immediate shutdown for an item got but not yet done", async () => {
    const log = await inLoop(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      q.putNowait(2);
      q.getNowait();
      const joiner = createTask(q.join());
      yield* sleep(0);
      q.shutdown(true);
      yield* sleep(0);
      const out = [`after shutdown: joined=${joiner.done()}`];
      q.taskDone();
      yield* joiner;
      out.push(`after taskDone: joined=${joiner.done()}`);
      return out;
    });
    expect(log).toEqual(["after shutdown: joined=false", "after taskDone: joined=true"]);
  });
});

describe("Queue construction", () => {
  it("refuses null as maxsize with asyncio's words", () => {
    expect(() => new Queue(null as never)).toThrow(new TypeError("maxsize must be a number, got None"));
  });
});

describe("pythonLessThan: Python's < on priority items", () => {
  it("compares ints given as bigints with numbers either way", () => {
    expect(pythonLessThan(1n, 2)).toBe(true);
    expect(pythonLessThan(2, 1n)).toBe(false);
    expect(pythonLessThan(1, 2n)).toBe(true);
    expect(pythonLessThan(3n, 2n)).toBe(false);
    const q = new PriorityQueue<number | bigint>();
    for (const x of [5n, 1, 3n, 2]) q.putNowait(x);
    expect([q.getNowait(), q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 2, 3n, 5n]);
  });

  it("refuses a number against a string, a string against a number, a tuple against a string", () => {
    expect(() => pythonLessThan(1, "a")).toThrow("'<' not supported between instances of 'int' and 'str'");
    expect(() => pythonLessThan("a", 1)).toThrow("'<' not supported between instances of 'str' and 'int'");
    expect(() => pythonLessThan([1], "a")).toThrow(
      "'<' not supported between instances of 'tuple' and 'str'",
    );
    expect(() => pythonLessThan("a", [1])).toThrow(
      "'<' not supported between instances of 'str' and 'tuple'",
    );
    expect(() => pythonLessThan(1n, "a")).toThrow("'<' not supported between instances of 'int' and 'str'");
  });

  it("is strict on equal strings and compares tuples element by element, then by length", () => {
    expect(pythonLessThan("a", "a")).toBe(false);
    expect(pythonLessThan("a", "b")).toBe(true);
    expect(pythonLessThan([1], [1])).toBe(false);
    expect(pythonLessThan([1], [1, 2])).toBe(true);
    expect(pythonLessThan([1, 2], [1])).toBe(false);
    expect(pythonLessThan([2, 0], [1, 5])).toBe(false);
    expect(pythonLessThan([1, 5], [2, 0])).toBe(true);
    expect(pythonLessThan([], [0])).toBe(true);
  });
});

describe("PriorityQueue and LifoQueue order and repr", () => {
  it("a PriorityQueue hands out every item smallest first, whichever child of the heap is smaller", () => {
    const q = new PriorityQueue<number>();
    const items = [1, 3, 2, 4, 5, 9, 0, 7, 6, 8, 5];
    for (const x of items) q.putNowait(x);
    const out: number[] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([...items].sort((a, b) => a - b));
  });

  it("shows the items in their repr", () => {
    const pq = new PriorityQueue<number>();
    pq.putNowait(2);
    pq.putNowait(1);
    expect(String(pq)).toBe("<PriorityQueue maxsize=0 _queue=[1, 2] tasks=2>");
    const lq = new LifoQueue<number>(3);
    lq.putNowait(1);
    lq.putNowait(2);
    expect(String(lq)).toBe("<LifoQueue maxsize=3 _queue=[1, 2] tasks=2>");
    expect(lq.getNowait()).toBe(2);
  });
});

describe("Queue repr after gets", () => {
  it("shows only the items still queued, not those already got (CPython 3.12's str)", () => {
    const q = new Queue<number | string>();
    q.putNowait(1);
    q.putNowait("b");
    q.putNowait(3);
    expect(q.getNowait()).toBe(1);
    expect(String(q)).toBe("<Queue maxsize=0 _queue=['b', 3] tasks=3>");
    q.getNowait();
    q.getNowait();
    expect(String(q)).toBe("<Queue maxsize=0 tasks=3>");
  });
});

describe("Queue's coroutine methods refuse await", () => {
  it("names put and join in the error", async () => {
    const q = new Queue<number>();
    await expect((async () => await q.put(1))()).rejects.toThrow(/^Queue\.put\(\) was awaited with await/);
    await expect((async () => await q.join())()).rejects.toThrow(/^Queue\.join\(\) was awaited with await/);
  });
});
