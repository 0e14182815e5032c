import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* job(name: string, d: number, fail = false) {
    yield* sleep(d);
    if (fail) throw new RangeError(`${name} failed`);
    print(`${name} finished`);
    return name;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    try {
      yield* gather(job("A", 0.1), job("B", 0.2, true), job("C", 0.3), job("D", 0.4, true));
    } catch (e) {
      print("caught:", (e as Error).message, (loop.time() - t0).toFixed(1));
    }
    yield* sleep(0.3);
    print("after", (loop.time() - t0).toFixed(1));
  }
  await run(main(), { clock: "virtual" });
}
