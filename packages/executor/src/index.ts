/**
 * @aio/executor — asyncio's run_in_executor and to_thread on worker threads.
 * @packageDocumentation
 */

export { ConcurrentFuture } from "./concurrent-future.js";
export { BrokenExecutor, WorkerJobError } from "./errors.js";
export {
  MapResult,
  ThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
  Transfer,
  transfer,
  wrapFuture,
} from "./executor.js";
export type { JobFunction, ModuleFunction } from "./job.js";
export { sleepSync, toThread } from "./to-thread.js";
