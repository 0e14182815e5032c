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
  waitingFor: ["@aio/executor"],
});
