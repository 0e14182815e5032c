import { coroutine, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-03-greet-sequential",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "기본적인 예시 코드",
  title: "Three awaited greet() calls run sequentially (3 s)",
  kind: "original",
  shows: "Each greet is awaited before the next starts: three 1 s sleeps one after another.",
  document:
    "시작\nHello, Alice!\nGoodbye, Alice!\nHello, Bob!\nGoodbye, Bob!\nHello, Charlie!\nGoodbye, Charlie!\n종료",
  expected: [
    out(0, "시작"),
    out(0, "Hello, Alice!"),
    out(1, "Goodbye, Alice!"),
    out(1, "Hello, Bob!"),
    out(2, "Goodbye, Bob!"),
    out(2, "Hello, Charlie!"),
    out(3, "Goodbye, Charlie!"),
    out(3, "종료"),
  ],
  seconds: 3,
  async main(io) {
    const greet = coroutine(function* greet(name: string) {
      io.print(`Hello, ${name}!`);
      yield* sleep(1); // 비동기적으로 1초 대기
      io.print(`Goodbye, ${name}!`);
    });
    const main = coroutine(function* main() {
      io.print("시작");
      yield* greet("Alice");
      yield* greet("Bob");
      yield* greet("Charlie");
      io.print("종료");
    });
    await io.run(main());
  },
});
