import { tracing } from "@aio/debug";
import { repr } from "@aio/loop";
import { coroutine, createTask, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

const trace = [
  [0, "+0.0s Task-1: __step() -> coro.send(None)"],
  [0, "+0.0s Task-1: bare yield -> call_soon(__step), back to loop"],
  [0, "+0.0s Task-B: __step() -> coro.send(None)"],
  [0, "+0.0s Task-B: bare yield -> call_soon(__step), back to loop"],
  [0, "+0.0s Task-1: __step() -> coro.send(None)"],
  [0, "+0.0s leaf(1): await asyncio.sleep(1)"],
  [0, "+0.0s loop: call_later(1, setResultUnlessCancelled)"],
  [0, "+0.0s Task-1: yielded sleep Future -> _fut_waiter, add_done_callback(__wakeup), back to loop"],
  [0, "+0.0s Task-B: __step() -> coro.send(None)"],
  [0, "+0.0s leaf(2): await asyncio.sleep(2)"],
  [0, "+0.0s loop: call_later(2, setResultUnlessCancelled)"],
  [0, "+0.0s Task-B: yielded sleep Future -> _fut_waiter, add_done_callback(__wakeup), back to loop"],
  [0, "+0.0s loop: nothing ready -> select(timeout=1.0)"],
  [1, "+1.0s Task-1: __wakeup(future done) -> __step"],
  [1, "+1.0s Task-1: __step() -> coro.send(None)"],
  [1, "+1.0s leaf(1): resumed, return 1"],
  [1, "+1.0s Task-1: yielded Task-B -> _fut_waiter, add_done_callback(__wakeup), back to loop"],
  [1, "+1.0s loop: nothing ready -> select(timeout=1.0)"],
  [2, "+2.0s Task-B: __wakeup(future done) -> __step"],
  [2, "+2.0s Task-B: __step() -> coro.send(None)"],
  [2, "+2.0s leaf(2): resumed, return 2"],
  [2, "+2.0s Task-B: StopIteration -> set_result(2); task finished"],
  [2, "+2.0s Task-1: __wakeup(future done) -> __step"],
  [2, "+2.0s Task-1: __step() -> coro.send(None)"],
  [2, "+2.0s Task-1: StopIteration -> set_result([1, 2]); task finished"],
  [2, "+2.0s result: [1, 2]"],
] as const;

export default defineScenario({
  id: "S003-03-coroutine-chain-mechanics",
  seed: "003_29c17cf406d3eb43.txt",
  section: "### 코루틴 체인 + # 3. 이벤트 루프의 실행 흐름 (동작 원리)",
  title: "Traced run: step → coroutine chain → yielded Future → wakeup → StopIteration",
  kind: "claim",
  shows:
    "The mechanics the document describes, made visible by tracing: a Task's step drives the coroutine chain " +
    "down to a Future, the Task registers its wakeup, the loop waits for the timer, wakeup steps again.",
  expected: trace.map(([at, text]) =>
    text.includes("setResultUnlessCancelled")
      ? out(at, text, {
          python: {
            text: text.replace("setResultUnlessCancelled", "_set_result_unless_cancelled"),
            why: "the timer's callback is aio's sleep helper, asyncio's _set_result_unless_cancelled in camelCase",
          },
        })
      : out(at, text),
  ),
  seconds: 2,
  notes:
    "Python's demo subclasses the pure-Python Task to see __step/__wakeup; here every line but the leaf's own " +
    "prints comes from @aio/debug's tracing hook: the core reports each step, what it yielded, each timer asked " +
    "for, each idle wait with its timeout and each wake-up, and the program only words them as the document does.",
  async main(io) {
    const loop = io.newEventLoop();
    const t0 = loop.time();
    const log = (msg: string) => io.print(`+${(loop.time() - t0).toFixed(1)}s ${msg}`);

    const recorder = tracing.start({
      keep: false,
      onEvent(e, rec) {
        const name = "task" in e ? rec.tasks.get(e.task)?.name : undefined;
        switch (e.type) {
          case "step":
            log(`${name}: __step() -> ${e.thrown ? `coro.throw(${e.error})` : "coro.send(None)"}`);
            break;
          case "step-end":
            if (e.outcome === "await") {
              const what = e.waiter?.kind === "task" ? e.waiter.label : "sleep Future";
              log(`${name}: yielded ${what} -> _fut_waiter, add_done_callback(__wakeup), back to loop`);
            } else if (e.outcome === "yield") log(`${name}: bare yield -> call_soon(__step), back to loop`);
            else if (e.outcome === "return")
              log(`${name}: StopIteration -> set_result(${e.value}); task finished`);
            else log(`${name}: ${e.outcome} -> ${e.value ?? "cancelled"}; task finished`);
            break;
          case "timer":
            // The delay as asked for: the timer records its deadline, read here a moment later.
            log(`loop: call_later(${Math.round(e.delay * 1000) / 1000}, ${e.callback})`);
            break;
          case "idle":
            if (e.timeout === null || e.timeout > 0) {
              log(
                `loop: nothing ready -> select(timeout=${e.timeout === null ? "None" : e.timeout.toFixed(1)})`,
              );
            }
            break;
          case "wakeup":
            log(`${name}: __wakeup(future done) -> __step`);
            break;
        }
      },
    });

    const leaf = coroutine(function* leaf(n: number) {
      log(`leaf(${n}): await asyncio.sleep(${n})`);
      yield* sleep(n);
      log(`leaf(${n}): resumed, return ${n}`);
      return n;
    });

    const middle = coroutine(function* middle(n: number) {
      yield* sleep(0); // bare yield: gives up one loop iteration
      return yield* leaf(n);
    });

    const firstCoroutine = coroutine(function* first_coroutine() {
      const other = createTask(middle(2), { name: "Task-B" });
      const a = yield* middle(1);
      const b = yield* other;
      return [a, b];
    });

    try {
      const result = await loop.runUntilComplete(firstCoroutine());
      loop.close();
      log(`result: ${repr(result)}`);
    } finally {
      recorder.stop();
    }
  },
});
