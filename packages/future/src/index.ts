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
export { Future, type FutureOptions, isFuture } from "./future.js";
