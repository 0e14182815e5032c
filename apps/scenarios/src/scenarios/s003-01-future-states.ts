import { getRunningLoop } from "@aio/loop";
import type { Future } from "@aio/task";
import { repr, ValueError } from "../python.js";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S003-01-future-states",
  seed: "003_29c17cf406d3eb43.txt",
  section: "## 2-1. 퓨처 객체(Future Object)",
  title: "Future states PENDING / CANCELLED / FINISHED; an exception also ends FINISHED",
  kind: "claim",
  shows:
    "A future starts PENDING and ends CANCELLED or FINISHED; a future that failed is FINISHED too, holding the exception.",
  expected: [
    out(0, "PENDING PENDING PENDING"),
    out(0, "FINISHED CANCELLED FINISHED"),
    out(0, "done(): True True True"),
    out(0, "c.exception(): ValueError('boom')"),
    out(0, "<Future finished result='ok'>"),
    out(0, "<Future cancelled>"),
    out(0, "<Future finished exception=ValueError('boom')>"),
  ],
  seconds: 0,
  notes: "Python prints `fut._state`; aio exposes the same value as `future.state`.",
  async main(io) {
    function* main() {
      const loop = getRunningLoop();
      const [a, b, c] = [0, 1, 2].map(() => loop.createFuture() as Future<unknown>) as [
        Future<unknown>,
        Future<unknown>,
        Future<unknown>,
      ];
      io.print(a.state, b.state, c.state);
      a.setResult("ok");
      b.cancel();
      c.setException(new ValueError("boom"));
      io.print(a.state, b.state, c.state);
      io.print("done():", a.done(), b.done(), c.done());
      io.print("c.exception():", repr(c.exception()));
      io.print(repr(a));
      io.print(repr(b));
      io.print(repr(c));
    }
    await io.run(main());
  },
});
