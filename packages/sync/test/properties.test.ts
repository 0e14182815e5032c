/**
 * Invariants of the locks and queues under random schedules and random cancellations, on the
 * seeded scheduler and the virtual clock.
 *
 * Cancellations are aimed at the hard window: a waiter that has been woken (its future is done) but
 * has not resumed yet. They come at random turns (cancellers that wait a random number of
 * `sleep(0)` turns), and right after a release, either at once or through `callSoon` inside the
 * releasing iteration, so the shuffled scheduler runs them before or after the woken task's step.
 *
 * Besides safety (never more holders than allowed) and conservation (every permit, item and the
 * lock itself is there at the end), each property checks liveness at every quiescent point: while
 * nothing is ready, no task may wait for something that is free (a lost wake-up).
 */
import { type EventLoop, getRunningLoop, newEventLoop } from "@aio/loop";
import { waitAllTasksBlocked } from "@aio/loop/testing";
import { type Coro, createTask, gather, isCancelledError, Runner, sleep, type Task } from "@aio/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedSemaphore, Condition, Lock, Queue, Semaphore } from "../src/index.js";

const runs = { numRuns: 200 };
/** Seconds of virtual time after which every schedule here is over (the longest is under 10 s). */
const HORIZON = 20;

function runner(seed: number): Runner {
  return new Runner({ loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }) });
}

async function runOn<T>(seed: number, main: Coro<T>): Promise<T> {
  const r = runner(seed);
  try {
    return await r.run(main);
  } finally {
    await r.close();
  }
}

function* turns(n: number): Coro<void> {
  for (let i = 0; i < n; i++) yield* sleep(0);
}

/** One user of a primitive: turns before it asks, then what it does while it holds it. */
const user = fc.record({
  before: fc.integer({ min: 0, max: 3 }),
  holdTurns: fc.integer({ min: 0, max: 3 }),
  holdTenths: fc.integer({ min: 0, max: 3 }),
});
type User = { before: number; holdTurns: number; holdTenths: number };

/** Cancellations: at random turns, and right after releases. */
const cancellations = fc.record({
  atTurns: fc.array(
    fc.record({
      tenths: fc.integer({ min: 0, max: 20 }),
      turns: fc.integer({ min: 0, max: 4 }),
      who: fc.nat(15),
    }),
    { maxLength: 5 },
  ),
  afterRelease: fc.array(fc.record({ who: fc.nat(15), soon: fc.boolean() }), { maxLength: 8 }),
});
type Cancellations = {
  atTurns: { tenths: number; turns: number; who: number }[];
  afterRelease: { who: number; soon: boolean }[];
};

/** The cancelling side of a run: cancellers at random turns, and a hook called after each release. */
class Chaos {
  tasks: Task<unknown>[] = [];
  private next = 0;
  constructor(private readonly plan: Cancellations) {}

  /** Starts the cancellers at random turns. */
  start(): Task<void>[] {
    return this.plan.atTurns.map(({ tenths, turns: n, who }) =>
      createTask(
        (function* (tasks: Task<unknown>[]): Coro<void> {
          yield* sleep(tenths / 10);
          yield* turns(n);
          tasks[who % tasks.length]?.cancel();
        })(this.tasks),
      ),
    );
  }

  /**
   * Called right after a release (which may have woken a waiter): cancels one of `among` (default:
   * any task of the run) at once, or from a callback in the same iteration.
   */
  afterRelease(loop: EventLoop, among: Task<unknown>[] = this.tasks): void {
    const c = this.plan.afterRelease[this.next++];
    const t = c === undefined ? undefined : among[c.who % among.length];
    if (c === undefined || t === undefined) return;
    if (c.soon) loop.callSoon(() => t.cancel());
    else t.cancel();
  }
}

/**
 * Checks `invariant` whenever the loop is quiescent (every task blocked), until cancelled.
 * Quiescent points come before every jump of the virtual clock; the monitor looks at least every
 * 50 ms of virtual time (the schedules here move in steps of 100 ms).
 */
function* monitor(invariant: () => void): Coro<void> {
  for (;;) {
    yield* waitAllTasksBlocked();
    invariant();
    yield* sleep(0.05);
  }
}

