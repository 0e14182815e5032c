/**
 * @aio/loop — asyncio's event loop for Node.
 * @packageDocumentation
 */

export { type Clock, RealClock, VirtualClock, type VirtualClockOptions } from "./clock.js";
export {
  Context,
  ContextVar,
  type ContextVars,
  copyContext,
  currentContext,
  currentVars,
  enterVars,
  LookupError,
  Token,
} from "./context.js";
export { DeadlockError } from "./errors.js";
export {
  captureStack,
  EventLoop,
  type EventLoopOptions,
  type ExceptionContext,
  type ExceptionHandler,
  envDebug,
  userFrame,
} from "./event-loop.js";
export {
  type Callback,
  type ContextRef,
  DESCRIBE_BY_FIRST_ARG,
  Handle,
  type Runnable,
  runAsHandle,
  TimerHandle,
} from "./handle.js";
export { inspect, type RemoteProperty } from "./inspector.js";
export { state as _runtimeState } from "./internal/state.js";
export type { RegisteredTask, TaskRegistry } from "./internal/task-registry.js";
export { formatError, type LogLevel, logAsyncio, safeStr, warn } from "./log.js";
export {
  BASE_EXCEPTION_BRAND,
  COROUTINE_BRAND,
  type CoroutineLike,
  type ExecutorLike,
  FUTURE_BRAND,
  type FutureLike,
  isBaseException,
  isCoroutine,
  isCoroutineFunction,
  isEventLoop,
  isFuture,
  LOOP_BRAND,
  type RuntimeHooks,
  runtimeHooks,
  TASK_BRAND,
  type TaskFactory,
  type TaskOptions,
} from "./protocols.js";
export {
  type EventLoopPolicy,
  getEventLoop,
  getEventLoopPolicy,
  getRunningLoop,
  newEventLoop,
  setEventLoop,
  setEventLoopPolicy,
  tryGetRunningLoop,
} from "./registry.js";
export { objectAddress, type Reprable, repr, reprSymbol, str, typeName } from "./repr.js";
