import type { Print } from "@aio/differential";
import { Semaphore } from "@aio/sync";
import { createTask, gather, isCancelledError, run, sleep, using } from "@aio/task";

export default async function (print: Print) {
  function* user(name: string, sem: Semaphore, log: string[]) {
    try {
      yield* using(sem, function* () {
        log.push(`${name} in`);
        yield* sleep(0.1);
      });
    } catch (e) {
      if (isCancelledError(e)) log.push(`${name} cancelled`);
      throw e;
    }
  }
  function* main() {
    const sem = new Semaphore(1);
    const log: string[] = [];
    yield* sem.acquire();
    const a = createTask(user("a", sem, log));
    const b = createTask(user("b", sem, log));
    yield* sleep(0);
    sem.release(); // the permit is handed to a ...
    a.cancel(); // ... who gives it back: b gets it
    const c = createTask(user("c", sem, log)); // a newcomer cannot overtake b
    yield* gather(a, b, c, { returnExceptions: true });
    print(log, sem.locked());
  }
  await run(main(), { clock: "virtual" });
}
