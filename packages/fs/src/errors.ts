/**
 * Python's I/O errors: the `OSError` family with `errno`, `strerror`, `filename`, `filename2` (and
 * Node's `code`), `io.UnsupportedOperation`, and the codecs' `UnicodeDecodeError` and
 * `UnicodeEncodeError`, with CPython's exact messages.
 */
import { repr } from "@aio/loop";
import { ERRNO, STRERROR } from "./errno.js";

/** A path as the error shows it: Python's repr of the string, or of the bytes. */
export type PathLike = string | Buffer | URL;

/** Python's `repr()` of a path: `'a.txt'`, `b'raw'`. */
function reprPath(path: unknown): string {
  if (path instanceof URL)
    return repr(path.protocol === "file:" ? decodeURIComponent(path.pathname) : path.href);
  return repr(path);
}

/**
 * Marks an error of another class hierarchy as also an {@link OSError}, as Python's multiple
 * inheritance makes aiohttp's `ClientOSError` one: `err instanceof OSError` holds for it.
 */
export const OS_ERROR: unique symbol = Symbol.for("aio.OSError") as never;

/** `value instanceof cls`, or, for `base` itself, `value` carries `brand`. */
function branded(cls: unknown, base: unknown, brand: symbol, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(cls, value)) return true;
  return (
    cls === base &&
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true
  );
}

/**
 * An operating-system error. Python: `OSError`. Built from an errno it reads
 * `[Errno 2] No such file or directory: 'nope.txt'` (with `filename2`: `'a' -> 'b'`); built from
 * one message it reads as that message. Constructed with an errno, `new OSError(2, …)` is not a
 * `FileNotFoundError`: use {@link OSError.fromErrno} for the subclass, as Python's constructor does.
 * @example
 * try { yield* open("nope.txt"); } catch (e) { if (e instanceof FileNotFoundError) console.log(e.filename); }
 */
export class OSError extends Error {
  override name = "OSError";

  /** Also true for errors marked with the `OS_ERROR` brand (aiohttp's ClientOSError). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the class tested: a subclass keeps the plain check
    return branded(this, OSError, OS_ERROR, value);
  }

  /** The error number (`2` for ENOENT), or `undefined` for errors made from a message. */
  readonly errno: number | undefined;
  /** The system's text for `errno` (`"No such file or directory"`). */
  readonly strerror: string | undefined;
  /** The path the operation was given. */
  readonly filename: PathLike | undefined;
  /** The second path (rename, link, symlink, replace). */
  readonly filename2: PathLike | undefined;
  /** Node's error code (`"ENOENT"`), when the error came from Node. */
  readonly code: string | undefined;
  /** Python's `args`: `(errno, strerror)` or `(message,)`. */
  readonly args: readonly unknown[];

  constructor(message: string);
  constructor(
    errno: number,
    strerror?: string,
    filename?: PathLike,
    filename2?: PathLike,
    options?: { code?: string; cause?: unknown },
  );
  constructor(
    errnoOrMessage: number | string,
    strerror?: string,
    filename?: PathLike,
    filename2?: PathLike,
    options: { code?: string; cause?: unknown } = {},
  ) {
    if (typeof errnoOrMessage === "string") {
      super(errnoOrMessage);
      this.errno = undefined;
      this.strerror = undefined;
      this.args = [errnoOrMessage];
    } else {
      const text = strerror ?? STRERROR.get(errnoOrMessage) ?? `Unknown error ${errnoOrMessage}`;
      let message = `[Errno ${errnoOrMessage}] ${text}`;
      if (filename !== undefined) {
        message += `: ${reprPath(filename)}`;
        if (filename2 !== undefined) message += ` -> ${reprPath(filename2)}`;
      }
      super(message, options.cause === undefined ? undefined : { cause: options.cause });
      this.errno = errnoOrMessage;
      this.strerror = text;
      this.args = [errnoOrMessage, text];
    }
    this.filename = filename;
    this.filename2 = filename2;
    this.code = options.code ?? (this.errno === undefined ? undefined : CODE_OF.get(this.errno));
  }

