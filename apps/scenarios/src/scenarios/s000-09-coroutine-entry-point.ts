import { typeName } from "@aio/loop";
import { coroutine, run } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-09-coroutine-entry-point",
  seed: "000_d32f8485cef36aea.txt",
  section: "## Future, Task › ### Coroutine / ### Task",
  title: "A coroutine only runs when driven: run(asyncFunc()) is the entry point",
  kind: "claim",
  shows: "Calling a coroutine function only creates a coroutine object; its body runs once run() drives it.",
  expected: [out(0, "coroutine"), out(0, "async_func body runs"), out(0, "42")],
  seconds: 0,
  notes:
    "typeName(x) is Python's type(x).__name__. The order is the point: the type is printed before the body runs.",
  async main(io) {
    const asyncFunc = coroutine(function* async_func() {
      io.print("async_func body runs");
      return 42;
    });
    const coro = asyncFunc(); // calling it runs nothing: it only makes a coroutine object
    io.print(typeName(coro));
    io.print(await run(coro)); // run() is the entry point: new loop, run as a Task, close
  },
});
