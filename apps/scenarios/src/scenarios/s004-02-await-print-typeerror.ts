import { coroutine, sleep } from "@aio/task";
import { ctime } from "../python.js";
import { ctime as ctimeSlot, defineScenario, err, out, t } from "../scenario.js";

export default defineScenario({
  id: "S004-02-await-print-typeerror",
  seed: "004_779d70134b209283.txt",
  section: "## 예제",
  title: "Awaiting print(…) is a TypeError: a plain function's result is not awaitable",
  kind: "original",
  shows:
    "`await print(...)` fails because print returns None: print runs first, so `Hi!` appears, then awaiting " +
    "its result is a TypeError and the program exits with status 1.",
  expected: [
    out(0, t`${ctimeSlot()} Hi!`),
    // V8 prints the delegated value as "(intermediate value)", once for each of the generator's three
    // statements (two without the `sleep(1.0)` line): the exact text V8 gives this program.
    err(0, "TypeError: yield* (intermediate value)(intermediate value)(intermediate value) is not iterable", {
      python: {
        text: "TypeError: object NoneType can't be used in 'await' expression",
        why:
          "`yield* print(...)` fails inside V8, before any aio code runs, so the message is V8's, which " +
          "does not name the value; TypeScript rejects the program before it runs (TS2488), so this mistake cannot reach a " +
          "TypeScript build",
      },
    }),
  ],
  seconds: 0,
  exitCode: 1,
  notes:
    "The document's program, mistakes included: the awaited prints, and `asyncio.sleep(1.0)` without await, " +
    "which is never reached. The compiler's TS2488 errors are silenced line by line (`@ts-expect-error`, which " +
    "fails the typecheck if the compiler ever accepts the line) so that the program can run at all.",
  async main(io) {
    const fromHiToBye = coroutine(function* from_hi_to_bye() {
      // @ts-expect-error TS2488: print returns void, which yield* cannot delegate to (Python's await print(...))
      yield* io.print(`${ctime(io.time())} Hi!`);
      // eslint-disable-next-line @aio/no-floating-coroutine -- the document's mistake: asyncio.sleep(1.0) without await (never reached)
      sleep(1.0);
      // @ts-expect-error TS2488, as above
      yield* io.print(`${ctime(io.time())} Bye!`);
    });
    await io.run(fromHiToBye());
  },
});
