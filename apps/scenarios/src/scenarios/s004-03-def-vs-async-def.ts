import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S004-03-def-vs-async-def",
  seed: "004_779d70134b209283.txt",
  section: "## 예제",
  title: "function vs function*: both are functions; calling a coroutine function returns a coroutine object",
  kind: "original",
  shows:
    "Both kinds are functions; calling an ordinary one runs it, calling a coroutine (generator) function only " +
    "makes a coroutine object, which does nothing until driven.",
  document:
    "Type\ndef:  <class 'function'>\nasync def:  <class 'function'>\n\nCall Function\ndef:  None\n" +
    "async def:  <coroutine object is_coroutine at 0x7fecb8bc1ec0>",
  expected: [
    out(0, "Type"),
    out(0, "def:  function"),
    out(0, "async def:  function"),
    out(0, ""),
    out(0, ""),
    out(0, "Call Function"),
    out(0, "def:  undefined"),
    out(0, "async def:  [object Generator]"),
  ],
  seconds: 0,
  notes:
    "The TypeScript equivalents, shown honestly: `typeof` gives `function` for both, calling the ordinary " +
    "function gives `undefined`, calling the coroutine function gives a generator object (`[object Generator]`; " +
    "Python: `<coroutine object is_coroutine at 0x…>`). `print('\\n')` prints two blank lines (the document " +
    "shows one). Python also warns that the coroutine was never awaited; a plain function* has no such report " +
    "(coroutine() adds it).",
  main(io) {
    function isNormalDef() {}
    function* isCoroutine() {}
    io.print("Type");
    io.print("def: ", typeof isNormalDef);
    io.print("async def: ", typeof isCoroutine);
    io.print("\n");
    io.print("Call Function");
    io.print("def: ", String(isNormalDef()));
    io.print("async def: ", String(isCoroutine()));
  },
});
