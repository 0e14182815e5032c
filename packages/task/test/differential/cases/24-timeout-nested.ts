import { type Print, py } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { currentTask, isCancelledError, run, sleep, TimeoutError, timeout, using } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const outer = timeout(0.5);
    try {
      yield* using(outer, function* () {
        const inner = timeout(0.1);
        try {
          yield* using(inner, function* () {
            yield* sleep(1);
          });
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print("inner expired", py(inner.expired()), py(outer.expired()), (loop.time() - t0).toFixed(1));
        }
        yield* sleep(1);
      });
    } catch (e) {
      if (e instanceof TimeoutError)
        print("outer expired", py(outer.expired()), (loop.time() - t0).toFixed(1));
    }
    const cm = timeout(0.1);
    yield* using(cm, function* () {
      try {
        yield* sleep(1);
      } catch (e) {
        if (!isCancelledError(e)) throw e;
        print("body swallowed the cancel");
      }
    });
    print("no TimeoutError; expired() =", py(cm.expired()), "cancelling =", currentTask()?.cancelling());
  }
  await run(main(), { clock: "virtual" });
}
