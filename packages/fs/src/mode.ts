/**
 * `open()`'s mode string, checked as Python checks it, with Python's messages.
 */
import { repr, typeName } from "@aio/loop";

/** What a mode string asks for. */
export interface ParsedMode {
  readable: boolean;
  writable: boolean;
  append: boolean;
  binary: boolean;
  /** Node's flags for `fs.open`: `r`, `r+`, `w`, `w+`, `a`, `a+`, `wx`, `wx+`. */
  flags: string;
}

/**
 * Parses `r`, `w`, `a`, `x` with optional `+` and `b`/`t`, in any order.
 * @example parseMode("rb+") // { readable: true, writable: true, binary: true, flags: "r+", … }
 */
export function parseMode(mode: unknown): ParsedMode {
  if (typeof mode !== "string")
    throw new TypeError(`open() argument 'mode' must be str, not ${typeName(mode)}`);
  const chars = new Set(mode);
  if (chars.size !== mode.length || [...chars].some((c) => !"axrwb+t".includes(c))) {
    throw new RangeError(`invalid mode: ${repr(mode)}`);
  }
  const creating = chars.has("x");
  const reading = chars.has("r");
  const writing = chars.has("w");
  const appending = chars.has("a");
  const updating = chars.has("+");
  const binary = chars.has("b");
  if (chars.has("t") && binary) throw new RangeError("can't have text and binary mode at once");
  const kinds = Number(creating) + Number(reading) + Number(writing) + Number(appending);
  if (kinds > 1) throw new RangeError("must have exactly one of create/read/write/append mode");
  if (kinds === 0) {
    throw new RangeError("Must have exactly one of create/read/write/append mode and at most one plus");
  }
  const plus = updating ? "+" : "";
  const flags = reading ? `r${plus}` : writing ? `w${plus}` : appending ? `a${plus}` : `wx${plus}`;
  return { readable: reading || updating, writable: !reading || updating, append: appending, binary, flags };
}
