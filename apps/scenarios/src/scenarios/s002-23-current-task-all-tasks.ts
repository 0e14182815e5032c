import { allTasks, coroutine, createTask, currentTask, gather, sleep } from "@aio/task";
import { repr } from "../python.js";
import { defineScenario, out, setOf, t } from "../scenario.js";

export default defineScenario({
  id: "S002-23-current-task-all-tasks",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › asyncio.current_task()와 asyncio.all_tasks()",
  title: "A monitor task prints currentTask() and allTasks() every 0.5 s",
  kind: "original",
  shows:
    "currentTask() inside the monitor is the monitor; allTasks() lists every pending task, main included.",
  document:
    "Current task: Monitor\nAll tasks: ['Task-1', 'Monitor', 'Task-5', 'Task-4', 'Task-3']\nTask A starting\nTask B starting\n" +
    "Task C starting\nCurrent task: Monitor\nAll tasks: ['Task-1', 'Monitor', 'Task-5', 'Task-4', 'Task-3']\nTask B completed\n" +
    "Task C completed\nTask A completed\nCurrent task: Monitor\nAll tasks: ['Task-1', 'Monitor']",
  expected: [
    out(0, "Current task: Monitor"),
    out(0, t`All tasks: ${setOf("Monitor", "Task-5", "Task-3", "Task-4", "Task-1")}`),
    out(0, "Task A starting"),
    out(0, "Task B starting"),
    out(0, "Task C starting"),
    out(0.5, "Current task: Monitor"),
    out(0.5, t`All tasks: ${setOf("Monitor", "Task-5", "Task-3", "Task-4", "Task-1")}`),
    out(1, "Task A completed"),
    out(1, "Task B completed"),
    out(1, "Task C completed"),
    // A race on a real clock (see notes): optional there, always printed on the virtual clock.
    out(1, "Current task: Monitor", { optional: true }),
    out(1, t`All tasks: ${setOf("Monitor", "Task-1")}`, { optional: true }),
  ],
  seconds: 1,
  notes:
    "allTasks() is a set: compared as one. The document completes B, C, A (Windows' coarse clock made the " +
    "deadlines tie); Linux and our loop give A, B, C. The third monitor block is a race on a real clock " +
    "(present in the document and in CPython 3.11.7's runs); on the virtual clock equal deadlines fire in " +
    "scheduling order, so it is always there. The named monitor task uses up Task-2, as in CPython 3.10–3.12.",
  async main(io) {
    const task = coroutine(function* task(name: string) {
      io.print(`Task ${name} starting`);
      yield* sleep(1);
      io.print(`Task ${name} completed`);
    });
    const monitor = coroutine(function* monitor() {
      for (;;) {
        const current = currentTask();
        const all = allTasks();
        io.print(`Current task: ${current?.getName()}`);
        io.print(`All tasks: ${repr([...all].map((t) => t.getName()))}`);
        yield* sleep(0.5);
      }
    });
    const main = coroutine(function* main() {
      const monitorTask = createTask(monitor(), { name: "Monitor" });
      yield* gather(task("A"), task("B"), task("C"));
      monitorTask.cancel();
    });
    await io.run(main());
  },
});
