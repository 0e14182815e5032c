import { type Print, ValueError } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { createTask, run, sleep, wait } from "@aio/task";

export default async function (print: Print) {
  function* job(v: string, d: number, fail = false) {
    yield* sleep(d);
    if (fail) throw new ValueError(v);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const ts = [createTask(job("a", 0.2)), createTask(job("b", 0.1, true)), createTask(job("c", 0.3))];
    const [done, pending] = yield* wait(ts);
    print(done.size, pending.size, (loop.time() - t0).toFixed(1));
    print(
      str(
        [...done]
          .filter((t) => t.exception() !== null)
          .map((t) => str(t.exception()))
          .sort(),
      ),
    );
    print(
      str(
        [...done]
          .filter((t) => t.exception() === null)
          .map((t) => t.result())
          .sort(),
      ),
    );
  }
  await run(main(), { clock: "virtual" });
}
