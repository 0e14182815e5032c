/**
 * The trace model: the events a recording holds and the tasks it saw, as a `Trace` gives them.
 */

/** What a step ended with. */
export type StepOutcome = "await" | "yield" | "return" | "raise" | "cancelled";

/** A future as a trace names it. */
export interface FutureRef {
  /** A Task (its id in the trace) or another future. */
  kind: "task" | "future";
  /** The task's id in the trace, for tasks. */
  task?: number;
  /** The task's name, or the future's repr. */
  label: string;
}

/** One recorded event. `t` is the loop's time in seconds. */
export type TraceEvent =
  | { type: "task"; t: number; task: number; name: string; coro: string; parent: number | null }
  | { type: "step"; t: number; task: number; thrown: boolean; error?: string }
  | {
      type: "step-end";
      t: number;
      task: number;
      outcome: StepOutcome;
      waiter?: FutureRef;
      /** The result (`return`) or the error (`raise`), as a repr. */
      value?: string;
      /** Debug mode: the coroutine chain the task is suspended in, outermost first. */
      chain?: string[];
    }
  | { type: "wakeup"; t: number; task: number; future: FutureRef }
  | { type: "cancel"; t: number; task: number; msg: string | null }
  | { type: "timer"; t: number; when: number; delay: number; callback: string }
  | { type: "callback"; t: number; end: number; callback: string }
  | { type: "idle"; t: number; timeout: number | null }
  | { type: "op-start"; t: number; op: number; kind: string; detail: string }
  | { type: "op-end"; t: number; op: number };

/** A task of a trace. */
export interface TraceTask {
  id: number;
  name: string;
  coro: string;
  /** When it was created, or first seen (a task made before the recording started). */
  start: number;
  /** When it finished, or null if still pending at the end. */
  end: number | null;
  outcome: StepOutcome | null;
}
