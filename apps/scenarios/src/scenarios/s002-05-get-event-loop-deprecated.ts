import { getEventLoop } from "@aio/loop";
import { coroutine, sleep } from "@aio/task";
import { defineScenario, err, out, WARNING_LOCATION } from "../scenario.js";

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
    err(0, "DeprecationWarning: There is no current event loop", {
      python: {
        text: "<rundir>/main.py:9: DeprecationWarning: There is no current event loop",
        why: WARNING_LOCATION,
      },
    }),
  ],
  seconds: 1,
  notes:
    "As CPython 3.12: a DeprecationWarning on stderr. Python's warning line also names the file and line and " +
    "quotes the source line; ours is Node's warning name and message.",
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
