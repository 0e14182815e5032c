/**
 * Every public entry point of @aio/loop, given what a user could get wrong: a clear error at once,
 * naming the problem and the value, asyncio's words where it has them.
 */
import { type BadInput, badInputs } from "@aio/test-support";
import { afterAll } from "vitest";
import {
  ContextVar,
  type EventLoop,
  getEventLoop,
  newEventLoop,
  setEventLoop,
  setEventLoopPolicy,
  VirtualClock,
} from "../src/index.js";
import { advance } from "../src/testing.js";

const loops: EventLoop[] = [];
function loop(options: Parameters<typeof newEventLoop>[0] = { clock: "virtual" }): EventLoop {
  const l = newEventLoop(options);
  loops.push(l);
  return l;
}
afterAll(() => {
  for (const l of loops) if (!l.isRunning()) l.close();
  setEventLoop(null);
});
const noop = () => {};
const closed = (): EventLoop => {
  const l = loop();
  l.close();
  return l;
};
/** A loop that is running: `act` is called inside one of its callbacks. */
function whileRunning(act: (l: EventLoop) => unknown): Promise<unknown> {
  const l = loop();
  return new Promise((resolve, reject) => {
    l.callSoon(() => {
      try {
        resolve(act(l));
      } catch (e) {
        reject(e);
      } finally {
        l.stop();
      }
    });
    void l.runForever();
  });
}
const otherLoopFuture = () => {
  const other = loop();
  return { getLoop: () => other, [Symbol.for("aio.future")]: true } as never;
};

