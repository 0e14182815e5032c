/**
 * `pnpm bench [W1 W2 … X1] [--quick]`: every workload on aio and, in the same run, on the
 * baselines that run here (hand-written native async/await, Effection 4, CPython's asyncio through
 * `python3`), each in a process of its own. Prints a table per workload with each implementation's
 * median, spread, ops/s, peak memory and its ratio to aio; writes the raw figures as JSON.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

interface Result {
  workload: string;
  impl: string;
  seconds: number;
  ops: number;
  opsPerSecond: number;
  peakRssMb: number;
  extra: Record<string, string>;
}

/** The README's reference figures on this kind of machine (seconds; W9 in bytes per task) and aio's goals. */
const REFERENCE: Record<string, { cpython: number; uvloop: number; goal: number }> = {
  W1: { cpython: 1.33, uvloop: 1.01, goal: 0.25 },
  W2: { cpython: 1.36, uvloop: 0.54, goal: 0.15 },
  W3a: { cpython: 2.35, uvloop: 0.75, goal: 0.15 },
  W3b: { cpython: 1.69, uvloop: 1.09, goal: 0.15 },
  W4: { cpython: 2.44, uvloop: 1.94, goal: 0.35 },
  W5: { cpython: 0.52, uvloop: 0.45, goal: 0.12 },
  W6a: { cpython: 0.141, uvloop: 0.122, goal: 0.045 },
  W6b: { cpython: 0.207, uvloop: 0.162, goal: 0.06 },
  W7: { cpython: 1.46, uvloop: 1.14, goal: 0.3 },
  W8: { cpython: 1.67, uvloop: 1.36, goal: 0.35 },
  W9: { cpython: 1157, uvloop: 1153, goal: 700 },
};

const NODE_IMPLS: Record<string, string[]> = {
  // aio+debug: @aio/debug loaded, not tracing (must cost nothing); aio-traced: recording every event.
  W1: ["aio", "aio+debug", "aio-traced", "native-imm", "native-micro", "effection"],
  W2: ["aio", "native-imm", "effection"],
  W3a: ["aio", "native-imm", "native-micro"],
  W3b: ["aio", "native-imm", "native-micro"],
  W4: ["aio", "native-imm"],
  W5: ["aio", "native-imm"],
  W6a: ["aio", "native-imm", "effection", "gen-floor"],
  W6b: ["aio", "native-imm", "native-micro", "effection", "gen-floor"],
  W7: ["aio", "native-imm", "native-micro", "effection"],
  W8: ["aio", "native-imm", "effection", "gen-floor", "gen-floor+stack"],
  W9: ["aio", "native-imm", "effection"],
  L1: ["aio"],
  X1: ["X1seq", "X1pool", "X1raw"],
  F1w: ["aio", "native-imm"],
  F1r: ["aio", "native-imm"],
  F1lines: ["aio", "aio-for-await", "native-imm"],
  H2: ["aio", "native-imm"],
  H1: ["aio", "native-imm"],
  H3: ["aio", "ws"],
  S1: ["aio", "native-imm"],
  S2: ["aio", "native-imm"],
  L2: ["aio", "native-imm", "native-sync"],
  // The distributed executor against raw BullMQ (Q1) and against the thread pool (Q2): one
  // process runs both sides in the same run (src/queue.ts), with a redis-server of its own.
  Q1: ["aio", "aio-keep-all", "bullmq"],
  // Cold start of built programs against bare Node's (src/cold.ts runs them all, interleaved).
  C1: ["aio-task", "aio-http-server", "aio-http-client"],
  Q2: ["aio-queue", "thread-pool"],
};

/** F1's goals: write/read within 1.2× of a raw FileHandle; lines in ≤ 0.35 s and faster than readline. */
const FILE_GOALS: Record<string, string> = {
  F1w: "≤ 1.2× FileHandle",
  F1r: "≤ 1.2× FileHandle",
  F1lines: "≤ 0.35 s and faster than Node's readline",
  H2: "≤ 1.25× undici Pool",
  S1: "≥ 90% of raw node:net's round trips/s, and ≥ 1.5× uvloop's",
  S2: "≤ 1.2× child_process",
  L2: "≤ 1.5× pino",
};

