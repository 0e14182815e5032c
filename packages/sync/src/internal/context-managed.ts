/**
 * Python's `locks._ContextManagerMixin`: `async with x:` acquires on entry and releases on exit,
 * and (for plain async code) `await using` releases at the end of the block.
 */
import type { AsyncContextManager, Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { LoopBound } from "./loop-bound.js";

export abstract class ContextManaged extends LoopBound implements AsyncContextManager<void>, AsyncDisposable {
  abstract acquire(): Coro<boolean>;
  abstract release(): void;

  *aenter(): Coro<void> {
    yield* this.acquire();
  }

  *aexit(): Coro<boolean> {
    this.release();
    return false;
  }

  /** Releases at the end of an `await using` block (acquire first). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(ContextManaged.prototype.aenter, "aenter");
refuseAwait(ContextManaged.prototype.aexit, "aexit");
