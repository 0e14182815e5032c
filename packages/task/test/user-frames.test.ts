/**
 * Errors the runtime raises on behalf of a user's call keep the user's frames: the chain of
 * coroutines that awaited, however deep, without the generators' `(<anonymous>)` steps (issue 28).
 */
import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { CancelledError, type Coro, createTask, gather, run, sleep, waitFor } from "../src/index.js";

/** The function names of a stack's frames, in order. */
function frames(stack: string | undefined): string[] {
  return (stack ?? "")
    .split("\n")
    .slice(1)
    .map((line) => /^\s+at (?:async )?(\S+)/.exec(line)?.[1] ?? `?${line}`);
}

/**
 * Runs `coro` as a task, cancels it after `settle` seconds, and gives the CancelledError that
 * `main`, awaiting the task, gets.
 */
function cancelledErrorOf(coro: Coro<void>, settle: number): Promise<Error> {
  return run(
    (function* main() {
      const s = createTask(coro);
      yield* sleep(settle);
      s.cancel();
      try {
        yield* s;
      } catch (e) {
        return e as Error;
      }
      throw new Error("not cancelled");
    })(),
  );
}

// Fifteen coroutines deep: more than Node's ten frames, even without the generator steps.
function* level15(inner: () => Coro<void>): Coro<void> {
  yield* level14(inner);
}
function* level14(inner: () => Coro<void>): Coro<void> {
  yield* level13(inner);
}
function* level13(inner: () => Coro<void>): Coro<void> {
  yield* level12(inner);
}
function* level12(inner: () => Coro<void>): Coro<void> {
  yield* deeper(11, inner);
}
function* deeper(n: number, inner: () => Coro<void>): Coro<void> {
  if (n === 0) yield* inner();
  else yield* deeper(n - 1, inner);
}

