/**
 * The bench workloads (see the README) on aio.
 */
import { ThreadPoolExecutor } from "@aio/executor";
import { type EventLoop, getRunningLoop, newEventLoop } from "@aio/loop";
import { Event, Lock, Queue } from "@aio/sync";
import {
  type Coro,
  createTask,
  type Future,
  gather,
  isCancelledError,
  run,
  sleep,
  type Task,
} from "@aio/task";
import { iteratedSha256, prng, SIZES, settledRss, type Workload } from "./types.js";

function* child(i: number): Coro<number> {
  yield* sleep(0);
  return i;
}

function* chain(depth: number, suspend: boolean): Coro<number> {
  if (depth === 0) {
    if (suspend) yield* sleep(0);
    return 1;
  }
  return (yield* chain(depth - 1, suspend)) + 1;
}

export const aio: Record<string, Workload> = {
  async W1(scale) {
    const n = Math.round(SIZES.W1 * scale);
    function* main() {
      const tasks: Task<number>[] = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = createTask(child(i));
      const results = yield* gather(...tasks);
      let sum = 0;
      for (const r of results) sum += r;
      if (sum !== (n * (n - 1)) / 2) throw new Error("W1: wrong sum");
    }
    await run(main());
    return { ops: n };
  },

  async W2(scale) {
    const n = Math.round(SIZES.W2 * scale);
    function* main() {
      const loop = getRunningLoop();
      let toPong = loop.createFuture<number>() as Future<number>;
      let toPing = loop.createFuture<number>() as Future<number>;
      function* pinger(): Coro<void> {
        for (let i = 0; i < n; i++) {
          const f = toPong;
          toPing = loop.createFuture<number>() as Future<number>;
          f.setResult(i);
          yield* toPing;
        }
      }
      function* ponger(): Coro<void> {
        for (let i = 0; i < n; i++) {
          const v = yield* toPong;
          toPong = loop.createFuture<number>() as Future<number>;
          toPing.setResult(v);
        }
      }
      yield* gather(ponger(), pinger());
    }
    await run(main());
    return { ops: n };
  },

  async W3a(scale) {
    const n = Math.round(SIZES.W3a * scale);
    const loop = newEventLoop();
    let i = 0;
    const next = () => {
      if (++i < n) loop.callSoon(next);
      else loop.stop();
    };
    loop.callSoon(next);
    await loop.runForever();
    loop.close();
    return { ops: n };
  },

  async W3b(scale) {
    const n = Math.round(SIZES.W3b * scale);
    const loop = newEventLoop();
    let count = 0;
    const cb = () => {
      count++;
    };
    for (let i = 0; i < n; i++) loop.callSoon(cb);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    loop.close();
    if (count !== n) throw new Error("W3b: lost callbacks");
    return { ops: n };
  },

  async W4(scale) {
    const n = Math.round(SIZES.W4 * scale);
    const rnd = prng(42);
    let overshoot = 0;
    function* sleeper(delay: number): Coro<void> {
      const loop = getRunningLoop();
      const t0 = loop.time();
      yield* sleep(delay);
      overshoot += loop.time() - t0 - delay;
    }
    function* main() {
      const tasks: Task<void>[] = [];
      for (let i = 0; i < n; i++) tasks.push(createTask(sleeper(rnd() * 0.01)));
      yield* gather(...tasks);
    }
    await run(main());
    return { ops: n, extra: { mean_overshoot_ms: ((overshoot / n) * 1000).toFixed(2) } };
  },

  async W5(scale) {
    const n = Math.round(SIZES.W5 * scale);
    const counts = [0, 0, 0, 0];
    function* main() {
      const q = new Queue<number>({ maxsize: 100 });
      function* consumer(k: number): Coro<void> {
        for (;;) {
          const item = yield* q.get();
          if (item < 0) return;
          counts[k]++;
        }
      }
      const consumers = [0, 1, 2, 3].map((k) => createTask(consumer(k)));
      for (let i = 0; i < n; i++) yield* q.put(i);
      for (let k = 0; k < 4; k++) yield* q.put(-1);
      yield* gather(...consumers);
    }
    await run(main());
    if (counts.reduce((a, b) => a + b, 0) !== n) throw new Error("W5: lost items");
    return { ops: n, extra: { split: counts.join("/") } };
  },

  async W6a(scale) {
    const n = Math.round(SIZES.W6 * scale);
    function* main() {
      for (let i = 0; i < n; i++)
        if ((yield* chain(SIZES.W6depth, false)) !== SIZES.W6depth + 1) throw new Error("W6a");
    }
    await run(main());
    return { ops: n };
  },

  async W6b(scale) {
    const n = Math.round(SIZES.W6 * scale);
    function* main() {
      for (let i = 0; i < n; i++)
        if ((yield* chain(SIZES.W6depth, true)) !== SIZES.W6depth + 1) throw new Error("W6b");
    }
    await run(main());
    return { ops: n };
  },

  async W7(scale) {
    const outer = Math.round(SIZES.W7outer * scale);
    function* inner(): Coro<number[]> {
      const cs: Coro<number>[] = [];
      for (let i = 0; i < SIZES.W7inner; i++) cs.push(child(i));
      return yield* gather(...cs);
    }
    function* main() {
      const gs: Coro<number[]>[] = [];
      for (let i = 0; i < outer; i++) gs.push(inner());
      yield* gather(...gs);
    }
    await run(main());
    return { ops: outer * SIZES.W7inner };
  },

  async W8(scale) {
    const n = Math.round(SIZES.W8 * scale);
    let cancelled = 0;
    function* main() {
      const loop = getRunningLoop();
      const never = loop.createFuture() as Future<void>;
      function* blocked(): Coro<void> {
        yield* never;
      }
      const tasks: Task<void>[] = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = createTask(blocked());
      yield* sleep(0);
      for (const t of tasks) t.cancel();
      const results = yield* gather(...tasks, { returnExceptions: true });
      for (const r of results) if (isCancelledError(r)) cancelled++;
      never.cancel();
    }
    await run(main());
    if (cancelled !== n) throw new Error(`W8: ${cancelled} cancelled of ${n}`);
    return { ops: n };
  },

  async W9(scale) {
    const n = Math.round(SIZES.W9 * scale);
    let bytesPerTask = 0;
    function* main() {
      const ev = new Event();
      function* waiter(): Coro<void> {
        yield* ev.wait();
      }
      const before = settledRss();
      const tasks: Task<void>[] = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = createTask(waiter());
      yield* sleep(0);
      yield* sleep(0);
      bytesPerTask = (settledRss() - before) / n;
      ev.set();
      yield* gather(...tasks);
    }
    await run(main());
    return { ops: n, extra: { bytes_per_task: Math.round(bytesPerTask) } };
  },

  async L1(scale) {
    // Lock throughput: 4 tasks contend for one Lock, 50,000 acquisitions each, a turn inside.
    const per = Math.round(50_000 * scale);
    let total = 0;
    function* main() {
      const lock = new Lock();
      function* worker(): Coro<void> {
        for (let i = 0; i < per; i++) {
          yield* lock.acquire();
          try {
            total++;
            yield* sleep(0);
          } finally {
            lock.release();
          }
        }
      }
      yield* gather(worker(), worker(), worker(), worker());
    }
    await run(main());
    if (total !== per * 4) throw new Error("L1: lost acquisitions");
    return { ops: total };
  },

  async X1seq(scale) {
    const jobs = SIZES.X1jobs;
    const iterations = Math.round(SIZES.X1iterations * scale);
    for (let j = 0; j < jobs; j++) iteratedSha256(j, iterations);
    return { ops: jobs };
  },

  X1pool: Object.assign(
    async (scale: number) => {
      const jobs = SIZES.X1jobs;
      const iterations = Math.round(SIZES.X1iterations * scale);
      // One pool for the process: the warm-up round starts both workers and compiles the job in
      // each, as it does for the sequential run in the main thread.
      x1Pool ??= new ThreadPoolExecutor({ maxWorkers: 2 });
      const pool = x1Pool;
      const t0 = performance.now();
      const done = await Promise.all(
        Array.from({ length: jobs }, (_, j) => pool.submit(iteratedSha256, j, iterations)),
      );
      const jobSeconds = (performance.now() - t0) / 1000;
      const perThread = new Map<number, number>();
      for (const [thread] of done) perThread.set(thread, (perThread.get(thread) ?? 0) + 1);
      const t1 = performance.now();
      const empties = 200;
      for (let i = 0; i < empties; i++) await pool.submit(() => 0);
      const overheadMs = (performance.now() - t1) / empties;
      return {
        ops: jobs,
        extra: {
          job_seconds: jobSeconds.toFixed(3),
          overhead_ms_per_job: overheadMs.toFixed(3),
          jobs_per_worker: [...perThread.values()].join("/"),
        },
      };
    },
    {
      async teardown() {
        await x1Pool?.shutdown();
        x1Pool = null;
      },
    },
  ),
};

let x1Pool: ThreadPoolExecutor | null = null;

export type { EventLoop };
