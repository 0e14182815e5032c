/**
 * One open file underneath a file object: the handle, the logical position, a read buffer, a
 * write buffer and a FIFO lock, so that operations on one file never interleave.
 *
 * Reads and writes are positional (`pread`/`pwrite` at the logical position), so buffered data is
 * dropped or flushed without seeking the descriptor. Raw I/O runs as Promises that update this
 * state when they complete, even if the coroutine that started them was cancelled; what a read
 * *returns* is consumed from the buffers only by the coroutine, synchronously, after its last
 * await. So a cancelled read leaves its data buffered for the next one, and the lock passes on
 * only once the I/O in flight has landed: the file stays consistent and usable.
 */
import { type Coro, fromPromise } from "@aio/task";
import { osError, type PathLike } from "./errors.js";

/** Bytes read ahead and written behind by default (Python's is 8 KiB; files are faster in 64 KiB). */
export const DEFAULT_BUFFER_SIZE = 64 * 1024;

/** What a file object needs of Node's FileHandle (an in-memory spooled file offers the same). */
export interface RawHandle {
  readonly fd: number;
  read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesRead: number }>;
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesWritten: number }>;
  stat(): Promise<{ size: number }>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

interface Waiter {
  granted: boolean;
  resolve: () => void;
}

function noop(): void {}

/** The open file shared by a file object's methods. */
export class FileCore {
  readonly handle: RawHandle;
  /** Run once the handle is closed (a named temporary file deletes itself). */
  readonly closeHooks: (() => Promise<void>)[] = [];
  readonly name: PathLike;
  readonly readable: boolean;
  readonly writable: boolean;
  /** Opened with `a`: every write goes to the end (O_APPEND). */
  readonly append: boolean;
  /** A regular file (positional I/O); false for pipes, sockets and terminals (sequential I/O). */
  readonly seekable: boolean;
  /** 0: unbuffered (reads fetch only what is asked, writes go out at once). */
  readonly bufferSize: number;
  /** The logical position: what `tell()` returns. */
  pos: number;
  /** Read-ahead: `rbuf[rstart, rend)` are the file's bytes at `[pos, pos + rend - rstart)`. */
  rbuf: Buffer;
  rstart = 0;
  rend = 0;
  /** Write-behind: `wbuf[0, wlen)` go to the file at `pos - wlen`. */
  wbuf: Buffer | null = null;
  wlen = 0;
  closed = false;
  /** Held by the coroutine running an operation; fast paths only run when nobody holds it. */
  locked = false;
  #waiters: Waiter[] = [];
  /** Raw I/O in flight (settles, never rejects). */
  #io: Promise<void> | null = null;
  /** The next block, read while the current one is consumed (sequential reading only). */
  #ahead: ReadAhead | null = null;
  /** Where the last fill ended: a fill starting there is sequential reading. */
  #lastFillEnd = 0;

  constructor(
    handle: RawHandle,
    name: PathLike,
    flags: { readable: boolean; writable: boolean; append: boolean; seekable: boolean },
    bufferSize: number,
    pos: number,
  ) {
    this.handle = handle;
    this.name = name;
    this.readable = flags.readable;
    this.writable = flags.writable;
    this.append = flags.append;
    this.seekable = flags.seekable;
    this.bufferSize = bufferSize;
    this.pos = pos;
    this.rbuf = Buffer.allocUnsafe(flags.readable ? Math.max(bufferSize, 1) : 0);
  }

  /** Bytes read ahead and not yet consumed. */
  get available(): number {
    return this.rend - this.rstart;
  }

  // --- the lock ------------------------------------------------------------------------------

