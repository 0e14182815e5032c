/**
 * The errors of asyncio's streams. Python: `asyncio.IncompleteReadError`, `asyncio.LimitOverrunError`.
 * Connection failures are the OSError family of `@aio/fs` (`ConnectionResetError`, …).
 */

/**
 * The stream ended before `expected` bytes came (`null`: before the separator).
 * Python: `asyncio.IncompleteReadError`: `3 bytes read on a total of 10 expected bytes`.
 */
export class IncompleteReadError extends Error {
  override name = "IncompleteReadError";
  /** What was read before the end. */
  readonly partial: Buffer;
  /** How many bytes were wanted, or `null` for a read up to a separator. */
  readonly expected: number | null;

  constructor(partial: Buffer, expected: number | null) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? "undefined" : expected} expected bytes`,
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * The buffer reached the stream's limit while looking for a separator. `consumed` is how many bytes
 * to skip to get past what was searched. Python: `asyncio.LimitOverrunError`.
 */
export class LimitOverrunError extends Error {
  override name = "LimitOverrunError";
  /** The bytes searched so far (to be consumed before searching on). */
  readonly consumed: number;

  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}
