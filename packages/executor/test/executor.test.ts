import { createHash } from "node:crypto";
import { CancelledError, InvalidStateError } from "@aio/future";
import { type FutureLike, getRunningLoop, newEventLoop, runtimeHooks } from "@aio/loop";
import { type Coro, createTask, isCancelledError, run, sleep } from "@aio/task";
import { afterAll, describe, expect, it } from "vitest";
import {
  BrokenExecutor,
  ConcurrentFuture,
  sleepSync,
  ThreadPoolExecutor,
  toThread,
  transfer,
  WorkerJobError,
  wrapFuture,
} from "../src/index.js";

const jobs = new URL("./fixtures/jobs.mjs", import.meta.url).href;

/** The error `p` rejects with; fails the test if it resolves. */
async function failure(p: PromiseLike<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected the job to fail");
}
/** The error `fut` ends with, awaited inside a coroutine; fails the test if it succeeds. */
function* catching(fut: FutureLike<unknown>): Coro<unknown> {
  try {
    yield* fut;
  } catch (e) {
    return e;
  }
  throw new Error("expected the future to fail");
}
/** Resolves once a job has stored 1 in `cell[0]` (it is running on a worker). */
async function started(cell: Int32Array): Promise<void> {
  const giveUp = Date.now() + 10_000;
  while (Atomics.load(cell, 0) === 0 && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 2));
  expect(Atomics.load(cell, 0)).toBe(1);
}
/** A job that waits `seconds`, then marks `cell[i]`: what ran shows in shared memory. */
function mark(cell: Int32Array, i: number, seconds: number): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
  Atomics.store(cell, i, 1);
  return i;
}
const pools: ThreadPoolExecutor[] = [];
function pool(options: ConstructorParameters<typeof ThreadPoolExecutor>[0] = {}): ThreadPoolExecutor {
  const p = new ThreadPoolExecutor(options);
  pools.push(p);
  return p;
}
afterAll(async () => {
  for (const p of pools) await p.shutdown({ cancelFutures: true });
});

