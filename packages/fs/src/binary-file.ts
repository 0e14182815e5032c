/**
 * Files opened in binary mode (`rb`, `wb`, `ab`, `xb`, with `+`): reads return Buffers, writes take
 * any bytes (Buffer, Uint8Array, any typed array or DataView, ArrayBuffer). Python: aiofiles'
 * `AsyncBufferedReader` / `AsyncBufferedIOBase` over `io.BufferedRandom`.
 */
import { typeName } from "@aio/loop";
import type { Coro } from "@aio/task";
import { END, NOT_NOW } from "@aio/task/internal";
import { DEFAULT_BUFFER_SIZE, type FileCore, WRITE_CHUNK } from "./core.js";
import { UnsupportedOperation } from "./errors.js";
import {
  AsyncFile,
  checkOpen,
  checkReadable,
  checkWritable,
  intArgument,
  invalidArgument,
  refuseAwaitOnMethods,
  sizeArgument,
} from "./file.js";

/** Bytes a binary write accepts. Python: a bytes-like object. */
export type BytesLike = ArrayBufferView | ArrayBuffer;

/** The bytes of `data`, or Python's TypeError. */
export function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return new Uint8Array(data);
  throw new TypeError(`a bytes-like object is required, not '${typeName(data)}'`);
}

/**
 * A file opened in binary mode. Every I/O method is a coroutine: `yield* f.read(10)`.
 * @example
 * yield* using(open("data.bin", "wb"), function* (f) {
 *   yield* f.write(Buffer.from([1, 2, 3]));
 * });
 */
export class BinaryFile extends AsyncFile<Buffer> {
  /** @internal */
  constructor(core: FileCore, mode: string) {
    super(core, fileIOMode(mode));
  }

  /** The mode it was opened with (`"rb"`, `"wb"`, `"rb+"`…). Python: `f.mode`. */
  override get mode(): string {
    void this.core; // refuses once detached, as Python's buffered file does
    return super.mode;
  }

  /**
   * Hands the descriptor over to an unbuffered file, returned: a `BinaryFile` as
   * `open(p, mode, { buffering: 0 })` gives, at this file's position, what was buffered for writing
   * written by its next operation (or its close). This file becomes unusable: every method, `name`,
   * `mode` and `closed` raise Python's `ValueError: raw stream has been detached` (a RangeError),
   * closing too, so that the descriptor stays open until the returned file is closed. An unbuffered
   * file has nothing to detach (`UnsupportedOperation: detach`). Synchronous, as in aiofiles.
   * Python: `f.detach()` (`BufferedReader.detach()`, which returns the raw `FileIO`).
   * @example
   * const f = yield* open("data.bin", "rb");
   * const raw = f.detach(); // f is unusable now; raw owns the descriptor
   * const head = yield* raw.read(10); // one read from the file, nothing read ahead
   * yield* raw.close();
   */
  detach(): BinaryFile {
    const core = this.core;
    const mode = this.mode;
    checkOpen(core);
    if (core.bufferSize === 0) throw new UnsupportedOperation("detach");
    this.detachCore("raw stream has been detached");
    core.unbuffer();
    return new BinaryFile(core, mode);
  }

  /**
   * Up to `size` bytes (fewer only at the end of the file); all the rest without `size`.
   * Python: `await f.read(size=-1)`.
   */
  *read(size: number | null = -1): Coro<Buffer> {
    const core = this.core;
    const n = sizeArgument(size);
    checkOpen(core, "read of closed file");
    checkReadable(core, "read");
    if (n >= 0 && !core.locked && !core.pendingWrites && core.available >= n) return core.take(n);
    yield* core.acquire();
    try {
      checkOpen(core, "read of closed file");
      yield* this.#flushWrites();
      if (n < 0 || n - core.available >= core.bufferSize) {
        const from = core.pos + core.available;
        const rest = yield* core.io(n < 0 ? core.readRestAt(from) : core.readBlock(from, n - core.available));
        return this.#takeWith(rest);
      }
      while (core.available < n) {
        if ((yield* core.io(core.fill())) === 0) break;
      }
      return core.take(Math.min(n, core.available));
    } finally {
      core.release();
    }
  }

  /**
   * All the bytes up to the end of the file, read until the end is reached. Python:
   * `await f.readall()` (Python's unbuffered `FileIO` has it; here every binary file does).
   */
  *readall(): Coro<Buffer> {
    checkOpen(this.core, "read of closed file");
    checkReadable(this.core, "readall");
    return yield* this.read(-1);
  }

  /**
   * Up to `size` bytes with at most one read from the file: what is buffered, or else one read.
   * Python: `await f.read1(size=-1)`.
   */
  *read1(size = -1): Coro<Buffer> {
    const core = this.core;
    const n = sizeArgument(size, "index");
    checkOpen(core, "read of closed file");
    checkReadable(core, "read1");
    if (!core.locked && !core.pendingWrites && core.available > 0) {
      return core.take(n < 0 ? core.available : Math.min(n, core.available));
    }
    yield* core.acquire();
    try {
      checkOpen(core, "read of closed file");
      yield* this.#flushWrites();
      // Unbuffered: the one read asks for `size` bytes (a default chunk for -1), not one byte.
      const want = core.bufferSize > 0 ? core.bufferSize : n > 0 ? n : DEFAULT_BUFFER_SIZE;
      if (core.available === 0 && n !== 0) yield* core.io(core.fill(want));
      return core.take(n < 0 ? core.available : Math.min(n, core.available));
    } finally {
      core.release();
    }
  }

