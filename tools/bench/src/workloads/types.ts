/**
 * One benchmark workload for one implementation: runs at `scale` (1 = the size the README gives). A workload
 * that keeps state across rounds (X1's pool, warmed by the warm-up round like everything else)
 * releases it in `teardown`, which the runner calls after the last round.
 */
export type Workload = ((scale: number) => Promise<WorkloadResult>) & { teardown?: () => Promise<void> };

/** What a round reports: operations done, and extra figures (`key=value` in the RESULT line). */
export interface WorkloadResult {
  ops: number;
  extra?: Record<string, number | string>;
}

/** The workloads' sizes at scale 1 (the README's table). */
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

/**
 * X1's job: `iterations` rounds of SHA-256 over 32 bytes; returns the thread that ran it (0: the
 * main thread) and the digest. Self-contained: it is sent to workers as source.
 */
export function iteratedSha256(seed: number, iterations: number): [number, string] {
  const crypto = process.getBuiltinModule("node:crypto") as typeof import("node:crypto");
  const { threadId } = process.getBuiltinModule(
    "node:worker_threads",
  ) as typeof import("node:worker_threads");
  let digest = Buffer.alloc(32, seed);
  for (let i = 0; i < iterations; i++) digest = crypto.createHash("sha256").update(digest).digest();
  return [threadId, digest.toString("hex")];
}
