import { coroutine, createTask, sleep, wait } from "@aio/task";
import { pyFloat } from "../python.js";
import { defineScenario, elapsed, out, t } from "../scenario.js";

const rounds: [number, number[]][] = [
  [0, [7, 3, 5]],
  [1, [7, 3, 5]],
  [2, [7, 3, 5]],
  [3, [7, 5]],
  [4, [7, 5]],
  [5, [7]],
  [6, [7]],
];

export default defineScenario({
  id: "S004-07-async-wait-find-users",
  seed: "004_779d70134b209283.txt",
  section: "### 비교 › #### 비동기적 처리",
  title: "wait over the three lookups: interleaved, 7 s",
  kind: "original",
  shows:
    "The same lookups as tasks under wait(): they interleave each second and the whole takes 7 s, not 15 s.",
  expected: [
    ...rounds.flatMap(([at, ns]) => ns.map((n) => out(at, `${n}명 중 ${at + 1}번 째 사용자 조회 중 ...`))),
    out(7, t`> ${elapsed(7)} 소요`),
  ],
  observed: 3, // the sample version: tasks created in the document's order
  seconds: 7,
  notes:
    "Since CPython 3.11 wait() refuses coroutines (`TypeError: Passing coroutines is forbidden, use tasks " +
    "explicitly.`), so the program creates the tasks itself, in the document's order 7, 3, 5; with tasks the " +
    "order is creation order and deterministic. The document's round order came from set iteration over " +
    "coroutine objects, which is arbitrary (its 'shorter jobs first' reading is a misreading).",
  async main(io) {
    const findUserAsync = coroutine(function* find_user_async(n: number) {
      for (let i = 1; i <= n; i++) {
        io.print(`${n}명 중 ${i}번 째 사용자 조회 중 ...`);
        yield* sleep(1);
      }
    });
    const main = coroutine(function* main() {
      const start = io.time();
      yield* wait([createTask(findUserAsync(7)), createTask(findUserAsync(3)), createTask(findUserAsync(5))]);
      const end = io.time();
      io.print(`> ${pyFloat(end - start)} 소요`);
    });
    await io.run(main());
  },
});