const rows: BadInput[] = [
  {
    call: 'newEventLoop({ clock: "fast" })',
    act: () => newEventLoop({ clock: "fast" as never }),
    error: TypeError,
    message: `clock must be "real", "virtual" or a Clock object, got 'fast'`,
  },
  {
    call: 'newEventLoop({ shuffleSeed: "x" })',
    act: () => newEventLoop({ shuffleSeed: "x" as never }),
    error: TypeError,
    message: "shuffleSeed must be an integer, got 'x'",
  },
  {
    call: "callSoon(undefined)",
    act: () => loop().callSoon(undefined as never),
    error: TypeError,
    message: "a callable object was expected by callSoon(), got None",
  },
  {
    call: "callSoonThreadsafe({})",
    act: () => loop().callSoonThreadsafe({} as never),
    error: TypeError,
    message: "a callable object was expected by callSoonThreadsafe(), got {}",
  },
  {
    call: "callLater('1', f)",
    act: () => loop().callLater("1" as never, noop),
    error: TypeError,
    message: "delay must be a number of seconds, got '1'",
  },
  {
    call: "callLater(NaN, f)",
    act: () => loop().callLater(Number.NaN, noop),
    error: TypeError,
    message: "delay must be a number of seconds, got nan",
  },
  {
    call: "callLater(null, f)",
    act: () => loop().callLater(null as never, noop),
    error: TypeError,
    message: "delay must not be None",
  },
  {
    call: "callLater(undefined, f)",
    act: () => loop().callLater(undefined as never, noop),
    error: TypeError,
    message: "delay must not be None",
  },
  {
    call: "callAt(null, f)",
    act: () => loop().callAt(null as never, noop),
    error: TypeError,
    message: "when cannot be None",
  },
  {
    call: "callLater(1, null)",
    act: () => loop().callLater(1, null as never),
    error: TypeError,
    message: "a callable object was expected by callLater(), got None",
  },
  {
    call: "callAt('soon', f)",
    act: () => loop().callAt("soon" as never, noop),
    error: TypeError,
    message: "when must be a number of loop seconds, got 'soon'",
  },
  {
    call: "callAt(undefined, f)",
    act: () => loop().callAt(undefined as never, noop),
    error: TypeError,
    message: "when cannot be None",
  },
  {
    call: "callSoon(f) on a closed loop",
    act: () => closed().callSoon(noop),
    error: Error,
    message: "Event loop is closed",
  },
  {
    call: "runForever() on a closed loop",
    act: () => closed().runForever(),
    error: Error,
    message: "Event loop is closed",
  },
  {
    call: "runForever() while it runs",
    act: () => whileRunning((l) => l.runForever()),
    error: Error,
    message: "This event loop is already running",
  },
  {
    call: "close() while it runs",
    act: () => whileRunning((l) => l.close()),
    error: Error,
    message: "Cannot close a running event loop",
  },
  {
    call: "runUntilComplete(42)",
    act: () => loop().runUntilComplete(42 as never),
    error: TypeError,
    message: "An asyncio.Future, a coroutine or an awaitable is required",
  },
  {
    call: "runUntilComplete(future of another loop)",
    act: () => loop().runUntilComplete(otherLoopFuture()),
    error: RangeError,
    message: "The future belongs to a different loop than the one specified as the loop argument",
  },
  {
    call: "setExceptionHandler(42)",
    act: () => loop().setExceptionHandler(42 as never),
    error: TypeError,
    message: "A callable object or None is expected, got 42",
  },
  {
    call: "setTaskFactory('task')",
    act: () => loop().setTaskFactory("task" as never),
    error: TypeError,
    message: "task factory must be a callable or None, got 'task'",
  },
  {
    call: 'addSignalHandler("SIGNOPE", f)',
    act: () => loop().addSignalHandler("SIGNOPE" as never, noop),
    error: RangeError,
    message: `invalid signal: 'SIGNOPE' (expected a name such as "SIGINT")`,
  },
  {
    call: 'addSignalHandler("SIGKILL", f)',
    act: () => loop().addSignalHandler("SIGKILL", noop),
    error: Error,
    message: "sig SIGKILL cannot be caught",
  },
  {
    call: 'addSignalHandler("SIGUSR2", 42)',
    act: () => loop().addSignalHandler("SIGUSR2", 42 as never),
    error: TypeError,
    message: "a callable object was expected by addSignalHandler(), got 42",
  },
  {
    call: "runInExecutor(42, f)",
    act: () => loop().runInExecutor(42 as never, noop),
    error: TypeError,
    message: "executor must be an executor (with submitForLoop) or None, got 42",
  },
  {
    call: "setDefaultExecutor({})",
    act: () => loop().setDefaultExecutor({} as never),
    error: TypeError,
    message: "executor must be a ThreadPoolExecutor, got {}",
  },
  {
    call: "shutdownDefaultExecutor(-1)",
    act: () => loop().shutdownDefaultExecutor(-1),
    error: TypeError,
    message: "timeout must be a non-negative number of seconds or None, got -1",
  },
  {
    call: "setEventLoop(42)",
    act: () => setEventLoop(42 as never),
    error: TypeError,
    message: "loop must be an instance of EventLoop or None, not 'int'",
  },
  {
    call: "getEventLoop() after setEventLoop(null)",
    act: () => {
      setEventLoop(null);
      return getEventLoop();
    },
    error: Error,
    message: "There is no current event loop in thread 'MainThread'.",
  },
  {
    call: "setEventLoopPolicy(42)",
    act: () => setEventLoopPolicy(42 as never),
    error: TypeError,
    message: "policy must be an object with newEventLoop() or None, got 42",
  },
  {
    call: 'new VirtualClock({ start: "0" })',
    act: () => new VirtualClock({ start: "0" as never }),
    error: TypeError,
    message: "VirtualClock start must be a finite number of seconds, got '0'",
  },
  {
    call: "clock.advance(-1)",
    act: () => new VirtualClock().advance(-1),
    error: RangeError,
    message: "advance() needs a finite, non-negative number of seconds, got -1",
  },
  {
    call: "clock.advance(Infinity)",
    act: () => new VirtualClock().advance(Number.POSITIVE_INFINITY),
    error: RangeError,
    message: "advance() needs a finite, non-negative number of seconds, got inf",
  },
  {
    call: "advance(realLoop, 1)",
    act: () => advance(loop({ clock: "real" }), 1),
    error: TypeError,
    message: "advance() needs a loop on a VirtualClock: newEventLoop({ clock: new VirtualClock() })",
  },
  {
    call: "new ContextVar(42)",
    act: () => new ContextVar(42 as never),
    error: TypeError,
    message: "context variable name must be a str, not 42",
  },
  {
    call: "var.reset(token of another variable)",
    act: () => new ContextVar("a").reset(new ContextVar("b").set(1) as never),
    error: RangeError,
    message: "<Token var=<ContextVar name='b'>> was created by a different ContextVar",
  },
  {
    call: "var.reset(token) twice",
    act: () => {
      const v = new ContextVar("v");
      const t = v.set(1);
      v.reset(t);
      v.reset(t);
    },
    error: Error,
    message: "<Token used var=<ContextVar name='v'>> has already been used once",
  },
];

badInputs("@aio/loop", rows);
