import { coroutine, createTask, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-07-create-task-await-order",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "Tasks",
  title: "createTask: awaiting task1 first does not delay task2",
  kind: "original",
  shows: "Both tasks start at once; B finishes at 1 s while main still awaits A; total 2 s, not 3 s.",
  document:
    "Task A started\nTask B started\nTask B finished after 1 seconds\nTask A finished after 2 seconds",
  expected: [
    out(0, "Task A started"),
    out(0, "Task B started"),
    out(1, "Task B finished after 1 seconds"),
    out(2, "Task A finished after 2 seconds"),
  ],
  seconds: 2,
  async main(io) {
    const taskCoroutine = coroutine(function* task_coroutine(name: string, delay: number) {
      io.print(`Task ${name} started`);
      yield* sleep(delay);
      io.print(`Task ${name} finished after ${delay} seconds`);
    });
    const main = coroutine(function* main() {
      // task1과 task2를 생성하여 이벤트 루프에 스케줄링합니다.
      const task1 = createTask(taskCoroutine("A", 2));
      const task2 = createTask(taskCoroutine("B", 1));
      // await task1: task1이 완료될 때까지 기다립니다.
      yield* task1;
      // task1이 완료된 후, task2가 완료될 때까지 기다립니다.
      yield* task2;
    });
    await io.run(main());
  },
});
