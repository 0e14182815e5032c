/**
 * The brand checks the packages use on each other's objects (any installed copy), Python's
 * `asyncio.isfuture`, `iscoroutine` and `iscoroutinefunction`, and the inspector helper.
 */
import { describe, expect, it } from "vitest";
import {
  BASE_EXCEPTION_BRAND,
  COROUTINE_BRAND,
  DeadlockError,
  FUTURE_BRAND,
  isBaseException,
  isCoroutine,
  isCoroutineFunction,
  isEventLoop,
  isFuture,
  LOOP_BRAND,
  newEventLoop,
} from "../src/index.js";
import { AWAITED_BY, inspect, markAwaitedBy } from "../src/internal.js";

describe("brand checks", () => {
  it("isBaseException: KeyboardInterrupt and SystemExit of any copy, nothing else", () => {
    expect(isBaseException({ [BASE_EXCEPTION_BRAND]: true })).toBe(true);
    expect(isBaseException({ [BASE_EXCEPTION_BRAND]: 1 })).toBe(false);
    expect(isBaseException(new Error("x"))).toBe(false);
    expect(isBaseException(null)).toBe(false);
    expect(isBaseException("KeyboardInterrupt")).toBe(false);
    expect(isBaseException(Object.assign(() => {}, { [BASE_EXCEPTION_BRAND]: true }))).toBe(false);
  });

  it("isFuture and isEventLoop go by the brand", () => {
    expect(isFuture({ [FUTURE_BRAND]: true })).toBe(true);
    expect(isFuture({ [FUTURE_BRAND]: "yes" })).toBe(false);
    expect(isFuture(Promise.resolve())).toBe(false);
    expect(isFuture(null)).toBe(false);
    expect(isFuture(undefined)).toBe(false);
    expect(isFuture(Object.assign(() => {}, { [FUTURE_BRAND]: true }))).toBe(false);
    const loop = newEventLoop({ clock: "virtual" });
    expect(isEventLoop(loop)).toBe(true);
    loop.close();
    expect(isEventLoop({ [LOOP_BRAND]: true })).toBe(true);
    expect(isEventLoop({ [LOOP_BRAND]: 1 })).toBe(false);
    expect(isEventLoop({})).toBe(false);
    expect(isEventLoop(Object.assign(() => {}, { [LOOP_BRAND]: true }))).toBe(false);
    expect(isEventLoop(null)).toBe(false);
    expect(isEventLoop(42)).toBe(false);
  });

  it("isFuture duck-types as Python's: _asyncioFutureBlocking present and not None; no class, no catch-all Proxy", () => {
    expect(isFuture({ _asyncioFutureBlocking: false })).toBe(true);
    expect(isFuture({ _asyncioFutureBlocking: true })).toBe(true);
    expect(isFuture(Object.create({ _asyncioFutureBlocking: false }))).toBe(true);
    expect(isFuture({ _asyncioFutureBlocking: null })).toBe(false);
    expect(isFuture({ _asyncioFutureBlocking: undefined })).toBe(false);
    expect(isFuture({})).toBe(false);
    // A class whose instances would be futures is not one itself (Python: isfuture(Future) is False).
    class Duck {
      _asyncioFutureBlocking = false;
    }
    expect(isFuture(new Duck())).toBe(true);
    expect(isFuture(Duck)).toBe(false);
    expect(isFuture(Object.assign(() => {}, { _asyncioFutureBlocking: false }))).toBe(false);
    // A Proxy that answers every property read (Python: a Mock) is not taken for a future.
    expect(isFuture(new Proxy({}, { get: () => false }))).toBe(false);
  });

  it("isCoroutine: generator objects and coroutine() objects", () => {
    function* gen() {}
    expect(isCoroutine(gen())).toBe(true);
    expect(isCoroutine({ [COROUTINE_BRAND]: true })).toBe(true);
    expect(isCoroutine({ [COROUTINE_BRAND]: 1 })).toBe(false);
    const full = { next() {}, throw() {}, return() {}, [Symbol.iterator]() {} };
    expect(isCoroutine(full)).toBe(true);
    for (const missing of ["next", "throw", "return"]) {
      const partial: Record<PropertyKey, unknown> = { ...full, [Symbol.iterator]: full[Symbol.iterator] };
      delete partial[missing];
      expect(isCoroutine(partial), missing).toBe(false);
    }
    expect(isCoroutine({ next() {}, throw() {}, return() {} })).toBe(false);
    expect(isCoroutine(gen)).toBe(false);
    // A function is no coroutine object, whatever methods it carries.
    expect(isCoroutine(Object.assign(() => {}, full))).toBe(false);
    expect(isCoroutine(null)).toBe(false);
    expect(isCoroutine(Promise.resolve())).toBe(false);
    expect(isCoroutine([1, 2][Symbol.iterator]())).toBe(false);
  });

  it("isCoroutineFunction: generator functions and coroutine() wrappers", () => {
    function* gen() {}
    expect(isCoroutineFunction(gen)).toBe(true);
    expect(isCoroutineFunction(Object.assign(() => {}, { [COROUTINE_BRAND]: true }))).toBe(true);
    expect(isCoroutineFunction(Object.assign(() => {}, { [COROUTINE_BRAND]: "x" }))).toBe(false);
    expect(isCoroutineFunction(() => {})).toBe(false);
    expect(isCoroutineFunction(async () => {})).toBe(false);
    expect(isCoroutineFunction(gen())).toBe(false);
    expect(isCoroutineFunction({ [COROUTINE_BRAND]: true })).toBe(false);
    expect(isCoroutineFunction(Object.assign(() => {}, { constructor: undefined }))).toBe(false);
  });
});

