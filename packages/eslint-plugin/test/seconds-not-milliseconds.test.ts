import rule from "../src/rules/seconds-not-milliseconds.js";
import { IMPORTS, ruleTester } from "./rule-tester.js";

ruleTester().run("seconds-not-milliseconds", rule, {
  valid: [
    `${IMPORTS}function* main() { yield* sleep(1.5); yield* sleep(60); }`,
    `${IMPORTS}function* main() { yield* waitFor(sleep(1), 30); }`,
    IMPORTS +
      "function sleep2(ms: number) { return new Promise((r) => setTimeout(r, ms)); }\nasync function main() { await sleep2(1000); }",
    // Another library's sleep(ms) is not aio's.
    "function sleep(ms: number) { return new Promise((r) => setTimeout(r, ms)); }\nasync function main() { await sleep(1000); }",
    { code: `${IMPORTS}function* main() { yield* sleep(500); }`, options: [{ threshold: 1000 }] },
    // An hour, a day: seconds meant as such.
    `${IMPORTS}function* main() { yield* sleep(3600); yield* sleep(86400); }`,
  ],
  invalid: [
    {
      code: `${IMPORTS}function* main() { yield* sleep(1000); }`,
      errors: [
        {
          messageId: "milliseconds",
          data: { call: "sleep()", value: "1000", human: "16.7 minutes", seconds: "1" },
          suggestions: [
            {
              messageId: "divide",
              data: { seconds: "1" },
              output: `${IMPORTS}function* main() { yield* sleep(1); }`,
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORTS}function* work() { yield* sleep(1); }\nfunction* main() { yield* waitFor(work(), 5000); }`,
      errors: [
        {
          messageId: "milliseconds",
          data: { call: "waitFor()", value: "5000", human: "1.4 hours", seconds: "5" },
          suggestions: [
            {
              messageId: "divide",
              output:
                IMPORTS +
                "function* work() { yield* sleep(1); }\nfunction* main() { yield* waitFor(work(), 5); }",
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORTS}function main() { getRunningLoop().callLater(250, () => {}); }`,
      errors: [
        {
          messageId: "milliseconds",
          suggestions: [
            {
              messageId: "divide",
              output: `${IMPORTS}function main() { getRunningLoop().callLater(0.25, () => {}); }`,
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORTS}function* main() { const t = createTask(sleep(1)); yield* wait([t], { timeout: 3000 }); }`,
      errors: [
        {
          messageId: "milliseconds",
          data: { call: "wait({ timeout })", value: "3000", human: "50.0 minutes", seconds: "3" },
          suggestions: [
            {
              messageId: "divide",
              output:
                IMPORTS +
                "function* main() { const t = createTask(sleep(1)); yield* wait([t], { timeout: 3 }); }",
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORTS}function* main() { using t = timeout(200); yield* sleep(1); }`,
      errors: [
        {
          messageId: "milliseconds",
          suggestions: [
            {
              messageId: "divide",
              output: `${IMPORTS}function* main() { using t = timeout(0.2); yield* sleep(1); }`,
            },
          ],
        },
      ],
    },
  ],
});
