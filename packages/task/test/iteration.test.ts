/** aiter/anext: Python's async iteration inside coroutines. */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { aiter, anext, type Coro, run, StopAsyncIteration, sleep } from "../src/index.js";
import { END, NEXT, NEXT_NOW, NOT_NOW } from "../src/internal.js";

async function* numbers(n: number): AsyncGenerator<number, string> {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setImmediate(r));
    yield i;
  }
  return "done";
}

function main<T>(body: () => Coro<T>): Promise<T> {
  return run(
    (function* () {
      return yield* body();
    })(),
  );
}

describe("anext and aiter", () => {
  it("anext(it, default) iterates an async generator: `async for x in it:`", async () => {
    const got = await main(function* () {
      const out: number[] = [];
      const gen = numbers(4);
      for (let x: number | null; (x = yield* anext(gen, null)) !== null; ) out.push(x);
      return out;
    });
    expect(got).toEqual([0, 1, 2, 3]);
  });

  it("without a default, the end raises StopAsyncIteration (with the generator's return value)", async () => {
    const err = await main(function* () {
      const gen = numbers(1);
      expect(yield* anext(gen)).toBe(0);
      try {
        yield* anext(gen);
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(err).toBeInstanceOf(StopAsyncIteration);
    expect((err as StopAsyncIteration).value).toBe("done");
    expect((err as Error).message).toBe("'done'");
  });

  it("an async iterable (a Node stream) keeps one iterator across calls; undefined is a default too", async () => {
    const got = await main(function* () {
      const stream = Readable.from(["a", "b"]);
      const first = yield* anext(stream);
      const second = yield* anext(stream);
      const end = yield* anext(stream, undefined);
      return [first, second, end];
    });
    expect(got).toEqual(["a", "b", undefined]);
  });

  it("aiter returns the iterator; bad arguments get Python's messages", async () => {
    const gen = numbers(1);
    expect(aiter(gen)).toBe(gen);
    expect(() => aiter(1 as never)).toThrow(new TypeError("'int' object is not an async iterable"));
    expect(() => aiter([1] as never)).toThrow(new TypeError("'list' object is not an async iterable"));
    expect(() => aiter({ [Symbol.asyncIterator]: () => 5 } as never)).toThrow(
      new TypeError("aiter() returned not an async iterator of type 'int'"),
    );
    expect(() => anext(3 as never)).toThrow(new TypeError("'int' object is not an async iterator"));
    await gen.return("x");
  });

  it("like Python's, anext() asks for the item at once; awaiting delivers it", async () => {
    const asked: number[] = [];
    let n = 0;
    const it: AsyncIterator<number> = {
      next: () => {
        asked.push(n);
        return Promise.resolve({ done: false, value: n++ });
      },
    };
    await main(function* () {
      const a = anext(it);
      const b = anext(it);
      expect(asked).toEqual([0, 1]);
      expect(yield* b).toBe(1);
      expect(yield* a).toBe(0);
    });
  });

  it("the library's fast path: items at hand without a Promise, others through a coroutine", async () => {
    const log: string[] = [];
    const source = {
      items: ["x", NOT_NOW, "y", END] as unknown[],
      [NEXT_NOW]() {
        const item = this.items.shift();
        log.push(`now:${String(item)}`);
        return item;
      },
      *[NEXT](): Coro<unknown> {
        yield* sleep(0);
        log.push("waited");
        return "later";
      },
    };
    const got = await main(function* () {
      const out: unknown[] = [];
      for (let x: unknown; (x = yield* anext(source as never, null)) !== null; ) out.push(x);
      return out;
    });
    expect(got).toEqual(["x", "later", "y"]);
    expect(log).toEqual(["now:x", "now:Symbol(aio.notNow)", "waited", "now:y", "now:Symbol(aio.end)"]);
  });

  it("await on anext(...) fails loudly", async () => {
    await expect(async () => await (anext(numbers(1)) as unknown as Promise<number>)).rejects.toThrow(
      /anext\(\) was awaited with await/,
    );
  });
});
