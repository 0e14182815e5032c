import type { Print } from "@aio/differential";
import { Queue } from "@aio/sync";
import { createTask, gather, isCancelledError, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* getter(name: string, q: Queue<string>, log: string[]) {
    try {
      const item = yield* q.get();
      log.push(`${name} got ${item}`);
    } catch (e) {
      if (isCancelledError(e)) log.push(`${name} cancelled`);
      throw e;
    }
  }
  function* main() {
    const q = new Queue<string>();
    const log: string[] = [];
    const a = createTask(getter("a", q, log));
    const b = createTask(getter("b", q, log));
    yield* sleep(0);
    q.putNowait("item"); // wakes a ...
    a.cancel(); // ... who is cancelled: the item goes to b
    yield* gather(a, b, { returnExceptions: true });
    print(log, q.qsize());
    const p = new Queue<number>(1);
    p.putNowait(0);
    const putTask = createTask(p.put(1));
    yield* sleep(0);
    putTask.cancel();
    yield* gather(putTask, { returnExceptions: true });
    print("a cancelled put never inserts:", p.qsize(), p.getNowait(), p.empty());
  }
  await run(main(), { clock: "virtual" });
}