describe("errors keep the user's frames", () => {
  it("a waitFor timeout lists every coroutine that waited, fifteen deep, up to the task (no generator steps, no runtime below the task)", async () => {
    function* slow(): Coro<void> {
      yield* sleep(10);
    }
    function* waitsForSlow(): Coro<void> {
      yield* waitFor(slow(), 0.01);
    }
    const limit = Error.stackTraceLimit;
    const err = await run(
      (function* main() {
        try {
          yield* level15(waitsForSlow);
        } catch (e) {
          return e as Error;
        }
        throw new Error("no timeout");
      })(),
    );
    expect(Error.stackTraceLimit).toBe(limit);
    expect(err.name).toBe("TimeoutError");
    const names = frames(err.stack);
    expect(names.slice(0, 4)).toEqual(["Timeout.aexit", "using", "waitFor", "waitsForSlow"]);
    expect(names.filter((n) => n === "deeper")).toHaveLength(12);
    expect(names.slice(-5)).toEqual(["level12", "level13", "level14", "level15", "main"]);
    expect(err.stack).not.toContain("(<anonymous>)");
    expect(err.stack?.split("\n")[0]).toBe("TimeoutError");
  });

  it("awaiting a cancelled task: its CancelledError shows where the task was interrupted, then where it was awaited", async () => {
    function* victim(): Coro<void> {
      yield* sleep(10);
    }
    const err = await run(
      (function* main() {
        const task = createTask(victim());
        yield* sleep(0);
        task.cancel();
        try {
          yield* (function* awaitsVictim() {
            yield* task;
          })();
        } catch (e) {
          return e as Error;
        }
        throw new Error("not cancelled");
      })(),
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect(frames(err.stack)).toEqual(["victim", "awaitsVictim", "main"]);
  });

  it("an error from another task keeps its own frames, then the chain that awaited it: a line once, the chains of four awaits at most", async () => {
    const err = await run(
      (function* main() {
        const failing = createTask(
          (function* fails(): Coro<void> {
            yield* sleep(0);
            throw new RangeError("bad value");
          })(),
        );
        const seen: Error[] = [];
        const catching = function* (body: Coro<void>): Coro<void> {
          try {
            yield* body;
          } catch (e) {
            seen.push(e as Error);
          }
        };
        // The same site twice, then five other sites: four awaits add their chains, a line once.
        for (let i = 0; i < 2; i++)
          yield* catching(
            (function* site0() {
              yield* failing;
            })(),
          );
        yield* catching(
          (function* site1() {
            yield* failing;
          })(),
        );
        yield* catching(
          (function* site2() {
            yield* failing;
          })(),
        );
        yield* catching(
          (function* site3() {
            yield* failing;
          })(),
        );
        yield* catching(
          (function* site4() {
            yield* failing;
          })(),
        );
        yield* catching(
          (function* site5() {
            yield* failing;
          })(),
        );
        expect(seen).toHaveLength(7);
        expect(new Set(seen).size).toBe(1);
        return seen[0] as Error;
      })(),
    );
    const names = frames(err.stack);
    expect(err.stack?.split("\n")[0]).toBe("RangeError: bad value");
    expect(names[0]).toBe("fails");
    expect(names.filter((n) => /^site\d$/.test(n))).toEqual(["site0", "site1", "site2"]);
    err.stack = "replaced";
    expect(err.stack).toBe("replaced");
  });

  it("the CancelledError a cancelled task gets inside itself names the line it was suspended at (issue 23)", async () => {
    const stacks = await run(
      (function* main() {
        const got: string[] = [];
        const tasks = Array.from({ length: 3 }, () =>
          createTask(
            (function* cancelledInside(): Coro<void> {
              try {
                yield* sleep(10);
              } catch (e) {
                got.push(String((e as Error).stack));
                throw e;
              }
            })(),
          ),
        );
        yield* sleep(0);
        for (const t of tasks) t.cancel();
        yield* gather(...tasks, { returnExceptions: true });
        return got;
      })(),
    );
    expect(stacks).toHaveLength(3);
    for (const stack of stacks) {
      expect(stack.split("\n")[0]).toBe("CancelledError");
      expect(frames(stack)).toEqual(["cancelledInside"]);
      // the line of the `yield* sleep(10)` it was suspended at, not the loop's internals
      expect(stack).toMatch(/at cancelledInside \(.*user-frames\.test\.ts:\d+:\d+\)$/);
    }
  });
});

describe("a cancelled task's error names where it was suspended (issue 23)", () => {
  it("debug mode: the CancelledError lists the interrupted chain (sleep and future awaits), then the awaiter", async () => {
    const before = CancelledError.captureStacks;
    CancelledError.captureStacks = true;
    try {
      function* sleeper(): Coro<void> {
        yield* sleep(10);
      }
      function* waiter(fut: Future<unknown>): Coro<void> {
        yield* fut;
      }
      const [a, b] = await run(
        (function* main() {
          const s = createTask(level15(sleeper));
          const w = createTask(waiter(getRunningLoop().createFuture() as Future<unknown>));
          yield* sleep(0.01);
          s.cancel("stop");
          w.cancel();
          const out: Error[] = [];
          for (const t of [s, w]) {
            try {
              yield* t;
            } catch (e) {
              out.push(e as Error);
            }
          }
          return out;
        })(),
      );
      expect(a?.stack?.split("\n")[0]).toBe("CancelledError: stop");
      const names = frames(a?.stack);
      expect(names[0]).toBe("sleeper");
      expect(names.filter((n) => n === "deeper")).toHaveLength(12);
      expect(names.slice(-2)).toEqual(["level15", "main"]);
      expect(a?.stack).toMatch(/at sleeper \(.*user-frames\.test\.ts:\d+:\d+\)/);
      expect(a?.stack).not.toContain("(<anonymous>)");
      expect(frames(b?.stack)).toEqual(["waiter", "main"]);
    } finally {
      CancelledError.captureStacks = before;
    }
  });

  it("default mode: the CancelledError names the line it interrupted, then the awaiter that observed it", async () => {
    function* sleeper(): Coro<void> {
      yield* sleep(10);
    }
    const err = await cancelledErrorOf(sleeper(), 0.01);
    expect(frames(err.stack)).toEqual(["sleeper", "main"]);
    expect(err.stack).toMatch(/at sleeper \(.*user-frames\.test\.ts:\d+:\d+\)/);
  });

  it("default mode keeps the two coroutines nearest the interrupted await, then the awaiter's chain", async () => {
    function* sleeper(): Coro<void> {
      yield* sleep(10);
    }
    const err = await cancelledErrorOf(level15(sleeper), 0);
    const names = frames(err.stack);
    // four frames: sleeper and the level that awaited it (each with its generator step, left
    // out), then main, which awaited the task
    expect(names).toEqual(["sleeper", "deeper", "main"]);
    expect(err.stack).not.toContain("(<anonymous>)");
  });
});
