import type { Print } from "@aio/differential";
import { Lock, Semaphore } from "@aio/sync";
import { gather, run, sleep, using } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const lock = new Lock();
    let order: number[] = [];
    function* w(i: number) {
      for (let k = 0; k < 2; k++) {
        yield* using(lock, function* () {
          order.push(i);
          yield* sleep(0);
        });
      }
    }
    yield* gather(...[0, 1, 2, 3].map((i) => w(i)));
    print(order);
    const sem = new Semaphore(2);
    order = [];
    function* s(i: number) {
      for (let k = 0; k < 2; k++) {
        yield* using(sem, function* () {
          order.push(i);
          yield* sleep(0);
        });
      }
    }
    yield* gather(...[0, 1, 2, 3].map((i) => s(i)));
    print(order);
  }
  await run(main(), { clock: "virtual" });
}
