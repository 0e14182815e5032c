import type { Print } from "@aio/differential";
import { BoundedSemaphore, Semaphore } from "@aio/sync";
import { createTask, gather, run, sleep, using } from "@aio/task";

export default async function (print: Print) {
  function* worker(name: string, sem: Semaphore, hold: number, log: string[]) {
    yield* using(sem, function* () {
      log.push(`${name}+`);
      yield* sleep(hold);
      log.push(`${name}-`);
    });
  }
  function* main() {
    const sem = new Semaphore(2);
    const log: string[] = [];
    print(sem.locked(), String(sem).split(" [")[1]);
    const tasks = (
      [
        ["a", 0.3],
        ["b", 0.1],
        ["c", 0.1],
        ["d", 0.1],
      ] as const
    ).map(([n, h]) => createTask(worker(n, sem, h, log)));
    yield* sleep(0);
    print("after first steps:", log, sem.locked());
    yield* gather(...tasks);
    print(log);
    try {
      new Semaphore(-1);
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message);
    }
    const b = new BoundedSemaphore(1);
    yield* b.acquire();
    b.release();
    try {
      b.release();
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message);
    }
  }
  await run(main(), { clock: "virtual" });
}
