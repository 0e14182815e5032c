import { type Print, py } from "@aio/differential";
import { createTask, isCancelledError, run, sleep, TaskGroup, using } from "@aio/task";

export default async function (print: Print) {
  function* worker(name: string) {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) print(name, "cancelled");
      throw e;
    }
  }
  function* groupOwner() {
    yield* using(new TaskGroup(), function* (tg) {
      tg.createTask(worker("A"));
      tg.createTask(worker("B"));
    });
    print("not reached");
  }
  function* main() {
    const t = createTask(groupOwner());
    yield* sleep(0.1);
    t.cancel();
    try {
      yield* t;
    } catch (e) {
      if (isCancelledError(e)) print("owner cancelled:", py(t.cancelled()));
    }
  }
  await run(main(), { clock: "virtual" });
}