  /**
   * The error for `errno`, of the subclass Python would pick (`FileNotFoundError` for 2).
   * @example OSError.fromErrno(2, "a.txt").message === "[Errno 2] No such file or directory: 'a.txt'"
   */
  static fromErrno(errno: number, filename?: PathLike, filename2?: PathLike, cause?: unknown): OSError {
    const Class = SUBCLASS_OF.get(errno) ?? OSError;
    return new Class(errno, undefined, filename, filename2, { cause });
  }
}

/** A file or directory that does not exist (ENOENT). Python: `FileNotFoundError`. */
export class FileNotFoundError extends OSError {
  override name = "FileNotFoundError";
}
/** Creating something that exists (EEXIST). Python: `FileExistsError`. */
export class FileExistsError extends OSError {
  override name = "FileExistsError";
}
/** A file operation on a directory (EISDIR). Python: `IsADirectoryError`. */
export class IsADirectoryError extends OSError {
  override name = "IsADirectoryError";
}
/** A directory operation on something else (ENOTDIR). Python: `NotADirectoryError`. */
export class NotADirectoryError extends OSError {
  override name = "NotADirectoryError";
}
/** Not allowed (EACCES, EPERM). Python: `PermissionError`. */
export class PermissionError extends OSError {
  override name = "PermissionError";
}
/** The operation would block (EAGAIN). Python: `BlockingIOError`. */
export class BlockingIOError extends OSError {
  override name = "BlockingIOError";
}
/** Interrupted by a signal (EINTR). Python: `InterruptedError`. */
export class InterruptedError extends OSError {
  override name = "InterruptedError";
}
/** No such process (ESRCH). Python: `ProcessLookupError`. */
export class ProcessLookupError extends OSError {
  override name = "ProcessLookupError";
}
/** No child process (ECHILD). Python: `ChildProcessError`. */
export class ChildProcessError extends OSError {
  override name = "ChildProcessError";
}
/** A connection failed. Python: `ConnectionError`. */
export class ConnectionError extends OSError {
  override name = "ConnectionError";
}
/** Writing to a closed pipe or socket (EPIPE, ESHUTDOWN). Python: `BrokenPipeError`. */
export class BrokenPipeError extends ConnectionError {
  override name = "BrokenPipeError";
}
/** ECONNABORTED. Python: `ConnectionAbortedError`. */
export class ConnectionAbortedError extends ConnectionError {
  override name = "ConnectionAbortedError";
}
/** ECONNREFUSED. Python: `ConnectionRefusedError`. */
export class ConnectionRefusedError extends ConnectionError {
  override name = "ConnectionRefusedError";
}
/** ECONNRESET. Python: `ConnectionResetError`. */
export class ConnectionResetError extends ConnectionError {
  override name = "ConnectionResetError";
}

const SUBCLASS_OF = new Map<number, typeof OSError>();
const CODE_OF = new Map<number, string>();
for (const [code, errno] of Object.entries(ERRNO)) if (!CODE_OF.has(errno)) CODE_OF.set(errno, code);
for (const [codes, Class] of [
  [["ENOENT"], FileNotFoundError],
  [["EEXIST"], FileExistsError],
  [["EISDIR"], IsADirectoryError],
  [["ENOTDIR"], NotADirectoryError],
  [["EACCES", "EPERM"], PermissionError],
  [["EAGAIN", "EALREADY", "EWOULDBLOCK", "EINPROGRESS"], BlockingIOError],
  [["EINTR"], InterruptedError],
  [["ESRCH"], ProcessLookupError],
  [["ECHILD"], ChildProcessError],
  [["EPIPE", "ESHUTDOWN"], BrokenPipeError],
  [["ECONNABORTED"], ConnectionAbortedError],
  [["ECONNREFUSED"], ConnectionRefusedError],
  [["ECONNRESET"], ConnectionResetError],
] as const) {
  for (const code of codes) {
    const errno = ERRNO[code];
    if (errno !== undefined) SUBCLASS_OF.set(errno, Class);
  }
}

