import { getEventLoop } from "@aio/loop";
import { coroutine } from "@aio/task";
import { defineScenario, err, out, WARNING_LOCATION } from "../scenario.js";

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
    err(0, "DeprecationWarning: There is no current event loop", {
      python: {
        text: "<rundir>/main.py:8: DeprecationWarning: There is no current event loop",
        why: WARNING_LOCATION,
      },
    }),
  ],
  seconds: 0,
  notes:
    "getEventLoop() with no loop set warns as CPython 3.12 does (3.11 was silent); Python's warning line " +
    "also names the file and line, ours is Node's warning name and message.",
  async main(io) {
    const hello = coroutine(function* hello() {
      io.print("Hello World!");
    });
    const loop = getEventLoop();
    await loop.runUntilComplete(hello());
    loop.close();
  },
});
