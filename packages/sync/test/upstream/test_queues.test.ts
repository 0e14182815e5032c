/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_queues.py
 * (/root/.pyenv/versions/3.12.1/lib/python3.12/test/test_asyncio/test_queues.py).
 *
 * Translation rules:
 * - Each `unittest.IsolatedAsyncioTestCase` method runs as `run(main())` (a fresh real loop, real
 *   timers); `await x` is `yield* x`; `asyncio.X` is `@aio/sync`/`@aio/task`'s X in camelCase.
 * - `async with asyncio.TaskGroup() as tg:` is `yield* using(new TaskGroup(), function* (tg) {…})`.
 * - `ValueError` is `RangeError` (the package README documents it).
 * - `repr(q)` is `repr(q)` from `@aio/loop`; `str(q)` is `String(q)`. Python's `id(q)` has no JS
 *   counterpart: "the id appears in repr" is checked as " at 0x" appearing in it (CPython's form).
 * - Private state the upstream tests inspect (`q._getters`, `q._putters`, `q._unfinished_tasks`,
 *   `q._format()`) is reached through the same-purpose private fields (`getters`, `putters`,
 *   `unfinishedTasks`) and the text inside `String(q)`'s brackets.
 * - The `_QueueJoinTestMixin` tests run once per queue class (Queue, LifoQueue, PriorityQueue), as
 *   upstream's three subclasses do.
 */

import type { Future } from "@aio/future";
import { getRunningLoop, repr } from "@aio/loop";
import {
  CancelledError,
  type Coro,
  createTask,
  run,
  sleep,
  TaskGroup,
  TimeoutError,
  using,
  waitFor,
} from "@aio/task";
import { describe, expect, it } from "vitest";
import { Event, LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {
  "QueueBasicTests.test_generic_alias":
    "asyncio.Queue[int] builds a runtime types.GenericAlias; TypeScript generics exist only at compile time",
};

/** The private state upstream reads (`_getters`, `_putters`, `_unfinished_tasks`). */
interface QueueInternals {
  getters: { size: number };
  putters: { size: number; add(f: Future<void>): void };
  unfinishedTasks: number;
}
const internals = (q: Queue<unknown>): QueueInternals => q as unknown as QueueInternals;

/** Python's `q._format()`: str(q) from `maxsize=` to before the closing `>`. */
function format(q: Queue<unknown>): string {
  const s = String(q);
  return s.slice(s.indexOf("maxsize="), -1);
}

function* testReprOrStr(fn: (q: Queue<unknown>) => string, expectId: boolean): Coro<void> {
  let q = new Queue<number>();
  expect(fn(q).startsWith("<Queue"), fn(q)).toBe(true);
  const idIsPresent = fn(q).includes(" at 0x");
  expect(idIsPresent).toBe(expectId);

  // getters
  q = new Queue<number>();
  const qg = q;
  const getter = yield* using(new TaskGroup(), function* (tg) {
    // Start a task that waits to get.
    const getter = tg.createTask(qg.get());
    // Let it start waiting.
    yield* sleep(0);
    expect(fn(qg).includes("_getters[1]")).toBe(true);
    // resume q.get coroutine to finish generator
    qg.putNowait(0);
    return getter;
  });
  expect(yield* getter).toBe(0);

  // putters
  q = new Queue<number>({ maxsize: 1 });
  const qp = q;
  const putter = yield* using(new TaskGroup(), function* (tg) {
    qp.putNowait(1);
    // Start a task that waits to put.
    const putter = tg.createTask(qp.put(2));
    // Let it start waiting.
    yield* sleep(0);
    expect(fn(qp).includes("_putters[1]")).toBe(true);
    // resume q.put coroutine to finish generator
    qp.getNowait();
    return putter;
  });
  expect(putter.done()).toBe(true);

  q = new Queue<number>();
  q.putNowait(1);
  expect(fn(q).includes("_queue=[1]")).toBe(true);
}

describe("QueueBasicTests", () => {
  it("test_repr", async () => {
    await run(testReprOrStr((q) => repr(q), true));
  });

  it("test_str", async () => {
    await run(testReprOrStr((q) => String(q), false));
  });

  it("test_empty", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();
        expect(q.empty()).toBe(true);
        yield* q.put(1);
        expect(q.empty()).toBe(false);
        expect(yield* q.get()).toBe(1);
        expect(q.empty()).toBe(true);
      })(),
    );
  });

  it("test_full", async () => {
    await run(
      (function* () {
        let q = new Queue<number>();
        expect(q.full()).toBe(false);

        q = new Queue<number>({ maxsize: 1 });
        yield* q.put(1);
        expect(q.full()).toBe(true);
      })(),
    );
  });

  it("test_order", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();
        for (const i of [1, 3, 2]) yield* q.put(i);
        const items: number[] = [];
        for (let k = 0; k < 3; k++) items.push(yield* q.get());
        expect(items).toEqual([1, 3, 2]);
      })(),
    );
  });

  it("test_maxsize", async () => {
    await run(
      (function* () {
        const q = new Queue<number>({ maxsize: 2 });
        expect(q.maxsize).toBe(2);
        const haveBeenPut: number[] = [];

        function* putter(): Coro<boolean> {
          for (let i = 0; i < 3; i++) {
            yield* q.put(i);
            haveBeenPut.push(i);
          }
          return true;
        }

        const t = createTask(putter());
        for (let i = 0; i < 2; i++) yield* sleep(0);

        // The putter is blocked after putting two items.
        expect(haveBeenPut).toEqual([0, 1]);
        expect(yield* q.get()).toBe(0);

        // Let the putter resume and put last item.
        yield* sleep(0);
        expect(haveBeenPut).toEqual([0, 1, 2]);
        expect(yield* q.get()).toBe(1);
        expect(yield* q.get()).toBe(2);

        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      })(),
    );
  });
});

