/**
 * Per-thread runtime state shared by every copy of the aio packages loaded in this thread.
 *
 * It lives under a global symbol so that two installed versions of `@aio/loop` agree on the running
 * loop, the current context and the task counter (no dual-package hazard).
 */
import type { Context } from "../context.js";
import type { RuntimeHooks } from "../hooks.js";
import type { Tracer } from "./trace.js";

export interface RuntimeState {
  /** The loop whose `runForever()` is in progress in this thread, if any. */
  runningLoop: unknown;
  /** The context the running code sees (Python's `contextvars.copy_context()` source). */
  context: Context | null;
  /** Process-wide counter behind default task names `Task-1`, `Task-2`, … */
  taskCounter: number;
  /** Hooks installed by higher packages (future, task, executor, debug): see `hooks.ts`. */
  hooks: RuntimeHooks;
  /**
   * The event loop policy (null: a default one is made on first use); it keeps the loop set for
   * this thread and makes new loops when no options are given.
   */
  policy: { newEventLoop(): unknown } | null;
  /** The tracing hook (`@aio/debug`'s recorder), null when nobody traces. */
  tracer: Tracer | null;
}

const KEY = Symbol.for("aio.runtime.state.v1");

type GlobalWithState = typeof globalThis & { [KEY]?: RuntimeState };

/** The shared state object; created once per thread by whichever copy loads first. */
export const state: RuntimeState = ((globalThis as GlobalWithState)[KEY] ??= {
  runningLoop: null,
  context: null,
  taskCounter: 0,
  hooks: {},
  policy: null,
  tracer: null,
});
state.policy ??= null;
state.tracer ??= null;
