/**
 * @aio/future — asyncio's Future for TypeScript.
 * @packageDocumentation
 */

export {
  CancelledError,
  InvalidStateError,
  isCancelledError,
  KeyboardInterrupt,
  TimeoutError,
} from "./errors.js";
export {
  FUTURE_FLAG_BITS,
  Future,
  RUN_MASK,
  RUN_STEP,
  RUN_WAKEUP,
  type FutureOptions,
  isFuture,
  setResultUnlessCancelled,
  type Waker,
} from "./future.js";
