import { clock, defineScenario, out, stamped, t } from "../scenario.js";

export default defineScenario({
  id: "S001-06-run-in-executor",
  seed: "001_7ee35b73976b7826.txt",
  section: "### awaitable 하지 않은 blocking 함수 `asyncio` 실행",
  title: "runInExecutor runs five blocking 2 s sleeps in the default thread pool (2 s)",
  kind: "original",
  shows:
    "loop.runInExecutor(null, syncSleep, …) runs a blocking function on the default executor; five blocking " +
    "2 s sleeps overlap in worker threads and gather returns their results in argument order.",
  document: "12:34:14 start\n12:34:16 0\n12:34:16 1\n12:34:16 2\n12:34:16 3\n12:34:16 4\n12:34:16 end",
  expected: [
    out(0, t`${clock()} start`),
    ...[0, 1, 2, 3, 4].map((i) => out(2, stamped(String(i)))),
    out(2, t`${clock()} end`),
  ],
  seconds: 2,
  waitingFor: ["@aio/executor"],
});
