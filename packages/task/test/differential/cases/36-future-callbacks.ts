import type { Print } from "@aio/differential";
import { getRunningLoop, repr } from "@aio/loop";
import { type Future, run, sleep } from "@aio/task";

class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
  readonly args = [this.message];
}

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const fut = loop.createFuture<number>() as Future<number>;
    const cb = (name: string) => (f: Future<number>) => print("callback", name, f.result());
    const a = cb("a");
    fut.addDoneCallback(a);
    fut.addDoneCallback(cb("b"));
    fut.addDoneCallback(a);
    print("removed", fut.removeDoneCallback(a));
    fut.addDoneCallback(cb("c"));
    fut.setResult(7);
    print("set_result returned; callbacks not run inline");
    yield* sleep(0);
    fut.addDoneCallback(cb("late"));
    print("added after done");
    yield* sleep(0);
    print("remove after done:", fut.removeDoneCallback(a));
    const f2 = loop.createFuture<null>() as Future<null>;
    f2.addDoneCallback(function boom() {
      throw new ZeroDivisionError("in callback");
    });
    f2.addDoneCallback(() => print("next callback still runs"));
    loop.setExceptionHandler((_l, ctx) =>
      print(
        "handler:",
        String(ctx.message).split("(")[0]?.split(".").pop()?.split(" ").pop(),
        repr(ctx.exception),
      ),
    );
    f2.setResult(null);
    yield* sleep(0);
  }
  await run(main(), { clock: "virtual" });
}
