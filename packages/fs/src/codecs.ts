/**
 * Text codecs as Python's are: incremental decoders that never split a character across chunks,
 * the error handlers `strict`, `replace`, `ignore` and `surrogateescape`, and Python's exact error positions and
 * reasons. UTF-8 (and UTF-8 with signature), UTF-16 (with BOM, LE, BE), Latin-1 and ASCII.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { LookupError, typeName } from "@aio/loop";
import { UnicodeDecodeError, UnicodeEncodeError, UnicodeError } from "./errors.js";

/** How a codec treats bad input. Python: the `errors` argument. */
export type ErrorHandler = "strict" | "replace" | "ignore" | "surrogateescape";

const HANDLERS: ReadonlySet<string> = new Set(["strict", "replace", "ignore", "surrogateescape"]);

/** Checks an `errors` argument. Python: `codecs.lookup_error`. */
export function checkErrorHandler(errors: unknown): ErrorHandler {
  if (typeof errors !== "string") {
    throw new TypeError(`open() argument 'errors' must be str or None, not ${typeName(errors)}`);
  }
  if (!HANDLERS.has(errors)) throw new LookupError(`unknown error handler name '${errors}'`);
  return errors as ErrorHandler;
}

/** Turns bytes into text a chunk at a time, holding back an incomplete character. */
export interface IncrementalDecoder {
  /** The text of `bytes` (after what was held back), holding back a trailing partial character unless `final`. */
  decode(bytes: Uint8Array, final: boolean): string;
  /** How many bytes are held back. */
  readonly pending: number;
  /** Whether the last `decode` replaced or dropped bytes (its text no longer maps to byte lengths). */
  readonly lossy: boolean;
  /** Forgets held-back bytes; `atStart` means the next bytes begin the stream (a BOM may follow). */
  reset(atStart: boolean): void;
}

/** Turns text into bytes; the first call of a stream may write a BOM. */
export interface IncrementalEncoder {
  encode(text: string): Buffer;
  /** `atStart`: the next text begins the stream (a BOM is written before it). */
  reset(atStart: boolean): void;
}

/** A text encoding. Python: `codecs.CodecInfo`. */
export interface Codec {
  /** Python's name for it in messages: `utf-8`, `latin-1`, `ascii`, `utf-16-le`. */
  readonly name: string;
  newDecoder(errors: ErrorHandler): IncrementalDecoder;
  newEncoder(errors: ErrorHandler): IncrementalEncoder;
  /**
   * Bytes of `text` in this encoding, for text that decoded without loss (a lone U+DC80–U+DCFF,
   * a surrogateescape, is its one byte).
   */
  byteLength(text: string): number;
  /** Whether the `strict` handler encodes all of `text` (no character it cannot take). */
  encodable(text: string): boolean;
}

/**
 * The error encoding `text` with `errors` raises, or `null` when it encodes: Python's, with
 * positions in all of `text`. Only `strict` and `surrogateescape` can fail.
 */
export function encodeError(codec: Codec, text: string, errors: ErrorHandler = "strict"): unknown {
  if (codec.encodable(text) || errors === "replace" || errors === "ignore") return null;
  try {
    codec.newEncoder(errors).encode(text);
  } catch (err) {
    return err;
  }
  return null;
}

/**
 * Python's `bytes.decode("utf-8", "surrogateescape")`: a byte that does not start a well-formed
 * sequence becomes U+DC00 + the byte (aiohttp 3.8 decodes header values so).
 */
