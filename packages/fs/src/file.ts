/**
 * What binary and text files share: closing (also as a context manager and with `await using`),
 * flushing, the descriptor, and line iteration in both coroutines (`anext`) and Promise code
 * (`for await`). Python: aiofiles' `AsyncBase`.
 */
import { isatty } from "node:tty";
import { repr, reprSymbol, typeName } from "@aio/loop";
import { type AsyncContextManager, type Coro, toPromise } from "@aio/task";
import { END, type FastAsyncIterator, NEXT, NEXT_NOW, NOT_NOW, refuseAwait } from "@aio/task/internal";
import type { FileCore } from "./core.js";
import { ERRNO } from "./errno.js";
import { OSError, type PathLike, UnsupportedOperation } from "./errors.js";

/** What a file's methods check first: that it is open, and opened for what is asked. */
export function checkOpen(core: FileCore, message = "I/O operation on closed file."): void {
  if (core.closed) throw new RangeError(message);
}

export function checkReadable(core: FileCore, message: string): void {
  if (!core.readable) throw new UnsupportedOperation(message);
}

export function checkWritable(core: FileCore, message: string): void {
  if (!core.writable) throw new UnsupportedOperation(message);
}

/**
 * A size argument: an integer, or null/undefined/negative for "all". Python's messages. An
 * `"index"` argument (`read1`) takes no null: CPython 3.12's `read1(None)` raises TypeError.
 */
export function sizeArgument(size: unknown, message: "optional" | "index" = "optional"): number {
  if (size === undefined || (size === null && message === "optional")) return -1;
  if (typeof size === "number" && Number.isInteger(size)) return size < 0 ? -1 : size;
  if (message === "optional")
    throw new TypeError(`argument should be integer or None, not '${typeName(size)}'`);
  throw new TypeError(`'${typeName(size)}' object cannot be interpreted as an integer`);
}

/** An integer argument (offsets, whence). */
export function intArgument(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new TypeError(`'${typeName(value)}' object cannot be interpreted as an integer`);
}

/** `[Errno 22] Invalid argument`, for negative positions and sizes (no file name, as in Python). */
export function invalidArgument(): OSError {
  return OSError.fromErrno(ERRNO.EINVAL);
}

/**
 * An open file: `BinaryFile` or `TextFile`. Every I/O method is a coroutine (`yield* f.read()`), as
 * in aiofiles; operations on one file run one at a time, in the order they were called.
 */
