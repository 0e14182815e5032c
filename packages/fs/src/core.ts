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
import type { Coro } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import { osError, type PathLike } from "./errors.js";
import { FileLock } from "./internal/file-lock.js";

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
  /** 0: unbuffered (reads fetch only what is asked, writes go out at once); see {@link unbuffer}. */
  bufferSize: number;
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
  readonly #lock = new FileLock(() => this.#io);
  /** Raw I/O in flight (settles, never rejects). */
  #io: Promise<void> | null = null;
  /** The writes going on behind the caller (at most {@link BEHIND_DEPTH}, oldest first), and the first error. */
  #behind: Promise<void>[] = [];
  #behindError: { error: unknown } | null = null;
  /** A write buffer whose write behind is done, to use again. */
  #spareWbuf: Buffer | null = null;
  /**
   * Copies of data written behind whose write is done, to copy into again (at most
   * {@link BEHIND_DEPTH}): a run of large writes allocates no new memory per write (a fresh 64 KiB
   * copy each time made F1w spend a sixth of its time collecting garbage).
   */
  #spareCopies: Buffer[] = [];
  /** The next blocks, read while the current one is consumed (sequential reading only), in order. */
  #ahead: ReadAhead[] = [];
  /** Reads ahead still in flight, used or not: closing waits for them. */
  readonly #aheadInFlight = new Set<Promise<number>>();
  /** Where the last read from the file ended: a read starting there is sequential reading. */
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

  // --- the lock (see FileLock) ---------------------------------------------------------------

  /** Held by the coroutine running an operation; fast paths only run when nobody holds it. */
  get locked(): boolean {
    return this.#lock.locked;
  }

  /** Takes the file's lock, in arrival order. */
  acquire(): Coro<void> {
    return this.#lock.acquire();
  }

  /** The lock for Promise code (closing from `Symbol.asyncDispose`), which cannot be cancelled. */
  acquireNow(): Promise<void> {
    return this.#lock.acquireNow();
  }

  /** Passes the lock on, once the I/O in flight (if the holder was cancelled awaiting it) landed. */
  release(): void {
    this.#lock.release();
  }

  /**
   * Awaits raw I/O from a coroutine holding the lock. The I/O runs to its end even if the
   * coroutine is cancelled; its errors become Python's OSErrors naming this file.
   */
  *io<T>(work: Promise<T>): Coro<T> {
    const landed = (): void => {
      if (this.#io === settled) this.#io = null;
    };
    const settled: Promise<void> = work.then(landed, landed);
    this.#io = settled;
    try {
      return yield* tracedFromPromise(work, undefined, "fs", String(this.name));
    } catch (err) {
      throw osError(err, this.name);
    }
  }

  /**
   * Writes `data` from a coroutine holding the lock, as one step: buffered if it fits, else
   * handed to {@link writeOut}. A cancellation cannot cut it: it lands whole.
   */
  *writeWhole(data: Uint8Array, owned = false): Coro<void> {
    if (!this.bufferWrite(data)) yield* this.io(this.writeOut(data, owned));
  }

  /**
   * Writes `data` from a coroutine holding the lock; more than {@link WRITE_CHUNK} bytes go in
   * chunks of that size, one after another, each a step of its own: the loop turns between them
   * (a chunk is copied, at most {@link BEHIND_DEPTH} are written behind at once), and a
   * cancellation stops the write between two chunks. Then the chunks handed over (a prefix of
   * whole chunks) land, the position is just past them, and the file is usable.
   */
  *writeBytes(data: Uint8Array, owned = false): Coro<void> {
    if (data.length <= WRITE_CHUNK) {
      if (!this.bufferWrite(data)) yield* this.io(this.writeOut(data, owned));
      return;
    }
    for (let at = 0; at < data.length; at += WRITE_CHUNK) {
      const chunk = data.subarray(at, at + WRITE_CHUNK);
      if (!this.bufferWrite(chunk)) yield* this.io(this.writeOut(chunk, owned));
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
    await this.barrier();
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
    const ahead = this.#takeAhead(at, this.bufferSize);
    if (ahead !== null) {
      const got = await ahead.done;
      if (!ahead.stale && got > 0 && this.rbuf.length - this.rend >= got) {
        ahead.buf.copy(this.rbuf, this.rend, 0, got);
        this.rend += got;
        if (got === ahead.buf.length) this.#readAhead(at + got, this.bufferSize, ahead.buf);
        else this.#lastFillEnd = at + got;
        return got;
      }
    }
    const length = this.bufferSize === 0 ? room : this.rbuf.length - this.rend;
    const { bytesRead } = await this.handle.read(this.rbuf, this.rend, length, this.at(at));
    this.rend += bytesRead;
    if (
      bytesRead === length &&
      at === this.#lastFillEnd &&
      this.bufferSize > 0 &&
      length === this.bufferSize
    ) {
      this.#readAhead(at + bytesRead, this.bufferSize, null);
    } else this.#lastFillEnd = at + bytesRead;
    return bytesRead;
  }

  /**
   * Reads `length` bytes at `position` (as {@link readAt}). When reads go on sequentially in blocks
   * of one size (up to 1 MiB), the next blocks are read ahead, each into a buffer of its own that
   * the call for it hands over: the thread pool reads while this thread works.
   */
  async readBlock(position: number, length: number): Promise<Buffer> {
    await this.barrier();
    const ahead = this.#takeAhead(position, length);
    if (ahead !== null) {
      const got = await ahead.done;
      if (!ahead.stale && got === length) {
        this.#readAhead(position + length, length, null);
        return ahead.buf;
      }
    }
    const out = await this.readAt(position, length);
    if (out.length === length && position === this.#lastFillEnd && length <= MAX_BLOCK_AHEAD) {
      this.#readAhead(position + length, length, null);
    } else this.#lastFillEnd = position + out.length;
    return out;
  }

  /**
   * The block read ahead at `at` (of `length` bytes), if it is the next one; otherwise the blocks
   * read ahead are not what is being read: they are dropped (their reads land unused).
   */
  #takeAhead(at: number, length: number): ReadAhead | null {
    const first = this.#ahead[0];
    if (first !== undefined && first.at === at && first.buf.length === length && !first.stale) {
      this.#ahead.shift();
      return first;
    }
    if (this.#ahead.length > 0) this.#dropAhead();
    return null;
  }

  /**
   * Keeps the next {@link AHEAD_DEPTH} blocks of `length` bytes after `from` being read (sequential
   * reading of a regular file): two reads in flight keep the thread pool busy while this thread works.
   */
  #readAhead(from: number, length: number, spare: Buffer | null): void {
    this.#lastFillEnd = from;
    if (!this.seekable || this.closed) return;
    const last = this.#ahead.at(-1);
    let at = last === undefined ? from : last.at + last.buf.length;
    let reuse = spare !== null && spare.length === length ? spare : null;
    while (this.#ahead.length < AHEAD_DEPTH) {
      const buf = reuse ?? Buffer.allocUnsafe(length);
      reuse = null;
      const done = this.handle.read(buf, 0, length, at).then(
        (r) => r.bytesRead,
        () => -1, // the read that needs these bytes reads them again, and reports the error
      );
      this.#aheadInFlight.add(done);
      void done.then(() => this.#aheadInFlight.delete(done));
      this.#ahead.push({ at, buf, stale: false, done });
      at += length;
    }
  }

  #dropAhead(): void {
    for (const ahead of this.#ahead) ahead.stale = true;
    this.#ahead = [];
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
    await this.barrier();
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

  /** Whether written bytes are not all in the file yet (buffered, or being written behind). */
  get pendingWrites(): boolean {
    return this.wlen > 0 || this.#behind.length > 0 || this.#behindError !== null;
  }

  /** Waits for the writes behind in flight (all, or until fewer than `depth` are), and raises an error one had. */
  async barrier(depth = 0): Promise<void> {
    while (this.#behind.length > depth) await this.#behind[0];
    const failed = this.#behindError;
    if (failed !== null) {
      this.#behindError = null;
      throw failed.error;
    }
  }

  /** A copy of `data` (in a spare copy large enough, or a new one) for writing behind; `release` hands its memory back. */
  #copyOf(data: Uint8Array): { copy: Buffer; release: () => void } {
    const spares = this.#spareCopies;
    let i = 0;
    while (i < spares.length && (spares[i] as Buffer).length < data.length) i++;
    const whole =
      i < spares.length ? (spares.splice(i, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(data.length);
    whole.set(data);
    const release = (): void => {
      if (!this.closed && spares.length < BEHIND_DEPTH) spares.push(whole);
    };
    return { copy: whole.subarray(0, data.length), release };
  }

  /**
   * Starts writing `data` at `at` in the background; `owner` (a write buffer) can be used again
   * after, and `release` is called once the write is done.
   */
  #writeBehind(data: Uint8Array, at: number, owner: Buffer | null, release?: () => void): void {
    const write = async (): Promise<void> => {
      for (let done = 0; done < data.length; ) {
        done += (await this.handle.write(data, done, data.length - done, at + done)).bytesWritten;
      }
    };
    const landed = (): void => {
      this.#behind.splice(this.#behind.indexOf(behind), 1);
    };
    const behind: Promise<void> = write().then(
      () => {
        landed();
        if (owner !== null) this.#spareWbuf = owner;
        release?.();
      },
      (error: unknown) => {
        landed();
        this.#behindError ??= { error };
      },
    );
    this.#behind.push(behind);
  }

  /**
   * Writes `data`, which did not fit in the write buffer. Sequential writing to a regular file goes
   * on behind the caller, one write at a time and in order: the full buffer is written in the
   * background and `data` buffered, or, a buffer's worth or more, copied and written behind itself;
   * the call waits only for the write before it. An error of a write behind is raised by the next
   * operation (as a buffered writer's is, at its flush). Appending, pipes and unbuffered files
   * write through. `owned`: `data` is the file's own (bytes it encoded), written behind uncopied.
   * One call copies all of `data` at once: callers hand it over in pieces of {@link WRITE_CHUNK}
   * at most ({@link writeBytes}).
   */
  async writeOut(data: Uint8Array, owned = false): Promise<void> {
    this.dropReadAhead();
    if (this.append || !this.seekable || this.bufferSize === 0) {
      await this.flush();
      await this.#writeThrough(data);
      return;
    }
    // Two writes in flight at distinct offsets: the next one is prepared while one is written.
    await this.barrier(BEHIND_DEPTH - 1);
    const full = this.wbuf;
    if (full !== null && this.wlen > 0) {
      this.#writeBehind(full.subarray(0, this.wlen), this.pos - this.wlen, full);
      this.wbuf = null;
      this.wlen = 0;
    }
    if (this.bufferWrite(data)) return;
    await this.barrier(BEHIND_DEPTH - 1);
    if (owned) this.#writeBehind(data, this.pos, null);
    else {
      const { copy, release } = this.#copyOf(data);
      this.#writeBehind(copy, this.pos, null, release);
    }
    this.pos += data.length;
  }

  /** Writes the write buffer out (all of it, in as many calls as it takes), after any write behind. */
  async flush(): Promise<void> {
    await this.barrier();
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
  async #writeThrough(data: Uint8Array): Promise<void> {
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
    // (Writing nothing moves nothing, even with O_APPEND: Python's position stays where it was.)
    if (this.append && this.seekable && data.length > 0) this.pos = (await this.handle.stat()).size;
  }

  /** Flushes, then closes the handle (also when the flush fails, which is then raised). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      // Reads ahead still in flight must land before their descriptor number can be reused.
      this.#dropAhead();
      await Promise.all(this.#aheadInFlight);
      this.closed = true;
      this.rbuf = EMPTY;
      this.rstart = this.rend = 0;
      this.wbuf = null;
      this.wlen = 0;
      this.#spareWbuf = null;
      this.#spareCopies = [];
      await this.handle.close();
      for (const hook of this.closeHooks) await hook();
    }
  }

  // --- synchronous steps -------------------------------------------------------------------

  /**
   * Buffers `data` for writing if it fits; false when the buffer must be flushed first, or when
   * `data` is at least a buffer's worth (it is written through, not copied).
   */
  bufferWrite(data: Uint8Array): boolean {
    if (this.bufferSize === 0 || data.length >= this.bufferSize) return false;
    if (this.wbuf === null) {
      this.wbuf = this.#spareWbuf ?? Buffer.allocUnsafe(this.bufferSize);
      this.#spareWbuf = null;
    }
    if (this.wlen + data.length > this.wbuf.length) return false;
    this.dropReadAhead();
    this.wbuf.set(data, this.wlen);
    this.wlen += data.length;
    this.pos += data.length;
    return true;
  }

  /**
   * Makes the file unbuffered from now on (a buffered binary file's `detach()`): the next reads ask
   * the file for what they need, writes go out at once, and what is buffered for writing goes out
   * with the next operation (every operation flushes first). What is read ahead of a regular file
   * is dropped (reads are positional: the file has the same bytes), unless an operation under way
   * holds the lock; a pipe's is kept, and read first, since the pipe cannot give it again.
   */
  unbuffer(): void {
    this.bufferSize = 0;
    if (this.seekable && !this.locked) this.dropReadAhead();
  }

  /** Forgets the read-ahead (the position stays: reads are positional). */
  dropReadAhead(): void {
    this.rstart = this.rend = 0;
    this.#dropAhead();
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

/**
 * The most bytes one write hands over in one step: larger writes go in chunks of this size, one
 * after another. 1 MiB: copying it (or encoding the text of it) takes well under a millisecond, so
 * other tasks wait no longer than that and a cancellation stops a write within a chunk; writing it
 * takes far longer than a loop turn (a few microseconds), so the chunking costs nothing measurable;
 * with {@link BEHIND_DEPTH} it bounds the copies held in memory to 2 MiB. Reads ahead stop at the
 * same size ({@link MAX_BLOCK_AHEAD}).
 */
export const WRITE_CHUNK = 1024 * 1024;

/** Writes going on behind the caller at once (at distinct offsets of a regular file). */
const BEHIND_DEPTH = 2;

/** Blocks read ahead of sequential reading: two keep the thread pool busy (a third adds little). */
const AHEAD_DEPTH = 2;

/** Blocks of sequential reads larger than this are not read ahead (it would hold more than twice as much). */
const MAX_BLOCK_AHEAD = 1024 * 1024;

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
