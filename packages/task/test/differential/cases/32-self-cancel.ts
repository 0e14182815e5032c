import { type Print, py, tuple } from "@aio/differential";
import { repr } from "@aio/loop";
import {
  type Coro,
  coroutine,
  coroutineName,
  createTask,
  currentTask,
  isCancelledError,
  run,
  sleep,
} from "@aio/task";

class KeyError extends Error {
  override name = "KeyError";
  readonly args = [this.message];
}

export default async function (print: Print) {
  const returnsAfterCancel = coroutine(function* returns_after_cancel() {
    currentTask()?.cancel();
    return "dropped";
  });
  const awaitsAfterCancel = coroutine(function* awaits_after_cancel() {
    currentTask()?.cancel("self");
    try {
      yield* sleep(0);
    } catch (e) {
      if (isCancelledError(e)) print("CancelledError at the await", tuple(e.args));
      throw e;
    }
  });
  const raisesAfterCancel = coroutine(function* raises_after_cancel() {
    currentTask()?.cancel();
    throw new KeyError("own");
  });
  function* main() {
    for (const f of [returnsAfterCancel, awaitsAfterCancel, raisesAfterCancel] as (() => Coro<unknown>)[]) {
      const coro = f();
      const t = createTask(coro);
      yield* sleep(0.01);
      print(
        coroutineName(coro),
        "cancelled:",
        py(t.cancelled()),
        "exception:",
        t.cancelled() ? "None" : repr(t.exception()),
      );
    }
  }
  await run(main(), { clock: "virtual" });
}
