import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { Queue, QueueEmpty, QueueFull } from "@aio/sync";
import { run } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const q = new Queue<string>(1);
    q.putNowait("x");
    try {
      q.putNowait("y");
    } catch (e) {
      if (e instanceof QueueFull) print("QueueFull", repr(e));
    }
    print(String(q));
    print(q.getNowait());
    try {
      q.getNowait();
    } catch (e) {
      if (e instanceof QueueEmpty) print("QueueEmpty", repr(e));
    }
    q.taskDone();
    try {
      q.taskDone();
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message);
    }
    yield* q.join();
    print("join returns at once when nothing is unfinished");
    const unbounded = new Queue<number>(0);
    for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
    print(unbounded.full(), unbounded.qsize(), unbounded.maxsize);
  }
  await run(main(), { clock: "virtual" });
}
