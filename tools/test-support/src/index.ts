/**
 * @aio/test-support — helpers shared by the packages' tests (private; no dependencies, so that even
 * @aio/loop can use it).
 * @packageDocumentation
 */
export { readmeExamples } from "./readme.js";
export { captureStderr } from "./stderr.js";
