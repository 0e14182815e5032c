/** Handlers that write to files: plain and rotating. Python: `logging.FileHandler`, `logging.handlers.RotatingFileHandler`. */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { repr } from "@aio/loop";
import type { TextStream } from "../sys.js";
import { StreamHandler } from "./handler.js";
import { getLevelName, type Level, NOTSET } from "./levels.js";
import type { LogRecord } from "./record.js";

/** Options of {@link FileHandler}. */
export interface FileHandlerOptions {
  /** `"a"` (default) appends, `"w"` truncates. */
  mode?: "a" | "w" | undefined;
  /** Only `utf-8` (and its aliases) is written. */
  encoding?: string | undefined;
  /** Open the file at the first record rather than now. */
  delay?: boolean | undefined;
  level?: Level | undefined;
}

/**
 * Appends records to a file. Each record is written when it is emitted (a `write` of its text and
 * terminator), as CPython's FileHandler flushes after each record: nothing waits in memory, so a
 * process that is killed, aborts or dies of a signal right after logging leaves every record in
 * the file. A write that fails (a full disk, a file system gone read-only) is reported through
 * {@link Handler.handleError} (`--- Logging error ---` on stderr) and logging goes on; the next
 * record is tried again. Python:
 * `logging.FileHandler(filename, mode="a", encoding=None, delay=False)`.
 */
export class FileHandler extends StreamHandler {
  /** The absolute path. Python: `baseFilename`. */
  readonly baseFilename: string;
  readonly mode: "a" | "w";
  /** Whether the file is opened at the first record rather than at once. Python: `delay`. */
  readonly delay: boolean;
  protected fd: number | null = null;
  /** Bytes the file holds, as far as this handler knows (its size at open and what was written since). */
  protected size = 0;
  /**
   * The end of a record whose write failed part-way (a disk that filled up mid-record): written
   * before the next record, so that record ends whole and the next one starts its own line, as
   * CPython's buffered file keeps what the disk refused and writes it on the next flush.
   */
  private unwritten: Buffer | null = null;

  constructor(filename: string, options: FileHandlerOptions = {}) {
    // The file's stream. Each record is written when emitted; `flush()` only has something to do
    // after a write the disk cut short (see `unwritten`).
    const out: TextStream = {
      write: (text: string) => this.writeRecord(text),
      flush: () => this.writeUnwritten(),
    };
    super(out, options.level ?? NOTSET);
    if (typeof filename !== "string" || filename === "") {
      throw new TypeError(`filename must be a non-empty string, got ${repr(filename)}`);
    }
    const mode = options.mode ?? "a";
    if (mode !== "a" && mode !== "w") throw new RangeError(`invalid mode: ${repr(mode)}`);
    const enc = (options.encoding ?? "utf-8").toLowerCase().replace("_", "-");
    if (!["utf-8", "utf8", "u8"].includes(enc))
      throw new RangeError(`FileHandler writes UTF-8 only, not ${repr(options.encoding)}`);
    this.baseFilename = resolvePath(filename);
    this.mode = mode;
    this.delay = options.delay === true;
    if (!this.delay) this.open();
  }

  /** Opens the file (Python: `_open()`). */
  protected open(): void {
    if (this.fd !== null) return;
    this.fd = openSync(this.baseFilename, this.mode === "w" && !this.reopened ? "w" : "a");
    this.reopened = true;
    this.size = fstatSync(this.fd).size;
  }
  private reopened = false;

  /**
   * Writes one record's text now, all of it (a write may take only part). Throws what the
   * system call threw (StreamHandler's `emit` hands it to `handleError`); `size` counts only the
   * bytes that reached the file.
   */
  private writeRecord(text: string): void {
    if (this.closed && this.fd === null) {
      // Python reopens a closed FileHandler on emit; so do we.
      this.closed = false;
    }
    if (this.fd === null) this.open();
    const fd = this.fd as number;
    this.writeUnwritten(); // a failure here fails this record, which is not written
    let off = 0;
    try {
      off = writeSync(fd, text); // the string as it is: no Buffer unless the write comes up short
      if (off < Buffer.byteLength(text)) {
        const data = Buffer.from(text);
        try {
          while (off < data.length) off += writeSync(fd, data, off);
        } catch (err) {
          if (off > 0) this.unwritten = data.subarray(off);
          throw err;
        }
      }
    } finally {
      this.size += off;
    }
  }

