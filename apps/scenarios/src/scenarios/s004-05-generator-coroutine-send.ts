import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S004-05-generator-coroutine-send",
  seed: "004_779d70134b209283.txt",
  section: "### 코루틴",
  title: "A generator keeps its state: next(value) accumulates 1, 3, 6 … 55",
  kind: "original",
  shows:
    "A generator suspends at yield and resumes with the value sent in, keeping its locals: the idea asyncio's " +
    "coroutines (and aio's function* coroutines) are built on.",
  document: "1\n3\n6\n10\n15\n21\n28\n36\n45\n55",
  expected: [1, 3, 6, 10, 15, 21, 28, 36, 45, 55].map((n) => out(0, String(n))),
  seconds: 0,
  notes:
    "Python's `coroutine.send(num)` is `generator.next(num)`; `next(coroutine)` primes it with `next()`.",
  main(io) {
    function* coroutineNumSum(): Generator<number, never, number> {
      let total = 0;
      for (;;) {
        const temp = yield total;
        total += temp;
      }
    }
    const coroutine = coroutineNumSum();
    coroutine.next();
    for (let num = 1; num <= 10; num++) io.print(coroutine.next(num).value);
  },
});
