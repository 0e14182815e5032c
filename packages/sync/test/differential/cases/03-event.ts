import type { Print } from "@aio/differential";
import { Event } from "@aio/sync";
import { createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* waiter(name: string, ev: Event) {
    print(name, "waits");
    const r = yield* ev.wait();
    print(name, "woke", r, ev.isSet());
  }
  function* main() {
    const ev = new Event();
    const tasks = [..."abc"].map((n) => createTask(waiter(n, ev)));
    yield* sleep(0.1);
    print("setting");
    ev.set();
    ev.clear();
    print("cleared right away; set() already woke them");
    yield* gather(...tasks);
    ev.set();
    print("wait on a set event returns at once:", yield* ev.wait());
  }
  await run(main(), { clock: "virtual" });
}
