import { type Print, py } from "@aio/differential";
import { createTask, gather, isCancelledError, run, sleep, type Task } from "@aio/task";

export default async function (print: Print) {
  function* leaf() {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) print("leaf cancelled");
      throw e;
    }
  }
  function* middle(t: Task<void>) {
    try {
      yield* t;
    } catch (e) {
      if (isCancelledError(e)) print("middle cancelled");
      throw e;
    }
  }
  function* main() {
    const leafTask = createTask(leaf());
    const middleTask = createTask(middle(leafTask));
    yield* sleep(0.1);
    middleTask.cancel();
    yield* gather(middleTask, { returnExceptions: true });
    print("leaf:", py(leafTask.cancelled()), "middle:", py(middleTask.cancelled()));
  }
  await run(main(), { clock: "virtual" });
}
