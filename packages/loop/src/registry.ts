/**
 * Which loop is running, and which is set for this thread. Python: `asyncio.events`'
 * `get_running_loop`, `get_event_loop`, `set_event_loop`, `new_event_loop`.
 *
 * The state lives under a global symbol, so every installed copy of this package agrees on it.
 */
import { EventLoop, type EventLoopOptions } from "./event-loop.js";
import { state } from "./internal/state.js";
import { warn } from "./log.js";
import { isEventLoop } from "./protocols.js";
import { repr, typeName } from "./repr.js";

/** Makes the loops `newEventLoop()` (without options) and `getEventLoop()` create. Python: an event loop policy. */
export interface EventLoopPolicy {
  newEventLoop(): EventLoop;
}

/**
 * The loop running in this thread. Python: `asyncio.get_running_loop()`.
 * @throws Error `no running event loop` outside a running loop.
 */
export function getRunningLoop(): EventLoop {
  const loop = state.runningLoop as EventLoop | null;
  if (loop === null) throw new Error("no running event loop");
  return loop;
}

/** The running loop, or `null`. Python: `asyncio._get_running_loop()`. */
export function tryGetRunningLoop(): EventLoop | null {
  return state.runningLoop as EventLoop | null;
}

/**
 * The running loop if there is one, else the loop set for this thread. With no loop set yet, a new
 * one is created and set, with CPython 3.12's `DeprecationWarning: There is no current event loop`.
 * After `setEventLoop(null)` (which `run()` does on exit) this throws, as Python does.
 * Python: `asyncio.get_event_loop()`.
 */
export function getEventLoop(): EventLoop {
  const running = state.runningLoop as EventLoop | null;
  if (running !== null) return running;
  if (state.eventLoop === null) {
    if (state.eventLoopSet) {
      throw new Error("There is no current event loop in thread 'MainThread'.");
    }
    if (!state.deprecationShown) {
      state.deprecationShown = true;
      warn("DeprecationWarning", "There is no current event loop");
    }
    setEventLoop(newEventLoop());
  }
  return state.eventLoop as EventLoop;
}

/** Sets `loop` as this thread's loop (`null` unsets it). Python: `asyncio.set_event_loop(loop)`. */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !isEventLoop(loop)) {
    throw new TypeError(`loop must be an instance of EventLoop or None, not '${typeName(loop)}'`);
  }
  state.eventLoop = loop;
  state.eventLoopSet = true;
}

/**
 * A new loop, not running and not closed. Without options it comes from the policy set with
 * {@link setEventLoopPolicy}, if any. Python: `asyncio.new_event_loop()`.
 */
export function newEventLoop(options?: EventLoopOptions): EventLoop {
  if (options === undefined && state.policy !== null) return state.policy.newEventLoop() as EventLoop;
  return new EventLoop(options);
}

/**
 * Sets what `newEventLoop()` makes when called without options (and so what `run()` and
 * `getEventLoop()` use); `null` restores the default. Python: `asyncio.set_event_loop_policy()`.
 * @example setEventLoopPolicy({ newEventLoop: () => new EventLoop({ clock: "virtual" }) });
 */
export function setEventLoopPolicy(policy: EventLoopPolicy | null): void {
  if (policy !== null && (typeof policy !== "object" || typeof policy.newEventLoop !== "function")) {
    throw new TypeError(`policy must be an object with newEventLoop() or None, got ${repr(policy)}`);
  }
  state.policy = policy;
}

/** The policy set with {@link setEventLoopPolicy}, or `null`. Python: `asyncio.get_event_loop_policy()`. */
export function getEventLoopPolicy(): EventLoopPolicy | null {
  return state.policy as EventLoopPolicy | null;
}
