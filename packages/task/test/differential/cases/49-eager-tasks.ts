import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import {
  allTasks,
  createEagerTaskFactory,
  createTask,
  currentTask,
  eagerTaskFactory,
  gather,
  run,
  sleep,
  Task,
} from "@aio/task";

export default async function (print: Print) {
  function* quick(name: string) {
    print("quick", name, "runs in", currentTask()?.getName());
    return name;
  }
  function* slow(name: string) {
    print("slow", name, "starts");
    yield* sleep(0);
    print("slow", name, "resumes");
    return name;
  }
  function* main() {
    const loop = getRunningLoop();
    const lazy = createTask(quick("lazy"));
    print("lazy done after create_task:", lazy.done() ? "True" : "False");
    loop.setTaskFactory(eagerTaskFactory);
    print("current before:", currentTask()?.getName());
    const q = createTask(quick("eager"));
    print("current after:", currentTask()?.getName());
    print("eager done after create_task:", q.done() ? "True" : "False", q.result());
    const s = createTask(slow("eager"));
    print("slow done after create_task:", s.done() ? "True" : "False");
    const results = yield* gather(quick("g1"), slow("g2"), quick("g3"));
    print("gather:", results);
    print("all tasks:", [...allTasks()].map((t) => t.getName()).sort());
    print(yield* lazy, yield* s);
    loop.setTaskFactory(null);
    const t = createTask(quick("lazy again"));
    print("lazy again done:", t.done() ? "True" : "False");
    yield* t;
    loop.setTaskFactory(createEagerTaskFactory(Task));
    const named = createTask(quick("named"), { name: "custom" });
    print("named:", named.getName(), named.done() ? "True" : "False");
  }
  await run(main(), { clock: "virtual" });
}
