import { coroutine, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-03-await-print-add",
  seed: "000_d32f8485cef36aea.txt",
  section: "## await",
  title: "await chains coroutines: add → print_add",
  kind: "reconstructed",
  shows: "Awaiting (yield*) a coroutine inside a coroutine runs it and waits for its return value.",
  document: "add: 1 + 2\nprint_add: 1 + 2 = 3",
  expected: [out(0, "add: 1 + 2"), out(1, "print_add: 1 + 2 = 3")],
  seconds: 1,
  async main(io) {
    const add = coroutine(function* add(a: number, b: number) {
      io.print(`add: ${a} + ${b}`);
      yield* sleep(1);
      return a + b;
    });
    const printAdd = coroutine(function* print_add(a: number, b: number) {
      const result = yield* add(a, b);
      io.print(`print_add: ${a} + ${b} = ${result}`);
    });
    await io.run(printAdd(1, 2));
  },
});
