import type { Print } from "@aio/differential";
import { Barrier, BrokenBarrierError } from "@aio/sync";
import { createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* party(name: string, barrier: Barrier, delay: number) {
    yield* sleep(delay);
    print(name, "arrives, waiting:", barrier.nWaiting);
    const index = yield* barrier.wait();
    print(name, "passes with index", index);
    return index;
  }
  function* main() {
    const barrier = new Barrier(3);
    print(String(barrier).split(" [")[1]);
    const r = yield* gather(party("a", barrier, 0.1), party("b", barrier, 0.2), party("c", barrier, 0.3));
    print(r, barrier.nWaiting, barrier.broken);
    const t = createTask(party("d", barrier, 0));
    yield* sleep(0.1);
    yield* barrier.abort();
    try {
      yield* t;
    } catch (e) {
      if (e instanceof BrokenBarrierError) print("BrokenBarrierError:", e.message);
    }
    try {
      yield* barrier.wait();
    } catch (e) {
      if (e instanceof BrokenBarrierError) print("BrokenBarrierError:", e.message);
    }
    yield* barrier.reset();
    print("after reset broken:", barrier.broken);
    try {
      new Barrier(0);
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message);
    }
  }
  await run(main(), { clock: "virtual" });
}
