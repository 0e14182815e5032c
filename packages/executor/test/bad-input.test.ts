/**
 * Every public entry point of @aio/executor, given what a user could get wrong: a clear error at
 * once, naming the problem and the value, Python's words where it has them.
 */
import { type BadInput, badInputs } from "@aio/test-support";
import { afterAll } from "vitest";
import { sleepSync, ThreadPoolExecutor, toThread, transfer, WorkerJobError } from "../src/index.js";

const pools: ThreadPoolExecutor[] = [];
function pool(): ThreadPoolExecutor {
  const p = new ThreadPoolExecutor({ maxWorkers: 1 });
  pools.push(p);
  return p;
}
afterAll(async () => {
  for (const p of pools) await p.shutdown();
});

const rows: BadInput[] = [
  {
    call: "new ThreadPoolExecutor({ maxWorkers: 0 })",
    act: () => new ThreadPoolExecutor({ maxWorkers: 0 }),
    error: RangeError,
    message: "max_workers must be greater than 0, got 0",
  },
  {
    call: 'new ThreadPoolExecutor({ maxWorkers: "2" })',
    act: () => new ThreadPoolExecutor({ maxWorkers: "2" as never }),
    error: TypeError,
    message: "maxWorkers must be an integer, got '2'",
  },
  {
    call: "new ThreadPoolExecutor({ idleTimeout: -1 })",
    act: () => new ThreadPoolExecutor({ idleTimeout: -1 }),
    error: RangeError,
    message: "idleTimeout must be a non-negative number of seconds, got -1",
  },
  {
    call: "submit(f) after shutdown()",
    act: async () => {
      const p = pool();
      await p.shutdown();
      p.submit(() => 1);
    },
    error: Error,
    message: "cannot schedule new futures after shutdown",
  },
  {
    call: "submit(42)",
    act: () => pool().submit(42 as never),
    error: WorkerJobError,
    message: "a job must be a function or { module, name }, got 42",
  },
  {
    call: 'submit({ module: 1, name: "f" })',
    act: () => pool().submit({ module: 1, name: "f" } as never),
    error: WorkerJobError,
    message: "a job must be a function or { module, name }, got {'module': 1, 'name': 'f'}",
  },
  {
    call: "submit(Math.max, 1)",
    act: () => pool().submit(Math.max, 1),
    error: WorkerJobError,
    message: /^cannot send max to a worker thread: it is a built-in or bound function/,
  },
  {
    call: "map(f, 42)",
    act: () => pool().map((x: number) => x, 42 as never),
    error: TypeError,
    message: "map() needs an iterable of items, got 42",
  },
  {
    call: "map(f, items, { chunksize: 0 })",
    act: () => pool().map((x: number) => x, [1], { chunksize: 0 }),
    error: RangeError,
    message: "chunksize must be >= 1, got 0",
  },
  {
    call: "transfer(buffer, 42)",
    act: () => transfer(new ArrayBuffer(1), 42 as never),
    error: TypeError,
    message: "transfer() needs an array of ArrayBuffers or MessagePorts to move, got 42",
  },
  {
    call: "toThread(f) outside a running loop",
    act: () => toThread(() => 1).next(),
    error: Error,
    message: "no running event loop",
  },
  {
    call: "sleepSync(-1)",
    act: () => sleepSync(-1),
    error: RangeError,
    message: "sleepSync() needs a non-negative number of seconds, got -1",
  },
  {
    call: 'sleepSync("1")',
    act: () => sleepSync("1" as never),
    error: RangeError,
    message: "sleepSync() needs a non-negative number of seconds, got '1'",
  },
];

badInputs("@aio/executor", rows);