describe("ThreadPoolExecutor.submit", () => {
  it("runs a self-contained function with its arguments on a worker", async () => {
    const p = pool({ maxWorkers: 2 });
    const f = p.submit((a: number, b: { x: number[] }) => a + b.x.reduce((s, v) => s + v, 0), 1, {
      x: [2, 3],
    });
    expect(f).toBeInstanceOf(ConcurrentFuture);
    expect(await f).toBe(6);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(6);
    const method = {
      twice(n: number) {
        return n * 2;
      },
    };
    expect(await p.submit(method.twice, 21)).toBe(42);
    expect(await p.submit(async (n: number) => n + 1, 1)).toBe(2);
  });

  it("runs an exported function of a module, which may import things", async () => {
    const p = pool({ maxWorkers: 1 });
    const digest = await p.submit({ module: jobs, name: "hash" }, "abc", 2);
    const once = createHash("sha256").update("abc").digest("hex");
    expect(digest).toBe(createHash("sha256").update(once).digest("hex"));
    await expect(p.submit({ module: jobs, name: "nope" })).rejects.toThrow(
      `module ${jobs} has no exported function named 'nope'`,
    );
  });

  it("delivers errors as the same kind, with message, properties and the worker's stack", async () => {
    const p = pool({ maxWorkers: 1 });
    const err = await failure(
      p.submit(function parse(text: string) {
        return JSON.parse(text);
      }, "{oops"),
    );
    expect(err).toBeInstanceOf(SyntaxError);
    expect(err?.stack).toMatch(/at parse /);
    const custom = await failure(p.submit({ module: jobs, name: "failCustom" }));
    expect(custom?.name).toBe("CustomError");
    expect(custom?.message).toBe("custom failure");
    expect(custom?.code).toBe("E_CUSTOM");
    expect(custom?.stack).toMatch(/fixtures\/jobs\.mjs/);
  });

  it("says exactly what is wrong with a function that uses outer variables, and shows the fix", async () => {
    const p = pool({ maxWorkers: 1 });
    const factor = 3;
    // Found when the job is submitted, from the function's source and the scopes it closes over.
    expect(() => p.submit((n: number) => n * factor, 2)).toThrow(WorkerJobError);
    expect(() => p.submit((n: number) => n * factor, 2)).toThrow(
      /^<anonymous>\(\) uses 'factor', which is defined outside the function: a function sent to a worker thread must be self-contained\. Move 'factor' into the function .* or export the function from a module and submit \{ module: import\.meta\.url, name: "<anonymous>" \}$/,
    );
    // A variable that shadows a global the worker also has is still the caller's variable.
    const performance = { now: () => 42 };
    function stamp() {
      return performance.now();
    }
    expect(() => p.submit(stamp)).toThrow(
      /^stamp\(\) uses 'performance', which is defined outside the function/,
    );
    const offset = 1;
    expect(() => p.submit((n: number) => n + factor + offset, 1)).toThrow(
      /^<anonymous>\(\) uses 'factor', 'offset', which are defined outside the function/,
    );
    // Globals, its own declarations, parameters and property names are not captured variables.
    const selfContained = (values: number[], { scale = 2 } = {}) => {
      const out = values.map((v) => Math.max(v, 0) * scale);
      for (const x of out) if (x > 100) break;
      return JSON.stringify({ out, factor: out.length });
    };
    expect(await p.submit(selfContained, [1, -2, 3])).toBe('{"out":[2,0,6],"factor":3}');
    expect(() => p.submit(Math.max, 1, 2)).toThrow(WorkerJobError);
    expect(() => p.submit(Math.max, 1, 2)).toThrow(
      /cannot send max to a worker thread: it is a built-in or bound function/,
    );
    expect(() => p.submit(42 as never)).toThrow("a job must be a function or { module, name }, got 42");
  });

  it("rejects arguments that cannot cross threads with a clear error", async () => {
    const p = pool({ maxWorkers: 1 });
    await expect(
      p.submit(
        (f: unknown) => typeof f,
        () => 1,
      ),
    ).rejects.toThrow(
      /^cannot send the arguments of <anonymous>\(\) to a worker thread: .*could not be cloned\. Arguments and results travel by structured clone/,
    );
  });

  it("moves transferred buffers instead of copying them", async () => {
    const p = pool({ maxWorkers: 1 });
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const sum = await p.submit(
      (b: Uint8Array) => b.reduce((s, v) => s + v, 0),
      transfer(bytes, [bytes.buffer]),
    );
    expect(sum).toBe(10);
    expect(bytes.byteLength).toBe(0);
  });

  it("fails the job of a worker that crashes, replaces the worker, and goes on", async () => {
    const p = pool({ maxWorkers: 1 });
    const err = await failure(p.submit({ module: jobs, name: "crash" }, 7));
    expect(err).toBeInstanceOf(BrokenExecutor);
    expect(err?.message).toMatch(
      /^a worker thread died while running crash \(from .*\)\(\) \(worker exited with code: 7\); the pool replaced it$/,
    );
    expect(await p.submit((n: number) => n + 1, 1)).toBe(2);
  });

  it("runs jobs truly in parallel: two jobs see each other running", async () => {
    const p = pool({ maxWorkers: 2 });
    const shared = new Int32Array(new SharedArrayBuffer(4));
    const meet = (cell: Int32Array) => {
      Atomics.add(cell, 0, 1);
      const deadline = Date.now() + 5000;
      while (Atomics.load(cell, 0) < 2 && Date.now() < deadline) Atomics.wait(cell, 0, 1, 10);
      return Atomics.load(cell, 0);
    };
    expect(await Promise.all([p.submit(meet, shared), p.submit(meet, shared)])).toEqual([2, 2]);
  });
});

describe("cancellation", () => {
  it("cancelling a queued job removes it: it never runs", async () => {
    const p = pool({ maxWorkers: 1 });
    const ran = new Int32Array(new SharedArrayBuffer(8));
    const first = p.submit(mark, ran, 0, 0.2);
    const second = p.submit(mark, ran, 1, 0);
    expect(second.running()).toBe(false);
    expect(second.cancel()).toBe(true);
    expect(second.cancelled()).toBe(true);
    expect(await first).toBe(0);
    await p.shutdown();
    expect([...ran]).toEqual([1, 0]);
    await expect(second).rejects.toSatisfy(isCancelledError);
  });

  it("a running job cannot be stopped (as in Python), unless the executor terminates on cancel", async () => {
    // cell 0: the job has started; cell 1: the test lets it finish.
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const gated = (cell: Int32Array) => {
      Atomics.store(cell, 0, 1);
      Atomics.notify(cell, 0);
      Atomics.wait(cell, 1, 0, 10_000);
      return Atomics.load(cell, 1) === 1 ? "finished anyway" : "timed out";
    };
    const plain = pool({ maxWorkers: 1 });
    const long = plain.submit(gated, gate);
    await started(gate);
    expect(long.running()).toBe(true);
    expect(long.cancel()).toBe(false);
    expect(long.cancelled()).toBe(false);
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    expect(await long).toBe("finished anyway");

    const stuckGate = new Int32Array(new SharedArrayBuffer(8));
    const terminating = pool({ maxWorkers: 1, terminateOnCancel: true });
    const stuck = terminating.submit(gated, stuckGate);
    await started(stuckGate);
    expect(stuck.cancel()).toBe(true);
    await expect(stuck).rejects.toSatisfy(isCancelledError);
    expect(await terminating.submit(() => "a fresh worker")).toBe("a fresh worker");
  });
});

