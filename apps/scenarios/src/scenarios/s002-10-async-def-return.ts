import { coroutine } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-10-async-def-return",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "async def",
  title: "A coroutine function's return value via yield*",
  kind: "original",
  shows: "Awaiting a coroutine gives its return value.",
  document: "Hello, Alice!",
  expected: [out(0, "Hello, Alice!")],
  seconds: 0,
  async main(io) {
    const greet = coroutine(function* greet(name: string) {
      return `Hello, ${name}!`;
    });
    // 사용 예
    const main = coroutine(function* main() {
      const result = yield* greet("Alice");
      io.print(result);
    });
    await io.run(main());
  },
});