export abstract class AsyncFile<T extends string | Buffer>
  implements AsyncContextManager<AsyncFile<T>>, FastAsyncIterator<T>, AsyncIterable<T>, AsyncDisposable
{
  readonly #core: FileCore;
  readonly #mode: string;
  /** Python's message for any use once `detach()` handed the file over, or null. */
  #detached: string | null = null;

  /** @internal */
  protected constructor(core: FileCore, mode: string) {
    this.#core = core;
    this.#mode = mode;
  }

  /**
   * @internal The open file underneath; once the file is detached, reaching for it raises Python's
   * ValueError (a RangeError): every method, and the properties that need the file, refuse.
   */
  protected get core(): FileCore {
    if (this.#detached !== null) throw new RangeError(this.#detached);
    return this.#core;
  }

  /** @internal Whether `detach()` handed the file over. */
  protected get detached(): boolean {
    return this.#detached !== null;
  }

  /**
   * @internal Hands the open file over (`detach()`): from now on this object refuses every use with
   * `message`, closing too, so the descriptor stays open for the object that took it.
   */
  protected detachCore(message: string): FileCore {
    const core = this.core;
    this.#detached = message;
    return core;
  }

  /** The path the file was opened with. Python: `f.name`. */
  get name(): PathLike {
    return this.core.name;
  }
  /** The mode it was opened with (`"r"`, `"wb"`…). Python: `f.mode`. */
  get mode(): string {
    return this.#mode;
  }
  /** Whether the file is closed. Python: `f.closed`. */
  get closed(): boolean {
    return this.core.closed;
  }

  /** The next line, `""` (or an empty Buffer) at the end of the file. Python: `await f.readline(size)`. */
  abstract readline(size?: number | null): Coro<T>;
  /** The position. Python: `await f.tell()`. */
  abstract tell(): Coro<number>;
  /** @internal The next line if it is already read and decoded, without waiting; END or NOT_NOW otherwise. */
  protected abstract lineNow(): T | typeof END | typeof NOT_NOW;

  /** The descriptor. Python: `f.fileno()`. */
  fileno(): number {
    checkOpen(this.core, "I/O operation on closed file");
    return this.core.handle.fd;
  }

  /** Whether the file was opened for reading. Python: `f.readable()` (direct, as in aiofiles). */
  readable(): boolean {
    checkOpen(this.core, "I/O operation on closed file");
    return this.core.readable;
  }

  /** Whether the file was opened for writing. Python: `await f.writable()`. */
  *writable(): Coro<boolean> {
    checkOpen(this.core, "I/O operation on closed file");
    return this.core.writable;
  }

  /** Whether the file supports seeking (false for pipes and sockets). Python: `await f.seekable()`. */
  *seekable(): Coro<boolean> {
    checkOpen(this.core, "I/O operation on closed file");
    return this.core.seekable;
  }

  /** Whether the file is a terminal. Python: `await f.isatty()`. */
  *isatty(): Coro<boolean> {
    checkOpen(this.core, "I/O operation on closed file");
    return isatty(this.core.handle.fd);
  }

  /** Writes out what is buffered. Python: `await f.flush()`. */
  *flush(): Coro<void> {
    const core = this.core;
    checkOpen(core);
    yield* core.acquire();
    try {
      checkOpen(core);
      if (core.pendingWrites) yield* core.io(core.flush());
    } finally {
      core.release();
    }
  }

  /**
   * Flushes and closes the file; closing a closed file does nothing. Cancelling the caller does not
   * stop it: the file ends closed. Python: `await f.close()`.
   */
  *close(): Coro<void> {
    const core = this.core;
    if (core.closed) return;
    yield* core.acquire();
    try {
      if (!core.closed) yield* core.io(core.close());
    } finally {
      core.release();
    }
  }

  /** `async with f:` returns the file itself. */
  *aenter(): Coro<AsyncFile<T>> {
    checkOpen(this.core);
    return this;
  }

  /** Closes the file on leaving `using(f, …)`. */
  *aexit(): Coro<boolean> {
    yield* this.close();
    return false;
  }

  /** Closes the file at the end of an `await using` block (Promise code). */
  async [Symbol.asyncDispose](): Promise<void> {
    const core = this.core;
    if (core.closed) return;
    await core.acquireNow();
    try {
      await core.close();
    } finally {
      core.release();
    }
  }

  /** Lines, for `for await (const line of f)` in Promise code. Python: `async for line in f`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const next = (): Promise<IteratorResult<T>> => {
      let line: T | typeof END | typeof NOT_NOW;
      try {
        line = this.lineNow();
      } catch (err) {
        return Promise.reject(err);
      }
      if (line === END) return Promise.resolve({ done: true, value: undefined });
      if (line !== NOT_NOW) return Promise.resolve({ done: false, value: line });
      return toPromise(this.readline()).then((l: T) =>
        l.length === 0 ? { done: true, value: undefined } : { done: false, value: l },
      );
    };
    return {
      next,
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncIterator<T>;
  }

  /** The next line for `anext(f)` when it is already at hand. */
  [NEXT_NOW](): T | typeof END | typeof NOT_NOW {
    return this.lineNow();
  }

  /** The next line for `anext(f)`, or END. */
  *[NEXT](): Coro<T | typeof END> {
    const line = yield* this.readline();
    return line.length === 0 ? END : line;
  }

  /**
   * Python's repr: `<TextFile name='a.txt' mode='r' encoding='UTF-8'>`; once detached, without what
   * it no longer knows (`<TextFile mode='r' encoding='UTF-8'>`, `<BinaryFile>`), as Python's.
   */
  [reprSymbol](): string {
    if (this.detached) return `<${this.constructor.name}${this.reprDetached()}>`;
    return `<${this.constructor.name} name=${repr(this.name)} mode=${repr(this.mode)}${this.reprExtra()}>`;
  }

  /** @internal */
  protected reprDetached(): string {
    return "";
  }

  /** @internal */
  protected reprExtra(): string {
    return "";
  }

  toString(): string {
    return this[reprSymbol]();
  }
}

/** Makes `await` on each coroutine method fail loudly (write `yield*`, or `await toPromise(…)`). */
export function refuseAwaitOnMethods(proto: object, names: readonly string[]): void {
  for (const name of names) {
    const method = (proto as Record<string, unknown>)[name];
    if (typeof method === "function") refuseAwait(method as () => unknown, name);
  }
}

refuseAwaitOnMethods(AsyncFile.prototype, [
  "writable",
  "seekable",
  "isatty",
  "flush",
  "close",
  "aenter",
  "aexit",
]);
