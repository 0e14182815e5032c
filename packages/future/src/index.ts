/**
 * @aio/future — asyncio's Future for TypeScript.
 * @packageDocumentation
 */

export {
  CancelledError,
  InvalidStateError,
  isCancelledError,
  KeyboardInterrupt,
  SystemExit,
  TimeoutError,
} from "./errors.js";
export {
  FUTURE_FLAG_BITS,
  Future,
  type FutureOptions,
  failed,
  isFuture,
  noteAwaiters,
  noteAwaitSite,
  RUN_MASK,
  RUN_STEP,
  RUN_WAKEUP,
  setResultUnlessCancelled,
  type Waker,
  wakeTask,
} from "./future.js";
