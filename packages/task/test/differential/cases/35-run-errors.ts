import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { run, sleep } from "@aio/task";

class KeyError extends Error {
  override name = "KeyError";
}

export default async function (print: Print) {
  function* fails(): Generator<undefined, never, unknown> {
    yield* sleep(0.1) as Generator<undefined, void, unknown>;
    throw new KeyError("main failed");
  }
  try {
    await run(fails(), { clock: "virtual" });
  } catch (e) {
    if (e instanceof KeyError) print("KeyError from run:", `'${e.message}'`);
  }
  try {
    await run(42 as never);
  } catch (e) {
    if (e instanceof RangeError) print("ValueError:", e.message);
  }
  // Inside a running loop, run() and runUntilComplete() reject (Node owns the thread: they return
  // Promises, so the error arrives as a rejection).
  const errors: string[] = [];
  function* reenter() {
    const coro = fails();
    const p1 = run(coro).catch((e: Error) => errors.push(`RuntimeError: ${e.message}`));
    coro.return(undefined as never);
    const p2 = getRunningLoop()
      .runUntilComplete(sleep(0))
      .catch((e: Error) => errors.push(`RuntimeError: ${e.message}`));
    yield* sleep(0);
    return [p1, p2];
  }
  await Promise.all(await run(reenter(), { clock: "virtual" }));
  for (const line of errors) print(line);
}
