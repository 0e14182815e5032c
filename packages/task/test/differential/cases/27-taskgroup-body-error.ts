import type { Print } from "@aio/differential";
import { str } from "@aio/loop";
import { ExceptionGroup, isCancelledError, run, sleep, TaskGroup, using } from "@aio/task";

class KeyError extends Error {
  override name = "KeyError";
}

export default async function (print: Print) {
  function* worker(name: string) {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) print(name, "cancelled");
      throw e;
    }
  }
  function* workerDone(name: string) {
    yield* sleep(0.1);
    print(name, "done");
  }
  function* main() {
    try {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(worker("A"));
        yield* sleep(0.1);
        throw new KeyError("body");
      });
    } catch (e) {
      if (e instanceof ExceptionGroup) print("group of", str(e.exceptions.map((x) => (x as Error).name)));
    }
    yield* using(new TaskGroup(), function* (tg) {
      function* spawner() {
        yield* sleep(0.1);
        tg.createTask(workerDone("late child"));
      }
      tg.createTask(spawner());
    });
    print("late child awaited too");
  }
  await run(main(), { clock: "virtual" });
}
