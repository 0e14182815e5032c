/**
 * Python: `asyncio.Barrier` (locks.py, CPython 3.11+).
 */
import { repr, reprSymbol } from "@aio/loop";
import { type AsyncContextManager, type Coro, using } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { Condition } from "./condition.js";
import { BrokenBarrierError } from "./errors.js";
import { locksRepr, refuseYieldStar } from "./internal/loop-bound.js";

type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * Waits until `parties` tasks have arrived, then lets them all through. `wait()` returns the
 * arrival index (0 … parties−1); the last arrival passes without suspending.
 * Python: `asyncio.Barrier(parties)`.
 * @example
 * const barrier = new Barrier(3);
 * const index = yield* barrier.wait();
 */
export class Barrier implements AsyncContextManager<number> {
  private readonly cond = new Condition();
  private readonly partiesCount: number;
  private state: BarrierState = "filling";
  private count = 0;

  constructor(parties: number) {
    if (typeof parties !== "number" || !Number.isInteger(parties)) {
      throw new TypeError(`Barrier parties must be an integer, got ${repr(parties)}`);
    }
    if (parties < 1) throw new RangeError("parties must be > 0");
    this.partiesCount = parties;
  }

  /** Waits for the other parties; returns this task's arrival index. Python: `await barrier.wait()`. */
  *wait(): Coro<number> {
    const self = this;
    return yield* using(this.cond, function* () {
      yield* self.block();
      const index = self.count;
      self.count++;
      try {
        if (index + 1 === self.partiesCount) self.releaseAll();
        else yield* self.waitForRelease();
        return index;
      } finally {
        self.count--;
        self.exit();
      }
    });
  }

  /** Puts the barrier back to its empty state; waiting tasks get `BrokenBarrierError`. Python: `await barrier.reset()`. */
  *reset(): Coro<void> {
    yield* using(this.cond, () => {
      if (this.count > 0) {
        if (this.state !== "resetting") this.state = "resetting";
      } else {
        this.state = "filling";
      }
      this.cond.notifyAll();
    });
  }

  /** Breaks the barrier: current and future waits raise `BrokenBarrierError`. Python: `await barrier.abort()`. */
  *abort(): Coro<void> {
    yield* using(this.cond, () => {
      this.state = "broken";
      this.cond.notifyAll();
    });
  }

  /** How many tasks must arrive. Python: `barrier.parties`. */
  get parties(): number {
    return this.partiesCount;
  }

  /** How many tasks are waiting. Python: `barrier.n_waiting`. */
  get nWaiting(): number {
    return this.state === "filling" ? this.count : 0;
  }

  /** Whether the barrier is broken. Python: `barrier.broken`. */
  get broken(): boolean {
    return this.state === "broken";
  }

  *aenter(): Coro<number> {
    return yield* this.wait();
  }

  *aexit(): Coro<boolean> {
    return false;
  }

  private *block(): Coro<void> {
    yield* this.cond.waitFor(() => this.state !== "draining" && this.state !== "resetting");
    if (this.state === "broken") throw new BrokenBarrierError("Barrier aborted");
  }

  private releaseAll(): void {
    this.state = "draining";
    this.cond.notifyAll();
  }

  private *waitForRelease(): Coro<void> {
    yield* this.cond.waitFor(() => this.state !== "filling");
    if (this.state === "broken" || this.state === "resetting") {
      throw new BrokenBarrierError("Abort or reset of barrier");
    }
  }

  private exit(): void {
    if (this.count === 0) {
      if (this.state === "resetting" || this.state === "draining") this.state = "filling";
      this.cond.notifyAll();
    }
  }

  toString(): string {
    let extra: string = this.state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this.parties}`;
    return locksRepr(this, extra);
  }

  /** Python's repr, which is its str. */
  [reprSymbol](): string {
    return this.toString();
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Barrier.prototype.wait, "Barrier.wait");
refuseAwait(Barrier.prototype.reset, "Barrier.reset");
refuseAwait(Barrier.prototype.abort, "Barrier.abort");
refuseAwait(Barrier.prototype.aenter, "Barrier.aenter");
refuseAwait(Barrier.prototype.aexit, "Barrier.aexit");
refuseYieldStar(Barrier);
