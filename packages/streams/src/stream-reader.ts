/**
 * asyncio's high-level streams: `StreamReader` (this file) reads what a connection or a child
 * process delivers. Python: `asyncio.streams`.
 *
 * Bytes wait in the reader's buffer until read. A read that has to wait consumes nothing until it
 * returns, so a read cancelled while waiting leaves every buffered byte for the next one. Past
 * twice the `limit`, the reader pauses its transport; reading below the limit resumes it.
 */
import type { Future } from "@aio/future";
import { type EventLoop, getEventLoop, repr, reprSymbol, tryGetRunningLoop, typeName } from "@aio/loop";
import { type Coro, toPromise } from "@aio/task";
import { END, NEXT, NEXT_NOW, NOT_NOW, refuseAwait } from "@aio/task/internal";
import { IncompleteReadError, LimitOverrunError } from "./errors.js";
import { ByteBuffer } from "./internal/byte-buffer.js";

/** The default line and buffer limit: 64 KiB. Python: `asyncio.streams._DEFAULT_LIMIT`. */
export const DEFAULT_LIMIT = 2 ** 16;

/** What a reader asks of the transport that feeds it: stop reading for now, or go on. */
export interface ReadingControl {
  pauseReading(): void;
  resumeReading(): void;
}

/** Options of `new StreamReader()`. */
export interface StreamReaderOptions {
  /** The line length limit, and half the buffer's (default 64 KiB). */
  limit?: number | undefined;
  /** The loop its reads wait on (default: the running loop, else `getEventLoop()`). */
  loop?: EventLoop | undefined;
}

/** A separator for `readuntil`: bytes, or a string (sent as UTF-8). */
export type Separator = Uint8Array | string;

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from("\n");
const KNOWN_OPTIONS = new Set(["limit", "loop"]);

function separatorBytes(sep: unknown): Buffer {
  if (typeof sep === "string") return Buffer.from(sep, "utf8");
  if (sep instanceof Uint8Array) return Buffer.from(sep.buffer, sep.byteOffset, sep.byteLength);
  throw new TypeError(`a bytes-like object or a string is required as separator, not '${typeName(sep)}'`);
}

function checkSize(n: unknown, what: string): number {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`${what} must be an integer, not '${typeName(n)}'`);
  }
  return n;
}

/**
 * The bytes a connection or a child process delivers, read as they come. Python:
 * `asyncio.StreamReader`.
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 * const line = yield* reader.readline();
 * for await (const line of reader) console.log(line.toString());
 */
export class StreamReader implements AsyncIterable<Buffer> {
  /** The line length limit (Python's `_limit`). */
  readonly limit: number;
  private readonly loop: EventLoop;
  private readonly buffer = new ByteBuffer();
  private eof = false;
  /** The future a read waits on for more data (one reader at a time), or null. */
  private waiter: Future<void> | null = null;
  private error: unknown = null;
  private hasError = false;
  private transport: ReadingControl | null = null;
  /** The transport was paused by this reader (its buffer passed twice the limit). */
  private paused = false;

