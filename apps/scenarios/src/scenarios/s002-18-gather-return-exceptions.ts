import { coroutine, gather, isCancelledError, sleep } from "@aio/task";
import { ValueError } from "../python.js";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-18-gather-return-exceptions",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "예외 처리와 디버깅 › asyncio.gather()에서의 예외 처리",
  title: "gather with returnExceptions: one failure, one success",
  kind: "original",
  shows: "task1 fails at 1 s but gather waits for task2; the failure comes back as a value in the list.",
  document: "Task failed with error: Error in task1\nTask succeeded with result: Task2 result",
  expected: [
    out(2, "Task failed with error: Error in task1"),
    out(2, "Task succeeded with result: Task2 result"),
  ],
  seconds: 2,
  async main(io) {
    const task1 = coroutine(function* task1() {
      yield* sleep(1);
      throw new ValueError("Error in task1");
    });
    const task2 = coroutine(function* task2() {
      yield* sleep(2);
      return "Task2 result";
    });
    const main = coroutine(function* main() {
      try {
        const results = yield* gather(task1(), task2(), { returnExceptions: true });
        for (const result of results) {
          if (result instanceof Error) io.print(`Task failed with error: ${result.message}`);
          else io.print(`Task succeeded with result: ${result}`);
        }
      } catch (e) {
        if (isCancelledError(e)) throw e; // Python's `except Exception` lets cancellation through
        io.print(`An unexpected error occurred: ${(e as Error).message}`);
      }
    });
    await io.run(main());
  },
});
