import type { Print } from "@aio/differential";
import { getEventLoop } from "@aio/loop";
import { createTask, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* background(name: string) {
    try {
      print(name, "started");
      yield* sleep(10);
    } finally {
      print(name, "finally runs at shutdown");
    }
  }
  function* late() {
    print("late task got its first step");
  }
  function* main() {
    createTask(background("bg1"));
    yield* sleep(0.1);
    createTask(late());
    print("main returns");
    return "result";
  }
  print(await run(main(), { clock: "virtual" }));
  try {
    getEventLoop();
  } catch (e) {
    print("RuntimeError:", (e as Error).message);
  }
}
