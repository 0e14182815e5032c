/**
 * What a scenario is: one example of the five source documents, with its metadata, the output it
 * must print (transcribed from the document and from today's CPython), its timings, and the
 * TypeScript program that reproduces it.
 */
import type { Clock, EventLoop } from "@aio/loop";
import type { Coro, RunOptions } from "@aio/task";

/** A slot in an expected line whose text varies from run to run, and how to check it. */
export type Slot =
  | { kind: "clock" } // HH:MM:SS wall-clock time, compared as an offset from the first one printed
  | { kind: "ctime" } // time.ctime(): "Sun Nov 22 02:06:46 2026", compared likewise
  | { kind: "float"; value: number; tolerance?: number } // a printed elapsed time
  | { kind: "hex" } // a memory address such as 0x7fb68c378880
  | { kind: "set"; items: string[] } // a Python list printed from a set: same items, any order
  | { kind: "path" } // a file path, with `:line` (the record masks them: `<rundir>/main.py:5`)
  | { kind: "file" }; // a file path alone, as a traceback quotes it: `File "<rundir>/main.py", line 5`

/** A line pattern: literal text with slots. Build it with {@link t}. */
export interface Pattern {
  readonly parts: readonly string[];
  readonly slots: readonly Slot[];
}

/**
 * Builds a line pattern.
 * @example t`${clock()} start`, t`총 실행 시간: ${elapsed(6)}초`
 */
export function t(strings: TemplateStringsArray, ...slots: Slot[]): Pattern {
  return { parts: [...strings], slots };
}

/** `HH:MM:SS text`: a line stamped with the wall-clock time, as the seed-001 programs print. */
export function stamped(text: string): Pattern {
  return { parts: ["", ` ${text}`], slots: [{ kind: "clock" }] };
}

/** `HH:MM:SS` printed by `datetime.now().strftime('%H:%M:%S')`. */
export const clock = (): Slot => ({ kind: "clock" });
/** `time.ctime()`. */
export const ctime = (): Slot => ({ kind: "ctime" });
/** An elapsed time in seconds, printed as a float; `tolerance` on the real clock (default +0.5/−0.05). */
export const elapsed = (value: number, tolerance?: number): Slot =>
  tolerance === undefined ? { kind: "float", value } : { kind: "float", value, tolerance };
/** A memory address. */
export const hex = (): Slot => ({ kind: "hex" });
/** A Python list of strings printed from a set: compared as a set. */
export const setOf = (...items: string[]): Slot => ({ kind: "set", items });
/** A file path (with `:line`): where a coroutine was defined, or where a warning was raised. */
export const path = (): Slot => ({ kind: "path" });
/** A file path without a line, as in a traceback's `File "…", line N`. */
export const file = (): Slot => ({ kind: "file" });

/** One expected line. */
export interface ExpectedLine {
  stream: "out" | "err";
  /** Seconds after the scenario started. */
  at: number;
  text: string | Pattern;
  /** A line that may be absent (a version-dependent warning). */
  optional?: boolean;
  /**
   * Where the line cannot be Python's: the line as the recorded run shows it (checked against the
   * record), and why ours differs. Every difference is declared here, line by line.
   */
  python?: { text: string; why: string };
}

/** Options of an expected line. */
export interface LineOptions {
  /** The line may be absent (a version-dependent warning). */
  optional?: boolean;
  /** The line differs from Python's: the recorded text, and why. */
  python?: { text: string; why: string };
}

/** Why the source line under a warning is not Python's: it quotes the program's own line. */
export const SOURCE_LINE =
  "Python's warnings quote the source line of the call: here the TypeScript program's line";

/** An expected stdout line at `at` seconds. */
export function out(at: number, text: string | Pattern, options: LineOptions = {}): ExpectedLine {
  return { stream: "out", at, text, ...options };
}
/** An expected stderr line at `at` seconds. */
export function err(at: number, text: string | Pattern, options: LineOptions = {}): ExpectedLine {
  return { stream: "err", at, text, ...options };
}

