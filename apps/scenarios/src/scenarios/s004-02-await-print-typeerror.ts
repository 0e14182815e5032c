import { coroutine, sleep } from "@aio/task";
import { ctime } from "../python.js";
import { any, ctime as ctimeSlot, defineScenario, err, out, t } from "../scenario.js";

export default defineScenario({
  id: "S004-02-await-print-typeerror",
  seed: "004_779d70134b209283.txt",
  section: "## 예제",
  title: "Awaiting print(…) is a TypeError: a plain function's result is not awaitable",
  kind: "original",
  shows:
    "`await print(...)` fails because print returns None. The TypeScript equivalent, `yield* print(...)`, fails " +
    "the same way: print returns undefined, which `yield*` cannot iterate.",
  expected: [
    out(0, t`${ctimeSlot()} Hi!`),
    // V8 names the expression (as it sees it after compilation) in the message.
    err(0, t`TypeError: yield* ${any()} is not iterable`),
  ],
  seconds: 0,
  exitCode: 1,
  notes:
    "Python's message is `TypeError: object NoneType can't be used in 'await' expression`, after a traceback; " +
    "here it is V8's error for `yield*` on a call that returned undefined, which the runner prints as " +
    "`name: message`. The " +
    "un-awaited sleep(1.0) on the next line is never reached.",
  async main(io) {
    // print() returns nothing; typed as what the document's `await print(...)` pretends it is.
    const print = io.print as unknown as (...args: unknown[]) => Generator<undefined, void, unknown>;
    const fromHiToBye = coroutine(function* from_hi_to_bye() {
      yield* print(`${ctime(io.time())} Hi!`);
      sleep(1.0);
      yield* print(`${ctime(io.time())} Bye!`);
    });
    await io.run(fromHiToBye());
  },
});