describe("map and shutdown", () => {
  it("maps in order with chunks, as an array or as they come", async () => {
    const p = pool({ maxWorkers: 2 });
    const squares = await p.map((n: number) => n * n, [1, 2, 3, 4, 5], { chunksize: 2 });
    expect(squares).toEqual([1, 4, 9, 16, 25]);
    const seen: number[] = [];
    for await (const v of p.map((n: number) => n + 1, [10, 20, 30])) seen.push(v);
    expect(seen).toEqual([11, 21, 31]);
    await expect(p.map((n: number) => (n === 2 ? JSON.parse("{") : n), [1, 2, 3])).rejects.toThrow(
      SyntaxError,
    );
    expect(() => p.map((n: number) => n, [1], { chunksize: 0 })).toThrow("chunksize must be >= 1, got 0");
  });

  it("refuses work after shutdown; cancelFutures cancels what is queued; wait waits for what runs", async () => {
    const p = new ThreadPoolExecutor({ maxWorkers: 1 });
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const slow = p.submit((cell: Int32Array) => {
      Atomics.store(cell, 0, 1);
      Atomics.notify(cell, 0);
      Atomics.wait(cell, 1, 0, 10_000);
      return "done";
    }, gate);
    const queued = p.submit(() => "queued");
    await started(gate);
    const shutdown = p.shutdown({ cancelFutures: true });
    expect(queued.cancelled()).toBe(true);
    expect(slow.done()).toBe(false);
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    await shutdown;
    expect(slow.result()).toBe("done");
    expect(queued.cancelled()).toBe(true);
    expect(() => p.submit(() => 1)).toThrow("cannot schedule new futures after shutdown");
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(
      "max_workers must be greater than 0, got 0",
    );
    expect(new ThreadPoolExecutor().maxWorkers).toBe(
      Math.min(32, (await import("node:os")).availableParallelism() + 4),
    );
  });
});

describe("with the event loop", () => {
  it("runInExecutor(null, …) uses the default executor, which run() shuts down", async () => {
    function* main() {
      const loop = getRunningLoop();
      const fut = loop.runInExecutor(null, (a: number, b: number) => a * b, 6, 7);
      expect(fut.done()).toBe(false);
      const product: number = yield* fut; // typed from the function's result
      const viaThread = yield* toThread((s: string) => s.toUpperCase(), "thread");
      return [product, viaThread, loop];
    }
    const [product, viaThread, loop] = await run(main());
    expect([product, viaThread]).toEqual([42, "THREAD"]);
    expect((loop as { _hasDefaultExecutor(): boolean })._hasDefaultExecutor()).toBe(false);
  });

  it("keeps the loop responsive: a ticker keeps ticking while a blocking job runs in a worker", async () => {
    // cell 0: the job has started; cell 1: the ticker, running on the loop meanwhile, has ticked
    // 4 times since. The job blocks its worker until then.
    const cells = new Int32Array(new SharedArrayBuffer(8));
    const ticks: number[] = [];
    function* ticker() {
      while (Atomics.load(cells, 0) === 0) yield* sleep(0.005);
      for (let i = 0; i < 4; i++) {
        ticks.push(i);
        yield* sleep(0.01);
      }
      Atomics.store(cells, 1, 1);
      Atomics.notify(cells, 1);
    }
    function* main() {
      const t = createTask(ticker());
      const outcome = yield* toThread((cell: Int32Array) => {
        Atomics.store(cell, 0, 1);
        return Atomics.wait(cell, 1, 0, 10_000);
      }, cells);
      yield* t;
      return outcome;
    }
    // The job was released by the ticker (woken, or released just before it began to wait).
    expect(await run(main())).not.toBe("timed-out");
    expect(ticks).toEqual([0, 1, 2, 3]);
  });

  it("cancelling the loop future of a queued job cancels the job: the job never runs", async () => {
    const p = pool({ maxWorkers: 1 });
    const ran = new Int32Array(new SharedArrayBuffer(8));
    let queuedJob: ConcurrentFuture<number> | null = null;
    function* main() {
      const loop = getRunningLoop();
      const busy = loop.runInExecutor(p, mark, ran, 0, 0.2);
      queuedJob = p.submit(mark, ran, 1, 0);
      const queued = wrapFuture(queuedJob, loop);
      yield* sleep(0);
      expect(queuedJob.running()).toBe(false);
      expect(queued.cancel("not needed")).toBe(true);
      const error = yield* catching(queued);
      expect(isCancelledError(error)).toBe(true);
      expect((error as Error).message).toBe("not needed");
      const result = yield* busy;
      // The loop future's done-callback reached the job: it was cancelled while still queued.
      expect(queuedJob.cancelled()).toBe(true);
      return result;
    }
    expect(await run(main())).toBe(0);
    await p.shutdown();
    expect([...ran]).toEqual([1, 0]);
    expect(() => (queuedJob as ConcurrentFuture<number>).result()).toThrow(CancelledError);
  });

  it("runInExecutor's future, cancelled while its job is queued, cancels the job", async () => {
    const p = pool({ maxWorkers: 1 });
    const ran = new Int32Array(new SharedArrayBuffer(8));
    function* main() {
      const loop = getRunningLoop();
      const busy = loop.runInExecutor(p, mark, ran, 0, 0.2);
      const queued = loop.runInExecutor(p, mark, ran, 1, 0);
      yield* sleep(0);
      queued.cancel();
      expect(isCancelledError(yield* catching(queued))).toBe(true);
      return yield* busy;
    }
    expect(await run(main())).toBe(0);
    await p.shutdown();
    expect([...ran]).toEqual([1, 0]);
  });
});

