/**
 * The bench workloads (see the README) on Effection 4, the generator-based peer (where it has the primitives).
 */
import { all, type Operation, run, sleep, spawn, suspend, type Task, withResolvers } from "effection";
import { SIZES, settledRss, type Workload } from "./types.js";

function* child(i: number): Operation<number> {
  yield* sleep(0);
  return i;
}

function* chain(depth: number, suspendOnce: boolean): Operation<number> {
  if (depth === 0) {
    if (suspendOnce) yield* sleep(0);
    return 1;
  }
  return (yield* chain(depth - 1, suspendOnce)) + 1;
}

export const effection: Record<string, Workload> = {
  async W1(scale) {
    const n = Math.round(SIZES.W1 * scale);
    await run(function* () {
      const tasks: Task<number>[] = [];
      for (let i = 0; i < n; i++) tasks.push(yield* spawn(() => child(i)));
      const results = yield* all(tasks);
      let sum = 0;
      for (const r of results) sum += r;
      if (sum !== (n * (n - 1)) / 2) throw new Error("W1: wrong sum");
    });
    return { ops: n };
  },

  async W2(scale) {
    const n = Math.round(SIZES.W2 * scale);
    await run(function* () {
      let toPong = withResolvers<number>();
      let toPing = withResolvers<number>();
      const ponger = yield* spawn(function* () {
        for (let i = 0; i < n; i++) {
          const v = yield* toPong.operation;
          toPong = withResolvers<number>();
          toPing.resolve(v);
        }
      });
      for (let i = 0; i < n; i++) {
        const f = toPong;
        toPing = withResolvers<number>();
        f.resolve(i);
        yield* toPing.operation;
      }
      yield* ponger;
    });
    return { ops: n };
  },

  async W6a(scale) {
    const n = Math.round(SIZES.W6 * scale);
    await run(function* () {
      for (let i = 0; i < n; i++) yield* chain(SIZES.W6depth, false);
    });
    return { ops: n };
  },

  async W6b(scale) {
    const n = Math.round(SIZES.W6 * scale);
    await run(function* () {
      for (let i = 0; i < n; i++) yield* chain(SIZES.W6depth, true);
    });
    return { ops: n };
  },

  async W7(scale) {
    const outer = Math.round(SIZES.W7outer * scale);
    await run(function* () {
      function* inner(): Operation<number[]> {
        return yield* all(Array.from({ length: SIZES.W7inner }, (_, i) => child(i)));
      }
      yield* all(Array.from({ length: outer }, () => inner()));
    });
    return { ops: outer * SIZES.W7inner };
  },

  async W8(scale) {
    const n = Math.round(SIZES.W8 * scale);
    await run(function* () {
      const tasks: Task<void>[] = [];
      for (let i = 0; i < n; i++) tasks.push(yield* spawn(() => suspend()));
      yield* sleep(0);
      for (const t of tasks) yield* t.halt();
    });
    return { ops: n };
  },

  async W9(scale) {
    const n = Math.round(SIZES.W9 * scale);
    let bytes = 0;
    await run(function* () {
      const ev = withResolvers<void>();
      const before = settledRss();
      const tasks: Task<void>[] = [];
      for (let i = 0; i < n; i++) tasks.push(yield* spawn(() => ev.operation));
      yield* sleep(0);
      bytes = (settledRss() - before) / n;
      ev.resolve();
      yield* all(tasks);
    });
    return { ops: n, extra: { bytes_per_task: Math.round(bytes) } };
  },
};
