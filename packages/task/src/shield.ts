import type { Future } from "@aio/future";
import { failed } from "@aio/future/internal";
import { markAwaitedBy } from "@aio/loop/internal";
import type { Awaitable } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";

/**
 * Protects `aw` from cancellation: cancelling the task that awaits the shield cancels only the
 * outer future; the inner work keeps running and can be awaited later. Python: `asyncio.shield(aw)`.
 * @example const result = yield* shield(saveToDatabase());
 */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const loop = inner.getLoop();
  const outer = loop.createFuture<T>() as Future<T>;
  const onInnerDone = (f: Future<T>): void => {
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception();
      return;
    }
    if (f.cancelled()) outer.cancel();
    else if (failed(f)) outer.setException(f.exception());
    else outer.setResult(f.result());
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner.addDoneCallback(markAwaitedBy(onInnerDone, outer));
  outer.addDoneCallback(onOuterDone);
  return outer;
}
