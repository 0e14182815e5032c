import { coroutine, createTask, gather, sleep, type Task } from "@aio/task";
import { hms } from "../python.js";
import { clock, defineScenario, out, t } from "../scenario.js";

export default defineScenario({
  id: "S001-04-gather-five-tasks",
  seed: "001_7ee35b73976b7826.txt",
  section: "#### `asyncio` 동시에 여러개 `Task` 예약",
  title: "gather over five tasks (2 s)",
  kind: "original",
  shows:
    "Five tasks created in a loop are awaited together with gather(...tasks); all five 2 s sleeps overlap.",
  document:
    "12:15:01 start\n12:15:03 async_sleep\n12:15:03 async_sleep\n12:15:03 async_sleep\n12:15:03 async_sleep\n12:15:03 async_sleep\n12:15:03 end",
  expected: [
    out(0, t`${clock()} start`),
    ...Array.from({ length: 5 }, () => out(2, t`${clock()} async_sleep`)),
    out(2, t`${clock()} end`),
  ],
  seconds: 2,
  async main(io) {
    const timeLog = (step: string) => io.print(hms(io.now()), step);
    const asyncSleep = coroutine(function* async_sleep() {
      yield* sleep(2);
      timeLog("async_sleep");
    });
    const asyncExecute = coroutine(function* async_execute() {
      timeLog("start");
      const tasks: Task<void>[] = [];
      for (let i = 0; i < 5; i++) tasks.push(createTask(asyncSleep()));
      // task 의 배열, 모두 실행 완료대기
      yield* gather(...tasks);
      timeLog("end");
    });
    await io.run(asyncExecute());
  },
});
