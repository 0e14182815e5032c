/**
 * The hooks between the aio packages, in one typed registry.
 *
 * A lower package never imports a higher one, so each higher package plugs into the loop at import
 * time: @aio/future makes the loop's futures, @aio/task its tasks, @aio/executor its default
 * executor, @aio/debug receives its log records and warnings, and future and task report what a
 * closing loop leaves behind. Every hook lives in the thread's runtime state, which every installed
 * copy of the packages shares (see `internal/state.ts`): this file is the one list of them.
 */

import type { EventLoop } from "./event-loop.js";
import { state } from "./internal/state.js";
import type { IoMethod, IoMethodName } from "./io-methods.js";
import type { ExecutorLike, FutureLike, TaskFactory } from "./protocols.js";

/** Hooks the higher packages install. */
export interface RuntimeHooks {
  /** `@aio/future`: makes a Future bound to `loop`. */
  createFuture?: (loop: EventLoop) => FutureLike;
  /** `@aio/task`: the default Task constructor. */
  createTask?: TaskFactory;
  /** `@aio/executor`: makes the loop's default executor on first use. */
  createDefaultExecutor?: () => ExecutorLike;
  /** `@aio/debug`: receives the loop's log records (the `asyncio` logger). */
  log?: (level: "DEBUG" | "INFO" | "WARNING" | "ERROR", message: string, error?: unknown) => void;
  /**
   * `@aio/debug`: receives warnings (Python's `warnings.warn`), e.g. `"RuntimeWarning"`. `where` is
   * the stack frame the warning is about, when it is not the caller's (a coroutine never awaited:
   * where it was created), as V8 prints a frame (`main (/app/main.ts:7:3)`).
   */
  warn?: (category: string, message: string, where?: string | null) => void;
  /**
   * `@aio/debug`: set while its `warnings` is installed, so that coroutine objects remember where
   * they were created (one captured stack per coroutine object; Python's warning names that line).
   */
  warnSites?: boolean;
  /** `@aio/task`'s `toPromise()`: the thread's shared loop, made on demand. */
  sharedLoop?: SharedLoopState;
  /** What a closing loop runs, by phase: see `onLoopClose`. */
  loopClose?: LoopCloseRegistry;
  /**
   * `@aio/streams`: the loop's network, pipe and subprocess methods (`loop.createConnection`, …),
   * each called with the loop and the method's arguments (see `io-methods.ts`).
   */
  ioMethods?: Partial<Record<IoMethodName, IoMethod>>;
  /** The keys of what was done once in this thread: see `onceInThread`. */
  once?: Set<string>;
}

/** The state of `toPromise()`'s shared loop (one per thread, whatever the copies of @aio/task). */
export interface SharedLoopState {
  /** The shared loop, while it exists. */
  loop: EventLoop | null;
  /** The tasks of `toPromise()` callers on the shared loop, with what rejects their Promise. */
  waiting: Map<FutureLike, (err: unknown) => void>;
}

/** Something that runs when a loop closes. */
export type LoopCloseListener = (loop: EventLoop) => void;

/**
 * When a close listener runs: every `"finalize"` listener, then every `"report"` one, each phase in
 * registration order. Finalising comes first because it can leave more to report: a pending task's
 * coroutine runs its `finally` blocks, which may create a coroutine never awaited or fail a future
 * nobody retrieves.
 */
export type LoopClosePhase = "finalize" | "report";

/** The close listeners of the thread, by phase. */
export interface LoopCloseRegistry {
  /** What runs first: finalising what the loop leaves pending. */
  finalize: LoopCloseListener[];
  /** What runs then: reporting what was left behind. */
  report: LoopCloseListener[];
}

/** Options for `onLoopClose`. */
export interface LoopCloseOptions {
  /** The phase it runs in (see `LoopClosePhase`). */
  phase: LoopClosePhase;
  /**
   * Registers the listener once per thread, under this key, however many installed copies of the
   * package register one (the first wins). Without a key, each call registers: a copy whose
   * listener reports its own module state (which no other copy sees) registers without one.
   */
  key?: string;
}

/** The hooks of this thread, shared by every installed copy. */
export function runtimeHooks(): RuntimeHooks {
  return state.hooks;
}

/** Registers `listener` to run with the loop whenever a loop of this thread closes. */
export function onLoopClose(listener: LoopCloseListener, options: LoopCloseOptions): void {
  if (options.key !== undefined && !onceInThread(`loopClose:${options.key}`)) return;
  const registry = (state.hooks.loopClose ??= { finalize: [], report: [] });
  registry[options.phase].push(listener);
}

/** Runs the close listeners for `loop`, phase by phase (what `loop.close()` does last). */
export function runLoopCloseListeners(loop: EventLoop): void {
  const registry = state.hooks.loopClose;
  if (registry === undefined) return;
  for (const listener of registry.finalize) listener(loop);
  for (const listener of registry.report) listener(loop);
}

/**
 * Whether this is the first call with `key` in this thread (then it records it): what every
 * installed copy of a package must do only once, such as installing a process exit hook.
 */
export function onceInThread(key: string): boolean {
  const done = (state.hooks.once ??= new Set());
  if (done.has(key)) return false;
  done.add(key);
  return true;
}
