import { defineScenario } from "../scenario.js";
import { taskVersusFuture, taskVersusFutureOutput } from "./s002-09-task-vs-future.js";

export default defineScenario({
  id: "S003-02-task-is-a-future",
  seed: "003_29c17cf406d3eb43.txt",
  section: "## 2-2. 태스크 객체 (Task Object) / ### 태스크 객체의 동작",
  title: "Task subclasses Future, owns a coroutine, schedules its own first step",
  kind: "claim",
  shows:
    "A Task is a Future holding a coroutine; creating it schedules its first step on the next iteration.",
  expected: taskVersusFutureOutput,
  seconds: 0,
  main: taskVersusFuture,
});
