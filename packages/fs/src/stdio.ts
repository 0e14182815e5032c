/**
 * The standard streams as async files: aiofiles' `stdin`, `stdout`, `stderr` (text) and
 * `stdin_bytes`, `stdout_bytes`, `stderr_bytes` (binary), over descriptors 0, 1 and 2, which they
 * never close. As Python's `sys.stdout` and `sys.stdout.buffer`, a stream's text and binary files
 * share one buffer (one FileCore): what the text file read ahead, the binary file reads next.
 */
import { fstat, ftruncate, read, write } from "node:fs";
import { BinaryFile } from "./binary-file.js";
import { lookupCodec } from "./codecs.js";
import { DEFAULT_BUFFER_SIZE, FileCore, type RawHandle } from "./core.js";
import { TextFile, type TextSettings } from "./text-file.js";

/** How long to wait before trying again a descriptor that said EAGAIN (doubling up to the last). */
const RETRY_MS = [1, 2, 5, 10, 20, 50] as const;

/**
 * A descriptor this process was given, read and written at its own position (shared with
 * `process.stdout`, `console.log` and whoever else writes to it), never closed. Node makes a pipe
 * non-blocking once `process.stdin` or `process.stdout` is used: a read or write that would block
 * (EAGAIN) is tried again a little later instead of failing.
 */
class StdioHandle implements RawHandle {
  readonly fd: number;

  constructor(fd: number) {
    this.fd = fd;
  }

  read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesRead: number }> {
    return retrying(
      () =>
        new Promise((resolve, reject) => {
          read(this.fd, buffer, offset, length, position, (err, bytesRead) =>
            err ? reject(err) : resolve({ bytesRead }),
          );
        }),
    );
  }

  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesWritten: number }> {
    return retrying(
      () =>
        new Promise((resolve, reject) => {
          write(this.fd, buffer, offset, length, position, (err, bytesWritten) =>
            err ? reject(err) : resolve({ bytesWritten }),
          );
        }),
    );
  }

  stat(): Promise<{ size: number }> {
    return new Promise((resolve, reject) => {
      fstat(this.fd, (err, stats) => (err ? reject(err) : resolve(stats)));
    });
  }

  truncate(length: number): Promise<void> {
    return new Promise((resolve, reject) => {
      ftruncate(this.fd, length, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** The descriptor stays open (Python's `closefd=False`): only the file object is closed. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== "EAGAIN" && code !== "EWOULDBLOCK") throw err;
      const ms = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}

/**
 * The core of descriptor `fd`: read or written sequentially at the descriptor's position (as a
 * pipe, also when it is a file: `seekable()` is false). Reading is buffered (stdin); writing is
 * not: every write goes out before it returns, so nothing is left to flush when the process exits.
 */
function stdioCore(fd: 0 | 1 | 2): FileCore {
  const reading = fd === 0;
  const flags = { readable: reading, writable: !reading, append: false, seekable: false };
  const name = ["<stdin>", "<stdout>", "<stderr>"][fd] as string;
  const core = new FileCore(new StdioHandle(fd), name, flags, reading ? DEFAULT_BUFFER_SIZE : 0, 0);
  core.rbuf = Buffer.alloc(0); // the read buffer is made by the first read, not on import
  return core;
}

/** Python's settings for the standard streams on POSIX (UTF-8, lines end with `\n`, untranslated). */
function textSettings(errors: "strict" | "replace"): TextSettings {
  return { codec: lookupCodec("utf-8"), encoding: "utf-8", errors, newline: "\n", lineBuffering: false };
}

const stdinCore = stdioCore(0);
const stdoutCore = stdioCore(1);
const stderrCore = stdioCore(2);

/**
 * Standard input, as text (UTF-8, `strict`; lines end at `\n`, untranslated, as Python's `sys.stdin`
 * on POSIX). Shares its buffer with {@link stdinBytes}. Closing it closes this object, never the
 * descriptor. Python: `aiofiles.stdin`.
 * @example
 * for (let line: string | null; (line = yield* anext(stdin, null)) !== null; ) yield* stdout.write(line.toUpperCase());
 */
export const stdin: TextFile = new TextFile(stdinCore, "r", textSettings("strict"));

/**
 * Standard output, as text (UTF-8, `strict`). Each write goes out before it returns (nothing is left
 * buffered at exit), at the descriptor's position (which `console.log` writes at too). Closing it
 * closes this object and {@link stdoutBytes}, never the descriptor. Python: `aiofiles.stdout`.
 * @example
 * yield* stdout.write("hello\n");
 */
export const stdout: TextFile = new TextFile(stdoutCore, "w", textSettings("strict"));

/**
 * Standard error, as text (UTF-8; `replace`, the nearest to Python's `backslashreplace`: a
 * character UTF-8 cannot take, a lone surrogate, is written as `?` rather than failing the write).
 * Each write goes out before it returns. Python: `aiofiles.stderr`.
 * @example
 * yield* stderr.write("warning: disk almost full\n");
 */
export const stderr: TextFile = new TextFile(stderrCore, "w", textSettings("replace"));

/** Standard input, as bytes (shares its buffer with {@link stdin}). Python: `aiofiles.stdin_bytes`. */
export const stdinBytes: BinaryFile = new BinaryFile(stdinCore, "rb");

/** Standard output, as bytes; each write goes out before it returns. Python: `aiofiles.stdout_bytes`. */
export const stdoutBytes: BinaryFile = new BinaryFile(stdoutCore, "wb");

/** Standard error, as bytes; each write goes out before it returns. Python: `aiofiles.stderr_bytes`. */
export const stderrBytes: BinaryFile = new BinaryFile(stderrCore, "wb");