describe("results that cannot be sent back", () => {
  it("a result or thrown value that cannot be cloned fails the job with a WorkerJobError naming its type; the worker stays", async () => {
    const p = pool({ maxWorkers: 1 });
    const threadId = { module: jobs, name: "whichThread" };
    const before = await p.submit(threadId);
    const cases: [() => unknown, RegExp][] = [
      [
        () => () => 1,
        /^<anonymous>\(\) returned a value of type function that cannot be sent back from the worker thread \(function <anonymous> could not be cloned\.\)/,
      ],
      [
        () => ({ total: 1, f() {} }),
        /^<anonymous>\(\) returned a value of type Object that cannot be sent back .*could not be cloned/,
      ],
      [
        () => Symbol("s"),
        /^<anonymous>\(\) returned a value of type symbol that cannot be sent back .*\(Symbol\(s\) could not be cloned\.\)/,
      ],
      [
        () => {
          throw Symbol("t");
        },
        /^<anonymous>\(\) threw a value of type symbol that cannot be sent back .*\(Symbol\(t\) could not be cloned\.\)/,
      ],
    ];
    for (const [body, message] of cases) {
      const err = await failure(p.submit(body));
      expect(err).toBeInstanceOf(WorkerJobError);
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/Results travel by structured clone/);
    }
    const mapped = await failure(p.map((n: number) => (n === 2 ? () => n : n), [1, 2, 3]));
    expect(mapped).toBeInstanceOf(WorkerJobError);
    // The same worker served every job: none crashed.
    expect(await p.submit(threadId)).toBe(before);
  });
});

