import { coroutine, gather, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-04-gather-two-tasks",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "조금 복잡한 예시 코드",
  title: "gather(task1(), task2()): the shorter finishes first (2 s)",
  kind: "original",
  shows: "About 2 s, not 3 s (2 s + 1 s): the two tasks overlap.",
  document: "Task 1 started\nTask 2 started\nTask 2 finished\nTask 1 finished",
  expected: [
    out(0, "Task 1 started"),
    out(0, "Task 2 started"),
    out(1, "Task 2 finished"),
    out(2, "Task 1 finished"),
  ],
  seconds: 2,
  async main(io) {
    const task1 = coroutine(function* task1() {
      io.print("Task 1 started");
      yield* sleep(2);
      io.print("Task 1 finished");
    });
    const task2 = coroutine(function* task2() {
      io.print("Task 2 started");
      yield* sleep(1);
      io.print("Task 2 finished");
    });
    const main = coroutine(function* main() {
      yield* gather(task1(), task2());
    });
    await io.run(main());
  },
});
