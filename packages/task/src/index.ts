/**
 * @aio/task — asyncio's coroutines, Tasks and combinators for TypeScript.
 * @packageDocumentation
 */

export {
  CancelledError,
  Future,
  InvalidStateError,
  isCancelledError,
  isFuture,
  KeyboardInterrupt,
  SystemExit,
  TimeoutError,
} from "@aio/future";
// Types of @aio/loop that appear in this package's signatures, so that declarations a user emits
// from inferred types can name them through @aio/task (no TS2742).
export type { Context, CoroutineLike, EventLoop, FutureLike } from "@aio/loop";
export { isBaseException } from "@aio/loop";
export {
  type Awaitable,
  type AwaitableObject,
  type AwaitedOf,
  type Coro,
  type CoroutineInfo,
  coroutine,
  coroutineInfo,
  coroutineName,
  reportNeverAwaited,
} from "./coroutine.js";
export { type AbortableFactory, awaitPromise, ensureFuture, fromPromise } from "./ensure-future.js";
export { ExceptionGroup } from "./errors.js";
export { GatheringFuture, type GatherOptions, gather } from "./gather.js";
export { aiter, anext, StopAsyncIteration } from "./iteration.js";
export { type RetryOptions, retry } from "./retry.js";
export { Runner, type RunOptions, run } from "./runner.js";
export { shield } from "./shield.js";
export { sleep } from "./sleep.js";
export {
  allTasks,
  type CreateTaskOptions,
  cancelOnAbort,
  createEagerTaskFactory,
  createTask,
  currentSignal,
  currentTask,
  eagerTaskFactory,
  isTask,
  Task,
} from "./task.js";
export { TaskGroup } from "./task-group.js";
export { Timeout, timeout, timeoutAt } from "./timeouts.js";
export { type ToPromiseOptions, toPromise } from "./to-promise.js";
export { type AsyncContextManager, using } from "./using.js";
export {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  wait,
  waitFor,
} from "./wait.js";
