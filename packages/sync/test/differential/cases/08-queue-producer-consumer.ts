import type { Print } from "@aio/differential";
import { Queue } from "@aio/sync";
import { createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* producer(q: Queue<number>, n: number) {
    for (let i = 0; i < n; i++) {
      print("put", i, "full:", q.full());
      yield* q.put(i);
    }
    print("producer done");
  }
  function* consumer(name: string, q: Queue<number>) {
    for (;;) {
      const item = yield* q.get();
      print(name, "got", item, "qsize:", q.qsize());
      yield* sleep(0); // a turn, not a time: real timers race under load (Python side)
      q.taskDone();
    }
  }
  function* main() {
    const q = new Queue<number>({ maxsize: 2 });
    const consumers = ["c1", "c2"].map((n) => createTask(consumer(n, q)));
    yield* producer(q, 6);
    yield* q.join();
    print("joined; empty:", q.empty(), String(q));
    for (const c of consumers) c.cancel();
    yield* gather(...consumers, { returnExceptions: true });
  }
  await run(main(), { clock: "virtual" });
}
