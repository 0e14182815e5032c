import { defineScenario, err, out, path, t } from "../scenario.js";

export default defineScenario({
  id: "S002-19-debug-mode-effects",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › 디버그 모드 활성화",
  title: "What run(main(), { debug: true }) changes",
  kind: "claim",
  shows:
    "Debug mode: a step that blocks the loop 200 ms is logged as slow, and calling the loop from another " +
    "thread raises 'Non-thread-safe operation invoked on an event loop other than the current one'.",
  expected: [
    out(0, "debug: True slow_callback_duration: 0.1"),
    err(
      0.2,
      t`WARNING:asyncio:Executing <Task finished name='Task-2' coro=<slow_step() done, defined at ${path()}> result=None created at ${path()}> took 0.200 seconds`,
    ),
    out(
      0.2,
      "call_soon from another thread -> RuntimeError: Non-thread-safe operation invoked on an event loop other than the current one",
    ),
  ],
  seconds: 0.2,
  waiting: {
    for: ["@aio/debug", "@aio/executor"],
    reason: "needs @aio/debug: logging and debug mode made visible (issue 15)",
  },
});