describe("QueueGetTests", () => {
  it("test_blocking_get", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();
        q.putNowait(1);
        expect(yield* q.get()).toBe(1);
      })(),
    );
  });

  it("test_get_with_putters", async () => {
    await run(
      (function* () {
        const loop = getRunningLoop();

        const q = new Queue<number>(1);
        yield* q.put(1);

        const waiter = loop.createFuture<void>() as Future<void>;
        internals(q).putters.add(waiter);

        expect(yield* q.get()).toBe(1);
        expect(waiter.done()).toBe(true);
        expect(waiter.result()).toBeUndefined();
      })(),
    );
  });

  it("test_blocking_get_wait", async () => {
    await run(
      (function* () {
        const loop = getRunningLoop();
        const q = new Queue<number>();
        const started = new Event();
        let finished = false;

        function* queueGet(): Coro<number> {
          started.set();
          const res = yield* q.get();
          finished = true;
          return res;
        }

        const queueGetTask = createTask(queueGet());
        yield* started.wait();
        expect(finished).toBe(false);
        loop.callLater(0.01, (x: number) => q.putNowait(x), 1);
        const res = yield* queueGetTask;
        expect(finished).toBe(true);
        expect(res).toBe(1);
      })(),
    );
  });

  it("test_nonblocking_get", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("test_nonblocking_get_exception", () => {
    const q = new Queue<number>();
    expect(() => q.getNowait()).toThrow(QueueEmpty);
  });

  it("test_get_cancelled_race", async () => {
    await run(
      (function* () {
        const q = new Queue<string>();

        const t1 = createTask(q.get());
        const t2 = createTask(q.get());

        yield* sleep(0);
        t1.cancel();
        yield* sleep(0);
        expect(t1.done()).toBe(true);
        yield* q.put("a");
        yield* sleep(0);
        expect(yield* t2).toBe("a");
      })(),
    );
  });

  it("test_get_with_waiting_putters", async () => {
    await run(
      (function* () {
        const q = new Queue<string>({ maxsize: 1 });
        createTask(q.put("a"));
        createTask(q.put("b"));
        expect(yield* q.get()).toBe("a");
        expect(yield* q.get()).toBe("b");
      })(),
    );
  });

  it("test_why_are_getters_waiting", async () => {
    await run(
      (function* () {
        function* consumer(queue: Queue<number>, numExpected: number): Coro<void> {
          for (let k = 0; k < numExpected; k++) yield* queue.get();
        }

        function* producer(queue: Queue<number>, numItems: number): Coro<void> {
          for (let i = 0; i < numItems; i++) yield* queue.put(i);
        }

        const producerNumItems = 5;

        const q = new Queue<number>(1);
        yield* using(new TaskGroup(), (tg) => {
          tg.createTask(producer(q, producerNumItems));
          tg.createTask(consumer(q, producerNumItems));
        });
      })(),
    );
  });

  it("test_cancelled_getters_not_being_held_in_self_getters", async () => {
    await run(
      (function* () {
        const queue = new Queue<number>({ maxsize: 5 });

        let raised: unknown;
        try {
          yield* waitFor(queue.get(), 0.1);
        } catch (e) {
          raised = e;
        }
        expect(raised).toBeInstanceOf(TimeoutError);

        expect(internals(queue).getters.size).toBe(0);
      })(),
    );
  });
});

