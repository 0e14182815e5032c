/**
 * @aio/loop — asyncio's event loop for Node.
 * @packageDocumentation
 */
export { EventLoop, type EventLoopOptions, type ExceptionContext, type ExceptionHandler, captureStack } from "./event-loop.js";
export { Handle, TimerHandle, type Callback, DESCRIBE_BY_FIRST_ARG } from "./handle.js";
export { type Clock, RealClock, VirtualClock, type VirtualClockOptions } from "./clock.js";
export { Context, ContextVar, Token, LookupError, copyContext, currentContext } from "./context.js";
export { getRunningLoop, tryGetRunningLoop, getEventLoop, setEventLoop, newEventLoop } from "./registry.js";
export {
  FUTURE_BRAND,
  TASK_BRAND,
  LOOP_BRAND,
  COROUTINE_BRAND,
  type FutureLike,
  type CoroutineLike,
  type TaskFactory,
  type TaskOptions,
  type RuntimeHooks,
  type ExecutorLike,
  isFuture,
  isTaskLike,
  isEventLoop,
  isCoroutine,
  isCoroutineFunction,
  runtimeHooks,
} from "./protocols.js";
export { DeadlockError } from "./errors.js";
export { repr, str, reprSymbol, type Reprable } from "./repr.js";
export { logAsyncio, formatError, type LogLevel } from "./log.js";
export { state as _runtimeState } from "./internal/state.js";