  /** Writes the end of a record a failed write cut short, if any; throws if it fails again. */
  private writeUnwritten(): void {
    const data = this.unwritten;
    if (data === null || this.fd === null) return;
    let off = 0;
    try {
      while (off < data.length) off += writeSync(this.fd, data, off);
      this.unwritten = null;
    } finally {
      this.size += off;
      if (this.unwritten !== null) this.unwritten = data.subarray(off);
    }
  }

  override close(): void {
    try {
      this.flush(); // throws, as Python's close(), when the end of a cut record still cannot be written
    } finally {
      this.unwritten = null;
      if (this.fd !== null) {
        closeSync(this.fd);
        this.fd = null;
      }
      super.close();
    }
  }

  override toString(): string {
    return `<${this.constructor.name} ${this.baseFilename} (${getLevelName(this.level)})>`;
  }
}

/** Options of {@link RotatingFileHandler}. */
export interface RotatingFileHandlerOptions extends FileHandlerOptions {
  /** Roll over before a record would take the file to this many bytes (0: never). */
  maxBytes?: number | undefined;
  /** How many old files to keep (`app.log.1` … `app.log.N`); 0 keeps none (no rollover). */
  backupCount?: number | undefined;
}

/**
 * A FileHandler that starts a new file when the current one would pass `maxBytes`, keeping
 * `backupCount` old ones as `name.1` (newest) … `name.N`. Python:
 * `logging.handlers.RotatingFileHandler(filename, mode, maxBytes, backupCount)`.
 */
export class RotatingFileHandler extends FileHandler {
  readonly maxBytes: number;
  readonly backupCount: number;

  constructor(filename: string, options: RotatingFileHandlerOptions = {}) {
    const maxBytes = options.maxBytes ?? 0;
    const backupCount = options.backupCount ?? 0;
    if (!Number.isInteger(maxBytes) || maxBytes < 0)
      throw new RangeError(`maxBytes must be an integer >= 0, got ${repr(maxBytes)}`);
    if (!Number.isInteger(backupCount) || backupCount < 0)
      throw new RangeError(`backupCount must be an integer >= 0, got ${repr(backupCount)}`);
    // Python: rotation makes no sense with "w"; it appends.
    super(filename, { ...options, mode: maxBytes > 0 ? "a" : (options.mode ?? "a") });
    this.maxBytes = maxBytes;
    this.backupCount = backupCount;
  }

  /** Whether `record` would take the file past `maxBytes`. Python: `shouldRollover(record)`. */
  shouldRollover(record: LogRecord): boolean {
    if (this.maxBytes <= 0) return false;
    if (this.fd === null) this.open();
    const msg = `${this.format(record)}${this.terminator}`;
    return this.size > 0 && this.size + Buffer.byteLength(msg) >= this.maxBytes;
  }

  /**
   * Closes the file, shifts the backups and opens a new one, or with `delay` leaves the new one to
   * the next record (Python: `if not self.delay: self.stream = self._open()`). Python: `doRollover()`.
   */
  doRollover(): void {
    this.flush(); // the end of a record a full disk cut short belongs to this file
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    if (this.backupCount > 0) {
      for (let i = this.backupCount - 1; i > 0; i--) {
        try {
          renameSync(`${this.baseFilename}.${i}`, `${this.baseFilename}.${i + 1}`);
        } catch {
          // that backup does not exist yet
        }
      }
      rmSync(`${this.baseFilename}.1`, { force: true });
      // Python's rotate(): a file removed from under the handler (or never made, with delay) is
      // not there to rename; the new one is opened all the same.
      if (existsSync(this.baseFilename)) renameSync(this.baseFilename, `${this.baseFilename}.1`);
    }
    if (this.delay) return; // the next record opens the file (FileHandler's emit)
    this.fd = openSync(this.baseFilename, this.backupCount > 0 ? "w" : "a");
    this.size = fstatSync(this.fd).size;
  }

  override emit(record: LogRecord): void {
    try {
      if (this.shouldRollover(record)) this.doRollover();
    } catch (err) {
      this.handleError(record, err);
      return;
    }
    super.emit(record);
  }
}
