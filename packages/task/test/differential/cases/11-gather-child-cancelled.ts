import { type Print, py, tuple } from "@aio/differential";
import { type CancelledError, createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* child(d: number) {
    yield* sleep(d);
    return d;
  }
  function* main() {
    const t1 = createTask(child(0.5));
    const t2 = createTask(child(0.1));
    const g = gather(t1, t2);
    yield* sleep(0.05);
    t1.cancel("child stop");
    try {
      yield* g;
    } catch (e) {
      print("gather raised CancelledError", tuple((e as CancelledError).args));
    }
    print("g.cancelled()", py(g.cancelled()), "t2 done", py(t2.done()));
    yield* sleep(0.1);
    print("t2 result", t2.result());
  }
  await run(main(), { clock: "virtual" });
}
