/**
 * `open()`: Python's `aiofiles.open`, an opener that is both an async context manager and
 * awaitable (in coroutines with `yield*`, in Promise code with `await`).
 */

import { type FileHandle, open as openHandle } from "node:fs/promises";
import { typeName, warn } from "@aio/loop";
import { type AsyncContextManager, type Coro, fromPromise } from "@aio/task";
import { BinaryFile } from "./binary-file.js";
import { checkErrorHandler, lookupCodec } from "./codecs.js";
import { DEFAULT_BUFFER_SIZE, FileCore, type RawHandle } from "./core.js";
import { ERRNO } from "./errno.js";
import { OSError, osError, type PathLike } from "./errors.js";
import type { AsyncFile } from "./file.js";
import { type ParsedMode, parseMode } from "./mode.js";
import { type Newline, TextFile, type TextSettings } from "./text-file.js";

/** Modes that open a binary file: any with `b` (`rb`, `wb`, `ab`, `xb`, `r+b`, `rb+`…). */
export type BinaryMode = `${string}b${string}`;

/** The usual text modes (`t` is allowed too, and the letters in any order). */
export type TextMode =
  | "r"
  | "w"
  | "a"
  | "x"
  | "r+"
  | "w+"
  | "a+"
  | "x+"
  | "rt"
  | "wt"
  | "at"
  | "xt"
  | "r+t"
  | "w+t"
  | "a+t"
  | "x+t";

/** Options of {@link open}. Python: `open()`'s keyword arguments. */
export interface OpenOptions {
  /**
   * Buffer size in bytes: -1 for the default (64 KiB), 0 for none (binary only), 1 for line
   * buffering (text only: each write with a newline is flushed).
   */
  buffering?: number | undefined;
}

/** Options of {@link open} in text mode. */
export interface TextOpenOptions extends OpenOptions {
  /** The text encoding (default UTF-8): `utf-8`, `utf-8-sig`, `utf-16`, `utf-16-le`, `utf-16-be`, `latin-1`, `ascii`. */
  encoding?: string | null | undefined;
  /** What to do with bytes (or characters) the encoding cannot take: `strict` (default), `replace`, `ignore`. */
  errors?: string | null | undefined;
  /**
   * Line endings: `null` (default) reads `\n`, `\r\n` and `\r` as `\n` and writes `\n`; `""` splits
   * lines at any of them without translating; `"\n"`, `"\r"` or `"\r\n"` split at that one and
   * translate `\n` to it on writing.
   */
  newline?: string | null | undefined;
}

/**
 * The result of {@link open}: `yield* using(open(p), function* (f) {…})` opens the file and closes
 * it when the body ends (also on error or cancellation); `yield* open(p)` (in a coroutine) or
 * `await open(p)` (in Promise code) returns the open file, to close yourself. Python:
 * `async with aiofiles.open(p) as f:` and `f = await aiofiles.open(p)`.
 */