/** What a scenario program gets instead of Python's globals: print, time, the loop's clock. */
export interface ScenarioIO {
  /** Python's `print(*args)`: the arguments' `str()`, separated by spaces, to stdout. */
  print(...args: unknown[]): void;
  /** Writes text to stderr (as Python's warnings and logging do). */
  stderr(text: string): void;
  /** `asyncio.run(main)` on the scenario's clock. */
  run<T>(main: Coro<T>, options?: Omit<RunOptions, "clock" | "loopFactory">): Promise<T>;
  /** `asyncio.new_event_loop()` on the scenario's clock. */
  newEventLoop(): EventLoop;
  /** The clock every loop of this scenario uses (real, or one shared virtual clock). */
  readonly clock: Clock;
  /** `time.time()`: seconds since the epoch, following the scenario's clock. */
  time(): number;
  /** `datetime.now()`, following the scenario's clock. */
  now(): Date;
  /** `time.sleep(seconds)`: blocks the thread (on the virtual clock: moves time on). */
  blockingSleep(seconds: number): void;
  /** `random.random()`, seeded per scenario. */
  random(): number;
  /** Whether this run is on the virtual clock. */
  readonly virtual: boolean;
}

/** The packages a scenario may be waiting for. */
export type Package = "@aio/executor" | "@aio/fs" | "@aio/http" | "@aio/debug" | "@aio/sync";

/** A scenario of the catalogue (recorded in `catalog.json`). */
export interface Scenario {
  /** Catalogue ID, e.g. `S001-02-create-task-concurrent`. */
  id: string;
  /** Seed document file. */
  seed: string;
  /** Section of the document it comes from. */
  section: string;
  title: string;
  /** original: the document's code; reconstructed: the smallest program printing the document's output; claim: a demo of prose. */
  kind: "original" | "reconstructed" | "claim";
  /** What it shows. */
  shows: string;
  /** The document's printed output, verbatim (for display; `expected` is what is checked). */
  document?: string;
  /** What the program prints, with times; today's CPython where it differs from the document. */
  expected: ExpectedLine[];
  /** Expected duration in seconds. */
  seconds: number;
  /** Expected exit status (1 when the program ends with an uncaught error). */
  exitCode?: number;
  /** Differences from the document or from Python, and why. */
  notes?: string;
  /**
   * Which recorded run of `catalog.json` this program reproduces (its index in the entry, from 0).
   * Default: the last run on CPython 3.12 (the reference), else the first run.
   */
  observed?: number;
  /**
   * stderr lines of the observed run that this program does not print, verbatim, and why. (The
   * frames of a traceback need no entry: the runner prints an uncaught error's last line only.)
   */
  omitted?: { text: string; why: string }[];
  /**
   * `"real"`: runs on the real clock even when the others run on the virtual one (worker threads,
   * files and sockets take real time, which a virtual clock cannot stand in for).
   */
  clock?: "real";
  /**
   * The program reads and writes files: it runs with a fresh temporary directory as its working
   * directory (removed afterwards), and `check` looks at what it left there (each problem a line).
   */
  workdir?: { check?: (dir: string) => string[] };
  /**
   * Why the scenario does not run yet: the packages it needs, or what else stands in the way. A
   * waiting scenario has no program.
   */
  waiting?: { for: Package[]; reason: string };
  /**
   * The program uses `@aio/debug`: warnings and the `asyncio` logger go through its `warnings` and
   * `logging` (Python's formats, on the scenario's stderr), freshly reset for the run.
   */
  debug?: boolean;
  /** The program; absent while waiting. */
  main?: (io: ScenarioIO) => Promise<void> | void;
}

/** Identity helper that type-checks a scenario definition. */
export function defineScenario(s: Scenario): Scenario {
  return s;
}
