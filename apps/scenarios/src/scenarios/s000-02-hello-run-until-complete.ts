import { getEventLoop } from "@aio/loop";
import { coroutine } from "@aio/task";
import { defineScenario, err, out, path, SOURCE_LINE, t } from "../scenario.js";

export default defineScenario({
  id: "S000-02-hello-run-until-complete",
  seed: "000_d32f8485cef36aea.txt",
  section: "## async func",
  title: "Hello World! via loop.runUntilComplete()",
  kind: "reconstructed",
  shows:
    "A coroutine function's coroutine is run to completion by registering it on a loop with runUntilComplete().",
  document: "Hello World!",
  expected: [
    out(0, "Hello World!"),
    err(0, t`${path()}: DeprecationWarning: There is no current event loop`),
    err(0, "  const loop = getEventLoop();", {
      python: { text: "  loop = asyncio.get_event_loop()", why: SOURCE_LINE },
    }),
  ],
  seconds: 0,
  notes:
    "getEventLoop() with no loop set warns as CPython 3.12 does (3.11 was silent), in Python's format through " +
    "@aio/debug's warnings: file and line of the call, then its source line.",
  debug: true,
  async main(io) {
    const hello = coroutine(function* hello() {
      io.print("Hello World!");
    });
    const loop = getEventLoop();
    await loop.runUntilComplete(hello());
    loop.close();
  },
});
