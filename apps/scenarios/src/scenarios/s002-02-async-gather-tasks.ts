import { coroutine, gather, sleep } from "@aio/task";
import { defineScenario, elapsed, out, t } from "../scenario.js";

export default defineScenario({
  id: "S002-02-async-gather-tasks",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "비동기 프로그래밍 예제",
  title: "gather of three sleeping tasks takes the longest, not the sum (3 s)",
  kind: "original",
  shows: "The same three tasks under gather overlap: about 3 s instead of 6 s.",
  document:
    "Task 1 작업 시작\nTask 2 작업 시작\nTask 3 작업 시작\nTask 3 작업 완료\nTask 1 작업 완료\nTask 2 작업 완료\n 실행 시간: 3.01",
  expected: [
    out(0, "Task 1 작업 시작"),
    out(0, "Task 2 작업 시작"),
    out(0, "Task 3 작업 시작"),
    out(1, "Task 3 작업 완료"),
    out(2, "Task 1 작업 완료"),
    out(3, "Task 2 작업 완료"),
    out(3, t`총 실행 시간: ${elapsed(3)}초`),
  ],
  observed: 1, // the program with the missing `import time` added (the verbatim one fails)
  seconds: 3,
  notes:
    "Document mistake: its code lacks `import time` and raises NameError before printing anything; this is " +
    "the program with the import added. Its last line lost Hangul syllables (` 실행 시간: 3.01`).",
  async main(io) {
    const asyncTask = coroutine(function* async_task(name: string, duration: number) {
      io.print(`${name} 작업 시작`);
      yield* sleep(duration); // 비동기적 대기
      io.print(`${name} 작업 완료`);
    });
    const main = coroutine(function* main() {
      const start = io.time();
      yield* gather(asyncTask("Task 1", 2), asyncTask("Task 2", 3), asyncTask("Task 3", 1));
      const end = io.time();
      io.print(`총 실행 시간: ${(end - start).toFixed(2)}초`);
    });
    await io.run(main());
  },
});
