import { type Print, py } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { currentTask, run, sleep, TimeoutError, timeout, using } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    let cm = timeout(0.2);
    try {
      yield* using(cm, function* (c) {
        print("entered", py(c.expired()));
        yield* sleep(1);
      });
    } catch (e) {
      if (e instanceof TimeoutError) {
        print("TimeoutError", (e.cause as Error).name, (loop.time() - t0).toFixed(1), py(cm.expired()));
      }
    }
    cm = timeout(1);
    yield* using(cm, function* () {
      yield* sleep(0.1);
    });
    print("no timeout", py(cm.expired()), String(cm));
    cm = timeout(null);
    yield* using(cm, function* () {
      yield* sleep(0.1);
    });
    print("when:", str(cm.when()), currentTask()?.cancelling());
  }
  await run(main(), { clock: "virtual" });
}
