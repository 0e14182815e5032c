import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { type Future, run } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    // main waits for the last callback, not for a timer: a stall of the machine cannot reorder it.
    const finished = loop.createFuture<void>();
    const last = () => {
      print("later(0)-from-chain");
      (finished as Future<void>).setResult(undefined);
    };
    const chain = () => {
      print("chain");
      loop.callSoon(print, "soon-from-chain");
      loop.callLater(0, last);
    };
    loop.callLater(0, print, "later(0)");
    loop.callSoon(print, "soon1");
    loop.callSoon(chain);
    const h = loop.callSoon(print, "cancelled");
    h.cancel();
    yield* finished;
    print("done");
  }
  await run(main(), { clock: "virtual" });
}
