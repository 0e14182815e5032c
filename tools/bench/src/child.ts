/**
 * Runs one workload on one implementation in this process: one warm-up round, then several timed
 * rounds; prints the README's line `RESULT <workload> <impl> <median s> <ops> <ops/s> <peak RSS MB> k=v…`.
 */
import type { Workload, WorkloadResult } from "./workloads/types.js";

const [workload, impl, ...flags] = process.argv.slice(2);

/**
 * The implementations of this workload. Each process loads only the packages its workload uses,
 * as a program using them would: F1 loads @aio/fs (not @aio/executor, whose loading alone was
 * measured to slow @aio/fs's write path by about a quarter; see the README).
 */
async function implementationsOf(w: string): Promise<Record<string, Record<string, Workload>>> {
  if (w.startsWith("F1")) {
    const { aioFiles, nodeFiles } = await import("./workloads/files.js");
    return {
      aio: aioFiles,
      "aio-for-await": { F1lines: aioFiles.F1linesForAwait as Workload },
      "native-imm": nodeFiles,
    };
  }
  if (w === "L2") {
    const { aioLogging, pinoLogging, pinoSyncLogging } = await import("./workloads/logging.js");
    return { aio: aioLogging, "native-imm": pinoLogging, "native-sync": pinoSyncLogging };
  }
  if (w === "S1" || w === "S2") {
    const { aioStreams, nodeStreams } = await import("./workloads/streams.js");
    return { aio: aioStreams, "native-imm": nodeStreams };
  }
  if (w === "H2") {
    const { aioHttp, nodeHttp } = await import("./workloads/http.js");
    return { aio: aioHttp, "native-imm": nodeHttp };
  }
  const [{ aio }, { effection }, { generatorFloor, generatorFloorNamed, nativeImm, nativeMicro }] =
    await Promise.all([
      import("./workloads/aio.js"),
      import("./workloads/effection.js"),
      import("./workloads/native.js"),
    ]);
  if (impl === "aio+debug" || impl === "aio-traced") {
    // @aio/debug loaded (its hooks installed); "aio-traced" also records every event of each round.
    const { tracing } = await import("@aio/debug");
    const traced: Record<string, Workload> = {};
    for (const [name, run] of Object.entries(aio)) {
      const wrapped: Workload = async (scale) => {
        const recorder = impl === "aio-traced" ? tracing.start() : null;
        let result: Awaited<ReturnType<Workload>>;
        try {
          result = await run(scale);
        } finally {
          recorder?.stop();
        }
        if (recorder && recorder.eventCount === 0) throw new Error("tracing recorded nothing");
        return result;
      };
      traced[name] = wrapped;
    }
    return { [impl]: traced };
  }
  return {
    aio,
    "native-imm": nativeImm,
    "native-micro": nativeMicro,
    effection,
    "gen-floor": generatorFloor,
    "gen-floor+stack": generatorFloorNamed,
  };
}

const implementations = await implementationsOf(workload as string);
const quick = flags.includes("--quick");
const fn = implementations[impl as string]?.[workload as string];
if (!fn) {
  console.error(`no ${impl} implementation of ${workload}`);
  process.exit(2);
}
const isX1 = (workload as string).startsWith("X1");
const scale = isX1 ? (quick ? 0.05 : 1) : quick ? 0.1 : 1;
let rounds = isX1 ? 1 : quick ? 3 : 5;
const gc = (globalThis as { gc?: () => void }).gc;

const warmStart = performance.now();
await fn(isX1 ? 0.02 : scale); // warm-up
// A very slow implementation (seconds per round) gets one timed round, so a full run stays short.
if (!isX1 && performance.now() - warmStart > 3000) rounds = 1;
const times: number[] = [];
let last: WorkloadResult = { ops: 0 };
for (let r = 0; r < rounds; r++) {
  gc?.();
  const t0 = performance.now();
  last = await fn(scale);
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] as number;
const peakMb = process.resourceUsage().maxRSS / 1024;
const extra = Object.entries({
  ...last.extra,
  spread: `${(times[0] as number).toFixed(4)}..${(times.at(-1) as number).toFixed(4)}`,
})
  .map(([k, v]) => `${k}=${v}`)
  .join(" ");
await fn.teardown?.();
console.log(
  `RESULT ${workload} ${impl} ${median.toFixed(4)} ${last.ops} ${Math.round(last.ops / median)} ${peakMb.toFixed(1)} ${extra}`,
);