let parsed: { values: { quick?: boolean }; positionals: string[] };
try {
  parsed = parseArgs({ allowPositionals: true, options: { quick: { type: "boolean" } } });
} catch (err) {
  console.error(`bench: ${(err as Error).message}\nusage: pnpm bench [W1 W2 … X1] [--quick]`);
  process.exit(2);
}
const quick = parsed.values.quick === true;
const wanted = parsed.positionals;
const workloads = wanted.length
  ? Object.keys(NODE_IMPLS).filter((w) => wanted.includes(w))
  : Object.keys(NODE_IMPLS);
const missing = wanted.filter((w) => !(w in NODE_IMPLS));
if (missing.length) {
  console.error(`bench: no workload ${missing.join(", ")}; known: ${Object.keys(NODE_IMPLS).join(", ")}`);
  process.exit(2);
}

function parse(stdout: string): Result[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("RESULT "))
    .map((l) => {
      const [, workload, impl, s, ops, opss, rss, ...kv] = l.split(" ");
      return {
        workload: workload as string,
        impl: impl as string,
        seconds: Number(s),
        ops: Number(ops),
        opsPerSecond: Number(opss),
        peakRssMb: Number(rss),
        extra: Object.fromEntries(kv.map((p) => p.split("=") as [string, string])),
      };
    });
}

