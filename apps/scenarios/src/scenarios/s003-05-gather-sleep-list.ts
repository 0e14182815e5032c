import { getEventLoop } from "@aio/loop";
import { coroutine, createTask, gather, sleep } from "@aio/task";
import { str } from "../python.js";
import { defineScenario, elapsed, err, out, path, SOURCE_LINE, t } from "../scenario.js";

export default defineScenario({
  id: "S003-05-gather-sleep-list",
  seed: "003_29c17cf406d3eb43.txt",
  section: "# 4. 태스크 동시 실행: asyncio.create_task() 함수 › ## 예제 코드",
  title: "Two tasks (1 s, 2 s) gathered under runUntilComplete: result [1, 2] in 2.00 s",
  kind: "original",
  shows:
    "Tasks created from a list run concurrently; gather returns their values in order after the longest.",
  document: "result : [1, 2]\ntotal time : 2.00 sec",
  expected: [
    out(2, "result : [1, 2]"),
    out(2, t`total time : ${elapsed(2)} sec`),
    err(0, t`${path()}: DeprecationWarning: There is no current event loop`),
    err(0, "  const loop = getEventLoop();", {
      python: { text: "  loop = asyncio.get_event_loop()", why: SOURCE_LINE },
    }),
  ],
  seconds: 2,
  notes: "getEventLoop() with no loop set warns, as on CPython 3.12.",
  debug: true,
  async main(io) {
    const sleepFor = coroutine(function* sleep_(sec: number) {
      yield* sleep(sec);
      return sec;
    });
    const main = coroutine(function* main() {
      const secList = [1, 2];
      const tasks = secList.map((sec) => createTask(sleepFor(sec))); // [Task 1 객체, Task 2 객체]
      return yield* gather(...tasks); // [Task 1 객체의 결과 값, Task 2 객체의 결과 값]
    });
    const start = io.time();
    const loop = getEventLoop();
    const result = await loop.runUntilComplete(main());
    loop.close();
    const end = io.time();
    io.print(`result : ${str(result)}`);
    io.print(`total time : ${(end - start).toFixed(2)} sec`);
  },
});
