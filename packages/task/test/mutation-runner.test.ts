/**
 * Runner: `await using` closes it; run() leaves Ctrl-C alone when the program listens for SIGINT
 * itself. Found by Stryker (no coverage), see MUTATION.md.
 */
import { isMainThread } from "node:worker_threads";
import { getRunningLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, KeyboardInterrupt, Runner, run, sleep } from "../src/index.js";

describe("Runner", () => {
  it("[Symbol.asyncDispose]() closes it, as `await using` does", async () => {
    const runner = new Runner({ clock: "virtual" });
    expect(
      await runner.run(
        (function* () {
          yield* sleep(1);
          return "ran";
        })(),
      ),
    ).toBe("ran");
    const loop = runner.getLoop();
    await runner[Symbol.asyncDispose]();
    expect(loop.isClosed()).toBe(true);
    expect(() => runner.getLoop()).toThrow(new Error("Runner is closed"));
  });

  // Only the main thread gets SIGINT handlers (as in CPython); Stryker's worker threads skip this.
  it.skipIf(!isMainThread)(
    "run() installs no Ctrl-C handler when the program already listens for SIGINT",
    async () => {
      const mine: string[] = [];
      const listener = () => mine.push("SIGINT");
      process.on("SIGINT", listener);
      try {
        const result = await run(
          (function* () {
            process.emit("SIGINT");
            yield* sleep(1);
            return "not interrupted";
          })(),
          { clock: "virtual" },
        );
        expect(result).toBe("not interrupted");
        expect(mine).toEqual(["SIGINT"]);
      } finally {
        process.off("SIGINT", listener);
      }
    },
  );

  it.skipIf(!isMainThread)(
    "a second Ctrl-C while the main task still runs raises KeyboardInterrupt (the first only cancelled it)",
    async () => {
      const seen: string[] = [];
      function* main() {
        process.emit("SIGINT");
        try {
          yield* sleep(1);
        } catch (err) {
          seen.push(err instanceof CancelledError ? "cancelled" : String(err));
        }
        process.emit("SIGINT");
        // a third one would end the process: Node's default handler, nobody listens any more
        seen.push(`listeners: ${process.listenerCount("SIGINT")}`);
        yield* sleep(1);
        return "finished";
      }
      await expect(run(main(), { clock: "virtual" })).rejects.toBeInstanceOf(KeyboardInterrupt);
      expect(seen).toEqual(["cancelled", "listeners: 0"]);
      expect(process.listenerCount("SIGINT")).toBe(0);
    },
  );

  it.skipIf(!isMainThread)(
    "a SIGINT handler the program sets with loop.addSignalHandler() replaces run()'s, as in CPython",
    async () => {
      function* main() {
        const loop = getRunningLoop();
        const got: string[] = [];
        loop.addSignalHandler("SIGINT", () => got.push("mine"));
        try {
          process.emit("SIGINT");
          yield* sleep(1);
        } finally {
          loop.removeSignalHandler("SIGINT");
        }
        return got;
      }
      expect(await run(main(), { clock: "virtual" })).toEqual(["mine"]);
    },
  );

  describe("Ctrl-C while run() shuts down (its leftover tasks' finally blocks run)", () => {
    let listenersAfter: number[] = [];
    function* leftover() {
      try {
        yield* sleep(3600);
      } finally {
        process.emit("SIGINT");
        // run()'s handler is gone after one Ctrl-C: the next would end the process (Node's default)
        listenersAfter.push(process.listenerCount("SIGINT"));
      }
    }
    function* main() {
      createTask(leftover());
      yield* sleep(0);
      return "done";
    }

    it.skipIf(!isMainThread)("interrupts the shutdown with a KeyboardInterrupt", async () => {
      listenersAfter = [];
      await expect(run(main(), { clock: "virtual" })).rejects.toBeInstanceOf(KeyboardInterrupt);
      expect(listenersAfter).toEqual([0]);
      expect(process.listenerCount("SIGINT")).toBe(0);
    });

    it.skipIf(!isMainThread)("is left to the program when it listens for SIGINT itself", async () => {
      const mine: string[] = [];
      const listener = () => mine.push("SIGINT");
      process.on("SIGINT", listener);
      try {
        listenersAfter = [];
        expect(await run(main(), { clock: "virtual" })).toBe("done");
        expect(mine).toEqual(["SIGINT"]);
        expect(listenersAfter).toEqual([1]);
      } finally {
        process.off("SIGINT", listener);
      }
    });
  });
});
