/**
 * Invariants under random schedules and random cancellation. Each run uses the loop's seeded
 * scheduler (callbacks of one iteration shuffled reproducibly) on the virtual clock, so a failure
 * prints a seed that replays it exactly.
 */
import { type Handle, newEventLoop } from "@aio/loop";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Coro,
  createTask,
  gather,
  isCancelledError,
  Runner,
  sleep,
  type Task,
  TaskGroup,
  using,
} from "../src/index.js";

type Op = { kind: "sleep"; delay: number } | { kind: "yield" } | { kind: "await"; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("sleep" as const),
    delay: fc.integer({ min: 1, max: 20 }).map((n) => n / 10),
  }),
  fc.record({ kind: fc.constant("yield" as const) }),
  fc.record({ kind: fc.constant("await" as const), target: fc.nat(7) }),
);

const programArb = fc.record({
  tasks: fc.array(fc.array(opArb, { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
  cancels: fc.array(
    fc.record({ at: fc.integer({ min: 0, max: 30 }).map((n) => n / 10), target: fc.nat(7) }),
    {
      maxLength: 4,
    },
  ),
  seed: fc.integer(),
});

describe("properties under random schedules and cancellation", () => {
  it("every task ends, every finally runs once, and no result is lost", async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async ({ tasks: programs, cancels, seed }) => {
        const finallyRuns = new Array(programs.length).fill(0);
        const started = new Array(programs.length).fill(false);
        const tasks: Task<number>[] = [];
        function* body(id: number, ops: Op[]): Coro<number> {
          started[id] = true;
          try {
            for (const op of ops) {
              if (op.kind === "sleep") yield* sleep(op.delay);
              else if (op.kind === "yield") yield* sleep(0);
              // Await only earlier tasks, so that waits form no cycle.
              else if (op.target < id) {
                try {
                  yield* tasks[op.target] as Task<number>;
                } catch (e) {
                  if (!isCancelledError(e)) throw e;
                  // The awaited task was cancelled: if we were not, carry on.
                  if ((tasks[id] as Task<number>).cancelling() > 0) throw e;
                }
              }
            }
            return id;
          } finally {
            finallyRuns[id]++;
          }
        }
        function* main(): Coro<unknown[]> {
          programs.forEach((ops, id) => {
            tasks.push(createTask(body(id, ops)));
          });
          for (const c of cancels) {
            const t = tasks[c.target % tasks.length] as Task<number>;
            const loop = t.getLoop();
            loop.callLater(c.at, () => t.cancel());
          }
          return yield* gather(...tasks, { returnExceptions: true });
        }
        const runner = new Runner({
          loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }),
        });
        let results: unknown[];
        try {
          results = await runner.run(main());
        } finally {
          await runner.close();
        }
        expect(results).toHaveLength(programs.length);
        tasks.forEach((t, id) => {
          expect(t.done()).toBe(true);
          if (started[id]) expect(finallyRuns[id]).toBe(1);
          else expect(finallyRuns[id]).toBe(0);
          const r = results[id];
          if (t.cancelled()) expect(isCancelledError(r)).toBe(true);
          else expect(r).toBe(id);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("a callback runs once, and never after cancel() returned, whatever the order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            delay: fc.option(fc.integer({ min: 0, max: 5 })),
            // Not cancelled, cancelled before the loop runs, or from a callback: at once (0) or at
            // a time (1 + seconds), so in the iteration of the callback itself, before it, or after.
            cancel: fc.oneof(
              fc.constant("never" as const),
              fc.constant("before" as const),
              fc.integer({ min: 0, max: 6 }),
            ),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer(),
        async (specs, seed) => {
          const loop = newEventLoop({ clock: "virtual", shuffleSeed: seed });
          const runs = new Array(specs.length).fill(0);
          /** How often each callback had run when its cancel() returned. */
          const runsAtCancel: (number | null)[] = specs.map(() => null);
          const handles: Handle[] = specs.map((s, i) =>
            s.delay === null ? loop.callSoon(() => runs[i]++) : loop.callLater(s.delay, () => runs[i]++),
          );
          const cancel = (i: number): void => {
            handles[i]?.cancel();
            runsAtCancel[i] = runs[i];
          };
          specs.forEach((s, i) => {
            if (s.cancel === "never") return;
            if (s.cancel === "before") cancel(i);
            else if (s.cancel === 0) loop.callSoon(cancel, i);
            else loop.callLater(s.cancel - 1, cancel, i);
          });
          loop.callLater(10, () => loop.stop());
          await loop.runForever();
          loop.close();
          specs.forEach((s, i) => {
            if (s.cancel === "never") expect(runs[i]).toBe(1);
            else {
              expect(runsAtCancel[i]).not.toBeNull();
              expect(runsAtCancel[i]).toBeLessThanOrEqual(1);
              // Nothing ran after the cancel: the count is what it was then.
              expect(runs[i]).toBe(runsAtCancel[i]);
            }
          });
          // Cancelling after the loop was closed changes nothing either.
          for (let i = 0; i < specs.length; i++) {
            const before = runs[i];
            handles[i]?.cancel();
            expect(runs[i]).toBe(before);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a TaskGroup never leaks a child: when the block ends, every child is done", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 10 }), fail: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.option(fc.integer({ min: 0, max: 12 })),
        fc.integer(),
        async (children, outerCancelAt, seed) => {
          const tasks: Task<void>[] = [];
          function* child(delay: number, fail: boolean): Coro<void> {
            yield* sleep(delay / 10);
            if (fail) throw new TypeError(`child failed after ${delay}`);
          }
          function* owner(): Coro<string> {
            try {
              yield* using(new TaskGroup(), function* (tg) {
                for (const c of children) tasks.push(tg.createTask(child(c.delay, c.fail)));
              });
              return "ok";
            } catch (e) {
              return isCancelledError(e) ? "cancelled" : (e as Error).name;
            } finally {
              for (const t of tasks) expect(t.done()).toBe(true);
            }
          }
          function* main(): Coro<string> {
            const t = createTask(owner());
            if (outerCancelAt !== null) t.getLoop().callLater(outerCancelAt / 10, () => t.cancel());
            try {
              return yield* t;
            } catch (e) {
              // Cancelled before its first step, the owner never ran its body.
              if (isCancelledError(e) && t.cancelled() && tasks.length === 0) return "cancelled";
              throw e;
            }
          }
          const runner = new Runner({
            loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }),
          });
          try {
            const outcome = await runner.run(main());
            expect(["ok", "cancelled", "ExceptionGroup"]).toContain(outcome);
            if (children.some((c) => c.fail) && outerCancelAt === null)
              expect(outcome).toBe("ExceptionGroup");
            if (!children.some((c) => c.fail) && outerCancelAt === null) expect(outcome).toBe("ok");
          } finally {
            await runner.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