describe("inspect (V8's view of an object)", () => {
  it("lists the internal properties of a function and of the objects under it", () => {
    const captured = { secret: 42 };
    const fn = () => captured;
    const seen = inspect(fn, (properties) => {
      const top = properties();
      const names = top.internal.map((p) => p.name);
      const scopes = top.internal.find((p) => p.name === "[[Scopes]]");
      const list = properties(scopes?.value?.objectId);
      return { names, scopeCount: list.own.length };
    });
    expect(seen?.names).toContain("[[Scopes]]");
    expect(seen?.scopeCount).toBeGreaterThan(0);
    // The probe it leaves on globalThis is gone afterwards.
    expect(Symbol.for("aio.inspectorProbe") in globalThis).toBe(false);
  });

  it("returns null when reading fails, and can be used again", () => {
    expect(
      inspect({}, () => {
        throw new Error("reader failed");
      }),
    ).toBe(null);
    expect(inspect({ a: 1 }, (properties) => properties().own.map((p) => p.name))).toEqual(["a"]);
    // An object without a prototype has no internal properties.
    expect(inspect(Object.create(null), (properties) => properties().internal)).toEqual([]);
    expect(inspect({}, (properties) => properties("no-such-object"))).toBe(null);
  });
});

describe("small shared pieces", () => {
  it("markAwaitedBy marks a done-callback with the future it stands for, and returns it", () => {
    const cb = () => {};
    const waiter = { name: "outer future" };
    expect(markAwaitedBy(cb, waiter)).toBe(cb);
    expect((cb as unknown as Record<symbol, unknown>)[AWAITED_BY]).toBe(waiter);
    expect((markAwaitedBy(() => {}, null) as unknown as Record<symbol, unknown>)[AWAITED_BY]).toBe(null);
  });

  it("DeadlockError names itself", () => {
    const err = new DeadlockError("stuck");
    expect(err.name).toBe("DeadlockError");
    expect(String(err)).toBe("DeadlockError: stuck");
    expect(err).toBeInstanceOf(Error);
  });
});
