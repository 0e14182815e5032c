/**
 * A coroutine object runs once, in one task, as in Python: given to a second task, or after it ran,
 * it is refused with Python's messages, and the task that owns it is not disturbed.
 */
import { newEventLoop } from "@aio/loop";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Coro, coroutine, createTask, gather, Runner, run, sleep, type Task } from "../src/index.js";

function* work(turns: number, value: string): Coro<string> {
  for (let i = 0; i < turns; i++) yield* sleep(0);
  yield* sleep(0.1);
  return value;
}

const errorOf = (r: unknown): string => (r instanceof Error ? `${r.name}: ${r.message}` : String(r));

describe("a coroutine runs in one task", () => {
  it("a second task of a running coroutine fails at its first step; the first one finishes", async () => {
    function* main() {
      const coro = work(1, "done");
      const first = createTask(coro);
      const second = createTask(coro);
      const results = yield* gather(first, second, { returnExceptions: true });
      return results.map(errorOf);
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([
      "done",
      "Error: coroutine is being awaited already",
    ]);
  });

  it("a coroutine that already ran cannot run again", async () => {
    const marked = coroutine(function* marked() {
      yield* sleep(0);
      return "marked";
    });
    function* main() {
      const plain = work(0, "plain");
      yield* createTask(plain);
      const awaited = marked();
      yield* awaited; // run by yield*: tracked for coroutine() functions
      const byHand = marked();
      byHand.next();
      const results = yield* gather(createTask(plain), createTask(awaited), createTask(byHand), {
        returnExceptions: true,
      });
      return results.map(errorOf);
    }
    expect(await run(main(), { clock: "virtual" })).toEqual([
      "Error: cannot reuse already awaited coroutine",
      "Error: cannot reuse already awaited coroutine",
      "Error: cannot reuse already awaited coroutine",
    ]);
  });

  it("cancelling the second task never reaches the coroutine of the first", async () => {
    function* main() {
      const coro = work(0, "undisturbed");
      const first = createTask(coro);
      const second = createTask(coro);
      second.cancel();
      const [a, b] = yield* gather(first, second, { returnExceptions: true });
      return [a, second.cancelled(), errorOf(b)];
    }
    expect(await run(main(), { clock: "virtual" })).toEqual(["undisturbed", true, "CancelledError: "]);
  });

  it("run() refuses a coroutine it already ran", async () => {
    const coro = work(0, "once");
    expect(await run(coro, { clock: "virtual" })).toBe("once");
    await expect(run(coro, { clock: "virtual" })).rejects.toThrow("cannot reuse already awaited coroutine");
  });

  it("whatever tasks share coroutines, on any schedule: each coroutine's first task gets its result, every other fails, none hangs", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ coro: fc.nat(3), turns: fc.nat(2), delay: fc.nat(3) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer(),
        async (plan, seed) => {
          const runner = new Runner({
            loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }),
          });
          try {
            const results = await runner.run(
              (function* () {
                const coros = new Map<number, Coro<string>>();
                const tasks: Task<string>[] = [];
                const owner = new Map<number, number>();
                for (const [i, step] of plan.entries()) {
                  yield* sleep(step.delay / 10);
                  let coro = coros.get(step.coro);
                  if (coro === undefined) {
                    coro = work(step.turns, `coro ${step.coro}`);
                    coros.set(step.coro, coro);
                    owner.set(step.coro, i);
                  }
                  tasks.push(createTask(coro));
                }
                const out = yield* gather(...tasks, { returnExceptions: true });
                return out.map((r, i) => ({
                  r: errorOf(r),
                  first: owner.get((plan[i] as { coro: number }).coro) === i,
                }));
              })(),
            );
            for (const [i, { r, first }] of results.entries()) {
              if (first) expect(r).toBe(`coro ${(plan[i] as { coro: number }).coro}`);
              else
                expect([
                  "Error: coroutine is being awaited already",
                  "Error: cannot reuse already awaited coroutine",
                ]).toContain(r);
            }
          } finally {
            await runner.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
