/** Waiting out a full write buffer, shared by the server's writers. @internal */
import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";

/**
 * A future of the running loop done when `out` (a socket, a response, a compressor) emits `drain`,
 * or `close` (nothing more will be written then). @internal
 */
export function drained(out: NodeJS.EventEmitter): Future<void> {
  const future = getRunningLoop().createFuture<void>() as Future<void>;
  const done = (): void => {
    out.off("drain", done);
    out.off("close", done);
    if (!future.done()) future.setResult(undefined);
  };
  out.on("drain", done);
  out.on("close", done);
  return future;
}
