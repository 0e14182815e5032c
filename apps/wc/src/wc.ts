/**
 * wc on @aio/fs: lines, words and bytes of many files, counted concurrently with at most
 * `maxOpen` files open at once (a Semaphore), printed as GNU wc prints them.
 */
import { type OSError, open, os } from "@aio/fs";
import { Semaphore } from "@aio/sync";
import { type Coro, gather, isCancelledError, using } from "@aio/task";

/** What wc counts in one file. */
export interface Counts {
  lines: number;
  words: number;
  bytes: number;
}

/** One file's outcome: its counts (zeros for a directory), and the error wc prints, if any. */
export interface FileResult {
  name: string;
  counts: Counts | null;
  error: string | null;
}

/** Options of {@link wc}. */
export interface WcOptions {
  /** Files open at once (default 16). */
  maxOpen?: number;
}

/** What {@link wc} returns: each file's result, in order, and the most files that were open at once. */
export interface WcResult {
  files: FileResult[];
  total: Counts;
  /** Columns' width, as GNU wc computes it from the files' sizes. */
  width: number;
  peakOpen: number;
}

/** Bytes the C locale's isspace() accepts: space, \t, \n, \v, \f, \r. */
const SPACE = new Uint8Array(256);
for (const b of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) SPACE[b] = 1;

/**
 * Counts lines, words and bytes of one file, 64 KiB at a time (a word may span two reads). A word
 * is GNU wc's in the C locale: a run between spaces holding at least one printable character.
 */
export function* countFile(name: string): Coro<Counts> {
  return yield* using(open(name, "rb"), function* (f) {
    const counts: Counts = { lines: 0, words: 0, bytes: 0 };
    let inWord = false;
    for (;;) {
      const chunk = yield* f.read(65_536);
      if (chunk.length === 0) return counts;
      counts.bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i] as number;
        if (b > 0x20 && b < 0x7f) {
          if (!inWord) {
            inWord = true;
            counts.words++;
          }
        } else if (SPACE[b] === 1) {
          if (b === 0x0a) counts.lines++;
          inWord = false;
        }
        // Other bytes (controls; in the C locale every byte above 0x7e) are not printable: as in
        // GNU wc they neither start a word nor end one.
      }
    }
  });
}

/**
 * GNU wc's column width: the digits of the regular files' total size, at least 7 when any file is
 * not a regular one (a directory, a pipe).
 */
function* columnWidth(names: string[]): Coro<number> {
  let total = 0;
  let minimum = 1;
  for (const name of names) {
    try {
      const st = yield* os.stat(name);
      if (st.isFile()) total += st.size;
      else minimum = 7;
    } catch (err) {
      if (isCancelledError(err)) throw err;
      // a file that cannot be looked at does not count, as in wc
    }
  }
  return Math.max(String(total).length, minimum);
}

/** Counts every file in `names`, at most `maxOpen` at once; results come back in the given order. */
export function* wc(names: string[], options: WcOptions = {}): Coro<WcResult> {
  const maxOpen = options.maxOpen ?? 16;
  if (!Number.isInteger(maxOpen) || maxOpen < 1)
    throw new RangeError(`maxOpen must be a positive integer, got ${maxOpen}`);
  const width = yield* columnWidth(names);
  const slots = new Semaphore(maxOpen);
  let open = 0;
  let peakOpen = 0;
  function* one(name: string): Coro<FileResult> {
    return yield* using(slots, function* () {
      open++;
      peakOpen = Math.max(peakOpen, open);
      try {
        return { name, counts: yield* countFile(name), error: null };
      } catch (e) {
        const err = e as OSError;
        if (typeof err.strerror !== "string") throw e;
        // A directory opens in wc and fails on reading: it gets a line of zeros, and the error.
        const counts = err.errno === 21 ? { lines: 0, words: 0, bytes: 0 } : null;
        return { name, counts, error: `${name}: ${err.strerror}` };
      } finally {
        open--;
      }
    });
  }
  const files = yield* gather(...names.map(one));
  const total: Counts = { lines: 0, words: 0, bytes: 0 };
  for (const f of files) {
    if (f.counts === null) continue;
    total.lines += f.counts.lines;
    total.words += f.counts.words;
    total.bytes += f.counts.bytes;
  }
  return { files, total, width, peakOpen };
}

/** One output line: the counts right-aligned in `width` columns, then the name. */
export function formatLine(counts: Counts, width: number, name: string): string {
  const col = (n: number) => String(n).padStart(width);
  return `${col(counts.lines)} ${col(counts.words)} ${col(counts.bytes)} ${name}`;
}
