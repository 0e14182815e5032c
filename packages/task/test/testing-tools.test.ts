import { getRunningLoop, newEventLoop } from "@aio/loop";
import { advance, VirtualClock, waitAllTasksBlocked } from "@aio/loop/testing";
import { describe, expect, it } from "vitest";
import { createTask, Runner, run, sleep } from "../src/index.js";

describe("@aio/loop/testing with tasks", () => {
  it("waitAllTasksBlocked() returns once every other task waits on something", async () => {
    const log: string[] = [];
    function* worker(name: string, turns: number) {
      for (let i = 0; i < turns; i++) yield* sleep(0);
      log.push(`${name} blocked`);
      yield* sleep(10);
    }
    function* main() {
      createTask(worker("a", 3));
      createTask(worker("b", 5));
      yield* waitAllTasksBlocked();
      log.push("all blocked");
      return getRunningLoop().time();
    }
    const t = await run(main(), { clock: "virtual" });
    expect(log).toEqual(["a blocked", "b blocked", "all blocked"]);
    expect(t).toBe(0);
  });

  it("advance() drives a manual virtual clock from outside, timers fire in order", async () => {
    const clock = new VirtualClock({ autoJump: false });
    const runner = new Runner({ loopFactory: () => newEventLoop({ clock }) });
    const loop = runner.getLoop();
    const fired: number[] = [];
    function* main() {
      yield* sleep(2);
      fired.push(loop.time());
      yield* sleep(3);
      fired.push(loop.time());
    }
    const running = runner.run(main());
    await new Promise((r) => setTimeout(r, 5));
    expect(fired).toEqual([]);
    advance(loop, 2);
    // The loop wakes on its own (setImmediate): wait for it without racing a timer of ours.
    for (const giveUp = Date.now() + 10_000; fired.length === 0 && Date.now() < giveUp; ) {
      await new Promise((r) => setImmediate(r));
    }
    expect(fired).toEqual([2]);
    advance(loop, 3);
    await running;
    await runner.close();
    expect(fired).toEqual([2, 5]);
    const real = newEventLoop();
    expect(() => advance(real, 1)).toThrow(/advance\(\) needs a loop on a VirtualClock/);
    real.close();
  });

  it("a shuffle seed reorders same-iteration work reproducibly, and different seeds explore different orders", async () => {
    async function order(seed: number): Promise<string> {
      const out: string[] = [];
      function* child(name: string) {
        out.push(name);
        yield* sleep(0);
        out.push(name.toUpperCase());
      }
      function* main() {
        for (const n of ["a", "b", "c", "d", "e"]) createTask(child(n));
        yield* sleep(1);
      }
      const runner = new Runner({ loopFactory: () => newEventLoop({ clock: "virtual", shuffleSeed: seed }) });
      await runner.run(main());
      await runner.close();
      return out.join("");
    }
    expect(await order(1)).toBe(await order(1));
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) seen.add(await order(seed));
    expect(seen.size).toBeGreaterThan(5);
    for (const o of seen) expect([...o].sort().join("")).toBe("ABCDEabcde");
  });
});
