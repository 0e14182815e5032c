/**
 * Barrier behaviour that surviving Stryker mutants showed no test pinned (see test/MUTATION.md):
 * a reset after an abort, nWaiting while draining, the broken repr, the coroutine names.
 */
import { type Coro, createTask, run, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { Barrier } from "../src/index.js";

function inLoop<T>(main: () => Coro<T>): Promise<T> {
  return run(main(), { clock: "virtual" });
}

describe("Barrier after abort and reset", () => {
  it("reset() of an aborted barrier with nobody waiting makes it a fresh one: a wait waits for the others", async () => {
    const log = await inLoop(function* () {
      const b = new Barrier(2);
      yield* b.abort();
      yield* b.reset();
      const out = [String(b).replace(/0x[0-9a-f]+/, "0x")];
      const first = createTask(b.wait());
      yield* sleep(0);
      out.push(`first waits: ${!first.done()}, nWaiting ${b.nWaiting}`);
      const index = yield* b.wait();
      out.push(`indices ${yield* first} ${index}`);
      return out;
    });
    expect(log).toEqual([
      "<asyncio.locks.Barrier object at 0x [filling, waiters:0/2]>",
      "first waits: true, nWaiting 1",
      "indices 0 1",
    ]);
  });

  it("a broken barrier's repr says only broken", async () => {
    const text = await inLoop(function* () {
      const b = new Barrier(3);
      yield* b.abort();
      return String(b);
    });
    expect(text).toMatch(/^<asyncio\.locks\.Barrier object at 0x[0-9a-f]+ \[broken\]>$/);
  });
});

describe("Barrier while draining", () => {
  it("counts nobody as waiting once the last party arrived, though the others have not left yet", async () => {
    const seen = await inLoop(function* () {
      const b = new Barrier(3);
      const others = [createTask(b.wait()), createTask(b.wait())];
      yield* sleep(0);
      const before = b.nWaiting;
      yield* b.wait(); // the last arrival passes at once
      const out = [`before ${before}`, `draining ${b.nWaiting}`, String(b).replace(/0x[0-9a-f]+/, "0x")];
      for (const t of others) yield* t;
      out.push(`after ${b.nWaiting}`);
      return out;
    });
    expect(seen).toEqual([
      "before 2",
      "draining 0",
      "<asyncio.locks.Barrier object at 0x [draining, waiters:0/3]>",
      "after 0",
    ]);
  });
});

describe("Barrier's coroutine methods refuse await", () => {
  it("names each method in the error", async () => {
    const b = new Barrier(1);
    for (const [name, call] of [
      ["wait", () => b.wait()],
      ["reset", () => b.reset()],
      ["abort", () => b.abort()],
      ["aenter", () => b.aenter()],
      ["aexit", () => b.aexit()],
    ] as const) {
      await expect((async () => await call())()).rejects.toThrow(
        new RegExp(`^Barrier\\.${name}\\(\\) was awaited with await`),
      );
    }
  });
});
