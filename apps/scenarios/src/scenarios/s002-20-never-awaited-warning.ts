import { any, defineScenario, err, t } from "../scenario.js";

export default defineScenario({
  id: "S002-20-never-awaited-warning",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › 일반 모드",
  title: "Forgotten await: RuntimeWarning 'coroutine … was never awaited'",
  kind: "original",
  shows: "A coroutine that is called but never awaited is reported on stderr; stdout stays empty.",
  document:
    "xxxxx 7: RuntimeWarning: coroutine 'test' was never awaited\n  test()\n" +
    "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
  expected: [err(0, t`${any()}RuntimeWarning: coroutine 'test' was never awaited`)],
  seconds: 0,
  notes:
    "The core reports it already; the Python warnings format (file:line, source line) comes with @aio/debug.",
  waitingFor: ["@aio/debug"],
});
