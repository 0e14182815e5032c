#!/usr/bin/env node
/**
 * `aio-jobs worker ./jobs.js --concurrency 4`: a worker process serving the jobs a module exports.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type JobFunction, serveJobs } from "./worker.js";

const USAGE = `usage: aio-jobs worker MODULE [options]

Serves the jobs MODULE exports (its \`jobs\` object, or else every exported function, by name) to
QueueExecutors on the same queue, until SIGINT or SIGTERM (a second one stops at once).

options:
  --redis URL              Redis (default: $REDIS_URL, else redis://127.0.0.1:6379)
  --queue NAME             the queue (default: $AIO_JOBS_QUEUE, else "aio-jobs")
  --concurrency N          jobs run at once (default 1)
  --prefix P               BullMQ's key prefix (default "bull")
  --lock-duration MS       a job's lock, after which a lost worker's job runs elsewhere (default 30000)
  --stalled-interval MS    how often lost workers' jobs are looked for (default 30000)
  --max-stalled-count N    how often a job may lose its worker before it fails (default 1)
  --connect-timeout S      seconds to wait for Redis at start before giving up (default 10)
  -h, --help               this text`;

function fail(message: string): never {
  process.stderr.write(`aio-jobs: error: ${message}\n${USAGE.split("\n")[0]}\n`);
  process.exit(2);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`argument ${flag}: invalid int value: '${value}'`);
  return Number(value);
}

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) fail(`argument ${flag}: invalid float value: '${value}'`);
  return Number(value);
}

/** Runs the CLI with `argv` (without node and the script). */
export async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, modulePath, ...rest] = positionals;
  if (command !== "worker")
    fail(command === undefined ? "a command is required (worker)" : `unknown command '${command}'`);
  if (modulePath === undefined) fail("the worker needs the module of its jobs (aio-jobs worker ./jobs.js)");
  if (rest.length > 0) fail(`unrecognized arguments: ${rest.join(" ")}`);
  const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const jobs: Record<string, JobFunction> = {};
  const source =
    typeof mod.jobs === "object" && mod.jobs !== null ? (mod.jobs as Record<string, unknown>) : mod;
  for (const [name, fn] of Object.entries(source)) {
    // Functions, not the classes a module may export beside them (an error class, say).
    if (
      typeof fn !== "function" ||
      name === "default" ||
      /^class\b/.test(Function.prototype.toString.call(fn))
    )
      continue;
    jobs[name] = fn as JobFunction;
  }
  if (Object.keys(jobs).length === 0) fail(`${modulePath} exports no job functions`);
  const connection = values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const queue = values.queue ?? process.env.AIO_JOBS_QUEUE ?? "aio-jobs";
  const concurrency = integer(values.concurrency, "--concurrency") ?? 1;
  const server = serveJobs({
    connection,
    queue,
    jobs,
    concurrency,
    prefix: values.prefix,
    lockDuration: integer(values["lock-duration"], "--lock-duration"),
    stalledInterval: integer(values["stalled-interval"], "--stalled-interval"),
    maxStalledCount: integer(values["max-stalled-count"], "--max-stalled-count"),
    connectTimeout: seconds(values["connect-timeout"], "--connect-timeout"),
  });
  let stops = 0;
  const stop = () => {
    if (++stops > 1) process.exit(130);
    process.stderr.write("aio-jobs: stopping once the running jobs are done\n");
    void server.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await server.whenReady();
  } catch (e) {
    process.stderr.write(`aio-jobs: error: ${(e as Error).message}\n`);
    await server.close({ force: true });
    process.exit(1);
  }
  process.stderr.write(
    `aio-jobs: serving ${Object.keys(jobs).join(", ")} on queue '${queue}' (pid ${process.pid}, concurrency ${concurrency})\n`,
  );
  await server.closed;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      redis: { type: "string" },
      queue: { type: "string" },
      concurrency: { type: "string" },
      prefix: { type: "string" },
      "lock-duration": { type: "string" },
      "stalled-interval": { type: "string" },
      "max-stalled-count": { type: "string" },
      "connect-timeout": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

await main(process.argv.slice(2));