  /** Reads into `buffer`, returning how many bytes were read. Python: `await f.readinto(b)`. */
  *readinto(buffer: ArrayBufferView): Coro<number> {
    if (!ArrayBuffer.isView(buffer)) {
      throw new TypeError(
        `readinto() argument must be read-write bytes-like object, not ${typeName(buffer)}`,
      );
    }
    checkOpen(this.core, "readinto of closed file");
    const target = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const data = yield* this.read(target.length);
    target.set(data);
    return data.length;
  }

  /**
   * The buffered bytes (at least one unless at the end of the file), without consuming them.
   * Python: `await f.peek(size=0)`.
   */
  *peek(size = 0): Coro<Buffer> {
    const core = this.core;
    intArgument(size);
    checkOpen(core, "peek of closed file");
    checkReadable(core, "peek");
    yield* core.acquire();
    try {
      checkOpen(core, "peek of closed file");
      yield* this.#flushWrites();
      if (core.available === 0) yield* core.io(core.fill());
      return Buffer.from(core.rbuf.subarray(core.rstart, core.rend));
    } finally {
      core.release();
    }
  }

  /**
   * The next line, with its `\n`; at most `size` bytes; an empty Buffer at the end of the file.
   * Python: `await f.readline(size=-1)`.
   */
  *readline(size: number | null = -1): Coro<Buffer> {
    const core = this.core;
    const limit = sizeArgument(size);
    checkOpen(core, "readline of closed file");
    checkReadable(core, "read");
    if (!core.locked && !core.pendingWrites) {
      const line = this.#lineNow(limit, false);
      if (line !== null) return line;
    }
    yield* core.acquire();
    try {
      checkOpen(core, "readline of closed file");
      yield* this.#flushWrites();
      for (;;) {
        const line = this.#lineNow(limit, false);
        if (line !== null) return line;
        if ((yield* core.io(core.fill())) === 0) return this.#lineNow(limit, true) as Buffer;
      }
    } finally {
      core.release();
    }
  }

