/**
 * Helpers for the differential programs: Python's print, and Python-style values that make the
 * TypeScript side print exactly what the Python side prints.
 */
import { repr, str } from "@aio/loop";

/** Python's `print(*args)`: the arguments' `str()`, separated by spaces. */
export type Print = (...args: unknown[]) => void;

/** Makes a Print that collects lines. */
export function collector(): { print: Print; lines: string[] } {
  const lines: string[] = [];
  return { lines, print: (...args: unknown[]) => lines.push(args.map((a) => str(a)).join(" ")) };
}

/** Python's `str(bool)`. */
export function py(b: boolean): string {
  return b ? "True" : "False";
}

/** Python's repr of a tuple. */
export function tuple(items: readonly unknown[]): string {
  if (items.length === 1) return `(${repr(items[0])},)`;
  return `(${items.map((i) => repr(i)).join(", ")})`;
}

/** Python's ValueError, for programs that raise one (the library itself raises RangeError). */
export class ValueError extends Error {
  override name = "ValueError";
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    super(args.length ? String(args[0]) : "");
    this.args = args;
  }
}
