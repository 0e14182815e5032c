/* eslint-disable @aio/no-floating-coroutine -- the document's point: test() is called without await */
import { coroutine } from "@aio/task";
import { defineScenario, err, path, t } from "../scenario.js";

export default defineScenario({
  id: "S002-20-never-awaited-warning",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › 일반 모드",
  title: "Forgotten await: RuntimeWarning 'coroutine … was never awaited'",
  kind: "original",
  shows: "A coroutine that is called but never awaited is reported on stderr; stdout stays empty.",
  document:
    "xxxxx 7: RuntimeWarning: coroutine 'test' was never awaited\n  test()\n" +
    "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
  expected: [
    err(0, t`${path()}: RuntimeWarning: coroutine 'test' was never awaited`),
    err(0, "  test();", {
      python: {
        text: "  test()",
        why: "the source line is quoted as it is written: here the TypeScript line",
      },
    }),
  ],
  omitted: [
    {
      text: "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
      why: "CPython's hint to turn tracemalloc on; aio records where a coroutine was made in debug mode instead",
    },
  ],
  seconds: 0,
  notes:
    "CPython warns when the coroutine object is freed, at once; JavaScript has no deterministic finaliser, so aio " +
    "warns when the loop that ran the program closes (asyncio.run closes it). The warning names the line that made " +
    "the coroutine, which for a forgotten await is the line Python names.",
  debug: true,
  async main(io) {
    const test = coroutine(function* test() {
      io.print("never scheduled");
    });

    const main = coroutine(function* main() {
      test();
    });

    await io.run(main());
  },
});