/**
 * Runs `tasks` beside the chaos and a monitor of `invariant` until the horizon; the tasks in
 * `mustFinish` must be done by then (one still waiting waits for something it will never get).
 * Then cancels what is left and re-raises any error but a cancellation.
 */
function* drive(
  chaos: Chaos,
  tasks: Task<unknown>[],
  mustFinish: Task<unknown>[],
  invariant: () => void,
): Coro<void> {
  chaos.tasks = tasks;
  const cancellers = chaos.start();
  const watch = createTask(monitor(invariant));
  yield* sleep(HORIZON);
  expect(mustFinish.filter((t) => !t.done()).map((t) => String(t))).toEqual([]);
  for (const t of tasks) t.cancel();
  watch.cancel();
  const results = yield* gather(...tasks, ...cancellers, watch, { returnExceptions: true });
  for (const r of results) if (r !== undefined && !isCancelledError(r)) throw r;
}

describe("semaphores under cancellation", () => {
  for (const Kind of [Semaphore, BoundedSemaphore]) {
    it(`a ${Kind.name} never lets more than its value in, loses no permit and strands no waiter`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.array(user, { minLength: 1, maxLength: 8 }),
          cancellations,
          fc.integer(),
          async (value, users, plan, seed) => {
            const sem = new Kind(value);
            const chaos = new Chaos(plan);
            let holders = 0;
            let waiting = 0;
            let maxHolders = 0;
            function* use(u: User): Coro<void> {
              yield* turns(u.before);
              waiting++;
              try {
                yield* sem.acquire();
              } finally {
                waiting--;
              }
              holders++;
              maxHolders = Math.max(maxHolders, holders);
              try {
                yield* turns(u.holdTurns);
                yield* sleep(u.holdTenths / 10);
              } finally {
                holders--;
                sem.release();
                chaos.afterRelease(getRunningLoop());
              }
            }
            function* main(): Coro<void> {
              const tasks = users.map((u) => createTask(use(u)));
              yield* drive(chaos, tasks, tasks, () => {
                // A task waits while a permit is free: its wake-up was lost, or a permit leaked.
                if (waiting > 0) expect(holders).toBe(value);
              });
            }
            await runOn(seed, main());
            expect(maxHolders).toBeLessThanOrEqual(value);
            expect(holders).toBe(0);
            // Every permit is there: all of them can be taken again, and no more.
            const free = await runOn(
              seed,
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
          },
        ),
        runs,
      );
    });
  }
});

describe("a lock under cancellation", () => {
  it("admits one holder at a time, ends unlocked and strands no waiter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(user, { minLength: 1, maxLength: 8 }),
        cancellations,
        fc.integer(),
        async (users, plan, seed) => {
          const lock = new Lock();
          const chaos = new Chaos(plan);
          let holders = 0;
          let waiting = 0;
          function* use(u: User): Coro<void> {
            yield* turns(u.before);
            waiting++;
            try {
              yield* lock.acquire();
            } finally {
              waiting--;
            }
            holders++;
            expect(holders).toBe(1);
            try {
              yield* turns(u.holdTurns);
              yield* sleep(u.holdTenths / 10);
            } finally {
              holders--;
              lock.release();
              chaos.afterRelease(getRunningLoop());
            }
          }
          function* main(): Coro<void> {
            const tasks = users.map((u) => createTask(use(u)));
            yield* drive(chaos, tasks, tasks, () => {
              if (waiting > 0) expect(lock.locked()).toBe(true);
            });
          }
          await runOn(seed, main());
          expect(holders).toBe(0);
          expect(lock.locked()).toBe(false);
        },
      ),
      runs,
    );
  });
});

