/**
 * The bench workloads (see the README) as hand-written async/await and Promise code: the physical limit for a
 * scheduler written in JavaScript. `imm`: a turn is one setImmediate (what a loop iteration costs);
 * `micro`: a turn is `await null` (a lower bound no scheduler reaches).
 */
import { Worker } from "node:worker_threads";
import { iteratedSha256, prng, SIZES, settledRss, type Workload } from "./types.js";

const immediate = () => new Promise<void>((r) => setImmediate(r));

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function chain(depth: number, turn: (() => Promise<unknown>) | null): Promise<number> {
  if (depth === 0) {
    if (turn) await turn();
    return 1;
  }
  return (await chain(depth - 1, turn)) + 1;
}

function make(turn: () => Promise<unknown> | null): Record<string, Workload> {
  return {
    async W1(scale) {
      const n = Math.round(SIZES.W1 * scale);
      const child = async (i: number) => {
        await turn();
        return i;
      };
      const ps: Promise<number>[] = new Array(n);
      for (let i = 0; i < n; i++) ps[i] = child(i);
      const results = await Promise.all(ps);
      let sum = 0;
      for (const r of results) sum += r;
      if (sum !== (n * (n - 1)) / 2) throw new Error("W1: wrong sum");
      return { ops: n };
    },

    async W2(scale) {
      const n = Math.round(SIZES.W2 * scale);
      let toPong = deferred<number>();
      let toPing = deferred<number>();
      const pinger = async () => {
        for (let i = 0; i < n; i++) {
          const f = toPong;
          toPing = deferred<number>();
          f.resolve(i);
          await toPing.promise;
        }
      };
      const ponger = async () => {
        for (let i = 0; i < n; i++) {
          const v = await toPong.promise;
          toPong = deferred<number>();
          toPing.resolve(v);
        }
      };
      await Promise.all([ponger(), pinger()]);
      return { ops: n };
    },

    async W4(scale) {
      const n = Math.round(SIZES.W4 * scale);
      const rnd = prng(42);
      let overshoot = 0;
      const sleeper = async (delay: number) => {
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, delay * 1000));
        overshoot += (performance.now() - t0) / 1000 - delay;
      };
      const ps: Promise<void>[] = [];
      for (let i = 0; i < n; i++) ps.push(sleeper(rnd() * 0.01));
      await Promise.all(ps);
      return { ops: n, extra: { mean_overshoot_ms: ((overshoot / n) * 1000).toFixed(2) } };
    },

    async W5(scale) {
      const n = Math.round(SIZES.W5 * scale);
      // A minimal bounded async queue: the fewest allocations a Promise-based queue can make.
      const items: number[] = [];
      let head = 0;
      const getters: ((v: number) => void)[] = [];
      const putters: (() => void)[] = [];
      const max = 100;
      const put = async (v: number) => {
        while (items.length - head >= max) await new Promise<void>((r) => putters.push(r));
        const g = getters.shift();
        if (g) g(v);
        else items.push(v);
      };
      const get = async (): Promise<number> => {
        if (items.length - head > 0) {
          const v = items[head++] as number;
          if (head > 1024) {
            items.splice(0, head);
            head = 0;
          }
          putters.shift()?.();
          return v;
        }
        return new Promise<number>((r) => getters.push(r));
      };
      const counts = [0, 0, 0, 0];
      const consumer = async (k: number) => {
        for (;;) {
          const item = await get();
          if (item < 0) return;
          counts[k]++;
        }
      };
      const cs = [0, 1, 2, 3].map(consumer);
      for (let i = 0; i < n; i++) await put(i);
      for (let k = 0; k < 4; k++) await put(-1);
      await Promise.all(cs);
      if (counts.reduce((a, b) => a + b, 0) !== n) throw new Error("W5: lost items");
      return { ops: n, extra: { split: counts.join("/") } };
    },

    async W6a(scale) {
      const n = Math.round(SIZES.W6 * scale);
      for (let i = 0; i < n; i++) await chain(SIZES.W6depth, null);
      return { ops: n };
    },

    async W6b(scale) {
      const n = Math.round(SIZES.W6 * scale);
      for (let i = 0; i < n; i++) await chain(SIZES.W6depth, turn as () => Promise<unknown>);
      return { ops: n };
    },

    async W7(scale) {
      const outer = Math.round(SIZES.W7outer * scale);
      const child = async (i: number) => {
        await turn();
        return i;
      };
      const inner = () => Promise.all(Array.from({ length: SIZES.W7inner }, (_, i) => child(i)));
      await Promise.all(Array.from({ length: outer }, inner));
      return { ops: outer * SIZES.W7inner };
    },

    async W8(scale) {
      // Cancellation by AbortSignal: each waiter races the never-settling promise with its signal.
      const n = Math.round(SIZES.W8 * scale);
      const never = new Promise<void>(() => {});
      const controllers: AbortController[] = new Array(n);
      const blocked = (signal: AbortSignal) =>
        Promise.race([
          never,
          new Promise<void>((_, reject) =>
            signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
          ),
        ]);
      const ps: Promise<void>[] = new Array(n);
      for (let i = 0; i < n; i++) {
        controllers[i] = new AbortController();
        ps[i] = blocked((controllers[i] as AbortController).signal);
      }
      await turn();
      for (const c of controllers) c.abort();
      const results = await Promise.allSettled(ps);
      let cancelled = 0;
      for (const r of results) if (r.status === "rejected") cancelled++;
      if (cancelled !== n) throw new Error("W8");
      return { ops: n };
    },

    async W9(scale) {
      const n = Math.round(SIZES.W9 * scale);
      const ev = deferred<void>();
      const waiter = async () => {
        await ev.promise;
      };
      const before = settledRss();
      const ps: Promise<void>[] = new Array(n);
      for (let i = 0; i < n; i++) ps[i] = waiter();
      await turn();
      const bytes = (settledRss() - before) / n;
      ev.resolve();
      await Promise.all(ps);
      return { ops: n, extra: { bytes_per_task: Math.round(bytes) } };
    },
  };
}

