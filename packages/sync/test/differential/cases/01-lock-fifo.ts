import type { Print } from "@aio/differential";
import { Lock } from "@aio/sync";
import { gather, run, sleep, using } from "@aio/task";

export default async function (print: Print) {
  function* worker(name: string, lock: Lock, hold: number) {
    print(name, "wants the lock");
    yield* using(lock, function* () {
      print(name, "has the lock", lock.locked());
      yield* sleep(hold);
    });
    print(name, "released");
  }
  function* main() {
    const lock = new Lock();
    yield* gather(worker("a", lock, 0.1), worker("b", lock, 0.1), worker("c", lock, 0));
    print("locked at the end:", lock.locked());
    try {
      lock.release();
    } catch (e) {
      print("RuntimeError:", (e as Error).message);
    }
  }
  await run(main(), { clock: "virtual" });
}
