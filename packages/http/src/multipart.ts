/**
 * Multipart bodies as aiohttp 3.8 reads and writes them: {@link MultipartReader} streams a body
 * part by part off a {@link StreamReader} (a 2 GiB upload never sits in memory), each part a
 * {@link BodyPartReader} read in chunks, whole, as text in its charset, JSON or a form;
 * {@link MultipartWriter} builds one (form-data, mixed, nested writers, per-part headers,
 * Content-Encoding and Content-Transfer-Encoding). Python: `aiohttp.multipart`.
 */
import { randomUUID } from "node:crypto";
import { ReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from "node:zlib";
import { isCoroutine, repr, typeName } from "@aio/loop";
import { type Coro, fromPromise, toPromise } from "@aio/task";
import { END, type FastAsyncIterator, NEXT, NEXT_NOW, NOT_NOW } from "@aio/task/internal";
import { charset, percentEncode } from "./charsets.js";
import { checkKeys } from "./internal/options.js";
import { guessType } from "./mimetypes.js";
import { CIMultiDict } from "./multidict.js";
import { CIMultiDictProxy, type ClientResponse } from "./response.js";
import { promiseIterator, type StreamReader } from "./streams.js";

// --- header values -------------------------------------------------------------------------

/** A parsed MIME type. Python: `aiohttp.helpers.MimeType`. */
export interface MimeType {
  type: string;
  subtype: string;
  suffix: string;
  parameters: Map<string, string>;
}

/** Parses a MIME type leniently, as aiohttp does. Python: `aiohttp.helpers.parse_mimetype`. */
export function parseMimetype(mimetype: string): MimeType {
  const parameters = new Map<string, string>();
  if (!mimetype) return { type: "", subtype: "", suffix: "", parameters };
  const parts = mimetype.split(";");
  for (const item of parts.slice(1)) {
    if (!item) continue;
    const eq = item.indexOf("=");
    const key = (eq < 0 ? item : item.slice(0, eq)).toLowerCase().trim();
    const value = (eq < 0 ? "" : item.slice(eq + 1)).replace(/^[ "]+|[ "]+$/g, "");
    if (!parameters.has(key)) parameters.set(key, value);
  }
  let full = (parts[0] as string).trim().toLowerCase();
  if (full === "*") full = "*/*";
  const slash = full.indexOf("/");
  const type = slash < 0 ? full : full.slice(0, slash);
  let subtype = slash < 0 ? "" : full.slice(slash + 1);
  let suffix = "";
  const plus = subtype.indexOf("+");
  if (plus >= 0) {
    suffix = subtype.slice(plus + 1);
    subtype = subtype.slice(0, plus);
  }
  return { type, subtype, suffix, parameters };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `%XX` escapes in `text` decoded as bytes of `encoding` (strict). Python: `urllib.parse.unquote`. */
function unquote(text: string, encoding: string): string {
  if (!text.includes("%")) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    charset(encoding).decode(Buffer.from(run.replace(/%/g, ""), "hex")),
  );
}

/**
 * A Content-Disposition header's type and parameters (RFC 2183, RFC 2231/5987 `name*=`); `[null, {}]`
 * for a missing or malformed one. Python: `aiohttp.multipart.parse_content_disposition`.
 */
export function parseContentDisposition(
  header: string | null | undefined,
): [string | null, Record<string, string>] {
  if (!header) return [null, {}];
  const [disptype, ...parts] = header.split(";");
  if (!TOKEN.test(disptype as string)) return [null, {}];
  const params: Record<string, string> = {};
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python's CHAR, the ASCII range
  const unquoteChars = (text: string): string => text.replace(/\\([\x00-\x7f])/g, "$1");
  // a lone `"` is quoted (and empty), as aiohttp's `string[0] == string[-1] == '"'`
  const isQuoted = (s: string): boolean => s.startsWith('"') && s.endsWith('"');
  while (parts.length > 0) {
    const item = parts.shift() as string;
    const eq = item.indexOf("=");
    if (eq < 0) return [null, {}];
    const key = item.slice(0, eq).toLowerCase().trim();
    let value = item.slice(eq + 1).trimStart();
    if (Object.hasOwn(params, key)) return [null, {}];
    if (!TOKEN.test(key)) continue;
    const star = key.indexOf("*");
    const tail = star < 0 ? "" : key.endsWith("*") ? key.slice(star + 1, -1) : key.slice(star + 1);
    if (star >= 0 && /^\d+$/.test(tail)) {
      if (isQuoted(value)) value = unquoteChars(value.slice(1, -1));
      else if (!TOKEN.test(value)) continue;
    } else if (key.endsWith("*")) {
      if (!(TOKEN.test(value) && value.split("'").length === 3)) continue;
      const [enc, , rest] = value.split("'") as [string, string, string];
      try {
        value = unquote(rest, enc || "utf-8");
      } catch {
        continue;
      }
    } else {
      let failed = true;
      if (isQuoted(value)) {
        failed = false;
        value = unquoteChars(value.slice(1, -1).replace(/^[\\/]+/, ""));
      } else if (TOKEN.test(value)) failed = false;
      else if (parts.length > 0) {
        const joined = `${value};${parts[0]}`;
        if (isQuoted(joined)) {
          parts.shift();
          value = unquoteChars(joined.slice(1, -1).replace(/^[\\/]+/, ""));
          failed = false;
        }
      }
      if (failed) return [null, {}];
    }
    params[key] = value;
  }
  return [(disptype as string).toLowerCase(), params];
}

/** A parameter (`filename`, `name`) of parsed Content-Disposition parameters. Python: `content_disposition_filename`. */
export function contentDispositionFilename(params: Record<string, string>, name = "filename"): string | null {
  const suffixed = `${name}*`;
  if (Object.keys(params).length === 0) return null;
  if (Object.hasOwn(params, suffixed)) return params[suffixed] as string;
  if (Object.hasOwn(params, name)) return params[name] as string;
  const pieces: string[] = [];
  const sorted = Object.entries(params)
    .filter(([k]) => k.startsWith(suffixed))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [n, [key, value]] of sorted.entries()) {
    let tail = key.slice(key.indexOf("*") + 1);
    if (tail.endsWith("*")) tail = tail.slice(0, -1);
    if (tail !== String(n)) break;
    pieces.push(value);
  }
  if (pieces.length === 0) return null;
  const value = pieces.join("");
  if (value.includes("'")) {
    const [enc, , rest] = value.split("'") as [string, string, string];
    return unquote(rest, enc || "utf-8");
  }
  return value;
}

