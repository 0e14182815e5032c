/**
 * A fixed program for the tracing tests (golden files, the browser test, AIO_TRACE): tasks that
 * sleep, await each other through gather and a TaskGroup, a timer callback, a cancellation, a task
 * that fails, and an executor-free outside operation (a Promise). Run it on the virtual clock.
 */
import { getRunningLoop } from "@aio/loop";
import { coroutine, createTask, ensureFuture, gather, sleep, TaskGroup, using } from "@aio/task";

const fetchPage = coroutine(function* fetch_page(name: string, seconds: number) {
  yield* sleep(seconds);
  return `${name}: ${seconds}s`;
});

const forever = coroutine(function* forever() {
  yield* sleep(3600);
});

const failing = coroutine(function* failing() {
  yield* sleep(0.2);
  throw new RangeError("bad page");
});

/** The program's main coroutine: about 1.5 s of loop time. */
export const traceMain = coroutine(function* main() {
  const loop = getRunningLoop();
  loop.callLater(0.25, function tick() {});
  const pages = yield* gather(fetchPage("a", 0.5), fetchPage("b", 1));
  const sleeper = createTask(forever(), { name: "sleeper" });
  const bad = createTask(failing(), { name: "bad" });
  yield* using(new TaskGroup(), function* (tg) {
    tg.createTask(fetchPage("c", 0.3), { name: "group-c" });
    tg.createTask(fetchPage("d", 0.1), { name: "group-d" });
  });
  yield* createTask(fetchPage("e", 0.1), { name: "awaited-e" }); // a task awaited directly
  yield* ensureFuture(Promise.resolve("outside"));
  sleeper.cancel("enough");
  try {
    yield* bad;
  } catch {
    // the failure shows in the trace
  }
  yield* sleep(0);
  return pages;
});
