/**
 * `writeAtomic()`: replace a file's contents so that no reader ever sees a half-written file and a
 * crash leaves either the old file or the new one. Not in aiofiles; what its users hand-roll.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { hostname } from "node:os";
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
  encoding?: string | undefined;
  /** What to do with characters the encoding cannot take (default `strict`: raise, write nothing). */
  errors?: string | undefined;
  /** Permission bits of a new file (default 0o666 less the umask; an existing file keeps its own). */
  mode?: number | undefined;
  /** Wait for the bytes to reach the disk before the rename, and for the rename after it (default true). */
  fsync?: boolean | undefined;
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
              if (encodeError(codec, piece, errors) !== null) throw encodeError(codec, data, errors);
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
  const stem = tempStem(basename(target));
  const temp = join(dir, `.${stem}.${await writerTag()}.${randomBytes(6).toString("hex")}.tmp`);
  inFlight.add(temp);
  // Litter of earlier writes to this file is removed meanwhile (never failing this one).
  const cleaning = removeStale(dir, stem).catch(() => []);
  try {
    return await writeAndRename(dir, temp, target, content, options, signal);
  } finally {
    inFlight.delete(temp);
    await cleaning;
  }
}

async function writeAndRename(
  dir: string,
  temp: string,
  target: string,
  content: Uint8Array | (() => Iterable<Uint8Array>),
  options: WriteAtomicOptions,
  signal: AbortSignal,
): Promise<number> {
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

// --- stale temporaries ---------------------------------------------------------------------------
//
// A temporary is named `.<file>.<tag>-<pid>-<thread>.<random>.tmp`: the writer's machine (tag), its
// process and its thread. A process killed mid-write (SIGKILL, a crash, a power cut) leaves it
// behind; later writes to the same file (and removeStaleTemps) recognise and remove it:
// - the tag is another machine's, PID namespace's or boot's: its PID means nothing here, so it is
//   removed only once it has not been written for an hour;
// - the PID is this process's: removed if the thread is this one and the write is not in flight
//   (another worker thread's is left alone while this process lives);
// - another PID: removed if no such process exists (ESRCH), left alone if one does (a live writer,
//   even a stopped one; a PID reused by an unrelated process keeps it until that process ends);
// - an earlier version's name, `.<file>.<random>.tmp` (no writer known): removed once an hour old.

/**
 * This thread's temporaries being written now (full paths): never stale. One set per thread even
 * if two copies of this package are loaded (each would take the other's for litter).
 */
const inFlight: Set<string> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for("@aio/fs:writeAtomic.inFlight")
] ??= new Set<string>()) as Set<string>;

/** Temporaries of unknown or foreign writers are removed once their last write is this old (1 h). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** Bytes of a file name kept in its temporaries' names; a longer one is replaced by its hash. */
const MAX_STEM = 160;

const NEW_NAME = /^([0-9a-f]{8})-(\d{1,10})-(\d{1,10})\.[0-9a-f]{12}\.tmp$/;
const OLD_NAME = /^[0-9a-f]{12}\.tmp$/;

/** The part of temporary names that names the file (names stay within the usual 255 bytes). */
function tempStem(base: string): string {
  if (Buffer.byteLength(base) <= MAX_STEM) return base;
  return createHash("sha256").update(base).digest("hex").slice(0, 32);
}

let machine: string | null = null;

/**
 * A hash of the host name, the PID namespace and the boot (read once): a PID in a temporary's name
 * is a process here only if its tag is this one (not on a shared disk's other machine, in another
 * container, or before a reboot).
 */
function machineTag(): string {
  if (machine === null) {
    const parts = [hostname()];
    for (const read of [
      () => readlinkSync("/proc/self/ns/pid"),
      () => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
    ]) {
      try {
        parts.push(read());
      } catch {
        parts.push(""); // not Linux
      }
    }
    machine = createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 8);
  }
  return machine;
}

