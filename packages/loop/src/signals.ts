/**
 * A loop's signal handlers. Python: `add_signal_handler` / `remove_signal_handler` of
 * `unix_events._UnixSelectorEventLoop`.
 *
 * Node delivers signals to the main thread as process events; a handler runs its callback on the
 * loop through `callSoonThreadsafe`, as Python's wakeup fd does.
 */
import { isMainThread, isSignalName, offProcess, onProcess } from "#platform";
import type { EventLoop } from "./event-loop.js";
import { isCoroutine, isCoroutineFunction } from "./protocols.js";
import { repr } from "./repr.js";

/** The process listeners a loop installed, one per signal. */
export class SignalHandlers {
  private readonly listeners = new Map<string, () => void>();

  constructor(private readonly loop: EventLoop) {}

  /** Installs (or replaces) the handler for `signal`. Python: `loop.add_signal_handler`. */
  add(signal: NodeJS.Signals, callback: (...args: never[]) => unknown, args: unknown[]): void {
    if (isCoroutine(callback) || isCoroutineFunction(callback)) {
      throw new TypeError("coroutines cannot be used with addSignalHandler()");
    }
    if (typeof callback !== "function") {
      throw new TypeError(`a callable object was expected by addSignalHandler(), got ${repr(callback)}`);
    }
    checkSignal(signal);
    if (signal === "SIGKILL" || signal === "SIGSTOP") throw new Error(`sig ${signal} cannot be caught`);
    if (!isMainThread) {
      // Python: "set_wakeup_fd only works in main thread of the main interpreter".
      throw new Error(
        `signal handlers only work in the main thread: Node delivers ${signal} to the main thread, not to workers`,
      );
    }
    this.remove(signal);
    const loop = this.loop;
    const listener = () => {
      if (!loop.isClosed()) loop.callSoonThreadsafe(callback as (...a: unknown[]) => unknown, ...args);
    };
    this.listeners.set(signal, listener);
    onProcess(signal, listener);
  }

  /** Removes the handler for `signal`; whether there was one. Python: `loop.remove_signal_handler`. */
  remove(signal: NodeJS.Signals): boolean {
    checkSignal(signal);
    const listener = this.listeners.get(signal);
    if (!listener) return false;
    offProcess(signal, listener);
    this.listeners.delete(signal);
    return true;
  }

  /** Whether a handler for `signal` is installed. */
  has(signal: NodeJS.Signals): boolean {
    return this.listeners.has(signal);
  }

  /** Removes every handler (the loop closes). */
  clear(): void {
    for (const [signal, listener] of this.listeners) offProcess(signal, listener);
    this.listeners.clear();
  }
}

/**
 * Python's `_check_signal`: TypeError for what is not a signal name (Python: not an int),
 * RangeError (ValueError) for a name the host does not know.
 */
function checkSignal(signal: unknown): void {
  if (typeof signal !== "string") {
    throw new TypeError(`sig must be a signal name such as "SIGINT", not ${repr(signal)}`);
  }
  if (!isSignalName(signal)) {
    throw new RangeError(`invalid signal: ${repr(signal)} (expected a name such as "SIGINT")`);
  }
}
