/**
 * @aio/task — asyncio's coroutines, Tasks and combinators for TypeScript.
 * @packageDocumentation
 */
export { type Coro, type Awaitable, type AwaitedOf, type CoroutineInfo, coroutine, coroutineInfo, coroutineName } from "./coroutine.js";
export { Task, type CreateTaskOptions, createTask, currentTask, allTasks, isTask } from "./task.js";
export { sleep } from "./sleep.js";
export { ensureFuture, fromPromise, awaitPromise, type AbortableFactory } from "./ensure-future.js";
export { gather, GatheringFuture, type GatherOptions } from "./gather.js";
export { wait, waitFor, asCompleted, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type ReturnWhen, type WaitOptions } from "./wait.js";
export { shield } from "./shield.js";
export { Timeout, timeout, timeoutAt } from "./timeouts.js";
export { TaskGroup } from "./task-group.js";
export { ExceptionGroup } from "./errors.js";
export { using, type AsyncContextManager } from "./using.js";
export { run, Runner, type RunOptions } from "./runner.js";
export {
  Future,
  CancelledError,
  InvalidStateError,
  TimeoutError,
  KeyboardInterrupt,
  isCancelledError,
  isFuture,
} from "@aio/future";
