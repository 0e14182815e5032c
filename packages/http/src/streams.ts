/**
 * A response body as it arrives: aiohttp's `StreamReader` (`resp.content`). Bytes are buffered as
 * the socket delivers them; past a high-water mark the socket is paused until reading drains the
 * buffer. Reads are coroutines; a read cancelled while it waits consumes nothing (what a long read
 * had taken goes back to the buffer), and a read never waits on a paused socket.
 */
import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { type Coro, toPromise } from "@aio/task";
import { END, type FastAsyncIterator, NEXT, NEXT_NOW, NOT_NOW, refuseAwait } from "@aio/task/internal";

/**
 * The stream ended before `expected` bytes came. Python: `asyncio.IncompleteReadError`:
 * `3 bytes read on a total of 10 expected bytes`.
 */
export class IncompleteReadError extends Error {
  override name = "IncompleteReadError";
  /** What was read before the end. */
  readonly partial: Buffer;
  readonly expected: number | null;
  constructor(partial: Buffer, expected: number | null) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? "undefined" : expected} expected bytes`,
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/** What a stream tells its source: stop reading the socket for now, or go on. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

const EMPTY = Buffer.alloc(0);

/** @internal Who wants to know when a body is complete (an object, not a closure: one per request). */
export interface StreamListener {
  streamDone(): void;
}

/**
 * The bytes of a response body. Python: `aiohttp.StreamReader`. Iterating it yields lines (`async
 * for line in resp.content`); `iterChunked(n)`, `iterAny()` and `iterLine()` give other cuts.
 * @example
 * for (let line: Buffer | null; (line = yield* anext(resp.content, null)) !== null; ) …
 */
export class StreamReader implements FastAsyncIterator<Buffer>, AsyncIterable<Buffer> {
  #chunks: Buffer[] = [];
  #size = 0;
  #eof = false;
  #error: unknown = null;
  #waiter: Future<void> | null = null;
  #paused = false;
  #flow: FlowControl | null = null;
  #whenDone: StreamListener[] = [];
  readonly #lowWater: number;
  readonly #highWater: number;
  /** Bytes read by the consumer so far. */
  #consumed = 0;

  /** @internal */
  constructor(limit = 64 * 1024) {
    this.#lowWater = limit;
    this.#highWater = 2 * limit;
  }

  /**
   * `[low, high]`: the socket is paused past `high` buffered bytes (twice the session's or
   * request's `readBufsize`) and resumed below `low`. Python: `get_read_buffer_limits()`.
   */
  getReadBufferLimits(): [number, number] {
    return [this.#lowWater, this.#highWater];
  }

  /** @internal The source's flow control. */
  attach(flow: FlowControl): void {
    this.#flow = flow;
  }

  /** @internal Tells `listener` once the body is complete or broke off (at once if it did already). */
  whenDone(listener: StreamListener): void {
    if (this.#eof || this.#error !== null) listener.streamDone();
    else this.#whenDone.push(listener);
  }

  #done(): void {
    const listeners = this.#whenDone;
    this.#whenDone = [];
    for (const listener of listeners) listener.streamDone();
  }

  /** @internal Bytes from the socket. */
  feedData(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (!this.#paused && this.#size > this.#highWater && this.#flow !== null) {
      this.#paused = true;
      this.#flow.pause();
    }
    this.#wake();
  }

  /** @internal The body is complete. */
  feedEof(): void {
    if (this.#eof) return;
    this.#eof = true;
    this.#wake();
    this.#done();
  }

  /**
   * The body broke off: the next read raises `error` (the first error is kept; as aiohttp's, even a
   * complete body's reads raise it then). Python: `set_exception()`.
   */
  setException(error: unknown): void {
    if (this.#error !== null) return;
    this.#error = error;
    this.#wake();
    this.#done();
  }

  /** The exception the stream ended with, if any. */
  exception(): unknown {
    return this.#error;
  }

  /** Whether the whole body was received and read. Python: `at_eof()`. */
  atEof(): boolean {
    return this.#eof && this.#size === 0;
  }

  /** Whether the whole body was received. Python: `is_eof()`. */
  isEof(): boolean {
    return this.#eof;
  }

  /** Bytes received and not read yet. */
  get buffered(): number {
    return this.#size;
  }

  /** Bytes read so far. */
  get totalRead(): number {
    return this.#consumed;
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = null;
    if (w !== null && !w.done()) w.setResult(undefined);
  }

  /**
   * Waits until more data, the end, or an error is there: on a Future of the loop that the socket's
   * callbacks settle directly (they run on the loop's thread); outside work for the virtual clock.
   */
  *#wait(): Coro<void> {
    if (this.#waiter !== null) throw new Error("Another read is already waiting for data on this stream");
    const loop = getRunningLoop();
    const arrived = loop.createFuture<void>() as Future<void>;
    this.#waiter = arrived;
    const untrack = loop.trackOutsideOperation("http", "read body");
    try {
      yield* arrived;
    } finally {
      untrack();
      this.#waiter = null;
    }
  }

  /**
   * Waits for more while a read holds `parts` it has consumed already: if the wait fails (a
   * cancellation, the body breaking off), they go back to the front of the buffer, unread.
   */
  *#waitHolding(parts: Buffer[]): Coro<void> {
    try {
      yield* this.#wait();
      this.#check();
    } catch (err) {
      this.#giveBack(parts);
      throw err;
    }
  }

  /** Puts consumed bytes back in front of the buffer. */
  #giveBack(parts: Buffer[]): void {
    let n = 0;
    for (const p of parts) n += p.length;
    this.#chunks.unshift(...parts);
    this.#size += n;
    this.#consumed -= n;
    parts.length = 0;
  }

  #check(): void {
    if (this.#error !== null) throw this.#error;
  }

  /** Consumes `n` buffered bytes (n ≤ buffered). */
  #take(n: number): Buffer {
    if (n === 0) return EMPTY;
    let out: Buffer;
    const first = this.#chunks[0] as Buffer;
    if (first.length === n) {
      this.#chunks.shift();
      out = first;
    } else if (first.length > n) {
      out = first.subarray(0, n);
      this.#chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let at = 0;
      while (at < n) {
        const c = this.#chunks[0] as Buffer;
        const take = Math.min(c.length, n - at);
        c.copy(out, at, 0, take);
        at += take;
        if (take === c.length) this.#chunks.shift();
        else this.#chunks[0] = c.subarray(take);
      }
    }
    this.#size -= n;
    this.#consumed += n;
    if (this.#paused && this.#size <= this.#highWater / 2 && this.#flow !== null) {
      this.#paused = false;
      this.#flow.resume();
    }
    return out;
  }

  /**
   * Puts `data` back in front of what is buffered, to be read again (the multipart reader gives
   * back the boundary it read past a part's end). Python: `content.unread_data(data)`
   * (deprecated there for users' code).
   */
  unreadData(data: Uint8Array): void {
    if (data.length === 0) return;
    this.#chunks.unshift(Buffer.isBuffer(data) ? data : Buffer.from(data));
    this.#size += data.length;
    this.#consumed -= data.length;
  }

  /** Up to `n` bytes (at least one unless at the end); all the rest with `n = -1`. Python: `await content.read(n=-1)`. */
  *read(n = -1): Coro<Buffer> {
    if (!Number.isInteger(n)) throw new TypeError(`read() takes an integer, got ${n}`);
    this.#check();
    if (n === 0) return EMPTY;
    if (n < 0) {
      // Consumed as it arrives (aiohttp: readany() until the end), so a body larger than the
      // high-water mark never leaves the socket paused with the reader waiting for the end.
      const parts: Buffer[] = [];
      for (;;) {
        if (this.#size > 0) parts.push(this.#take(this.#size));
        if (this.#eof) break;
        yield* this.#waitHolding(parts);
      }
      return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    }
    while (this.#size === 0 && !this.#eof) {
      yield* this.#wait();
      this.#check();
    }
    return this.#take(Math.min(n, this.#size));
  }

  /** What is buffered, or the next chunk to arrive (empty at the end). Python: `await content.readany()`. */
  *readany(): Coro<Buffer> {
    this.#check();
    while (this.#size === 0 && !this.#eof) {
      yield* this.#wait();
      this.#check();
    }
    return this.#take(this.#size);
  }

  /** Exactly `n` bytes, or `IncompleteReadError` if the body ends first. Python: `await content.readexactly(n)`. */
  *readexactly(n: number): Coro<Buffer> {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`readexactly size can not be less than zero, got ${n}`);
    this.#check();
    // Block by block, as aiohttp reads it: n may be larger than the high-water mark.
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0) {
      if (this.#size === 0) {
        if (this.#eof) throw new IncompleteReadError(Buffer.concat(parts), n);
        yield* this.#waitHolding(parts);
        continue;
      }
      const block = this.#take(Math.min(missing, this.#size));
      parts.push(block);
      missing -= block.length;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /** The next line with its `\n` (the rest at the end; empty after it). Python: `await content.readline()`. */
  *readline(): Coro<Buffer> {
    this.#check();
    const line = this.#lineNow();
    if (line !== null) return line;
    // The line is consumed as it arrives (so the socket resumes), up to the high-water mark:
    // aiohttp's `ValueError: Chunk too big` past it.
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const nl = this.#newlineAt();
      const piece = nl !== -1 ? this.#take(nl + 1) : this.#size > 0 ? this.#take(this.#size) : EMPTY;
      if (piece.length > 0) parts.push(piece);
      size += piece.length;
      if (size > this.#highWater) {
        this.#giveBack(parts);
        throw new RangeError("Chunk too big");
      }
      if (nl !== -1 || this.#eof) break;
      yield* this.#waitHolding(parts);
    }
    return Buffer.concat(parts, size);
  }

  /** Where the first buffered `\n` is (an offset into the buffered bytes), or -1. */
  #newlineAt(): number {
    let at = 0;
    for (const chunk of this.#chunks) {
      const nl = chunk.indexOf(0x0a);
      if (nl !== -1) return at + nl;
      at += chunk.length;
    }
    return -1;
  }

  /** A line if one is buffered (or the rest, at the end) and not too long, else null. */
  #lineNow(): Buffer | null {
    const nl = this.#newlineAt();
    const size = nl !== -1 ? nl + 1 : this.#eof ? this.#size : -1;
    return size === -1 || size > this.#highWater ? null : this.#take(size);
  }

  /** Lines: `async for line in resp.content`. */
  [NEXT_NOW](): Buffer | typeof END | typeof NOT_NOW {
    this.#check();
    const line = this.#lineNow();
    if (line === null) return NOT_NOW;
    return line.length === 0 ? END : line;
  }

  *[NEXT](): Coro<Buffer | typeof END> {
    const line = yield* this.readline();
    return line.length === 0 ? END : line;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return promiseIterator(this);
  }

  /** Chunks of at most `n` bytes. Python: `content.iter_chunked(n)`. */
  iterChunked(n: number): StreamCut {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`iter_chunked needs a positive size, got ${n}`);
    return new StreamCut(this, () => this.read(n));
  }

  /** Each chunk as it arrives. Python: `content.iter_any()`. */
  iterAny(): StreamCut {
    return new StreamCut(this, () => this.readany());
  }

  /** Lines. Python: `content.iter_line()` (the same as iterating the stream). */
  iterLine(): StreamCut {
    return new StreamCut(this, () => this.readline());
  }
}

/** An async iterable cut of a stream: chunks, arrivals or lines. */
export class StreamCut implements FastAsyncIterator<Buffer>, AsyncIterable<Buffer> {
  readonly #stream: StreamReader;
  readonly #next: () => Coro<Buffer>;

  /** @internal */
  constructor(stream: StreamReader, next: () => Coro<Buffer>) {
    this.#stream = stream;
    this.#next = next;
  }

  [NEXT_NOW](): Buffer | typeof END | typeof NOT_NOW {
    return this.#stream.atEof() && this.#stream.exception() === null ? END : NOT_NOW;
  }

  *[NEXT](): Coro<Buffer | typeof END> {
    const chunk = yield* this.#next();
    return chunk.length === 0 ? END : chunk;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return promiseIterator(this);
  }
}

/**
 * `for await` over a library iterable: items at hand come back at once, the others through the
 * loop. @internal shared with the multipart readers
 */
export function promiseIterator<T>(source: FastAsyncIterator<T>): AsyncIterator<T> {
  return {
    next: async (): Promise<IteratorResult<T>> => {
      let item = source[NEXT_NOW]();
      if (item === NOT_NOW) item = await toPromise(source[NEXT]());
      return item === END ? { done: true, value: undefined } : { done: false, value: item as T };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncIterator<T>;
}

for (const name of ["read", "readany", "readexactly", "readline"] as const) {
  refuseAwait(StreamReader.prototype[name], name);
}
