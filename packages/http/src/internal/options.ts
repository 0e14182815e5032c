/**
 * Options objects are checked, not skimmed: a key the callee does not know is a TypeError naming
 * it, in Python's words for an unknown keyword argument (aiohttp never drops one silently either).
 */
import { repr } from "@aio/loop";

/** Throws `TypeError: <fn>() got an unexpected keyword argument '<key>'` for a key not in `known`. */
export function checkKeys(options: object, known: ReadonlySet<string>, fn: string): void {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`${fn}() got an unexpected keyword argument ${repr(key)}`);
  }
}
