/**
 * Files opened in text mode: Python's `io.TextIOWrapper` over the buffered file. Bytes are decoded
 * in 8 KiB slices (as CPython does, so a decoding error surfaces at the same read) by an
 * incremental decoder that never splits a character; universal newlines translate `\r\n` and `\r`
 * to `\n` as text is decoded (holding back a final `\r` until the next byte is known); writes
 * translate `\n` and encode at once into the write buffer. Python: aiofiles' `AsyncTextIOWrapper`.
 */
import { repr, typeName } from "@aio/loop";
import { type Coro, sleep } from "@aio/task";
import { type END, NOT_NOW } from "@aio/task/internal";
import { BinaryFile } from "./binary-file.js";
import {
  type Codec,
  type ErrorHandler,
  encodeError,
  type IncrementalDecoder,
  type IncrementalEncoder,
} from "./codecs.js";
import type { FileCore } from "./core.js";
import { OSError, UnsupportedOperation } from "./errors.js";
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

/** How lines end. Python: `newline` (`null`: universal newlines, translated). */
export type Newline = null | "" | "\n" | "\r" | "\r\n";

/** Bytes decoded per step, as CPython's TextIOWrapper (`_CHUNK_SIZE`). */
const CHUNK = 8192;

/**
 * UTF-16 units of text encoded per step of a long write (256 Ki): at most 768 KiB once encoded (3
 * bytes a unit in UTF-8, `\n` becoming `\r\n` included), within the core's 1 MiB chunks, and about
 * a millisecond of checking, counting and encoding between two turns of the loop.
 */
export const TEXT_PIECE = 256 * 1024;

const LF = 1;
const CR = 2;
const CRLF = 4;
const SEEN: readonly (string | readonly string[] | null)[] = [
  null,
  "\n",
  "\r",
  ["\r", "\n"],
  "\r\n",
  ["\n", "\r\n"],
  ["\r", "\r\n"],
  ["\r", "\n", "\r\n"],
];

const SURROGATE = /[\ud800-\udfff]/;

/** What a text file is opened with. */
export interface TextSettings {
  codec: Codec;
  /** The encoding as the caller spelled it (or `UTF-8` by default): what `f.encoding` shows. */
  encoding: string;
  errors: ErrorHandler;
  newline: Newline;
  lineBuffering: boolean;
}

/**
 * A file opened in text mode. Every I/O method is a coroutine: `yield* f.read()`.
 * @example
 * const text = yield* using(open("notes.txt"), (f) => f.read());
 */
export class TextFile extends AsyncFile<string> {
  readonly #codec: Codec;
  readonly #encoding: string;
  readonly #errors: ErrorHandler;
  readonly #newline: Newline;
  readonly #lineBuffering: boolean;
  readonly #decoder: IncrementalDecoder;
  readonly #encoder: IncrementalEncoder;
  /** Decoded text; `#text[#ti…]` is not consumed yet. */
  #text = "";
  #ti = 0;
  /** Indexes in `#text` of the `\n`s that were `\r\n` in the file (universal newlines). */
  #crlf: number[] = [];
  /** A `\r` held back from the text until the next character shows whether `\n` follows. */
  #heldCR = false;
  /** `#text` before this index came from bytes that did not decode cleanly (replaced or dropped). */
  #lossyEnd = 0;
  #surrogates = false;
  #seen = 0;

  /** @internal */
  constructor(core: FileCore, mode: string, settings: TextSettings) {
    super(core, mode);
    this.#codec = settings.codec;
    this.#encoding = settings.encoding;
    this.#errors = settings.errors;
    this.#newline = settings.newline;
    this.#lineBuffering = settings.lineBuffering;
    this.#decoder = settings.codec.newDecoder(settings.errors);
    this.#encoder = settings.codec.newEncoder(settings.errors);
    this.#decoder.reset(core.pos === 0);
    this.#encoder.reset(core.pos === 0);
  }

