import { coroutine, createTask, sleep } from "@aio/task";
import { defineScenario, err, out, path, t } from "../scenario.js";

export default defineScenario({
  id: "S003-04-loop-close-pending-task",
  seed: "003_29c17cf406d3eb43.txt",
  section: "## loop.close()",
  title: "Closing a loop with an unfinished task: 'Task was destroyed but it is pending!'",
  kind: "claim",
  shows: "close() drops what is still scheduled; a task left pending is reported on the asyncio logger.",
  expected: [
    out(0.1, "main finished; closing the loop"),
    out(0.1, "loop closed"),
    err(0.1, "Task was destroyed but it is pending!"),
    err(
      0.1,
      t`task: <Task pending name='Task-2' coro=<forever() done, defined at ${path()}> wait_for=<Future pending cb=[Task.task_wakeup()]>>`,
    ),
  ],
  seconds: 0.1,
  notes:
    "CPython reports when the pending task is garbage-collected, right after close(); aio's loop keeps pending " +
    "tasks alive and reports them at close(), so the report comes before `loop closed` is printed.",
  async main(io) {
    const forever = coroutine(function* forever() {
      yield* sleep(3600);
    });
    const main = coroutine(function* main() {
      createTask(forever()); // never awaited, still pending at the end
      yield* sleep(0.1);
    });
    const loop = io.newEventLoop();
    await loop.runUntilComplete(main());
    io.print("main finished; closing the loop");
    loop.close();
    io.print("loop closed");
  },
});