/** W3a and W3b with `schedule` as the callback queue (setImmediate, or queueMicrotask). */
function callbacks(schedule: (cb: () => void) => void): Record<string, Workload> {
  return {
    async W3a(scale) {
      const n = Math.round(SIZES.W3a * scale);
      await new Promise<void>((resolve) => {
        let i = 0;
        const next = () => {
          if (++i < n) schedule(next);
          else resolve();
        };
        schedule(next);
      });
      return { ops: n };
    },
    async W3b(scale) {
      const n = Math.round(SIZES.W3b * scale);
      let count = 0;
      await new Promise<void>((resolve) => {
        const cb = () => {
          if (++count === n) resolve();
        };
        for (let i = 0; i < n; i++) schedule(cb);
      });
      return { ops: n };
    },
  };
}

/**
 * X1 on two bare `worker_threads` Workers, each taking the next job when it finishes one: what the
 * machine gives without any pool (the limit for `ThreadPoolExecutor`). Kept across rounds, as the
 * aio pool is.
 */
let rawWorkers: Worker[] | null = null;
const X1pool: Workload = Object.assign(
  async (scale: number) => {
    const jobs = SIZES.X1jobs;
    const iterations = Math.round(SIZES.X1iterations * scale);
    const source =
      `const __name = (f) => f; const job = ${iteratedSha256.toString()};\n` +
      `require("node:worker_threads").parentPort.on("message", ([s, n]) => ` +
      `require("node:worker_threads").parentPort.postMessage(job(s, n)));`;
    rawWorkers ??= [0, 1].map(() => new Worker(source, { eval: true }));
    const run = (w: Worker, job: [number, number]) =>
      new Promise<unknown>((resolve, reject) => {
        const fail = (err: Error) => {
          w.off("message", done);
          reject(err);
        };
        const done = (value: unknown) => {
          w.off("error", fail);
          resolve(value);
        };
        w.once("message", done);
        w.once("error", fail);
        w.postMessage(job);
      });
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      rawWorkers.map(async (w) => {
        while (next < jobs) await run(w, [next++, iterations]);
      }),
    );
    return { ops: jobs, extra: { job_seconds: ((performance.now() - t0) / 1000).toFixed(3) } };
  },
  {
    async teardown() {
      for (const w of rawWorkers ?? []) await w.terminate();
      rawWorkers = null;
    },
  },
);

