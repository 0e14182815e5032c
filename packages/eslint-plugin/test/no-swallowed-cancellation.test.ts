import rule from "../src/rules/no-swallowed-cancellation.js";
import { IMPORTS, ruleTester } from "./rule-tester.js";

ruleTester().run("no-swallowed-cancellation", rule, {
  valid: [
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { if (isCancelledError(e)) throw e; console.log(e); } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { if (e instanceof CancelledError) { throw e; } console.log(e); } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { console.log('failed', e); throw e; } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { if (Math.random() > 0.5) { throw e; } else { throw e; } } }",
    // Handles one kind of error and re-throws the rest: a CancelledError is not a TimeoutError.
    IMPORTS +
      "import { TimeoutError } from '@aio/future';\nfunction* main() { try { yield* sleep(1); } catch (e) { if (e instanceof TimeoutError) console.log('late'); else throw e; } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { if (!(e instanceof RangeError)) throw e; console.log(e.message); } }",
    // A CancelledError has no errno: it is re-thrown (also through an alias of the caught value).
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { const err = e as { strerror?: string }; if (typeof err.strerror !== 'string') throw e; console.log(err.strerror); } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (err) { if ((err as { errno?: number }).errno !== 2) throw err; } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { if (typeof (e as { strerror?: string }).strerror !== 'string') throw e; console.log('os error'); } }",
    IMPORTS +
      "function* main() { for (;;) { try { yield* sleep(1); } catch (e) { if (e instanceof SyntaxError) break; throw e; } } }",
    IMPORTS +
      "function* main() { try { yield* sleep(1); } catch (e) { if ((e as Error).name === 'AbortError') return; throw e; } }",
    // Nothing suspends in the try: no CancelledError can arrive there.
    IMPORTS +
      "function* main() { try { JSON.parse('x'); } catch { console.log('bad json'); } yield* sleep(1); }",
    // Not a coroutine: plain code.
    `${IMPORTS}async function main() { try { await Promise.resolve(); } catch (e) { console.log(e); } }`,
    `${IMPORTS}function* numbers() { try { yield 1; } catch (e) { console.log(e); } }`,
  ],
  invalid: [
    {
      code: `${IMPORTS}function* main() { try { yield* sleep(1); } catch (e) { console.log('failed', e); } }`,
      errors: [{ messageId: "swallowed" }],
    },
    {
      code: `${IMPORTS}function* main() { try { yield* sleep(1); } catch { } }`,
      errors: [{ messageId: "swallowed" }],
    },
    {
      // Re-thrown on one path only.
      code:
        IMPORTS +
        "function* main() { try { yield* sleep(1); } catch (e) { if ((e as Error).message === 'x') return; throw e; } }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      // Every Error passes this check, a CancelledError too.
      code:
        IMPORTS +
        "function* main() { try { yield* sleep(1); } catch (e) { if (e instanceof Error) return; throw e; } }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      code:
        IMPORTS +
        "function* main() { try { yield* sleep(1); } catch (e) { if ((e as Error).name === 'CancelledError') console.log('cancelled'); else throw e; } }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      // Wrapped: the CancelledError is gone.
      code:
        IMPORTS +
        "function* main() { try { yield* sleep(1); } catch (e) { throw new Error('failed', { cause: e }); } }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      // Checked, but not re-thrown.
      code:
        IMPORTS +
        "function* main() { for (;;) { try { yield* sleep(1); } catch (e) { if (isCancelledError(e)) console.log('cancelled'); } } }",
      errors: [{ messageId: "swallowed" }],
    },
  ],
});
