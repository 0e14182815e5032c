/**
 * The errors of asyncio's streams. Python: `asyncio.IncompleteReadError`, `asyncio.LimitOverrunError`.
 * Connection failures are the OSError family of `@aio/fs` (`ConnectionResetError`, …), and a
 * failed name lookup its `socket.gaierror`.
 */
import { OSError } from "@aio/fs";

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

/** A failed name lookup. Python: `socket.gaierror` (an OSError; errno -2 is "Name or service not known"). */
export class GaiError extends OSError {
  override name = "gaierror";
}

/** @internal Python's gaierror for Node's resolver error; anything else comes back as it was. */
export function gaiError(err: unknown): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === "ENOTFOUND" || code === "EAI_NONAME" || code === "EAI_NODATA") {
    return new GaiError(-2, "Name or service not known", undefined, undefined, {
      code: "EAI_NONAME",
      cause: err,
    });
  }
  if (code === "EAI_AGAIN") {
    return new GaiError(-3, "Temporary failure in name resolution", undefined, undefined, {
      code,
      cause: err,
    });
  }
  if (code === "EAI_FAIL") {
    return new GaiError(-4, "Non-recoverable failure in name resolution", undefined, undefined, {
      code,
      cause: err,
    });
  }
  return err;
}
