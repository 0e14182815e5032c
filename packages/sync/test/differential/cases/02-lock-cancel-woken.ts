import { type Print, py } from "@aio/differential";
import { Lock } from "@aio/sync";
import { createTask, gather, isCancelledError, run, sleep, using } from "@aio/task";

export default async function (print: Print) {
  function* waiter(name: string, lock: Lock, log: string[]) {
    try {
      yield* using(lock, function* () {
        log.push(`${name} acquired`);
        yield* sleep(0.1);
      });
    } catch (e) {
      if (isCancelledError(e)) log.push(`${name} cancelled, locked=${py(lock.locked())}`);
      throw e;
    }
  }
  function* main() {
    const lock = new Lock();
    const log: string[] = [];
    yield* lock.acquire();
    const a = createTask(waiter("a", lock, log));
    const b = createTask(waiter("b", lock, log));
    yield* sleep(0);
    lock.release(); // wakes a ...
    a.cancel(); // ... which is cancelled before it runs: b must get the lock
    yield* gather(a, b, { returnExceptions: true });
    print(log);
    print("newcomer while woken waiter pending:");
    yield* lock.acquire();
    const c = createTask(waiter("c", lock, log));
    yield* sleep(0);
    lock.release();
    print("locked right after release:", lock.locked());
    const ok = lock.locked() === false;
    const d = createTask(waiter("d", lock, log));
    yield* gather(c, d);
    print(log.slice(-2), ok);
  }
  await run(main(), { clock: "virtual" });
}