  /** The encoding it was opened with. Python: `f.encoding`. */
  get encoding(): string {
    return this.#encoding;
  }
  /** The error handler: `strict`, `replace` or `ignore`. Python: `f.errors`. */
  get errors(): ErrorHandler {
    return this.#errors;
  }
  /**
   * The kinds of line endings translated so far (universal newlines): `null`, one of `"\n"`,
   * `"\r"`, `"\r\n"`, or a list of them. Python: `f.newlines`.
   */
  get newlines(): string | readonly string[] | null {
    void this.core; // refuses once detached, as Python's does
    return SEEN[this.#seen] ?? null;
  }
  /** Whether each write with a newline is flushed at once (`buffering: 1`). Python: `f.line_buffering`. */
  get lineBuffering(): boolean {
    return this.#lineBuffering;
  }

  /**
   * Hands the bytes underneath over: returns them as a buffered {@link BinaryFile} (what
   * `open(p, "rb")` gives; `"rb+"`, `"wb"`, `"ab+"`… as this file's mode), sharing this file's
   * descriptor, buffers and position: what this file wrote and buffered is the binary file's to
   * write (at its next flush or its close), and it reads on after the bytes this file took to
   * decode, which may be ahead of the text read (8 KiB slices: text decoded and not read yet is
   * dropped, as in Python). This file becomes unusable: every method, `name`,
   * `closed` and `newlines` raise Python's `ValueError: underlying buffer has been detached` (a
   * RangeError), closing too, so that the descriptor stays open until the binary file is closed
   * (`mode`, `encoding`, `errors` still answer). Synchronous, as in aiofiles.
   * Python: `f.detach()` (`TextIOWrapper.detach()`, which returns the buffered binary file).
   * @example
   * const f = yield* open("image.ppm", "w", { encoding: "ascii" });
   * yield* f.write("P6\n2 1\n255\n"); // a text header
   * const out = f.detach(); // the same file, for bytes; f is unusable now
   * yield* out.write(Buffer.from([255, 0, 0, 0, 0, 255])); // after the header
   * yield* out.close();
   */
  detach(): BinaryFile {
    const core = this.core;
    checkOpen(core);
    const binary = new BinaryFile(core, this.mode);
    this.detachCore("underlying buffer has been detached");
    this.#reset();
    return binary;
  }

  // --- reading -------------------------------------------------------------------------------

  /**
   * Up to `size` characters (fewer only at the end of the file); all the rest without `size`.
   * Python: `await f.read(size=-1)`.
   */
  *read(size: number | null = -1): Coro<string> {
    const core = this.core;
    const n = sizeArgument(size);
    checkOpen(core);
    checkReadable(core, "not readable");
    if (n >= 0 && !core.locked && !core.pendingWrites) {
      const text = this.#readNow(n, false);
      if (text !== null) return text;
    }
    yield* core.acquire();
    try {
      checkOpen(core);
      yield* this.#prepareRead();
      if (n < 0) {
        const rest = yield* core.io(core.readRestAt(core.pos + core.available));
        // One decoding of everything left, as CPython does: error positions count from here.
        const bytes =
          core.available === 0 ? rest : Buffer.concat([core.rbuf.subarray(core.rstart, core.rend), rest]);
        const text = this.#decoder.decode(bytes, true);
        core.skip(core.available);
        core.pos += rest.length;
        this.#append(text, true, this.#decoder.lossy);
        return this.#consume(this.#text.length);
      }
      for (;;) {
        const text = this.#readNow(n, false);
        if (text !== null) return text;
        if ((yield* core.io(core.fill())) === 0) return this.#readNow(n, true) as string;
      }
    } finally {
      core.release();
    }
  }

  /** `n` characters if decoded (decoding more from the read-ahead as needed), else null. */
  #readNow(n: number, atEnd: boolean): string | null {
    for (;;) {
      const end = this.#advance(this.#ti, n);
      if (end !== -1) return this.#consume(end);
      if (this.core.available > 0) this.#pull(false);
      else if (atEnd) {
        this.#pull(true);
        const last = this.#advance(this.#ti, n);
        return this.#consume(last === -1 ? this.#text.length : last);
      } else return null;
    }
  }

