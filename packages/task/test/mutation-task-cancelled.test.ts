/**
 * A task that ends cancelled without anyone calling its cancel() (its coroutine let a
 * CancelledError out) still hands out an aborted signal; and getStack() with a negative limit is
 * empty however deep the chain. Found by Stryker, see MUTATION.md.
 */
import { getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { CancelledError, coroutine, createTask, type Future, run, sleep } from "../src/index.js";

function* outcome(t: Future<unknown>) {
  try {
    return yield* t;
  } catch (e) {
    return e;
  }
}

describe("a task cancelled from inside", () => {
  it("has an aborted signal though cancel() was never called on it", async () => {
    function* main() {
      const fut = getRunningLoop().createFuture<void>() as Future<void>;
      const t = createTask(
        (function* () {
          yield* fut;
        })(),
      );
      yield* sleep(0);
      fut.cancel("inner");
      const r = yield* outcome(t);
      expect(r).toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(t.cancelling()).toBe(0);
      expect(t.signal.aborted).toBe(true);
      expect(t.signal.reason).toBeInstanceOf(CancelledError);
    }
    await run(main(), { clock: "virtual" });
  });
});

describe("getStack() with a negative limit", () => {
  it("is empty for a chain of two as for a chain of one", async () => {
    const inner = coroutine(function* inner() {
      yield* sleep(1);
    });
    const outer = coroutine(function* outer() {
      yield* inner();
    });
    function* main() {
      const t = createTask(outer());
      yield* sleep(0);
      expect(t.getStack()).toHaveLength(2);
      expect(t.getStack({ limit: -1 })).toEqual([]);
      expect(t.getStack({ limit: 0 })).toEqual([]);
      expect(t.getStack({ limit: 5 })).toHaveLength(2);
      t.cancel();
    }
    await run(main(), { clock: "virtual", debug: true });
  });
});
