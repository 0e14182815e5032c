/**
 * Python: `asyncio.gather(*aws, return_exceptions=False)` with CPython 3.12's behaviour.
 */

import { CancelledError, Future, isFuture } from "@aio/future";
import { failed } from "@aio/future/internal";
import { type EventLoop, getEventLoop, repr, tryGetRunningLoop } from "@aio/loop";
import { markAwaitedBy } from "@aio/loop/internal";
import type { Awaitable, AwaitedOf } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";

/** Options for {@link gather}. */
export interface GatherOptions {
  /** Put exceptions in the result list instead of failing with the first one. */
  returnExceptions?: boolean | undefined;
}

type AnyAwaitable = Awaitable<unknown>;

/**
 * The Future `gather()` returns. Cancelling it cancels every child. Python: `_GatheringFuture`.
 */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */ _children: Future<unknown>[];
  /** @internal */ _cancelRequested = false;

  constructor(children: Future<unknown>[], loop: EventLoop) {
    super(undefined, loop);
    this._children = children;
  }

  override cancel(msg?: unknown): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this._children) {
      if (child.cancel(msg)) ret = true;
    }
    if (ret) this._cancelRequested = true;
    return ret;
  }
}

const loopOptions = new WeakMap<EventLoop, { loop: EventLoop }>();

/** The `{ loop }` option object of a loop, made once per loop rather than once per argument. */
function loopOption(loop: EventLoop): { loop: EventLoop } {
  let o = loopOptions.get(loop);
  if (o === undefined) {
    o = { loop };
    loopOptions.set(loop, o);
  }
  return o;
}

function isGatherOptions(x: unknown): x is GatherOptions {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return (
    (proto === Object.prototype || proto === null) && typeof (x as { then?: unknown }).then !== "function"
  );
}

/** ensureFuture's TypeError for gather's argument `i`, naming the argument and its value. */
function notAwaitable(err: unknown, i: number, arg: unknown): unknown {
  if (
    !(err instanceof TypeError) ||
    err.message !== "An asyncio.Future, a coroutine or an awaitable is required"
  ) {
    return err;
  }
  const hint = Array.isArray(arg) ? ": pass the awaitables as separate arguments, gather(...list)" : "";
  return new TypeError(
    `An asyncio.Future, a coroutine or an awaitable is required: gather() argument ${i + 1} is ${repr(arg)}${hint}`,
  );
}

/**
 * Runs the awaitables concurrently and returns their results in argument order.
 * Coroutines are wrapped in Tasks (created in argument order). With `returnExceptions`, failures
 * appear in the list; otherwise the first failure is raised and the other children keep running.
 * Python: `asyncio.gather(*aws, return_exceptions=False)`.
 * @example
 * const [a, b] = yield* gather(fetch("A", 1), fetch("B", 2));
 */
