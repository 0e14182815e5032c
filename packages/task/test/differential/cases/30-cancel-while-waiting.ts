import { type Print, py, tuple } from "@aio/differential";
import { type CancelledError, createTask, isCancelledError, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* sleeper() {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) print("sleeper got", tuple(e.args));
      throw e;
    } finally {
      print("sleeper finally");
    }
  }
  function* main() {
    const t = createTask(sleeper());
    yield* sleep(0.1);
    print(py(t.cancel("one")), py(t.cancel("two")), t.cancelling());
    try {
      yield* t;
    } catch (e) {
      print("awaiter got", tuple((e as CancelledError).args));
    }
    print(py(t.cancelled()), t.uncancel(), t.uncancel(), t.uncancel());
  }
  await run(main(), { clock: "virtual" });
}
