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
import { state } from "./internal/state.js";
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

/**
 * Gives the next program run in this thread a fresh start, as a new process would have: task names
 * start again at `Task-1`, no loop is set, no policy, and `getEventLoop()` warns again.
 * @throws Error while a loop is running.
 */
export function resetRuntimeState(): void {
  if (state.runningLoop !== null)
    throw new Error("resetRuntimeState() cannot be called while a loop is running");
  state.taskCounter = 0;
  state.policy = null;
}
