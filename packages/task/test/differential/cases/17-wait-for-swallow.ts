import type { Print } from "@aio/differential";
import { isCancelledError, run, sleep, TimeoutError, waitFor } from "@aio/task";

class KeyError extends Error {
  override name = "KeyError";
}

export default async function (print: Print) {
  function* stubborn() {
    try {
      yield* sleep(1);
    } catch (e) {
      if (!isCancelledError(e)) throw e;
      print("swallowed the cancel");
      return "kept value";
    }
  }
  function* failingCleanup() {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) throw new KeyError("during cleanup");
      throw e;
    }
  }
  function* main() {
    const r = yield* waitFor(stubborn(), 0.1);
    print("returned:", r);
    try {
      yield* waitFor(failingCleanup(), 0.1);
    } catch (e) {
      if (e instanceof KeyError) print("KeyError", `'${e.message}'`);
      else if (e instanceof TimeoutError) print("TimeoutError");
    }
  }
  await run(main(), { clock: "virtual" });
}
