import { type Print, py } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { createTask, type Future, isCancelledError, run, shield, sleep, type Task } from "@aio/task";

export default async function (print: Print) {
  function* important() {
    yield* sleep(0.2);
    print("important work done");
    return "saved";
  }
  function* caller(inner: Task<string>) {
    return yield* shield(inner);
  }
  function* main() {
    const inner = createTask(important());
    const c = createTask(caller(inner));
    yield* sleep(0.1);
    c.cancel();
    try {
      yield* c;
    } catch (e) {
      if (isCancelledError(e)) print("caller cancelled; inner cancelled?", py(inner.cancelled()));
    }
    print("inner result:", yield* inner);
    const done = getRunningLoop().createFuture<number>() as Future<number>;
    done.setResult(1);
    print("shield of done future is itself:", py(shield(done) === done));
  }
  await run(main(), { clock: "virtual" });
}
