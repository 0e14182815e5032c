import { pyFloat } from "../python.js";
import { defineScenario, elapsed, out, t } from "../scenario.js";

export default defineScenario({
  id: "S004-06-sync-find-users",
  seed: "004_779d70134b209283.txt",
  section: "### 비교 › #### 동기적 처리",
  title: "Synchronous user lookups: 5 + 7 + 3 blocking seconds (15 s)",
  kind: "original",
  shows: "Blocking lookups run one after another: 15 s in all.",
  expected: [
    ...[5, 7, 3].flatMap((n, k) =>
      Array.from({ length: n }, (_, i) =>
        out(([0, 5, 12][k] as number) + i, `${n}명 중 ${i + 1}번 째 사용자 조회 중 ...`),
      ),
    ),
    out(15, t`> ${elapsed(15)} 소요`),
  ],
  seconds: 15,
  notes:
    "time.sleep blocks for real (Atomics.wait); on the virtual clock it moves time on. The elapsed float varies.",
  main(io) {
    function findUserSync(n: number) {
      for (let i = 1; i <= n; i++) {
        io.print(`${n}명 중 ${i}번 째 사용자 조회 중 ...`);
        io.blockingSleep(1);
      }
    }
    const start = io.time();
    findUserSync(5);
    findUserSync(7);
    findUserSync(3);
    const end = io.time();
    io.print(`> ${pyFloat(end - start)} 소요`);
  },
});
