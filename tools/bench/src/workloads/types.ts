/** One benchmark workload for one implementation: runs at `scale` (1 = BENCH.md's size). */
export type Workload = (scale: number) => Promise<WorkloadResult>;

/** What a round reports: operations done, and extra figures (`key=value` in the RESULT line). */
export interface WorkloadResult {
  ops: number;
  extra?: Record<string, number | string>;
}

/** Sizes of BENCH.md. */
export const SIZES = {
  W1: 100_000,
  W2: 200_000,
  W3a: 1_000_000,
  W3b: 1_000_000,
  W4: 100_000,
  W5: 500_000,
  W6: 10_000,
  W6depth: 100,
  W7outer: 1_000,
  W7inner: 100,
  W8: 100_000,
  W9: 100_000,
  X1jobs: 32,
  X1iterations: 200_000,
} as const;

/** A seeded PRNG (mulberry32), the same sequence in every implementation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RSS after a full garbage collection (needs --expose-gc). */
export function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().rss;
}
