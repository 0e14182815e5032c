/**
 * `npm run alloc -- W4 [scale]`: what one round of an aio workload allocates, per operation, by the
 * function that allocated it (V8's sampling heap profiler, counting objects that died young too).
 * Run after a warm-up round, so that it measures optimised code. Allocation is what garbage
 * collection costs in proportion to: this is how the per-task figures of the README were taken.
 */
import { Session } from "node:inspector/promises";
import { aio } from "./workloads/aio.js";

const [workload = "", scaleArg = "1"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
// S1/S2 live with @aio/streams' workloads, F1 with @aio/fs's (loaded only for them, as child.ts does).
const workloads = /^S\d/.test(workload)
  ? (await import("./workloads/streams.js")).aioStreams
  : /^F1/.test(workload)
    ? (await import("./workloads/files.js")).aioFiles
    : aio;
const fn = workloads[workload];
if (!fn) {
  console.error(`alloc: no aio workload ${workload}; known: ${Object.keys(workloads).join(", ")}`);
  process.exit(2);
}
const scale = Number(scaleArg);
await fn(scale); // warm-up

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampleNode[];
}
const session = new Session();
session.connect();
await session.post("HeapProfiler.enable");
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 256,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
} as never);
const result = await fn(scale);
const { profile } = (await session.post("HeapProfiler.stopSampling")) as { profile: { head: SampleNode } };
await fn.teardown?.();

const bySite = new Map<string, number>();
let total = 0;
// `--callers`: each site with the function that called it (which V8 builtin is allocated for whom).
const withCallers = process.argv.includes("--callers");
const nameOf = (node: SampleNode): string => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
};
const walk = (node: SampleNode, caller: string): void => {
  const name = nameOf(node);
  const site = withCallers ? `${name} <- ${caller}` : name;
  bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) walk(child, name);
};
walk(profile.head, "");
console.log(
  `${workload}: ${(total / 1e6).toFixed(1)} MB allocated, ${(total / result.ops).toFixed(0)} B per op`,
);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  if (bytes / result.ops < 1) break;
  console.log(`${(bytes / result.ops).toFixed(0).padStart(7)} B/op  ${site}`);
}
