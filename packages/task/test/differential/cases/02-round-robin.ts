import type { Print } from "@aio/differential";
import { gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* worker(name: string, n: number) {
    for (let i = 0; i < n; i++) {
      print(`${name}${i}`);
      yield* sleep(0);
    }
  }
  function* main() {
    yield* gather(worker("a", 3), worker("b", 1), worker("c", 2));
    print("end");
  }
  await run(main(), { clock: "virtual" });
}
