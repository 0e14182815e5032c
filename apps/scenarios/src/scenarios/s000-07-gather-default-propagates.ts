import { coroutine, gather, sleep } from "@aio/task";
import { repr, ValueError } from "../python.js";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S000-07-gather-default-propagates",
  seed: "000_d32f8485cef36aea.txt",
  section: "## gather (prose about the default)",
  title: "gather by default: the first error propagates, the others keep running",
  kind: "claim",
  shows:
    "The document says an error 'immediately terminates all coroutines'. In fact the first exception reaches " +
    "the awaiting caller at once, and the other awaitables are NOT cancelled: they keep running.",
  expected: [
    out(0, "Task A: factorial(2)"),
    out(0, "Task B: factorial(2)"),
    out(0, "gather raised: ValueError('Number should not be equal to 4')"),
    out(1, "Task A: factorial(2) = 2"),
    out(1, "Task B: factorial(3)"),
    out(2, "Task B: factorial(3) = 6"),
    out(2.5, "main done"),
  ],
  seconds: 2.5,
  notes: "The document's wording is inaccurate; this shows asyncio's real behaviour.",
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
      try {
        const L = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4));
        io.print(L);
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        io.print("gather raised:", repr(e));
      }
      yield* sleep(2.5); // the other two were NOT cancelled: they keep running
      io.print("main done");
    });
    await io.run(main());
  },
});
