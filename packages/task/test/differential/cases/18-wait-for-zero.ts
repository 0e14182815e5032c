import type { Print } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { createTask, type Future, run, sleep, TimeoutError, waitFor } from "@aio/task";

export default async function (print: Print) {
  function* quick() {
    return "quick";
  }
  function* main() {
    const loop = getRunningLoop();
    const f = loop.createFuture<string>() as Future<string>;
    f.setResult("ready");
    print(yield* waitFor(f, 0));
    const started: number[] = [];
    function* never() {
      started.push(1);
      yield* sleep(1);
    }
    try {
      yield* waitFor(never(), 0);
    } catch (e) {
      if (e instanceof TimeoutError) print("TimeoutError, started:", str(started));
    }
    const t = createTask(quick());
    yield* sleep(0);
    print(yield* waitFor(t, -1));
  }
  await run(main(), { clock: "virtual" });
}
