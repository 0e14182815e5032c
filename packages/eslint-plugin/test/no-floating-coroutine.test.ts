import rule from "../src/rules/no-floating-coroutine.js";
import { IMPORTS, ruleTester } from "./rule-tester.js";

ruleTester().run("no-floating-coroutine", rule, {
  valid: [
    `${IMPORTS}function* work() { yield* sleep(1); }\nfunction* main() { yield* work(); }`,
    IMPORTS +
      "function* work() { yield* sleep(1); }\nfunction* main() { const t = createTask(work()); yield* t; }",
    `${IMPORTS}function* work() { yield* sleep(1); }\nfunction* main() { return work(); }`,
    `${IMPORTS}function* work() { yield* sleep(1); }\nfunction* main() { yield* gather(work(), work()); }`,
    // A task runs by itself: dropping the handle is allowed (its errors are reported by the loop).
    IMPORTS +
      "function* work() { yield* sleep(1); }\nfunction* main() { createTask(work()); yield* sleep(0); }",
    // An iterator generator is not a coroutine.
    `${IMPORTS}function* numbers() { yield 1; yield 2; }\nfunction main() { numbers(); }`,
    `${IMPORTS}function main() { [1, 2].map((x) => x); }`,
    `${IMPORTS}async function main() { await run(sleep(0)); }`,
  ],
  invalid: [
    {
      // The seed's forgotten await (S002-20).
      code:
        IMPORTS +
        'const test = coroutine(function* test() { console.log("never scheduled"); });\nfunction* main() { test(); }',
      output:
        IMPORTS +
        'const test = coroutine(function* test() { console.log("never scheduled"); });\nfunction* main() { yield* test(); }',
      errors: [{ messageId: "floatingCoroutine", line: 5 }],
    },
    {
      code:
        IMPORTS +
        "function* save(): Coro<void> { yield* sleep(0.1); }\nfunction* main() { save(); yield* sleep(1); }",
      output:
        IMPORTS +
        "function* save(): Coro<void> { yield* sleep(0.1); }\nfunction* main() { yield* save(); yield* sleep(1); }",
      errors: [{ messageId: "floatingCoroutine" }],
    },
    {
      // Outside a coroutine there is nothing to insert: reported only.
      code: `${IMPORTS}function* save() { yield* sleep(0.1); }\nfunction handler() { save(); }`,
      errors: [{ messageId: "floatingCoroutine" }],
    },
    {
      code: `${IMPORTS}function* main() { sleep(1); }`,
      output: `${IMPORTS}function* main() { yield* sleep(1); }`,
      errors: [{ messageId: "floatingCoroutine" }],
    },
    {
      // A gather whose outer Future nobody waits for: its error is lost.
      code:
        IMPORTS +
        "function* a() { yield* sleep(1); }\nfunction* main() { gather(a(), a()); yield* sleep(2); }",
      output:
        IMPORTS +
        "function* a() { yield* sleep(1); }\nfunction* main() { yield* gather(a(), a()); yield* sleep(2); }",
      errors: [{ messageId: "floatingFuture" }],
    },
  ],
});
