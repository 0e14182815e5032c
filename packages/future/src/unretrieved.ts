/**
 * "Future exception was never retrieved": Python reports a failed future whose exception nobody
 * looked at when the future is garbage-collected. We do the same with a FinalizationRegistry, and
 * also when its loop is closed (a short program would otherwise exit before any collection).
 */
import { type Context, type EventLoop, reprSymbol } from "@aio/loop";
import { onLoopClose } from "@aio/loop/internal";

interface Record_ {
  loop: EventLoop;
  exception: unknown;
  message: string;
  description: string;
  key: "future" | "task";
  sourceTraceback: string | null;
  /** the task's context: the exception handler runs in it, as CPython 3.12 (gh-96704) */
  context: Context | null;
}

const pending = new Set<Record_>();

function report(rec: Record_): void {
  if (!pending.delete(rec)) return;
  const context: Record<string, unknown> = { message: rec.message, exception: rec.exception };
  // The future itself may be gone (collected): what stands for it prints as it did.
  const describe = () => rec.description;
  const ctx = rec.context;
  context[rec.key] = { toString: describe, [reprSymbol]: describe, getContext: () => ctx };
  if (rec.sourceTraceback) context.sourceTraceback = rec.sourceTraceback;
  rec.loop.callExceptionHandler(context);
}

const registry = new FinalizationRegistry<Record_>(report);

/** starts tracking a future that finished with an exception */
export function trackUnretrieved(
  target: object,
  loop: EventLoop,
  exception: unknown,
  isTask: boolean,
  description: string,
  sourceTraceback: string | null,
  taskContext: Context | null = null,
): Record_ {
  const rec: Record_ = {
    loop,
    exception,
    message: isTask ? "Task exception was never retrieved" : "Future exception was never retrieved",
    description,
    key: "future",
    sourceTraceback,
    context: taskContext,
  };
  pending.add(rec);
  registry.register(target, rec, rec);
  return rec;
}

/** the exception was looked at: nothing to report */
export function untrack(rec: Record_): void {
  pending.delete(rec);
  registry.unregister(rec);
}

function reportAtClose(loop: EventLoop): void {
  for (const rec of [...pending]) {
    if (rec.loop === loop) {
      registry.unregister(rec);
      report(rec);
    }
  }
}

// Every copy of this module (two installed versions of @aio/future) registers its own listener:
// each reports the records of its own `pending` set, which no other copy sees (hence no key).
onLoopClose(reportAtClose, { phase: "report" });
