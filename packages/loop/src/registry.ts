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

/**
 * What makes and keeps the loop of this thread: `newEventLoop()` (without options),
 * `getEventLoop()` and `setEventLoop()` ask it. Python: an event loop policy. A policy is any object
 * with `newEventLoop()`; what it leaves out (`getEventLoop`, `setEventLoop`) behaves as
 * {@link DefaultEventLoopPolicy}'s, as a Python subclass of `DefaultEventLoopPolicy` does.
 */
export interface EventLoopPolicy {
  newEventLoop(): EventLoop;
  /** The loop of this thread (when none is running). Python: `policy.get_event_loop()`. */
  getEventLoop?(): EventLoop;
  /** Sets the loop of this thread. Python: `policy.set_event_loop(loop)`. */
  setEventLoop?(loop: EventLoop | null): void;
}

// (Defined in errors.ts, a module with no imports, so that io-methods.ts need not import this one:
// registry.ts imports event-loop.ts, and the cycle put io-methods.ts after event-loop.ts in the bundle.)
import { NotImplementedError } from "./errors.js";

export { NotImplementedError };

/**
 * The policy interface as a class whose methods all raise NotImplementedError, for a policy written
 * from scratch. Python: `asyncio.AbstractEventLoopPolicy`.
 */
export class AbstractEventLoopPolicy implements EventLoopPolicy {
  /** Python: `get_event_loop()`. */
  getEventLoop(): EventLoop {
    throw new NotImplementedError();
  }
  /** Python: `set_event_loop(loop)`. */
  setEventLoop(_loop: EventLoop | null): void {
    throw new NotImplementedError();
  }
  /** Python: `new_event_loop()`. */
  newEventLoop(): EventLoop {
    throw new NotImplementedError();
  }
  /** Python: `get_child_watcher()` (deprecated in 3.12; aio has no child watchers). */
  getChildWatcher(): never {
    throw new NotImplementedError();
  }
  /** Python: `set_child_watcher(watcher)` (deprecated in 3.12; aio has no child watchers). */
  setChildWatcher(_watcher: unknown): never {
    throw new NotImplementedError();
  }
}

/** What a default policy keeps for the thread. Python: `BaseDefaultEventLoopPolicy._Local`. */
interface PolicyLocal {
  _loop: EventLoop | null;
  /** Whether `setEventLoop()` was called (an explicit `null` forbids implicit creation). */
  _setCalled: boolean;
}

/**
 * The default policy: one loop per thread, made on first `getEventLoop()` (with CPython 3.12's
 * `DeprecationWarning: There is no current event loop`) unless `setEventLoop()` was called.
 * Python: `asyncio.DefaultEventLoopPolicy`.
 */
export class DefaultEventLoopPolicy extends AbstractEventLoopPolicy {
  /** @internal Python's `self._local`. */
  _local: PolicyLocal = { _loop: null, _setCalled: false };
  #warned = false;

