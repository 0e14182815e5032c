/**
 * @aio/fs — aiofiles for TypeScript: async files for coroutines, with Python's text I/O.
 * @packageDocumentation
 */

export { removeStaleTemps, type WriteAtomicOptions, writeAtomic } from "./atomic.js";
export { BinaryFile, type BytesLike } from "./binary-file.js";
export type { ErrorHandler } from "./codecs.js";
export {
  BlockingIOError,
  BrokenPipeError,
  ChildProcessError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileExistsError,
  FileNotFoundError,
  InterruptedError,
  IsADirectoryError,
  NotADirectoryError,
  OSError,
  type PathLike,
  PermissionError,
  ProcessLookupError,
  UnicodeDecodeError,
  UnicodeEncodeError,
  UnicodeError,
  UnsupportedOperation,
} from "./errors.js";
export { AsyncFile } from "./file.js";
export {
  type BinaryMode,
  FileOpener,
  type OpenOptions,
  open,
  type TextMode,
  type TextOpenOptions,
} from "./open.js";
export * as os from "./os.js";
export { DirEntry } from "./os.js";
export { stderr, stderrBytes, stdin, stdinBytes, stdout, stdoutBytes } from "./stdio.js";
export * as tempfile from "./tempfile.js";
export { type Newline, TextFile } from "./text-file.js";
