import { type Print, tuple, ValueError } from "@aio/differential";
import { getRunningLoop, repr, str } from "@aio/loop";
import { currentTask, ExceptionGroup, isCancelledError, run, sleep, TaskGroup, using } from "@aio/task";

export default async function (print: Print) {
  function* worker(name: string, d: number, fail = false) {
    try {
      yield* sleep(d);
      if (fail) throw new ValueError(`${name} broke`);
      print(name, "done");
    } catch (e) {
      if (isCancelledError(e)) print(name, "cancelled");
      throw e;
    }
  }
  function* main() {
    const loop = getRunningLoop();
    const t0 = loop.time();
    try {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(worker("A", 0.1));
        tg.createTask(worker("B", 0.2, true));
        tg.createTask(worker("C", 0.3));
      });
    } catch (e) {
      const [match] = (e as ExceptionGroup).split((x) => x instanceof ValueError);
      if (match) print("caught", tuple(match.exceptions), (loop.time() - t0).toFixed(1));
    }
    try {
      yield* using(new TaskGroup(), function* (tg) {
        tg.createTask(worker("E", 0.1, true));
        tg.createTask(worker("F", 0.1, true));
      });
    } catch (e) {
      if (e instanceof ExceptionGroup) print(str(e), repr(e));
    }
    print("cancelling:", currentTask()?.cancelling());
  }
  await run(main(), { clock: "virtual" });
}
