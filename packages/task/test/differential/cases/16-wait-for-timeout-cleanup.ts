import type { Print } from "@aio/differential";
import { getRunningLoop, repr } from "@aio/loop";
import { run, sleep, TimeoutError, waitFor } from "@aio/task";

export default async function (print: Print) {
  function* slow() {
    try {
      yield* sleep(1);
      return "finished";
    } finally {
      print("cleanup starts");
      yield* sleep(0.1);
      print("cleanup ends");
    }
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    try {
      yield* waitFor(slow(), 0.2);
    } catch (e) {
      if (e instanceof TimeoutError) print("TimeoutError", repr(e.cause), (loop.time() - t0).toFixed(1));
    }
    print(yield* waitFor(sleep(0.1, "in time"), 1));
    print(yield* waitFor(sleep(0.1, "no limit"), null));
  }
  await run(main(), { clock: "virtual" });
}