  /** Takes the file's lock, in arrival order. */
  *acquire(): Coro<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    const waiter: Waiter = { granted: false, resolve: noop };
    const granted = new Promise<void>((resolve) => {
      waiter.resolve = resolve;
    });
    this.#waiters.push(waiter);
    try {
      yield* fromPromise(granted);
    } catch (err) {
      if (waiter.granted) this.release();
      else this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      throw err;
    }
  }

  /** The lock for Promise code (closing from `Symbol.asyncDispose`), which cannot be cancelled. */
  acquireNow(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.#waiters.push({ granted: false, resolve });
    });
  }

  /** Passes the lock on, once the I/O in flight (if the holder was cancelled awaiting it) landed. */
  release(): void {
    const io = this.#io;
    if (io === null) this.#grant();
    else void io.then(() => this.#grant());
  }

  #grant(): void {
    const next = this.#waiters.shift();
    if (next === undefined) this.locked = false;
    else {
      next.granted = true;
      next.resolve();
    }
  }

  /**
   * Awaits raw I/O from a coroutine holding the lock. The I/O runs to its end even if the
   * coroutine is cancelled; its errors become Python's OSErrors naming this file.
   */
  *io<T>(work: Promise<T>): Coro<T> {
    const settled = work.then(noop, noop);
    this.#io = settled;
    void settled.then(() => {
      if (this.#io === settled) this.#io = null;
    });
    try {
      return yield* fromPromise(work);
    } catch (err) {
      throw osError(err, this.name);
    }
  }

  // --- raw I/O (each updates the state itself when it completes) -----------------------------

  /** The offset for a positional call, or null (the descriptor's own position) when not seekable. */
  at(offset: number): number | null {
    return this.seekable ? offset : null;
  }

  /**
   * Reads more after the buffered bytes: at least `want` bytes of room (growing the buffer for a
   * long line), one read call. Resolves to the bytes read, 0 at the end of the file.
   */
  async fill(want = this.bufferSize): Promise<number> {
    if (this.rstart > 0) {
      if (this.rend > this.rstart) this.rbuf.copy(this.rbuf, 0, this.rstart, this.rend);
      this.rend -= this.rstart;
      this.rstart = 0;
    }
    const room = Math.max(want, 1);
    if (this.rbuf.length - this.rend < room) {
      const bigger = Buffer.allocUnsafe(Math.max(this.rend + room, this.rbuf.length * 2));
      this.rbuf.copy(bigger, 0, 0, this.rend);
      this.rbuf = bigger;
    }
    const at = this.pos + this.rend;
    const ahead = this.#ahead;
    if (ahead !== null) {
      this.#ahead = null;
      const got = await ahead.done;
      if (!ahead.stale && ahead.at === at && got > 0 && this.rbuf.length - this.rend >= got) {
        ahead.buf.copy(this.rbuf, this.rend, 0, got);
        this.rend += got;
        this.#readAhead(at + got, ahead.buf, got === ahead.buf.length);
        return got;
      }
    }
    const length = this.bufferSize === 0 ? room : this.rbuf.length - this.rend;
    const { bytesRead } = await this.handle.read(this.rbuf, this.rend, length, this.at(at));
    this.rend += bytesRead;
    this.#readAhead(at + bytesRead, ahead?.buf ?? null, bytesRead === length && at === this.#lastFillEnd);
    this.#lastFillEnd = at + bytesRead;
    return bytesRead;
  }

  /**
   * Starts reading the block at `at` now, when reading is sequential and the file went on past the
   * last block: the next fill then finds it read (the thread pool reads while this thread decodes).
   */
  #readAhead(at: number, spare: Buffer | null, sequential: boolean): void {
    this.#lastFillEnd = at;
    if (!sequential || !this.seekable || this.bufferSize === 0 || this.closed) return;
    const buf =
      spare !== null && spare.length === this.bufferSize ? spare : Buffer.allocUnsafe(this.bufferSize);
    const ahead: ReadAhead = { at, buf, stale: false, done: Promise.resolve(0) };
    ahead.done = this.handle.read(buf, 0, buf.length, at).then(
      (r) => r.bytesRead,
      () => -1, // the fill that needs these bytes reads them again, and reports the error
    );
    this.#ahead = ahead;
  }

  /** Reads `length` bytes at `position` into a new buffer, as many calls as it takes; short at the end. */
  async readAt(position: number, length: number): Promise<Buffer> {
    const out = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.handle.read(out, got, length - got, this.at(position + got));
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? out : out.subarray(0, got);
  }

  /** Everything from `position` to the end of the file. */
  async readRestAt(position: number): Promise<Buffer> {
    const size = this.seekable ? (await this.handle.stat()).size : 0;
    const parts: Buffer[] = [];
    let at = position;
    // One byte past the size the file had, to see the end without one more call when it did not grow.
    let chunk = Math.max(size - position, 0) + 1;
    for (;;) {
      const part = await this.readAt(at, chunk);
      if (part.length > 0) parts.push(part);
      at += part.length;
      if (part.length < chunk) break;
      chunk = Math.max(chunk, this.bufferSize, 8192);
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /** Writes the write buffer out (all of it, in as many calls as it takes). */
  async flush(): Promise<void> {
    const buf = this.wbuf;
    if (buf === null || this.wlen === 0) return;
    while (this.wlen > 0) {
      const at = this.append ? null : this.at(this.pos - this.wlen);
      const { bytesWritten } = await this.handle.write(buf, 0, this.wlen, at);
      if (bytesWritten < this.wlen) buf.copy(buf, 0, bytesWritten, this.wlen);
      this.wlen -= bytesWritten;
    }
    // O_APPEND wrote at the end whatever the position was: the position is the end now.
    if (this.append && this.seekable) this.pos = (await this.handle.stat()).size;
  }

  /** Writes `data` out now (after what is buffered), the position following each completed call. */
  async writeThrough(data: Uint8Array): Promise<void> {
    this.dropReadAhead();
    await this.flush();
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(
        data,
        done,
        data.length - done,
        this.append ? null : this.at(this.pos),
      );
      done += bytesWritten;
      this.pos += bytesWritten;
    }
    if (this.append && this.seekable) this.pos = (await this.handle.stat()).size;
  }

  /** Flushes, then closes the handle (also when the flush fails, which is then raised). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      // A read ahead still in flight must land before its descriptor number can be reused.
      const ahead = this.#ahead;
      this.#ahead = null;
      if (ahead !== null) await ahead.done;
      this.closed = true;
      this.rbuf = EMPTY;
      this.rstart = this.rend = 0;
      this.wbuf = null;
      this.wlen = 0;
      await this.handle.close();
      for (const hook of this.closeHooks) await hook();
    }
  }

  // --- synchronous steps -------------------------------------------------------------------

  /** Buffers `data` for writing if it fits; false when the buffer must be flushed first. */
  bufferWrite(data: Uint8Array): boolean {
    if (this.bufferSize === 0) return false;
    if (this.wbuf === null) this.wbuf = Buffer.allocUnsafe(this.bufferSize);
    if (this.wlen + data.length > this.wbuf.length) return false;
    this.dropReadAhead();
    this.wbuf.set(data, this.wlen);
    this.wlen += data.length;
    this.pos += data.length;
    return true;
  }

  /** Forgets the read-ahead (the position stays: reads are positional). */
  dropReadAhead(): void {
    this.rstart = this.rend = 0;
    if (this.#ahead !== null) this.#ahead.stale = true;
  }

  /** Consumes `n` read-ahead bytes as a new Buffer. */
  take(n: number): Buffer {
    const out = Buffer.from(this.rbuf.subarray(this.rstart, this.rstart + n));
    this.rstart += n;
    this.pos += n;
    if (this.rstart === this.rend) this.rstart = this.rend = 0;
    return out;
  }

  /** Consumes `n` read-ahead bytes (already copied or decoded by the caller). */
  skip(n: number): void {
    this.rstart += n;
    this.pos += n;
    if (this.rstart === this.rend) this.rstart = this.rend = 0;
  }

  /** Where the next `\n` in the read-ahead is (an index into `rbuf`), or -1. */
  newlineAt(from = this.rstart, limit = this.rend): number {
    const i = this.rbuf.indexOf(0x0a, from);
    return i === -1 || i >= limit ? -1 : i;
  }
}

const EMPTY = Buffer.alloc(0);

/** A block being read ahead of need. */
interface ReadAhead {
  /** Its offset in the file. */
  at: number;
  buf: Buffer;
  /** Bytes read, or -1 if the read failed. */
  done: Promise<number>;
  /** Set when the file changed or the position moved: its bytes must not be used. */
  stale: boolean;
}