describe("a condition under cancellation", () => {
  it("wait() holds the lock again when it returns or raises; the lock is never held twice or lost", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(user, { minLength: 1, maxLength: 5 }),
        fc.array(user, { minLength: 1, maxLength: 5 }),
        cancellations,
        fc.integer(),
        async (consumers, producers, plan, seed) => {
          const cond = new Condition();
          const chaos = new Chaos(plan);
          let tokens = 0;
          let holders = 0;
          /** Tasks waiting to take the lock (not those waiting for a notification). */
          let acquiring = 0;
          function* holding(body: () => Coro<void>): Coro<void> {
            acquiring++;
            try {
              yield* cond.acquire();
            } finally {
              acquiring--;
            }
            holders++;
            expect(holders).toBe(1);
            try {
              yield* body();
            } finally {
              holders--;
              cond.release();
              chaos.afterRelease(getRunningLoop());
            }
          }
          function* consume(u: User): Coro<void> {
            yield* turns(u.before);
            yield* holding(function* () {
              while (tokens === 0) {
                holders--;
                try {
                  yield* cond.wait();
                } finally {
                  // Returned or raised: the lock is ours again, and only ours.
                  expect(cond.locked()).toBe(true);
                  holders++;
                  expect(holders).toBe(1);
                }
              }
              tokens--;
              yield* turns(u.holdTurns);
            });
          }
          function* produce(u: User): Coro<void> {
            yield* turns(u.before);
            yield* sleep(u.holdTenths / 10);
            yield* holding(function* () {
              tokens++;
              cond.notify(1);
              yield* turns(u.holdTurns);
            });
          }
          function* main(): Coro<void> {
            const waiting = consumers.map((u) => createTask(consume(u)));
            const notifying = producers.map((u) => createTask(produce(u)));
            // CPython 3.12 loses a notification whose woken waiter is cancelled (fixed in 3.13,
            // gh-112202), so consumers may wait at the horizon; producers never wait for one.
            yield* drive(chaos, [...waiting, ...notifying], notifying, () => {
              if (acquiring > 0) expect(cond.locked()).toBe(true);
            });
          }
          await runOn(seed, main());
          expect(holders).toBe(0);
          expect(cond.locked()).toBe(false);
        },
      ),
      runs,
    );
  });
});

describe("a queue under cancellation", () => {
  it("every item put is got exactly once or still queued, and no getter or putter waits in vain", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Mostly bounded, so that several producers wait on a full queue at once (0: unbounded).
          maxsize: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 2 }), weight: 4 }, fc.constant(0)),
          producers: fc.array(fc.array(user, { maxLength: 6 }), { minLength: 1, maxLength: 5 }),
          consumers: fc.array(user, { minLength: 1, maxLength: 4 }),
          plan: cancellations,
          seed: fc.integer(),
        }),
        async ({ maxsize, producers, consumers, plan, seed }) => {
          const q = new Queue<string>({ maxsize });
          const chaos = new Chaos(plan);
          const put: string[] = [];
          const got: string[] = [];
          let getting = 0;
          let putting = 0;
          let producing: Task<unknown>[] = [];
          let consuming: Task<unknown>[] = [];
          function* producer(p: number, items: User[]): Coro<void> {
            for (let i = 0; i < items.length; i++) {
              yield* turns((items[i] as User).before);
              const item = `${p}.${i}`;
              putting++;
              try {
                yield* q.put(item);
              } finally {
                putting--;
              }
              put.push(item); // only once put() returned: a cancelled put inserts nothing
              // The put may have woken a getter: cancel a consumer in the window.
              chaos.afterRelease(getRunningLoop(), consuming);
            }
          }
          function* consumer(u: User): Coro<void> {
            for (;;) {
              getting++;
              let item: string;
              try {
                item = yield* q.get();
              } finally {
                getting--;
              }
              got.push(item);
              // The get may have woken a putter: cancel a producer in the window.
              chaos.afterRelease(getRunningLoop(), producing);
              yield* turns(u.holdTurns);
              yield* sleep(u.holdTenths / 10);
            }
          }
          function* main(): Coro<void> {
            producing = producers.map((items, p) => createTask(producer(p, items)));
            consuming = consumers.map((u) => createTask(consumer(u)));
            yield* drive(chaos, [...producing, ...consuming], [], () => {
              // A getter waits beside an item, or a putter beside a free slot: a lost wake-up.
              if (getting > 0) expect(q.qsize()).toBe(0);
              if (putting > 0) expect(q.full()).toBe(true);
            });
          }
          await runOn(seed, main());
          const left: string[] = [];
          while (!q.empty()) left.push(q.getNowait());
          expect([...got, ...left].sort()).toEqual([...put].sort());
          expect(new Set(got).size).toBe(got.length);
        },
      ),
      runs,
    );
  });
});
