/**
 * What the aio packages share among themselves, at `@aio/loop/internal`: not part of the public
 * API, no stability promise between versions.
 * @packageDocumentation
 */

// What the core asks of its host (Node or a browser, by the `browser` condition of `#platform`).
export * as platform from "#platform";
export { type ContextVars, currentVars, enterVars } from "./context.js";
export { captureStack, userFrame } from "./event-loop.js";
export { formatCallback, formatCallbackSource, frameFileLine } from "./format-callback.js";
export {
  type Callback,
  type ContextRef,
  DESCRIBE_BY_FIRST_ARG,
  type Runnable,
  runAsHandle,
} from "./handle.js";
export {
  type LoopCloseListener,
  type LoopCloseOptions,
  type LoopClosePhase,
  type LoopCloseRegistry,
  onceInThread,
  onLoopClose,
  type SharedLoopState,
} from "./hooks.js";
export {
  boundFunction,
  functionSource,
  type GeneratorInfo,
  generatorInfo,
  inspect,
  type RemoteProperty,
} from "./inspector.js";
export { type RuntimeState, state as runtimeState } from "./internal/state.js";
export type { RegisteredTask, TaskRegistry } from "./internal/task-registry.js";
export { AWAITED_BY, markAwaitedBy, type TracedTask, type Tracer } from "./internal/trace.js";
