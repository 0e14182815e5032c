/**
 * Invariants under random producers, consumers and cancellations, on the seeded scheduler.
 */
import { newEventLoop } from "@aio/loop";
import { type Coro, createTask, gather, isCancelledError, Runner, sleep, type Task, using } from "@aio/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Lock, Queue, Semaphore } from "../src/index.js";

function runner(seed: number): Runner {
  return new Runner({ loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }) });
}

describe("queue and lock properties", () => {
  it("every item put is got exactly once or is still in the queue, whatever is cancelled", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxsize: fc.integer({ min: 0, max: 3 }),
          producers: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), {
            minLength: 1,
            maxLength: 4,
          }),
          consumers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
          cancels: fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), who: fc.nat(7) }), {
            maxLength: 5,
          }),
          seed: fc.integer(),
        }),
        async ({ maxsize, producers, consumers, cancels, seed }) => {
          const q = new Queue<string>({ maxsize });
          const put: string[] = [];
          const got: string[] = [];
          function* producer(p: number, delays: number[]): Coro<void> {
            for (let i = 0; i < delays.length; i++) {
              yield* sleep((delays[i] as number) / 10);
              const item = `${p}.${i}`;
              yield* q.put(item);
              put.push(item); // only once put() returned: a cancelled put inserts nothing
            }
          }
          function* consumer(delay: number): Coro<void> {
            for (;;) {
              got.push(yield* q.get());
              yield* sleep(delay / 10);
            }
          }
          function* main(): Coro<void> {
            const tasks: Task<void>[] = [
              ...producers.map((d, p) => createTask(producer(p, d))),
              ...consumers.map((d) => createTask(consumer(d))),
            ];
            for (const c of cancels) {
              const t = tasks[c.who % tasks.length] as Task<void>;
              t.getLoop().callLater(c.at / 10, () => t.cancel());
            }
            yield* sleep(5);
            for (const t of tasks) t.cancel();
            yield* gather(...tasks, { returnExceptions: true });
          }
          const r = runner(seed);
          try {
            await r.run(main());
          } finally {
            await r.close();
          }
          const left: string[] = [];
          while (!q.empty()) left.push(q.getNowait());
          expect([...got, ...left].sort()).toEqual([...put].sort());
          expect(new Set(got).size).toBe(got.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a semaphore never lets more than its value in, and no permit is lost", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(
          fc.record({
            hold: fc.integer({ min: 0, max: 5 }),
            cancelAt: fc.option(fc.integer({ min: 0, max: 10 })),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer(),
        async (value, users, seed) => {
          const sem = new Semaphore(value);
          const lock = new Lock();
          let inside = 0;
          let maxInside = 0;
          let lockHolders = 0;
          function* user(hold: number): Coro<void> {
            yield* using(sem, function* () {
              inside++;
              maxInside = Math.max(maxInside, inside);
              try {
                yield* using(lock, function* () {
                  lockHolders++;
                  try {
                    expect(lockHolders).toBe(1);
                    yield* sleep(0);
                  } finally {
                    lockHolders--;
                  }
                });
                yield* sleep(hold / 10);
              } finally {
                inside--;
              }
            });
          }
          function* main(): Coro<void> {
            const tasks = users.map((u) => createTask(user(u.hold)));
            users.forEach((u, i) => {
              if (u.cancelAt !== null) {
                const t = tasks[i] as Task<void>;
                t.getLoop().callLater(u.cancelAt / 10, () => t.cancel());
              }
            });
            const results = yield* gather(...tasks, { returnExceptions: true });
            for (const r of results) if (r !== undefined && !isCancelledError(r)) throw r;
          }
          const r = runner(seed);
          try {
            await r.run(main());
          } finally {
            await r.close();
          }
          expect(maxInside).toBeLessThanOrEqual(value);
          expect(inside).toBe(0);
          // Permits are conserved: all of them can be taken again, and no more.
          const check = runner(seed);
          try {
            const free = await check.run(
              (function* () {
                let n = 0;
                while (!sem.locked()) {
                  yield* sem.acquire();
                  n++;
                }
                return n;
              })(),
            );
            expect(free).toBe(value);
          } finally {
            await check.close();
          }
          expect(lock.locked()).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
