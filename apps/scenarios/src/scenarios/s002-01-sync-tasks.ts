import { defineScenario, elapsed, out, t } from "../scenario.js";

export default defineScenario({
  id: "S002-01-sync-tasks",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "동기 프로그래밍 예제",
  title: "Blocking sleeps run one after another (6 s)",
  kind: "original",
  shows: "Without an event loop, blocking work runs strictly in sequence: 2 + 3 + 1 = 6 s.",
  document:
    "Task 1 작업 시작\nTask 1 작업 완료\nTask 2 작업 시작\nTask 2 작업 완료\nTask 3 작업 시작\nTask 3 작업 완료\n 실행 시간: 6.03",
  expected: [
    out(0, "Task 1 작업 시작"),
    out(2, "Task 1 작업 완료"),
    out(2, "Task 2 작업 시작"),
    out(5, "Task 2 작업 완료"),
    out(5, "Task 3 작업 시작"),
    out(6, "Task 3 작업 완료"),
    out(6, t`총 실행 시간: ${elapsed(6)}초`),
  ],
  seconds: 6,
  notes:
    "The document's last line lost Hangul syllables (` 실행 시간: 6.03`); the program prints `총 실행 시간: 6.00초`. " +
    "time.sleep blocks the thread for real (Atomics.wait); on the virtual clock it moves time on instead.",
  main(io) {
    function syncTask(name: string, duration: number) {
      io.print(`${name} 작업 시작`);
      io.blockingSleep(duration); // 작업 시뮬레이션
      io.print(`${name} 작업 완료`);
    }
    const start = io.time();
    syncTask("Task 1", 2);
    syncTask("Task 2", 3);
    syncTask("Task 3", 1);
    const end = io.time();
    io.print(`총 실행 시간: ${(end - start).toFixed(2)}초`);
  },
});
