import { logging } from "@aio/debug";
import { coroutine, gather, sleep } from "@aio/task";
import { defineScenario, err } from "../scenario.js";

export default defineScenario({
  id: "S002-22-logging-debug",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › logging",
  title: "logging.basicConfig(DEBUG): asyncio's own debug line plus task logs",
  kind: "original",
  shows:
    "The root logger at DEBUG shows the loop's own `Using selector` record on the asyncio logger, then the " +
    "three tasks' start and completion records, all on stderr in Python's default format.",
  document:
    "DEBUG:asyncio:Using proactor: IocpProactor\nDEBUG:root:Task A starting\nDEBUG:root:Task B starting\n" +
    "DEBUG:root:Task C starting\nDEBUG:root:Task A completed\nDEBUG:root:Task B completed\nDEBUG:root:Task C completed",
  expected: [
    err(0, "DEBUG:asyncio:Using selector: libuv", {
      python: {
        text: "DEBUG:asyncio:Using selector: EpollSelector",
        why: "the loop names its own backend: aio's loop waits through Node's libuv (the prefix is compared)",
      },
    }),
    err(0, "DEBUG:root:Task A starting"),
    err(0, "DEBUG:root:Task B starting"),
    err(0, "DEBUG:root:Task C starting"),
    err(1, "DEBUG:root:Task A completed"),
    err(1, "DEBUG:root:Task B completed"),
    err(1, "DEBUG:root:Task C completed"),
  ],
  seconds: 1,
  debug: true,
  async main(io) {
    logging.basicConfig({ level: logging.DEBUG });

    const task = coroutine(function* task(name: string) {
      logging.debug(`Task ${name} starting`);
      yield* sleep(1);
      logging.debug(`Task ${name} completed`);
    });

    const main = coroutine(function* main() {
      yield* gather(task("A"), task("B"), task("C"));
    });

    await io.run(main());
  },
});
