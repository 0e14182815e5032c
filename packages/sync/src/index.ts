/**
 * @aio/sync — asyncio's locks, events, conditions, semaphores, barriers and queues for TypeScript.
 * @packageDocumentation
 */

export { Barrier } from "./barrier.js";
export { Condition } from "./condition.js";
export { BrokenBarrierError, QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
export { Event } from "./event.js";
export { Lock } from "./lock.js";
export {
  LifoQueue,
  PriorityQueue,
  type PriorityQueueOptions,
  pythonLessThan,
  Queue,
  type QueueOptions,
} from "./queue.js";
export { BoundedSemaphore, Semaphore } from "./semaphore.js";
