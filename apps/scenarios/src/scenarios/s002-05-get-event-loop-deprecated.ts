import { getEventLoop } from "@aio/loop";
import { coroutine, sleep } from "@aio/task";
import { defineScenario, err, out, path, SOURCE_LINE, t } from "../scenario.js";

export default defineScenario({
  id: "S002-05-get-event-loop-deprecated",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "이벤트 루프(Event Loop)",
  title: "Explicit loop: getEventLoop / runUntilComplete / close (DeprecationWarning)",
  kind: "original",
  shows: "The pre-3.7 way: get the loop, run the coroutine until complete, close the loop; it warns on 3.12.",
  document:
    "DeprecationWarning: There is no current event loop\n  loop = asyncio.get_event_loop()\nHello\nWorld",
  expected: [
    out(0, "Hello"),
    out(1, "World"),
    err(0, t`${path()}: DeprecationWarning: There is no current event loop`),
    err(0, "  const loop = getEventLoop();", {
      python: { text: "  loop = asyncio.get_event_loop()", why: SOURCE_LINE },
    }),
  ],
  seconds: 1,
  notes:
    "As CPython 3.12: a DeprecationWarning on stderr, in Python's format through @aio/debug's warnings (file " +
    "and line of the call, then its source line).",
  debug: true,
  async main(io) {
    const helloWorld = coroutine(function* hello_world() {
      io.print("Hello");
      yield* sleep(1);
      io.print("World");
    });
    // 이벤트 루프 생성 및 실행
    const loop = getEventLoop();
    await loop.runUntilComplete(helloWorld());
    loop.close();
  },
});
