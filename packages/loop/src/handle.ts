/**
 * Callback handles. Python: `asyncio.Handle` and `asyncio.TimerHandle`.
 */
import type { Context } from "./context.js";
import type { EventLoop } from "./event-loop.js";
import { state } from "./internal/state.js";
import { repr } from "./repr.js";

/**
 * Callbacks marked with this symbol describe their handle by their first argument (Python's
 * `_format_handle` shows the Task when the callback is a Task's step or wakeup).
 */
export const DESCRIBE_BY_FIRST_ARG: unique symbol = Symbol.for("aio.describeByFirstArg") as never;

// biome-ignore lint/suspicious/noExplicitAny: callbacks take any arguments
export type Callback = (...args: any[]) => unknown;

/** A callback scheduled on a loop. Python: `asyncio.Handle`. */
export class Handle {
  /** @internal */ _callback: Callback | null;
  /** @internal */ _args: unknown[] | null;
  /** @internal */ _context: Context | null;
  /** @internal */ _cancelled = false;
  /** @internal */ _loop: EventLoop;
  /** @internal debug mode: where the handle was created */
  _sourceTraceback: string | null = null;

  constructor(callback: Callback, args: unknown[] | null, loop: EventLoop, context: Context | null) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
    this._context = context;
  }

  /** Cancels the callback; idempotent. Python: `handle.cancel()`. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    if (!this._loop.getDebug()) {
      this._callback = null;
      this._args = null;
    }
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** The context the callback runs in. Python: `handle.get_context()`. */
  getContext(): Context | null {
    return this._context;
  }

  /** @internal runs the callback in its context and reports what it throws */
  _run(): void {
    const ctx = this._context;
    const saved = state.context;
    if (ctx !== null) state.context = ctx;
    try {
      const cb = this._callback as Callback;
      const args = this._args;
      if (args === null) cb();
      else if (args.length === 1) cb(args[0]);
      else cb(...args);
    } catch (exc) {
      const context: Record<string, unknown> = {
        message: `Exception in callback ${this._describeCallback()}`,
        exception: exc,
        handle: this,
      };
      if (this._sourceTraceback) context.sourceTraceback = this._sourceTraceback;
      this._loop.callExceptionHandler(context);
    } finally {
      state.context = saved;
    }
  }

  /** @internal `cb(args)` as Python's `format_helpers._format_callback` shows it */
  _describeCallback(): string {
    const cb = this._callback;
    if (cb === null) return "<cancelled>";
    const args = this._args ?? [];
    if ((cb as { [DESCRIBE_BY_FIRST_ARG]?: boolean })[DESCRIBE_BY_FIRST_ARG]) return String(args[0]);
    return `${cb.name || "<anonymous>"}(${args.map((a) => repr(a)).join(", ")})`;
  }

  /** @internal what slow-callback warnings name */
  _describeForLog(): string {
    const cb = this._callback;
    if (cb !== null && (cb as { [DESCRIBE_BY_FIRST_ARG]?: boolean })[DESCRIBE_BY_FIRST_ARG]) {
      return String(this._args?.[0]);
    }
    return this.toString();
  }

  protected reprInfo(): string[] {
    const info: string[] = [];
    if (this._cancelled) info.push("cancelled");
    if (this._callback !== null) info.push(this._describeCallback());
    return info;
  }

  toString(): string {
    return `<${this.constructor.name} ${this.reprInfo().join(" ")}>`;
  }
}

/** A callback scheduled for a point in time. Python: `asyncio.TimerHandle`. */
export class TimerHandle extends Handle {
  /** @internal */ _when: number;
  /** @internal */ _seq: number;
  /** @internal position in the loop's heap, -1 when not scheduled */
  _heapIndex = -1;

  constructor(
    when: number,
    seq: number,
    callback: Callback,
    args: unknown[] | null,
    loop: EventLoop,
    context: Context | null,
  ) {
    super(callback, args, loop, context);
    this._when = when;
    this._seq = seq;
  }

  /** The absolute time, in loop seconds, the callback is due. Python: `timer.when()`. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }

  protected override reprInfo(): string[] {
    const info = super.reprInfo();
    info.splice(this._cancelled ? 1 : 0, 0, `when=${this._when}`);
    return info;
  }
}