  constructor(options: StreamReaderOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`StreamReader options must be an object, got ${repr(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.has(key))
        throw new TypeError(`StreamReader() got an unexpected keyword argument '${key}'`);
    }
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (typeof limit !== "number" || Number.isNaN(limit)) {
      throw new TypeError(`limit must be a number, got ${repr(limit)}`);
    }
    if (limit <= 0) throw new RangeError("Limit cannot be <= 0");
    this.limit = limit;
    this.loop = options.loop ?? tryGetRunningLoop() ?? getEventLoop();
  }

  /** The error the stream ended with (`setException`), or null. Python: `reader.exception()`. */
  exception(): unknown {
    return this.hasError ? this.error : null;
  }

  /** Ends the stream with `exc`: the waiting read and every later one raise it. Python: `reader.set_exception(exc)`. */
  setException(exc: unknown): void {
    this.error = exc;
    this.hasError = true;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      if (!waiter.cancelled()) waiter.setException(exc);
    }
  }

  /** The transport to pause and resume as the buffer fills and drains. Python: `reader.set_transport(transport)`. */
  setTransport(transport: ReadingControl): void {
    if (this.transport !== null) throw new Error("Transport already set");
    this.transport = transport;
  }

  /** @internal startTls: the TLS transport now feeds the reader */
  _replaceTransport(transport: ReadingControl): void {
    this.transport = transport;
    if (this.paused) transport.pauseReading();
  }

  /** No more data will come. Python: `reader.feed_eof()`. */
  feedEof(): void {
    this.eof = true;
    this.wakeUpWaiter();
  }

  /** Whether the stream has ended and every byte was read. Python: `reader.at_eof()`. */
  atEof(): boolean {
    return this.eof && this.buffer.length === 0;
  }

  /** Delivers bytes to the reader (what a transport's protocol does). Python: `reader.feed_data(data)`. */
  feedData(data: Uint8Array): void {
    if (this.eof) throw new Error("feed_data after feed_eof");
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`a bytes-like object is required, not '${typeName(data)}'`);
    }
    if (data.length === 0) return;
    this.buffer.push(data);
    this.fed();
  }

  /**
   * @internal feedData() of a chunk nobody else holds (what a transport received): kept as it
   * is, not copied, and a read that takes all of it gets it back.
   */
  _feedOwned(data: Buffer): void {
    if (this.eof) throw new Error("feed_data after feed_eof");
    if (data.length === 0) return;
    this.buffer.pushOwned(data);
    this.fed();
  }

  /** Data came: the waiting read wakes, and reading pauses past twice the limit. */
  private fed(): void {
    this.wakeUpWaiter();
    if (this.transport !== null && !this.paused && this.buffer.length > 2 * this.limit) {
      this.transport.pauseReading();
      this.paused = true;
    }
  }

  /**
   * Up to `n` bytes (`n < 0`: everything until the end). Waits only when nothing is buffered; at
   * the end returns an empty Buffer. Python: `await reader.read(n=-1)`.
   */
  *read(n = -1): Coro<Buffer> {
    checkSize(n, "read size");
    this.raiseIfFailed();
    if (n === 0) return EMPTY;
    if (n < 0) {
      const blocks: Buffer[] = [];
      for (;;) {
        const block = yield* this.read(this.limit);
        if (block.length === 0) break;
        blocks.push(block);
      }
      return Buffer.concat(blocks);
    }
    if (this.buffer.length === 0 && !this.eof) {
      const waiter = this.waitForData("read");
      try {
        yield* waiter;
      } finally {
        this.waited(waiter);
      }
    }
    const data = this.buffer.take(n);
    this.maybeResumeTransport();
    return data;
  }

  /**
   * The next line, up to and with its `\n`; at the end, what is left (maybe empty). A line longer
   * than the limit raises `RangeError` (Python's ValueError) and is dropped. Python: `await reader.readline()`.
   */
  *readline(): Coro<Buffer> {
    try {
      return yield* this.readuntil(NEWLINE);
    } catch (err) {
      if (err instanceof IncompleteReadError) return err.partial;
      if (err instanceof LimitOverrunError) {
        if (this.buffer.startsWith(NEWLINE, err.consumed)) this.buffer.skip(err.consumed + NEWLINE.length);
        else this.buffer.clear();
        this.maybeResumeTransport();
        throw new RangeError(err.message);
      }
      throw err;
    }
  }

  /**
   * The bytes up to and with the first separator (with several, the match that ends first).
   * `IncompleteReadError` at the end without one (its `partial` is what was left), and
   * `LimitOverrunError` past the limit (the bytes stay buffered). Python 3.13:
   * `await reader.readuntil(separator=b'\n')`, `separator` a bytes object or a tuple of them.
   */
  *readuntil(separator: Separator | readonly Separator[] = NEWLINE): Coro<Buffer> {
    const list = Array.isArray(separator) ? separator.map(separatorBytes) : [separatorBytes(separator)];
    if (list.length === 0) throw new RangeError("Separator should contain at least one element");
    // The shortest first (Python sorts them by length), so that of two matches ending together the
    // shorter wins.
    list.sort((a, b) => a.length - b.length);
    const minLen = (list[0] as Buffer).length;
    const maxLen = (list[list.length - 1] as Buffer).length;
    if (minLen === 0) throw new RangeError("Separator should be at least one-byte string");
    this.raiseIfFailed();
    let offset = 0;
    let matchStart = -1;
    let matchEnd = -1;
    for (;;) {
      const buflen = this.buffer.length;
      if (buflen - offset >= minLen) {
        for (const sep of list) {
          const at = this.buffer.indexOf(sep, offset);
          if (at !== -1 && (matchEnd === -1 || at + sep.length < matchEnd)) {
            matchStart = at;
            matchEnd = at + sep.length;
          }
        }
        if (matchEnd !== -1) break;
        offset = Math.max(0, buflen + 1 - maxLen);
        if (offset > this.limit) {
          throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
      }
      if (this.eof) {
        const chunk = this.buffer.take(this.buffer.length);
        throw new IncompleteReadError(chunk, null);
      }
      const waiter = this.waitForData("readuntil");
      try {
        yield* waiter;
      } finally {
        this.waited(waiter);
      }
    }
    if (matchStart > this.limit) {
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    }
    const chunk = this.buffer.take(matchEnd);
    this.maybeResumeTransport();
    return chunk;
  }

  /**
   * Exactly `n` bytes; `IncompleteReadError` (with what came) if the stream ends first.
   * Python: `await reader.readexactly(n)`.
   */
  *readexactly(n: number): Coro<Buffer> {
    checkSize(n, "readexactly size");
    if (n < 0) throw new RangeError("readexactly size can not be less than zero");
    this.raiseIfFailed();
    if (n === 0) return EMPTY;
    while (this.buffer.length < n) {
      if (this.eof) {
        const incomplete = this.buffer.take(this.buffer.length);
        throw new IncompleteReadError(incomplete, n);
      }
      const waiter = this.waitForData("readexactly");
      try {
        yield* waiter;
      } finally {
        this.waited(waiter);
      }
    }
    const data = this.buffer.take(n);
    this.maybeResumeTransport();
    return data;
  }

  /** @internal the next line when it is at hand, without the loop (see `anext`) */
  [NEXT_NOW](): Buffer | typeof END | typeof NOT_NOW {
    if (this.hasError) return NOT_NOW;
    const at = this.buffer.indexOf(NEWLINE, 0);
    if (at !== -1 && at <= this.limit) {
      const line = this.buffer.take(at + 1);
      this.maybeResumeTransport();
      return line;
    }
    if (this.eof && this.buffer.length === 0) return END;
    return NOT_NOW;
  }

  /** @internal the next line, or END */
  *[NEXT](): Coro<Buffer | typeof END> {
    const line = yield* this.readline();
    return line.length === 0 ? END : line;
  }

  /** Lines until the end: `for await (const line of reader)`. Python: `async for line in reader`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Buffer> {
    const source = this;
    return {
      async next(): Promise<IteratorResult<Buffer>> {
        let item = source[NEXT_NOW]();
        if (item === NOT_NOW) item = await toPromise(source[NEXT]());
        return item === END ? { done: true, value: undefined } : { done: false, value: item as Buffer };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Python's repr: `<StreamReader 5 bytes eof limit=10 waiter=… exception=… transport=… paused>`. */
  [reprSymbol](): string {
    const info = ["StreamReader"];
    if (this.buffer.length > 0) info.push(`${this.buffer.length} bytes`);
    if (this.eof) info.push("eof");
    if (this.limit !== DEFAULT_LIMIT) info.push(`limit=${this.limit}`);
    if (this.waiter !== null) info.push(`waiter=${repr(this.waiter)}`);
    if (this.hasError) info.push(`exception=${repr(this.error)}`);
    if (this.transport !== null) info.push(`transport=${repr(this.transport)}`);
    if (this.paused) info.push("paused");
    return `<${info.join(" ")}>`;
  }

  toString(): string {
    return this[reprSymbol]();
  }

  private raiseIfFailed(): void {
    if (this.hasError) throw this.error;
  }

  private wakeUpWaiter(): void {
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      if (!waiter.cancelled()) waiter.setResult(undefined);
    }
  }

  private maybeResumeTransport(): void {
    if (this.paused && this.buffer.length <= this.limit) {
      this.paused = false;
      this.transport?.resumeReading();
    }
  }

  /**
   * Waits until data or the end comes (one waiting read at a time). Python: `_wait_for_data`.
   * The caller does `yield* waiter` and then `waited(waiter)`, in a finally: no generator of
   * its own per wait (a read waits once per chunk that arrives).
   */
  private waitForData(funcName: string): Future<void> {
    if (this.waiter !== null) {
      throw new Error(`${funcName}() called while another coroutine is already waiting for incoming data`);
    }
    if (this.paused) {
      this.paused = false;
      this.transport?.resumeReading();
    }
    const waiter = this.loop.createFuture<void>() as Future<void>;
    this.waiter = waiter;
    return waiter;
  }

  /** The wait on `waiter` is over (done, failed or cancelled). */
  private waited(waiter: Future<void>): void {
    if (this.waiter === waiter) this.waiter = null;
  }
}

for (const name of ["read", "readline", "readuntil", "readexactly"] as const) {
  refuseAwait(StreamReader.prototype[name], `StreamReader.${name}`);
}
