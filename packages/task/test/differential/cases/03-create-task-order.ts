import { type Print, py } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { createTask, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* child(name: string) {
    print("start", name);
    yield* sleep(0);
    print("resume", name);
    return name;
  }
  function* main() {
    const t1 = createTask(child("one"));
    const t2 = createTask(child("two"));
    print("main keeps running", py(t1.done()), py(t2.done()));
    getRunningLoop().callSoon(print, "callback");
    const r1 = yield* t1;
    print("got", r1);
    const r2 = yield* t2;
    print("got", r2);
  }
  await run(main(), { clock: "virtual" });
}
