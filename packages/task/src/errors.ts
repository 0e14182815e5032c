/**
 * Python's `ExceptionGroup`, as an `AggregateError`: what a TaskGroup raises when children fail.
 */

/**
 * Several errors raised together. `message` is Python's `str(eg)`:
 * `unhandled errors in a TaskGroup (2 sub-exceptions)`; `exceptions` holds them in the order they
 * happened. Python: `ExceptionGroup(message, exceptions)`.
 */
export class ExceptionGroup extends AggregateError {
  override name = "ExceptionGroup";
  /** The message without the count. Python: `eg.message`. */
  readonly groupMessage: string;
  /** The errors. Python: `eg.exceptions`. */
  readonly exceptions: readonly unknown[];

  constructor(message: string, exceptions: readonly unknown[]) {
    if (typeof message !== "string")
      throw new TypeError(`ExceptionGroup message must be a string, got ${String(message)}`);
    if (!Array.isArray(exceptions) || exceptions.length === 0) {
      throw new RangeError("second argument (exceptions) must be a non-empty sequence");
    }
    const n = exceptions.length;
    super(exceptions, `${message} (${n} sub-exception${n === 1 ? "" : "s"})`);
    this.groupMessage = message;
    this.exceptions = [...exceptions];
  }

  /** The sub-group of errors matching `predicate` (or `null`). Python: `eg.subgroup(cond)`. */
  subgroup(predicate: (err: unknown) => boolean): ExceptionGroup | null {
    const [match] = this.split(predicate);
    return match;
  }

  /** Splits into `[matching, rest]` groups. Python: `eg.split(cond)`. */
  split(predicate: (err: unknown) => boolean): [ExceptionGroup | null, ExceptionGroup | null] {
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup) {
        const [m, r] = e.split(predicate);
        if (m) match.push(m);
        if (r) rest.push(r);
      } else (predicate(e) ? match : rest).push(e);
    }
    return [
      match.length ? new ExceptionGroup(this.groupMessage, match) : null,
      rest.length ? new ExceptionGroup(this.groupMessage, rest) : null,
    ];
  }

  get args(): unknown[] {
    return [this.groupMessage, [...this.exceptions]];
  }
}
