/**
 * Coroutines are generator functions: calling one makes a coroutine object that has not started,
 * exactly like calling an `async def`; `yield*` is `await`.
 */

import type { Future } from "@aio/future";
import {
  COROUTINE_BRAND,
  type CoroutineLike,
  type EventLoop,
  envDebug,
  type FutureLike,
  isCoroutine,
  objectAddress,
  reprSymbol,
  tryGetRunningLoop,
  warn,
} from "@aio/loop";
import {
  captureStack,
  generatorInfo,
  onceInThread,
  onLoopClose,
  platform,
  runtimeState as state,
  userFrame,
} from "@aio/loop/internal";

/**
 * A coroutine object returning `T`. What it yields to its Task: a Future to wait for, or
 * `undefined` (a bare `yield`) to give up the turn once.
 */
export type Coro<T = unknown> = Generator<FutureLike<unknown> | undefined, T, unknown>;

/**
 * Anything `gather`, `wait`, `waitFor`, `shield` and `ensureFuture` accept: a coroutine, a Future
 * or Task (also one typed by the loop's interface, as `loop.runInExecutor()` returns it), a Promise.
 */
export type Awaitable<T = unknown> =
  | Coro<T>
  | Future<T>
  | FutureLike<T>
  | PromiseLike<T>
  | AwaitableObject<T>;

/**
 * An object `yield*` can await: its `[Symbol.iterator]()` returns a coroutine. Python: an object
 * with `__await__`.
 * @example
 * class Ticket { *[Symbol.iterator]() { yield* sleep(1); return 42; } }
 * const n = yield* new Ticket(); // 42; gather(new Ticket()) works too
 */
export interface AwaitableObject<T = unknown> {
  [Symbol.iterator](): Generator<unknown, T, unknown>;
}

/** The value an awaitable produces: `AwaitedOf<Coro<number>>` is `number`. */
export type AwaitedOf<A> =
  A extends FutureLike<infer R>
    ? R
    : A extends Generator<unknown, infer R, unknown>
      ? R
      : A extends PromiseLike<infer R>
        ? R
        : A extends AwaitableObject<infer R>
          ? R
          : never;

/** What `coroutine()` records about a coroutine function. */
export interface CoroutineInfo {
  /** Python's `__qualname__`: the function's name. */
  name: string;
  /** Where the function was defined (`file:line`), when it could be told. */
  definedAt: string | null;
}

const INFO = Symbol.for("aio.coroutineInfo");

/** A coroutine object that was created but never started (never awaited, never given to a Task). */
interface Unstarted {
  name: string;
  /** Debug mode: where it was created. */
  createdAt: string | null;
  loop: EventLoop | null;
  /** Debug mode: the coroutine's info, for stack capture. */
  info: CoroutineInfo | null;
  /** With @aio/debug's warnings installed, or in debug mode: the stack where it was created. */
  site: { stack?: string } | null;
}

const unstarted = new Set<Unstarted>();

function warnNeverAwaited(rec: Unstarted): void {
  if (!unstarted.delete(rec)) return;
  let message = `coroutine '${rec.name}' was never awaited`;
  if (rec.createdAt) message += `\nCoroutine created at (most recent call last)\n${rec.createdAt}`;
  // (The captured stack starts with an "Error" line, then the frames.)
  const where = rec.site ? userFrame((rec.site.stack ?? "").split("\n").slice(1).join("\n")) : null;
  warn("RuntimeWarning", message, where);
}

const neverAwaited = new FinalizationRegistry<Unstarted>(warnNeverAwaited);

function markStarted(rec: Unstarted): void {
  if (unstarted.delete(rec)) neverAwaited.unregister(rec);
}

