import "@aio/executor";
import { getRunningLoop } from "@aio/loop";
import { coroutine, type Future, gather } from "@aio/task";
import { hms } from "../python.js";
import { clock, defineScenario, out, stamped, t } from "../scenario.js";

/** Python's `sync_sleep`: blocks its thread for 2 s (self-contained: it is sent to a worker thread). */
function syncSleep(name: string): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000); // time.sleep(2): blocking
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${name}`;
}

export default defineScenario({
  id: "S001-06-run-in-executor",
  seed: "001_7ee35b73976b7826.txt",
  section: "### awaitable 하지 않은 blocking 함수 `asyncio` 실행",
  title: "runInExecutor runs five blocking 2 s sleeps in the default thread pool (2 s)",
  kind: "original",
  shows:
    "loop.runInExecutor(null, syncSleep, …) runs a blocking function on the default executor; five blocking " +
    "2 s sleeps overlap in worker threads and gather returns their results in argument order.",
  document: "12:34:14 start\n12:34:16 0\n12:34:16 1\n12:34:16 2\n12:34:16 3\n12:34:16 4\n12:34:16 end",
  expected: [
    out(0, t`${clock()} start`),
    ...[0, 1, 2, 3, 4].map((i) => out(2, stamped(String(i)))),
    out(2, t`${clock()} end`),
  ],
  seconds: 2,
  clock: "real",
  notes:
    "The blocking sleep really blocks a worker thread (Atomics.wait), so this runs on the real clock. The " +
    "default executor has min(32, cpus + 4) workers, six on two cores: enough for the five jobs.",
  async main(io) {
    const timeLog = (step: string) => io.print(hms(io.now()), step);
    const asyncExecute = coroutine(function* async_execute() {
      timeLog("start");
      const loop = getRunningLoop();
      const futures: Future<string>[] = [];
      for (let i = 0; i < 5; i++) {
        // executor가 `null` 이면 기본 실행기
        futures.push(loop.runInExecutor(null, syncSleep, String(i)) as Future<string>);
      }
      // Future 객체 대기
      const fut = yield* gather(...futures);
      for (const f of fut) io.print(f);
      timeLog("end");
    });
    await io.run(asyncExecute());
  },
});
