#!/usr/bin/env node
/**
 * `aio-par [-j N] COMMAND…`: runs each COMMAND with the shell, N at a time (default 4), printing
 * each line of its output as `[i] line` (stderr lines to stderr), then a summary. Exit status 0 if
 * every command succeeded, 1 if one failed; Ctrl-C kills the running commands (their process
 * groups), skips the rest, prints the summary and exits 130.
 */
import { parseArgs } from "node:util";
import { getRunningLoop } from "@aio/loop";
import { type Coro, createTask, run, wait } from "@aio/task";
import { par, type Result } from "./par.js";

const USAGE = "usage: aio-par [-j N] COMMAND...";
let commands: string[];
let jobs = 4;
try {
  const parsed = parseArgs({ allowPositionals: true, options: { jobs: { type: "string", short: "j" } } });
  commands = parsed.positionals;
  if (parsed.values.jobs !== undefined) {
    jobs = Number(parsed.values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1)
      throw new Error(`-j must be a whole number >= 1, got '${parsed.values.jobs}'`);
  }
} catch (err) {
  process.stderr.write(`aio-par: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (commands.length === 0) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

/** The summary: a count per outcome, then one line per command that did not succeed. */
export function summary(results: readonly Result[]): string {
  const count = (o: Result["outcome"]) => results.filter((r) => r.outcome === o).length;
  const parts = [`${count("ok")} succeeded`, `${count("failed")} failed`];
  if (count("killed") > 0) parts.push(`${count("killed")} killed`);
  if (count("skipped") > 0) parts.push(`${count("skipped")} not started`);
  const lines = [`aio-par: ${results.length} commands: ${parts.join(", ")}`];
  for (const r of results) {
    if (r.outcome === "failed") lines.push(`[${r.index}] exit ${r.returncode}: ${r.command}`);
    if (r.outcome === "killed") lines.push(`[${r.index}] killed (${r.returncode}): ${r.command}`);
    if (r.outcome === "skipped") lines.push(`[${r.index}] not started: ${r.command}`);
  }
  return `${lines.join("\n")}\n`;
}

function* main(): Coro<number> {
  const results: Result[] = [];
  const onLine = (index: number, stream: "stdout" | "stderr", line: string) =>
    (stream === "stdout" ? process.stdout : process.stderr).write(`[${index}] ${line}\n`);
  // The run is a task of its own that Ctrl-C cancels; main waits for it to end either way.
  const job = createTask(par(commands, { jobs, onLine }, results));
  getRunningLoop().addSignalHandler("SIGINT", () => job.cancel());
  yield* wait([job]);
  process.stderr.write(summary(results));
  if (job.cancelled()) return 130;
  job.result(); // an error of the run itself is raised here
  return results.every((r) => r.outcome === "ok") ? 0 : 1;
}

process.exitCode = await run(main());
