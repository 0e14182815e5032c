import { type Print, py, ValueError } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { createTask, FIRST_EXCEPTION, type ReturnWhen, run, sleep, type Task, wait } from "@aio/task";

export default async function (print: Print) {
  function* job(v: string, d: number, fail = false) {
    yield* sleep(d);
    if (fail) throw new ValueError(v);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const ts = [createTask(job("a", 0.1)), createTask(job("b", 0.2, true)), createTask(job("c", 0.3))];
    let [done, pending] = yield* wait(ts, { returnWhen: FIRST_EXCEPTION });
    print(done.size, pending.size, (loop.time() - t0).toFixed(1));
    const c = ts[2] as Task<string>;
    c.cancel();
    [done, pending] = yield* wait([c], { returnWhen: FIRST_EXCEPTION });
    print(done.size, py(c.cancelled()));
    for (const bad of [[], "bogus"]) {
      try {
        if (Array.isArray(bad)) yield* wait(bad);
        else yield* wait(ts, { returnWhen: bad as ReturnWhen });
      } catch (e) {
        if (e instanceof RangeError) print("ValueError:", e.message);
      }
    }
    try {
      yield* wait(ts[0] as never);
    } catch (e) {
      if (e instanceof TypeError) print("TypeError:", e.message);
    }
    const coro = job("x", 0);
    try {
      yield* wait([coro as never]);
    } catch (e) {
      if (e instanceof TypeError) print("TypeError:", e.message);
    }
    coro.return("closed");
  }
  await run(main(), { clock: "virtual" });
}