export const nativeImm: Record<string, Workload> = {
  ...make(immediate),
  ...callbacks(setImmediate),
  X1pool,
};

export const nativeMicro: Record<string, Workload> = {
  ...make(() => Promise.resolve()),
  ...callbacks(queueMicrotask),
};

/**
 * W6 driven by a bare loop: the same generator chain as aio's, each `yield` resumed at once, no
 * scheduler, no Task, no Future. What V8's generators cost by themselves: the floor for any
 * generator-based runtime.
 */
function* turn(): Generator<undefined, void, unknown> {
  yield;
}
function* genChain(depth: number, suspend: boolean): Generator<undefined, number, unknown> {
  if (depth === 0) {
    if (suspend) yield* turn();
    return 1;
  }
  return (yield* genChain(depth - 1, suspend)) + 1;
}
function driveChains(scale: number, suspend: boolean): { ops: number } {
  const n = Math.round(SIZES.W6 * scale);
  for (let i = 0; i < n; i++) {
    const g = genChain(SIZES.W6depth, suspend);
    let r = g.next();
    while (!r.done) r = g.next();
    if (r.value !== SIZES.W6depth + 1) throw new Error("W6 floor");
  }
  return { ops: n };
}

/** W8 without a scheduler: what cancelling 100,000 suspended generators costs by itself. */
class Awaiting implements Iterator<object, number> {
  private resumed = false;
  constructor(private readonly on: object) {}
  next(): IteratorResult<object, number> {
    if (this.resumed) return { value: 1, done: true };
    this.resumed = true;
    return { value: this.on, done: false };
  }
  throw(err: unknown): IteratorResult<object, number> {
    throw err;
  }
  [Symbol.iterator]() {
    return this;
  }
}
/**
 * The same, naming the line each generator was suspended at as Python's traceback does (and aio's
 * CancelledError by default, issue 23): one capture of Node's ten frames per cancelled generator,
 * the platform's price of a stack.
 */
class AwaitingNamed extends Awaiting {
  override throw(err: unknown): IteratorResult<object, number> {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
    Error.captureStackTrace(err as object, AwaitingNamed.prototype.throw);
    Error.stackTraceLimit = limit;
    throw err;
  }
}
class FloorCancelledError extends Error {
  args: unknown[] = [];
}
FloorCancelledError.prototype.name = "CancelledError";
function cancelledError(): FloorCancelledError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const err = new FloorCancelledError("");
  Error.stackTraceLimit = limit;
  return err;
}
function* blockedOn(on: object, named: boolean): Generator<object, number, unknown> {
  return yield* named ? new AwaitingNamed(on) : new Awaiting(on);
}
async function cancelGenerators(scale: number, named = false): Promise<{ ops: number }> {
  // As aio's W8 does per task: a coroutine suspended in `yield* future`, one CancelledError thrown
  // into it and caught by its driver, one more made for the gathered results.
  const n = Math.round(SIZES.W8 * scale);
  const never = {};
  const coros: Generator<object, number, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const g = blockedOn(never, named);
    g.next();
    coros[i] = g;
  }
  const results: unknown[] = new Array(n);
  let cancelled = 0;
  for (let i = 0; i < n; i++) {
    try {
      (coros[i] as Generator<object, number, unknown>).throw(cancelledError());
    } catch (err) {
      if (err instanceof FloorCancelledError) cancelled++;
    }
    results[i] = cancelledError();
  }
  if (cancelled !== n) throw new Error("W8 floor");
  return { ops: n };
}

export const generatorFloor: Record<string, Workload> = {
  W6a: async (scale) => driveChains(scale, false),
  W6b: async (scale) => driveChains(scale, true),
  W8: (scale) => cancelGenerators(scale),
};

/** W8's floor with a stack captured per cancelled generator (see AwaitingNamed). */
export const generatorFloorNamed: Record<string, Workload> = {
  W8: (scale) => cancelGenerators(scale, true),
};
