import { getRunningLoop } from "@aio/loop";
import { coroutine, coroutineName, createTask, Future, sleep } from "@aio/task";
import { defineScenario, out, type ScenarioIO } from "../scenario.js";

/** The demo shared by S002-09 and S003-02 (both documents make the same point about Tasks). */
export async function taskVersusFuture(io: ScenarioIO): Promise<void> {
  const work = coroutine(function* work() {
    io.print("work() started");
    return "work result";
  });
  function* main() {
    const fut = getRunningLoop().createFuture() as Future<unknown>;
    const task = createTask(work());
    io.print("Task is a Future subclass:", task instanceof Future);
    io.print("task.get_coro():", coroutineName(task.getCoro()));
    io.print("before yielding: task.done() =", task.done(), "fut.done() =", fut.done());
    yield* sleep(0); // one loop iteration: the task's first step runs
    io.print("after one iteration: task.done() =", task.done(), "fut.done() =", fut.done());
    io.print("task.result():", task.result());
    fut.cancel(); // nobody will ever complete the bare Future
  }
  await io.run(main());
}

/** What the shared demo prints. */
export const taskVersusFutureOutput = [
  out(0, "Task is a Future subclass: True"),
  out(0, "task.get_coro(): work"),
  out(0, "before yielding: task.done() = False fut.done() = False"),
  out(0, "work() started"),
  out(0, "after one iteration: task.done() = True fut.done() = False"),
  out(0, "task.result(): work result"),
];

export default defineScenario({
  id: "S002-09-task-vs-future",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "Taks와 Futures 비교",
  title: "A Task starts its coroutine by itself; a Future starts nothing",
  kind: "claim",
  shows:
    "A Task is a Future that schedules its coroutine's first step; a bare Future only waits to be completed.",
  expected: taskVersusFutureOutput,
  seconds: 0,
  main: taskVersusFuture,
});