export function gather<const A extends readonly AnyAwaitable[]>(
  ...args: [...A, GatherOptions & { returnExceptions: true }]
): GatheringFuture<{ -readonly [K in keyof A]: AwaitedOf<A[K]> | Error }>;
export function gather<const A extends readonly AnyAwaitable[]>(
  ...args: [...A, GatherOptions]
): GatheringFuture<{ -readonly [K in keyof A]: AwaitedOf<A[K]> }>;
export function gather<const A extends readonly AnyAwaitable[]>(
  ...aws: A
): GatheringFuture<{ -readonly [K in keyof A]: AwaitedOf<A[K]> }>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  let returnExceptions = false;
  if (args.length > 0 && isGatherOptions(args[args.length - 1])) {
    returnExceptions = Boolean((args.pop() as GatherOptions).returnExceptions);
  }
  const aws = args as AnyAwaitable[];
  if (aws.length === 0) {
    const loop = tryGetRunningLoop() ?? getEventLoop();
    const outer = new GatheringFuture<unknown[]>([], loop);
    outer.setResult([]);
    return outer;
  }

  const children: Future<unknown>[] = new Array(aws.length);
  const doneFuts: Future<unknown>[] = [];
  let nfuts = 0;
  let nfinished = 0;
  let loop: EventLoop | undefined;
  let outer: GatheringFuture<unknown[]> | null = null;

  const onChildDone = (fut: Future<unknown>): void => {
    nfinished++;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception();
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.setException(fut._makeCancelledError());
        return;
      }
      if (failed(fut)) {
        outer.setException(fut.exception());
        return;
      }
    }
    if (nfinished === nfuts) {
      const results: unknown[] = [];
      for (const child of children) {
        if (child.cancelled()) {
          results.push(new CancelledError(child._cancelMessage === undefined ? "" : child._cancelMessage));
        } else {
          results.push(failed(child) ? child.exception() : child.result());
        }
      }
      if (outer._cancelRequested) outer.setException(fut._makeCancelledError());
      else outer.setResult(results);
    }
  };

  // Python keeps a dict from argument to future, so that an argument given twice is awaited once,
  // and takes each distinct future as it comes: a done one is put aside (its callback runs once the
  // outer future exists), a pending one gets the done-callback at once. Converting an argument can
  // run code (an eager task, a factory, an awaitable's [Symbol.iterator]), which may settle a future
  // given earlier or add callbacks to it: what counts is its state when gather() reaches it.
  // A dict of 100,000 tasks costs more than the rest of gather(): futures are told apart without
  // one while no code has run. A coroutine given twice must become one Task: arguments that are not
  // futures, and only those, go through a Map. A pending future is seen again when its last
  // done-callback is already ours, a done one through a Set made only when there are done futures.
  // Once converting an argument has run code, both may be wrong (the future was settled since, or
  // another callback was added after ours): from then on futures are told apart by a Set.
  let coroToFut: Map<unknown, Future<unknown>> | null = null;
  let doneSeen: Set<Future<unknown>> | null = null;
  let foreignSeen: Set<Future<unknown>> | null = null;
  let futSeen: Set<Future<unknown>> | null = null;
  for (let i = 0; i < aws.length; i++) {
    const arg = aws[i];
    let fut: Future<unknown>;
    if (isFuture(arg)) {
      try {
        fut = loop === undefined ? ensureFuture(arg) : ensureFuture(arg, loopOption(loop));
      } catch (err) {
        throw notAwaitable(err, i, arg);
      }
      if (loop === undefined) loop = fut.getLoop();
      children[i] = fut;
      if (futSeen !== null) {
        if (futSeen.has(fut)) continue;
        futSeen.add(fut);
      } else if (fut.done()) {
        if (doneSeen?.has(fut)) continue;
        (doneSeen ??= new Set()).add(fut);
      } else if (typeof fut._lastCallbackIs === "function") {
        if (fut._lastCallbackIs(onChildDone)) continue;
      } else {
        // A future of another copy of @aio/future, without _lastCallbackIs.
        if (foreignSeen?.has(fut)) continue;
        (foreignSeen ??= new Set()).add(fut);
      }
    } else {
      const seen = coroToFut?.get(arg);
      if (seen !== undefined) {
        children[i] = seen;
        continue;
      }
      if (futSeen === null) {
        // Converting this argument may run code: the futures given so far go into the Set.
        futSeen = new Set();
        for (let j = 0; j < i; j++) if (isFuture(aws[j])) futSeen.add(children[j] as Future<unknown>);
      }
      try {
        fut = loop === undefined ? ensureFuture(arg) : ensureFuture(arg, loopOption(loop));
      } catch (err) {
        throw notAwaitable(err, i, arg);
      }
      if (loop === undefined) loop = fut.getLoop();
      (fut as { _logDestroyPending?: boolean })._logDestroyPending = false;
      (coroToFut ??= new Map()).set(arg, fut);
      children[i] = fut;
    }
    nfuts++;
    if (fut.done()) doneFuts.push(fut);
    else fut.addDoneCallback(onChildDone);
  }
  outer = new GatheringFuture<unknown[]>(children, loop as EventLoop);
  markAwaitedBy(onChildDone, outer);
  for (const fut of doneFuts) onChildDone(fut);
  return outer;
}
