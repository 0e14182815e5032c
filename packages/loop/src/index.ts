/**
 * @aio/loop — asyncio's event loop for Node.
 * @packageDocumentation
 */

export { AbstractEventLoop, AbstractServer } from "./abstract-event-loop.js";
export { type Clock, RealClock, VirtualClock, type VirtualClockOptions } from "./clock.js";
export { Context, ContextVar, copyContext, currentContext, LookupError, Token } from "./context.js";
export { DeadlockError } from "./errors.js";
export {
  EventLoop,
  type EventLoopOptions,
  type ExceptionContext,
  type ExceptionHandler,
  envDebug,
} from "./event-loop.js";
export { Handle, TimerHandle } from "./handle.js";
export {
  type LoopCloseListener,
  type LoopClosePhase,
  type LoopCloseRegistry,
  type RuntimeHooks,
  runtimeHooks,
  type SharedLoopState,
} from "./hooks.js";
export { IO_METHOD_NAMES, type IoMethod, type IoMethodName } from "./io-methods.js";
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
  TASK_BRAND,
  type TaskFactory,
  type TaskOptions,
} from "./protocols.js";
export {
  AbstractEventLoopPolicy,
  DefaultEventLoopPolicy,
  type EventLoopPolicy,
  getEventLoop,
  getEventLoopPolicy,
  getRunningLoop,
  NotImplementedError,
  newEventLoop,
  setEventLoop,
  setEventLoopPolicy,
  tryGetRunningLoop,
} from "./registry.js";
export { objectAddress, type Reprable, repr, reprSymbol, str, typeName } from "./repr.js";