describe("QueuePutTests", () => {
  it("test_blocking_put", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();

        // No maxsize, won't block.
        yield* q.put(1);
        expect(yield* q.get()).toBe(1);
      })(),
    );
  });

  it("test_blocking_put_wait", async () => {
    await run(
      (function* () {
        const q = new Queue<number>({ maxsize: 1 });
        const started = new Event();
        let finished = false;

        function* queuePut(): Coro<void> {
          started.set();
          yield* q.put(1);
          yield* q.put(2);
          finished = true;
        }

        const loop = getRunningLoop();
        loop.callLater(0.01, () => q.getNowait());
        const queuePutTask = createTask(queuePut());
        yield* started.wait();
        expect(finished).toBe(false);
        yield* queuePutTask;
        expect(finished).toBe(true);
      })(),
    );
  });

  it("test_nonblocking_put", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("test_get_cancel_drop_one_pending_reader", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();

        let reader = createTask(q.get());

        yield* sleep(0);

        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();

        try {
          yield* reader;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          // try again
          reader = createTask(q.get());
          yield* reader;
        }

        const result = reader.result();
        // if we get 2, it means 1 got dropped!
        expect(result).toBe(1);
      })(),
    );
  });

  it("test_get_cancel_drop_many_pending_readers", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();

        const [reader2, reader3] = yield* using(new TaskGroup(), function* (tg) {
          const reader1 = tg.createTask(q.get());
          const reader2 = tg.createTask(q.get());
          const reader3 = tg.createTask(q.get());

          yield* sleep(0);

          q.putNowait(1);
          q.putNowait(2);
          reader1.cancel();

          let raised: unknown;
          try {
            yield* reader1;
          } catch (e) {
            raised = e;
          }
          expect(raised).toBeInstanceOf(CancelledError);

          yield* reader3;
          return [reader2, reader3] as const;
        });

        // It is undefined in which order concurrent readers receive results.
        expect(new Set([reader2.result(), reader3.result()])).toEqual(new Set([1, 2]));
      })(),
    );
  });

  it("test_put_cancel_drop", async () => {
    await run(
      (function* () {
        const q = new Queue<number>(1);

        q.putNowait(1);

        // putting a second item in the queue has to block (qsize=1)
        let writer = createTask(q.put(2));
        yield* sleep(0);

        const value1 = q.getNowait();
        expect(value1).toBe(1);

        writer.cancel();
        try {
          yield* writer;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          // try again
          writer = createTask(q.put(2));
          yield* writer;
        }

        const value2 = q.getNowait();
        expect(value2).toBe(2);
        expect(q.qsize()).toBe(0);
      })(),
    );
  });

  it("test_nonblocking_put_exception", () => {
    const q = new Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
  });

  it("test_float_maxsize", async () => {
    await run(
      (function* () {
        let q = new Queue<number>({ maxsize: 1.3 });
        q.putNowait(1);
        q.putNowait(2);
        expect(q.full()).toBe(true);
        const q1 = q;
        expect(() => q1.putNowait(3)).toThrow(QueueFull);

        q = new Queue<number>({ maxsize: 1.3 });

        yield* q.put(1);
        yield* q.put(2);
        expect(q.full()).toBe(true);
      })(),
    );
  });

  it("test_put_cancelled", async () => {
    await run(
      (function* () {
        const q = new Queue<number>();

        function* queuePut(): Coro<boolean> {
          yield* q.put(1);
          return true;
        }

        const t = createTask(queuePut());

        expect(yield* q.get()).toBe(1);
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      })(),
    );
  });

  it("test_put_cancelled_race", async () => {
    await run(
      (function* () {
        const q = new Queue<string>({ maxsize: 1 });

        const putA = createTask(q.put("a"));
        const putB = createTask(q.put("b"));
        const putC = createTask(q.put("X"));

        yield* sleep(0);
        expect(putA.done()).toBe(true);
        expect(putB.done()).toBe(false);

        putC.cancel();
        yield* sleep(0);
        expect(putC.done()).toBe(true);
        expect(q.getNowait()).toBe("a");
        yield* sleep(0);
        expect(q.getNowait()).toBe("b");

        yield* putB;
      })(),
    );
  });

  it("test_put_with_waiting_getters", async () => {
    await run(
      (function* () {
        const q = new Queue<string>();
        const t = createTask(q.get());
        yield* sleep(0);
        yield* q.put("a");
        expect(yield* t).toBe("a");
      })(),
    );
  });

  it("test_why_are_putters_waiting", async () => {
    await run(
      (function* () {
        const queue = new Queue<number>(2);

        function* putter(item: number): Coro<void> {
          yield* queue.put(item);
        }

        function* getter(): Coro<void> {
          yield* sleep(0);
          const num = queue.qsize();
          for (let k = 0; k < num; k++) queue.getNowait();
        }

        yield* using(new TaskGroup(), (tg) => {
          tg.createTask(getter());
          tg.createTask(putter(0));
          tg.createTask(putter(1));
          tg.createTask(putter(2));
          tg.createTask(putter(3));
        });
      })(),
    );
  });

  it("test_cancelled_puts_not_being_held_in_self_putters", async () => {
    await run(
      (function* () {
        // Full queue.
        const queue = new Queue<number>({ maxsize: 1 });
        queue.putNowait(1);

        // Task waiting for space to put an item in the queue.
        const putTask = createTask(queue.put(1));
        yield* sleep(0);

        // Check that the putter is correctly removed from queue._putters when
        // the task is canceled.
        expect(internals(queue).putters.size).toBe(1);
        putTask.cancel();
        let raised: unknown;
        try {
          yield* putTask;
        } catch (e) {
          raised = e;
        }
        expect(raised).toBeInstanceOf(CancelledError);
        expect(internals(queue).putters.size).toBe(0);
      })(),
    );
  });

  it("test_cancelled_put_silence_value_error_exception", async () => {
    await run(
      (function* () {
        // Full Queue.
        const queue = new Queue<number>(1);
        queue.putNowait(1);

        // Task waiting for space to put a item in the queue.
        const putTask = createTask(queue.put(1));
        yield* sleep(0);

        // get_nowait() remove the future of put_task from queue._putters.
        queue.getNowait();
        // When canceled, queue.put is going to remove its future from
        // self._putters but it was removed previously by queue.get_nowait().
        putTask.cancel();

        // The ValueError exception triggered by queue._putters.remove(putter)
        // inside queue.put should be silenced.
        // If the ValueError is silenced we should catch a CancelledError.
        let raised: unknown;
        try {
          yield* putTask;
        } catch (e) {
          raised = e;
        }
        expect(raised).toBeInstanceOf(CancelledError);
      })(),
    );
  });
});

