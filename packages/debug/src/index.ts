/**
 * @aio/debug — the loop made visible: Python's `logging` and `warnings` (the loop's diagnostics
 * arrive on the `asyncio` logger), Python 3.14's call graphs and `ps`/`pstree` (also of another
 * process: `aio-debug ps PID`), and tracing of every task step, await, wake-up, timer and callback,
 * exported as Chrome Trace JSON, a terminal timeline or an HTML page.
 *
 * Importing it installs its hooks into the runtime; `AIO_TRACE=trace.json` records the whole
 * program.
 * @example
 * import { logging } from "@aio/debug";
 * logging.basicConfig({ level: logging.DEBUG });
 * logging.getLogger("app").info("started %s workers", 4);
 * @packageDocumentation
 */
import { install } from "./install.js";
import { traceFromEnvironment } from "./tracing.js";

export { type Frame, formatException, hideFrames, parseStack } from "./frames.js";
export {
  awaitersOf,
  type CallStackEntry,
  captureCallGraph,
  type FutureCallGraph,
  formatCallGraph,
  formatTaskRows,
  formatTasks,
  formatTaskTree,
  printCallGraph,
  type TaskInfo,
  taskTable,
} from "./graph.js";
export { install, uninstall } from "./install.js";
export * as logging from "./logging.js";
export { percentFormat } from "./percent.js";
export { type Snapshot, snapshot } from "./remote.js";
export { StringStream, sys, type TextStream } from "./sys.js";

export * as tracing from "./tracing.js";
export * as warnings from "./warnings.js";

install();
traceFromEnvironment();
