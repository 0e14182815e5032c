import { type Print, py } from "@aio/differential";
import { getRunningLoop, repr } from "@aio/loop";
import { type CancelledError, createTask, type Future, isCancelledError, run, sleep } from "@aio/task";

export default async function (print: Print) {
  let seen: unknown = null;
  function* inner() {
    try {
      yield* sleep(1);
    } catch (e) {
      seen = e;
      throw e;
    }
  }
  function* main() {
    const t = createTask(inner());
    yield* sleep(0);
    t.cancel();
    try {
      yield* t;
    } catch (e) {
      if (isCancelledError(e)) print("await:", e === seen ? "True" : "False");
    }
    try {
      t.result();
    } catch (e) {
      print("result:", e === seen ? "True" : "False", repr(e as CancelledError));
    }
    print(py(t.cancelled()), t.cancelling());
    const f = getRunningLoop().createFuture() as Future<void>;
    f.cancel("why");
    for (let i = 0; i < 2; i++) {
      try {
        f.result();
      } catch (e) {
        print("future:", repr(e));
      }
    }
  }
  await run(main(), { clock: "virtual" });
}
