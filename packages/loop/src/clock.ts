/**
 * Clocks the loop reads its time from, in seconds.
 *
 * The real clock is monotonic (`performance.now()`); the virtual clock only moves when told to, or,
 * with `autoJump`, jumps straight to the next timer whenever the loop has nothing ready and nothing
 * from outside is in flight, so sleep-heavy programs run in milliseconds with exact timings.
 */
import { repr } from "./repr.js";

/** What a loop reads its time from: `RealClock`, `VirtualClock`, or an object of your own. */
export interface Clock {
  /** Current time in seconds. */
  now(): number;
  /** True for clocks that do not follow wall time. */
  readonly virtual: boolean;
  /** Smallest difference the clock can tell apart, in seconds (Python: `clock_resolution`). */
  readonly resolution: number;
}

/** The default clock: monotonic wall time in seconds. Python: `time.monotonic()`. */
export class RealClock implements Clock {
  readonly virtual = false;
  readonly resolution = 1e-9;
  now(): number {
    return performance.now() / 1000;
  }
}

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Start time in seconds (default 0). */
  start?: number | undefined;
  /**
   * Jump to the next timer whenever the loop is idle (default true). With `false`, time moves only
   * through {@link VirtualClock.advance}, as in trio's `MockClock` without autojump.
   */
  autoJump?: boolean | undefined;
}

/**
 * A clock that moves only when the loop (or a test) moves it. Python has no equivalent in asyncio;
 * trio's `MockClock(autojump_threshold=0)` is the closest.
 * @example
 * const loop = newEventLoop({ clock: new VirtualClock() });
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  readonly resolution = 0;
  readonly autoJump: boolean;
  private t: number;
  /** @internal set by the loop so that `advance()` can wake it */
  _onAdvance: (() => void) | null = null;

  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? 0;
    if (typeof start !== "number" || !Number.isFinite(start)) {
      throw new TypeError(`VirtualClock start must be a finite number of seconds, got ${repr(start)}`);
    }
    this.t = start;
    this.autoJump = options.autoJump ?? true;
  }

  now(): number {
    return this.t;
  }

  /** Moves time forward by `seconds` (never backwards) and wakes the loop so due timers run. */
  advance(seconds: number): void {
    if (typeof seconds !== "number" || !(seconds >= 0) || seconds === Number.POSITIVE_INFINITY) {
      throw new RangeError(`advance() needs a finite, non-negative number of seconds, got ${repr(seconds)}`);
    }
    this.t += seconds;
    this._onAdvance?.();
  }

  /** @internal the loop jumps to the next deadline */
  _jumpTo(when: number): void {
    if (when > this.t) this.t = when;
  }
}
