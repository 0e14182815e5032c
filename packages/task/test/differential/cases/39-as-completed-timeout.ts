import { type Print, py } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { asCompleted, createTask, run, sleep, TimeoutError } from "@aio/task";

export default async function (print: Print) {
  function* job(v: string, d: number) {
    yield* sleep(d);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const slow = createTask(job("slow", 1));
    for (const next of asCompleted([job("fast", 0.1), slow], { timeout: 0.3 })) {
      try {
        print(yield* next, (loop.time() - t0).toFixed(1));
      } catch (e) {
        if (e instanceof TimeoutError) print("TimeoutError", (loop.time() - t0).toFixed(1));
      }
    }
    print("slow still running:", py(!slow.done()));
    print(yield* slow, (loop.time() - t0).toFixed(1));
  }
  await run(main(), { clock: "virtual" });
}
