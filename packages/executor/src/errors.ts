/**
 * Errors of the executor. Python: `concurrent.futures`' exceptions.
 */

/**
 * A worker thread died while running a job (it crashed or exited); the pool replaces it.
 * Python: `concurrent.futures.BrokenExecutor` (`BrokenThreadPool`, `BrokenProcessPool`).
 */
export class BrokenExecutor extends Error {
  override name = "BrokenExecutor";
}

/**
 * A job cannot run in a worker as given: a function that uses variables from outside itself, a
 * built-in or bound function, a module export that does not exist, or arguments that cannot be
 * sent to another thread.
 */
export class WorkerJobError extends TypeError {
  override name = "WorkerJobError";
}
