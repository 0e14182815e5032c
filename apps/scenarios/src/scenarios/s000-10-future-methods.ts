import { getRunningLoop } from "@aio/loop";
import { type Future, InvalidStateError, isCancelledError, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-10-future-methods",
  seed: "000_d32f8485cef36aea.txt",
  section: "## Future, Task › ### Future",
  title: "Future API: result, done, cancelled, add/removeDoneCallback, cancel, getLoop",
  kind: "claim",
  shows:
    "Each of the seven Future methods the document lists: result() before completion raises InvalidStateError, " +
    "a removed callback never runs, the added one runs once the result is set, cancel() marks it done and cancelled.",
  expected: [
    out(0, "done(): False cancelled(): False"),
    out(0, "get_loop() is running loop: True"),
    out(0, "result() before set: InvalidStateError: Result is not set."),
    out(0, "remove_done_callback(never) removed: 1"),
    out(1, "callback: done, result = 42"),
    out(1, "await fut -> 42"),
    out(1, "done(): True result(): 42"),
    out(1, "cancel(): True cancelled(): True done(): True"),
    out(1, "result() on a cancelled future raises CancelledError"),
    out(1, "cancel() again: False"),
  ],
  seconds: 1,
  async main(io) {
    function onDone(fut: Future<number>) {
      io.print("callback: done, result =", fut.result());
    }
    function never() {
      io.print("this callback was removed and never runs");
    }
    function* main() {
      const loop = getRunningLoop();
      const fut = loop.createFuture<number>() as Future<number>;
      io.print("done():", fut.done(), "cancelled():", fut.cancelled());
      io.print("get_loop() is running loop:", fut.getLoop() === loop);
      try {
        fut.result();
      } catch (e) {
        if (e instanceof InvalidStateError) io.print("result() before set: InvalidStateError:", e.message);
      }
      fut.addDoneCallback(onDone);
      fut.addDoneCallback(never);
      io.print("remove_done_callback(never) removed:", fut.removeDoneCallback(never));
      loop.callLater(1, (v: number) => fut.setResult(v), 42);
      io.print("await fut ->", yield* fut);
      yield* sleep(0); // let the done-callback (scheduled with callSoon) run
      io.print("done():", fut.done(), "result():", fut.result());

      const other = loop.createFuture() as Future<unknown>;
      io.print("cancel():", other.cancel(), "cancelled():", other.cancelled(), "done():", other.done());
      try {
        other.result();
      } catch (e) {
        if (isCancelledError(e)) io.print("result() on a cancelled future raises CancelledError");
      }
      io.print("cancel() again:", other.cancel());
    }
    await io.run(main());
  },
});
