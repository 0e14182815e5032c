import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { run, sleep, TimeoutError, timeout, timeoutAt, using } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const cm = timeout(null);
    try {
      cm.reschedule(1);
    } catch (e) {
      print("RuntimeError:", (e as Error).message);
    }
    try {
      yield* using(cm, function* () {
        cm.reschedule(loop.time() + 0.3);
        yield* sleep(0.1);
        cm.reschedule(loop.time() + 0.1);
        yield* sleep(1);
      });
    } catch (e) {
      if (e instanceof TimeoutError) print("expired at", (loop.time() - t0).toFixed(1));
    }
    try {
      cm.reschedule(5);
    } catch (e) {
      print("RuntimeError:", (e as Error).message);
    }
    try {
      yield* using(cm, () => undefined);
    } catch (e) {
      print("RuntimeError:", (e as Error).message);
    }
    const cm2 = timeoutAt(loop.time() - 1);
    try {
      yield* using(cm2, function* () {
        yield* sleep(0);
        print("not reached");
      });
    } catch (e) {
      if (e instanceof TimeoutError) print("past deadline expires on first await");
    }
  }
  await run(main(), { clock: "virtual" });
}
