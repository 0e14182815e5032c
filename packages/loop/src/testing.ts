/**
 * Testing tools, shipped as product (trio's lesson): the virtual clock, a way to wait until every
 * task is blocked, and a seeded scheduler that explores interleavings reproducibly.
 *
 * @example
 * import { VirtualClock } from "@aio/loop/testing";
 * const clock = new VirtualClock({ autoJump: false });
 * const loop = newEventLoop({ clock });
 * // ... start tasks, then: clock.advance(1.5);
 */
import type { EventLoop } from "./event-loop.js";
import type { FutureLike } from "./protocols.js";
import { getRunningLoop } from "./registry.js";

export { VirtualClock, type VirtualClockOptions } from "./clock.js";

/**
 * A future that completes once nothing is ready on the loop: every task is blocked on a timer, a
 * future or an outside operation. `yield* waitAllTasksBlocked()` inside a task.
 * trio: `trio.testing.wait_all_tasks_blocked()`.
 */
export function waitAllTasksBlocked(loop: EventLoop = getRunningLoop()): FutureLike<void> {
  return loop.whenIdle();
}

/**
 * Moves a virtual clock forward by `seconds`; the timers that become due run on the next iteration.
 * @throws TypeError when the loop does not run on a virtual clock.
 */
export function advance(loop: EventLoop, seconds: number): void {
  const clock = loop.clock as { virtual: boolean; advance?: (s: number) => void };
  if (!clock.virtual || typeof clock.advance !== "function") {
    throw new TypeError(
      "advance() needs a loop on a VirtualClock: newEventLoop({ clock: new VirtualClock() })",
    );
  }
  clock.advance(seconds);
}
