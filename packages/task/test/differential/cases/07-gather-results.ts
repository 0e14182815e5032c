import type { Print } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* value<T>(v: T, delay: number) {
    yield* sleep(delay);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const r = yield* gather(value("slow", 0.3), value("fast", 0.1), value("mid", 0.2));
    print(str(r), (loop.time() - t0).toFixed(1));
    print(str(yield* gather()));
    const t = createTask(value(1, 0.1));
    print(str(yield* gather(t, t, value(2, 0))));
  }
  await run(main(), { clock: "virtual" });
}
