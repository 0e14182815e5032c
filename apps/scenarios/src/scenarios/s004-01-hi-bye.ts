import { coroutine, sleep } from "@aio/task";
import { ctime } from "../python.js";
import { ctime as ctimeSlot, defineScenario, out, t } from "../scenario.js";

export default defineScenario({
  id: "S004-01-hi-bye",
  seed: "004_779d70134b209283.txt",
  section: "## 예제",
  title: "fromHiToBye: print, sleep(1.0), print",
  kind: "reconstructed",
  shows: "The smallest coroutine: print, await a one-second sleep, print.",
  document: "Sun Dec 19 18:54:55 2021 Hi!\nSun Dec 19 18:54:56 2021 Bye!",
  expected: [out(0, t`${ctimeSlot()} Hi!`), out(1, t`${ctimeSlot()} Bye!`)],
  seconds: 1,
  notes: "The document's first line `$ python 1-example.py` is the shell prompt, not output.",
  async main(io) {
    const fromHiToBye = coroutine(function* from_hi_to_bye() {
      io.print(`${ctime(io.time())} Hi!`);
      yield* sleep(1.0);
      io.print(`${ctime(io.time())} Bye!`);
    });
    await io.run(fromHiToBye());
  },
});
