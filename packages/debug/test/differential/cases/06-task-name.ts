import { logging, StringStream } from "@aio/debug";
import type { Print } from "@aio/differential";
import { createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  logging.resetLogging();
  const buf = new StringStream();
  const h = new logging.StreamHandler(buf);
  h.setFormatter(new logging.Formatter("%(taskName)s %(levelname)s %(message)s"));
  const log = logging.getLogger("tasks");
  log.addHandler(h);
  log.setLevel(logging.INFO);
  log.propagate = false;

  function* worker(n: number) {
    log.info("worker %d starts", n);
    yield* sleep(0.1 * n);
    log.info("worker %d done", n);
  }

  function* main() {
    log.info("main starts");
    yield* gather(worker(1), worker(2), createTask(worker(3), { name: "third" }));
    log.info("main ends");
  }

  log.info("before the loop");
  await run(main(), { clock: "virtual" });
  log.info("after the loop");
  for (const line of buf.getValue().split("\n").slice(0, -1)) print(line);
}
