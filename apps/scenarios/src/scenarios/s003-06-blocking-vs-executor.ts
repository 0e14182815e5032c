import { sleepSync } from "@aio/executor";
import { getRunningLoop } from "@aio/loop";
import { coroutine, createTask, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S003-06-blocking-vs-executor",
  seed: "003_29c17cf406d3eb43.txt",
  section: "# 5. 동기 함수를 코루틴처럼 쓰기 : loop.run_in_executor() 메서드",
  title: "A blocking sleep freezes the loop; runInExecutor moves it to a thread",
  kind: "claim",
  shows:
    "time.sleep inside a coroutine stops every other task; the same call in the executor leaves the loop free.",
  expected: [
    out(0, "tick 0"),
    out(1.5, "blocking time.sleep done"),
    out(1.5, "tick 1"),
    out(2, "tick 2"),
    out(3, "executor time.sleep done"),
  ],
  seconds: 3,
  clock: "real",
  notes:
    "sleepSync is Python's time.sleep (Atomics.wait); in the executor it blocks a worker thread, not the loop.",
  async main(io) {
    const ticker = coroutine(function* ticker() {
      for (let i = 0; i < 3; i++) {
        io.print(`tick ${i}`);
        yield* sleep(0.5);
      }
    });
    const main = coroutine(function* main() {
      const t = createTask(ticker());
      yield* sleep(0); // ticker prints "tick 0"
      sleepSync(1.5); // blocks the whole loop: no tick can run
      io.print("blocking time.sleep done");
      const loop = getRunningLoop();
      yield* loop.runInExecutor(null, sleepSync, 1.5); // runs in a worker thread
      io.print("executor time.sleep done");
      yield* t;
    });
    await io.run(main());
  },
});
