import { typeName } from "@aio/loop";
import { coroutine } from "@aio/task";
import { defineScenario, err, hex, out, path, SOURCE_LINE, t } from "../scenario.js";

export default defineScenario({
  id: "S004-03-def-vs-async-def",
  seed: "004_779d70134b209283.txt",
  section: "## 예제",
  title:
    "function vs coroutine function: both are functions; calling a coroutine function returns a coroutine object",
  kind: "original",
  shows:
    "Both kinds are functions; calling an ordinary one runs it, calling a coroutine function only makes a " +
    "coroutine object, which does nothing until driven, and is reported when it is never awaited.",
  document:
    "Type\ndef:  <class 'function'>\nasync def:  <class 'function'>\n\nCall Function\ndef:  None\n" +
    "async def:  <coroutine object is_coroutine at 0x7fecb8bc1ec0>",
  expected: [
    out(0, "Type"),
    out(0, "def:  <class 'function'>"),
    out(0, "async def:  <class 'function'>"),
    out(0, ""),
    out(0, ""),
    out(0, "Call Function"),
    out(0, "def:  None"),
    out(0, t`async def:  <coroutine object is_coroutine at ${hex()}>`),
    err(0, t`${path()}: RuntimeWarning: coroutine 'is_coroutine' was never awaited`),
    err(0, '  io.print("async def: ", is_coroutine());', {
      python: { text: "  print('async def: ', is_coroutine())", why: SOURCE_LINE },
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
    "`print('\\n')` prints two blank lines (the document shows one). `coroutine()` marks the coroutine " +
    "function, as `async def` does: its objects print as Python's and are reported when never awaited, here " +
    "when the program ends (Python reports it when the object is freed, right after the print).",
  debug: true,
  main(io) {
    const type = (x: unknown) => `<class '${typeName(x)}'>`;
    function is_normal_def() {}
    const is_coroutine = coroutine(function* is_coroutine() {});
    io.print("Type");
    io.print("def: ", type(is_normal_def));
    io.print("async def: ", type(is_coroutine));
    io.print("\n");
    io.print("Call Function");
    io.print("def: ", is_normal_def());
    io.print("async def: ", is_coroutine());
  },
});
