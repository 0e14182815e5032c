/**
 * Runs shell commands concurrently, at most `jobs` at a time (an @aio/sync Semaphore), streaming
 * each line of their output as it comes with the command's number in front, and says how each
 * ended. Cancelled (Ctrl-C in the CLI), it kills the commands still running — their whole process
 * group, so a pipeline's processes go too — waits for them, and marks the ones never started.
 */
import { createSubprocessShell, PIPE, type Process, type StreamReader } from "@aio/streams";
import { Semaphore } from "@aio/sync";
import { type Coro, gather, isCancelledError, TaskGroup, TimeoutError, using, waitFor } from "@aio/task";

/** How a command ended. */
export type Outcome = "ok" | "failed" | "killed" | "skipped";

/** One command's result. */
export interface Result {
  /** Its number, from 1, as its output's prefix shows it. */
  index: number;
  command: string;
  outcome: Outcome;
  /** Its exit status (minus the signal's number if a signal ended it), or null if never started. */
  returncode: number | null;
}

/** Where each line goes: `stream` is the command's stdout or stderr. */
export type LineSink = (index: number, stream: "stdout" | "stderr", line: string) => void;

/** Options of {@link par}. */
export interface ParOptions {
  /** How many commands run at once (default 4). */
  jobs?: number;
  /** Receives each line (without its newline) as soon as it is complete. */
  onLine: LineSink;
  /** Seconds a killed command has between SIGTERM and SIGKILL (default 2). */
  killGrace?: number;
}

/**
 * Runs `commands` (each with `/bin/sh -c`); their results in order. Cancelled, it kills what runs,
 * and the results say so (the cancellation is then raised, with `results` filled in).
 */
export function* par(
  commands: readonly string[],
  options: ParOptions,
  results: Result[] = [],
): Coro<Result[]> {
  const jobs = options.jobs ?? 4;
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new RangeError(`jobs must be a whole number >= 1, got ${jobs}`);
  const slots = new Semaphore(jobs);
  results.length = 0;
  for (const [i, command] of commands.entries()) {
    results.push({ index: i + 1, command, outcome: "skipped", returncode: null });
  }
  // A TaskGroup, not gather(): cancelled, it waits until every command has been killed (gather's
  // outer future would finish at the first child cancelled, as asyncio's does).
  yield* using(new TaskGroup(), function* (tg) {
    for (const result of results) tg.createTask(runOne(result, slots, options));
  });
  return results;
}

function* runOne(result: Result, slots: Semaphore, options: ParOptions): Coro<void> {
  yield* slots.acquire(); // (cancelled here: never started, no slot to give back)
  let proc: Process | null = null;
  try {
    // A session (and process group) of its own: the whole group can be killed.
    proc = yield* createSubprocessShell(result.command, {
      stdout: PIPE,
      stderr: PIPE,
      startNewSession: true,
    });
    yield* gather(
      pump(proc.stdout as StreamReader, (line) => options.onLine(result.index, "stdout", line)),
      pump(proc.stderr as StreamReader, (line) => options.onLine(result.index, "stderr", line)),
    );
    result.returncode = yield* proc.wait();
    result.outcome = result.returncode === 0 ? "ok" : "failed";
  } catch (err) {
    if (isCancelledError(err) && proc !== null) {
      result.returncode = yield* kill(proc, options.killGrace ?? 2);
      result.outcome = "killed";
    }
    throw err;
  } finally {
    slots.release();
  }
}

/** Each complete line of `reader` to `sink`; a last line without a newline too. */
function* pump(reader: StreamReader, sink: (line: string) => void): Coro<void> {
  for (;;) {
    const raw = yield* reader.readline();
    if (raw.length === 0) return;
    sink(raw.toString("utf8").replace(/\r?\n$/, ""));
  }
}

/** SIGTERM to the command's process group, SIGKILL after `grace` seconds; its returncode. */
function* kill(proc: Process, grace: number): Coro<number> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  signalGroup("SIGTERM");
  try {
    return yield* waitFor(proc.wait(), grace);
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    signalGroup("SIGKILL");
    return yield* proc.wait();
  }
}
