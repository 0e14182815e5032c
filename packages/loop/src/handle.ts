/**
 * Callback handles. Python: `asyncio.Handle` and `asyncio.TimerHandle`.
 *
 * A handle keeps up to two arguments in fields (no array per callback), and the context it runs
 * in either as an explicit Context or as the variables captured when it was scheduled (a pointer
 * to an immutable Map: no copy unless the callback sets a variable).
 */
import { Context, type ContextVars, enterVars } from "./context.js";
import type { EventLoop } from "./event-loop.js";
import { formatCallbackSource, frameFileLine } from "./format-callback.js";
import { state } from "./internal/state.js";
import { safeStr } from "./log.js";
import { isBaseException } from "./protocols.js";

/**
 * Callbacks marked with this symbol describe their handle by their first argument (Python's
 * `_format_handle` shows the Task when the callback is a Task's step or wakeup).
 */
export const DESCRIBE_BY_FIRST_ARG: unique symbol = Symbol.for("aio.describeByFirstArg") as never;

// biome-ignore lint/suspicious/noExplicitAny: callbacks take any arguments
export type Callback = (...args: any[]) => unknown;

/** Where a callback runs: an explicit Context, the variables captured at scheduling, or as is (null). */
export type ContextRef = Context | ContextVars | null;

const sourceTracebacks = new WeakMap<Handle, string>();
/** Debug mode: a cancelled handle's repr, made as it was cancelled (Python's `Handle._repr`). */
const cancelledReprs = new WeakMap<Handle, string>();

/** `created at file:line` of a source traceback's most recent frame (V8 lists it first). */
function createdAt(stack: string): string | null {
  for (const line of stack.split("\n")) {
    const at = /^\s*at\s/.test(line) ? frameFileLine(line) : null;
    if (at !== null) return `created at ${at}`;
  }
  return null;
}

/**
 * what the loop's ready queue holds: a Handle, or an object that runs itself (a Task
 * queues itself for its next step instead of allocating a Handle per step).
 */
export interface Runnable {
  /** @internal whether it must be skipped */
  readonly _cancelled: boolean;
  /** @internal runs, reporting what it throws to `loop`'s exception handler */
  _run(loop: EventLoop): void;
  /** @internal what debug mode's slow-callback warning names */
  _describeForLog(): string;
}

/**
 * runs `callback(arg)` in `context` exactly as a Handle of it would run (context entered
 * and restored, an error reported as "Exception in callback …"), for objects that stand in the
 * ready queue for such a Handle. A Handle is made only to report an error.
 */
export function runAsHandle(loop: EventLoop, callback: Callback, arg: unknown, context: ContextRef): void {
  const saved = state.context;
  if (context !== null) {
    if (context instanceof Map) enterVars(context);
    else state.context = context;
  }
  try {
    callback(arg);
  } catch (exc) {
    if (isBaseException(exc)) throw exc;
    new Handle(callback, 1, arg, undefined, context)._reportError(loop, exc);
  } finally {
    state.context = saved;
  }
}

/** A callback scheduled on a loop. Python: `asyncio.Handle`. */
export class Handle implements Runnable {
  /**
   * @internal null once cancelled: `cancel()` drops the callback and its arguments (Python: `_callback`
   * and `_args` become None), so that a cancelled timer waiting in the heap holds nothing alive
   */
  _callback: Callback | null;
  /**
   * @internal the number of arguments (beyond two, `_arg0` holds them all as an array), bitwise
   * inverted (negative) once cancelled: one field for both, as a burst of a million queued
   * callbacks is a workload we measure, and every field is 8 bytes of each
   */
  _nargs: number;
  /** @internal */ _arg0: unknown;
  /** @internal */ _arg1: unknown;
  /** @internal */ _context: ContextRef;

  /** @internal whether `cancel()` was called */
  get _cancelled(): boolean {
    return this._nargs < 0;
  }

  constructor(callback: Callback, nargs: number, arg0: unknown, arg1: unknown, context: ContextRef) {
    this._callback = callback;
    this._nargs = nargs;
    this._arg0 = arg0;
    this._arg1 = arg1;
    this._context = context;
  }

  /** @internal debug mode: where the handle was created */
  get _sourceTraceback(): string | null {
    return sourceTracebacks.get(this) ?? null;
  }
  /** @internal */
  set _sourceTraceback(value: string | null) {
    if (value === null) sourceTracebacks.delete(this);
    else sourceTracebacks.set(this, value);
  }

