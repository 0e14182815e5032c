import { type Print, py, tuple } from "@aio/differential";
import { type CancelledError, createTask, isCancelledError, run, sleep, waitFor } from "@aio/task";

export default async function (print: Print) {
  function* inner() {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) print("inner got CancelledError", tuple(e.args));
      throw e;
    }
  }
  function* outer() {
    yield* waitFor(inner(), 0.5);
  }
  function* main() {
    const t = createTask(outer());
    yield* sleep(0.1);
    t.cancel("from main");
    try {
      yield* t;
    } catch (e) {
      print("outer task cancelled", py(t.cancelled()), tuple((e as CancelledError).args));
    }
  }
  await run(main(), { clock: "virtual" });
}
