import { coroutine, gather, sleep } from "@aio/task";
import { defineScenario, elapsed, out, t } from "../scenario.js";

export default defineScenario({
  id: "S002-12-gather-results",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "동시성 처리 › asyncio.gather()",
  title: "gather returns results in argument order; total = longest (4 s)",
  kind: "original",
  shows: "Completion order follows the delays, the result list follows the arguments; 4 s, not 9 s.",
  document:
    "Task 1 시작\nTask 2 시작\nTask 3 시작\nTask 2 완료\nTask 1 완료\nTask 3 완료\n모든 작업 완료. 소요 시간: 4.02\n" +
    "결과: ['Task 1의 결과', 'Task 2의 결과', 'Task 3의 결과']",
  expected: [
    out(0, "Task 1 시작"),
    out(0, "Task 2 시작"),
    out(0, "Task 3 시작"),
    out(2, "Task 2 완료"),
    out(3, "Task 1 완료"),
    out(4, "Task 3 완료"),
    out(4, t`모든 작업 완료. 소요 시간: ${elapsed(4)}초`),
    out(4, "결과: ['Task 1의 결과', 'Task 2의 결과', 'Task 3의 결과']"),
  ],
  seconds: 4,
  notes: "The document's summary line lost a syllable (`4.02` without `초`); the program prints `4.00초`.",
  async main(io) {
    const fetchData = coroutine(function* fetch_data(name: string, delay: number) {
      io.print(`${name} 시작`);
      yield* sleep(delay); // 네트워크 요청 시뮬레이션
      io.print(`${name} 완료`);
      return `${name}의 결과`;
    });
    const main = coroutine(function* main() {
      const startTime = io.time();
      // gather()를 사용하여 여러 작업을 동시에 실행
      const results = yield* gather(fetchData("Task 1", 3), fetchData("Task 2", 2), fetchData("Task 3", 4));
      const endTime = io.time();
      io.print(`모든 작업 완료. 소요 시간: ${(endTime - startTime).toFixed(2)}초`);
      io.print("결과:", results);
    });
    await io.run(main());
  },
});