export function decodeUtf8SurrogateEscape(bytes: Uint8Array): string {
  const buf = view(bytes);
  if (isUtf8(buf)) return buf.toString("utf8");
  return decodeWith(buf, 0, buf.length, "surrogateescape", "utf-8", utf8Error, utf8Good, { lossy: false });
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function concat(a: Buffer | null, b: Uint8Array): Buffer {
  if (a === null || a.length === 0) return view(b);
  return Buffer.concat([a, b]);
}

interface Bad {
  start: number;
  end: number;
  reason: string;
}

/**
 * Decodes `buf[start, end)`, finding errors with `nextError` and decoding the good runs with `good`.
 * `buf` is all the bytes of this call (what was held back first, then the new ones), as the data of
 * Python's decoder: errors' positions count from its start, and a sequence just before `end` is
 * judged by the bytes after it (held back for the next call), as Python judges it.
 */
function decodeWith(
  buf: Buffer,
  start: number,
  end: number,
  errors: ErrorHandler,
  codec: string,
  nextError: (buf: Buffer, from: number, to: number) => Bad | null,
  good: (buf: Buffer, from: number, to: number) => string,
  state: { lossy: boolean },
): string {
  let out = "";
  let at = start;
  for (;;) {
    const bad = nextError(buf, at, end);
    if (bad === null) return out + good(buf, at, end);
    // surrogateescape, as CPython's handler: the bad range's leading bytes from 0x80 (up to 4) as
    // U+DC00 + byte, decoding going on after them; a range that starts with an ASCII byte fails
    let escaped = "";
    let resume = bad.end;
    if (errors === "surrogateescape") {
      resume = bad.start;
      while (resume < bad.end && resume - bad.start < 4 && (buf[resume] as number) >= 0x80) {
        escaped += String.fromCharCode(0xdc00 + (buf[resume] as number));
        resume++;
      }
    }
    if (errors === "strict" || (errors === "surrogateescape" && escaped === "")) {
      throw new UnicodeDecodeError(
        codec,
        Uint8Array.prototype.slice.call(buf),
        bad.start,
        bad.end,
        bad.reason,
      );
    }
    out += good(buf, at, bad.start);
    if (errors === "replace") out += "\ufffd";
    else out += escaped;
    // an escape stands for its byte ({@link Codec.byteLength} counts it so): nothing is lost
    if (errors !== "surrogateescape") state.lossy = true;
    at = resume;
  }
}

// --- UTF-8 ---------------------------------------------------------------------------------

/**
 * The first malformed sequence of UTF-8 starting in `b[from, to)`, with Python's range and reason
 * (a sequence is judged by the bytes after it up to the end of `b`).
 */
function utf8Error(b: Buffer, from: number, to: number): Bad | null {
  let i = from;
  while (i < to) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return { start: i, end: i + 1, reason: "invalid start byte" };
    for (let k = 0; k < need; k++) {
      const j = i + 1 + k;
      if (j >= b.length) return { start: i, end: j, reason: "unexpected end of data" };
      const d = b[j] as number;
      if (d < (k === 0 ? lo : 0x80) || d > (k === 0 ? hi : 0xbf)) {
        return { start: i, end: j, reason: "invalid continuation byte" };
      }
    }
    i += need + 1;
  }
  return null;
}

/** Where a trailing incomplete (but so far valid) UTF-8 sequence starts, or `b.length`. */
function utf8Cut(b: Buffer): number {
  const n = b.length;
  for (let p = n - 1; p >= 0 && p >= n - 4; p--) {
    const c = b[p] as number;
    if (c < 0x80 || c >= 0xc0) {
      const bad = c < 0x80 ? null : utf8Error(b, p, n);
      return bad !== null && bad.reason === "unexpected end of data" ? p : n;
    }
  }
  return n;
}

function utf8Good(b: Buffer, from: number, to: number): string {
  return from === to ? "" : b.toString("utf8", from, to);
}

