import type { Print } from "@aio/differential";
import { createTask, currentTask, ensureFuture, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* noop() {
    yield* sleep(0);
  }
  function* main() {
    print(currentTask()?.getName());
    const a = createTask(noop());
    const b = createTask(noop(), { name: "named" });
    const c = createTask(noop());
    print(a.getName(), b.getName(), c.getName());
    c.setName(42);
    print(c.getName());
    yield* gather(a, b, c);
    const d = ensureFuture(noop());
    print(d.getName());
    yield* d;
  }
  await run(main(), { clock: "virtual" });
}
