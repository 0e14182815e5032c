/** The handler base, the stream handler and the last resort. Python: `logging.Handler`, `StreamHandler`, `lastResort`. */
import { repr } from "@aio/loop";
import { formatException } from "../frames.js";
import { sys, type TextStream } from "../sys.js";
import { Filterer } from "./filter.js";
import { Formatter } from "./formatter.js";
import { checkLevel, getLevelName, type Level, NOTSET, WARNING } from "./levels.js";
import { options } from "./options.js";
import type { LogRecord } from "./record.js";

/** Every handler not yet closed, for `shutdown()`. */
const allHandlers = new Set<Handler>();
let defaultFormatter: Formatter | null = null;

/**
 * Where records go. Subclasses implement `emit(record)`. Python: `logging.Handler`.
 */
export abstract class Handler extends Filterer {
  level: number;
  formatter: Formatter | null = null;
  /** A name for configuration. */
  name: string | null = null;
  protected closed = false;

  constructor(level: Level = NOTSET) {
    super();
    this.level = checkLevel(level);
    allHandlers.add(this);
  }

  /** Python: `setLevel(level)`. */
  setLevel(level: Level): void {
    this.level = checkLevel(level);
  }
  /** Python: `setFormatter(fmt)`. */
  setFormatter(formatter: Formatter | null): void {
    this.formatter = formatter;
  }
  /** The record as text, with this handler's formatter (or the default one). */
  format(record: LogRecord): string {
    const f = this.formatter ?? (defaultFormatter ??= new Formatter());
    return f.format(record);
  }
  /** Filters, then emits. Returns the record that was emitted, or false. Python: `handle(record)`. */
  handle(record: LogRecord): LogRecord | false {
    const rec = this.filter(record);
    if (rec === false) return false;
    this.emit(rec);
    return rec;
  }
  /** Writes the record somewhere. */
  abstract emit(record: LogRecord): void;
  /** Writes out anything buffered. */
  flush(): void {}
  /** Releases what the handler holds. Python: `close()`. */
  close(): void {
    this.closed = true;
    allHandlers.delete(this);
  }
  /**
   * A record could not be emitted (a bad format, a stream that throws): reported on stderr as
   * Python's `handleError` does, and logging goes on. Set `raiseExceptions = false` to stay silent.
   */
  handleError(record: LogRecord, error: unknown): void {
    if (!options.raiseExceptions) return;
    try {
      let shown: string;
      try {
        // Python prints the args tuple: `()`, `('one',)`, `(1, 2)`; a mapping as a dict.
        const a = record.args;
        const args = Array.isArray(a)
          ? a.length === 1
            ? `(${repr(a[0])},)`
            : `(${a.map((x) => repr(x)).join(", ")})`
          : a === null
            ? "()"
            : repr(a);
        shown = `Message: ${repr(typeof record.msg === "string" ? record.msg : String(record.msg))}\nArguments: ${args}\n`;
      } catch {
        // Python's words when the message and arguments cannot be printed.
        shown =
          "Unable to print the message and arguments - possible formatting error.\n" +
          "Use the traceback above to help find the error.\n";
      }
      sys.stderr.write(`--- Logging error ---\n${formatException(error)}\n${shown}`);
    } catch {
      // stderr itself failed: nothing left to tell
    }
  }
  /** Python: `repr(handler)`. */
  override toString(): string {
    return `<${this.constructor.name} (${getLevelName(this.level)})>`;
  }
}

/** Writes records to a stream, one per line. Python: `logging.StreamHandler(stream)`. */
export class StreamHandler extends Handler {
  /** The stream (default `sys.stderr` when the handler is made). */
  stream: TextStream;
  /** Written after each record. */
  terminator = "\n";

  constructor(stream: TextStream | null = null, level: Level = NOTSET) {
    super(level);
    if (stream !== null && (typeof stream !== "object" || typeof stream.write !== "function")) {
      throw new TypeError(`stream must have a write() method, got ${repr(stream)}`);
    }
    this.stream = stream ?? sys.stderr;
  }
  override emit(record: LogRecord): void {
    try {
      const msg = this.format(record);
      this.stream.write(msg + this.terminator);
      // Python's StreamHandler flushes its stream after each record.
      this.flush();
    } catch (err) {
      this.handleError(record, err);
    }
  }
  override flush(): void {
    // A method only: Node's fs.WriteStream has a `flush` that is its boolean option.
    if (typeof this.stream.flush === "function") this.stream.flush();
  }
  /** Replaces the stream; returns the old one. Python: `setStream(stream)`. */
  setStream(stream: TextStream): TextStream | null {
    if (stream === this.stream) return null;
    const old = this.stream;
    this.flush();
    this.stream = stream;
    return old;
  }
}

/** Python's `logging.lastResort`: WARNING and above, bare messages on `sys.stderr` (looked up per record). */
class LastResortHandler extends Handler {
  override emit(record: LogRecord): void {
    try {
      sys.stderr.write(`${this.format(record)}\n`);
    } catch (err) {
      this.handleError(record, err);
    }
  }
}

/** @internal a new last-resort handler (not one `shutdown()` closes) */
export function newLastResort(): Handler {
  const handler = new LastResortHandler(WARNING);
  allHandlers.delete(handler);
  return handler;
}

/** Flushes and closes every handler. Python: `logging.shutdown()` (runs at exit). */
export function shutdown(): void {
  for (const h of [...allHandlers]) {
    try {
      h.flush();
    } catch {
      // Python ignores errors at shutdown
    }
    try {
      h.close(); // even when flush() failed (a full disk): the file is closed all the same
    } catch {
      // Python ignores errors at shutdown
    }
  }
}
