import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { createTask, KeyboardInterrupt, run, SystemExit, sleep, TaskGroup, using } from "@aio/task";

export default async function (print: Print) {
  function* other() {
    try {
      yield* sleep(10);
    } finally {
      print("other: finally");
    }
  }
  function* interrupter() {
    yield* sleep(1);
    print("interrupter: raising");
    throw new KeyboardInterrupt();
  }
  function* main() {
    createTask(other());
    createTask(interrupter());
    try {
      yield* sleep(5);
    } finally {
      print("main: finally");
    }
  }
  try {
    await run(main(), { clock: "virtual" });
  } catch (e) {
    if (e instanceof KeyboardInterrupt) print("escaped:", e.name);
  }

  function* main2() {
    function* child() {
      yield* sleep(0);
      throw new SystemExit(3);
    }
    try {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(child());
        yield* sleep(1);
      });
    } finally {
      print("main2: finally");
    }
  }
  try {
    await run(main2(), { clock: "virtual" });
  } catch (e) {
    if (e instanceof SystemExit) print("escaped:", e.name, e.code);
  }

  function* main3() {
    getRunningLoop().callSoon(() => {
      throw new SystemExit(4);
    });
    try {
      yield* sleep(1);
    } finally {
      print("main3: finally");
    }
  }
  try {
    await run(main3(), { clock: "virtual" });
  } catch (e) {
    if (e instanceof SystemExit) print("escaped:", e.name, e.code);
  }
}
