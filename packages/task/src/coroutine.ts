/**
 * Coroutines are generator functions: calling one makes a coroutine object that has not started,
 * exactly like calling an `async def`; `yield*` is `await` (DESIGN §3).
 */
import { COROUTINE_BRAND, captureStack, isCoroutine, type CoroutineLike } from "@aio/loop";
import type { Future } from "@aio/future";

/**
 * A coroutine object returning `T`. What it yields to its Task: a Future to wait for, or
 * `undefined` (a bare `yield`) to give up the turn once.
 */
export type Coro<T = unknown> = Generator<Future<unknown> | undefined, T, unknown>;

/** Anything `gather`, `wait`, `waitFor`, `shield` and `ensureFuture` accept. */
export type Awaitable<T = unknown> = Coro<T> | Future<T> | PromiseLike<T>;

/** The value an awaitable produces: `AwaitedOf<Coro<number>>` is `number`. */
export type AwaitedOf<A> = A extends Future<infer R>
  ? R
  : A extends Generator<unknown, infer R, unknown>
    ? R
    : A extends PromiseLike<infer R>
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

/**
 * Marks a generator function as a coroutine function: its coroutine objects get a name (used in
 * Task reprs such as `coro=<main() running>`) and are recognised by `isCoroutineFunction`.
 * Plain `function*` works everywhere else; this only adds names. Returns `fn` itself.
 * Python: `async def`.
 * @example
 * const main = coroutine(function* main() { yield* sleep(1); });
 */
export function coroutine<F extends (...args: never[]) => Generator<unknown, unknown, unknown>>(fn: F, name?: string): F {
  if (typeof fn !== "function") throw new TypeError(`coroutine() needs a generator function, got ${String(fn)}`);
  if ((fn as { constructor?: { name?: string } }).constructor?.name !== "GeneratorFunction") {
    throw new TypeError(`coroutine() needs a generator function (function*), got ${fn.name || "an ordinary function"}`);
  }
  const info: CoroutineInfo = { name: name ?? (fn.name || "<anonymous>"), definedAt: definitionSite() };
  Object.defineProperty(fn.prototype, INFO, { value: info, configurable: true });
  Object.defineProperty(fn, COROUTINE_BRAND, { value: true, configurable: true });
  return fn;
}

function definitionSite(): string | null {
  const line = captureStack(2).split("\n")[0] ?? "";
  const m = /\(?((?:file:\/\/)?[^()\s]+:\d+):\d+\)?\s*$/.exec(line);
  return m ? (m[1] as string).replace(/^file:\/\//, "") : null;
}

/** What is known of a coroutine object: its name, and where its function was defined. */
export function coroutineInfo(coro: unknown): CoroutineInfo | null {
  if (typeof coro !== "object" || coro === null) return null;
  return ((coro as { [INFO]?: CoroutineInfo })[INFO] as CoroutineInfo | undefined) ?? null;
}

/** The name of a coroutine object (`"coroutine"` when its function was not marked). */
export function coroutineName(coro: unknown): string {
  return coroutineInfo(coro)?.name ?? "coroutine";
}

export { isCoroutine, type CoroutineLike };
