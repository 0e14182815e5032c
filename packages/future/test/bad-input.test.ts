/**
 * Every public entry point of @aio/future, given what a user could get wrong: a clear error at
 * once, naming the problem and the value, asyncio's words where it has them.
 */
import { type EventLoop, newEventLoop } from "@aio/loop";
import { type BadInput, badInputs } from "@aio/test-support";
import { afterAll } from "vitest";
import { CancelledError, Future, InvalidStateError } from "../src/index.js";

const loops: EventLoop[] = [];
function future<T = unknown>(): Future<T> {
  const loop = newEventLoop({ clock: "virtual" });
  loops.push(loop);
  return new Future<T>({ loop });
}
afterAll(() => {
  for (const l of loops) l.close();
});
function done<T>(value: T): Future<T> {
  const f = future<T>();
  f.setResult(value);
  return f;
}

const rows: BadInput[] = [
  {
    call: "new Future({ loop: 42 })",
    act: () => new Future({ loop: 42 as never }),
    error: TypeError,
    message: "loop must be an event loop, got 42",
  },
  {
    call: "new Future(42)",
    act: () => new Future(42 as never),
    error: TypeError,
    message: "Future() takes no positional arguments but an options object ({ loop }), got 42",
  },
  {
    call: "new Future({ lop })",
    act: () => new Future({ lop: null } as never),
    error: TypeError,
    message: "Future() got an unexpected keyword argument 'lop'",
  },
  {
    call: "new Future(null)",
    act: () => new Future(null as never),
    error: TypeError,
    message: "Future() takes no positional arguments but an options object ({ loop }), got None",
  },
  {
    call: "fut.result() while pending",
    act: () => future().result(),
    error: InvalidStateError,
    message: "Result is not set.",
  },
  {
    call: "fut.exception() while pending",
    act: () => future().exception(),
    error: InvalidStateError,
    message: "Exception is not set.",
  },
  {
    call: "fut.setResult(x) when done",
    act: () => done(1).setResult(2),
    error: InvalidStateError,
    message: "invalid state",
  },
  {
    call: "fut.setException(e) when done",
    act: () => done(1).setException(new Error("late")),
    error: InvalidStateError,
    message: "invalid state",
  },
  {
    call: "fut.result() when cancelled('why')",
    act: () => {
      const f = future();
      f.cancel("why");
      return f.result();
    },
    error: CancelledError,
    message: "why",
  },
  {
    call: "fut.addDoneCallback(undefined)",
    act: () => future().addDoneCallback(undefined as never),
    error: TypeError,
    message: "a callable object was expected by addDoneCallback(), got None",
  },
  {
    call: "fut.addDoneCallback(f, { context: 42 })",
    act: () => future().addDoneCallback(() => {}, { context: 42 as never }),
    error: TypeError,
    message: "context must be a Context, got 42",
  },
  {
    call: "fut.addDoneCallback(f, { context: null })",
    act: () => future().addDoneCallback(() => {}, { context: null as never }),
    error: TypeError,
    message: "context must be a Context, got None",
  },
];

badInputs("@aio/future", rows);
