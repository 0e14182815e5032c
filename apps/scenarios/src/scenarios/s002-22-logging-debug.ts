import { defineScenario, err } from "../scenario.js";

export default defineScenario({
  id: "S002-22-logging-debug",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "디버깅 › logging",
  title: "logging.basicConfig(DEBUG): asyncio's own debug line plus task logs",
  kind: "original",
  shows:
    "Python's logging model with its default format, and the loop's own debug line on the asyncio logger.",
  document:
    "DEBUG:asyncio:Using proactor: IocpProactor\nDEBUG:root:Task A starting\nDEBUG:root:Task B starting\n" +
    "DEBUG:root:Task C starting\nDEBUG:root:Task A completed\nDEBUG:root:Task B completed\nDEBUG:root:Task C completed",
  expected: [
    err(0, "DEBUG:asyncio:Using selector: libuv", {
      python: {
        text: "DEBUG:asyncio:Using selector: EpollSelector",
        why: "Node's loop waits for I/O through libuv, not through a selectors module: the line names what it uses",
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
  waiting: {
    for: ["@aio/debug"],
    reason: "needs @aio/debug's logging (issue 15)",
  },
});
