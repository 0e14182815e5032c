import { defineScenario, err, path, t } from "../scenario.js";

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
  expected: [err(0, t`${path()}: RuntimeWarning: coroutine 'test' was never awaited`)],
  omitted: [
    {
      text: "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
      why: "CPython's hint to turn tracemalloc on; aio records where a coroutine was made in debug mode instead",
    },
  ],
  seconds: 0,
  notes:
    "The core reports it already; the Python warnings format (file:line, source line) comes with @aio/debug.",
  waiting: {
    for: ["@aio/debug"],
    reason: "needs @aio/debug (issue 15) for Python's warning format (file:line, source line)",
  },
});
