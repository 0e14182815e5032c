/**
 * `writeAtomic()`: replace a file's contents so that no reader ever sees a half-written file and a
 * crash leaves either the old file or the new one. Not in aiofiles; what its users hand-roll.
 */
import { randomBytes } from "node:crypto";
import * as fsp from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type Coro, ensureFuture } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { type BytesLike, bytesOf } from "./binary-file.js";
import { checkErrorHandler, encodeError, lookupCodec } from "./codecs.js";
import { WRITE_CHUNK } from "./core.js";
import { osError, type PathLike } from "./errors.js";
import { checkPath } from "./open.js";
import { TEXT_PIECE, textPieces } from "./text-file.js";

/**
 * Steps of an atomic write: bytes per write call, UTF-16 units of text encoded at once. Larger than
 * a file's ({@link WRITE_CHUNK}, {@link TEXT_PIECE}): nothing is written behind, no one's steps
 * interleave with these, and each step is a round trip through the loop, which costs most when
 * the loop is busy. Encoding 1 Mi units takes a few milliseconds at most; a cancellation removes
 * the temporary file once the write call in flight (4 MiB at most) landed.
 */
const ATOMIC_WRITE = 4 * WRITE_CHUNK;
const ATOMIC_PIECE = 4 * TEXT_PIECE;

/** Options of {@link writeAtomic}. */
export interface WriteAtomicOptions {
  /** The encoding of text data (default UTF-8). */
  encoding?: string;
  /** What to do with characters the encoding cannot take (default `strict`: raise, write nothing). */
  errors?: string;
  /** Permission bits of a new file (default 0o666 less the umask; an existing file keeps its own). */
  mode?: number;
  /** Wait for the bytes to reach the disk before the rename, and for the rename after it (default true). */
  fsync?: boolean;
}

/**
 * Writes `data` (text or bytes) to `path` atomically: into a temporary file in the same directory,
 * flushed to disk, then renamed over `path`. Readers see the old contents or the new, never a
 * mix; a failure or a cancellation before the rename removes the temporary file and leaves `path`
 * as it was. Resolves to the number of bytes written.
 * @example
 * yield* writeAtomic("config.json", JSON.stringify(config));
 */
export function* writeAtomic(
  path: PathLike,
  data: string | BytesLike,
  options: WriteAtomicOptions = {},
): Coro<number> {
  checkPath(path);
  let content: Uint8Array | (() => Iterable<Uint8Array>);
  if (typeof data === "string") {
    const codec = lookupCodec(options.encoding ?? "utf-8");
    const errors = checkErrorHandler(options.errors ?? "strict");
    const encoder = codec.newEncoder(errors);
    // A long text is encoded a piece at a time, as it is written (an error removes the temporary).
    content =
      data.length <= ATOMIC_PIECE
        ? encoder.encode(data)
        : function* () {
            for (const piece of textPieces([data], ATOMIC_PIECE)) {
              if (errors === "strict" && !codec.encodable(piece)) throw encodeError(codec, data);
              yield encoder.encode(piece);
            }
          };
  } else content = bytesOf(data);
  const target = String(path instanceof URL ? decodeURIComponent(path.pathname) : path);
  try {
    return yield* ensureFuture((signal) => replaceFile(target, content, options, signal));
  } catch (err) {
    throw osError(err, path);
  }
}

async function replaceFile(
  target: string,
  content: Uint8Array | (() => Iterable<Uint8Array>),
  options: WriteAtomicOptions,
  signal: AbortSignal,
): Promise<number> {
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const existing = await fsp.stat(target).then(
    (s) => s.mode & 0o7777,
    () => null,
  );
  const sync = options.fsync !== false;
  const handle = await fsp.open(temp, "wx", options.mode ?? existing ?? 0o666);
  let renamed = false;
  let written = 0;
  try {
    try {
      // A chunk per call: a cancellation stops the write within one.
      for (const bytes of typeof content === "function" ? content() : [content]) {
        for (let done = 0; done < bytes.length; ) {
          signal.throwIfAborted();
          const n = Math.min(bytes.length - done, ATOMIC_WRITE);
          done += (await handle.write(bytes, done, n)).bytesWritten;
        }
        written += bytes.length;
      }
      // The umask must not narrow the mode an existing file had.
      if (options.mode === undefined && existing !== null) await handle.chmod(existing);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    signal.throwIfAborted();
    await fsp.rename(temp, target);
    renamed = true;
  } finally {
    if (!renamed) await fsp.unlink(temp).catch(() => {});
  }
  if (sync) {
    // The rename itself is durable once the directory is.
    const d = await fsp.open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }
  return written;
}

refuseAwait(writeAtomic, "writeAtomic");
