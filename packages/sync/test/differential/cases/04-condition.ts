import type { Print } from "@aio/differential";
import { Condition } from "@aio/sync";
import { createTask, gather, run, sleep, using } from "@aio/task";

export default async function (print: Print) {
  function* consumer(name: string, cond: Condition, items: number[]) {
    yield* using(cond, function* () {
      print(name, "waits");
      yield* cond.waitFor(() => items.length > 0);
      print(name, "got", items.shift(), "locked:", cond.locked());
    });
  }
  function* main() {
    const cond = new Condition();
    const items: number[] = [];
    const tasks = [..."abc"].map((n) => createTask(consumer(n, cond, items)));
    yield* sleep(0.1);
    yield* using(cond, () => {
      items.push(1);
      cond.notify();
      print("notified one");
    });
    yield* sleep(0.1);
    yield* using(cond, () => {
      items.push(2, 3);
      cond.notifyAll();
      print("notified all");
    });
    yield* gather(...tasks);
    for (const call of [() => cond.notify(), () => cond.wait().next()]) {
      try {
        call();
      } catch (e) {
        print("RuntimeError:", (e as Error).message);
      }
    }
  }
  await run(main(), { clock: "virtual" });
}
