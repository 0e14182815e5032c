/* eslint-disable @aio/no-floating-coroutine -- the document's point: test() is called without await */
import { coroutine } from "@aio/task";
import { defineScenario, err, file, path, t } from "../scenario.js";

export default defineScenario({
  id: "S002-21-never-awaited-debug-traceback",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › 디버그 모드",
  title: "Forgotten await in debug mode: warning plus 'Coroutine created at' traceback",
  kind: "original",
  shows:
    "With debug mode on, the never-awaited warning also shows where the coroutine object was created, as a " +
    "Python traceback: the program's frames, oldest first, each with its source line.",
  document:
    "Coroutine created at (most recent call last)\n" +
    '  File "D:\\10.dev\\10.python\\test_app\\src\\22.asyncio\\main.py", line 9, in <module>\n' +
    "    asyncio.run(main(), debug=True)\n  …library frames…\n" +
    '  File "D:\\10.dev\\10.python\\test_app\\src\\22.asyncio\\main.py", line 7, in main\n    test()\n  test()\n' +
    "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
  expected: [
    err(0, t`${path()}: RuntimeWarning: coroutine 'test' was never awaited`),
    err(0, "Coroutine created at (most recent call last)"),
    err(0, t`  File "${file()}", line 61, in main`, {
      python: {
        text: '  File "<rundir>/main.py", line 9, in <module>',
        why: "the program's outermost frame is its main() function (Python's is the module); runtime frames, which Python shows from its asyncio library, are left out",
      },
    }),
    err(0, "    await io.run(main(), { debug: true });", {
      python: { text: "    asyncio.run(main(), debug=True)", why: "the TypeScript line" },
    }),
    err(0, t`  File "${file()}", line 58, in main`, {
      python: {
        text: '  File "<rundir>/main.py", line 7, in main',
        why: "the line of test() in the TypeScript program (Python's library frames before it are left out)",
      },
    }),
    err(0, "    test();", { python: { text: "    test()", why: "the TypeScript line" } }),
    err(0, "  test();", { python: { text: "  test()", why: "the TypeScript line" } }),
  ],
  omitted: [
    {
      text: "RuntimeWarning: Enable tracemalloc to get the object allocation traceback",
      why: "CPython's hint to turn tracemalloc on; aio's debug mode records the creation stack itself",
    },
  ],
  seconds: 0,
  notes:
    "Compared: the warning, the header, a frame of the program's file naming the run call, the last " +
    "frame at the test() call in main, then the source line. Library frames differ by version and are ignored.",
  debug: true,
  async main(io) {
    const test = coroutine(function* test() {
      io.print("never scheduled");
    });

    const main = coroutine(function* main() {
      test();
    });

    await io.run(main(), { debug: true });
  },
});
