/**
 * Python's `ExceptionGroup`, as an `AggregateError`: what a TaskGroup raises when children fail.
 */
import { repr } from "@aio/loop";

// biome-ignore lint/suspicious/noExplicitAny: any error class, whatever its constructor takes
type ErrorClass<E> = abstract new (...args: any[]) => E;

/**
 * What selects the errors of a group: an error class, several, or a predicate, as Python's
 * `eg.split(ValueError)`, `eg.split((ValueError, TypeError))`, `eg.split(lambda e: …)`.
 */
export type ErrorMatcher<E> = ErrorClass<E> | readonly ErrorClass<E>[] | ((err: unknown) => boolean);

function matcher<E>(condition: ErrorMatcher<E>): (err: unknown) => boolean {
  if (Array.isArray(condition)) {
    const classes = condition as readonly ErrorClass<E>[];
    return (err) => classes.some((c) => err instanceof c);
  }
  if (typeof condition === "function") {
    const fn = condition as ErrorClass<E> | ((err: unknown) => boolean);
    // A class (it has a prototype that errors inherit from) or a predicate.
    if (typeof fn.prototype === "object" && fn.prototype !== null && fn.prototype instanceof Error) {
      return (err) => err instanceof (fn as ErrorClass<E>);
    }
    if ((fn as unknown) === Error) return (err) => err instanceof Error;
    return fn as (err: unknown) => boolean;
  }
  throw new TypeError(`expected an error class, a list of classes or a predicate, got ${repr(condition)}`);
}

/**
 * Several errors raised together. `message` is Python's `str(eg)`:
 * `unhandled errors in a TaskGroup (2 sub-exceptions)`; `exceptions` holds them in the order they
 * happened (nested groups included). Python: `ExceptionGroup(message, exceptions)`.
 */
export class ExceptionGroup<E = unknown> extends AggregateError {
  override name = "ExceptionGroup";
  /** The message without the count. Python: `eg.message`. */
  readonly groupMessage: string;
  /** The errors. Python: `eg.exceptions`. */
  readonly exceptions: readonly (E | ExceptionGroup<E>)[];

  constructor(message: string, exceptions: readonly (E | ExceptionGroup<E>)[]) {
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

  /**
   * The sub-group of the errors that match (nested groups kept), or `null`.
   * Python: `eg.subgroup(ValueError)`, `eg.subgroup((A, B))`, `eg.subgroup(predicate)`.
   */
  subgroup(condition: (err: unknown) => boolean): ExceptionGroup<E> | null;
  subgroup<M>(condition: ErrorClass<M> | readonly ErrorClass<M>[]): ExceptionGroup<M> | null;
  subgroup(condition: ErrorMatcher<unknown>): ExceptionGroup<unknown> | null {
    const [match] = this.split(condition as (err: unknown) => boolean);
    return match;
  }

  /**
   * Splits into `[matching, rest]` groups (either may be `null`), nested groups split alike.
   * Python: `eg.split(ValueError)`, `eg.split((A, B))`, `eg.split(predicate)`.
   */
  split(condition: (err: unknown) => boolean): [ExceptionGroup<E> | null, ExceptionGroup<E> | null];
  split<M>(
    condition: ErrorClass<M> | readonly ErrorClass<M>[],
  ): [ExceptionGroup<M> | null, ExceptionGroup<E> | null];
  split(condition: ErrorMatcher<unknown>): [ExceptionGroup<unknown> | null, ExceptionGroup<E> | null] {
    const test = matcher(condition);
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup) {
        const [m, r] = (e as ExceptionGroup<E>).split(test);
        if (m) match.push(m);
        if (r) rest.push(r);
      } else (test(e) ? match : rest).push(e);
    }
    return [
      match.length ? new ExceptionGroup(this.groupMessage, match) : null,
      rest.length ? new ExceptionGroup(this.groupMessage, rest as E[]) : null,
    ];
  }

  get args(): unknown[] {
    return [this.groupMessage, [...this.exceptions]];
  }
}