export class FileOpener<F extends AsyncFile<string> | AsyncFile<Buffer>>
  implements AsyncContextManager<F>, PromiseLike<F>
{
  readonly #open: () => Coro<F>;
  readonly #openNow: () => Promise<F>;
  #file: F | null = null;

  /** @internal */
  constructor(open: () => Coro<F>, openNow: () => Promise<F>) {
    this.#open = open;
    this.#openNow = openNow;
  }

  /** Opens the file. */
  *aenter(): Coro<F> {
    const file = yield* this.#open();
    this.#file = file;
    return file;
  }

  /** Closes the file. */
  *aexit(): Coro<boolean> {
    const file = this.#file;
    this.#file = null;
    if (file !== null) yield* file.close();
    return false;
  }

  /** `yield* open(p)`: opens the file, in a coroutine. */
  [Symbol.iterator](): Coro<F> {
    return this.#open();
  }

  /** `await open(p)`: opens the file, in Promise code. */
  then<R1 = F, R2 = never>(
    onfulfilled?: ((file: F) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#openNow().then(onfulfilled, onrejected);
  }
}

/**
 * Opens a file, as aiofiles does: binary modes (with `b`) give a {@link BinaryFile} of Buffers,
 * the others a {@link TextFile} of strings. Python: `aiofiles.open(file, mode="r", …)`.
 * @example
 * yield* using(open("hello.txt", "w"), function* (f) {
 *   yield* f.write("Hello, World!\n");
 * });
 * const text = yield* using(open("hello.txt"), (f) => f.read());
 */
export function open(file: PathLike, mode: BinaryMode, options?: OpenOptions): FileOpener<BinaryFile>;
export function open(file: PathLike, mode?: TextMode, options?: TextOpenOptions): FileOpener<TextFile>;
export function open(
  file: PathLike,
  mode: string,
  options?: TextOpenOptions,
): FileOpener<TextFile | BinaryFile>;
export function open(
  file: PathLike,
  mode = "r",
  options: TextOpenOptions = {},
): FileOpener<TextFile> | FileOpener<BinaryFile> | FileOpener<TextFile | BinaryFile> {
  return opener(file, mode, options);
}

/** How tempfile and friends open files beyond what `open()` offers. */
export interface OpenHow {
  /** Node's open flags instead of the mode's (`wx+` for a new temp file). */
  flags?: string;
  /** Permission bits of a created file (default 0o666, less the umask). */
  perm?: number;
  /** Opens something else than a file on disk (a spooled temporary file's memory). */
  raw?: () => Promise<RawHandle>;
  /** Called with the core once open (close hooks). */
  setup?: (core: FileCore) => void;
  /** Makes the file object (a subclass of BinaryFile or TextFile). */
  binary?: (core: FileCore, mode: string) => BinaryFile;
  text?: (core: FileCore, mode: string, settings: TextSettings) => TextFile;
}

/** `open()` with the extras of {@link OpenHow}. */
export function opener(
  file: PathLike,
  mode: string,
  options: TextOpenOptions = {},
  how: OpenHow = {},
): FileOpener<TextFile> | FileOpener<BinaryFile> {
  checkPath(file);
  const parsed = parseMode(mode);
  const { encoding = null, errors = null, newline = null } = options ?? {};
  let buffering = options?.buffering ?? -1;
  if (typeof buffering !== "number" || !Number.isInteger(buffering)) {
    throw new TypeError(`'${typeName(buffering)}' object cannot be interpreted as an integer`);
  }
  if (parsed.binary) {
    if (encoding !== null) throw new RangeError("binary mode doesn't take an encoding argument");
    if (errors !== null) throw new RangeError("binary mode doesn't take an errors argument");
    if (newline !== null) throw new RangeError("binary mode doesn't take a newline argument");
    if (buffering === 1) {
      warn(
        "RuntimeWarning",
        "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
      );
      buffering = -1;
    }
    const size = buffering < 0 ? DEFAULT_BUFFER_SIZE : buffering;
    const make = (core: FileCore): BinaryFile => (how.binary ?? ((c, m) => new BinaryFile(c, m)))(core, mode);
    return new FileOpener(
      () => openCoroutine(file, parsed, size, how, make),
      () => openCore(file, parsed, size, how).then(make),
    );
  }
  if (buffering === 0) throw new RangeError("can't have unbuffered text I/O");
  const settings: TextSettings = {
    codec: lookupCodec(encoding ?? "utf-8"),
    encoding: encoding ?? "UTF-8",
    errors: checkErrorHandler(errors ?? "strict"),
    newline: checkNewline(newline),
    lineBuffering: buffering === 1,
  };
  const size = buffering <= 1 ? DEFAULT_BUFFER_SIZE : buffering;
  const make = (core: FileCore): TextFile =>
    (how.text ?? ((c, m, s) => new TextFile(c, m, s)))(core, mode, settings);
  return new FileOpener(
    () => openCoroutine(file, parsed, size, how, make),
    () => openCore(file, parsed, size, how).then(make),
  );
}

function checkNewline(newline: unknown): Newline {
  if (newline === null || newline === undefined) return null;
  if (typeof newline !== "string") {
    throw new TypeError(`open() argument 'newline' must be str or None, not ${typeName(newline)}`);
  }
  if (newline !== "" && newline !== "\n" && newline !== "\r" && newline !== "\r\n") {
    throw new RangeError(`illegal newline value: ${newline}`);
  }
  return newline;
}

/** A path Node can open, or Python's error for it. */
export function checkPath(file: unknown): asserts file is PathLike {
  if (typeof file === "string" || Buffer.isBuffer(file)) {
    if (typeof file === "string" ? file.includes("\0") : file.includes(0))
      throw new RangeError("embedded null byte");
    return;
  }
  if (file instanceof URL) {
    if (file.protocol !== "file:") throw new TypeError(`The URL must be of scheme file, got ${file.href}`);
    return;
  }
  if (typeof file === "number") {
    throw new TypeError(
      `expected a path, got the file descriptor ${file} (descriptors are not supported: pass the path)`,
    );
  }
  throw new TypeError(`expected str, bytes or os.PathLike object, not ${typeName(file)}`);
}

function* openCoroutine<F>(
  file: PathLike,
  parsed: ParsedMode,
  size: number,
  how: OpenHow,
  make: (core: FileCore) => F,
): Coro<F> {
  const opening = openCore(file, parsed, size, how);
  try {
    return make(yield* fromPromise(opening));
  } catch (err) {
    // Cancelled while the open was in flight: the handle it brings is closed, never leaked.
    opening.then((core) => core.handle.close()).catch(() => {});
    throw err;
  }
}

/** Opens the handle and checks what it is (a directory is refused, as Python refuses it). */
async function openCore(file: PathLike, parsed: ParsedMode, size: number, how: OpenHow): Promise<FileCore> {
  if (how.raw !== undefined) {
    const flags = {
      readable: parsed.readable,
      writable: parsed.writable,
      append: parsed.append,
      seekable: true,
    };
    const core = new FileCore(await how.raw(), file, flags, size, 0);
    how.setup?.(core);
    return core;
  }
  let handle: FileHandle;
  try {
    handle = await openHandle(file, how.flags ?? parsed.flags, how.perm ?? 0o666);
  } catch (err) {
    throw osError(err, file);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw OSError.fromErrno(ERRNO.EISDIR, file);
    const seekable = !(stats.isFIFO() || stats.isSocket() || stats.isCharacterDevice());
    const flags = { readable: parsed.readable, writable: parsed.writable, append: parsed.append, seekable };
    const core = new FileCore(handle, file, flags, size, parsed.append && seekable ? stats.size : 0);
    how.setup?.(core);
    return core;
  } catch (err) {
    await handle.close().catch(() => {});
    throw osError(err, file);
  }
}
