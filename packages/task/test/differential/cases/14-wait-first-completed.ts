import { type Print, py } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { createTask, FIRST_COMPLETED, run, sleep, wait } from "@aio/task";

export default async function (print: Print) {
  function* job(v: string, d: number) {
    yield* sleep(d);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const a = createTask(job("a", 0.3));
    const b = createTask(job("b", 0.1));
    let [done, pending] = yield* wait(new Set([a, b]), { returnWhen: FIRST_COMPLETED });
    print(str([...done].map((t) => t.result())), pending.size, (loop.time() - t0).toFixed(1));
    [done, pending] = yield* wait(pending, { timeout: 0.1 });
    print(done.size, pending.size, (loop.time() - t0).toFixed(1), py(a.done()));
    [done, pending] = yield* wait(pending);
    print(str([...done].map((t) => t.result())), (loop.time() - t0).toFixed(1));
  }
  await run(main(), { clock: "virtual" });
}
