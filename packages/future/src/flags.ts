/**
 * The bit map of `Future._flags` and `Task._flags`: every bit a future or a task packs into its
 * one small-integer field, in one place.
 *
 * Why bits: every field costs 8 bytes on each pending future, and 100,000 pending tasks are a
 * workload we measure (W8, W9); a Smi field also keeps the objects' shape stable. The classes read
 * and write these bits only through named accessors (`_state`, `_hasException`,
 * `_asyncioFutureBlocking`, `_mustCancel`, `_numCancelsRequested`) and the `RUN_*` dispatch below;
 * nothing else touches `_flags`.
 *
 * | bits  | name            | owner  | meaning                                                          |
 * |-------|-----------------|--------|------------------------------------------------------------------|
 * | 0–1   | `STATE_MASK`    | Future | `PENDING` 0, `CANCELLED` 1, `FINISHED` 2 (Python's `_state`)     |
 * | 2     | `HAS_EXCEPTION` | Future | `_result` holds the exception, not a result (state FINISHED)     |
 * | 3     | `BLOCKING`      | Future | Python's `_asyncio_future_blocking`: a coroutine yielded it      |
 * | 4–5   | `RUN_MASK`      | both   | what it does when it runs from the loop's ready queue; 0: not queued |
 * | 6     | `MUST_CANCEL`   | Task   | Python's `_must_cancel`: throw CancelledError at the next step   |
 * | 7–30  | `CANCELS_*`     | Task   | Python's `_num_cancels_requested`, saturating at `MAX_CANCELS`  |
 *
 * Bit 31 is never used: the field stays a positive small integer.
 * @packageDocumentation
 */

/** The future is not done yet. Python: `futures._PENDING`. */
export const PENDING = 0;
/** The future was cancelled. Python: `futures._CANCELLED`. */
export const CANCELLED = 1;
/** The future has a result or an exception. Python: `futures._FINISHED`. */
export const FINISHED = 2;
/** A future's state, as bits 0–1 hold it. */
export type State = typeof PENDING | typeof CANCELLED | typeof FINISHED;
/** The names `Future.state` reports, indexed by `State`. */
export const STATE_NAMES = ["PENDING", "CANCELLED", "FINISHED"] as const;

/** Bits 0–1: the state (`PENDING`, `CANCELLED`, `FINISHED`). */
export const STATE_MASK = 0b11;
/** Bit 2: `_result` holds an exception (set together with `FINISHED`, never cleared). */
export const HAS_EXCEPTION = 0b100;
/** Bit 3: a coroutine yielded the future and a Task waits on it (Python's `_asyncio_future_blocking`). */
export const BLOCKING = 0b1000;

/**
 * Bits 4–5: what the future does when it runs from the loop's ready queue, where it stands instead
 * of the Handle `callSoon` would allocate. Non-zero exactly while it is queued; `_run` clears them
 * first. Never set in debug mode, which queues real Handles (they carry the creation traceback).
 */
export const RUN_MASK = 0b110000;
/** The future runs its one done-callback, kept in `_cb0` until then. */
export const RUN_CALLBACK = 0b010000;
/** The task runs its next step. */
export const RUN_STEP = 0b100000;
/** The task wakes up from `_futWaiter`, which is done. */
export const RUN_WAKEUP = 0b110000;

/** The first bit a subclass (Task) may use. */
export const FUTURE_FLAG_BITS = 6;

/** Bit 6 (Task): throw CancelledError into the coroutine at its next step (Python's `_must_cancel`). */
export const MUST_CANCEL = 1 << FUTURE_FLAG_BITS;
/** Bits 7–30 (Task): the pending cancellation requests, `cancel()` minus `uncancel()`. */
export const CANCELS_SHIFT = FUTURE_FLAG_BITS + 1;
/** One cancellation request, in place. */
export const CANCELS_ONE = 1 << CANCELS_SHIFT;
/**
 * The cancel count saturates here (the flags are a 31-bit small integer): 16,777,215 pending
 * requests, where Python's counter has no limit. `cancelling()` then stays at this value.
 */
export const MAX_CANCELS = (1 << (31 - CANCELS_SHIFT)) - 1;