  /**
   * The next line, ending with its newline (`\n` after translation); at most `size` characters;
   * `""` at the end of the file. Python: `await f.readline(size=-1)`.
   */
  *readline(size: number | null = -1): Coro<string> {
    const core = this.core;
    const limit = size === null || size === undefined ? -1 : intArgument(size);
    checkOpen(core);
    checkReadable(core, "not readable");
    if (!core.locked && !core.pendingWrites) {
      const line = this.#lineNowOrNull(limit < 0 ? -1 : limit, false);
      if (line !== null) return line;
    }
    yield* core.acquire();
    try {
      checkOpen(core);
      yield* this.#prepareRead();
      for (;;) {
        const line = this.#lineNowOrNull(limit < 0 ? -1 : limit, false);
        if (line !== null) return line;
        if ((yield* core.io(core.fill())) === 0)
          return this.#lineNowOrNull(limit < 0 ? -1 : limit, true) as string;
      }
    } finally {
      core.release();
    }
  }

  /** A line if it is decoded (decoding more from the read-ahead as needed), else null. */
  #lineNowOrNull(limit: number, atEnd: boolean): string | null {
    let scanned = 0; // characters after #ti known to hold no line end
    for (;;) {
      const text = this.#text;
      const ti = this.#ti;
      const end = this.#lineEnd(ti + scanned, atEnd && this.core.available === 0);
      if (end !== -1) {
        if (limit >= 0) {
          const cap = this.#advance(ti, limit);
          if (cap !== -1 && cap < end) return this.#consume(cap);
        }
        return this.#consume(end);
      }
      if (limit >= 0) {
        const cap = this.#advance(ti, limit);
        if (cap !== -1) return this.#consume(cap);
      }
      scanned = Math.max(0, text.length - ti - 1); // a final \r may still become \r\n
      if (this.core.available > 0) this.#pull(false);
      else if (atEnd) {
        if (!this.#finished) {
          this.#pull(true);
          continue;
        }
        return this.#consume(this.#text.length);
      } else return null;
    }
  }

  /** Set when the decoder was told the bytes ended (reset by the next bytes). */
  #finished = false;

  /** Just past the line end at or after `from`, or -1 if none is known yet. */
  #lineEnd(from: number, atEnd: boolean): number {
    return findLineEnd(this.#text, from, this.#newline, atEnd);
  }

  /**
   * The remaining lines; with `hint`, lines until their total length exceeds it.
   * Python: `await f.readlines(hint=-1)`.
   */
  *readlines(hint: number | null = -1): Coro<string[]> {
    const core = this.core;
    const total = sizeArgument(hint);
    checkOpen(core);
    checkReadable(core, "not readable");
    const lines: string[] = [];
    if (total <= 0) {
      const text = yield* this.read();
      for (let at = 0; at < text.length; ) {
        const found = findLineEnd(text, at, this.#newline, true);
        const end = found === -1 ? text.length : found;
        lines.push(text.slice(at, end));
        at = end;
      }
      return lines;
    }
    yield* core.acquire();
    try {
      checkOpen(core);
      yield* this.#prepareRead();
      // As CPython's readlines: lines until their total length exceeds `hint` (the line that makes
      // it exceed is the last). Decode until a line ends past `hint` characters, then cut: nothing
      // is consumed before.
      for (;;) {
        const last = this.#advance(this.#ti, total);
        if (last !== -1 && this.#lineEnd(last, false) !== -1) break;
        if (core.available > 0) this.#pull(false);
        else if ((yield* core.io(core.fill())) === 0) break;
      }
      let size = 0;
      while (size <= total) {
        const line = this.#lineNowOrNull(-1, true) as string;
        if (line.length === 0) break;
        lines.push(line);
        size += this.#surrogates ? [...line].length : line.length;
      }
      return lines;
    } finally {
      core.release();
    }
  }

  /** Index just past `n` characters (code points) from `from`, or -1 if fewer are decoded. */
  #advance(from: number, n: number): number {
    const text = this.#text;
    if (!this.#surrogates) return from + n <= text.length ? from + n : -1;
    let i = from;
    for (let k = 0; k < n; k++) {
      if (i >= text.length) return -1;
      const c = text.charCodeAt(i);
      // A high surrogate is one character with its low half (which may still be on its way).
      if (c >= 0xd800 && c <= 0xdbff) {
        if (i + 1 >= text.length) return -1;
        const d = text.charCodeAt(i + 1);
        i += d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
      } else i++;
    }
    return i;
  }

  /** Consumes the text up to index `end`. */
  #consume(end: number): string {
    const out = this.#text.slice(this.#ti, end);
    this.#ti = end;
    return out;
  }

  /** Decodes the next slice of the read-ahead (all that is left, and the decoder's tail, when `final`). */
  #pull(final: boolean): void {
    const core = this.core;
    const n = final ? core.available : Math.min(CHUNK, core.available);
    // Decoding may raise: the bytes are consumed only once it succeeded.
    const text = this.#decoder.decode(core.rbuf.subarray(core.rstart, core.rstart + n), final);
    core.skip(n);
    this.#finished = final;
    this.#append(text, final, this.#decoder.lossy);
  }

  /** Adds decoded text: compacts what was consumed, translates newlines, notes what is special. */
  #append(decoded: string, final: boolean, lossy: boolean): void {
    if (this.#ti > 0) {
      const shift = this.#ti;
      this.#text = this.#text.slice(shift);
      this.#ti = 0;
      this.#lossyEnd = Math.max(0, this.#lossyEnd - shift);
      if (this.#crlf.length > 0) {
        let keep = 0;
        for (const i of this.#crlf) if (i >= shift) this.#crlf[keep++] = i - shift;
        this.#crlf.length = keep;
      }
    }
    let text = decoded;
    if (this.#newline === null) {
      if (this.#heldCR) {
        text = `\r${text}`;
        this.#heldCR = false;
      }
      if (!final && text.charCodeAt(text.length - 1) === 13) {
        text = text.slice(0, -1);
        this.#heldCR = true;
      }
      if (text.includes("\r")) text = this.#translate(text, this.#text.length);
      else if (text.includes("\n")) this.#seen |= LF;
    } else if (this.#newline === "") this.#noteNewlines(text, final);
    this.#text += text;
    if (lossy) this.#lossyEnd = this.#text.length;
    if (!this.#surrogates && SURROGATE.test(text)) this.#surrogates = true;
  }

  /** `\r\n` and `\r` to `\n`, remembering where each `\r\n` was (for `tell()`). */
  #translate(text: string, base: number): string {
    let removed = 0;
    if (/(?<!\r)\n/.test(text)) this.#seen |= LF;
    return text.replace(/\r\n?/g, (m: string, offset: number) => {
      if (m.length === 2) {
        this.#crlf.push(base + offset - removed);
        removed++;
        this.#seen |= CRLF;
      } else this.#seen |= CR;
      return "\n";
    });
  }

  /** Which newlines untranslated text holds (`newline: ""`). */
  #noteNewlines(text: string, final: boolean): void {
    if (!text.includes("\r")) {
      if (text.includes("\n")) this.#seen |= LF;
      return;
    }
    const body = final ? text : text.replace(/\r$/, "");
    if (/\r\n/.test(body)) this.#seen |= CRLF;
    if (/\r(?!\n)/.test(body)) this.#seen |= CR;
    if (/(?<!\r)\n/.test(body)) this.#seen |= LF;
  }

  /** Before reading: flush what is written (reads see it). */
  *#prepareRead(): Coro<void> {
    if (this.core.pendingWrites) yield* this.core.io(this.core.flush());
  }

  // --- writing -------------------------------------------------------------------------------

  /**
   * Writes `text` (`\n` becomes the `newline` given, if any), returning its length in characters
   * (code points, as Python counts). Encoding errors raise before anything is written. A long text
   * (over 256 Ki UTF-16 units) is encoded and written a piece at a time, the loop turning between
   * pieces; a cancellation stops it between two pieces, having written a prefix of whole pieces
   * (`tell()` is just past it). Python: `await f.write(s)`.
   */
  *write(text: string): Coro<number> {
    const core = this.core;
    if (typeof text !== "string") {
      throw new TypeError(`write() argument must be str, not ${pyTypeName(text)}`);
    }
    checkOpen(core);
    checkWritable(core, "not writable");
    if (text.length > TEXT_PIECE) return yield* this.#writeLong([text]);
    const count = codePoints(text);
    const flushNow = this.#lineBuffering && (text.includes("\n") || text.includes("\r"));
    if (!core.locked && !flushNow && this.#nothingReadAhead()) {
      const bytes = this.#encode(text);
      if (core.bufferWrite(bytes)) return count;
      yield* core.acquire();
      try {
        checkOpen(core);
        yield* this.#writeBytes(bytes);
        return count;
      } finally {
        core.release();
      }
    }
    yield* core.acquire();
    try {
      checkOpen(core);
      this.#dropReadAhead();
      yield* this.#writeBytes(this.#encode(text));
      if (flushNow) yield* core.io(core.flush());
      return count;
    } finally {
      core.release();
    }
  }

  /**
   * Writes each of `lines` (all are checked and encoded first: a bad one writes nothing), as
   * `write()` of them joined. Python: `await f.writelines(lines)`.
   */
  *writelines(lines: Iterable<string>): Coro<void> {
    const core = this.core;
    const all = [...lines];
    let length = 0;
    for (const line of all) {
      if (typeof line !== "string")
        throw new TypeError(`write() argument must be str, not ${pyTypeName(line)}`);
      length += line.length;
    }
    checkOpen(core);
    checkWritable(core, "not writable");
    if (length > TEXT_PIECE) {
      yield* this.#writeLong(all);
      return;
    }
    yield* core.acquire();
    try {
      checkOpen(core);
      this.#dropReadAhead();
      const text = all.join("");
      yield* this.#writeBytes(this.#encode(text));
      if (this.#lineBuffering && (text.includes("\n") || text.includes("\r"))) yield* core.io(core.flush());
    } finally {
      core.release();
    }
  }

  /**
   * Writes `segments` joined, a long text, in pieces of {@link TEXT_PIECE} UTF-16 units (never
   * between the halves of a surrogate pair): with the `strict` or `surrogateescape` handler every piece is checked
   * first, so that an encoding error writes nothing; then each is encoded and written whole, one
   * step each. Returns the characters written.
   */
  *#writeLong(segments: readonly string[]): Coro<number> {
    const core = this.core;
    yield* core.acquire();
    try {
      checkOpen(core);
      this.#dropReadAhead();
      if (this.#errors === "strict" || this.#errors === "surrogateescape") {
        let turn = false;
        for (const piece of textPieces(segments, TEXT_PIECE)) {
          if (turn) yield* sleep(0);
          turn = true;
          if (encodeError(this.#codec, piece, this.#errors) !== null) {
            throw encodeError(this.#codec, segments.join(""), this.#errors);
          }
        }
      }
      let count = 0;
      let newline = false;
      for (const piece of textPieces(segments, TEXT_PIECE)) {
        count += codePoints(piece);
        newline ||= this.#lineBuffering && (piece.includes("\n") || piece.includes("\r"));
        yield* core.writeWhole(this.#encode(piece), true);
      }
      if (newline) yield* core.io(core.flush());
      return count;
    } finally {
      core.release();
    }
  }

  #encode(text: string): Buffer {
    const nl = this.#newline;
    return this.#encoder.encode(nl === "\r" || nl === "\r\n" ? text.replaceAll("\n", nl) : text);
  }

  *#writeBytes(bytes: Buffer): Coro<void> {
    const core = this.core;
    if (!core.bufferWrite(bytes)) yield* core.io(core.writeOut(bytes, true));
  }

  #nothingReadAhead(): boolean {
    return this.#ti === this.#text.length && !this.#heldCR && this.#decoder.pending === 0;
  }

  /** Before writing after reading: go back to the logical position and forget what was read ahead. */
  #dropReadAhead(): void {
    if (this.#nothingReadAhead() && this.core.available === 0) return;
    const pos = this.#position();
    this.#reset();
    this.core.dropReadAhead();
    this.core.pos = pos;
    this.#encoder.reset(pos === 0);
  }

  /** Forgets decoded text and the decoder's state. */
  #reset(): void {
    this.#text = "";
    this.#ti = 0;
    this.#crlf = [];
    this.#heldCR = false;
    this.#lossyEnd = 0;
    this.#finished = false;
  }

  // --- positions -----------------------------------------------------------------------------

  /** The byte position of the next character to read (or write). */
  #position(): number {
    const core = this.core;
    if (this.#ti < this.#lossyEnd) {
      throw new OSError("can't reconstruct logical file position");
    }
    const rest = this.#text.length > this.#ti ? this.#text.slice(this.#ti) : "";
    let crlfs = 0;
    for (const i of this.#crlf) if (i >= this.#ti) crlfs++;
    return (
      core.pos -
      this.#decoder.pending -
      (this.#heldCR ? this.#codec.byteLength("\r") : 0) -
      this.#codec.byteLength(rest) -
      crlfs * this.#codec.byteLength("\r")
    );
  }

  /**
   * The position, as a number `seek()` accepts (the byte offset of the next character).
   * Python: `await f.tell()`.
   */
  *tell(): Coro<number> {
    const core = this.core;
    checkOpen(core);
    if (!core.seekable) throw new UnsupportedOperation("underlying stream is not seekable");
    yield* core.acquire();
    try {
      checkOpen(core);
      // As CPython's tell() flushes first: in append mode the position is then the file's end.
      if (core.pendingWrites && core.append) yield* core.io(core.flush());
      return this.#position();
    } finally {
      core.release();
    }
  }

  /**
   * Moves to a position `tell()` returned (`whence` 0), or to the end (`seek(0, 2)`); `seek(0, 1)`
   * stays. Other relative moves are refused, as in Python (characters are not bytes).
   * Python: `await f.seek(cookie, whence=0)`.
   */
  *seek(cookie: number, whence = 0): Coro<number> {
    const core = this.core;
    intArgument(cookie);
    intArgument(whence);
    checkOpen(core);
    if (!core.seekable) throw new UnsupportedOperation("underlying stream is not seekable");
    if (whence === 1 && cookie !== 0) throw new UnsupportedOperation("can't do nonzero cur-relative seeks");
    if (whence === 2 && cookie !== 0) throw new UnsupportedOperation("can't do nonzero end-relative seeks");
    if (whence !== 0 && whence !== 1 && whence !== 2) {
      throw new RangeError(`invalid whence (${whence}, should be 0, 1 or 2)`);
    }
    if (whence === 0 && cookie < 0) throw new RangeError(`negative seek position ${cookie}`);
    yield* core.acquire();
    try {
      checkOpen(core);
      if (whence === 1) return this.#position();
      if (core.pendingWrites) yield* core.io(core.flush());
      const target = whence === 2 ? (yield* core.io(core.handle.stat())).size : cookie;
      this.#reset();
      core.dropReadAhead();
      core.pos = target;
      this.#decoder.reset(target === 0);
      this.#encoder.reset(target === 0);
      return target;
    } finally {
      core.release();
    }
  }

  /**
   * Cuts (or extends) the file to `size` bytes, the current position by default; the position does
   * not move. Returns the new size. Python: `await f.truncate(pos=None)`.
   */
  *truncate(size?: number | null): Coro<number> {
    const core = this.core;
    if (size !== undefined && size !== null) intArgument(size);
    checkOpen(core);
    checkWritable(core, "truncate");
    yield* core.acquire();
    try {
      checkOpen(core);
      this.#dropReadAhead();
      if (core.pendingWrites) yield* core.io(core.flush());
      const length = size ?? core.pos;
      if (length < 0) throw invalidArgument();
      yield* core.io(core.handle.truncate(length));
      return length;
    } finally {
      core.release();
    }
  }

  /** @internal */
  protected lineNow(): string | typeof END | typeof NOT_NOW {
    const core = this.core;
    checkOpen(core);
    checkReadable(core, "not readable");
    if (core.locked || core.pendingWrites) return NOT_NOW;
    // The common case first: a whole translated line is decoded already.
    if (this.#newline === null) {
      const i = this.#text.indexOf("\n", this.#ti);
      if (i !== -1) {
        const line = this.#text.slice(this.#ti, i + 1);
        this.#ti = i + 1;
        return line;
      }
    }
    return this.#lineNowOrNull(-1, false) ?? NOT_NOW;
  }

  /** @internal */
  protected override reprExtra(): string {
    return ` encoding='${this.#encoding}'`;
  }

  /** @internal */
  protected override reprDetached(): string {
    return ` mode=${repr(this.mode)}${this.reprExtra()}`;
  }
}

