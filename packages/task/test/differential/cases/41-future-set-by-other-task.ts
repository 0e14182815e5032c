import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { type Future, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* setter(fut: Future<string>, d: number) {
    yield* sleep(d);
    print("setting");
    fut.setResult("value");
    print("set; waiter not resumed yet");
  }
  function* waiter(name: string, fut: Future<string>) {
    print(name, "waits");
    const v = yield* fut;
    print(name, "got", v);
  }
  function* main() {
    const loop = getRunningLoop();
    const fut = loop.createFuture<string>() as Future<string>;
    yield* gather(waiter("w1", fut), waiter("w2", fut), setter(fut, 0.1));
    print("done future awaited again:", yield* fut);
  }
  await run(main(), { clock: "virtual" });
}
