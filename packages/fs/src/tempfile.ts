/**
 * Temporary files and directories, removed when done: aiofiles' `aiofiles.tempfile`. Each is an
 * async context manager (`yield* using(tempfile.NamedTemporaryFile(), function* (f) {…})`) and
 * awaitable, like `open()`.
 * @example
 * yield* using(tempfile.TemporaryDirectory(), function* (dir) {
 *   yield* using(open(join(dir, "a.txt"), "w"), (f) => f.write("scratch"));
 * }); // the directory and what is in it are gone
 */
import { randomInt } from "node:crypto";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { type AsyncContextManager, type Coro, fromPromise, toPromise } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { BinaryFile, type BytesLike } from "./binary-file.js";
import type { FileCore, RawHandle } from "./core.js";
import { FileExistsError, UnsupportedOperation } from "./errors.js";
import { type BinaryMode, type FileOpener, opener, type TextMode, type TextOpenOptions } from "./open.js";
import { call } from "./syscall.js";
import { TextFile, type TextSettings } from "./text-file.js";

/** Where a temporary name is made and what it looks like. Python: `suffix`, `prefix`, `dir`. */
export interface TempNameOptions {
  /** Ends the name (default none). */
  suffix?: string | undefined;
  /** Starts the name (default `tmp`). */
  prefix?: string | undefined;
  /** The directory (default the system's: `$TMPDIR` or `/tmp`). Python: `dir`. */
  dir?: string | undefined;
}

/** Options of the temporary files: `open()`'s, a name's, and the mode (default `w+b`). */
export interface TempFileOptions extends TextOpenOptions, TempNameOptions {
  mode?: string | undefined;
}

const NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

