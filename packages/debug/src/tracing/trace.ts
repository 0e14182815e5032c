/** A finished recording, and its three exports. */
import { type ChromeTrace, toChromeTrace } from "./chrome.js";
import type { TraceEvent, TraceTask } from "./events.js";
import { toHtml } from "./html.js";
import { type TimelineOptions, toTimeline } from "./timeline.js";

/** A finished recording and its exports. */
export class Trace {
  private eventList: readonly TraceEvent[] | null = null;
  private taskList: readonly TraceTask[] | null = null;
  private readonly readEvents: () => readonly TraceEvent[];
  private readonly readTasks: () => readonly TraceTask[];

  constructor(
    /** The events, in order (or a function that makes them when first read). */
    events: readonly TraceEvent[] | (() => readonly TraceEvent[]),
    /** The tasks, by id order (or a function that makes them when first read). */
    tasks: readonly TraceTask[] | (() => readonly TraceTask[]),
    /** The loop time the recording started at. */
    readonly origin: number,
  ) {
    this.readEvents = typeof events === "function" ? events : () => events;
    this.readTasks = typeof tasks === "function" ? tasks : () => tasks;
  }

  /** The tasks, by id order. */
  get tasks(): readonly TraceTask[] {
    this.taskList ??= this.readTasks();
    return this.taskList;
  }

  /** The events, in order. */
  get events(): readonly TraceEvent[] {
    this.eventList ??= this.readEvents();
    return this.eventList;
  }

  /** The time of the last event. */
  get end(): number {
    let end = this.origin;
    for (const e of this.events) end = Math.max(end, e.type === "callback" ? e.end : e.t);
    return end;
  }

  /** Trace Event JSON (`{ traceEvents }`): opens in Perfetto and chrome://tracing. */
  toChromeTrace(): ChromeTrace {
    return toChromeTrace(this);
  }

  /** A terminal picture: one row per task, time across. */
  toTimeline(options: TimelineOptions = {}): string {
    return toTimeline(this, options);
  }

  /** A self-contained HTML page with a zoomable timeline (no network needed). */
  toHtml(options: { title?: string } = {}): string {
    return toHtml(this, options);
  }
}
