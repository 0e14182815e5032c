/**
 * The sockets and servers each loop has open. When a loop closes they are closed with it: asyncio's
 * process exits with unclosed transports (it only warns, with a ResourceWarning), while an open
 * Node socket or server would keep the process alive, and its events would reach a closed loop.
 */
import type { EventLoop } from "@aio/loop";
import { onLoopClose } from "@aio/loop/internal";

/** What a loop closes when it closes. */
export interface LoopResource {
  /** Drops the resource at once, calling nothing on the closed loop. */
  _closeWithLoop(): void;
}

const open = new WeakMap<EventLoop, Set<LoopResource>>();

// Without a key: the sets are this copy's module state, which no other copy sees.
onLoopClose(
  (loop) => {
    const resources = open.get(loop);
    if (resources === undefined) return;
    open.delete(loop);
    for (const r of resources) r._closeWithLoop();
  },
  { phase: "finalize" },
);

/** `resource` is open on `loop`. */
export function track(loop: EventLoop, resource: LoopResource): void {
  let set = open.get(loop);
  if (set === undefined) {
    set = new Set();
    open.set(loop, set);
  }
  set.add(resource);
}

/** `resource` is closed. */
export function untrack(loop: EventLoop, resource: LoopResource): void {
  open.get(loop)?.delete(resource);
}
