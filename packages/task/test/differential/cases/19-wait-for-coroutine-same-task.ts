import type { Print } from "@aio/differential";
import { createTask, currentTask, run, sleep, waitFor } from "@aio/task";

export default async function (print: Print) {
  function* inner() {
    print("inner runs in", currentTask()?.getName());
    yield* sleep(0.1);
    return "inner result";
  }
  function* main() {
    print("main is", currentTask()?.getName());
    print(yield* waitFor(inner(), 1));
    print("tasks created:", createTask(sleep(0)).getName());
  }
  await run(main(), { clock: "virtual" });
}
