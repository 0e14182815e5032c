/**
 * What the ported CPython tests share, as upstream's `test_asyncio/utils.py` and unittest give it.
 */
import { getRunningLoop } from "@aio/loop";
import { type Coro, run, sleep } from "../../src/index.js";

/** IsolatedAsyncioTestCase: the test coroutine runs as a task on a fresh loop. */
export function atest(body: () => Coro<void>): () => Promise<void> {
  return () => run(body());
}

/**
 * `with self.assertRaises(cls)`: returns what the block raised; an error of another class goes
 * through unchanged (as unittest's), nothing raised fails.
 */
export function* raises(
  cls: abstract new (...args: never[]) => unknown,
  body: () => Coro<unknown>,
): Coro<unknown> {
  try {
    yield* body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

/** `self.assertRaises(cls)` around a synchronous call. */
export function raisesSync(cls: abstract new (...args: never[]) => unknown, body: () => unknown): unknown {
  try {
    body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

/** `time.sleep(s)`: blocks the loop. */
export function blockFor(seconds: number): void {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    // busy
  }
}

/** test_asyncio.utils.await_without_task */
export function* awaitWithoutTask(coro: Coro<unknown>): Coro<void> {
  let exc: unknown;
  let failed = false;
  getRunningLoop().callSoon(() => {
    try {
      let r = coro.next();
      while (!r.done) r = coro.next();
    } catch (err) {
      failed = true;
      exc = err;
    }
  });
  yield* sleep(0);
  if (failed) throw exc;
}