describe("idle workers", () => {
  it("an idle timeout beyond Node's timer range keeps the worker (no overflow to 1 ms)", async () => {
    const p = pool({ maxWorkers: 1, idleTimeout: 30 * 86400 });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      expect(await p.submit(() => "ran")).toBe("ran");
      await new Promise((r) => setTimeout(r, 50));
      const threads = (p as unknown as { pool: { threads: unknown[] } }).pool.threads;
      expect(threads).toHaveLength(1);
      expect(warnings).not.toContain("TimeoutOverflowWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("shutting the default executor down", () => {
  it("run() waits for a stuck default-executor job only executorShutdownTimeout seconds, then warns and stops the thread", async () => {
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const warnings: string[] = [];
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
    let stuck: FutureLike<string> | null = null;
    try {
      function* main() {
        stuck = getRunningLoop().runInExecutor(
          null,
          (cell: Int32Array) => {
            Atomics.store(cell, 0, 1);
            Atomics.wait(cell, 1, 0, 60_000); // stuck until the test lets it go
            return "finished";
          },
          gate,
        );
        while (Atomics.load(gate, 0) === 0) yield* sleep(0.01);
        return "main done";
      }
      expect(await run(main(), { executorShutdownTimeout: 0.2 })).toBe("main done");
    } finally {
      hooks.warn = saved;
    }
    // run() returned while the job was still blocked: it never finished, its thread was stopped.
    expect(Atomics.load(gate, 1)).toBe(0);
    expect(warnings).toEqual([
      "RuntimeWarning: The executor did not finishing joining its threads within 0.2 seconds.",
    ]);
    // The job's future ended cancelled: its thread was stopped under it.
    expect((stuck as FutureLike<string> | null)?.cancelled()).toBe(true);
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
  });

  it("shutdownDefaultExecutor() refuses a bad timeout", () => {
    const loop = newEventLoop();
    expect(() => loop.shutdownDefaultExecutor(-1)).toThrow(
      "timeout must be a non-negative number of seconds or None, got -1",
    );
    loop.close();
  });
});

describe("ConcurrentFuture for users", () => {
  it("can be completed by hand, as Python's concurrent.futures.Future, and refuses a second completion", async () => {
    const f = new ConcurrentFuture<number>();
    expect(f.setRunningOrNotifyCancel()).toBe(true);
    expect(f.running()).toBe(true);
    expect(() => f.setRunningOrNotifyCancel()).toThrow("Future in unexpected state");
    f.setResult(42);
    expect(await f).toBe(42);
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error("late"))).toThrow(/^FINISHED: <ConcurrentFuture finished/);
    const failing = new ConcurrentFuture<number>();
    failing.setException(null);
    expect(
      await failing.then(
        () => "resolved",
        (e: unknown) => e,
      ),
    ).toBeNull();
    const cancelled = new ConcurrentFuture<number>();
    expect(cancelled.cancel()).toBe(true);
    expect(cancelled.setRunningOrNotifyCancel()).toBe(false);
    expect(() => cancelled.setResult(1)).toThrow(/^CANCELLED: /);
  });

  it("wrapFuture follows it on the current loop by default, and passes a loop future through", async () => {
    const cf = new ConcurrentFuture<string>();
    function* main() {
      const fut = wrapFuture(cf);
      expect(fut.getLoop()).toBe(getRunningLoop());
      expect(wrapFuture(fut)).toBe(fut);
      setTimeout(() => cf.setResult("from outside"), 5);
      return yield* fut;
    }
    expect(await run(main())).toBe("from outside");
    expect(() => wrapFuture(42 as never)).toThrow("concurrent.futures.Future is expected, got 42");
  });
});

describe("thrown values", () => {
  it("a job that throws null or undefined fails with it, through the loop too (it never hangs)", async () => {
    const p = pool({ maxWorkers: 1 });
    for (const value of [null, undefined, 0, ""]) {
      const cf = p.submit((v: unknown) => {
        throw v;
      }, value);
      expect(
        await cf.then(
          () => "resolved",
          (e: unknown) => e,
        ),
      ).toBe(value);
      function* main() {
        return yield* catching(
          getRunningLoop().runInExecutor(
            p,
            (v: unknown) => {
              throw v;
            },
            value,
          ),
        );
      }
      expect(await run(main())).toBe(value);
    }
  });
});

describe("sleepSync", () => {
  it("blocks the calling thread for at least the time asked, and rejects bad input", () => {
    const t0 = performance.now();
    sleepSync(0.05);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
    expect(() => sleepSync(-1)).toThrow("sleepSync() needs a non-negative number of seconds, got -1");
  });
});

describe("sleepSync in a worker", () => {
  it("is self-contained, so it can be sent to a worker as is", async () => {
    const p = pool({ maxWorkers: 1 });
    expect(await p.submit(sleepSync, 0.01)).toBeUndefined();
  });
});

describe("functions compiled by esbuild", () => {
  it("runs source that calls esbuild's __name helper (inner named functions under keepNames)", async () => {
    const p = pool({ maxWorkers: 1 });
    // What tsx/vitest emit for `const pad = (n) => …` inside a function, with keepNames.
    const transpiled = new Function(
      "return function stamp(x) { const pad = __name((n) => String(n).padStart(2, '0'), 'pad'); return pad(x) + ':' + pad.name; }",
    )() as (x: number) => string;
    expect(await p.submit(transpiled, 7)).toBe("07:pad");
  });
});

describe("workers and loaders", () => {
  it("explains how to load a TypeScript module in a worker", async () => {
    const p = pool({ maxWorkers: 1 });
    const module = new URL("./fixtures/ts-job.ts", import.meta.url).href;
    await expect(p.submit({ module, name: "typed" }, 1)).rejects.toThrow(
      /^cannot load .*ts-job\.ts in a worker thread: .*Workers start without the parent's loaders: build the module to JavaScript, or create the executor with \{ execArgv: process\.execArgv \}/,
    );
  });
});