function runNode(workload: string, impl: string): Result[] {
  const childArgs = [
    "--expose-gc",
    "--conditions=aio-source",
    "--import",
    "tsx",
    join(here, "child.ts"),
    workload,
    impl,
  ];
  if (quick) childArgs.push("--quick");
  const r = spawnSync(process.execPath, childArgs, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error(`  ${impl} ${workload} failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

function python(): string | null {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return "python3";
  } catch {
    return null;
  }
}
const py = python();
const pyVersion = py ? execFileSync(py, ["--version"], { encoding: "utf8" }).trim() : "no python3";

/** F1's Python side runs on Debian's python3, which has aiofiles (scripts/system-deps.mjs). */
function runPythonFiles(workload: string): Result[] {
  const r = spawnSync(
    "/usr/bin/python3",
    [join(root, "python", "files.py"), workload, ...(quick ? ["--quick"] : [])],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0) {
    console.error(`  python ${workload} failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

/**
 * H2's Python side: aiohttp (Debian's python3, scripts/system-deps.mjs) against the same kind of
 * server, a node:http process started here for it.
 */
function runPythonHttp(): Result[] {
  const server = spawn(process.execPath, [join(here, "workloads", "http-server.mjs")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  try {
    const port = readLine(server.stdout);
    const r = spawnSync(
      "/usr/bin/python3",
      [join(root, "python", "http_client.py"), `http://127.0.0.1:${port}`, ...(quick ? ["--quick"] : [])],
      {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      },
    );
    if (r.status !== 0) {
      console.error(`  python H2 failed:\n${r.stderr}`);
      return [];
    }
    return parse(r.stdout);
  } finally {
    server.stdin.end();
  }
}

const NAP = new Int32Array(new SharedArrayBuffer(4));

/** The first line a child prints (its port), read synchronously from the pipe's descriptor. */
function readLine(stream: Readable): string {
  const fd = (stream as unknown as { _handle: { fd: number } })._handle.fd;
  const buf = Buffer.alloc(64);
  let text = "";
  while (!text.includes("\n")) {
    try {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) throw new Error("the server exited before printing its port");
      text += buf.toString("utf8", 0, n);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      Atomics.wait(NAP, 0, 0, 10); // not started yet: wait 10 ms rather than spin
    }
  }
  return text.trim();
}

/** A wrk latency figure (`1.23ms`, `850.00us`, `1.02s`) in milliseconds. */
function millis(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (m === null) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
}

/** A server of H1/H3: how it is started, and its name in the table. */
interface PinnedServer {
  impl: string;
  cmd: string[];
  how: string;
}

/** Whether `taskset` is there to pin the server and the load to cores of their own. */
const canPin = (): boolean => spawnSync("sh", ["-c", "command -v taskset"], { stdio: "ignore" }).status === 0;

/** Node running one of `src/workloads`' TypeScript servers from the packages' sources. */
const tsServer = (file: string): string[] => [
  process.execPath,
  "--conditions=aio-source",
  "--import",
  "tsx",
  join(here, "workloads", file),
];

/**
 * Starts each server (pinned to core 0 when it can be) and runs `load` with its port and whether
 * the load should pin itself to core 1; stops the server after. The results `load` gives, in order.
 */
function eachPinnedServer(
  servers: PinnedServer[],
  load: (server: PinnedServer, port: string, pin: boolean) => Result | null,
): Result[] {
  const pin = canPin();
  const results: Result[] = [];
  for (const server of servers) {
    const [cmd, ...args] = pin ? ["taskset", "-c", "0", ...server.cmd] : server.cmd;
    const child = spawn(cmd as string, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const port = readLine(child.stdout as Readable).replace(/^PORT /, "");
      const result = load(server, port, pin);
      if (result !== null) results.push(result);
    } finally {
      child.kill("SIGTERM");
    }
  }
  return results;
}

/**
 * H1 (see the README): each server (aio's web, raw node:http, aiohttp.web) in a process pinned to core 0,
 * wrk pinned to core 1: `wrk -t1 -c64 -d8s --latency` on 127.0.0.1 after a 1 s warm-up.
 */
function runH1(): Result[] {
  const duration = quick ? 2 : 8;
  const servers: PinnedServer[] = [
    { impl: "aio", cmd: tsServer("h1-aio.ts"), how: "web.runApp" },
    { impl: "native-imm", cmd: [process.execPath, join(here, "workloads", "h1-node.mjs")], how: "node:http" },
    { impl: "aiohttp", cmd: ["/usr/bin/python3", join(root, "python", "h1_server.py")], how: "aiohttp.web" },
  ];
  return eachPinnedServer(servers, (server, port, pin) => {
    const url = `http://127.0.0.1:${port}/`;
    const wrk = (seconds: number) =>
      spawnSync(
        pin ? "taskset" : "wrk",
        [...(pin ? ["-c", "1", "wrk"] : []), "-t1", "-c64", `-d${seconds}s`, "--latency", url],
        { encoding: "utf8" },
      );
    wrk(1); // warm-up
    const r = wrk(duration);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
    const total = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
    const p50 = millis(/\n\s+50%\s+(\S+)/.exec(r.stdout)?.[1] ?? "");
    const p99 = millis(/\n\s+99%\s+(\S+)/.exec(r.stdout)?.[1] ?? "");
    const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(r.stdout)?.[0] ?? "none";
    if (r.status !== 0 || Number.isNaN(rps)) {
      console.error(`  H1 ${server.impl}: wrk failed\n${r.stdout}${r.stderr}`);
      return null;
    }
    return {
      workload: "H1",
      impl: server.impl,
      seconds: duration,
      ops: total,
      opsPerSecond: Math.round(rps),
      peakRssMb: Number.NaN,
      extra: {
        how: server.how,
        p50_ms: p50.toFixed(2),
        p99_ms: p99.toFixed(2),
        errors: errors.replace(/\s+/g, "_"),
      },
    };
  });
}

function printH1(results: Result[]): void {
  const node = results.find((r) => r.impl === "native-imm");
  const aio = results.find((r) => r.impl === "aio");
  console.log("\nH1 server: hello-world, keep-alive, wrk -t1 -c64 (server on core 0, wrk on core 1)");
  console.log(
    `  ${"server".padEnd(14)}${"req/s".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"vs node".padStart(9)}`,
  );
  for (const r of results) {
    const share = node ? `${((r.opsPerSecond / node.opsPerSecond) * 100).toFixed(0)}%` : "";
    console.log(
      `  ${(r.extra.how ?? r.impl).padEnd(14)}${String(r.opsPerSecond).padStart(10)}${String(r.extra.p50_ms).padStart(9)}${String(r.extra.p99_ms).padStart(9)}${share.padStart(9)}`,
    );
  }
  if (aio && node && !quick) {
    const share = aio.opsPerSecond / node.opsPerSecond;
    console.log(
      `  aio: ${(share * 100).toFixed(0)}% of raw node:http in this run; goal ≥ 90%: ${share >= 0.9 ? "met" : "NOT met"}`,
    );
  }
}

/**
 * H3 (see the README): a WebSocket echo — aio's web.WebSocketResponse, the `ws` library alone, and
 * aiohttp.web — each in a process pinned to core 0, the load (src/workloads/h3-driver.mjs: 64 `ws`
 * clients, a 32-byte text message each, round after round) pinned to core 1, after a 1 s warm-up.
 */
function runH3(): Result[] {
  const duration = quick ? 2 : 8;
  const servers: PinnedServer[] = [
    { impl: "aio", cmd: tsServer("h3-aio.ts"), how: "web.WebSocketResponse" },
    { impl: "ws", cmd: [process.execPath, join(here, "workloads", "h3-ws.mjs")], how: "ws" },
    { impl: "aiohttp", cmd: ["/usr/bin/python3", join(root, "python", "h3_server.py")], how: "aiohttp.web" },
  ];
  return eachPinnedServer(servers, (server, port, pin) => {
    const driver = [
      join(here, "workloads", "h3-driver.mjs"),
      `ws://127.0.0.1:${port}/ws`,
      String(duration),
      "64",
    ];
    const r = pin
      ? spawnSync("taskset", ["-c", "1", process.execPath, ...driver], { cwd: root, encoding: "utf8" })
      : spawnSync(process.execPath, driver, { cwd: root, encoding: "utf8" });
    if (r.status !== 0) {
      console.error(`  H3 ${server.impl}: the load failed\n${r.stdout}${r.stderr}`);
      return null;
    }
    const got = JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as {
      perSecond: number;
      total: number;
      p50: number;
      p99: number;
    };
    return {
      workload: "H3",
      impl: server.impl,
      seconds: duration,
      ops: got.total,
      opsPerSecond: got.perSecond,
      peakRssMb: Number.NaN,
      extra: { how: server.how, p50_ms: got.p50.toFixed(2), p99_ms: got.p99.toFixed(2) },
    };
  });
}

function printH3(results: Result[]): void {
  const ws = results.find((r) => r.impl === "ws");
  const aio = results.find((r) => r.impl === "aio");
  console.log("\nH3 WebSocket echo: 64 clients, 32-byte text messages (server on core 0, clients on core 1)");
  console.log(
    `  ${"server".padEnd(24)}${"echo/s".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"vs ws".padStart(9)}`,
  );
  for (const r of results) {
    const share = ws ? `${((r.opsPerSecond / ws.opsPerSecond) * 100).toFixed(0)}%` : "";
    console.log(
      `  ${(r.extra.how ?? r.impl).padEnd(24)}${String(r.opsPerSecond).padStart(10)}${String(r.extra.p50_ms).padStart(9)}${String(r.extra.p99_ms).padStart(9)}${share.padStart(9)}`,
    );
  }
  if (aio && ws && !quick) {
    const share = aio.opsPerSecond / ws.opsPerSecond;
    console.log(
      `  aio: ${(share * 100).toFixed(0)}% of the ws library's echoes in this run; goal ≥ 85%: ${share >= 0.85 ? "met" : "NOT met"}`,
    );
  }
}

/** S1 and S2 on Debian's python3: asyncio's streams and subprocesses, and uvloop's (python3-uvloop). */
function runPythonStreams(workload: string): Result[] {
  const r = spawnSync(
    "/usr/bin/python3",
    [join(root, "python", "streams.py"), workload, "--uvloop", ...(quick ? ["--quick"] : [])],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) {
    console.error(`  python ${workload} failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

/** L2 on CPython's logging (the pyenv 3.12 when there is one, else python3). */
function runPythonLogging(): Result[] {
  const r = spawnSync(
    py ?? "python3",
    [join(root, "python", "logging_bench.py"), ...(quick ? ["--quick"] : [])],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) {
    console.error(`  python L2 failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

function runPython(workload: string): Result[] {
  if (workload === "L2") return runPythonLogging();
  if (workload.startsWith("F1")) return runPythonFiles(workload);
  if (workload === "S1" || workload === "S2") return runPythonStreams(workload);
  if (workload === "H2") return runPythonHttp();
  if (!py) return [];
  const r = spawnSync(
    py,
    [join(root, "python", "bench.py"), workload, "--uvloop", ...(quick ? ["--quick"] : [])],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0) {
    console.error(`  python ${workload} failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

const all: Result[] = [];
console.log(
  `aio benchmarks${quick ? " (--quick: smaller sizes, not comparable with the reference figures)" : ""} — ${cpus().length} cores, ` +
    `Node ${process.version}, ${pyVersion}`,
);
for (const w of workloads) {
  if (w === "H1") {
    const h1 = runH1();
    all.push(...h1);
    printH1(h1);
    continue;
  }
  if (w === "H3") {
    const h3 = runH3();
    all.push(...h3);
    printH3(h3);
    continue;
  }
  if (w === "C1") {
    const c = runCold();
    all.push(...c);
    printCold(c);
    continue;
  }
  if (w === "Q1" || w === "Q2") {
    const q = runQueue(w);
    all.push(...q);
    printQueue(w, q);
    continue;
  }
  const results: Result[] = [];
  for (const impl of NODE_IMPLS[w] as string[]) {
    // X1's entries are two workloads of aio (sequential and pool); the others are implementations.
    if (impl === "X1raw") results.push(...runNode("X1pool", "native-imm"));
    else results.push(...(impl.startsWith("X1") ? runNode(impl, "aio") : runNode(w, impl)));
  }
  results.push(...runPython(w));
  all.push(...results);
  print(w, results);
}
const outDir = join(root, "results");
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
const json = JSON.stringify(
  { when: new Date().toISOString(), node: process.version, python: pyVersion, quick, results: all },
  null,
  2,
);
writeFileSync(file, json);
writeFileSync(join(outDir, "latest.json"), json);
console.log(`\nraw figures: ${file}`);

/** C1: src/cold.ts spawns each program, bare Node's and aio's, interleaved. */
function runCold(): Result[] {
  const args = ["--import", "tsx", join(here, "cold.ts")];
  if (quick) args.push("--quick");
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error(`  C1 failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

function printCold(results: Result[]): void {
  console.log("\nC1 cold start: process start to first line or first response (ms, median)");
  const ms = (impl: string) => (results.find((r) => r.impl === impl)?.seconds ?? Number.NaN) * 1000;
  for (const r of results)
    console.log(
      `  ${r.impl.padEnd(18)} ${(r.seconds * 1000).toFixed(0).padStart(6)} ms  ${r.extra.spread ?? ""}`,
    );
  if (results.length > 0 && !quick) {
    const task = ms("aio-task") / ms("bare-node");
    console.log(
      `  @aio/task: ${task.toFixed(2)}× a bare Node program (goal ≤ 1.3×): ${task <= 1.3 ? "met" : "NOT met"}`,
    );
    console.log(
      `  @aio/http server: ${ms("aio-http-server").toFixed(0)} ms to its first response (goal ≤ 200 ms; node:http ${ms("node-http-server").toFixed(0)} ms): ${ms("aio-http-server") <= 200 ? "met" : "NOT met"}`,
    );
    console.log(
      `  @aio/http client: ${(ms("aio-http-client") / ms("fetch-client")).toFixed(2)}× a bare fetch program`,
    );
  }
}

/** Q1 or Q2: src/queue.ts runs every side of it in one process, on a redis-server of its own. */
function runQueue(workload: string): Result[] {
  const args = ["--conditions=aio-source", "--import", "tsx", join(here, "queue.ts"), workload];
  if (quick) args.push("--quick");
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error(`  ${workload} failed:\n${r.stderr}`);
    return [];
  }
  return parse(r.stdout);
}

function printQueue(w: string, results: Result[]): void {
  console.log(
    w === "Q1"
      ? "\nQ1 distributed executor: 10,000 tiny jobs, 4 worker processes (jobs/s; higher is better)"
      : "\nQ2 distributed executor: X1's 32 SHA-256 jobs, 2 worker processes vs a pool of 2 threads",
  );
  for (const r of results)
    console.log(
      `  ${r.impl.padEnd(14)} ${r.seconds.toFixed(3).padStart(8)} s ${String(r.opsPerSecond).padStart(7)} jobs/s  ${r.extra.spread ?? ""}`,
    );
  const mine = results[0];
  const base = results.at(-1);
  if (mine && base && !quick) {
    const ratio = mine.opsPerSecond / base.opsPerSecond;
    console.log(
      w === "Q1"
        ? `  aio: ${(ratio * 100).toFixed(0)}% of raw BullMQ's throughput in this run (keeping every job as BullMQ does: ${(((results[1]?.opsPerSecond ?? Number.NaN) / base.opsPerSecond) * 100).toFixed(0)}%); goal ≥ 80%: ${ratio >= 0.8 ? "met" : "NOT met"}`
        : `  the queue costs ${(mine.seconds / base.seconds).toFixed(2)}× the thread pool's time for CPU-bound jobs on one machine`,
    );
  }
}

function print(w: string, results: Result[]): void {
  if (w === "X1") {
    const seq = results.find((r) => r.impl === "aio" && r.workload === "X1seq");
    const pool = results.find((r) => r.impl === "aio" && r.workload === "X1pool");
    const raw = results.find((r) => r.impl === "native-imm" && r.workload === "X1pool");
    console.log(`\nX1 executor: 32 CPU-bound jobs (iterated SHA-256)`);
    for (const r of results) {
      const label =
        r.workload === "X1seq"
          ? "aio sequential"
          : r.workload === "X1pool"
            ? r.impl === "aio"
              ? "aio pool of 2 workers"
              : "2 bare worker_threads"
            : r.impl;
      const secs = r.workload === "X1pool" ? Number(r.extra.job_seconds) : r.seconds;
      console.log(
        `  ${label.padEnd(26)} ${secs.toFixed(3).padStart(8)} s${r.extra.overhead_ms_per_job ? `  overhead ${r.extra.overhead_ms_per_job} ms/job` : ""}`,
      );
    }
    if (seq && pool)
      console.log(
        `  speed-up on 2 workers: ${(seq.seconds / Number(pool.extra.job_seconds)).toFixed(2)}×  (goal ≥ 1.8×)` +
          (raw
            ? `; bare worker_threads: ${(seq.seconds / Number(raw.extra.job_seconds)).toFixed(2)}× (the machine's limit)`
            : ""),
      );
    return;
  }
  const aio = results.find((r) => r.impl === "aio");
  const isMemory = w === "W9";
  console.log(`\n${w}`);
  console.log(
    `  ${"implementation".padEnd(16)}${(isMemory ? "bytes/task" : "median s").padStart(11)}${"spread".padStart(18)}${"ops/s".padStart(12)}${"peak MB".padStart(9)}${"vs aio".padStart(8)}  notes`,
  );
  for (const r of results) {
    const value = isMemory ? Number(r.extra.bytes_per_task) : r.seconds;
    const ratio = aio ? value / (isMemory ? Number(aio.extra.bytes_per_task) : aio.seconds) : Number.NaN;
    const notes = Object.entries(r.extra)
      .filter(([k]) => k !== "spread" && k !== "bytes_per_task")
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    console.log(
      `  ${r.impl.padEnd(16)}${(isMemory ? String(value) : value.toFixed(4)).padStart(11)}${(r.extra.spread ?? "").padStart(18)}${String(r.opsPerSecond).padStart(12)}${r.peakRssMb.toFixed(0).padStart(9)}${`${ratio.toFixed(2)}×`.padStart(8)}  ${notes}`,
    );
  }
  if (w in FILE_GOALS && aio && !quick) {
    const raw = results.find((r) => r.impl === "native-imm");
    const ratio = raw ? aio.seconds / raw.seconds : Number.NaN;
    const uvloop = results.find((r) => r.impl === "uvloop");
    const met =
      w === "F1lines"
        ? aio.seconds <= 0.35 && ratio < 1
        : w === "S1"
          ? ratio <= 1 / 0.9 && uvloop !== undefined && uvloop.seconds / aio.seconds >= 1.5
          : ratio <= (w === "H2" ? 1.25 : 1.2);
    if (w === "S1" && uvloop !== undefined)
      console.log(`  aio: ${(uvloop.seconds / aio.seconds).toFixed(2)}× uvloop's round trips/s in this run`);
    console.log(
      `  aio: ${ratio.toFixed(2)}× ${raw?.extra.how ?? "Node"} in this run; goal ${FILE_GOALS[w]}: ${met ? "met" : "NOT met"}`,
    );
  }
  const ref = REFERENCE[w];
  const cpython = results.find((r) => r.impl === "cpython-asyncio");
  if (aio && ref && !quick) {
    const mine = isMemory ? Number(aio.extra.bytes_per_task) : aio.seconds;
    const vsCpython = cpython
      ? (isMemory ? Number(cpython.extra.bytes_per_task) : cpython.seconds) / mine
      : Number.NaN;
    const floor = results.find((r) => r.impl === "gen-floor");
    const named = results.find((r) => r.impl === "gen-floor+stack");
    console.log(
      isMemory
        ? `  aio: goal ≤ ${ref.goal} B ${mine <= ref.goal ? "met" : "NOT met"}; ` +
            `CPython asyncio uses ${vsCpython.toFixed(1)}× as much per task in this run, uvloop ` +
            `${(ref.uvloop / mine).toFixed(1)}× (reference figure)`
        : `  aio: goal ≤ ${ref.goal} s ${mine <= ref.goal ? "met" : "NOT met"}; ` +
            `${vsCpython.toFixed(1)}× CPython asyncio in this run (goal ≥ 4×); ` +
            `${(ref.uvloop / mine).toFixed(1)}× uvloop's reference figure (goal ≥ 3×)` +
            (floor ? `; generator floor ${floor.seconds.toFixed(3)} s (no scheduler)` : "") +
            (named ? `, ${named.seconds.toFixed(3)} s naming each suspended line` : ""),
    );
  }
}
