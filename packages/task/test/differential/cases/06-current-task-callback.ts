import { type Print, py } from "@aio/differential";
import { getRunningLoop, str } from "@aio/loop";
import { allTasks, createTask, currentTask, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const me = currentTask();
    print("in task:", py(me !== null), me?.getName());
    loop.callSoon(() => print("in callback:", str(currentTask())));
    yield* sleep(0);
    print("tasks:", allTasks().size);
    const t = createTask(sleep(0.1));
    print("tasks:", allTasks().size);
    yield* t;
    print("tasks:", allTasks().size);
  }
  try {
    currentTask();
  } catch (e) {
    print("outside:", (e as Error).message);
  }
  await run(main(), { clock: "virtual" });
}
