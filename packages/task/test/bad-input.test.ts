/**
 * Every public entry point of @aio/task, given what a user could get wrong: a clear error at once
 * (or from the coroutine, when it runs), naming the problem and the value, asyncio's words where it
 * has them.
 */
import { getRunningLoop, newEventLoop } from "@aio/loop";
import { type BadInput, badInputs } from "@aio/test-support";
import {
  aiter,
  anext,
  asCompleted,
  type Coro,
  coroutine,
  createTask,
  currentTask,
  ExceptionGroup,
  ensureFuture,
  type Future,
  gather,
  Runner,
  run,
  shield,
  sleep,
  Task,
  TaskGroup,
  Timeout,
  timeout,
  timeoutAt,
  toPromise,
  using,
  wait,
  waitFor,
} from "../src/index.js";

/** Runs `body` as the main coroutine on a virtual clock. */
function inLoop(body: () => Coro<unknown>): Promise<unknown> {
  return run(
    (function* () {
      return yield* body();
    })(),
    { clock: "virtual" },
  );
}
function* nothing(): Coro<void> {}
const pending = (): Future<void> => getRunningLoop().createFuture<void>() as Future<void>;

const rows: BadInput[] = [
  {
    call: "anext(3)",
    act: () => anext(3 as never),
    error: TypeError,
    message: "'int' object is not an async iterator",
  },
  {
    call: "anext([1, 2]) (a sync iterable)",
    act: () => anext([1, 2] as never),
    error: TypeError,
    message: "'list' object is not an async iterator",
  },
  {
    call: "aiter(null)",
    act: () => aiter(null as never),
    error: TypeError,
    message: "'NoneType' object is not an async iterable",
  },
  {
    call: "sleep('1')",
    act: () => inLoop(() => sleep("1" as never)),
    error: TypeError,
    message: "sleep() needs a number of seconds, got '1'",
  },
  {
    call: "sleep(NaN)",
    act: () => inLoop(() => sleep(Number.NaN)),
    error: TypeError,
    message: "sleep() needs a number of seconds, got nan",
  },
  {
    call: "createTask(42)",
    act: () =>
      inLoop(function* () {
        createTask(42 as never);
      }),
    error: TypeError,
    message: "a coroutine was expected, got 42",
  },
  {
    call: "createTask(coro) outside a running loop",
    act: () => createTask(nothing()),
    error: Error,
    message: "no running event loop",
  },
  {
    call: "createTask(coro, { context: 42 })",
    act: () =>
      inLoop(function* () {
        createTask(nothing(), { context: 42 as never });
      }),
    error: TypeError,
    message: "context must be a Context, got 42",
  },
  {
    call: "createTask(coro, { signal: 42 })",
    act: () =>
      inLoop(function* () {
        createTask(nothing(), { signal: 42 as never });
      }),
    error: TypeError,
    message: "signal must be an AbortSignal, got 42",
  },
  {
    call: "toPromise(coro, { signal: 'stop' })",
    act: () => toPromise(nothing(), { signal: "stop" as never }),
    error: TypeError,
    message: "signal must be an AbortSignal, got 'stop'",
  },
  {
    call: "new Task(coro, { loop: 'loop' })",
    act: () => new Task(nothing(), { loop: "loop" as never }),
    error: TypeError,
    message: "loop must be an event loop, got 'loop'",
  },
  {
    call: "currentTask(42)",
    act: () => currentTask(42 as never),
    error: TypeError,
    message: "loop must be an event loop, got 42",
  },
  {
    call: "gather(42)",
    act: () => inLoop(() => gather(42 as never) as unknown as Coro<unknown>),
    error: TypeError,
    message: "An asyncio.Future, a coroutine or an awaitable is required: gather() argument 1 is 42",
  },
  {
    call: "gather([a(), b()])",
    act: () => inLoop(() => gather([1, 2] as never) as unknown as Coro<unknown>),
    error: TypeError,
    message:
      "An asyncio.Future, a coroutine or an awaitable is required: gather() argument 1 is [1, 2]: pass the " +
      "awaitables as separate arguments, gather(...list)",
  },
  {
    call: "yield promise (instead of yield* ensureFuture(promise))",
    act: () =>
      inLoop(function* () {
        yield Promise.resolve(1) as never;
      }),
    error: Error,
    message:
      "Task got bad yield: <Promise object>: a coroutine awaits a Promise with yield* ensureFuture(promise)",
  },
  {
    call: "wait([])",
    act: () => inLoop(() => wait([])),
    error: RangeError,
    message: "Set of Tasks/Futures is empty.",
  },
  {
    call: "wait(future)",
    act: () => inLoop(() => wait(pending() as never)),
    error: TypeError,
    message: "expect a list of futures, not Future",
  },
  {
    call: "wait([coro])",
    act: () => inLoop(() => wait([nothing()] as never)),
    error: TypeError,
    message: "Passing coroutines is forbidden, use tasks explicitly.",
  },
  {
    call: "wait([f], { returnWhen: 'SOON' })",
    act: () => inLoop(() => wait([pending()], { returnWhen: "SOON" as never })),
    error: RangeError,
    message: "Invalid return_when value: SOON",
  },
  {
    call: "wait([f], { timeout: '1' })",
    act: () => inLoop(() => wait([pending()], { timeout: "1" as never })),
    error: TypeError,
    message: "timeout must be a number of seconds or None, got '1'",
  },
  {
    call: "waitFor(coro, '1')",
    act: () => inLoop(() => waitFor(nothing(), "1" as never)),
    error: TypeError,
    message: "timeout must be a number of seconds or None, got '1'",
  },
  {
    call: "waitFor(42, 1)",
    act: () => inLoop(() => waitFor(42 as never, 1)),
    error: TypeError,
    message: "An asyncio.Future, a coroutine or an awaitable is required",
  },
  {
    call: "asCompleted(future)",
    act: () =>
      inLoop(function* () {
        for (const _ of asCompleted(pending() as never)) break;
      }),
    error: TypeError,
    message: "expect an iterable of futures, not Future",
  },
  {
    call: "asCompleted([f], { timeout: 'x' })",
    act: () =>
      inLoop(function* () {
        for (const _ of asCompleted([pending()], { timeout: "x" as never })) break;
      }),
    error: TypeError,
    message: "timeout must be a number of seconds or None, got 'x'",
  },
  {
    call: "shield(42)",
    act: () => inLoop(() => shield(42 as never) as unknown as Coro<unknown>),
    error: TypeError,
    message: "An asyncio.Future, a coroutine or an awaitable is required",
  },
  {
    call: "timeout('1')",
    act: () =>
      inLoop(function* () {
        timeout("1" as never);
      }),
    error: TypeError,
    message: "timeout() needs a number of seconds or null, got '1'",
  },
  {
    call: "timeoutAt('later')",
    act: () => timeoutAt("later" as never),
    error: TypeError,
    message: "Timeout needs a loop time in seconds or null, got 'later'",
  },
  {
    call: "timeout.reschedule(1) before entering",
    act: () => new Timeout(null).reschedule(1),
    error: Error,
    message: "Timeout has not been entered",
  },
  {
    call: "tg.createTask(coro) before entering",
    act: () => new TaskGroup().createTask(nothing()),
    error: Error,
    message: /^TaskGroup <TaskGroup> has not been entered$/,
  },
  {
    call: "using(42, body)",
    act: () => inLoop(() => using(42 as never, () => 1)),
    error: TypeError,
    message: "using() needs an async context manager (an object with aenter() and aexit()), got 42",
  },
  {
    call: "run(42)",
    act: () => run(42 as never),
    error: RangeError,
    message: "a coroutine was expected, got 42",
  },
  {
    call: "run(coro) inside a running loop",
    act: () =>
      inLoop(function* () {
        const inner = nothing();
        try {
          yield* ensureFuture(run(inner));
        } finally {
          inner.return(undefined);
        }
      }),
    error: Error,
    message: "asyncio.run() cannot be called from a running event loop",
  },
  {
    call: "runner.run(coro) after close()",
    act: async () => {
      const r = new Runner({ clock: "virtual" });
      await r.run(nothing());
      await r.close();
      await r.run(nothing());
    },
    error: Error,
    message: "Runner is closed",
  },
  {
    call: 'run(coro, { clock: "fast" })',
    act: () => run(nothing(), { clock: "fast" as never }),
    error: TypeError,
    message: `clock must be "real", "virtual" or a Clock object, got 'fast'`,
  },
  {
    call: "coroutine(42)",
    act: () => coroutine(42 as never),
    error: TypeError,
    message: "coroutine() needs a generator function, got 42",
  },
  {
    call: "coroutine(ordinary function)",
    act: () => coroutine(function plain() {} as never),
    error: TypeError,
    message: "coroutine() needs a generator function (function*), got plain",
  },
  {
    call: "ensureFuture(factory returning 42)",
    act: () =>
      inLoop(function* () {
        ensureFuture((() => 42) as never);
      }),
    error: TypeError,
    message: "ensureFuture(factory): the factory must return a Promise, got 42",
  },
  {
    call: "new ExceptionGroup(42, [e])",
    act: () => new ExceptionGroup(42 as never, [new Error("e")]),
    error: TypeError,
    message: "ExceptionGroup message must be a string, got 42",
  },
  {
    call: "new ExceptionGroup('m', [])",
    act: () => new ExceptionGroup("m", []),
    error: RangeError,
    message: "second argument (exceptions) must be a non-empty sequence",
  },
  {
    call: "newEventLoop({ clock: 'virtual' }).createTask(42)",
    act: () => {
      const loop = newEventLoop({ clock: "virtual" });
      try {
        return loop.createTask(42 as never);
      } finally {
        loop.close();
      }
    },
    error: TypeError,
    message: "a coroutine was expected, got 42",
  },
];

badInputs("@aio/task", rows);
