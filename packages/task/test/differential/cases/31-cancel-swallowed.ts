import { type Print, py } from "@aio/differential";
import { createTask, isCancelledError, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* stubborn() {
    try {
      yield* sleep(1);
    } catch (e) {
      if (!isCancelledError(e)) throw e;
      print("swallowed");
    }
    yield* sleep(0.1);
    return "finished anyway";
  }
  function* main() {
    const t = createTask(stubborn());
    yield* sleep(0.1);
    t.cancel();
    const r = yield* t;
    print(r, py(t.cancelled()), t.cancelling());
  }
  await run(main(), { clock: "virtual" });
}
