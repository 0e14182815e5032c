import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S004-04-subroutine-num-sum",
  seed: "004_779d70134b209283.txt",
  section: "### 코루틴",
  title: "A plain subroutine forgets its state between calls: 1…10",
  kind: "original",
  shows: "An ordinary function starts afresh on every call: the running total is lost.",
  document: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10",
  expected: Array.from({ length: 10 }, (_, i) => out(0, String(i + 1))),
  seconds: 0,
  notes: "The document shows a blank line after the prompt; the program prints none.",
  main(io) {
    function numSum(num: number): number {
      let total = 0;
      for (;;) {
        total += num;
        return total;
      }
    }
    for (let num = 1; num <= 10; num++) io.print(numSum(num));
  },
});
