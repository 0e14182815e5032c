import rule from "../src/rules/require-yield-star.js";
import { IMPORTS, ruleTester } from "./rule-tester.js";

ruleTester().run("require-yield-star", rule, {
  valid: [
    `${IMPORTS}function* main() { yield* sleep(1); }`,
    `${IMPORTS}function* main() { yield; }`, // a bare yield gives up one loop turn
    `${IMPORTS}function* numbers() { yield 1; yield 'two'; }`,
    `${IMPORTS}function* main() { yield* ensureFuture(Promise.resolve(1)); }`,
  ],
  invalid: [
    {
      code: `${IMPORTS}function* main() { yield sleep(1); }`,
      output: `${IMPORTS}function* main() { yield* sleep(1); }`,
      errors: [{ messageId: "yieldCoroutine" }],
    },
    {
      code:
        IMPORTS +
        "function* work() { yield* sleep(1); }\nfunction* main() { const t = createTask(work()); yield t; }",
      output:
        IMPORTS +
        "function* work() { yield* sleep(1); }\nfunction* main() { const t = createTask(work()); yield* t; }",
      errors: [{ messageId: "yieldFuture" }],
    },
    {
      code: `${IMPORTS}function* main() { const f: Future<number> = getRunningLoop().createFuture(); yield f; }`,
      output: `${IMPORTS}function* main() { const f: Future<number> = getRunningLoop().createFuture(); yield* f; }`,
      errors: [{ messageId: "yieldFuture" }],
    },
    {
      code: `${IMPORTS}function* main() { yield fetch('http://127.0.0.1/'); }`,
      errors: [
        {
          messageId: "yieldPromise",
          suggestions: [
            {
              messageId: "useEnsureFuture",
              output: `${IMPORTS}function* main() { yield* ensureFuture(fetch('http://127.0.0.1/')); }`,
            },
          ],
        },
      ],
    },
  ],
});
