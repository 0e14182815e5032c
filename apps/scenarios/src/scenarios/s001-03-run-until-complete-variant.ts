import { getEventLoop } from "@aio/loop";
import { defineScenario, err, path, SOURCE_LINE, t } from "../scenario.js";
import { expected, program } from "./s001-02-create-task-concurrent.js";

export default defineScenario({
  id: "S001-03-run-until-complete-variant",
  seed: "001_7ee35b73976b7826.txt",
  section: "### `asyncio` 비동기 동시 실행 (the commented low-level alternative)",
  title: "Same program driven by getEventLoop().runUntilComplete() (pre-3.7 style)",
  kind: "original",
  shows:
    "Before asyncio.run, a program got the loop and called runUntilComplete itself; the result is the same.",
  expected: [
    ...expected,
    err(0, t`${path()}: DeprecationWarning: There is no current event loop`),
    err(0, "  const loop = getEventLoop();", {
      python: { text: "  loop = asyncio.get_event_loop()", why: SOURCE_LINE },
    }),
  ],
  seconds: 2,
  notes:
    "The document shows no separate output. getEventLoop() with no loop set warns, as on CPython 3.12 " +
    "(3.11 was silent).",
  debug: true,
  async main(io) {
    const asyncExecute = program(io);
    const loop = getEventLoop();
    await loop.runUntilComplete(asyncExecute());
  },
});
