const KW: unique symbol = Symbol("aio.logging.kw");

/** The keyword arguments of a log call. */
export interface LogKeywords {
  /**
   * An error to print after the message, as a traceback (Python: `exc_info=err`). `true` has no
   * "current exception" to mean in JavaScript and prints `NoneType: None`, as Python does outside
   * an `except`.
   */
  excInfo?: unknown;
  /** Adds the stack of the log call (Python: `stack_info=True`). */
  stackInfo?: boolean;
  /** Which caller the record names: 1 the caller of the log method, 2 its caller… */
  stacklevel?: number;
  /** More attributes for the record (`%(user)s` in a format). */
  extra?: Record<string, unknown>;
}

/** Marks the keyword arguments of a log call (its last argument). */
export interface Keywords extends LogKeywords {
  readonly [KW]: true;
}

/**
 * Keyword arguments for a log call, passed last: `logger.warning("slow: %s", url, kw({ stacklevel: 2 }))`.
 * Python: `logger.warning("slow: %s", url, stacklevel=2)`.
 */
export function kw(options: LogKeywords): Keywords {
  return { ...options, [KW]: true };
}

/** @internal the keywords `kw()` made, if the last argument is them */
export function splitKeywords(args: unknown[]): { args: unknown[]; kw: LogKeywords | null } {
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && (last as Partial<Keywords>)[KW] === true) {
    return { args: args.slice(0, -1), kw: last as Keywords };
  }
  return { args, kw: null };
}
