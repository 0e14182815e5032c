/**
 * The scenario IO: records every printed line with the stream and the time it was printed, and
 * gives the program a clock that is real or virtual.
 */
import { type Clock, newEventLoop, RealClock, str, VirtualClock } from "@aio/loop";
import { run as aioRun, type Coro, type RunOptions } from "@aio/task";
import type { ScenarioIO } from "./scenario.js";

/** A printed line. */
export interface Line {
  stream: "out" | "err";
  at: number;
  text: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Options for {@link createIO}. */
export interface IOOptions {
  virtual: boolean;
  /** Called for each complete line as it is printed (the CLI echoes them). */
  onLine?: (line: Line) => void;
  seed?: number;
}

/** Makes the IO for one scenario run; `lines()` returns what was printed. */
export function createIO(options: IOOptions): ScenarioIO & {
  lines(): Line[];
  finish(): void;
  /** Writes text as it is (no newline added): where `sys.stdout`/`sys.stderr` point during a run. */
  rawOut(text: string): void;
  rawErr(text: string): void;
} {
  const clockObj: Clock = options.virtual ? new VirtualClock() : new RealClock();
  const start = clockObj.now();
  const startEpochMs = Date.now();
  const lines: Line[] = [];
  const buffers = { out: "", err: "" };
  const elapsed = () => clockObj.now() - start;

  function write(stream: "out" | "err", text: string): void {
    buffers[stream] += text;
    let nl = buffers[stream].indexOf("\n");
    while (nl >= 0) {
      const line: Line = { stream, at: elapsed(), text: buffers[stream].slice(0, nl) };
      lines.push(line);
      options.onLine?.(line);
      buffers[stream] = buffers[stream].slice(nl + 1);
      nl = buffers[stream].indexOf("\n");
    }
  }

  return {
    virtual: options.virtual,
    clock: clockObj,
    print: (...args: unknown[]) => write("out", `${args.map((a) => str(a)).join(" ")}\n`),
    stderr: (text: string) => write("err", text.endsWith("\n") ? text : `${text}\n`),
    rawOut: (text: string) => write("out", text),
    rawErr: (text: string) => write("err", text),
    run<T>(main: Coro<T>, runOptions: Omit<RunOptions, "clock" | "loopFactory"> = {}): Promise<T> {
      return aioRun(main, { ...runOptions, clock: clockObj });
    },
    newEventLoop: () => newEventLoop({ clock: clockObj }),
    time: () => startEpochMs / 1000 + elapsed(),
    now: () => new Date(startEpochMs + elapsed() * 1000),
    blockingSleep(seconds: number): void {
      if (clockObj instanceof VirtualClock) clockObj.advance(seconds);
      else Atomics.wait(sleeper, 0, 0, seconds * 1000);
    },
    random: mulberry32(options.seed ?? 7),
    lines: () => lines,
    finish(): void {
      for (const stream of ["out", "err"] as const) if (buffers[stream]) write(stream, "\n");
    },
  };
}
