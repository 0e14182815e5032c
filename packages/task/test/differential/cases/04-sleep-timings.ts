import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { createTask, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* job(name: string, delay: number, t0: number) {
    const loop = getRunningLoop();
    print(name, "start", (loop.time() - t0).toFixed(1));
    const r = yield* sleep(delay, name.toUpperCase());
    print(name, "end", (loop.time() - t0).toFixed(1), r);
  }
  function* main() {
    const t0 = getRunningLoop().time();
    const t1 = createTask(job("x", 0.2, t0));
    const t2 = createTask(job("y", 0.1, t0));
    yield* t1;
    yield* t2;
    yield* job("z", 0.1, t0);
  }
  await run(main(), { clock: "virtual" });
}
