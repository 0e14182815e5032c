/**
 * Async iteration inside coroutines, Python's `async for`: `aiter(x)` and `anext(it, default)`.
 *
 * `for (let line; (line = yield* anext(f, null)) !== null; ) { … }` is `async for line in f:`.
 * Anything with `[Symbol.asyncIterator]` works (Node streams, async generators, our files); the
 * library's own iterables (files, queues, HTTP bodies) also answer without a Promise round trip
 * when the next item is already at hand.
 */
import { repr, typeName } from "@aio/loop";
import type { Coro } from "./coroutine.js";
import { refuseAwait } from "./coroutine.js";
import { awaitPromise } from "./ensure-future.js";

/**
 * Raised by `anext(it)` (without a default) when `it` is exhausted. Python: `StopAsyncIteration`.
 */
export class StopAsyncIteration extends Error {
  override name = "StopAsyncIteration";
  /** What the iterator returned when it finished (JavaScript's `return` value), if anything. */
  readonly value: unknown;
  constructor(value?: unknown) {
    super(value === undefined ? "" : repr(value));
    this.value = value;
  }
}

/**
 * The library's fast path for `anext`: `[NEXT_NOW]()` returns the next item when it is already at
 * hand, {@link END} at the end, or {@link NOT_NOW}; then `[NEXT]()` is a coroutine for it. Shared
 * with the other packages through `@aio/task/internal`.
 */
export const NEXT_NOW: unique symbol = Symbol.for("aio.nextNow") as never;
/** The coroutine for the next item (see {@link NEXT_NOW}). */
export const NEXT: unique symbol = Symbol.for("aio.next") as never;
/** What the fast path returns at the end. */
export const END: unique symbol = Symbol.for("aio.end") as never;
/** What the fast path returns when the next item needs waiting for. */
export const NOT_NOW: unique symbol = Symbol.for("aio.notNow") as never;

/** An object the library iterates without Promises when it can. */
export interface FastAsyncIterator<T> {
  [NEXT_NOW](): T | typeof END | typeof NOT_NOW;
  [NEXT](): Coro<T | typeof END>;
}

const NO_DEFAULT: unique symbol = Symbol("no default");

const iteratorOf = new WeakMap<object, AsyncIterator<unknown>>();

function isObject(x: unknown): x is object {
  return (typeof x === "object" || typeof x === "function") && x !== null;
}

/**
 * The async iterator of `x`: `x[Symbol.asyncIterator]()`. Python: `aiter(x)`.
 * @example
 * const it = aiter(stream);
 * const first = yield* anext(it);
 */
export function aiter<T>(x: AsyncIterable<T>): AsyncIterator<T> {
  const method = isObject(x) ? (x as AsyncIterable<T>)[Symbol.asyncIterator] : undefined;
  if (typeof method !== "function") {
    throw new TypeError(`'${typeName(x)}' object is not an async iterable`);
  }
  const it = method.call(x);
  if (!isObject(it) || typeof (it as AsyncIterator<T>).next !== "function") {
    throw new TypeError(`aiter() returned not an async iterator of type '${typeName(it)}'`);
  }
  return it;
}

/**
 * Awaits the next item of `it`: an async iterator, or an async iterable (its iterator is made once
 * and kept, so repeated calls continue where the last stopped). At the end returns `dflt` when given,
 * else raises {@link StopAsyncIteration}. Python: `await anext(it[, default])`.
 * @example
 * // async for line in f:
 * for (let line; (line = yield* anext(f, null)) !== null; ) console.log(line);
 */
export function anext<T>(it: AsyncIterator<T> | AsyncIterable<T>): Coro<T>;
export function anext<T, D>(it: AsyncIterator<T> | AsyncIterable<T>, dflt: D): Coro<T | D>;
export function anext<T, D>(it: AsyncIterator<T> | AsyncIterable<T>, dflt?: D): Coro<T | D> {
  // As Python's anext() calls __anext__() at once, the next item is asked for now; what is
  // returned only delivers it. A plain function (not a generator using `arguments`), and a
  // generator without yields when the item is at hand: one call per line of a file stays cheap.
  // biome-ignore lint/complexity/noArguments: only arguments.length tells anext(it) from anext(it, undefined)
  const or = arguments.length > 1 ? (dflt as D) : (NO_DEFAULT as never);
  const fast = (it as Partial<FastAsyncIterator<T>> | null | undefined)?.[NEXT_NOW];
  if (typeof fast === "function") {
    const item = fast.call(it);
    return item === NOT_NOW ? awaitItem(it as unknown as FastAsyncIterator<T>, or) : deliver(item, or);
  }
  return awaitResult(asyncIterator(it).next(), or);
}

function* deliver<T, D>(item: T | typeof END, dflt: D | typeof NO_DEFAULT): Coro<T | D> {
  if (item !== END) return item;
  if (dflt !== NO_DEFAULT) return dflt;
  throw new StopAsyncIteration();
}

function* awaitItem<T, D>(it: FastAsyncIterator<T>, dflt: D | typeof NO_DEFAULT): Coro<T | D> {
  return yield* deliver(yield* it[NEXT](), dflt);
}

function* awaitResult<T, D>(next: Promise<IteratorResult<T>>, dflt: D | typeof NO_DEFAULT): Coro<T | D> {
  const result = yield* awaitPromise(next);
  if (!isObject(result)) {
    throw new TypeError(`iterator result ${repr(result)} is not an object`);
  }
  if (!(result as IteratorResult<T>).done) return (result as IteratorResult<T>).value;
  if (dflt !== NO_DEFAULT) return dflt;
  throw new StopAsyncIteration((result as IteratorResult<T>).value);
}

function asyncIterator<T>(it: AsyncIterator<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (isObject(it) && typeof (it as AsyncIterator<T>).next === "function") return it as AsyncIterator<T>;
  if (isObject(it) && typeof (it as AsyncIterable<T>)[Symbol.asyncIterator] === "function") {
    let iterator = iteratorOf.get(it) as AsyncIterator<T> | undefined;
    if (iterator === undefined) {
      iterator = aiter(it as AsyncIterable<T>);
      iteratorOf.set(it, iterator);
    }
    return iterator;
  }
  throw new TypeError(`'${typeName(it)}' object is not an async iterator`);
}

for (const coroutine of [deliver, awaitItem, awaitResult]) refuseAwait(coroutine, "anext");
