import type { Print } from "@aio/differential";
import { getRunningLoop, repr } from "@aio/loop";
import { createTask, isCancelledError, run, sleep, type Task } from "@aio/task";

class KeyError extends Error {
  override name = "KeyError";
  readonly args = [this.message];
}

export default async function (print: Print) {
  function* raisesOnCancel() {
    try {
      yield* sleep(10);
    } catch (e) {
      if (isCancelledError(e)) throw new KeyError("raised while being cancelled");
      throw e;
    }
  }
  function* swallowsCancel() {
    try {
      yield* sleep(10);
    } catch (e) {
      if (!isCancelledError(e)) throw e;
      print("swallowed at shutdown");
      return "kept";
    }
  }
  function* main() {
    getRunningLoop().setExceptionHandler((_loop, ctx) =>
      print("handler:", ctx.message, repr(ctx.exception), (ctx.task as Task).getName()),
    );
    createTask(raisesOnCancel(), { name: "raiser" });
    createTask(swallowsCancel(), { name: "swallower" });
    yield* sleep(0.1);
    print("main done");
  }
  await run(main(), { clock: "virtual" });
  print("run returned");
}
