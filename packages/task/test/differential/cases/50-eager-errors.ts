import { type Print, ValueError } from "@aio/differential";
import { getRunningLoop, repr } from "@aio/loop";
import {
  CancelledError,
  createTask,
  eagerTaskFactory,
  type Future,
  isCancelledError,
  run,
  sleep,
  TaskGroup,
  using,
} from "@aio/task";

export default async function (print: Print) {
  function* fails(): Generator<never, never> {
    throw new ValueError("eager failure");
  }
  function* waits(fut: Future<string>) {
    try {
      return yield* fut;
    } catch (e) {
      if (isCancelledError(e)) print("waits: cancelled at its await");
      throw e;
    }
  }
  function* child(name: string, log: string[]) {
    log.push(`${name} started`);
    yield* sleep(0.1);
    log.push(`${name} done`);
    return name;
  }
  function* main() {
    const loop = getRunningLoop();
    loop.setTaskFactory(eagerTaskFactory);
    const t = createTask(fails());
    print("failed at once:", t.done() ? "True" : "False", repr(t.exception()));
    const fut = loop.createFuture<string>() as Future<string>;
    const w = createTask(waits(fut));
    print("suspended:", w.done() ? "True" : "False");
    w.cancel();
    try {
      yield* w;
    } catch (e) {
      if (e instanceof CancelledError) print("w cancelled:", w.cancelled() ? "True" : "False");
    }
    const log: string[] = [];
    const [a, b] = yield* using(new TaskGroup(), function* (tg) {
      const a = tg.createTask(child("a", log));
      log.push("after a");
      const b = tg.createTask(child("b", log));
      log.push("after b");
      return [a, b] as const;
    });
    print(log);
    print(a.result(), b.result());
  }
  await run(main(), { clock: "virtual" });
}
