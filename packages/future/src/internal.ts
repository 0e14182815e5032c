/**
 * What the aio packages share among themselves, at `@aio/future/internal`: not part of the public
 * API, no stability promise between versions.
 * @packageDocumentation
 */

export { awaitedHere, raisedHere, thrownHere } from "./await-chain.js";
export { TIMEOUT_ERROR } from "./errors.js";
export {
  CANCELLED,
  CANCELS_ONE,
  CANCELS_SHIFT,
  FINISHED,
  MAX_CANCELS,
  MUST_CANCEL,
  PENDING,
  RUN_MASK,
  RUN_STEP,
  RUN_WAKEUP,
} from "./flags.js";
export {
  failed,
  noteAwaiters,
  noteAwaitSite,
  resumedAwait,
  setResultUnlessCancelled,
  type Waker,
  wakeTask,
} from "./future.js";