class Utf8Decoder implements IncrementalDecoder {
  #held: Buffer | null = null;
  #expectBom: boolean;
  lossy = false;
  constructor(
    private readonly errors: ErrorHandler,
    private readonly sig: boolean,
  ) {
    this.#expectBom = sig;
  }
  get pending(): number {
    return this.#held?.length ?? 0;
  }
  reset(atStart: boolean): void {
    this.#held = null;
    this.#expectBom = this.sig && atStart;
  }
  decode(bytes: Uint8Array, final: boolean): string {
    // State changes only once decoding succeeded: after an error the same bytes fail again.
    let buf = concat(this.#held, bytes);
    if (this.#expectBom) {
      const bom = Math.min(buf.length, 3);
      if (buf.subarray(0, bom).equals(UTF8_BOM.subarray(0, bom))) {
        if (bom < 3 && !final) {
          this.#held = Buffer.from(buf);
          return "";
        }
        // a stream that is only the start of a BOM (at its end) gives nothing, as CPython's
        buf = buf.subarray(bom);
      }
    }
    const cut = final ? buf.length : utf8Cut(buf);
    const state = { lossy: false };
    // Python's utf-8-sig decodes (and names its errors) as utf-8 once past the signature.
    const text =
      this.errors === "strict" && isUtf8(buf.subarray(0, cut))
        ? utf8Good(buf, 0, cut)
        : decodeWith(buf, 0, cut, this.errors, "utf-8", utf8Error, utf8Good, state);
    this.#expectBom = false;
    this.#held = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
    this.lossy = state.lossy;
    return text;
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Whether `text` has no lone surrogates (ES2024's `String.prototype.isWellFormed`, in Node 20). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** Lone surrogates in `text` (the escapes of surrogateescape, in decoded text). */
function loneSurrogates(text: string): number {
  if (isWellFormed(text)) return 0;
  return text.match(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g)?.length ?? 0;
}

/** The first lone surrogate in `text[from…]`, as UTF-16 indexes (Python's UTF-16 encoders name one at a time). */
function loneSurrogate(text: string, from: number): [number, number] | null {
  const run = surrogateRun(text, from);
  return run === null ? null : [run[0], run[0] + 1];
}

/** The first run of lone surrogates in `text[from…]`, as UTF-16 indexes. */
function surrogateRun(text: string, from: number): [number, number] | null {
  const re = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  re.lastIndex = from;
  const m = re.exec(text);
  if (m === null) return null;
  let end = m.index + 1;
  for (;;) {
    re.lastIndex = end;
    const next = re.exec(text);
    if (next === null || next.index !== end) return [m.index, end];
    end++;
  }
}

/** Code points in `text[0, index)`. */
function codePointIndex(text: string, index: number): number {
  let n = 0;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < index) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Encodes text whose unencodable characters `find` locates (runs of them, as UTF-16 indexes),
 * encoding the rest with `good`: `strict` raises Python's error, `replace` writes `?` per
 * character, `ignore` drops them, `surrogateescape` writes U+DC80–U+DCFF as the bytes 0x80–0xFF
 * and raises Python's error for the rest of a run from its first other character (as CPython's
 * encoders do).
 */
function encodeWith(
  text: string,
  errors: ErrorHandler,
  codec: string,
  reason: string,
  find: (text: string, from: number) => [number, number] | null,
  good: (text: string) => Buffer,
): Buffer {
  let first = find(text, 0);
  if (first === null) return good(text);
  const parts: Buffer[] = [];
  let at = 0;
  while (first !== null) {
    let [start, end] = first;
    if (errors === "surrogateescape") {
      let k = start;
      while (k < end && text.charCodeAt(k) >= 0xdc80 && text.charCodeAt(k) <= 0xdcff) k++;
      parts.push(good(text.slice(at, start)));
      const bytes = Buffer.allocUnsafe(k - start);
      for (let i = start; i < k; i++) bytes[i - start] = text.charCodeAt(i) - 0xdc00;
      parts.push(bytes);
      at = start = k;
    }
    if (errors === "strict" || (errors === "surrogateescape" && start < end)) {
      const cpStart = codePointIndex(text, start);
      const cpEnd = cpStart + [...text.slice(start, end)].length;
      throw new UnicodeEncodeError(codec, text, cpStart, cpEnd, reason);
    }
    parts.push(good(text.slice(at, start)));
    if (errors === "replace") parts.push(good("?".repeat([...text.slice(start, end)].length)));
    at = end;
    first = find(text, at);
  }
  parts.push(good(text.slice(at)));
  return Buffer.concat(parts);
}

class BomEncoder implements IncrementalEncoder {
  #atStart = true;
  constructor(
    private readonly bom: Buffer | null,
    private readonly encodeText: (text: string) => Buffer,
  ) {}
  reset(atStart: boolean): void {
    this.#atStart = atStart;
  }
  encode(text: string): Buffer {
    const bytes = this.encodeText(text);
    if (this.#atStart && this.bom !== null) {
      this.#atStart = false;
      return Buffer.concat([this.bom, bytes]);
    }
    this.#atStart = false;
    return bytes;
  }
}

const utf8 = (sig: boolean): Codec => {
  const name = sig ? "utf-8-sig" : "utf-8";
  return {
    name,
    newDecoder: (errors) => new Utf8Decoder(errors, sig),
    newEncoder: (errors) =>
      new BomEncoder(sig ? UTF8_BOM : null, (text) =>
        isWellFormed(text)
          ? Buffer.from(text, "utf8")
          : encodeWith(text, errors, "utf-8", "surrogates not allowed", surrogateRun, (t) =>
              Buffer.from(t, "utf8"),
            ),
      ),
    // Buffer.byteLength counts a lone surrogate as U+FFFD's 3 bytes
    byteLength: (text) => Buffer.byteLength(text, "utf8") - 2 * loneSurrogates(text),
    encodable: isWellFormed,
  };
};

// --- UTF-16 --------------------------------------------------------------------------------

/** As {@link utf8Error}: the ranges and reasons of Python's UTF-16 decoder (to the end of the data at the end). */
function utf16Error(littleEndian: boolean) {
  return (b: Buffer, from: number, to: number): Bad | null => {
    for (let i = from; i < to; i += 2) {
      if (i + 1 >= b.length) return { start: i, end: b.length, reason: "truncated data" };
      const u = littleEndian ? b.readUInt16LE(i) : b.readUInt16BE(i);
      if (u < 0xd800 || u > 0xdfff) continue;
      if (u >= 0xdc00) return { start: i, end: i + 2, reason: "illegal encoding" };
      if (i + 3 >= b.length) return { start: i, end: b.length, reason: "unexpected end of data" };
      const v = littleEndian ? b.readUInt16LE(i + 2) : b.readUInt16BE(i + 2);
      if (v < 0xdc00 || v > 0xdfff) return { start: i, end: i + 2, reason: "illegal UTF-16 surrogate" };
      i += 2;
    }
    return null;
  };
}

function utf16Good(littleEndian: boolean) {
  return (b: Buffer, from: number, to: number): string => {
    if (from === to) return "";
    if (littleEndian) return b.toString("utf16le", from, to);
    return Buffer.from(b.subarray(from, to)).swap16().toString("utf16le");
  };
}

class Utf16Decoder implements IncrementalDecoder {
  #held: Buffer | null = null;
  #littleEndian: boolean | null;
  lossy = false;
  constructor(
    private readonly errors: ErrorHandler,
    private readonly fixed: boolean | null,
    private readonly name: string,
  ) {
    this.#littleEndian = fixed;
  }
  get pending(): number {
    return this.#held?.length ?? 0;
  }
  reset(atStart: boolean): void {
    this.#held = null;
    // The byte order a BOM set is kept when seeking within the stream, as Python's decoder state is;
    // a seek within the stream before any BOM was read reads the machine's order, as Python's.
    if (atStart) this.#littleEndian = this.fixed;
    else this.#littleEndian ??= true;
  }
  decode(bytes: Uint8Array, final: boolean): string {
    const buf = concat(this.#held, bytes);
    let le = this.#littleEndian;
    let start = 0;
    let known = le !== null; // the byte order: fixed, or set by a BOM
    if (le === null) {
      if (buf.length < 2 && !final) {
        this.#held = Buffer.from(buf);
        return "";
      }
      known = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
      le = !(buf[0] === 0xfe && buf[1] === 0xff); // without a BOM, the machine's order
      if (known) start = 2;
    }
    let cut = buf.length;
    if (!final) {
      cut -= (cut - start) % 2;
      if (cut - start >= 2) {
        const last = le ? buf.readUInt16LE(cut - 2) : buf.readUInt16BE(cut - 2);
        if (last >= 0xd800 && last <= 0xdbff) cut -= 2; // wait for its low surrogate
      }
    }
    // Python's decoder names its errors by the byte order, and counts positions from the data's
    // start (a BOM included).
    const name = le ? "utf-16-le" : "utf-16-be";
    const state = { lossy: false };
    const text = decodeWith(buf, start, cut, this.errors, name, utf16Error(le), utf16Good(le), state);
    if (!known) {
      // As Python's TextIOWrapper (its incremental decoder, not `bytes.decode`), up to 3.12: once
      // two bytes are decoded, a stream without a BOM is refused (3.13 raises it as a decode error).
      if (cut >= 2)
        throw new UnicodeError(
          "UTF-16 stream does not start with BOM",
          this.name,
          0,
          2,
          "Stream does not start with BOM",
        );
      this.#held = !final && buf.length > 0 ? Buffer.from(buf) : null; // nothing decoded yet: a BOM may come
      this.lossy = state.lossy;
      return text;
    }
    this.#littleEndian = le;
    this.#held = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
    this.lossy = state.lossy;
    return text;
  }
}

const utf16 = (littleEndian: boolean | null): Codec => {
  const name = littleEndian === null ? "utf-16" : littleEndian ? "utf-16-le" : "utf-16-be";
  const encodeUnits = (text: string): Buffer => {
    const b = Buffer.from(text, "utf16le");
    return littleEndian === false ? b.swap16() : b;
  };
  return {
    name,
    newDecoder: (errors) => new Utf16Decoder(errors, littleEndian, name),
    newEncoder: (errors) =>
      new BomEncoder(littleEndian === null ? Buffer.from([0xff, 0xfe]) : null, (text) =>
        isWellFormed(text)
          ? encodeUnits(text)
          : // Python's UTF-16 encoders take no surrogate back as a byte: surrogateescape fails as strict
            encodeWith(
              text,
              errors === "surrogateescape" ? "strict" : errors,
              name,
              "surrogates not allowed",
              loneSurrogate,
              encodeUnits,
            ),
      ),
    byteLength: (text) => text.length * 2 - loneSurrogates(text),
    encodable: isWellFormed,
  };
};

// --- single-byte ---------------------------------------------------------------------------

function singleByte(name: string, limit: 0x80 | 0x100): Codec {
  const reason = `ordinal not in range(${limit})`;
  const outside = limit === 0x80 ? /[^\0-\x7f]+/g : /[^\0-\xff]+/g;
  const anyOutside = limit === 0x80 ? /[^\0-\x7f]/ : /[^\0-\xff]/;
  const find = (text: string, from: number): [number, number] | null => {
    outside.lastIndex = from;
    const m = outside.exec(text);
    return m === null ? null : [m.index, m.index + m[0].length];
  };
  const asciiError = (b: Buffer, from: number, to: number): Bad | null => {
    for (let i = from; i < to; i++) if ((b[i] as number) >= 0x80) return { start: i, end: i + 1, reason };
    return null;
  };
  const good = (b: Buffer, from: number, to: number): string => b.toString("latin1", from, to);
  return {
    name,
    newDecoder(errors) {
      const decoder: IncrementalDecoder & { lossy: boolean } = {
        lossy: false,
        pending: 0,
        reset() {},
        decode(bytes) {
          const buf = view(bytes);
          this.lossy = false;
          if (limit === 0x100 || isAscii(buf)) return good(buf, 0, buf.length);
          const state = { lossy: false };
          const text = decodeWith(buf, 0, buf.length, errors, name, asciiError, good, state);
          this.lossy = state.lossy;
          return text;
        },
      };
      return decoder;
    },
    newEncoder: (errors) =>
      new BomEncoder(null, (text) =>
        encodeWith(text, errors, name, reason, find, (t) => Buffer.from(t, "latin1")),
      ),
    byteLength: (text) => text.length,
    encodable: (text) => !anyOutside.test(text),
  };
}

const CODECS: Readonly<Record<string, Codec>> = {
  "utf-8": utf8(false),
  "utf-8-sig": utf8(true),
  "utf-16": utf16(null),
  "utf-16-le": utf16(true),
  "utf-16-be": utf16(false),
  "latin-1": singleByte("latin-1", 0x100),
  ascii: singleByte("ascii", 0x80),
};

const ALIASES: Readonly<Record<string, string>> = {
  utf8: "utf-8",
  u8: "utf-8",
  utf: "utf-8",
  "utf8-sig": "utf-8-sig",
  utf16: "utf-16",
  u16: "utf-16",
  "utf-16le": "utf-16-le",
  utf16le: "utf-16-le",
  "utf-16be": "utf-16-be",
  utf16be: "utf-16-be",
  latin1: "latin-1",
  latin: "latin-1",
  l1: "latin-1",
  "iso-8859-1": "latin-1",
  "iso8859-1": "latin-1",
  "iso-ir-100": "latin-1",
  "8859": "latin-1",
  cp819: "latin-1",
  "us-ascii": "ascii",
  "646": "ascii",
  us: "ascii",
};

/**
 * The codec for an encoding name, spelled any way Python accepts (`UTF8`, `utf_8`, `latin1`).
 * Python: `codecs.lookup(encoding)`.
 */
export function lookupCodec(encoding: unknown): Codec {
  if (typeof encoding !== "string") {
    throw new TypeError(`open() argument 'encoding' must be str or None, not ${typeName(encoding)}`);
  }
  const key = encoding
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
  // own properties only: `constructor` (after `toLowerCase`) is no codec
  const codec = own(CODECS, key) ?? own(CODECS, own(ALIASES, key) ?? "");
  if (codec === undefined) throw new LookupError(`unknown encoding: ${encoding}`);
  return codec;
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