/**
 * Just past the first line end at or after `from` in `text`, or -1 if none is known yet (with
 * `newline: ""` a final `\r` may still be followed by `\n`, unless the text is `atEnd`).
 */
function findLineEnd(text: string, from: number, newline: Newline, atEnd: boolean): number {
  switch (newline) {
    case null:
    case "\n": {
      const i = text.indexOf("\n", from);
      return i === -1 ? -1 : i + 1;
    }
    case "\r": {
      const i = text.indexOf("\r", from);
      return i === -1 ? -1 : i + 1;
    }
    case "\r\n": {
      const i = text.indexOf("\r\n", from);
      return i === -1 ? -1 : i + 2;
    }
    default: {
      const lf = text.indexOf("\n", from);
      const cr = text.indexOf("\r", from);
      if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 ? -1 : lf + 1;
      if (cr + 1 < text.length) return text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      return atEnd ? cr + 1 : -1;
    }
  }
}

/** Code points in `text` (a surrogate pair is one; a lone surrogate is one too), as Python counts. */
export function codePoints(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * `segments` joined, in pieces of `size` UTF-16 units or so: a high surrogate that would end a
 * piece begins the next one instead, so that a pair is never cut (each piece encodes as its
 * part of the whole text does). Small segments are joined into one piece.
 */
export function* textPieces(segments: readonly string[], size: number): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const segment of segments) {
    for (let at = 0; at < segment.length; ) {
      const take = Math.min(segment.length - at, size - length);
      parts.push(take === segment.length ? segment : segment.slice(at, at + take));
      length += take;
      at += take;
      if (length < size) continue;
      let piece = parts.length === 1 ? (parts[0] as string) : parts.join("");
      parts = [];
      length = 0;
      const last = piece.charCodeAt(piece.length - 1);
      if (last >= 0xd800 && last <= 0xdbff && piece.length > 1) {
        parts.push(piece.slice(-1));
        length = 1;
        piece = piece.slice(0, -1);
      }
      if (piece.length > 0) yield piece;
    }
  }
  if (length > 0) yield parts.length === 1 ? (parts[0] as string) : parts.join("");
}

/**
 * Python's type name for a value passed as text (bytes for Buffers and typed arrays), as its
 * argument parser says it: `None` for null and undefined (not `NoneType`).
 */
function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "None";
  return ArrayBuffer.isView(value) ? "bytes" : typeName(value);
}

refuseAwaitOnMethods(TextFile.prototype, [
  "read",
  "readline",
  "readlines",
  "write",
  "writelines",
  "seek",
  "tell",
  "truncate",
]);
