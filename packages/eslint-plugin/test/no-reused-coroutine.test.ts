import rule from "../src/rules/no-reused-coroutine.js";
import { IMPORTS, ruleTester } from "./rule-tester.js";

ruleTester().run("no-reused-coroutine", rule, {
  valid: [
    `${IMPORTS}function* work() { yield* sleep(1); }\nfunction* main() { const c = work(); yield* c; }`,
    `${IMPORTS}function* work() { yield* sleep(1); }\nfunction* main() { yield* work(); yield* work(); }`,
    IMPORTS +
      "function* work() { yield* sleep(1); }\nfunction* main() { for (let i = 0; i < 3; i++) { const c = work(); yield* c; } }",
    IMPORTS +
      "function* work() { yield* sleep(1); }\nfunction* main() { const c = work(); console.log(String(c)); yield* c; }",
    IMPORTS +
      "function* main() { const xs = [1, 2]; for (const x of xs) console.log(x); for (const x of xs) console.log(x); }",
  ],
  invalid: [
    {
      code:
        IMPORTS +
        "function* work() { yield* sleep(1); }\nfunction* main() { const c = work(); yield* c; yield* c; }",
      errors: [{ messageId: "reused", data: { name: "c", line: "5" } }],
    },
    {
      code:
        IMPORTS +
        "function* work() { yield* sleep(1); }\nfunction* main() { const c = work(); createTask(c); yield* gather(c); }",
      errors: [{ messageId: "reused" }],
    },
    {
      code:
        IMPORTS +
        "function* work() { yield* sleep(1); }\nfunction* main() { const c = work(); for (let i = 0; i < 3; i++) yield* c; }",
      errors: [{ messageId: "inLoop" }],
    },
  ],
});
