/**
 * Python's `mixins._LoopBoundMixin`: a primitive binds to the loop it is first used on, and refuses
 * another one.
 */
import { type EventLoop, getRunningLoop, objectAddress, repr, reprSymbol } from "@aio/loop";

export abstract class LoopBound {
  private boundLoop: EventLoop | null = null;

  /** @internal */
  protected getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this.boundLoop === null) this.boundLoop = loop;
    if (loop !== this.boundLoop) throw new Error(`${repr(this)} is bound to a different event loop`);
    return loop;
  }

  /** Python's repr (`repr(lock)`); `toString()` is its `str()`, the same for all but queues. */
  [reprSymbol](): string {
    return this.toString();
  }
}

/** Python's `object.__repr__` with asyncio's extra: `<asyncio.locks.Lock object at 0x… [unlocked]>`. */
export function locksRepr(obj: object, extra: string): string {
  return `<asyncio.locks.${obj.constructor.name} object at ${objectAddress(obj)} [${extra}]>`;
}

/** Marks the iterator method that refuses `yield*`, so `ensureFuture` does not take it for `__await__`. */
const NOT_AWAITABLE = Symbol.for("aio.notAwaitable");

/**
 * `yield* lock` is refused as Python refuses `await lock`, with its text:
 * `TypeError: object Lock can't be used in 'await' expression` (V8 would say "is not iterable").
 */
export function refuseYieldStar(cls: { prototype: object }): void {
  const method = function (this: object): never {
    throw new TypeError(`object ${this.constructor.name} can't be used in 'await' expression`);
  };
  Object.defineProperty(method, NOT_AWAITABLE, { value: true });
  Object.defineProperty(cls.prototype, Symbol.iterator, {
    value: method,
    configurable: true,
    writable: true,
  });
}