// Python warns when such a coroutine is collected; a short program exits before any collection,
// so the coroutines created while a loop ran are also reported when that loop closes.
function flushAtClose(loop: EventLoop): void {
  for (const rec of [...unstarted]) {
    if (rec.loop === loop) {
      neverAwaited.unregister(rec);
      warnNeverAwaited(rec);
    }
  }
}
// Every copy of this module (two installed versions of @aio/task) registers its own listener: each
// reports the coroutines of its own `unstarted` set, which no other copy sees (hence no key).
onLoopClose(flushAtClose, { phase: "report" });

/**
 * Reports now every coroutine object of a `coroutine()` function that was created and never
 * started (`RuntimeWarning: coroutine 'name' was never awaited`), as Python does when such objects
 * are collected or the interpreter exits. It runs by itself when the program ends (Node's
 * `beforeExit`); call it to end a program that does not exit, such as one of many run in one process.
 */
export function reportNeverAwaited(): void {
  for (const rec of [...unstarted]) {
    neverAwaited.unregister(rec);
    warnNeverAwaited(rec);
  }
}
// One exit hook per thread: the first copy's reports only its own set, as the others' would report
// only theirs (the pre-registry behaviour, kept).
if (onceInThread("task:neverAwaitedAtExit")) platform.onProcess("beforeExit", () => reportNeverAwaited());

const generatorPrototype = Object.getPrototypeOf(function* () {}).prototype as Generator;
const generatorNext = generatorPrototype.next;
const generatorThrow = generatorPrototype.throw;
const generatorReturn = generatorPrototype.return;

function debugEnabled(): boolean {
  const loop = tryGetRunningLoop();
  return loop ? loop.getDebug() : envDebug();
}

type Tracked = Generator<unknown, unknown, unknown>;

// Debug mode: the marked coroutines active in the current step, outermost first, and the chain
// captured when the innermost one suspended (what Task.getStack() shows).
const activeChain: CoroutineInfo[] = [];
let suspendedChain: CoroutineInfo[] | null = null;

/** the Task is about to step its coroutine */
export function beginChainCapture(): void {
  suspendedChain = null;
}

/** the chain the step suspended in, if any marked coroutine was in it */
export function endChainCapture(): CoroutineInfo[] | null {
  const chain = suspendedChain;
  suspendedChain = null;
  return chain;
}

function traced<A>(method: (this: Tracked, arg: A) => IteratorResult<unknown, unknown>, info: CoroutineInfo) {
  return function (this: Tracked, arg: A) {
    activeChain.push(info);
    try {
      const r = method.call(this, arg);
      if (!r.done && suspendedChain === null) suspendedChain = activeChain.slice();
      return r;
    } finally {
      activeChain.pop();
    }
  };
}

/** Coroutine objects of `coroutine()` functions that have begun to run (by a Task, `yield*` or by hand). */
const startedCoroutines = new WeakSet<object>();

/** whether a `coroutine()` function's coroutine object has begun to run (false for plain generators: unknowable) */
export function hasStarted(coro: object): boolean {
  return startedCoroutines.has(coro);
}

/** Python's RuntimeError for a coroutine resumed after it finished. */
function cannotReuse(): never {
  throw new Error("cannot reuse already awaited coroutine");
}

/** The coroutine finished (returned or raised): awaiting it again is Python's RuntimeError. */
function finished(gen: Tracked): void {
  const own = gen as unknown as Record<string, unknown>;
  own.next = cannotReuse;
  own.throw = cannotReuse;
  own.return = generatorReturn; // closing a finished coroutine does nothing, as in Python
}

/** `method`, noticing when the coroutine finishes. */
function watched<A>(method: (this: Tracked, arg: A) => IteratorResult<unknown, unknown>) {
  return function (this: Tracked, arg: A) {
    let r: IteratorResult<unknown, unknown>;
    try {
      r = method.call(this, arg);
    } catch (err) {
      finished(this);
      throw err;
    }
    if (r.done) finished(this);
    return r;
  };
}
const watchedNext = watched(generatorNext as never);
const watchedThrow = watched(generatorThrow as never);
const watchedReturn = watched(generatorReturn as never);

