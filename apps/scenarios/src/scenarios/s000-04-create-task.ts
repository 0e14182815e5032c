import { coroutine, createTask, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-04-create-task",
  seed: "000_d32f8485cef36aea.txt",
  section: "## create_task",
  title: "Two tasks via createTask run concurrently",
  kind: "reconstructed",
  shows: "Tasks run concurrently: the shorter one finishes first even though it is awaited second.",
  document: "Task 1\nTask 2\nTask 2 Done\nTask 1 Done\nAll Done",
  expected: [
    out(0, "Task 1"),
    out(0, "Task 2"),
    out(1, "Task 2 Done"),
    out(2, "Task 1 Done"),
    out(2, "All Done"),
  ],
  seconds: 2,
  async main(io) {
    const job = coroutine(function* job(name: string, delay: number) {
      io.print(name);
      yield* sleep(delay);
      io.print(`${name} Done`);
    });
    const main = coroutine(function* main() {
      const task1 = createTask(job("Task 1", 2));
      const task2 = createTask(job("Task 2", 1));
      yield* task1;
      yield* task2;
      io.print("All Done");
    });
    await io.run(main());
  },
});