describe("LifoQueueTests", () => {
  it("test_order", async () => {
    await run(
      (function* () {
        const q = new LifoQueue<number>();
        for (const i of [1, 3, 2]) yield* q.put(i);
        const items: number[] = [];
        for (let k = 0; k < 3; k++) items.push(yield* q.get());
        expect(items).toEqual([2, 3, 1]);
      })(),
    );
  });
});

describe("PriorityQueueTests", () => {
  it("test_order", async () => {
    await run(
      (function* () {
        const q = new PriorityQueue<number>();
        for (const i of [1, 3, 2]) yield* q.put(i);
        const items: number[] = [];
        for (let k = 0; k < 3; k++) items.push(yield* q.get());
        expect(items).toEqual([1, 2, 3]);
      })(),
    );
  });
});

/** `_QueueJoinTestMixin`, run for each `q_class` as upstream's three subclasses do. */
function queueJoinTestMixin(qClass: new () => Queue<number>): void {
  it("test_task_done_underflow", () => {
    const q = new qClass();
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  it("test_task_done", async () => {
    await run(
      (function* () {
        const q = new qClass();
        for (let i = 0; i < 100; i++) q.putNowait(i);

        let accumulator = 0;

        // Two workers get items from the queue and call task_done after each.
        // Join the queue and assert all items have been processed.
        let running = true;

        function* worker(): Coro<void> {
          while (running) {
            const item = yield* q.get();
            accumulator += item;
            q.taskDone();
          }
        }

        yield* using(new TaskGroup(), function* (tg) {
          const tasks = [0, 1].map(() => tg.createTask(worker()));

          yield* q.join();
          expect(accumulator).toBe((100 * 99) / 2);

          // close running generators
          running = false;
          for (let i = 0; i < tasks.length; i++) q.putNowait(0);
        });
      })(),
    );
  });

  it("test_join_empty_queue", async () => {
    await run(
      (function* () {
        const q = new qClass();

        // Test that a queue join()s successfully, and before anything else
        // (done twice for insurance).

        yield* q.join();
        yield* q.join();
      })(),
    );
  });

  it("test_format", () => {
    const q = new qClass();
    expect(format(q)).toBe("maxsize=0");

    internals(q).unfinishedTasks = 2;
    expect(format(q)).toBe("maxsize=0 tasks=2");
  });
}

describe("QueueJoinTests", () => {
  queueJoinTestMixin(Queue);
});

describe("LifoQueueJoinTests", () => {
  queueJoinTestMixin(LifoQueue);
});

describe("PriorityQueueJoinTests", () => {
  queueJoinTestMixin(PriorityQueue);
});
