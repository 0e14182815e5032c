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
  /**
   * What a loop with nothing ready does until its next timer, due at `deadline` (`Infinity`: no
   * timer): the seconds of real time to sleep unless woken (0: run the due timers now, after moving
   * the clock to them if it jumps; `Infinity`: sleep until woken from outside, by
   * `callSoonThreadsafe`, an outside operation ending or `advance()`), or `null` when nothing can
   * ever wake the loop, a deadlock. `quiet`: no outside operation is in flight. Optional: without
   * it, a loop sleeps until the deadline on a clock that follows wall time, and until woken on a
   * virtual one. trio: `Clock.deadline_to_sleep_time`.
   */
  sleepTime?(deadline: number, quiet: boolean): number | null;
}

/** The longest real-time wait the loop arms a Node timer for (a day, as Python caps its waits). */
export const MAX_WAIT_SECONDS = 86400;

/** `clock.sleepTime(deadline, quiet)`, or what it means for a clock that does not define it. */
export function sleepTimeOf(clock: Clock, deadline: number, quiet: boolean): number | null {
  if (clock.sleepTime !== undefined) return clock.sleepTime(deadline, quiet);
  if (clock.virtual) return deadline <= clock.now() ? 0 : Number.POSITIVE_INFINITY;
  return Math.max(0, deadline - clock.now());
}

/** The default clock: monotonic wall time in seconds. Python: `time.monotonic()`. */
export class RealClock implements Clock {
  readonly virtual = false;
  readonly resolution = 1e-9;
  now(): number {
    return performance.now() / 1000;
  }

  /** Sleep until the deadline: wall time gets there by itself. */
  sleepTime(deadline: number): number {
    return Math.max(0, deadline - this.now());
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

  /**
   * With `autoJump`, a quiet loop jumps to its next timer at once, and with no timer left it is
   * deadlocked (time would never move). Otherwise time moves only by `advance()`: due timers run,
   * and the loop sleeps until woken.
   */
  sleepTime(deadline: number, quiet: boolean): number | null {
    if (this.autoJump && quiet) {
      if (deadline === Number.POSITIVE_INFINITY) return null;
      if (deadline > this.t) this.t = deadline;
      return 0;
    }
    return deadline <= this.t ? 0 : Number.POSITIVE_INFINITY;
  }
}
