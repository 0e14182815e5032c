/** What @aio/debug reads of the core (one place, so the layering is plain to see). */
export {
  type EventLoop,
  type FutureLike,
  isFuture,
  objectAddress,
  repr,
  runtimeHooks,
  TASK_BRAND,
} from "@aio/loop";
export { AWAITED_BY, runtimeState, type TracedTask, type Tracer } from "@aio/loop/internal";
