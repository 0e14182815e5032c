/**
 * @aio/test-support — helpers shared by the packages' tests (private; no dependencies, so that even
 * @aio/loop can use it).
 * @packageDocumentation
 */

export { type BadInput, badInputs } from "./bad-inputs.js";
export {
  type Example,
  examples,
  expectedOutput,
  formatLog,
  importedPackages,
  outputLines,
} from "./examples.js";
export { readmeExamples } from "./readme.js";
export { type RedisServer, startRedis } from "./redis.js";
export { captureStderr } from "./stderr.js";
