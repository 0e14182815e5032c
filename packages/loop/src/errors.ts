/**
 * Errors of the loop package.
 */

/**
 * A run that can never finish: the loop has nothing ready, no timer, and nothing in flight that
 * could wake it, yet the future it runs until is not done. Instead of hanging or exiting silently,
 * `runUntilComplete()` (and `run()`) reject with this error, naming what the main task waits on.
 */
export class DeadlockError extends Error {
  override name = "DeadlockError";
}

/** Python's `NotImplementedError`: an abstract method was called. */
export class NotImplementedError extends Error {
  override name = "NotImplementedError";
}
