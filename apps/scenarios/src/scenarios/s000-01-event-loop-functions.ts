import { getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from "@aio/loop";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-01-event-loop-functions",
  seed: "000_d32f8485cef36aea.txt",
  section: "## 이벤트 루프",
  title: "Event-loop functions: getRunningLoop / getEventLoop / setEventLoop / newEventLoop",
  kind: "claim",
  shows:
    "getRunningLoop() only works inside a running loop; getEventLoop() returns the loop set for the thread; " +
    "setEventLoop() installs a loop; newEventLoop() makes a fresh, not-running, not-closed loop.",
  expected: [
    out(0, "outside a coroutine: RuntimeError: no running event loop"),
    out(0, "new_event_loop() gives a fresh loop: EventLoop False False", {
      python: {
        text: "new_event_loop() gives a fresh loop: _UnixSelectorEventLoop False False",
        why: "the loop's class name is ours (a TypeScript program prints its own loop's class name)",
      },
    }),
    out(0, "after set_event_loop(loop): get_event_loop() is loop: True"),
    out(0, "inside main: get_running_loop() is loop: True"),
    out(0, "inside main: get_event_loop() is loop: True"),
    out(0, "closed: True"),
  ],
  seconds: 0,
  notes: "The loop's class name is ours (EventLoop); CPython prints _UnixSelectorEventLoop.",
  async main(io) {
    const loop = newEventLoop();
    function* main() {
      const running = getRunningLoop();
      io.print("inside main: get_running_loop() is loop:", running === loop);
      io.print("inside main: get_event_loop() is loop:", getEventLoop() === loop);
    }
    try {
      getRunningLoop();
    } catch (e) {
      io.print("outside a coroutine: RuntimeError:", (e as Error).message);
    }
    io.print(
      "new_event_loop() gives a fresh loop:",
      loop.constructor.name,
      loop.isRunning(),
      loop.isClosed(),
    );
    setEventLoop(loop);
    io.print("after set_event_loop(loop): get_event_loop() is loop:", getEventLoop() === loop);
    await loop.runUntilComplete(main());
    loop.close();
    io.print("closed:", loop.isClosed());
  },
});
