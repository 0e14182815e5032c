import { coroutine, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-06-asyncio-run-hello",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "이벤트 루프(Event Loop)",
  title: "run(helloWorld()) — the recommended form",
  kind: "original",
  shows: "run() creates the loop, runs the coroutine and closes the loop; no warning.",
  document: "Hello\nWorld",
  expected: [out(0, "Hello"), out(1, "World")],
  seconds: 1,
  async main(io) {
    const helloWorld = coroutine(function* hello_world() {
      io.print("Hello");
      yield* sleep(1);
      io.print("World");
    });
    await io.run(helloWorld());
  },
});
