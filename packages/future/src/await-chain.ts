/**
 * The user's frames in the errors the runtime raises. A coroutine is a chain of generators, each
 * `yield*`-ing the next: while a task steps, V8's stack holds that whole chain (`main` → `getPage` →
 * the library's coroutines → the awaited future). But an error made elsewhere — by a socket's
 * callback, a timer, another task — has none of it, and one made inside the chain is cut at Node's
 * ten frames, half of them the generators' `next`/`throw` steps. So where such an error reaches a
 * coroutine, its stack gets the chain of awaiting coroutines (up to the task's step, without the
 * `(<anonymous>)` generator steps), as Python's traceback shows every coroutine an exception went
 * through and Node's async stack traces show the awaiting `async` functions.
 *
 * Nothing is spent unless an error goes this way: the chain is captured (V8 records the frames, a
 * few microseconds) and formatted only when somebody reads `err.stack`.
 */

import { CancelledError } from "./errors.js";

/** How many frames a capture keeps (Node keeps 10 by default, fewer than one request's chain). */
const DEPTH = 200;
/** At most this many chains appended to one error (an error re-awaited in a loop stays small). */
const MOST = 4;

/** How many chains an error got: a field of its own (no WeakMap entry per cancelled task), or, for an error that takes no new field, a WeakMap's. */
const APPENDED = Symbol("aio.appendedChains");
const appendedElsewhere = new WeakMap<object, number>();
function appendedCount(err: Error): number {
  const own = (err as { [APPENDED]?: number })[APPENDED];
  return own ?? appendedElsewhere.get(err) ?? 0;
}
function setAppended(err: Error, n: number): void {
  // not enumerable: an error's own enumerable keys are what deep equality (vitest's toEqual) compares
  if (Object.isExtensible(err)) Object.defineProperty(err, APPENDED, hidden(n));
  else appendedElsewhere.set(err, n);
}

function hidden(value: unknown): PropertyDescriptor {
  return { value, writable: true, configurable: true, enumerable: false };
}

/** Where a task's step starts: the frames from there on are the runtime's, not the chain's. */
const STEP = /^\s*at (?:\S+\.)?_step(?:Run)?\b/;
/** A generator's `next`/`throw`/`return` as V8 lists it between two coroutines. */
const GENERATOR_STEP = /\(<anonymous>\)$/;

/** The frame lines of a captured `stack`, up to the task's step, generator steps left out. */
function chainFrames(stack: string | undefined): string[] {
  if (typeof stack !== "string") return [];
  const frames: string[] = [];
  const lines = stack.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (STEP.test(line)) break;
    if (!GENERATOR_STEP.test(line)) frames.push(line);
  }
  return frames;
}

/**
 * How many frames the default capture of a task's cancellation keeps: four, the two coroutines
 * nearest the interrupted await (each is two frames: its own and the generator step that entered
 * it) — the suspended line and what called it (a library's coroutine and the user's line that
 * awaited it). A capture costs V8 about 2.5 µs plus 0.5 µs a frame here; debug mode keeps
 * {@link DEPTH}.
 */
const CANCEL_DEPTH = 4;

/** Raises the frame limit for one capture into `holder`, leaving out `above` and what it called. */
function capture(holder: { stack?: string }, above: (...args: never[]) => unknown, depth = DEPTH): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = depth;
  Error.captureStackTrace(holder, above);
  Error.stackTraceLimit = limit;
}

function replaceStack(err: Error, make: () => string): void {
  let text: string | undefined;
  Object.defineProperty(err, "stack", {
    configurable: true,
    enumerable: false,
    get: () => {
      text ??= make();
      return text;
    },
    set: (value: string) => {
      text = value;
    },
  });
}

/**
 * `err` reaches the coroutines now on the stack (it was made elsewhere: a callback, a timer,
 * another task): its stack gets their chain after its own frames. `above` is the awaiter's
 * function, left out with what it called.
 */
