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
export function formatCallback(cb: unknown, args: readonly unknown[]): string {
  return unwrap(cb, args).text;
}

/**
 * {@link formatCallback} and, for a function whose source V8 tells (through the inspector), where it
 * is defined (a bound function's target's): `noop(1, 2) at file.ts:12`.
 * Python: `format_helpers._format_callback_source`.
 */
export function formatCallbackSource(cb: unknown, args: readonly unknown[]): string {
  const { fn, text } = unwrap(cb, args);
  const source = typeof fn === "function" ? functionSource(fn as Fn) : null;
  return source === null ? text : `${text} at ${source}`;
}

/** The function under any bound ones, and the text of the call (bound arguments first). */
function unwrap(cb: unknown, args: readonly unknown[]): { fn: unknown; text: string } {
  let fn = cb;
  let callArgs = args;
  let suffix = "";
  for (let depth = 0; typeof fn === "function" && depth < 16; depth++) {
    const bound = boundFunction(fn as Fn);
    if (bound === null) break;
    suffix = formatArgs(callArgs) + suffix;
    fn = bound.target;
    callArgs = bound.args;
  }
  const name = (typeof fn === "function" && fn.name) || "<anonymous>";
  return { fn, text: `${name}${formatArgs(callArgs)}${suffix}` };
}

function formatArgs(args: readonly unknown[]): string {
  return `(${args.map((a) => repr(a)).join(", ")})`;
}

/** `file:line` of a V8 stack frame (`at fn (file:///app/a.ts:3:7)` → `/app/a.ts:3`), or null. */
export function frameFileLine(frame: string): string | null {
  const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?\s*$/.exec(frame);
  return m ? `${(m[1] as string).replace(/^file:\/\//, "")}:${m[2]}` : null;
}
