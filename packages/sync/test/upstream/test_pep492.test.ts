/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_pep492.py, LockTests (2 test methods). The
 * file's other 9 methods (CoroutineTests, StreamReaderTests) are ported in
 * `packages/task/test/upstream/test_pep492.test.ts`; these two need asyncio's locks, which live here
 * (`@aio/task` cannot import `@aio/sync`).
 *
 * Translation rules:
 * - BaseTest's `asyncio.BaseEventLoop()` with a mocked selector → a real `newEventLoop()` set as
 *   the current loop (closed afterwards); `self.loop.run_until_complete(c)` →
 *   `await loop.runUntilComplete(c)`.
 * - `async def` → `function*`, `await x` → `yield* x`; `async with lock as _lock:` →
 *   `yield* using(lock, function* (_lock) {…})`; `assertIs(_lock, None)` → `_lock` is undefined
 *   (what `aenter()` returns when it returns nothing, Python's None).
 * - `with await lock:` fails at `await lock` (Python's TypeError), so the `with` is never reached:
 *   `yield* lock`.
 */
import { newEventLoop, setEventLoop } from "@aio/loop";
import { type Coro, sleep, using } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BoundedSemaphore, Condition, Lock, Semaphore } from "../../src/index.js";

export const NOT_APPLICABLE: Record<string, string> = {};

// BaseTest.setUp: a loop of the test's own, set as the current loop.
let loop: ReturnType<typeof newEventLoop>;
beforeEach(() => {
  loop = newEventLoop();
  setEventLoop(loop);
});
afterEach(() => {
  loop.close();
  setEventLoop(null);
});

/** `with self.assertRaisesRegex(cls, regex)` around a coroutine. */
function* raisesRegex(
  cls: abstract new (...args: never[]) => unknown,
  regex: RegExp,
  body: () => Coro<unknown>,
): Coro<void> {
  try {
    yield* body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    expect((e as Error).message).toMatch(regex);
    return;
  }
  throw new Error("AssertionError: nothing was raised");
}

describe("LockTests", () => {
  it("test_context_manager_async_with", async () => {
    const primitives = [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()];

    function* test(lock: (typeof primitives)[number]): Coro<void> {
      yield* sleep(0.01);
      expect(lock.locked()).toBe(false);
      yield* using(lock, function* (_lock) {
        expect(_lock).toBeUndefined();
        expect(lock.locked()).toBe(true);
        yield* sleep(0.01);
        expect(lock.locked()).toBe(true);
      });
      expect(lock.locked()).toBe(false);
    }

    for (const primitive of primitives) {
      await loop.runUntilComplete(test(primitive));
      expect(primitive.locked()).toBe(false);
    }
  });

  it("test_context_manager_with_await", async () => {
    const primitives = [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()];

    function* test(lock: (typeof primitives)[number]): Coro<void> {
      yield* sleep(0.01);
      expect(lock.locked()).toBe(false);
      yield* raisesRegex(TypeError, /can't be used in 'await' expression/, function* () {
        yield* lock as never as Coro<void>;
      });
    }

    for (const primitive of primitives) {
      await loop.runUntilComplete(test(primitive));
      expect(primitive.locked()).toBe(false);
    }
  });
});