  /**
   * The loop set for this thread, made and set now if none ever was.
   * @throws Error `There is no current event loop in thread 'MainThread'.` after `setEventLoop(null)`.
   */
  override getEventLoop(): EventLoop {
    return defaultGet(this, this._local);
  }
  /** Sets this thread's loop (`null` unsets it and forbids implicit creation). */
  override setEventLoop(loop: EventLoop | null): void {
    defaultSet(this._local, loop);
  }
  /** A new {@link EventLoop}. */
  override newEventLoop(): EventLoop {
    return new EventLoop();
  }
  /** @internal whether it already warned that it made a loop (once per policy, not per call) */
  _warnOnce(): boolean {
    if (this.#warned) return false;
    this.#warned = true;
    return true;
  }
}

function defaultGet(policy: EventLoopPolicy & { _warnOnce?: () => boolean }, local: PolicyLocal): EventLoop {
  if (local._loop === null && !local._setCalled) {
    if (policy._warnOnce === undefined || policy._warnOnce()) {
      warn("DeprecationWarning", "There is no current event loop");
    }
    const set = policy.setEventLoop;
    const loop = policy.newEventLoop();
    if (typeof set === "function") set.call(policy, loop);
    else defaultSet(local, loop);
  }
  if (local._loop === null) throw new Error("There is no current event loop in thread 'MainThread'.");
  return local._loop;
}

function defaultSet(local: PolicyLocal, loop: EventLoop | null): void {
  if (loop !== null && !isEventLoop(loop)) {
    throw new TypeError(`loop must be an instance of EventLoop or None, not '${typeName(loop)}'`);
  }
  local._setCalled = true;
  local._loop = loop;
}

/** The thread state a policy without its own `getEventLoop`/`setEventLoop` uses (the default's). */
const ducksLocal = new WeakMap<object, PolicyLocal>();
function localOf(policy: EventLoopPolicy): PolicyLocal {
  if (policy instanceof DefaultEventLoopPolicy) return policy._local;
  let local = ducksLocal.get(policy);
  if (local === undefined) {
    local = { _loop: null, _setCalled: false };
    ducksLocal.set(policy, local);
  }
  return local;
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
 * The running loop if there is one, else the policy's loop for this thread
 * (`getEventLoopPolicy().getEventLoop()`). The default policy creates and sets one when none was set
 * yet, with CPython 3.12's `DeprecationWarning: There is no current event loop`; after
 * `setEventLoop(null)` (which `run()` does on exit) this throws, as Python does.
 * Python: `asyncio.get_event_loop()`.
 */
export function getEventLoop(): EventLoop {
  const running = state.runningLoop as EventLoop | null;
  if (running !== null) return running;
  const policy = getEventLoopPolicy();
  if (typeof policy.getEventLoop === "function") return policy.getEventLoop();
  return defaultGet(policy, localOf(policy));
}

/**
 * Sets `loop` as this thread's loop (`null` unsets it): `getEventLoopPolicy().setEventLoop(loop)`.
 * Python: `asyncio.set_event_loop(loop)`.
 */
export function setEventLoop(loop: EventLoop | null): void {
  const policy = getEventLoopPolicy();
  if (typeof policy.setEventLoop === "function") policy.setEventLoop(loop);
  else defaultSet(localOf(policy), loop);
}

/**
 * A new loop, not running and not closed. Without options it comes from the policy
 * (`getEventLoopPolicy().newEventLoop()`). Python: `asyncio.new_event_loop()`.
 */
export function newEventLoop(options?: EventLoopOptions): EventLoop {
  if (options === undefined && state.policy !== null) return state.policy.newEventLoop() as EventLoop;
  return new EventLoop(options);
}

/**
 * Sets the policy: what `newEventLoop()` makes when called without options (and so what `run()`
 * uses) and what keeps this thread's loop; `null` restores a fresh default policy. A policy is an
 * {@link AbstractEventLoopPolicy} / {@link DefaultEventLoopPolicy} subclass, or any object with
 * `newEventLoop()`. Python: `asyncio.set_event_loop_policy()`.
 * @example setEventLoopPolicy({ newEventLoop: () => new EventLoop({ clock: "virtual" }) });
 */
export function setEventLoopPolicy(policy: EventLoopPolicy | null): void {
  if (policy !== null && (typeof policy !== "object" || typeof policy.newEventLoop !== "function")) {
    throw new TypeError(`policy must be an object with newEventLoop() or None, got ${repr(policy)}`);
  }
  state.policy = policy;
}

/**
 * The current policy: the one set with {@link setEventLoopPolicy}, else the default policy
 * (made on first use, the same object until a policy is set). Python: `asyncio.get_event_loop_policy()`.
 */
export function getEventLoopPolicy(): EventLoopPolicy {
  state.policy ??= new DefaultEventLoopPolicy();
  return state.policy as EventLoopPolicy;
}
