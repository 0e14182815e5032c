import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { run, sleep, TaskGroup, using } from "@aio/task";

export default async function (print: Print) {
  function* worker(name: string, d: number) {
    yield* sleep(d);
    print(name, "done");
    return name;
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    const tg = new TaskGroup();
    const [a, b] = yield* using(tg, function* (g) {
      const a = g.createTask(worker("A", 0.2));
      const b = g.createTask(worker("B", 0.1), { name: "bee" });
      print(String(g));
      return [a, b] as const;
    });
    print("after block", a.result(), b.result(), b.getName(), (loop.time() - t0).toFixed(1));
    print(String(tg));
    try {
      tg.createTask(worker("late", 0));
    } catch (e) {
      print("RuntimeError:", (e as Error).message);
    }
    const tg2 = new TaskGroup();
    const coro = worker("x", 0);
    try {
      tg2.createTask(coro);
    } catch (e) {
      print("RuntimeError:", (e as Error).message);
    }
    coro.return("closed");
  }
  await run(main(), { clock: "virtual" });
}
