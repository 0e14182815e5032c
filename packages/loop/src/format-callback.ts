/**
 * A callback as asyncio's messages and reprs show it: `name(args) at file:line`.
 * Python: `asyncio.format_helpers._format_callback_source`.
 */
import { boundFunction, functionSource } from "./inspector.js";
import { repr } from "./repr.js";

type Fn = (...args: never[]) => unknown;

/**
 * `name(args)`; a bound function (Python's `functools.partial`) shows its target and bound arguments
 * first, then the call's: `noop(1, 2)(3)`. Python: `format_helpers._format_callback`.
 */
export function formatCallback(cb: unknown, args: readonly unknown[], suffix = ""): string {
  if (typeof cb === "function") {
    const bound = boundFunction(cb as Fn);
    if (bound !== null) return formatCallback(bound.target, bound.args, formatArgs(args) + suffix);
  }
  const name = (typeof cb === "function" && cb.name) || "<anonymous>";
  return `${name}${formatArgs(args)}${suffix}`;
}

/**
 * {@link formatCallback} and, for a function whose source V8 tells (through the inspector), where it
 * is defined: `noop(1, 2) at file.ts:12`. Python: `format_helpers._format_callback_source`.
 */
export function formatCallbackSource(cb: unknown, args: readonly unknown[]): string {
  const text = formatCallback(cb, args);
  const source = typeof cb === "function" ? functionSource(unbound(cb as Fn)) : null;
  return source === null ? text : `${text} at ${source}`;
}

function unbound(fn: Fn): Fn {
  for (let f = fn, i = 0; i < 16; i++) {
    const b = boundFunction(f);
    if (b === null) return f;
    f = b.target;
  }
  return fn;
}

function formatArgs(args: readonly unknown[]): string {
  return `(${args.map((a) => repr(a)).join(", ")})`;
}