/** Python's `os.path.join(dir, name)` of one name: nothing is normalized (`..` stays for the OS). */
function joinName(dir: string, name: string): string {
  if (name.startsWith("/")) return name;
  return dir === "" || dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/**
 * A fresh candidate name, as Python's (8 random characters), in `dir` as given (`mkdtemp`) or made
 * absolute first (`absolute`: `mkstemp`, whose files are named by absolute paths).
 */
function candidate(
  { suffix = "", prefix = "tmp", dir = tmpdir() }: TempNameOptions,
  absolute: boolean,
): string {
  let name = "";
  for (let i = 0; i < 8; i++) name += NAME_CHARS[randomInt(NAME_CHARS.length)];
  return joinName(absolute ? resolve(dir) : dir, `${prefix}${name}${suffix}`);
}

/** Python's `tempfile.TMP_MAX`: names tried before giving up. */
const TMP_MAX = 10000;

/**
 * Opens a new file under a fresh name (O_EXCL, mode 0600), trying other names while they exist.
 */
function* openFresh<F>(
  options: TempFileOptions,
  make: (path: string) => FileOpener<TextFile> | FileOpener<BinaryFile>,
): Coro<{ file: F; path: string }> {
  for (let i = 0; i < TMP_MAX; i++) {
    const path = candidate(options, true);
    try {
      const file = (yield* make(path)) as F;
      return { file, path };
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
  }
  throw new FileExistsError(17, "No usable temporary file name found");
}

type AnyFile = TextFile | BinaryFile;

/** A context manager (and awaitable) for a temporary file. */
/** What the temporary-file functions return: an async context manager, awaitable like `open()`'s opener. */
export class TempFileOpener<F extends AnyFile> implements AsyncContextManager<F>, PromiseLike<F> {
  readonly #open: () => Coro<F>;
  readonly #onExit: ((file: AnyFile) => Promise<void>) | undefined;
  #file: F | null = null;
  /** @internal */
  constructor(open: () => Coro<F>, onExit?: (file: AnyFile) => Promise<void>) {
    this.#open = open;
    this.#onExit = onExit;
  }
  /** Creates the file. */
  *aenter(): Coro<F> {
    this.#file = yield* this.#open();
    return this.#file;
  }
  /** Closes the file (which deletes a named one). */
  *aexit(): Coro<boolean> {
    const file = this.#file;
    this.#file = null;
    if (file !== null) {
      yield* file.close();
      if (this.#onExit !== undefined) yield* fromPromise(this.#onExit(file));
    }
    return false;
  }
  /** `yield* tempfile.TemporaryFile()`: creates the file, in a coroutine. */
  [Symbol.iterator](): Coro<F> {
    return this.#open();
  }
  /** `await tempfile.TemporaryFile()`: creates the file, in Promise code. */
  then<R1 = F, R2 = never>(
    onfulfilled?: ((file: F) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return toPromise(this.#open()).then(onfulfilled, onrejected);
  }
}

function fileOptions(options: TempFileOptions): TextOpenOptions {
  const { buffering, encoding, errors, newline } = options;
  return { buffering, encoding, errors, newline };
}

function removeOnClose(path: string) {
  return (core: FileCore): void => {
    core.closeHooks.push(() => fsp.unlink(path).catch(() => {}));
  };
}

/** `NamedTemporaryFile`'s own options. */
export interface NamedTempFileOptions extends TempFileOptions {
  /** `false` keeps the file (Python's `delete=False`). */
  delete?: boolean | undefined;
  /**
   * `false` (with `delete` left on): the file is deleted when the context manager exits, not when it
   * is closed, so it can be closed and reopened by name inside `using(…)`. Python 3.12's
   * `delete_on_close=False`. An opener awaited without a context manager then never deletes it.
   */
  deleteOnClose?: boolean | undefined;
}

/**
 * A temporary file with a name, deleted when closed (unless `delete: false`; with
 * `deleteOnClose: false`, when the context manager exits). `f.name` is its path.
 * Python: `aiofiles.tempfile.NamedTemporaryFile(mode="w+b", …, delete=True, delete_on_close=True)`.
 */
export function NamedTemporaryFile(
  options?: NamedTempFileOptions & { mode?: BinaryMode },
): TempFileOpener<BinaryFile>;
export function NamedTemporaryFile(
  options: NamedTempFileOptions & { mode: TextMode },
): TempFileOpener<TextFile>;
export function NamedTemporaryFile(options: NamedTempFileOptions): TempFileOpener<AnyFile>;
export function NamedTemporaryFile(options: NamedTempFileOptions = {}): TempFileOpener<AnyFile> {
  const mode = options.mode ?? "w+b";
  const remove = options.delete !== false;
  const onClose = remove && options.deleteOnClose !== false;
  return new TempFileOpener(
    function* () {
      const { file } = yield* openFresh<AnyFile>(options, (path) =>
        opener(path, mode, fileOptions(options), {
          flags: "wx+",
          perm: 0o600,
          setup: onClose ? removeOnClose(path) : undefined,
        }),
      );
      return file;
    },
    remove && !onClose ? (file) => fsp.unlink(String(file.name)).catch(() => {}) : undefined,
  );
}

/**
 * A temporary file without a name: deleted at once (the open file lives on until closed).
 * Python: `aiofiles.tempfile.TemporaryFile(mode="w+b", …)`.
 */
export function TemporaryFile(options?: TempFileOptions & { mode?: BinaryMode }): TempFileOpener<BinaryFile>;
export function TemporaryFile(options: TempFileOptions & { mode: TextMode }): TempFileOpener<TextFile>;
export function TemporaryFile(options: TempFileOptions): TempFileOpener<AnyFile>;
export function TemporaryFile(options: TempFileOptions = {}): TempFileOpener<AnyFile> {
  const mode = options.mode ?? "w+b";
  return new TempFileOpener(function* () {
    const { file, path } = yield* openFresh<AnyFile>(options, (p) =>
      opener(p, mode, fileOptions(options), { flags: "wx+", perm: 0o600 }),
    );
    yield* call(() => fsp.unlink(path), path);
    return file;
  });
}

/**
 * The bytes of a spooled file: in memory until they exceed `maxSize` (0: no limit), then in an
 * unnamed temporary file.
 */
class SpooledHandle implements RawHandle {
  #memory = Buffer.alloc(0);
  #size = 0;
  #file: fsp.FileHandle | null = null;
  readonly #maxSize: number;
  readonly #options: TempNameOptions;

  constructor(maxSize: number, options: TempNameOptions) {
    this.#maxSize = maxSize;
    this.#options = options;
  }

  get rolled(): boolean {
    return this.#file !== null;
  }

  get fd(): number {
    if (this.#file === null) throw new UnsupportedOperation("fileno");
    return this.#file.fd;
  }

  /** Moves the bytes to a file on disk. */
  async rollover(): Promise<void> {
    if (this.#file !== null) return;
    let file: fsp.FileHandle | null = null;
    let path = "";
    for (let i = 0; file === null && i < TMP_MAX; i++) {
      path = candidate(this.#options, true);
      file = await fsp.open(path, "wx+", 0o600).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "EEXIST") return null;
        throw err;
      });
    }
    if (file === null) throw new FileExistsError(17, "No usable temporary file name found");
    await fsp.unlink(path);
    await file.write(this.#memory, 0, this.#size, 0);
    this.#file = file;
    this.#memory = Buffer.alloc(0);
  }

  async read(buffer: Buffer, offset: number, length: number, position: number | null) {
    if (this.#file !== null) return this.#file.read(buffer, offset, length, position);
    const at = position ?? 0;
    const n = Math.max(0, Math.min(length, this.#size - at));
    this.#memory.copy(buffer, offset, at, at + n);
    return { bytesRead: n };
  }

  async write(buffer: Uint8Array, offset: number, length: number, position: number | null) {
    const at = position ?? this.#size;
    if (this.#file === null && this.#maxSize > 0 && at + length > this.#maxSize) await this.rollover();
    if (this.#file !== null) return this.#file.write(buffer, offset, length, position);
    this.#reserve(at + length);
    this.#memory.set(buffer.subarray(offset, offset + length), at);
    this.#size = Math.max(this.#size, at + length);
    return { bytesWritten: length };
  }

  #reserve(size: number): void {
    if (size <= this.#memory.length) {
      return;
    }
    const bigger = Buffer.alloc(Math.max(size, this.#memory.length * 2, 1024));
    this.#memory.copy(bigger, 0, 0, this.#size);
    this.#memory = bigger;
  }

  async stat(): Promise<{ size: number }> {
    return this.#file !== null ? this.#file.stat() : { size: this.#size };
  }

  async truncate(length: number): Promise<void> {
    if (this.#file !== null) return this.#file.truncate(length);
    this.#reserve(length);
    if (length > this.#size) this.#memory.fill(0, this.#size, length);
    this.#size = length;
  }

  async close(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    this.#memory = Buffer.alloc(0);
    this.#size = 0;
    if (file !== null) await file.close();
  }
}

/** A binary spooled temporary file: `rolled` tells whether its bytes went to disk. */
export class SpooledBinaryFile extends BinaryFile {
  /** Writes, and moves everything to disk once it grows past `maxSize` (checked at each write, as in Python). */
  override *write(data: BytesLike): Coro<number> {
    const n = yield* super.write(data);
    if (!this.rolled) yield* this.flush();
    return n;
  }
  /** Whether the bytes are on disk now. Python: `f._rolled`. */
  get rolled(): boolean {
    return (this.core.handle as SpooledHandle).rolled;
  }
  /** Moves the bytes to disk now. Python: `await f.rollover()`. */
  *rollover(): Coro<void> {
    yield* this.flush();
    yield* call(() => (this.core.handle as SpooledHandle).rollover());
  }
}

/** A text spooled temporary file: `rolled` tells whether its bytes went to disk. */
export class SpooledTextFile extends TextFile {
  /** Writes, and moves everything to disk once it grows past `maxSize` (checked at each write, as in Python). */
  override *write(text: string): Coro<number> {
    const n = yield* super.write(text);
    if (!this.rolled) yield* this.flush();
    return n;
  }
  /** Whether the bytes are on disk now. Python: `f._rolled`. */
  get rolled(): boolean {
    return (this.core.handle as SpooledHandle).rolled;
  }
  /** Moves the bytes to disk now. Python: `await f.rollover()`. */
  *rollover(): Coro<void> {
    yield* this.flush();
    yield* call(() => (this.core.handle as SpooledHandle).rollover());
  }
}

/**
 * A temporary file kept in memory until it grows past `maxSize` bytes (0: never), then moved to
 * an unnamed file on disk. Python: `aiofiles.tempfile.SpooledTemporaryFile(max_size=0, mode="w+b", …)`.
 */
export function SpooledTemporaryFile(
  options?: TempFileOptions & { maxSize?: number; mode?: BinaryMode },
): TempFileOpener<SpooledBinaryFile>;
export function SpooledTemporaryFile(
  options: TempFileOptions & { maxSize?: number; mode: TextMode },
): TempFileOpener<SpooledTextFile>;
export function SpooledTemporaryFile(
  options: TempFileOptions & { maxSize?: number },
): TempFileOpener<SpooledBinaryFile | SpooledTextFile>;
export function SpooledTemporaryFile(
  options: TempFileOptions & { maxSize?: number } = {},
): TempFileOpener<SpooledBinaryFile | SpooledTextFile> {
  const mode = options.mode ?? "w+b";
  const maxSize = options.maxSize ?? 0;
  if (!Number.isInteger(maxSize) || maxSize < 0) {
    throw new RangeError(`maxSize must be a non-negative integer, got ${maxSize}`);
  }
  return new TempFileOpener(function* () {
    const file = yield* opener("<spooled>", mode, fileOptions(options), {
      raw: async () => new SpooledHandle(maxSize, options),
      binary: (core, m) => new SpooledBinaryFile(core, m),
      text: (core, m, s: TextSettings) => new SpooledTextFile(core, m, s),
    });
    return file as SpooledBinaryFile | SpooledTextFile;
  });
}

/**
 * A temporary directory, removed with everything in it on exit; the context value is its path.
 * Python: `aiofiles.tempfile.TemporaryDirectory(suffix=None, prefix=None, dir=None)`.
 */
export function TemporaryDirectory(options: TempNameOptions = {}): TemporaryDirectoryOpener {
  return new TemporaryDirectoryOpener(options);
}

/** The context manager of {@link TemporaryDirectory}. */
export class TemporaryDirectoryOpener implements AsyncContextManager<string> {
  readonly #options: TempNameOptions;
  /** The directory's path, once created. */
  name: string | null = null;

  /** @internal */
  constructor(options: TempNameOptions) {
    this.#options = options;
  }

  /** Creates the directory and returns its path. */
  *aenter(): Coro<string> {
    const { prefix = "tmp", suffix = "", dir = tmpdir() } = this.#options;
    for (let i = 0; i < TMP_MAX; i++) {
      const path = candidate({ prefix, suffix, dir }, false);
      try {
        yield* call(() => fsp.mkdir(path, { mode: 0o700 }), path);
        this.name = resolve(path); // Python's mkdtemp returns the absolute path
        return this.name;
      } catch (err) {
        if (!(err instanceof FileExistsError)) throw err;
      }
    }
    throw new FileExistsError(17, "No usable temporary directory name found");
  }

  /** Removes the directory and its contents. */
  *aexit(): Coro<boolean> {
    yield* this.cleanup();
    return false;
  }

  /** Removes the directory and its contents now. Python: `await d.cleanup()`. */
  *cleanup(): Coro<void> {
    const path = this.name;
    this.name = null;
    if (path !== null) yield* fromPromise(fsp.rm(path, { recursive: true, force: true }));
  }
}

for (const m of [TempFileOpener.prototype.aenter, TempFileOpener.prototype.aexit]) refuseAwait(m);
for (const m of [SpooledBinaryFile.prototype.rollover, SpooledTextFile.prototype.rollover])
  refuseAwait(m, "rollover");
for (const m of [
  TemporaryDirectoryOpener.prototype.aenter,
  TemporaryDirectoryOpener.prototype.aexit,
  TemporaryDirectoryOpener.prototype.cleanup,
]) {
  refuseAwait(m);
}
