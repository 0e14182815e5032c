import { type Print, ValueError } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { asCompleted, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* job(v: string, d: number, fail = false) {
    yield* sleep(d);
    if (fail) throw new ValueError(v);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    for (const next of asCompleted([job("c", 0.3), job("a", 0.1), job("b", 0.2, true)])) {
      try {
        print(yield* next, (loop.time() - t0).toFixed(1));
      } catch (e) {
        if (e instanceof ValueError) print("error", e.message, (loop.time() - t0).toFixed(1));
      }
    }
    const coro = job("x", 0);
    try {
      asCompleted(coro as never).next();
    } catch (e) {
      if (e instanceof TypeError) print("TypeError:", e.message);
    }
    coro.return("closed");
  }
  await run(main(), { clock: "virtual" });
}
