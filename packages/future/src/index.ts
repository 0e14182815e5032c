/**
 * @aio/future — asyncio's Future for TypeScript.
 * @packageDocumentation
 */
export { Future, type FutureOptions, isFuture, setResultUnlessCancelled, copyOutcome, type Waker } from "./future.js";
export { CancelledError, InvalidStateError, TimeoutError, KeyboardInterrupt, isCancelledError } from "./errors.js";
