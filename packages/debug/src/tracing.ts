/**
 * Tracing: `tracing.start()` records every task creation, step, await (on which future), wake-up,
 * cancellation, timer, callback, idle wait and outside operation (executor jobs, files, HTTP) with
 * loop timestamps; `stop()` gives a {@link Trace} to export as Chrome Trace Event JSON (Perfetto,
 * chrome://tracing), a terminal timeline, or a self-contained HTML page. With tracing off the core
 * pays one load and one comparison per event point.
 */
import { writeFileSync } from "node:fs";
import { type EventLoop, runtimeState, type Tracer } from "./core.js";
import { addAgeSource } from "./graph.js";
import { nextOperationId, Recorder, type TraceOptions } from "./tracing/recorder.js";

export type { ChromeTrace } from "./tracing/chrome.js";
export type { FutureRef, StepOutcome, TraceEvent, TraceTask } from "./tracing/events.js";
export { Recorder, type TraceOptions } from "./tracing/recorder.js";
export { type Span, spans } from "./tracing/spans.js";
export type { TimelineOptions } from "./tracing/timeline.js";
export { Trace } from "./tracing/trace.js";

// ---------------------------------------------------------------- the hook: recordings in progress

const recorders: Recorder[] = [];

/** With several recordings at once, the one tracer the core sees hands every event to each. */
const fanOut = Object.fromEntries(
  (
    [
      "taskCreated",
      "stepStart",
      "stepEnd",
      "wakeup",
      "cancel",
      "timer",
      "callbackStart",
      "callbackEnd",
      "idle",
      "operationStart",
      "operationEnd",
    ] as const
  ).map((method) => [
    method,
    method === "operationStart"
      ? (loop: EventLoop, kind: string, detail: string) => {
          // One id for every recording, so that operationEnd reaches each.
          const id = nextOperationId();
          for (const r of recorders) r.operationStart(loop, kind, detail, id);
          return id;
        }
      : (...args: unknown[]) => {
          for (const r of recorders) (r[method] as (...a: unknown[]) => void)(...args);
        },
  ]),
) as unknown as Tracer;

/** The tracer for the recordings in progress: the recorder itself when there is one (no hop). */
function installTracer(): void {
  const current = runtimeState.tracer;
  if (current !== null && current !== fanOut && !(current instanceof Recorder)) {
    throw new Error("another tracer is installed in this thread (a second copy of @aio/debug?)");
  }
  runtimeState.tracer =
    recorders.length === 0 ? null : recorders.length === 1 ? (recorders[0] as Recorder) : fanOut;
}

function removeRecorder(r: Recorder): void {
  const i = recorders.indexOf(r);
  if (i >= 0) recorders.splice(i, 1);
  installTracer();
}

/**
 * Starts recording. Several recordings may run at once (each sees every event).
 * @example
 * const rec = tracing.start();
 * await run(main());
 * writeFileSync("trace.json", JSON.stringify(rec.stop().toChromeTrace()));
 */
export function start(options: TraceOptions = {}): Recorder {
  const r = new Recorder(options);
  recorders.push(r);
  try {
    installTracer();
  } catch (err) {
    recorders.pop();
    throw err;
  }
  const untrackAge = addAgeSource((task) => r.startOf(task));
  r._detach = () => {
    removeRecorder(r);
    untrackAge();
  };
  return r;
}

/** Whether any recording is in progress. */
export function isTracing(): boolean {
  return recorders.length > 0;
}

// ---------------------------------------------------------------- AIO_TRACE

/**
 * `AIO_TRACE=trace.json node app.js`: records the whole program and writes the file at exit
 * (Chrome JSON; `.html` writes the page, `.txt` the terminal timeline).
 */
export function traceFromEnvironment(): void {
  const target = process.env.AIO_TRACE;
  if (!target || target === "0") return;
  const rec = start();
  process.once("exit", () => {
    const trace = rec.stop();
    const text = target.endsWith(".html")
      ? trace.toHtml({ title: `aio trace of ${process.argv.slice(1).join(" ")}` })
      : target.endsWith(".txt")
        ? `${trace.toTimeline()}\n`
        : JSON.stringify(trace.toChromeTrace());
    try {
      writeFileSync(target, text);
    } catch (err) {
      process.stderr.write(`AIO_TRACE: cannot write ${target}: ${String(err)}\n`);
    }
  });
}
