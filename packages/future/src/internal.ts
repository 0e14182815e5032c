/**
 * What the aio packages share among themselves, at `@aio/future/internal`: not part of the public
 * API, no stability promise between versions.
 * @packageDocumentation
 */

export { awaitedHere, raisedHere, thrownHere } from "./await-chain.js";
export { TIMEOUT_ERROR } from "./errors.js";
export {
  FUTURE_FLAG_BITS,
  failed,
  noteAwaiters,
  noteAwaitSite,
  RUN_MASK,
  RUN_STEP,
  RUN_WAKEUP,
  setResultUnlessCancelled,
  type Waker,
  wakeTask,
} from "./future.js";
