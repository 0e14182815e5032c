import { DeadlockError, getEventLoop, getRunningLoop, newEventLoop } from "@aio/loop";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import { coroutine, createTask, type Future, gather, Runner, run, sleep } from "../src/index.js";

describe("run()", () => {
  it("returns main's result, and leaves no current loop behind", async () => {
    function* main() {
      yield* sleep(1);
      return "result";
    }
    expect(await run(main(), { clock: "virtual" })).toBe("result");
    expect(() => getEventLoop()).toThrow("There is no current event loop in thread 'MainThread'.");
  });

  it("runs concurrent sleeps in real time: three 0.5 s sleeps under gather overlap", async () => {
    function* main() {
      const loop = getRunningLoop();
      const t0 = loop.time();
      yield* gather(sleep(0.5), sleep(0.5), sleep(0.5));
      return loop.time() - t0;
    }
    const elapsed = await run(main());
    expect(elapsed).toBeGreaterThanOrEqual(0.499);
    // One after the other would be 1.5 s: a wide margin for a slow machine, far from sequential.
    expect(elapsed).toBeLessThan(1.3);
  });

  it("names what the main task waits on when the run can never finish", async () => {
    const main = coroutine(function* waitsForever() {
      const never = getRunningLoop().createFuture() as Future<void>;
      yield* never;
    });
    const err = await run(main(), { clock: "virtual" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlockError);
    expect((err as Error).message).toMatch(
      /^runUntilComplete\(\) can never finish: <Task pending name='Task-\d+' coro=<waitsForever\(\) running at .*runner\.test\.ts:\d+> wait_for=<Future pending cb=\[Task\.task_wakeup\(\)\]> cb=\[runUntilCompleteCallback\(\) at \S*event-loop\.ts:\d+\]> is waiting/,
    );
  });

  it("reports an error raised by a leftover task during shutdown", async () => {
    function* leftover() {
      try {
        yield* sleep(10);
      } catch {
        throw new TypeError("cleanup failed");
      }
    }
    function* main() {
      createTask(leftover(), { name: "leftover" });
      yield* sleep(0);
    }
    const text = await captureStderr(() => run(main(), { clock: "virtual" }));
    expect(text).toMatch(
      /^unhandled exception during asyncio\.run\(\) shutdown\ntask: <Task finished name='leftover' coro=<leftover\(\) done, defined at \S*runner\.test\.ts:42> exception=TypeError\('cleanup failed'\)>\nTypeError: cleanup failed/,
    );
  });

  it("rejects a non-coroutine with asyncio's message", async () => {
    await expect(run(42 as never)).rejects.toThrow(new RangeError("a coroutine was expected, got 42"));
  });
});

describe("Runner", () => {
  it("runs several coroutines on one loop, then refuses once closed", async () => {
    const runner = new Runner({ clock: "virtual" });
    const loop = runner.getLoop();
    function* step(n: number) {
      yield* sleep(1);
      return n;
    }
    expect(await runner.run(step(1))).toBe(1);
    expect(await runner.run(step(2))).toBe(2);
    expect(runner.getLoop()).toBe(loop);
    expect(loop.time()).toBe(2);
    await runner.close();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    await expect(runner.run(step(3))).rejects.toThrow("Runner is closed");
    expect(() => runner.getLoop()).toThrow("Runner is closed");
  });

  it("uses the loop a loopFactory makes, without setting it as current", async () => {
    const made = newEventLoop({ clock: "virtual" });
    const runner = new Runner({ loopFactory: () => made });
    function* main() {
      return getRunningLoop();
    }
    expect(await runner.run(main())).toBe(made);
    await runner.close();
  });
});

describe("run_until_complete with pending tasks, then close", () => {
  it("reports 'Task was destroyed but it is pending!' for a task left behind", async () => {
    const loop = newEventLoop({ clock: "virtual" });
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message} ${String(ctx.task)}`));
    let finalised = false;
    const other = coroutine(function* other() {
      try {
        yield* sleep(5);
      } finally {
        finalised = true;
      }
    });
    function* main() {
      createTask(other(), { name: "left" });
      yield* sleep(1);
    }
    await loop.runUntilComplete(main());
    loop.close();
    expect(seen).toHaveLength(1);
    expect(finalised).toBe(true);
    expect(seen[0]).toMatch(
      /^Task was destroyed but it is pending! <Task pending name='left' coro=<other\(\) done, defined at .*> wait_for=<Future pending cb=\[Task\.task_wakeup\(\)\]>>$/,
    );
  });
});