// --- reading ------------------------------------------------------------------------------

/** Headers of a part, as aiohttp's parser gives them (`Name: value` lines, surrogateescaped UTF-8). */
function parseHeaders(lines: Buffer[]): CIMultiDictProxy {
  const pairs: [string, string][] = [];
  for (const raw of lines) {
    const line = raw.toString("utf8");
    const colon = line.indexOf(":");
    if (colon <= 0) throw new RangeError(`Invalid header line in a multipart part: ${repr(line)}`);
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return CIMultiDictProxy.of(pairs);
}

/** What {@link MultipartReader.next} gives: a part, or a nested multipart body. */
export type MultipartPart = BodyPartReader | MultipartReader;

/**
 * One part of a multipart body, read off the stream as it is asked for: in chunks
 * (`readChunk`), whole (`read`), as text, JSON or a urlencoded form, line by line, or skipped
 * (`release`). Python: `aiohttp.BodyPartReader`.
 */
export class BodyPartReader implements FastAsyncIterator<Buffer>, AsyncIterable<Buffer> {
  /** The default chunk size of `read()`. */
  static chunkSize = 8192;
  readonly headers: CIMultiDictProxy;
  readonly #boundary: Buffer;
  readonly #stream: StreamReader;
  readonly #defaultCharset: string | null;
  readonly #isFormData: boolean;
  readonly #length: number | null;
  #readBytes = 0;
  #atEof = false;
  #prevChunk: Buffer | null = null;
  #contentEof = 0;
  /** @internal lines read past the part's end, handed back to the reader */
  readonly _unread: Buffer[] = [];

  /**
   * A part whose headers were read, its body next on `content`; `boundary` is the body's
   * delimiter (`--` and the boundary). {@link MultipartReader} makes them. Python:
   * `BodyPartReader(boundary, headers, content, *, subtype="mixed", default_charset=None)`.
   */
  constructor(
    boundary: Buffer | string,
    headers: CIMultiDictProxy | PartHeaders,
    content: StreamReader,
    options: { subtype?: string; defaultCharset?: string | null } = {},
  ) {
    this.headers = headers instanceof CIMultiDictProxy ? headers : CIMultiDictProxy.of(toPairs(headers));
    this.#boundary = typeof boundary === "string" ? Buffer.from(boundary, "utf8") : boundary;
    this.#stream = content;
    this.#defaultCharset = options.defaultCharset ?? null;
    this.#isFormData = (options.subtype ?? "mixed") === "form-data";
    // RFC 7578 4.8: a form-data part's Content-Length is not to be trusted
    const length = this.#isFormData ? undefined : this.headers.get("Content-Length");
    this.#length = length === undefined ? null : Number.parseInt(length, 10);
  }

  /** The rest of the part (as `read()`), or null once it is read. Python: `await part.next()`. */
  *next(): Coro<Buffer | null> {
    const item = yield* this.read();
    return item.length === 0 ? null : item;
  }

  /** Whether the part's end (its boundary) was reached. */
  atEof(): boolean {
    return this.#atEof;
  }

  /** The next chunk, up to `size` bytes; empty at the part's end. Python: `await part.read_chunk(size)`. */
  *readChunk(size = BodyPartReader.chunkSize): Coro<Buffer> {
    if (this.#atEof) return Buffer.alloc(0);
    const chunk = this.#length ? yield* this.#chunkFromLength(size) : yield* this.#chunkFromStream(size);
    this.#readBytes += chunk.length;
    if (this.#readBytes === this.#length) this.#atEof = true;
    if (this.#atEof) {
      const crlf = yield* this.#stream.readline();
      if (crlf.toString("latin1") !== "\r\n") {
        throw new RangeError("reader did not read all the data or it is malformed");
      }
    }
    return chunk;
  }

  *#chunkFromLength(size: number): Coro<Buffer> {
    const chunk = yield* this.#stream.read(Math.min(size, (this.#length as number) - this.#readBytes));
    if (this.#stream.atEof()) this.#atEof = true;
    return chunk;
  }

  *#chunkFromStream(size: number): Coro<Buffer> {
    if (size < this.#boundary.length + 2) {
      throw new RangeError("Chunk size must be greater or equal than boundary length + 2");
    }
    const first = this.#prevChunk === null;
    if (first) this.#prevChunk = yield* this.#stream.read(size);
    let chunk = yield* this.#stream.read(size);
    this.#contentEof += this.#stream.atEof() ? 1 : 0;
    if (this.#contentEof >= 3) throw new RangeError("Reading after EOF");
    let prev = this.#prevChunk as Buffer;
    const window = Buffer.concat([prev, chunk]);
    const sub = Buffer.concat([Buffer.from("\r\n"), this.#boundary]);
    const idx = first ? window.indexOf(sub) : window.indexOf(sub, Math.max(0, prev.length - sub.length));
    if (idx >= 0) {
      // the boundary and what follows go back to the body's stream (aiohttp's unread_data)
      this.#stream.unreadData(window.subarray(idx));
      if (size > idx) prev = prev.subarray(0, idx);
      chunk = window.subarray(prev.length, idx);
      if (chunk.length === 0) this.#atEof = true;
    } else if (chunk.length === 0 && prev.length === 0 && this.#stream.atEof()) {
      // (only once what was read before is given: aiohttp 3.8 returns it, then fails)
      throw new RangeError(`Could not find the closing boundary ${repr(this.#boundary.toString("latin1"))}`);
    }
    this.#prevChunk = chunk;
    return prev;
  }

  /**
   * The rest of the part, decoded by its Content-Transfer-Encoding and (outside form-data)
   * Content-Encoding if `decode`. Python: `await part.read(decode=False)`.
   */
  *read(options: { decode?: boolean } = {}): Coro<Buffer> {
    if (this.#atEof) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    while (!this.#atEof) chunks.push(yield* this.readChunk(BodyPartReader.chunkSize));
    const data = Buffer.concat(chunks);
    return options.decode ? this.decode(data) : data;
  }

  /** The next line of the part (with its line end), empty at its end. Python: `await part.readline()`. */
  *readline(): Coro<Buffer> {
    if (this.#atEof) return Buffer.alloc(0);
    let line = this._unread.length > 0 ? (this._unread.shift() as Buffer) : yield* this.#stream.readline();
    if (line.subarray(0, this.#boundary.length).equals(this.#boundary)) {
      const stripped = line.toString("latin1").replace(/[\r\n]+$/, "");
      const b = this.#boundary.toString("latin1");
      if (stripped === b || stripped === `${b}--`) {
        this.#atEof = true;
        this._unread.push(line);
        return Buffer.alloc(0);
      }
    } else {
      const next = yield* this.#stream.readline();
      if (next.subarray(0, this.#boundary.length).equals(this.#boundary)) line = line.subarray(0, -2);
      this._unread.push(next);
    }
    return line;
  }

  /** Reads the rest of the part to the void. Python: `await part.release()`. */
  *release(): Coro<void> {
    while (!this.#atEof) yield* this.readChunk(BodyPartReader.chunkSize);
  }

  /** The part as text, in `encoding` or its charset (UTF-8 by default). Python: `await part.text()`. */
  *text(options: { encoding?: string } = {}): Coro<string> {
    const data = yield* this.read({ decode: true });
    return charset(options.encoding ?? this.getCharset("utf-8")).decode(data);
  }

  /** The part as JSON, or null if empty. Python: `await part.json()`. */
  *json(options: { encoding?: string } = {}): Coro<unknown> {
    const data = yield* this.read({ decode: true });
    if (data.length === 0) return null;
    return JSON.parse(charset(options.encoding ?? this.getCharset("utf-8")).decode(data));
  }

  /** The part as a urlencoded form's pairs (blank values kept). Python: `await part.form()`. */
  *form(options: { encoding?: string } = {}): Coro<[string, string][]> {
    const data = yield* this.read({ decode: true });
    if (data.length === 0) return [];
    const enc = options.encoding ?? this.getCharset("utf-8");
    const text = charset(enc).decode(data).trimEnd();
    const pairs: [string, string][] = [];
    // Python 3.11's parse_qsl: '&' only (';' is no separator since 3.10)
    for (const piece of text.split("&")) {
      if (piece === "") continue;
      const eq = piece.indexOf("=");
      const [k, v] = eq < 0 ? [piece, ""] : [piece.slice(0, eq), piece.slice(eq + 1)];
      pairs.push([unquote(k.replace(/\+/g, " "), enc), unquote(v.replace(/\+/g, " "), enc)]);
    }
    return pairs;
  }

  /** `data` decoded by the part's Content-Transfer-Encoding, then Content-Encoding (not in form-data). */
  decode(data: Buffer): Buffer {
    let out = data;
    if (this.headers.has("Content-Transfer-Encoding")) {
      const te = (this.headers.get("Content-Transfer-Encoding") as string).toLowerCase();
      if (te === "base64") out = Buffer.from(out.toString("latin1"), "base64");
      else if (te === "quoted-printable") out = decodeQuotedPrintable(out);
      else if (te !== "binary" && te !== "8bit" && te !== "7bit")
        throw new Error(`unknown content transfer encoding: ${te}`);
    }
    if (!this.#isFormData && this.headers.has("Content-Encoding")) {
      const ce = (this.headers.get("Content-Encoding") as string).toLowerCase();
      if (ce === "deflate") return inflateRawSync(out);
      if (ce === "gzip") return gunzipSync(out);
      if (ce === "identity") return out;
      throw new Error(`unknown content encoding: ${ce}`);
    }
    return out;
  }

  /** The charset of the part's Content-Type, else the form's `_charset_`, else `fallback`. */
  getCharset(fallback: string): string {
    const type = parseMimetype(this.headers.get("Content-Type") ?? "");
    return type.parameters.get("charset") ?? (this.#defaultCharset || fallback);
  }

  /** The `name` of the part's Content-Disposition, or null. */
  get name(): string | null {
    return contentDispositionFilename(
      parseContentDisposition(this.headers.get("Content-Disposition"))[1],
      "name",
    );
  }

  /** The `filename` of the part's Content-Disposition, or null. */
  get filename(): string | null {
    return contentDispositionFilename(
      parseContentDisposition(this.headers.get("Content-Disposition"))[1],
      "filename",
    );
  }

  /** `anext(part)`: the rest of the part, or END once read (as aiohttp's iteration). */
  [NEXT_NOW](): Buffer | typeof END | typeof NOT_NOW {
    return this.#atEof ? END : NOT_NOW;
  }

  /** The rest of the part for the library's `anext` (see `[NEXT_NOW]`). */
  *[NEXT](): Coro<Buffer | typeof END> {
    const data = yield* this.read();
    return data.length === 0 ? END : data;
  }

  /** `for await (const body of part)`: the part's bytes, once (as aiohttp's iteration). */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return promiseIterator(this);
  }
}

function decodeQuotedPrintable(data: Buffer): Buffer {
  const text = data.toString("latin1").replace(/=\r?\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const hex = text.slice(i + 1, i + 3);
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(c.charCodeAt(0));
  }
  return Buffer.from(out);
}

/**
 * A multipart body, read part by part off its stream: `next()` gives each part (or a nested
 * multipart body) once the previous one is read or released; `for await` does the same.
 * Python: `aiohttp.MultipartReader`.
 * @example
 * const reader = yield* request.multipart();
 * for (let part = yield* reader.next(); part !== null; part = yield* reader.next()) {
 *   if (part instanceof BodyPartReader && part.filename !== null) yield* saveChunks(part);
 * }
 */
export class MultipartReader implements FastAsyncIterator<MultipartPart>, AsyncIterable<MultipartPart> {
  readonly headers: { get(name: string): string | undefined };
  readonly #mimetype: MimeType;
  readonly #boundary: Buffer;
  readonly #stream: StreamReader;
  #defaultCharset: string | null = null;
  #lastPart: MultipartPart | null = null;
  #atEof = false;
  #atBof = true;
  /** @internal lines read past the body's end, handed back to a parent reader */
  readonly _unread: Buffer[] = [];
  /** The class of the nested multipart readers; null for this reader's own. Python: `multipart_reader_cls`. */
  multipartReaderCls: (new (headers: CIMultiDictProxy, content: StreamReader) => MultipartReader) | null =
    null;
  /** The class of the body parts. Python: `part_reader_cls`. */
  partReaderCls: typeof BodyPartReader = BodyPartReader;

  /** `headers` with a `multipart/*` Content-Type and its boundary; `content` the body's stream. */
  constructor(headers: { get(name: string): string | undefined }, content: StreamReader) {
    const type = headers.get("Content-Type") ?? "";
    this.#mimetype = parseMimetype(type);
    if (this.#mimetype.type !== "multipart") throw new RangeError("multipart/* content type expected");
    const boundary = this.#mimetype.parameters.get("boundary");
    if (boundary === undefined) throw new RangeError(`boundary missed for Content-Type: ${type}`);
    if (boundary.length > 70) throw new RangeError(`boundary ${repr(boundary)} is too long (70 chars max)`);
    this.headers = headers;
    // UTF-8, as aiohttp's `("--" + boundary).encode()`: the header was decoded from UTF-8
    this.#boundary = Buffer.from(`--${boundary}`, "utf8");
    this.#stream = content;
  }

  /**
   * A reader of a client response's multipart body, releasing the response once it is read.
   * Python: `MultipartReader.from_response(resp)`.
   */
  static fromResponse(response: ClientResponse): MultipartResponseWrapper {
    return new MultipartResponseWrapper(response, new this(response.headers, response.content));
  }

  /** Whether the final boundary was read. */
  atEof(): boolean {
    return this.#atEof;
  }

  /** The next part, or null after the last one. Python: `await reader.next()`. */
  *next(): Coro<MultipartPart | null> {
    if (this.#atEof) return null;
    yield* this.#releaseLast();
    if (this.#atBof) {
      yield* this.#untilFirstBoundary();
      this.#atBof = false;
    } else yield* this.#readBoundary();
    if (this.#atEof) return null;
    let part = yield* this.fetchNextPart();
    // RFC 7578 4.6: a first `_charset_` field sets the form's default charset
    if (this.#lastPart === null && this.#mimetype.subtype === "form-data" && part instanceof BodyPartReader) {
      const params = parseContentDisposition(part.headers.get("Content-Disposition"))[1];
      if (params.name === "_charset_") {
        const value = yield* part.readChunk(32);
        if (value.length > 31) throw new Error("Invalid default charset");
        this.#defaultCharset = value.toString("utf8").trim();
        part = yield* this.fetchNextPart();
      }
    }
    this.#lastPart = part;
    return part;
  }

  /** Reads every remaining part to the void. Python: `await reader.release()`. */
  *release(): Coro<void> {
    while (!this.#atEof) {
      const part = yield* this.next();
      if (part === null) break;
      yield* part.release();
    }
  }

  /** The next part's reader, its headers read. Python: `await reader.fetch_next_part()`. */
  *fetchNextPart(): Coro<MultipartPart> {
    const lines: Buffer[] = [];
    for (;;) {
      const line = (yield* this.#stream.readline()).toString("latin1").trim();
      if (line === "") break;
      lines.push(Buffer.from(line, "latin1"));
    }
    const headers = parseHeaders(lines);
    if (parseMimetype(headers.get("Content-Type") ?? "").type === "multipart") {
      const cls = this.multipartReaderCls ?? (this.constructor as typeof MultipartReader);
      return new cls(headers, this.#stream);
    }
    return new this.partReaderCls(this.#boundary, headers, this.#stream, {
      subtype: this.#mimetype.subtype,
      defaultCharset: this.#defaultCharset,
    });
  }

  *#readline(): Coro<Buffer> {
    if (this._unread.length > 0) return this._unread.pop() as Buffer;
    return yield* this.#stream.readline();
  }

  *#untilFirstBoundary(): Coro<void> {
    const b = this.#boundary.toString("latin1");
    for (;;) {
      const chunk = yield* this.#readline();
      if (chunk.length === 0) throw new RangeError(`Could not find starting boundary ${repr(b)}`);
      const line = chunk.toString("latin1").trimEnd();
      if (line === b) return;
      if (line === `${b}--`) {
        this.#atEof = true;
        return;
      }
    }
  }

  *#readBoundary(): Coro<void> {
    const b = this.#boundary.toString("latin1");
    const line = (yield* this.#readline()).toString("latin1").trimEnd();
    if (line === b) return;
    if (line === `${b}--`) {
      this.#atEof = true;
      const epilogue = yield* this.#readline();
      const next = yield* this.#readline();
      if (next.subarray(0, 2).toString("latin1") === "--") this._unread.push(next);
      else this._unread.push(next, epilogue);
      return;
    }
    throw new RangeError(`Invalid boundary ${repr(line)}, expected ${repr(b)}`);
  }

  *#releaseLast(): Coro<void> {
    const last = this.#lastPart;
    if (last === null) return;
    if (!last.atEof()) yield* last.release();
    this._unread.push(...last._unread);
    this.#lastPart = null;
  }

  /** `anext(reader)`: the next part (see `next()`). */
  [NEXT_NOW](): MultipartPart | typeof END | typeof NOT_NOW {
    return this.#atEof ? END : NOT_NOW;
  }

  /** The next part for the library's `anext` (see `[NEXT_NOW]`). */
  *[NEXT](): Coro<MultipartPart | typeof END> {
    return (yield* this.next()) ?? END;
  }

  /** `for await (const part of reader)`: each part, as `next()` gives it. */
  [Symbol.asyncIterator](): AsyncIterator<MultipartPart> {
    return promiseIterator(this);
  }
}

/**
 * A {@link MultipartReader} of a client response: gives its parts, and releases the response's
 * connection once the last was read. Python: `aiohttp.multipart.MultipartResponseWrapper`.
 */
export class MultipartResponseWrapper implements AsyncIterable<MultipartPart> {
  constructor(
    readonly resp: ClientResponse,
    readonly stream: MultipartReader,
  ) {}

  /** Whether the whole response body was read. Python: `wrapper.at_eof()`. */
  atEof(): boolean {
    return this.resp.content.atEof();
  }

  /** The next part (see {@link MultipartReader.next}); releases the response after the last. */
  *next(): Coro<MultipartPart | null> {
    const item = yield* this.stream.next();
    if (this.stream.atEof()) yield* this.release();
    return item;
  }

  /** Releases the response's connection. Python: `await wrapper.release()`. */
  *release(): Coro<void> {
    this.resp.release();
  }

  /** `for await (const part of wrapper)`: each part, as `next()` gives it. */
  async *[Symbol.asyncIterator](): AsyncIterator<MultipartPart> {
    for (;;) {
      const part = await toPromise(this.next());
      if (part === null) return;
      yield part;
    }
  }
}

// --- writing ------------------------------------------------------------------------------

/**
 * A body streamed rather than held: a `Blob` (a `File`: Python's `io.BytesIO`, a file object with
 * a name), or chunks — a Node `Readable` such as a file's `ReadStream` (Python's open file), an
 * async generator. Python: aiohttp's IO payloads and `AsyncIterablePayload`.
 */
export type StreamedBody = Blob | AsyncIterable<Uint8Array | string>;

/** Whether `x` is a {@link StreamedBody}. */
export function isStreamedBody(x: unknown): x is StreamedBody {
  return (
    x instanceof Blob ||
    // (a function may be one too: a `streamer`, passed without its arguments)
    (((typeof x === "object" && x !== null) || typeof x === "function") &&
      typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function")
  );
}

/**
 * The file name of a streamed body, as aiohttp's `guess_filename`: a `File`'s name, a
 * `ReadStream`'s path (its last segment; not a `<…>` pseudo-name), else `fallback`.
 */
export function guessFilename(obj: unknown, fallback: string | null = null): string | null {
  let name: unknown = null;
  if (typeof File !== "undefined" && obj instanceof File) name = obj.name;
  else if (typeof obj === "object" && obj !== null && "path" in obj) name = (obj as { path: unknown }).path;
  if (Buffer.isBuffer(name)) name = name.toString();
  if (typeof name === "string" && name !== "" && !(name.startsWith("<") && name.endsWith(">")))
    return basename(name);
  return fallback;
}

/**
 * The size of a streamed body when it is known before it is read: a Blob's, or what an unread
 * file `ReadStream` will read of its file (its `start`/`end` range; a file that cannot be
 * stat'ed is its OSError, as opening it would be); else null (sent chunked). Python: `payload.size`.
 */
export function streamedSize(body: StreamedBody): number | null {
  if (body instanceof Blob) return body.size;
  if (body instanceof ReadStream && body.bytesRead === 0 && typeof body.path === "string") {
    const range = body as unknown as { start?: number; end?: number };
    const size = statSync(body.path).size;
    const start = range.start ?? 0;
    const end = range.end === undefined || range.end === Number.POSITIVE_INFINITY ? size - 1 : range.end;
    return Math.max(0, Math.min(end, size - 1) - start + 1);
  }
  return null;
}

/** The default Content-Type of a streamed body: a Blob's type, else its file name's, else bytes. */
export function streamedContentType(body: StreamedBody): string {
  if (body instanceof Blob && body.type !== "") return body.type;
  const name = guessFilename(body);
  return name === null ? "application/octet-stream" : guessType(name);
}

/** The chunks of a streamed body, as Buffers. */
export async function* streamedChunks(body: StreamedBody): AsyncGenerator<Buffer> {
  const source: AsyncIterable<Uint8Array | string> =
    body instanceof Blob ? (body.stream() as unknown as AsyncIterable<Uint8Array>) : body;
  for await (const chunk of source) {
    if (typeof chunk === "string") yield Buffer.from(chunk, "utf8");
    else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else
      throw new TypeError(
        `a streamed body yields bytes or strings, got ${repr(chunk)} of type ${typeName(chunk)}`,
      );
  }
}

/** Headers given to a part: an object, pairs, or a multidict. */
export type PartHeaders = Record<string, string> | Iterable<readonly [string, string]>;

/** A part of a {@link MultipartWriter}: its headers (editable until written) and its body. Python: `Payload`. */
export class Part {
  readonly headers = new CIMultiDict();
  /** @internal the body, encoded (a nested writer is written when the whole is, a stream read then) */
  readonly _body: Buffer | MultipartWriter | StreamedBody;
  /** @internal Content-Encoding and Content-Transfer-Encoding applied when written */
  _encoding: string | null = null;
  _transfer: string | null = null;

  /**
   * A part of `body` (bytes, a nested writer, or a {@link StreamedBody} read when the part is
   * written) with its Content-Type; add it with `writer.appendPart(part)`.
   */
  constructor(body: Buffer | MultipartWriter | StreamedBody, contentType: string) {
    this._body = body;
    this.headers.set("Content-Type", contentType);
  }

  /** The body's size, or null when it is not known before it is written (a stream, a nested writer of one). */
  get size(): number | null {
    const body = this._body;
    if (Buffer.isBuffer(body)) return body.length;
    if (body instanceof MultipartWriter) return body.size;
    return streamedSize(body);
  }

  /** @internal whether the body (or a nested writer's) is read as it is written */
  get _streams(): boolean {
    const body = this._body;
    if (Buffer.isBuffer(body)) return false;
    if (body instanceof MultipartWriter) return body.streams;
    return true;
  }

  /**
   * Sets the Content-Disposition header (`form-data; name="…"; filename="…"`), quoting values
   * as aiohttp (RFC 7578; `quoteFields: false` sends 8-bit values as they are).
   * Python: `payload.set_content_disposition(disptype, quote_fields=True, _charset="utf-8", **params)`.
   */
  setContentDisposition(
    disptype: string,
    params: Record<string, string> = {},
    options: { quoteFields?: boolean; charset?: string } = {},
  ): void {
    this.headers.set("Content-Disposition", contentDispositionHeader(disptype, params, options));
  }

  /** @internal the header block aiohttp writes before the body */
  _headerBlock(): Buffer {
    let text = "";
    for (const [k, v] of this.headers) text += `${k}: ${v}\r\n`;
    return Buffer.from(`${text}\r\n`, "utf8");
  }
}

const PAYLOAD_OPTIONS: ReadonlySet<string> = new Set([
  "contentType",
  "filename",
  "disposition",
  "headers",
  "encoding",
]);
const JSON_PAYLOAD_OPTIONS: ReadonlySet<string> = new Set(["dumps", "contentType", "encoding"]);

/**
 * A payload for `value`, as aiohttp's `get_payload`: a string (text/plain in `encoding`, default
 * UTF-8), bytes, or a {@link StreamedBody} (a Blob/File, a file's ReadStream, an async iterable)
 * whose file name gives its Content-Type and a `Content-Disposition: <disposition>;
 * filename="…"` (`disposition` "attachment" by default). Send it as a request's `data` or a
 * response's `body`: its headers go with it. Python: `aiohttp.payload.get_payload(value, …)`.
 * @example
 * const pl = getPayload(createReadStream("report.pdf"), { disposition: "inline" });
 * yield* session.post(url, { data: pl }); // Content-Disposition: inline; filename="report.pdf"
 */
export function getPayload(
  value: string | Uint8Array | StreamedBody,
  options: {
    contentType?: string;
    filename?: string;
    disposition?: string;
    headers?: PartHeaders;
    encoding?: string;
  } = {},
): Part {
  checkKeys(options, PAYLOAD_OPTIONS, "get_payload");
  let part: Part;
  let filename = options.filename ?? null;
  if (typeof value === "string") {
    const enc = options.encoding ?? "utf-8";
    part = new Part(charset(enc).encode(value), options.contentType ?? `text/plain; charset=${enc}`);
  } else if (value instanceof Uint8Array) {
    part = new Part(Buffer.from(value), options.contentType ?? "application/octet-stream");
  } else if (isStreamedBody(value)) {
    filename ??= guessFilename(value);
    part = new Part(
      value,
      options.contentType ?? (filename === null ? streamedContentType(value) : guessType(filename)),
    );
    if (filename !== null) part.setContentDisposition(options.disposition ?? "attachment", { filename });
    filename = null;
  } else throw new TypeError(`Cannot create payload from ${repr(value)} of type ${typeName(value)}`);
  if (filename !== null) part.setContentDisposition(options.disposition ?? "attachment", { filename });
  for (const [k, v] of options.headers === undefined ? [] : toPairs(options.headers)) part.headers.set(k, v);
  return part;
}

/**
 * A JSON payload: `value` serialized by `dumps` (default `JSON.stringify`) in `encoding`, as
 * application/json. Python: `aiohttp.JsonPayload(value, encoding="utf-8", content_type=…, dumps=…)`.
 * @example
 * return new web.Response({ body: new JsonPayload({ ok: true }) });
 */
export class JsonPayload extends Part {
  constructor(
    value: unknown,
    options: { dumps?: (value: unknown) => string; contentType?: string; encoding?: string } = {},
  ) {
    checkKeys(options, JSON_PAYLOAD_OPTIONS, "JsonPayload");
    const text = (options.dumps ?? JSON.stringify)(value);
    if (typeof text !== "string")
      throw new TypeError(`dumps must return a string, got ${repr(text)} of type ${typeName(text)}`);
    super(charset(options.encoding ?? "utf-8").encode(text), options.contentType ?? "application/json");
  }
}

/** A Content-Disposition value. Python: `aiohttp.helpers.content_disposition_header`. */
export function contentDispositionHeader(
  disptype: string,
  params: Record<string, string> = {},
  options: { quoteFields?: boolean; charset?: string } = {},
): string {
  const { quoteFields = true, charset: enc = "utf-8" } = options;
  if (!disptype || !TOKEN.test(disptype))
    throw new RangeError(`bad content disposition type ${repr(disptype)}`);
  let value = disptype;
  for (const [key, val] of Object.entries(params)) {
    if (!key || !TOKEN.test(key)) {
      throw new RangeError(`bad content disposition parameter ${repr(key)}=${repr(val)}`);
    }
    let q: string;
    if (quoteFields) {
      if (key.toLowerCase() === "filename") q = `"${percentEncode(val, enc)}"`;
      else if (/^[\t\x20-\x7e]*$/.test(val)) q = `"${val.replace(/[\\"]/g, "\\$&")}"`;
      else {
        value += `; ${key}*=${enc}''${percentEncode(val, enc)}`;
        continue;
      }
    } else q = `"${val.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    value += `; ${key}=${q}`;
  }
  return value;
}

/**
 * A multipart body to send: parts of text, bytes, JSON, urlencoded forms or nested writers, each
 * with its own headers; a form-data part gets a Content-Disposition name if it has none. Usable as
 * a request's `data` and a response's body. Python: `aiohttp.MultipartWriter`.
 * @example
 * const writer = new MultipartWriter("mixed");
 * writer.append("hello");
 * writer.appendJson({ a: 1 });
 * yield* session.post(url, { data: writer });
 */
export class MultipartWriter implements Iterable<Part> {
  readonly subtype: string;
  readonly #boundary: string;
  readonly #parts: Part[] = [];

  constructor(subtype = "mixed", boundary?: string) {
    const b = boundary ?? randomUUID().replace(/-/g, "");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range
    if (!/^[\x00-\x7f]*$/.test(b)) throw new RangeError("boundary should contain ASCII only chars");
    this.#boundary = b;
    this.subtype = subtype;
    // as aiohttp checks it in the constructor (its content type is made there)
    void this.contentType;
  }

  /** The boundary. */
  get boundary(): string {
    return this.#boundary;
  }

  /** `multipart/<subtype>; boundary=…` (quoted when it must be). */
  get contentType(): string {
    const b = this.#boundary;
    let value: string;
    if (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(b)) value = b;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what a quoted-string cannot hold
    else if (/[\x00-\x08\x0a-\x1f\x7f]/.test(b))
      throw new RangeError("boundary value contains invalid characters");
    else value = `"${b.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    return `multipart/${this.subtype}; boundary=${value}`;
  }

  /** How many parts. */
  get length(): number {
    return this.#parts.length;
  }

  [Symbol.iterator](): Iterator<Part> {
    return this.#parts[Symbol.iterator]();
  }

  /**
   * Adds a part: a string (text/plain; charset=utf-8, or the charset its Content-Type header
   * names), bytes (application/octet-stream), a nested writer, a {@link StreamedBody} (a Blob or
   * File, a file's ReadStream, an async iterable: read when the writer is written; a named file
   * gets `Content-Disposition: attachment; filename=…` and its name's type), or a {@link Part}
   * (its headers updated by `headers`). Python: `writer.append(obj, headers)`.
   */
  append(obj: string | Uint8Array | MultipartWriter | Part | StreamedBody, headers?: PartHeaders): Part {
    const given = new CIMultiDict(headers === undefined ? [] : toPairs(headers));
    let part: Part;
    if (obj instanceof Part) part = obj;
    else if (typeof obj === "string") {
      const type = given.get("Content-Type");
      const enc = type === undefined ? "utf-8" : (parseMimetype(type).parameters.get("charset") ?? "utf-8");
      part = new Part(charset(enc).encode(obj), type ?? "text/plain; charset=utf-8");
    } else if (obj instanceof MultipartWriter) part = new Part(obj, obj.contentType);
    else if (obj instanceof Uint8Array) part = new Part(Buffer.from(obj), "application/octet-stream");
    else if (isStreamedBody(obj)) {
      part = new Part(obj, given.get("Content-Type") ?? streamedContentType(obj));
      const filename = guessFilename(obj);
      if (filename !== null) part.setContentDisposition("attachment", { filename });
    } else throw new TypeError(`Cannot create payload from ${repr(obj)} of type ${typeName(obj)}`);
    for (const [k, v] of given) part.headers.set(k, v);
    return this.appendPart(part);
  }

  /**
   * Adds a JSON part (application/json), serialized by `dumps` (default `JSON.stringify`).
   * Python: `writer.append_json(obj, headers)`.
   */
  appendJson(
    obj: unknown,
    headers?: PartHeaders,
    options: { dumps?: (value: unknown) => string } = {},
  ): Part {
    const part = new Part(Buffer.from((options.dumps ?? JSON.stringify)(obj), "utf8"), "application/json");
    for (const [k, v] of headers === undefined ? [] : toPairs(headers)) part.headers.set(k, v);
    return this.appendPart(part);
  }

  /** Adds a urlencoded form part. Python: `writer.append_form(obj, headers)`. */
  appendForm(obj: Record<string, string> | Iterable<readonly [string, string]>, headers?: PartHeaders): Part {
    const pairs = toPairs(obj);
    const body = new URLSearchParams(pairs).toString();
    const part = new Part(Buffer.from(body, "utf8"), "application/x-www-form-urlencoded");
    for (const [k, v] of headers === undefined ? [] : toPairs(headers)) part.headers.set(k, v);
    return this.appendPart(part);
  }

  /**
   * Adds a part made elsewhere, checking its encodings: form-data parts take no Content-Encoding,
   * Content-Length or Content-Transfer-Encoding (RFC 7578) and get a default name; others may be
   * gzip/deflate-compressed and base64/quoted-printable-encoded. Python: `writer.append_payload()`.
   */
  appendPart(part: Part): Part {
    if (this.subtype === "form-data") {
      for (const h of ["Content-Encoding", "Content-Length", "Content-Transfer-Encoding"]) {
        if (part.headers.has(h))
          throw new RangeError(`a form-data part cannot have a ${h} header (RFC 7578)`);
      }
      if (!part.headers.has("Content-Disposition")) {
        part.setContentDisposition("form-data", { name: `section-${this.#parts.length}` });
      }
    } else {
      let encoding = (part.headers.get("Content-Encoding") ?? "").toLowerCase();
      if (encoding && !["deflate", "gzip", "identity"].includes(encoding)) {
        throw new Error(`unknown content encoding: ${encoding}`);
      }
      if (encoding === "identity") encoding = "";
      let te = (part.headers.get("Content-Transfer-Encoding") ?? "").toLowerCase();
      if (!["", "base64", "quoted-printable", "binary"].includes(te)) {
        throw new Error(`unknown content transfer encoding: ${te}`);
      }
      if (te === "binary") te = "";
      part._encoding = encoding || null;
      part._transfer = te || null;
      const size = part.size;
      if (size !== null && !encoding && !te) part.headers.set("Content-Length", String(size));
    }
    this.#parts.push(part);
    return part;
  }

  /** The body's size in bytes, or null when an encoded part makes it unknown. Python: `writer.size`. */
  get size(): number | null {
    let total = 0;
    for (const part of this.#parts) {
      const size = part.size;
      if (part._encoding !== null || part._transfer !== null || size === null) return null;
      total += 2 + this.#boundary.length + 2 + size + part._headerBlock().length + 2;
    }
    return total + 2 + this.#boundary.length + 4;
  }

  /** Whether a part is read as the writer is written (a {@link StreamedBody}): then only {@link chunks} and {@link write} can write it. */
  get streams(): boolean {
    return this.#parts.some((part) => part._streams);
  }

  /**
   * The whole body's bytes, as aiohttp writes them; without the closing boundary if
   * `closeBoundary: false`. A writer with streamed parts is written by {@link chunks} or
   * {@link write} (a TypeError here). Python: `await writer.write(stream, close_boundary=True)`.
   */
  encode(options: { closeBoundary?: boolean } = {}): Buffer {
    if (this.streams)
      throw new TypeError(
        "a part of this MultipartWriter streams its body: write it with chunks() or write(), or send it as a request's data",
      );
    const out: Buffer[] = [];
    for (const piece of this.#pieces(options.closeBoundary ?? true)) {
      out.push(Buffer.isBuffer(piece) ? piece : encodePart(piece, piece._body as Buffer | MultipartWriter));
    }
    return Buffer.concat(out);
  }

  /**
   * The body as it is written, chunk by chunk: a streamed part is read as it goes (a
   * Content-Encoding or Content-Transfer-Encoding part is read whole, then encoded). Python:
   * `await writer.write(stream, close_boundary=True)`.
   */
  async *chunks(options: { closeBoundary?: boolean } = {}): AsyncGenerator<Buffer> {
    for (const piece of this.#pieces(options.closeBoundary ?? true)) {
      if (Buffer.isBuffer(piece)) {
        yield piece;
        continue;
      }
      const body = piece._body;
      if (!piece._streams) yield encodePart(piece, body as Buffer | MultipartWriter);
      else if (piece._encoding === null && piece._transfer === null) {
        yield* body instanceof MultipartWriter ? body.chunks() : streamedChunks(body as StreamedBody);
      } else {
        const whole: Buffer[] = [];
        for await (const chunk of body instanceof MultipartWriter
          ? body.chunks()
          : streamedChunks(body as StreamedBody))
          whole.push(chunk);
        yield encodePart(piece, Buffer.concat(whole));
      }
    }
  }

  /**
   * Writes the body to `sink` chunk by chunk (awaiting what its `write` returns: a Promise, a
   * coroutine). Python: `await writer.write(stream, close_boundary=True)`.
   */
  *write(sink: { write(chunk: Buffer): unknown }, options: { closeBoundary?: boolean } = {}): Coro<void> {
    const it = this.chunks(options);
    for (;;) {
      const r = yield* fromPromise(it.next());
      if (r.done === true) return;
      const w = sink.write(r.value);
      if (w instanceof Promise) yield* fromPromise(w);
      else if (isCoroutine(w)) yield* w as Coro<unknown>;
    }
  }

  /** The boundaries and header blocks as bytes, with each part between them (its body to write). */
  *#pieces(closeBoundary: boolean): Generator<Buffer | Part> {
    const b = Buffer.from(this.#boundary, "ascii");
    for (const part of this.#parts) {
      if (this.subtype === "form-data" && !/name=/.test(part.headers.get("Content-Disposition") ?? "")) {
        throw new RangeError("a form-data part needs a Content-Disposition with a name");
      }
      yield Buffer.concat([Buffer.from("--"), b, Buffer.from("\r\n"), part._headerBlock()]);
      yield part;
      yield Buffer.from("\r\n");
    }
    if (closeBoundary) yield Buffer.concat([Buffer.from("--"), b, Buffer.from("--\r\n")]);
  }
}

/** A part's body as written: a nested writer's bytes, then its Content-Encoding and Content-Transfer-Encoding. */
function encodePart(part: Part, content: Buffer | MultipartWriter): Buffer {
  let body = content instanceof MultipartWriter ? content.encode() : content;
  if (part._encoding === "gzip") body = gzipSync(body);
  else if (part._encoding === "deflate") body = deflateRawSync(body);
  if (part._transfer === "base64") body = Buffer.from(body.toString("base64"), "latin1");
  else if (part._transfer === "quoted-printable") body = encodeQuotedPrintable(body);
  return body;
}

function toPairs(x: Record<string, string> | Iterable<readonly [string, string]>): [string, string][] {
  if (Symbol.iterator in Object(x))
    return [...(x as Iterable<readonly [string, string]>)].map(([k, v]) => [k, v]);
  return Object.entries(x as Record<string, string>);
}

/**
 * Python's `binascii.b2a_qp(data)`: `=XX` for `=`, bytes outside printable ASCII, a space or a tab
 * before a line end or at the end, and a lone `.` opening a line; line ends kept (as CRLF if the
 * first one is); soft breaks (`=` and the line end) keeping lines under 76 characters.
 */
function encodeQuotedPrintable(data: Buffer): Buffer {
  const nl = data.indexOf(0x0a);
  const crlf = nl > 0 && data[nl - 1] === 0x0d;
  const out: number[] = [];
  const pushHex = (c: number): void => {
    for (const ch of c.toString(16).toUpperCase().padStart(2, "0")) out.push(ch.charCodeAt(0));
  };
  const lineEnd = (): void => {
    if (crlf) out.push(0x0d);
    out.push(0x0a);
  };
  let line = 0;
  let i = 0;
  while (i < data.length) {
    const c = data[i] as number;
    const next = i + 1 < data.length ? (data[i + 1] as number) : -1;
    if (
      c > 0x7e ||
      c === 0x3d ||
      (c === 0x2e && line === 0 && (next === -1 || next === 0x0a || next === 0x0d || next === 0)) ||
      ((c === 0x09 || c === 0x20) && next === -1) ||
      (c < 0x21 && c !== 0x0d && c !== 0x0a && c !== 0x09 && c !== 0x20)
    ) {
      if (line + 3 >= 76) {
        out.push(0x3d);
        lineEnd();
        line = 0;
      }
      out.push(0x3d);
      pushHex(c);
      i++;
      line += 3;
    } else if (c === 0x0a || (c === 0x0d && next === 0x0a)) {
      // a space or a tab ending the line is escaped
      const last = out[out.length - 1];
      if (last === 0x20 || last === 0x09) {
        out[out.length - 1] = 0x3d;
        pushHex(last);
      }
      lineEnd();
      line = 0;
      i += c === 0x0d ? 2 : 1;
    } else {
      if (next !== -1 && next !== 0x0a && line + 1 >= 76) {
        out.push(0x3d);
        lineEnd();
        line = 0;
      }
      out.push(c);
      line++;
      i++;
    }
  }
  return Buffer.from(out);
}
