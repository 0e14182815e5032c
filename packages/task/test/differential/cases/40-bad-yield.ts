import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { type Future, run } from "@aio/task";

export default async function (print: Print) {
  function* bad(value: unknown): Generator<unknown, void, unknown> {
    yield value;
  }
  function* main() {
    for (const value of [42, "str"]) {
      try {
        yield* bad(value) as Generator<undefined, void, unknown>;
      } catch (e) {
        print("RuntimeError:", (e as Error).message);
      }
    }
    const fut = getRunningLoop().createFuture<string>() as Future<string>;
    getRunningLoop().callLater(0.1, (v: string) => fut.setResult(v), "woken");
    print(yield* fut);
  }
  await run(main(), { clock: "virtual" });
}
