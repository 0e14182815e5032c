/**
 * Runner: `await using` closes it; run() leaves Ctrl-C alone when the program listens for SIGINT
 * itself. Found by Stryker (no coverage), see MUTATION.md.
 */
import { isMainThread } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { Runner, run, sleep } from "../src/index.js";

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
});
