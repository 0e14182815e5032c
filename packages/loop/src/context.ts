/**
 * Python's `contextvars` for the event loop: every callback runs in a Context, every Task in a copy
 * of the context it was created in. Request ids and loggers rely on this.
 *
 * A Context holds an immutable Map that is replaced, never mutated, on `set`, so `copy()` is O(1).
 */

import { state } from "./internal/state.js";
import { repr } from "./repr.js";

const MISSING: unique symbol = Symbol("MISSING");

/** The variables of a context: an immutable Map, replaced (never mutated) by `ContextVar.set`. */
export type ContextVars = Map<ContextVar<unknown>, unknown>;

/** An immutable snapshot of context variables. Python: `contextvars.Context`. */
export class Context {
  /** @internal */
  _vars: ContextVars;
  /** @internal */
  _entered = false;
  /**
   * @internal the loop's scratch context: callbacks run in it with the variables captured when they
   * were scheduled; it is copied as soon as a callback sets a variable or asks for its context.
   */
  _scratch = false;

  constructor(vars?: Map<ContextVar<unknown>, unknown>) {
    this._vars = vars ?? new Map();
  }

  /**
   * Runs `fn(...args)` with this context as the current one, then restores the previous context.
   * Python: `ctx.run(fn, *args)`.
   */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    if (this._entered) {
      throw new Error(`cannot enter context: ${this} is already entered`);
    }
    const saved = state.context;
    this._entered = true;
    state.context = this;
    try {
      return fn(...args);
    } finally {
      state.context = saved;
      this._entered = false;
    }
  }

  /** A shallow copy sharing the current values. Python: `ctx.copy()`. */
  copy(): Context {
    return new Context(this._vars);
  }

  /** The value of `v` in this context, or `defaultValue`. Python: `ctx.get(var, default)`. */
  get<T>(v: ContextVar<T>, defaultValue?: T): T | undefined {
    return this._vars.has(v as ContextVar<unknown>)
      ? (this._vars.get(v as ContextVar<unknown>) as T)
      : defaultValue;
  }

  /** Whether `v` has a value in this context. Python: `var in ctx`. */
  has(v: ContextVar<unknown>): boolean {
    return this._vars.has(v);
  }

  /** Number of variables set in this context. Python: `len(ctx)`. */
  get size(): number {
    return this._vars.size;
  }

  /** The variables and their values. Python: `ctx.items()`. */
  entries(): IterableIterator<[ContextVar<unknown>, unknown]> {
    return this._vars.entries();
  }

  toString(): string {
    return "<Context>";
  }
}

const EMPTY: ContextVars = new Map();

/** The context current code runs in. Python: `contextvars.copy_context()` copies it. */
export function currentContext(): Context {
  let ctx = state.context;
  if (ctx === null || ctx._scratch) {
    // A callback's scratch context becomes a context of its own once someone holds it.
    ctx = new Context(ctx === null ? undefined : ctx._vars);
    state.context = ctx;
  }
  return ctx;
}

/** the current variables, without allocating: what a scheduled callback captures. */
export function currentVars(): ContextVars {
  const ctx = state.context;
  return ctx === null ? EMPTY : ctx._vars;
}

const scratch = new Context();
scratch._scratch = true;

/**
 * runs `fn` with `vars` as the current variables, in the scratch context (no allocation
 * unless `fn` sets a variable). The caller restores `state.context` afterwards.
 */
export function enterVars(vars: ContextVars): void {
  scratch._vars = vars;
  state.context = scratch;
}

/** A copy of the current context. Python: `contextvars.copy_context()`. */
export function copyContext(): Context {
  return new Context(currentVars());
}

/** Returned by `ContextVar.set`, used to undo it with `reset`. Python: `contextvars.Token`. */
export class Token<T> {
  /** @internal */
  _used = false;
  constructor(
    /** The variable this token belongs to. */
    readonly variable: ContextVar<T>,
    /** The value before `set`, or `Token.MISSING`. */
    readonly oldValue: T | typeof MISSING,
    /** @internal */
    readonly _context: Context,
  ) {}

  /** Marks "there was no value" in `oldValue`. */
  static readonly MISSING = MISSING;

  /** Python's repr: `<Token used var=<ContextVar name='v'>>`. */
  toString(): string {
    return `<Token${this._used ? " used" : ""} var=${this.variable}>`;
  }
}

/**
 * A context variable. Python: `contextvars.ContextVar`.
 * @example
 * const requestId = new ContextVar<string>("requestId", { default: "-" });
 * requestId.set("abc"); requestId.get(); // "abc"
 */
export class ContextVar<T> {
  readonly name: string;
  private readonly hasDefault: boolean;
  private readonly defaultValue: T | undefined;

  constructor(name: string, options?: { default?: T }) {
    if (typeof name !== "string") {
      throw new TypeError(`context variable name must be a str, not ${repr(name)}`);
    }
    this.name = name;
    this.hasDefault = options !== undefined && "default" in options;
    this.defaultValue = options?.default;
  }

  /**
   * The value in the current context. Without a value and without a default, throws a
   * `LookupError`-like `Error` naming the variable (Python raises `LookupError`).
   */
  get(...fallback: [defaultValue?: T]): T {
    const vars = currentVars() as Map<ContextVar<T>, T>;
    if (vars.has(this)) return vars.get(this) as T;
    if (fallback.length > 0) return fallback[0] as T;
    if (this.hasDefault) return this.defaultValue as T;
    throw new LookupError(`<ContextVar name=${repr(this.name)}>`);
  }

  /** Sets the value in the current context and returns a token for `reset`. */
  set(value: T): Token<T> {
    const ctx = currentContext();
    const old = ctx._vars.has(this as ContextVar<unknown>)
      ? (ctx._vars.get(this as ContextVar<unknown>) as T)
      : MISSING;
    const next = new Map(ctx._vars);
    next.set(this as ContextVar<unknown>, value);
    ctx._vars = next;
    return new Token<T>(this, old, ctx);
  }

  /** Restores the value the variable had before the `set` that returned `token`. */
  reset(token: Token<T>): void {
    if (token.variable !== this) {
      throw new RangeError(`${token} was created by a different ContextVar`);
    }
    if (token._used) throw new Error(`${token} has already been used once`);
    const ctx = currentContext();
    if (token._context !== ctx) throw new RangeError(`${token} was created in a different Context`);
    token._used = true;
    const next = new Map(ctx._vars);
    if (token.oldValue === MISSING) next.delete(this as ContextVar<unknown>);
    else next.set(this as ContextVar<unknown>, token.oldValue);
    ctx._vars = next;
  }

  toString(): string {
    return `<ContextVar name=${repr(this.name)}>`;
  }
}

/** Raised when a context variable has no value. Python: `LookupError`. */
export class LookupError extends Error {
  override name = "LookupError";
}
