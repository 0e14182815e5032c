import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const chain = () => {
      print("chain");
      loop.callSoon(print, "soon-from-chain");
      loop.callLater(0, print, "later(0)-from-chain");
    };
    loop.callLater(0, print, "later(0)");
    loop.callSoon(print, "soon1");
    loop.callSoon(chain);
    const h = loop.callSoon(print, "cancelled");
    h.cancel();
    yield* sleep(0.05);
    print("done");
  }
  await run(main(), { clock: "virtual" });
}
