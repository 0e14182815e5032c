import { coroutine, sleep, TimeoutError, waitFor } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-08-wait-for-timeout",
  seed: "000_d32f8485cef36aea.txt",
  section: "## wait_for",
  title: "waitFor with a timeout raises TimeoutError",
  kind: "reconstructed",
  shows:
    "waitFor() bounds an awaitable: when the timeout expires the inner coroutine is cancelled and TimeoutError raised.",
  document: "Time Out!",
  expected: [out(1, "Time Out!")],
  seconds: 1,
  async main(io) {
    const longJob = coroutine(function* long_job() {
      yield* sleep(10);
      io.print("Done!");
    });
    const main = coroutine(function* main() {
      try {
        yield* waitFor(longJob(), 1);
      } catch (e) {
        if (e instanceof TimeoutError) io.print("Time Out!");
        else throw e;
      }
    });
    await io.run(main());
  },
});
