import { coroutine, createTask, sleep } from "@aio/task";
import { hms } from "../python.js";
import { clock, defineScenario, out, type ScenarioIO, t } from "../scenario.js";

/** The program of S001-02 (and, run differently, S001-03). */
export function program(io: ScenarioIO) {
  const timeLog = (step: string) => io.print(hms(io.now()), step);
  const asyncSleep = coroutine(function* async_sleep() {
    yield* sleep(2);
    timeLog("async_sleep");
  });
  return coroutine(function* async_execute() {
    timeLog("start");
    // Event loop에 의한 실행 예약
    const asleep1 = createTask(asyncSleep());
    const asleep2 = createTask(asyncSleep());
    // 실행 완료 대기
    yield* asleep1;
    yield* asleep2;
    timeLog("end");
  });
}

export const expected = [
  out(0, t`${clock()} start`),
  out(2, t`${clock()} async_sleep`),
  out(2, t`${clock()} async_sleep`),
  out(2, t`${clock()} end`),
];

export default defineScenario({
  id: "S001-02-create-task-concurrent",
  seed: "001_7ee35b73976b7826.txt",
  section: "### `asyncio` 비동기 동시 실행",
  title: "createTask + await: two 2 s sleeps finish together (2 s)",
  kind: "original",
  shows:
    "createTask wraps each coroutine in a Task scheduled on the loop; awaiting both lets the two sleeps overlap.",
  document: "11:42:33 start\n11:42:35 async_sleep\n11:42:35 async_sleep\n11:42:35 end",
  expected,
  seconds: 2,
  notes: "The document's first line is VS Code Code Runner's banner, not program output.",
  async main(io) {
    const asyncExecute = program(io);
    // asyncio event loop 생성 및 실행 객체 관리
    await io.run(asyncExecute());
  },
});
