import { newEventLoop } from "@aio/loop";
import "@aio/task";
import { type Print, py } from "@aio/differential";

export default async function (print: Print) {
  const loop = newEventLoop({ clock: "virtual" });
  print(py(loop.isRunning()), py(loop.isClosed()));
  loop.callSoon(print, "first iteration");
  loop.callSoon(() => loop.stop());
  loop.callSoon(() => loop.callSoon(print, "scheduled during the stopping iteration"));
  await loop.runForever();
  print("stopped; running:", py(loop.isRunning()));
  loop.stop();
  await loop.runForever();
  print("stop() before run_forever runs one iteration");
  loop.callLater(0.1, () => loop.stop());
  const t0 = loop.time();
  await loop.runForever();
  print(`stopped by timer after ${(loop.time() - t0).toFixed(1)}`);
  function* answer() {
    return 42;
  }
  print(await loop.runUntilComplete(answer()));
  loop.close();
  loop.close();
  try {
    loop.callSoon(print);
  } catch (e) {
    print("RuntimeError:", (e as Error).message);
  }
  try {
    await loop.runForever();
  } catch (e) {
    print("RuntimeError:", (e as Error).message);
  }
  print(py(loop.isClosed()));
}
