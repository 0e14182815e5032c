/**
 * Every public entry point of @aio/sync, given what a user could get wrong: a clear error at once,
 * naming the problem and the value, asyncio's words where it has them.
 */

import { type Coro, createTask, run, sleep, using } from "@aio/task";
import { type BadInput, badInputs } from "@aio/test-support";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Lock,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  Semaphore,
} from "../src/index.js";

function inLoop(body: () => Coro<unknown>): Promise<unknown> {
  return run(
    (function* () {
      return yield* body();
    })(),
    { clock: "virtual" },
  );
}

const rows: BadInput[] = [
  {
    call: 'new Queue("3")',
    act: () => new Queue("3" as never),
    error: TypeError,
    message: "maxsize must be a number, got '3'",
  },
  {
    call: 'new Queue({ maxsize: "3" })',
    act: () => new Queue({ maxsize: "3" as never }),
    error: TypeError,
    message: "maxsize must be a number, got '3'",
  },
  {
    call: "queue.getNowait() when empty",
    act: () => new Queue().getNowait(),
    error: QueueEmpty,
    message: "",
  },
  {
    call: "queue.putNowait(x) when full",
    act: () => {
      const q = new Queue(1);
      q.putNowait(1);
      q.putNowait(2);
    },
    error: QueueFull,
    message: "",
  },
  {
    call: "queue.putNowait(x) after shutdown()",
    act: () => {
      const q = new Queue();
      q.shutdown();
      q.putNowait(1);
    },
    error: QueueShutDown,
    message: "",
  },
  {
    call: "queue.taskDone() too many times",
    act: () => new Queue().taskDone(),
    error: RangeError,
    message: "task_done() called too many times",
  },
  {
    call: "priorityQueue.putNowait(incomparable)",
    act: () => {
      const q = new PriorityQueue<unknown>();
      q.putNowait([1, "a"]);
      q.putNowait({ a: 1 });
    },
    error: TypeError,
    message: "'<' not supported between instances of 'dict' and 'tuple'",
  },
  {
    call: 'new Semaphore("1")',
    act: () => new Semaphore("1" as never),
    error: TypeError,
    message: "Semaphore initial value must be an integer, got '1'",
  },
  {
    call: "new Semaphore(-1)",
    act: () => new Semaphore(-1),
    error: RangeError,
    message: "Semaphore initial value must be >= 0",
  },
  {
    call: "boundedSemaphore.release() beyond its value",
    act: () => new BoundedSemaphore(1).release(),
    error: RangeError,
    message: "BoundedSemaphore released too many times",
  },
  {
    call: "lock.release() unlocked",
    act: () => new Lock().release(),
    error: Error,
    message: "Lock is not acquired.",
  },
  {
    call: "new Condition({})",
    act: () => new Condition({} as never),
    error: TypeError,
    message: "Condition needs a Lock, got {}",
  },
  {
    call: "cond.wait() without the lock",
    act: () => inLoop(() => new Condition().wait()),
    error: Error,
    message: "cannot wait on un-acquired lock",
  },
  {
    call: "cond.notify() without the lock",
    act: () => new Condition().notify(),
    error: Error,
    message: "cannot notify on un-acquired lock",
  },
  {
    call: 'cond.notify("all")',
    act: () =>
      inLoop(function* () {
        const cond = new Condition();
        yield* using(cond, () => cond.notify("all" as never));
      }),
    error: TypeError,
    message: "notify() needs a number of waiters, got 'all'",
  },
  {
    call: 'new Barrier("2")',
    act: () => new Barrier("2" as never),
    error: TypeError,
    message: "Barrier parties must be an integer, got '2'",
  },
  {
    call: "new Barrier(0)",
    act: () => new Barrier(0),
    error: RangeError,
    message: "parties must be > 0",
  },
  {
    call: "lock.acquire() waiting in a second loop (bound to the first)",
    act: async () => {
      const lock = new Lock();
      // The first wait binds the lock to its loop.
      await inLoop(function* () {
        yield* lock.acquire();
        const waiter = createTask(lock.acquire());
        yield* sleep(0);
        lock.release();
        yield* waiter;
        lock.release();
      });
      await inLoop(function* () {
        yield* lock.acquire();
        yield* lock.acquire(); // must wait: needs a future of this loop
      });
    },
    error: Error,
    message: /^<asyncio\.locks\.Lock object at 0x[0-9a-f]+ \[locked\]> is bound to a different event loop$/,
  },
];

badInputs("@aio/sync", rows);