  /** Cancels the callback; idempotent. Python: `handle.cancel()`. */
  cancel(): void {
    if (this._nargs >= 0) {
      if (sourceTracebacks.has(this)) {
        // Debug mode keeps the repr with the callback and its arguments (for "Executing <Handle …>
        // took 2.5 seconds"), made once cancelled.
        this._nargs = ~this._nargs;
        cancelledReprs.set(this, this.toString());
      }
      this._nargs = ~0; // cancelled, with no arguments left
      this._callback = null;
      this._arg0 = undefined;
      this._arg1 = undefined;
    }
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** The context the callback runs in (a copy, for captured variables). Python: `handle.get_context()`. */
  getContext(): Context | null {
    const ctx = this._context;
    if (ctx === null || ctx instanceof Context) return ctx;
    return new Context(ctx);
  }

  /** @internal the arguments, as an array */
  _argList(): unknown[] {
    const n = this._nargs < 0 ? ~this._nargs : this._nargs;
    if (n === 0) return [];
    if (n === 1) return [this._arg0];
    if (n === 2) return [this._arg0, this._arg1];
    return this._arg0 as unknown[];
  }

  /** @internal runs the callback in its context and reports what it throws to `loop` */
  _run(loop: EventLoop): void {
    const ctx = this._context;
    const saved = state.context;
    if (ctx !== null) {
      if (ctx instanceof Map) enterVars(ctx);
      else state.context = ctx;
    }
    // Kept for the report: a callback that cancels its own handle drops them from it.
    const cb = this._callback as Callback; // null only once cancelled, and the loop skips those
    const nargs = this._nargs;
    const arg0 = this._arg0;
    const arg1 = this._arg1;
    try {
      switch (nargs) {
        case 0:
          cb();
          break;
        case 1:
          cb(arg0);
          break;
        case 2:
          cb(arg0, arg1);
          break;
        default:
          cb(...(arg0 as unknown[]));
      }
    } catch (exc) {
      // KeyboardInterrupt and SystemExit stop the loop (Python: Handle._run re-raises them).
      if (isBaseException(exc)) throw exc;
      const args = nargs === 0 ? [] : nargs === 1 ? [arg0] : nargs === 2 ? [arg0, arg1] : (arg0 as unknown[]);
      this._reportError(loop, exc, this._callback === null ? this._describe(cb, args) : undefined);
    } finally {
      state.context = saved;
    }
  }

  /** @internal reports what the callback threw, as Python's `Handle._run` does */
  _reportError(loop: EventLoop, exc: unknown, described?: string): void {
    const context: Record<string, unknown> = {
      message: `Exception in callback ${described ?? this._describeCallback()}`,
      exception: exc,
      handle: this,
    };
    // callExceptionHandler never throws: a handler that fails is itself reported, and logging
    // falls back to stderr. A callback's error is reported, never fatal to the loop.
    const tb = this._sourceTraceback;
    if (tb) context.sourceTraceback = tb;
    loop.callExceptionHandler(context);
  }

  /** @internal `cb(args)` as Python's `format_helpers._format_callback` shows it */
  _describeCallback(): string {
    return this._describe(this._callback, this._argList());
  }

  private _describe(cb: Callback | null, args: unknown[]): string {
    if (cb !== null && (cb as { [DESCRIBE_BY_FIRST_ARG]?: boolean })[DESCRIBE_BY_FIRST_ARG]) {
      return safeStr(args[0]);
    }
    return formatCallbackSource(cb, args);
  }

  /** @internal what slow-callback warnings name */
  _describeForLog(): string {
    const cb = this._callback;
    if ((cb as { [DESCRIBE_BY_FIRST_ARG]?: boolean })[DESCRIBE_BY_FIRST_ARG]) {
      return String(this._arg0);
    }
    return this.toString();
  }

  protected reprInfo(): string[] {
    const info: string[] = [];
    if (this._cancelled) info.push("cancelled");
    if (this._callback !== null) info.push(this._describeCallback());
    const tb = this._sourceTraceback;
    const created = tb ? createdAt(tb) : null;
    if (created !== null) info.push(created);
    return info;
  }

  toString(): string {
    return cancelledReprs.get(this) ?? `<${this.constructor.name} ${this.reprInfo().join(" ")}>`;
  }
}

/** A callback scheduled for a point in time. Python: `asyncio.TimerHandle`. */
export class TimerHandle extends Handle {
  /** @internal */ _when: number;
  /** @internal */ _seq: number;
  /** @internal whether the timer is in the loop's heap */
  _inHeap = false;
  /** @internal */ _loop: EventLoop;

  constructor(
    when: number,
    seq: number,
    callback: Callback,
    nargs: number,
    arg0: unknown,
    arg1: unknown,
    loop: EventLoop,
    context: ContextRef,
  ) {
    super(callback, nargs, arg0, arg1, context);
    this._when = when;
    this._seq = seq;
    this._loop = loop;
  }

  /** The absolute time, in loop seconds, the callback is due. Python: `timer.when()`. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled) {
      this._loop._timerHandleCancelled(this);
      super.cancel();
    }
  }

  protected override reprInfo(): string[] {
    const info = super.reprInfo();
    info.splice(this._cancelled ? 1 : 0, 0, `when=${this._when}`);
    return info;
  }
}