function started(gen: Tracked, rec: Unstarted): void {
  markStarted(rec);
  startedCoroutines.add(gen);
  const own = gen as unknown as Record<string, unknown>;
  if (rec.info !== null) {
    // Debug mode: keep stepping through the tracer so that task stacks show the chain.
    own.next = watched(traced(generatorNext as never, rec.info));
    own.throw = watched(traced(generatorThrow as never, rec.info));
    own.return = watched(traced(generatorReturn as never, rec.info));
    return;
  }
  // yield* looks `next` up once, when it starts delegating: these stay for the coroutine's life.
  own.next = watchedNext;
  own.throw = watchedThrow;
  own.return = watchedReturn;
}

/**
 * Marks a generator function as a coroutine function. Its coroutine objects get a name (shown in
 * Task reprs such as `coro=<main() running>`), and one that is never started (created, but never
 * awaited nor given to a Task) is reported as Python does: `RuntimeWarning: coroutine 'main' was
 * never awaited`, followed in debug mode by `Coroutine created at (most recent call last)` and the
 * stack. Plain `function*` works everywhere else, without these extras. Python: `async def`.
 * @example
 * const main = coroutine(function* main() { yield* sleep(1); });
 */
export function coroutine<F extends (...args: never[]) => Generator<unknown, unknown, unknown>>(
  fn: F,
  name?: string,
): F {
  if (typeof fn !== "function") {
    throw new TypeError(`coroutine() needs a generator function, got ${String(fn)}`);
  }
  if ((fn as { constructor?: { name?: string } }).constructor?.name !== "GeneratorFunction") {
    throw new TypeError(
      `coroutine() needs a generator function (function*), got ${fn.name || "an ordinary function"}`,
    );
  }
  const info: CoroutineInfo = { name: name ?? (fn.name || "<anonymous>"), definedAt: definitionSite() };
  Object.defineProperty(fn.prototype, INFO, { value: info, configurable: true });
  // Its coroutine objects print as Python's do: `<coroutine object main at 0x7f0000000040>`.
  Object.defineProperty(fn.prototype, reprSymbol, { value: coroutineRepr, configurable: true });
  Object.defineProperty(fn.prototype, "toString", { value: coroutineRepr, configurable: true });
  refuseAwait(fn);
  const wrapped = function (this: unknown, ...args: never[]) {
    const gen = fn.apply(this, args) as Tracked;
    const debug = debugEnabled();
    const rec: Unstarted = {
      name: info.name,
      // "most recent call last", as Python prints it: oldest frame first.
      createdAt: debug ? captureStack(2).split("\n").reverse().join("\n") : null,
      loop: tryGetRunningLoop(),
      info: debug ? info : null,
      site: null,
    };
    if (debug || state.hooks.warnSites === true) {
      // V8 formats the frames only if the warning is ever given.
      const site: { stack?: string } = {};
      Error.captureStackTrace(site, wrapped);
      rec.site = site;
    }
    unstarted.add(rec);
    neverAwaited.register(gen, rec, rec);
    gen.next = function (this: Tracked, value?: unknown) {
      started(this, rec);
      return this.next(value);
    };
    gen.throw = function (this: Tracked, err: unknown) {
      started(this, rec);
      return this.throw(err);
    };
    gen.return = function (this: Tracked, value: unknown) {
      started(this, rec);
      return this.return(value);
    };
    return gen;
  } as unknown as F;
  Object.defineProperty(wrapped, "name", { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, COROUTINE_BRAND, { value: true, configurable: true });
  return wrapped;
}

/**
 * What `await` on a coroutine object does instead of returning it at once (a generator is not a
 * Promise): it rejects, saying how to run the coroutine.
 */
function awaitIsAMistake(this: object, _resolve: unknown, reject?: (err: unknown) => void): void {
  const name = coroutineName(this);
  const err = new TypeError(
    `${name === "coroutine" ? "a coroutine" : `${name}()`} was awaited with await, which does not run it: ` +
      `inside a coroutine write yield* ${name === "coroutine" ? "coro" : `${name}(…)`}; from async code, ` +
      `await toPromise(${name === "coroutine" ? "coro" : `${name}(…)`})`,
  );
  if (typeof reject === "function") reject(err);
  else throw err;
}

/**
 * makes `await` fail loudly on the coroutine objects of a generator function (or method),
 * and marks it a coroutine function. For the library's own coroutines and `coroutine()` functions.
 */
export function refuseAwait(fn: (...args: never[]) => unknown, name?: string): void {
  const proto = (fn as { prototype?: object }).prototype;
  if (proto === undefined) return;
  Object.defineProperty(proto, "then", { value: awaitIsAMistake, configurable: true, writable: true });
  if (name !== undefined && coroutineInfo(proto) === null) {
    Object.defineProperty(proto, INFO, { value: { name, definedAt: null }, configurable: true });
  }
  if (!(fn as { [COROUTINE_BRAND]?: boolean })[COROUTINE_BRAND]) {
    Object.defineProperty(fn, COROUTINE_BRAND, { value: true, configurable: true });
  }
}

/** `%GeneratorPrototype%`: what a generator function's own `prototype` inherits from. */
const GENERATOR_PROTOTYPE: object = Object.getPrototypeOf(function* () {}.prototype);

/**
 * Marks the generator function of a coroutine object an entry point was given (`createTask`,
 * `run`, `gather`, `toPromise`…), so that `await` on its later coroutine objects fails loudly, as
 * it does for the library's own and `coroutine()` functions. What is changed is that function's
 * own `prototype` (each generator function has one), never a shared prototype; a generator
 * object of anything else (a class's iterator, a frozen prototype) is left alone.
 */
export function refuseAwaitOf(coro: object): void {
  const proto = Object.getPrototypeOf(coro) as object | null;
  if (proto === null || Object.getPrototypeOf(proto) !== GENERATOR_PROTOTYPE) return;
  if (!Object.isExtensible(proto) || Object.hasOwn(proto, "then")) return;
  Object.defineProperty(proto, "then", { value: awaitIsAMistake, configurable: true, writable: true });
}

function coroutineRepr(this: object): string {
  return `<coroutine object ${coroutineName(this)} at ${objectAddress(this)}>`;
}

function definitionSite(): string | null {
  const line = captureStack(3).split("\n")[0] ?? "";
  const m = /\(?((?:file:\/\/)?[^()\s]+:\d+):\d+\)?\s*$/.exec(line);
  return m ? (m[1] as string).replace(/^file:\/\//, "") : null;
}

/** What is known of a coroutine object: its name, and where its function was defined. */
export function coroutineInfo(coro: unknown): CoroutineInfo | null {
  if (typeof coro !== "object" || coro === null) return null;
  return ((coro as { [INFO]?: CoroutineInfo })[INFO] as CoroutineInfo | undefined) ?? null;
}

const generatorInfos = new WeakMap<object, CoroutineInfo | null>();

/**
 * What V8 knows of a plain generator object (its function's name, through the inspector; cached per
 * object), for a coroutine whose function was not marked with `coroutine()`. Null when unknown.
 * Used by debug mode's reprs and traces, and by `Task.getStack()`.
 */
export function generatorCoroutineInfo(coro: unknown): CoroutineInfo | null {
  if (typeof coro !== "object" || coro === null) return null;
  const known = generatorInfos.get(coro);
  if (known !== undefined) return known;
  const name = generatorInfo(coro)?.name;
  const info = name ? { name, definedAt: null } : null;
  generatorInfos.set(coro, info);
  return info;
}

/** The name of a coroutine object (`"coroutine"` when its function was not marked). */
export function coroutineName(coro: unknown): string {
  return coroutineInfo(coro)?.name ?? "coroutine";
}

export { type CoroutineLike, isCoroutine };
