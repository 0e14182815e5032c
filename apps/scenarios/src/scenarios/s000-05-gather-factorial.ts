import { coroutine, gather, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export const factorialDocument = [
  "Task A: factorial(2)",
  "Task B: factorial(2)",
  "Task C: factorial(2)",
  "Task A: factorial(2) = 2",
  "Task B: factorial(3)",
  "Task C: factorial(3)",
  "Task B: factorial(3) = 6",
  "Task C: factorial(4)",
  "Task C: factorial(4) = 24",
  "[2, 6, 24]",
];

export default defineScenario({
  id: "S000-05-gather-factorial",
  seed: "000_d32f8485cef36aea.txt",
  section: "## gather",
  title: "gather runs three factorial coroutines concurrently",
  kind: "reconstructed",
  shows: "gather() schedules several coroutines at once and returns their results in argument order.",
  document: factorialDocument.join("\n"),
  expected: factorialDocument.map((line, i) => out([0, 0, 0, 1, 1, 1, 2, 2, 3, 3][i] as number, line)),
  seconds: 3,
  async main(io) {
    const factorial = coroutine(function* factorial(name: string, number: number) {
      let f = 1;
      for (let i = 2; i <= number; i++) {
        io.print(`Task ${name}: factorial(${i})`);
        yield* sleep(1);
        f *= i;
      }
      io.print(`Task ${name}: factorial(${number}) = ${f}`);
      return f;
    });
    const main = coroutine(function* main() {
      const L = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4));
      io.print(L);
    });
    await io.run(main());
  },
});
