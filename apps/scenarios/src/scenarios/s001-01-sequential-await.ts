import { coroutine, sleep } from "@aio/task";
import { hms } from "../python.js";
import { clock, defineScenario, out, t } from "../scenario.js";

export default defineScenario({
  id: "S001-01-sequential-await",
  seed: "001_7ee35b73976b7826.txt",
  section: "### 일반적인 `Coroutine` 코드",
  title: "Two awaited sleeps run one after the other (4 s)",
  kind: "original",
  shows:
    "Coroutines are not automatically concurrent: awaiting asyncSleep() twice in sequence takes 2 s + 2 s.",
  document: "11:39:00 start\n11:39:02 async_sleep\n11:39:04 async_sleep\n11:39:04 end",
  expected: [
    out(0, t`${clock()} start`),
    out(2, t`${clock()} async_sleep`),
    out(4, t`${clock()} async_sleep`),
    out(4, t`${clock()} end`),
  ],
  seconds: 4,
  notes: "The document's first line is VS Code Code Runner's banner, not program output.",
  async main(io) {
    const timeLog = (step: string) => io.print(hms(io.now()), step);
    const asyncSleep = coroutine(function* async_sleep() {
      yield* sleep(2);
      timeLog("async_sleep");
    });
    const asyncExecute = coroutine(function* async_execute() {
      timeLog("start");
      yield* asyncSleep();
      yield* asyncSleep();
      timeLog("end");
    });
    await io.run(asyncExecute());
  },
});
