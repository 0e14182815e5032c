import { coroutine, sleep } from "@aio/task";
import { ValueError } from "../python.js";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-17-try-except",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "예외 처리와 디버깅 › try/except 사용",
  title: "An exception raised after an await is caught by the awaiting caller",
  kind: "original",
  shows: "Errors travel up through yield* like through await: an ordinary try/catch catches them.",
  document: "Caught an error: This is a test error",
  expected: [out(1, "Caught an error: This is a test error")],
  seconds: 1,
  async main(io) {
    const riskyOperation = coroutine(function* risky_operation() {
      yield* sleep(1);
      throw new ValueError("This is a test error");
    });
    const main = coroutine(function* main() {
      try {
        yield* riskyOperation();
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        io.print(`Caught an error: ${e.message}`);
      }
    });
    await io.run(main());
  },
});
