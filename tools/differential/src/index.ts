/**
 * @aio/differential — the shared runner of the differential suites (private, tests only).
 * @packageDocumentation
 */

export { type BrowserResult, browserBundle } from "./browser.js";
export { collector, type Print, py, tuple, ValueError } from "./harness.js";
export {
  type Fixture,
  findPython,
  findPythonWith,
  type Python,
  type PythonNeeds,
  pythonNeeds,
  startFixture,
} from "./python.js";
export { caseNames, differentialSuite, type SuiteOptions } from "./suite.js";