/**
 * Python's OSError for an error Node raised, naming the paths the caller gave (not Node's own
 * wording): `[Errno 2] No such file or directory: 'a.txt'`. Anything that is not a system error
 * comes back as it was.
 */
export function osError(err: unknown, filename?: PathLike, filename2?: PathLike): unknown {
  if (err instanceof OSError) return err;
  if (!(err instanceof Error)) return err;
  const { code, errno } = err as NodeJS.ErrnoException;
  if (typeof code !== "string" || !/^E[A-Z0-9]+$/.test(code)) return err;
  const number = ERRNO[code] ?? (typeof errno === "number" ? -errno : undefined);
  if (number === undefined) return err;
  const error = OSError.fromErrno(number, filename, filename2, err);
  (error as { code: string }).code = code;
  return error;
}

/**
 * An operation the file does not support: reading a file opened for writing, writing one opened
 * for reading, a relative seek in text mode. Python: `io.UnsupportedOperation` (an OSError and a
 * ValueError).
 */
export class UnsupportedOperation extends OSError {
  override name = "UnsupportedOperation";
}

/** A text encoding or decoding failed. Python: `UnicodeError` (a ValueError, so a RangeError). */
export class UnicodeError extends RangeError {
  override name = "UnicodeError";
  /** The codec's name, as Python spells it (`utf-8`, `latin-1`). */
  readonly encoding: string;
  /** Where the bad part starts (bytes when decoding, code points when encoding). */
  readonly start: number;
  /** Where it ends (exclusive). */
  readonly end: number;
  /** Why: `invalid start byte`, `ordinal not in range(128)`. */
  readonly reason: string;

  constructor(message: string, encoding: string, start: number, end: number, reason: string) {
    super(message);
    this.encoding = encoding;
    this.start = start;
    this.end = end;
    this.reason = reason;
  }
}

/**
 * Bytes that are not valid in the file's encoding. Python: `UnicodeDecodeError`:
 * `'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`. `object` holds the
 * bytes the decoder was given (as in Python, positions count from its start).
 */
export class UnicodeDecodeError extends UnicodeError {
  override name = "UnicodeDecodeError";
  /** The bytes being decoded. */
  readonly object: Uint8Array;

  constructor(encoding: string, object: Uint8Array, start: number, end: number, reason: string) {
    const what =
      end - start === 1
        ? `byte 0x${(object[start] ?? 0).toString(16).padStart(2, "0")} in position ${start}`
        : `bytes in position ${start}-${end - 1}`;
    super(`'${encoding}' codec can't decode ${what}: ${reason}`, encoding, start, end, reason);
    this.object = object;
  }
}

/**
 * Text the file's encoding cannot represent. Python: `UnicodeEncodeError`:
 * `'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)`.
 * Positions count code points, as Python's do.
 */
export class UnicodeEncodeError extends UnicodeError {
  override name = "UnicodeEncodeError";
  /** The text being encoded. */
  readonly object: string;

  constructor(encoding: string, object: string, start: number, end: number, reason: string) {
    const what =
      end - start === 1
        ? `character ${reprChar(codePointAt(object, start))} in position ${start}`
        : `characters in position ${start}-${end - 1}`;
    super(`'${encoding}' codec can't encode ${what}: ${reason}`, encoding, start, end, reason);
    this.object = object;
  }
}

/**
 * The character at code point index `index` of `text` (`[...text][index]`, without an array of
 * all its characters: the text may be hundreds of MiB).
 */
function codePointAt(text: string, index: number): string {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair =
      c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (n++ === index) return text.slice(i, pair ? i + 2 : i + 1);
    if (pair) i++;
  }
  return "";
}

/** Python's repr of one character as an encode error shows it: `'\xe9'`, `'\ud55c'`, `'\U0001f600'`. */
function reprChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x80) return repr(ch);
  if (cp <= 0xff) return `'\\x${cp.toString(16).padStart(2, "0")}'`;
  if (cp <= 0xffff) return `'\\u${cp.toString(16).padStart(4, "0")}'`;
  return `'\\U${cp.toString(16).padStart(8, "0")}'`;
}
