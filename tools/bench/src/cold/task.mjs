// C1: @aio/task alone — a coroutine run to its first line.
import { run, sleep } from "@aio/task";

await run(
  (function* () {
    yield* sleep(0);
    console.log("first line");
  })(),
);
