import { type Print, py } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { type Future, gather, run } from "@aio/task";

class KeyError extends Error {
  override name = "KeyError";
  readonly args: unknown[];
  constructor(key: string) {
    super(key);
    this.args = [key];
  }
}

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const f1 = loop.createFuture<string>() as Future<string>;
    const f2 = loop.createFuture<string>() as Future<string>;
    f1.setResult("a");
    f2.setResult("b");
    const g = gather(f1, f2);
    print("done synchronously:", py(g.done()));
    print(str(yield* g));
    const f3 = loop.createFuture() as Future<unknown>;
    f3.setException(new KeyError("k"));
    const g2 = gather(f3, { returnExceptions: true });
    print("done:", py(g2.done()), str(yield* g2));
  }
  await run(main(), { clock: "virtual" });
}
