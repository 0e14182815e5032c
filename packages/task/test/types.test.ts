/**
 * Mistakes the type checker must catch (this file is type-checked with the package: a
 * `@ts-expect-error` whose line has no error fails the typecheck).
 */
import { getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import {
  asCompleted,
  type Coro,
  createTask,
  ExceptionGroup,
  gather,
  run,
  sleep,
  waitFor,
} from "../src/index.js";

function neverCalled(): void {
  // `yield` instead of `yield*`: the generator yields a coroutine, not a future.
  const yieldsCoroutines = (function* () {
    yield sleep(1);
  })();
  // @ts-expect-error a Coro<T> yields futures (or nothing), not coroutines
  createTask(yieldsCoroutines);
}

describe("types", () => {
  it("asCompleted takes awaitables of different result types", async () => {
    function* num(): Coro<number> {
      yield* sleep(1);
      return 1;
    }
    function* str(): Coro<string> {
      return "s";
    }
    function* main() {
      const out: (number | string)[] = [];
      for (const next of asCompleted([num(), str()])) out.push(yield* next);
      return out;
    }
    expect(await run(main(), { clock: "virtual" })).toEqual(["s", 1]);
    expect(typeof neverCalled).toBe("function");
  });

  it("loop futures are awaitables of their own type for every combinator", async () => {
    function* main() {
      const fut = getRunningLoop().createFuture<number>();
      getRunningLoop().callSoon(() => (fut as unknown as { setResult(v: number): void }).setResult(3));
      const [n]: [number] = yield* gather(fut);
      const m: number = yield* waitFor(fut, 1);
      return n + m;
    }
    expect(await run(main(), { clock: "virtual" })).toBe(6);
  });

  it("ExceptionGroup.split and subgroup take a class (or classes) and type the match", () => {
    const eg = new ExceptionGroup("m", [new TypeError("t"), new RangeError("r"), new Error("e")]);
    const [types, rest] = eg.split(TypeError);
    const first: TypeError | ExceptionGroup<TypeError> | undefined = types?.exceptions[0];
    expect(first).toBeInstanceOf(TypeError);
    expect(rest?.exceptions.map((e) => (e as Error).message)).toEqual(["r", "e"]);
    expect(eg.subgroup([TypeError, RangeError])?.exceptions.map((e) => (e as Error).message)).toEqual([
      "t",
      "r",
    ]);
    expect(eg.subgroup((e) => (e as Error).message === "e")?.exceptions).toHaveLength(1);
  });
});