export function awaitedHere(err: unknown, above: (...args: never[]) => unknown): void {
  if (!(err instanceof Error)) return;
  const count = appendedCount(err);
  if (count >= MOST) return;
  const own = Object.getOwnPropertyDescriptor(err, "stack");
  if (own !== undefined && !own.configurable) return;
  const holder: { stack?: string } = {};
  capture(holder, above);
  setAppended(err, count + 1);
  // The error's own stack, as it reads now (a CancelledError's, without frames, costs nothing).
  const original = String(own?.get !== undefined ? own.get.call(err) : own?.value);
  replaceStack(err, () => {
    const have = new Set(original.split("\n"));
    const more = chainFrames(holder.stack).filter((line) => !have.has(line));
    return more.length === 0 ? original : `${original}\n${more.join("\n")}`;
  });
}

/**
 * `err` was just made by the runtime inside a coroutine, on behalf of the user's call: its stack is
 * the whole chain of coroutines from here, not Node's first ten frames. `above` (by default this
 * function) is left out with what it called.
 */
export function raisedHere(
  err: unknown,
  above: (...args: never[]) => unknown = raisedHere,
  depth = DEPTH,
): void {
  if (!(err instanceof Error) || Object.isFrozen(err)) return;
  const holder: { stack?: string } = {};
  capture(holder, above, depth);
  setAppended(err, appendedCount(err) + 1);
  // Kept on the error and formatted only when read, through one accessor shared by every such error
  // (no closure each: a cancelled task's error comes this way, once per task).
  if (Object.isExtensible(err)) {
    Object.defineProperty(err, CHAIN, hidden(holder));
    Object.defineProperty(err, "stack", CHAIN_STACK);
  } else replaceStack(err, () => chainText(err, holder));
}

/** An error's header, then the chain captured in `holder`. */
function chainText(err: Error, holder: { stack?: string }): string {
  const frames = chainFrames(holder.stack);
  const head = String(err);
  return frames.length === 0 ? head : `${head}\n${frames.join("\n")}`;
}

/** Where an error keeps the chain captured where it was raised, then the text made of it. */
const CHAIN = Symbol("aio.raisedChain");

/** The `stack` of an error raised inside the chain: its header, then that chain. */
const CHAIN_STACK: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get(this: Error & { [CHAIN]?: { stack?: string } | string }): string {
    const chain = this[CHAIN];
    if (typeof chain === "string") return chain;
    const text = chainText(this, chain ?? {});
    this[CHAIN] = text;
    return text;
  },
  set(this: Error & { [CHAIN]?: { stack?: string } | string }, value: string): void {
    this[CHAIN] = value;
  },
};

/**
 * `err` is thrown into the coroutines now on the stack at the future they await (the awaited task
 * failed or was cancelled, or `coro.throw`): it gets their chain, as {@link awaitedHere} — unless
 * the task running them is being cancelled itself: that CancelledError gets the chain it interrupts
 * once ({@link cancelledHere}).
 */
export function thrownHere(
  loop: { _currentTask: unknown },
  err: unknown,
  above: (...args: never[]) => unknown,
): void {
  const task = loop._currentTask as { cancelling?: () => number } | null;
  if (task !== null && typeof task.cancelling === "function" && task.cancelling() > 0) {
    cancelledHere(err, above);
    return;
  }
  awaitedHere(err, above);
}

/**
 * The task's own cancellation reaches the await its coroutine is suspended at: the CancelledError,
 * made by the loop's step with no frames of its own, gets the chain of coroutines suspended here —
 * the line where the task was interrupted, as Python's traceback shows the `await
 * asyncio.sleep(10)` that raised it — once per error; the awaiters it reaches later add theirs
 * (`awaitedHere`). By default the capture keeps the two nearest coroutines ({@link CANCEL_DEPTH}
 * frames, a few microseconds per cancelled task); debug mode (`CancelledError.captureStacks`) the
 * whole chain.
 */
export function cancelledHere(err: unknown, above: (...args: never[]) => unknown): void {
  if (!(err instanceof Error) || appendedCount(err) > 0) return;
  raisedHere(err, above, CancelledError.captureStacks ? DEPTH : CANCEL_DEPTH);
}
