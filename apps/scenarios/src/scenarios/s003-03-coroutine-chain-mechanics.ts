import { defineScenario, out } from "../scenario.js";

const trace = [
  [0, "+0.0s Task-1: __step() -> coro.send(None)"],
  [0, "+0.0s Task-1: bare yield -> call_soon(__step), back to loop"],
  [0, "+0.0s Task-B: __step() -> coro.send(None)"],
  [0, "+0.0s Task-B: bare yield -> call_soon(__step), back to loop"],
  [0, "+0.0s Task-1: __step() -> coro.send(None)"],
  [0, "+0.0s leaf(1): await asyncio.sleep(1)"],
  [0, "+0.0s loop: call_later(1, _set_result_unless_cancelled)"],
  [0, "+0.0s Task-1: yielded sleep Future -> _fut_waiter, add_done_callback(__wakeup), back to loop"],
  [0, "+0.0s Task-B: __step() -> coro.send(None)"],
  [0, "+0.0s leaf(2): await asyncio.sleep(2)"],
  [0, "+0.0s loop: call_later(2, _set_result_unless_cancelled)"],
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
  expected: trace.map(([at, text]) => out(at, text)),
  seconds: 2,
  notes: "Needs the tracing hooks of @aio/debug (every task step, await, wakeup and timer recorded).",
  waiting: {
    for: ["@aio/debug"],
    reason: "needs the tracing hooks of @aio/debug (issue 15): every step, await, wake-up and timer recorded",
  },
});
