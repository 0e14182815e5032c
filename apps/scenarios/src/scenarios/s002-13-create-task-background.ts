import { coroutine, createTask, gather, sleep } from "@aio/task";
import { defineScenario, elapsed, out, t } from "../scenario.js";

export default defineScenario({
  id: "S002-13-create-task-background",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "동시성 처리 › asyncio.create_task()",
  title: "createTask runs work in the background while main does other things (4 s)",
  kind: "original",
  shows: "The delays count from task creation, not from gather: 4 s, not 5 s.",
  document:
    "다른 작업 수행 ...\nTask 1 시작\nTask 2 시작\nTask 3 시작\n다른 작업 완료\nTask 2 완료\nTask 1 완료\nTask 3 완료\n" +
    "모든 작업 완료. 소요 시간: 4.01\n결과: ['Task 1의 결과', 'Task 2의 결과', 'Task 3의 결과']",
  expected: [
    out(0, "다른 작업 수행 중..."),
    out(0, "Task 1 시작"),
    out(0, "Task 2 시작"),
    out(0, "Task 3 시작"),
    out(1, "다른 작업 완료"),
    out(2, "Task 2 완료"),
    out(3, "Task 1 완료"),
    out(4, "Task 3 완료"),
    out(4, t`모든 작업 완료. 소요 시간: ${elapsed(4)}초`),
    out(4, "결과: ['Task 1의 결과', 'Task 2의 결과', 'Task 3의 결과']"),
  ],
  seconds: 4,
  notes:
    "The document lost syllables (`수행 ...` for `수행 중...`, `4.01` without `초`); the program prints them.",
  async main(io) {
    const longRunningTask = coroutine(function* long_running_task(name: string, delay: number) {
      io.print(`${name} 시작`);
      yield* sleep(delay);
      io.print(`${name} 완료`);
      return `${name}의 결과`;
    });
    const main = coroutine(function* main() {
      const startTime = io.time();
      // 태스크 생성
      const task1 = createTask(longRunningTask("Task 1", 3));
      const task2 = createTask(longRunningTask("Task 2", 2));
      const task3 = createTask(longRunningTask("Task 3", 4));
      // 다른 작업 수행
      io.print("다른 작업 수행 중...");
      yield* sleep(1);
      io.print("다른 작업 완료");
      // 모든 태스크의 결과 대기
      const results = yield* gather(task1, task2, task3);
      const endTime = io.time();
      io.print(`모든 작업 완료. 소요 시간: ${(endTime - startTime).toFixed(2)}초`);
      io.print("결과:", results);
    });
    await io.run(main());
  },
});
