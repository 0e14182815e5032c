import { logging } from "@aio/debug";
import { getRunningLoop } from "@aio/loop";
import { coroutine, createTask } from "@aio/task";
import { defineScenario, elapsed, err, out, path, t } from "../scenario.js";

export default defineScenario({
  id: "S002-19-debug-mode-effects",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › 디버그 모드 활성화",
  title: "What run(main(), { debug: true }) changes",
  kind: "claim",
  shows:
    "Debug mode: a step that blocks the loop 200 ms is logged as slow on the asyncio logger (WARNING), and a " +
    "loop cannot be handed to another thread at all.",
  expected: [
    out(0, "debug: True slow_callback_duration: 0.1"),
    err(
      0.2,
      t`WARNING:asyncio:Executing <Task finished name='Task-2' coro=<slow_step() done, defined at ${path()}> result=None created at ${path()}> took ${elapsed(0.2)} seconds`,
    ),
    out(0.2, "call_soon from another thread -> DataCloneError (a loop cannot be sent to a worker thread)", {
      python: {
        text: "call_soon from another thread -> RuntimeError: Non-thread-safe operation invoked on an event loop other than the current one",
        why:
          "JavaScript threads share no objects: a loop cannot even be sent to a worker thread (structured clone " +
          "refuses it), so the misuse CPython's debug mode catches cannot be written; the program shows the refusal",
      },
    }),
  ],
  seconds: 0.2,
  debug: true,
  async main(io) {
    logging.basicConfig({ level: logging.WARNING, format: "%(levelname)s:%(name)s:%(message)s" });

    const slowStep = coroutine(function* slow_step() {
      io.blockingSleep(0.2); // a step that blocks the loop for 200 ms
    });

    const main = coroutine(function* main() {
      const loop = getRunningLoop();
      io.print("debug:", loop.getDebug(), "slow_callback_duration:", loop.slowCallbackDuration);
      yield* createTask(slowStep());
      // Python's demo calls loop.call_soon from a second thread; a worker thread would need the
      // loop first, and the loop cannot be sent there.
      const { port1, port2 } = new MessageChannel();
      try {
        port1.postMessage(loop);
      } catch (e) {
        io.print(
          `call_soon from another thread -> ${(e as Error).name} (a loop cannot be sent to a worker thread)`,
        );
      } finally {
        port1.close();
        port2.close();
      }
    });

    await io.run(main(), { debug: true });
  },
});
