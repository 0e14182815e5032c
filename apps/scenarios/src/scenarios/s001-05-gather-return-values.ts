import { coroutine, createTask, gather, sleep, type Task } from "@aio/task";
import { hms } from "../python.js";
import { clock, defineScenario, out, t } from "../scenario.js";

export default defineScenario({
  id: "S001-05-gather-return-values",
  seed: "001_7ee35b73976b7826.txt",
  section: "#### `asyncio` 동시에 여러개 `Task` 예약 (리턴값 처리)",
  title: "gather collects the tasks' return values",
  kind: "original",
  shows:
    "yield* gather(...tasks) returns the tasks' return values, stamped with their completion time, in creation order.",
  document:
    "12:24:41 start\n12:24:43 async_sleep\n12:24:43 async_sleep\n12:24:43 async_sleep\n12:24:43 async_sleep\n12:24:43 async_sleep\n12:24:43 end",
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
      return `${hms(io.now())} async_sleep`;
    });
    const asyncExecute = coroutine(function* async_execute() {
      timeLog("start");
      const tasks: Task<string>[] = [];
      for (let i = 0; i < 5; i++) tasks.push(createTask(asyncSleep()));
      // Future 및 Task 객체 대기 및 리턴값 수집
      const fut = yield* gather(...tasks);
      for (const f of fut) io.print(f);
      timeLog("end");
    });
    await io.run(asyncExecute());
  },
});
