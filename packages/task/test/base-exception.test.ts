/**
 * KeyboardInterrupt and SystemExit are Python's BaseExceptions that are not Exceptions: raised on
 * the loop they stop it and escape run(), never reported as a task's error, never wrapped.
 */
import { getRunningLoop, isBaseException } from "@aio/loop";
import { captureStderr } from "@aio/test-support";
import { describe, expect, it } from "vitest";
import {
  createTask,
  ExceptionGroup,
  KeyboardInterrupt,
  run,
  SystemExit,
  sleep,
  TaskGroup,
  using,
} from "../src/index.js";

describe("KeyboardInterrupt and SystemExit", () => {
  it("carry Python's args and code, and the brand that makes them stop the loop", () => {
    expect(new SystemExit(3).code).toBe(3);
    expect(new SystemExit().code).toBeNull();
    expect(new SystemExit("bye").message).toBe("bye");
    expect(new KeyboardInterrupt().args).toEqual([]);
    expect([new KeyboardInterrupt(), new SystemExit(1), new Error("x")].map(isBaseException)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("raised in a task, it escapes run() as the same object, after the others were cancelled, and nothing is reported", async () => {
    const exit = new SystemExit(2);
    const cleaned: string[] = [];
    function* worker() {
      try {
        yield* sleep(10);
      } finally {
        cleaned.push("worker");
      }
    }
    function* main() {
      createTask(worker());
      createTask(
        (function* () {
          yield* sleep(1);
          throw exit;
        })(),
      );
      yield* sleep(5);
      return "not reached";
    }
    let escaped: unknown;
    const stderr = await captureStderr(async () => {
      escaped = await run(main(), { clock: "virtual" }).catch((e: unknown) => e);
    });
    expect(escaped).toBe(exit);
    expect(cleaned).toEqual(["worker"]);
    expect(stderr).toBe("");
  });

  it("raised in a TaskGroup's body, it comes out as it is, not in an ExceptionGroup", async () => {
    function* main() {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(sleep(1));
        yield* sleep(0);
        throw new KeyboardInterrupt();
      });
    }
    const err = await run(main(), { clock: "virtual" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyboardInterrupt);
    expect(err).not.toBeInstanceOf(ExceptionGroup);
  });

  it("raised in a plain callback, it stops the loop", async () => {
    function* main() {
      getRunningLoop().callSoon(() => {
        throw new KeyboardInterrupt();
      });
      yield* sleep(1);
      return "not reached";
    }
    await expect(run(main(), { clock: "virtual" })).rejects.toBeInstanceOf(KeyboardInterrupt);
  });
});
