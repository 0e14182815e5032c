import { defineScenario, err, path, t } from "../scenario.js";

export default defineScenario({
  id: "S002-21-never-awaited-debug-traceback",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › 디버그 모드",
  title: "Forgotten await in debug mode: warning plus 'Coroutine created at' traceback",
  kind: "original",
  shows: "In debug mode the never-awaited warning also shows where the coroutine was created.",
  expected: [
    err(0, t`${path()}: RuntimeWarning: coroutine 'test' was never awaited`),
    err(0, "Coroutine created at (most recent call last)"),
  ],
  omitted: [
    {
      text: "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
      why: "CPython's hint to turn tracemalloc on; aio records where a coroutine was made in debug mode instead",
    },
  ],
  seconds: 0,
  notes: "The core records the creation stack already; Python's traceback format comes with @aio/debug.",
  waiting: {
    for: ["@aio/debug"],
    reason: "needs @aio/debug (issue 15) for Python's warning and traceback format",
  },
});
