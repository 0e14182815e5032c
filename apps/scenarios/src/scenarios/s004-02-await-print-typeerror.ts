import { ctime as ctimeSlot, defineScenario, err, out, t } from "../scenario.js";

export default defineScenario({
  id: "S004-02-await-print-typeerror",
  seed: "004_779d70134b209283.txt",
  section: "## 예제",
  title: "Awaiting print(…) is a TypeError: a plain function's result is not awaitable",
  kind: "original",
  shows:
    "`await print(...)` fails because print returns None: `TypeError: object NoneType can't be used in " +
    "'await' expression`, after `Hi!` was printed.",
  expected: [
    out(0, t`${ctimeSlot()} Hi!`),
    err(0, "TypeError: object NoneType can't be used in 'await' expression"),
  ],
  seconds: 0,
  exitCode: 1,
  waiting: {
    for: [],
    reason:
      "aio cannot raise Python's message here: `yield* print(...)` fails inside V8 before any library code " +
      "runs, and V8's error (`yield* (intermediate value) is not iterable`) does not say what the value was. " +
      "TypeScript rejects the program before it runs (TS2488: Type 'void' must have a '[Symbol.iterator]()' " +
      "method), so the mistake cannot reach a TypeScript build and the editor already shows it; " +
      "@aio/eslint-plugin adds no rule for it, since it would only repeat the compiler's error",
  },
});
