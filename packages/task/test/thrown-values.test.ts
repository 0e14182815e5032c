/**
 * JavaScript can throw anything: `null`, `undefined`, `0`, `""`, a symbol, a frozen object. Whatever
 * a coroutine throws must come out of every combinator as it went in, never lost, never taken for a
 * result, on any schedule.
 */
import { newEventLoop } from "@aio/loop";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  asCompleted,
  type Coro,
  createTask,
  ensureFuture,
  FIRST_EXCEPTION,
  gather,
  Runner,
  shield,
  sleep,
  TaskGroup,
  timeout,
  using,
  wait,
  waitFor,
} from "../src/index.js";

const FROZEN = Object.freeze({ reason: "frozen" });
const thrownValue = fc.constantFrom<unknown>(
  null,
  undefined,
  0,
  "",
  false,
  Number.NaN,
  Symbol("thrown"),
  FROZEN,
);

function* failing(value: unknown, turns: number): Coro<never> {
  for (let i = 0; i < turns; i++) yield* sleep(0);
  throw value;
}

function* succeeding(turns: number): Coro<string> {
  for (let i = 0; i < turns; i++) yield* sleep(0);
  return "ok";
}

/** What `body` raised; fails the test if it returned. */
function* raised(body: Coro<unknown>): Coro<unknown> {
  try {
    yield* body;
  } catch (e) {
    return e;
  }
  throw new Error("expected the awaitable to fail");
}

/** Every combinator, each made to fail with `value`; what each raised, by name. */
function* throughEveryCombinator(value: unknown, turns: number): Coro<Record<string, unknown>> {
  const got: Record<string, unknown> = {};
  got.task = yield* raised(createTask(failing(value, turns)) as unknown as Coro<unknown>);
  got.gather = yield* raised(gather(succeeding(turns), failing(value, turns)) as unknown as Coro<unknown>);
  const [ok, err] = yield* gather(succeeding(turns), failing(value, turns), { returnExceptions: true });
  expect(ok).toBe("ok");
  got.gatherReturnExceptions = err;
  got.shield = yield* raised(shield(failing(value, turns)) as unknown as Coro<unknown>);
  got.waitFor = yield* raised(waitFor(failing(value, turns), 10));
  got.timeout = yield* raised(using(timeout(10), () => failing(value, turns)));
  const t = createTask(failing(value, turns));
  const [done] = yield* wait([createTask(sleep(5)), t], { returnWhen: FIRST_EXCEPTION });
  expect(done.has(t)).toBe(true);
  got.wait = yield* raised(t as unknown as Coro<unknown>);
  for (const next of asCompleted([failing(value, turns)])) got.asCompleted = yield* raised(next);
  got.promise = yield* raised(ensureFuture(Promise.reject(value)) as unknown as Coro<unknown>);
  const group = yield* raised(
    using(new TaskGroup(), function* (tg) {
      tg.createTask(failing(value, turns));
    }),
  );
  expect((group as { exceptions?: unknown[] }).exceptions).toHaveLength(1);
  got.taskGroup = (group as { exceptions: unknown[] }).exceptions[0];
  return got;
}

describe("thrown values", () => {
  it("any thrown value comes out of every combinator as it went in, on any schedule", async () => {
    await fc.assert(
      fc.asyncProperty(
        thrownValue,
        fc.integer({ min: 0, max: 3 }),
        fc.integer(),
        async (value, turns, seed) => {
          const runner = new Runner({
            loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }),
          });
          try {
            const got = await runner.run(throughEveryCombinator(value, turns));
            for (const [name, v] of Object.entries(got)) expect(Object.is(v, value), name).toBe(true);
          } finally {
            await runner.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("run() raises what main threw, null or undefined too", async () => {
    for (const value of [null, undefined]) {
      const runner = new Runner({ clock: "virtual" });
      const err = await runner.run(failing(value, 1)).then(
        () => "resolved",
        (e: unknown) => e,
      );
      await runner.close();
      expect(err).toBe(value);
    }
  });
});