  /** A line from the read-ahead, or null when more must be read first. */
  #lineNow(limit: number, atEnd: boolean): Buffer | null {
    const core = this.core;
    const cap = limit < 0 ? core.rend : Math.min(core.rend, core.rstart + limit);
    const nl = core.newlineAt(core.rstart, cap);
    if (nl !== -1) return core.take(nl + 1 - core.rstart);
    if (limit >= 0 && core.available >= limit) return core.take(limit);
    return atEnd ? core.take(core.available) : null;
  }

  /**
   * The remaining lines; with `hint`, lines until their total size exceeds it.
   * Python: `await f.readlines(hint=-1)`.
   */
  *readlines(hint: number | null = -1): Coro<Buffer[]> {
    const core = this.core;
    const total = sizeArgument(hint);
    checkOpen(core, "I/O operation on closed file.");
    checkReadable(core, "read");
    if (total <= 0) return splitLines(yield* this.read());
    yield* core.acquire();
    try {
      checkOpen(core);
      yield* this.#flushWrites();
      // As CPython's readlines: lines until their total size exceeds `hint` (the line that makes it
      // exceed is the last). Read until a line ends past `hint` bytes, then cut: nothing is consumed
      // before the end.
      let atEnd = false;
      while (!atEnd && (core.available <= total || core.newlineAt(core.rstart + total) === -1)) {
        atEnd = (yield* core.io(core.fill(core.bufferSize))) === 0;
      }
      const lines: Buffer[] = [];
      let size = 0;
      while (size <= total) {
        const line = this.#lineNow(-1, true) as Buffer;
        if (line.length === 0) break;
        lines.push(line);
        size += line.length;
      }
      return lines;
    } finally {
      core.release();
    }
  }

  /**
   * Writes `data`, returning its length in bytes. More than 1 MiB goes in 1 MiB chunks, the loop
   * turning between them; a cancellation stops it between two chunks, having written a prefix of
   * whole chunks (`tell()` is just past it). Python: `await f.write(b)`.
   */
  *write(data: BytesLike): Coro<number> {
    const core = this.core;
    const bytes = bytesOf(data);
    checkOpen(core, "write to closed file");
    checkWritable(core, "write");
    if (!core.locked && core.bufferWrite(bytes)) return bytes.length;
    yield* core.acquire();
    try {
      checkOpen(core, "write to closed file");
      yield* core.writeBytes(bytes);
      return bytes.length;
    } finally {
      core.release();
    }
  }

  /**
   * Writes each of `lines` (all are checked first: a bad one writes nothing), joined in pieces of
   * up to 1 MiB: as `write()` of them all, without copying them all at once.
   * Python: `await f.writelines(lines)`.
   */
  *writelines(lines: Iterable<BytesLike>): Coro<void> {
    const core = this.core;
    const all = [...lines].map(bytesOf);
    checkOpen(core);
    checkWritable(core, "write");
    yield* core.acquire();
    try {
      checkOpen(core);
      if (all.length === 1) {
        yield* core.writeBytes(all[0] as Uint8Array);
        return;
      }
      let batch: Uint8Array[] = [];
      let size = 0;
      for (const bytes of all) {
        if (size > 0 && size + bytes.length > WRITE_CHUNK) {
          yield* core.writeBytes(Buffer.concat(batch, size), true);
          batch = [];
          size = 0;
        }
        if (bytes.length > WRITE_CHUNK) yield* core.writeBytes(bytes);
        else {
          batch.push(bytes);
          size += bytes.length;
        }
      }
      if (batch.length > 0) yield* core.writeBytes(Buffer.concat(batch, size), true);
    } finally {
      core.release();
    }
  }

  /**
   * Moves to `offset` from the start (`whence` 0), the current position (1) or the end (2), and
   * returns the new position. Python: `await f.seek(offset, whence=0)`.
   */
  *seek(offset: number, whence = 0): Coro<number> {
    const core = this.core;
    intArgument(offset);
    intArgument(whence);
    checkOpen(core, "seek of closed file");
    if (whence !== 0 && whence !== 1 && whence !== 2)
      throw new RangeError(`whence value ${whence} unsupported`);
    yield* core.acquire();
    try {
      checkOpen(core, "seek of closed file");
      if (core.pendingWrites) yield* core.io(core.flush());
      const base = whence === 0 ? 0 : whence === 1 ? core.pos : (yield* core.io(core.handle.stat())).size;
      const target = base + offset;
      if (target < 0) throw invalidArgument();
      if (target >= core.pos && target <= core.pos + core.available) core.skip(target - core.pos);
      else {
        core.dropReadAhead();
        core.pos = target;
      }
      return target;
    } finally {
      core.release();
    }
  }

  /** The position. Python: `await f.tell()`. */
  *tell(): Coro<number> {
    const core = this.core;
    checkOpen(core, "I/O operation on closed file");
    if (!core.locked) return core.pos;
    yield* core.acquire();
    try {
      checkOpen(core, "I/O operation on closed file");
      return core.pos;
    } finally {
      core.release();
    }
  }

  /**
   * Cuts (or extends with zeros) the file to `size` bytes, the position by default; the position
   * does not move. Returns the new size. Python: `await f.truncate(size=None)`.
   */
  *truncate(size?: number | null): Coro<number> {
    const core = this.core;
    if (size !== undefined && size !== null) intArgument(size);
    checkOpen(core, "truncate of closed file");
    checkWritable(core, "truncate");
    yield* core.acquire();
    try {
      checkOpen(core, "truncate of closed file");
      if (core.pendingWrites) yield* core.io(core.flush());
      const length = size ?? core.pos;
      if (length < 0) throw invalidArgument();
      yield* core.io(core.handle.truncate(length));
      core.dropReadAhead();
      return length;
    } finally {
      core.release();
    }
  }

  *#flushWrites(): Coro<void> {
    if (this.core.pendingWrites) yield* this.core.io(this.core.flush());
  }

  /** The read-ahead followed by `rest`, all consumed. */
  #takeWith(rest: Buffer): Buffer {
    const core = this.core;
    const head = core.available;
    const out = head === 0 ? rest : Buffer.concat([core.rbuf.subarray(core.rstart, core.rend), rest]);
    core.skip(head);
    core.pos += rest.length;
    return out;
  }

  /** @internal */
  protected lineNow(): Buffer | typeof END | typeof NOT_NOW {
    const core = this.core;
    checkOpen(core, "readline of closed file");
    checkReadable(core, "read");
    if (core.locked || core.pendingWrites) return NOT_NOW;
    return this.#lineNow(-1, false) ?? NOT_NOW;
  }
}

/**
 * The mode as Python's binary files report it (FileIO's spelling): `w+b` is `rb+`, `bw` is `wb`.
 */
function fileIOMode(mode: string): string {
  const plus = mode.includes("+") ? "+" : "";
  if (mode.includes("x")) return `xb${plus}`;
  if (mode.includes("a")) return `ab${plus}`;
  if (mode.includes("r") || plus) return `rb${plus}`;
  return "wb";
}

/** Lines of `data`, each with its `\n`. */
function splitLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const nl = data.indexOf(0x0a, at);
    const end = nl === -1 ? data.length : nl + 1;
    lines.push(data.subarray(at, end));
    at = end;
  }
  return lines;
}

refuseAwaitOnMethods(BinaryFile.prototype, [
  "read",
  "read1",
  "readinto",
  "peek",
  "readline",
  "readlines",
  "write",
  "writelines",
  "seek",
  "tell",
  "truncate",
]);
void END;