let thread: number | null = null;

/**
 * This thread's id (0: the main thread), from `node:worker_threads`, loaded at the first atomic
 * write rather than with this package (a program that does not use it does not load it).
 */
async function threadId(): Promise<number> {
  thread ??= (await import("node:worker_threads")).threadId;
  return thread;
}

/** `<tag>-<pid>-<thread>`: who writes a temporary. */
async function writerTag(): Promise<string> {
  return `${machineTag()}-${process.pid}-${await threadId()}`;
}

/** Whether a process with this PID exists (EPERM: it does, someone else's). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Whether the temporary named `rest` (after `.<file>.`) is stale now: yes, no, or "by its age". */
function verdict(rest: string, thread: number): boolean | "age" {
  if (OLD_NAME.test(rest)) return "age";
  const m = NEW_NAME.exec(rest);
  if (m === null) return false;
  const pid = Number(m[2]);
  if (m[1] !== machineTag() || !Number.isSafeInteger(pid) || pid <= 0) return "age";
  if (pid === process.pid) return Number(m[3]) === thread;
  return !processExists(pid);
}

/**
 * Removes the stale temporaries in `dir` of the file whose stem is `stem`, or of every file
 * (`null`). Returns the names removed; a temporary that cannot be removed is left (never an error).
 */
async function removeStale(dir: string, stem: string | null): Promise<string[]> {
  const names = await fsp.readdir(dir);
  const thread = await threadId();
  const present = stem === null ? new Set(names) : null;
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(".") || !name.endsWith(".tmp")) continue;
    let rest: string;
    if (stem !== null) {
      if (!name.startsWith(`.${stem}.`)) continue;
      rest = name.slice(stem.length + 2);
    } else {
      // The last two dot-separated parts before .tmp: writer and random (or just random, old names).
      const m = /\.([0-9a-f]{8}-\d{1,10}-\d{1,10}\.[0-9a-f]{12}\.tmp|[0-9a-f]{12}\.tmp)$/.exec(name);
      if (m === null || m.index < 2) continue;
      rest = m[1] as string;
      // An old name is taken for one of ours only beside the file it was for.
      if (OLD_NAME.test(rest) && !(present as Set<string>).has(name.slice(1, m.index))) continue;
    }
    const path = join(dir, name);
    if (inFlight.has(path)) continue;
    let stale = verdict(rest, thread);
    if (stale === "age") {
      const st = await fsp.lstat(path).catch(() => null);
      stale = st?.isFile() === true && Date.now() - st.mtimeMs > STALE_AFTER_MS;
    }
    if (stale && !inFlight.has(path)) {
      const gone = await fsp.unlink(path).then(
        () => true,
        () => false, // not ours to remove after all (EACCES, EPERM), or gone already
      );
      if (gone) removed.push(name);
    }
  }
  return removed;
}

/**
 * Removes the temporary files that {@link writeAtomic} calls left in `dir` when their process died
 * mid-write (SIGKILL, a crash, a power cut), and returns their names. `writeAtomic` does this for
 * the file it writes, each time; this cleans a whole directory, at startup say. Temporaries of
 * live writers (another process, even a stopped one; this one's writes in flight) are left alone,
 * as are those of writers on another machine (a shared directory) or of an earlier version, until
 * they are an hour old. A temporary that cannot be removed is skipped; an error reading `dir` is
 * raised (Python's `OSError`).
 * @example
 * const removed = yield* removeStaleTemps("data");
 */
export function* removeStaleTemps(dir: PathLike): Coro<string[]> {
  checkPath(dir);
  const path = String(dir instanceof URL ? decodeURIComponent(dir.pathname) : dir);
  try {
    return yield* ensureFuture(() => removeStale(path, null));
  } catch (err) {
    throw osError(err, dir);
  }
}

refuseAwait(writeAtomic, "writeAtomic");
refuseAwait(removeStaleTemps, "removeStaleTemps");
