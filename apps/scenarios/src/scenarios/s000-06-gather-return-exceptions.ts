import { coroutine, gather, sleep } from "@aio/task";
import { ValueError } from "../python.js";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-06-gather-return-exceptions",
  seed: "000_d32f8485cef36aea.txt",
  section: "## gather (second output block)",
  title: "gather(…, { returnExceptions: true }) returns the exception in place of a result",
  kind: "reconstructed",
  shows:
    "The failing coroutine's exception takes its place in the result list; the others run to completion.",
  document:
    "Task A: factorial(2)\nTask B: factorial(2)\nTask A: factorial(2) = 2\nTask B: factorial(3)\n" +
    "Task B: factorial(3) = 6\n[2, 6, ValueError('Number should not be equal to 4')]",
  expected: [
    out(0, "Task A: factorial(2)"),
    out(0, "Task B: factorial(2)"),
    out(1, "Task A: factorial(2) = 2"),
    out(1, "Task B: factorial(3)"),
    out(2, "Task B: factorial(3) = 6"),
    out(2, "[2, 6, ValueError('Number should not be equal to 4')]"),
  ],
  seconds: 2,
  notes:
    "The document calls the option return_exception; the real keyword is return_exceptions (returnExceptions).",
  async main(io) {
    const factorial = coroutine(function* factorial(name: string, number: number) {
      if (number === 4) throw new ValueError("Number should not be equal to 4");
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
      const L = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4), {
        returnExceptions: true,
      });
      io.print(L);
    });
    await io.run(main());
  },
});
