/**
 * The exceptions of asyncio's synchronisation primitives and queues.
 */

/** `getNowait()` on an empty queue. Python: `asyncio.QueueEmpty`. */
export class QueueEmpty extends Error {
  override name = "QueueEmpty";
  readonly args: unknown[] = [];
}

/** `putNowait()` on a full queue. Python: `asyncio.QueueFull`. */
export class QueueFull extends Error {
  override name = "QueueFull";
  readonly args: unknown[] = [];
}

/** A put on a queue that was shut down, or a get once it is empty. Python 3.13: `asyncio.QueueShutDown`. */
export class QueueShutDown extends Error {
  override name = "QueueShutDown";
  readonly args: unknown[] = [];
}

/** A barrier was aborted or reset while waiting. Python: `asyncio.BrokenBarrierError` (a RuntimeError). */
export class BrokenBarrierError extends Error {
  override name = "BrokenBarrierError";
  readonly args: unknown[];
  constructor(message?: string) {
    super(message ?? "");
    this.args = message === undefined ? [] : [message];
  }
}
