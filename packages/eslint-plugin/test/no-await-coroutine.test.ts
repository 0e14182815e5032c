import rule from "../src/rules/no-await-coroutine.js";
import { IMPORTS, ruleTester } from "./rule-tester.js";

ruleTester().run("no-await-coroutine", rule, {
  valid: [
    `${IMPORTS}async function main() { await toPromise(sleep(1)); }`,
    `${IMPORTS}async function main() { await run(sleep(1)); }`,
    `${IMPORTS}async function main() { await Promise.resolve(1); }`,
    // A Task is a Future, and Futures are awaitable.
    `${IMPORTS}function* work() { yield* sleep(1); }\nasync function main() { await createTask(work()); }`,
  ],
  invalid: [
    {
      code:
        IMPORTS +
        "function* work() { yield* sleep(1); return 1; }\nasync function main() { const n = await work(); }",
      errors: [
        {
          messageId: "awaitCoroutine",
          suggestions: [
            {
              messageId: "useToPromise",
              output:
                IMPORTS +
                "function* work() { yield* sleep(1); return 1; }\nasync function main() { const n = await toPromise(work()); }",
            },
          ],
        },
      ],
    },
    {
      code:
        IMPORTS +
        "const save = coroutine(function* save() { yield* sleep(0); });\nexport async function handler() { await save(); }",
      errors: [
        {
          messageId: "awaitCoroutine",
          suggestions: [
            {
              messageId: "useToPromise",
              output:
                IMPORTS +
                "const save = coroutine(function* save() { yield* sleep(0); });\nexport async function handler() { await toPromise(save()); }",
            },
          ],
        },
      ],
    },
  ],
});
