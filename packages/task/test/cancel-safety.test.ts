/**
 * Cancellation and `catch`: a catch-all swallows CancelledError in JavaScript. retry() never
 * retries one, and debug mode reports a task that swallowed one.
 */
import { getRunningLoop } from "@aio/loop";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { type Coro, coroutine, createTask, isCancelledError, retry, run, sleep } from "../src/index.js";

describe("retry()", () => {
  it("retries failures with exponential backoff, and raises the last error", async () => {
    const times: number[] = [];
    function* flaky(): Coro<string> {
      times.push(getRunningLoop().time());
      if (times.length < 3) throw new Error(`failure ${times.length}`);
      return "ok";
    }
    expect(
      await run(
        retry(() => flaky(), { attempts: 3, backoff: 0.5 }),
        { clock: "virtual" },
      ),
    ).toBe("ok");
    expect(times).toEqual([0, 0.5, 1.5]);
    times.length = 0;
    await expect(
      run(
        retry(() => flaky(), { attempts: 2 }),
        { clock: "virtual" },
      ),
    ).rejects.toThrow("failure 2");
  });

  it("stops at errors retryOn refuses, and takes Promises too", async () => {
    let calls = 0;
    const attempt = () => {
      calls++;
      return Promise.reject(new RangeError("permanent"));
    };
    await expect(
      run(retry(attempt, { attempts: 5, retryOn: (e) => !(e instanceof RangeError) }), { clock: "virtual" }),
    ).rejects.toThrow("permanent");
    expect(calls).toBe(1);
  });

  it("never retries a cancellation: cancelling the task ends it at once", async () => {
    let attempts = 0;
    function* slow(): Coro<void> {
      attempts++;
      yield* sleep(10);
    }
    function* main() {
      const t = createTask(retry(() => slow(), { attempts: 100, backoff: 1 }));
      yield* sleep(1);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        return [isCancelledError(e), attempts, getRunningLoop().time()];
      }
      return "not cancelled";
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([true, 1, 1]);
  });

  it("refuses bad options with clear errors", async () => {
    await expect(run(retry(() => sleep(0), { attempts: 0 }))).rejects.toThrow(
      "attempts must be a whole number >= 1, got 0",
    );
    await expect(run(retry(() => sleep(0), { backoff: "1s" as never }))).rejects.toThrow(
      "backoff must be a non-negative number of seconds or a function, got '1s'",
    );
  });
});

describe("a task that swallows its cancellation", () => {
  it("is reported in debug mode, with where the CancelledError was thrown into it", async () => {
    const swallower = coroutine(function* swallower() {
      try {
        yield* sleep(10);
      } catch {
        // a catch-all: the CancelledError is lost here
      }
      return "carried on";
    });
    function* main() {
      const t = createTask(swallower());
      yield* sleep(0);
      t.cancel();
      return yield* t;
    }
    const text = await captureStderr(async () => {
      expect(await run(main(), { clock: "virtual", debug: true })).toBe("carried on");
    });
    expect(text).toMatch(
      /^Task <Task .*name='Task-\d+'.*> swallowed CancelledError: it was cancelled \(cancelling\(\) is 1\) but returned normally without uncancel\(\); the CancelledError was thrown into it at swallower\(\) defined at .*cancel-safety\.test\.ts:\d+\. Re-raise it/m,
    );
    // Not in normal mode, and not when the task says it meant to (uncancel).
    const quiet = await captureStderr(async () => {
      await run(main(), { clock: "virtual" });
    });
    expect(quiet).toBe("");
  });
});
