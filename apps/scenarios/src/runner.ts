/**
 * Runs one scenario as a program of its own: a fresh runtime state (task names from Task-1, no
 * loop set), loops on the scenario's clock, warnings and uncaught errors on its stderr.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hideFrames, install, logging, sys, warnings } from "@aio/debug";
import { EventLoop, formatError, runtimeHooks, setEventLoopPolicy, tryGetRunningLoop } from "@aio/loop";
import { resetRuntimeState } from "@aio/loop/testing";
import { reportNeverAwaited } from "@aio/task";
import { type Comparison, compare } from "./compare.js";
import { createIO, type Line } from "./io.js";
import type { Scenario } from "./scenario.js";

// The runner's own frames are not the programs': warnings and "created at" stacks leave them out.
hideFrames(/[\\/]apps[\\/]scenarios[\\/](?:src[\\/](?:runner|cli|io)\.ts|test[\\/][^\\/]+\.ts)$/);

/** What happened when a scenario ran. */
export interface ScenarioResult {
  id: string;
  status: "passed" | "failed" | "waiting";
  /** Why it failed, or what it waits for. */
  problems: string[];
  lines: Line[];
  exitCode: number;
  /** Seconds on the scenario's clock. */
  seconds: number;
  /** Real seconds it took. */
  wallSeconds: number;
}

/** Options for {@link runScenario}. */
export interface RunScenarioOptions {
  virtual: boolean;
  onLine?: (line: Line) => void;
  /**
   * Whether line times and the duration are checked (default true). Tests on the real clock of a
   * shared machine check text and order only, and bound the duration themselves.
   */
  checkTimes?: boolean;
}

/** Runs `scenario` and compares its output with what it must print. */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  if (!scenario.main || scenario.waiting) {
    return {
      id: scenario.id,
      status: "waiting",
      problems: [`waiting: ${scenario.waiting?.reason ?? "no program"}`],
      lines: [],
      exitCode: 0,
      seconds: 0,
      wallSeconds: 0,
    };
  }
  if (tryGetRunningLoop() !== null)
    throw new Error("runScenario() cannot be called from a running event loop");
  resetRuntimeState();
  const virtual = options.virtual && scenario.clock !== "real";
  const io = createIO({ virtual, ...(options.onLine ? { onLine: options.onLine } : {}) });
  setEventLoopPolicy({ newEventLoop: () => new EventLoop({ clock: io.clock }) });
  // Warnings and the asyncio logger write to the scenario's stderr, synchronously as in Python:
  // through @aio/debug's warnings and logging for programs that use it, else as bare lines.
  const hooks = runtimeHooks();
  const saved = {
    warn: hooks.warn,
    log: hooks.log,
    warnSites: hooks.warnSites,
    stdout: sys.stdout,
    stderr: sys.stderr,
  };
  if (scenario.debug) {
    install();
    logging.resetLogging();
    warnings.resetWarningsState();
    // The scenario's program is Python's __main__, where DeprecationWarnings are shown by default.
    warnings.filterwarnings("default", {
      category: warnings.DeprecationWarning,
      module: scenario.id.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    });
    sys.stdout = { write: (text: string) => io.rawOut(text) };
    sys.stderr = { write: (text: string) => io.rawErr(text) };
  } else {
    hooks.warn = (category, message) => io.stderr(`${category}: ${message}`);
    hooks.log = (level, message, error) => {
      if (level === "DEBUG" || level === "INFO") return;
      io.stderr(error === undefined ? message : `${message}\n${formatError(error)}`);
    };
  }
  const onWarning = (w: Error) => io.stderr(`${w.name}: ${w.message}`);
  process.on("warning", onWarning);
  const start = io.clock.now();
  const wallStart = performance.now();
  let exitCode = 0;
  // Programs that make files run in a fresh directory of their own, as the recorded CPython runs did.
  const cwd = process.cwd();
  const workdir = scenario.workdir ? mkdtempSync(join(tmpdir(), `${scenario.id}-`)) : null;
  const fileProblems: string[] = [];
  if (workdir !== null) process.chdir(workdir);
  try {
    await scenario.main(io);
  } catch (err) {
    exitCode = 1;
    const e = err as Error;
    io.stderr(e instanceof Error ? `${e.name}: ${e.message}` : `Uncaught ${String(err)}`);
  } finally {
    if (workdir !== null) {
      process.chdir(cwd);
      fileProblems.push(...(scenario.workdir?.check?.(workdir) ?? []));
      rmSync(workdir, { recursive: true, force: true });
    }
  }
  // The program has ended: coroutines it made and never awaited are reported now, as Python
  // reports them when they are freed or the interpreter exits.
  reportNeverAwaited();
  // Warnings are emitted on the next tick: let them arrive before the run is judged.
  await new Promise((r) => setImmediate(r));
  process.off("warning", onWarning);
  if (scenario.debug) logging.resetLogging();
  hooks.warn = saved.warn;
  hooks.log = saved.log;
  hooks.warnSites = saved.warnSites;
  sys.stdout = saved.stdout;
  sys.stderr = saved.stderr;
  setEventLoopPolicy(null);
  io.finish();
  const seconds = io.clock.now() - start;
  resetRuntimeState();
  const comparison: Comparison = compare(
    scenario,
    io.lines(),
    exitCode,
    seconds,
    virtual,
    options.checkTimes ?? true,
  );
  const problems = [...comparison.problems, ...fileProblems];
  return {
    id: scenario.id,
    status: problems.length === 0 ? "passed" : "failed",
    problems,
    lines: io.lines(),
    exitCode,
    seconds,
    wallSeconds: (performance.now() - wallStart) / 1000,
  };
}
