/**
 * What a handler answers with: aiohttp.web's `StreamResponse` (status and headers sent by
 * `prepare()`, then the body written piece by piece) and `Response` (a whole body, text or bytes),
 * `jsonResponse`, and cookies set or deleted on the way out.
 */
import { ReadStream } from "node:fs";
import type { ServerResponse } from "node:http";
import { basename } from "node:path";
import type { Transform } from "node:stream";
import {
  brotliCompressSync,
  createBrotliCompress,
  createDeflate,
  createGzip,
  deflateSync,
  gzipSync,
} from "node:zlib";
import { lookupCodec } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { getRunningLoop, repr, typeName } from "@aio/loop";
import { type Coro, fromPromise } from "@aio/task";
import { Morsel } from "../cookies.js";
import { drained } from "../internal/drain.js";
import { checkKeys } from "../internal/options.js";
import { CIMultiDict, type MultiDictInit } from "../multidict.js";
import {
  BodyPartReader,
  contentDispositionHeader,
  isStreamedBody,
  MultipartWriter,
  Part,
  streamedChunks,
  streamedContentType,
  streamedSize,
} from "../multipart.js";
import { REASONS } from "./reasons.js";
import type { Request } from "./request.js";

/** What the server gives a response to write to. @internal */
export interface ResponseTarget {
  readonly res: ServerResponse;
  readonly method: string;
  /** For a request that came as an HTTP upgrade: its socket and the bytes read past the head. */
  readonly upgrade?: { readonly socket: import("node:stream").Duplex; readonly head: Buffer };
  /** The open WebSocket responses of the server (closed with 1001 when it stops). */
  readonly websockets?: Set<{ goingAway(): void }>;
}

/**
 * The codings a response can be compressed with: aiohttp 3.8's `web.ContentCoding` (deflate, gzip,
 * identity), and brotli. Chosen from the request's Accept-Encoding in this order (br only for a
 * client that takes neither deflate nor gzip).
 */
export const ContentCoding = { deflate: "deflate", gzip: "gzip", identity: "identity", br: "br" } as const;
/** One of {@link ContentCoding}'s values. */
export type ContentCoding = (typeof ContentCoding)[keyof typeof ContentCoding];
const CODINGS: readonly ContentCoding[] = ["deflate", "gzip", "identity", "br"];

/** A streaming compressor for `coding` (deflate is zlib-wrapped, as aiohttp writes it). */
function compressor(coding: ContentCoding): Transform {
  return coding === "gzip" ? createGzip() : coding === "br" ? createBrotliCompress() : createDeflate();
}

/** `body` compressed whole with `coding`. */
function compressWhole(coding: ContentCoding, body: Buffer): Buffer {
  return coding === "gzip" ? gzipSync(body) : coding === "br" ? brotliCompressSync(body) : deflateSync(body);
}

/** Options of {@link StreamResponse}. */
export interface StreamResponseOptions {
  status?: number | undefined;
  reason?: string | undefined;
  headers?: MultiDictInit | undefined;
}

/** The keys of the responses' options. */
const STREAM_KEYS: ReadonlySet<string> = new Set(["status", "reason", "headers"]);
const RESPONSE_KEYS: ReadonlySet<string> = new Set([
  ...STREAM_KEYS,
  "text",
  "body",
  "contentType",
  "charset",
]);
const JSON_KEYS: ReadonlySet<string> = new Set([...STREAM_KEYS, "contentType", "dumps"]);
const COOKIE_KEYS: ReadonlySet<string> = new Set([
  "expires",
  "domain",
  "maxAge",
  "path",
  "secure",
  "httponly",
  "samesite",
]);

/** Options of a cookie. Python: `resp.set_cookie(name, value, expires=…, domain=…, max_age=…, …)`. */
export interface CookieOptions {
  expires?: string | undefined;
  domain?: string | undefined;
  maxAge?: number | undefined;
  path?: string | undefined;
  secure?: boolean | undefined;
  httponly?: boolean | undefined;
  samesite?: "Strict" | "Lax" | "None" | undefined;
}

/** The server's name in the `Server` header. */
export const SERVER_SOFTWARE = `Node.js/${process.versions.node} aio-http/0.1`;

function checkStatus(status: unknown): number {
  if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 999)
    throw new RangeError(`status must be an integer from 100 to 999, got ${repr(status)}`);
  return status as number;
}

/**
 * A response whose body is written as it comes: `yield* resp.prepare(request)` sends the status and
 * headers (chunked unless a Content-Length is set), `yield* resp.write(data)` waits while the
 * client is slow to read (back-pressure), `yield* resp.writeEof()` ends it. Python:
 * `web.StreamResponse`.
 */
export class StreamResponse {
  #status: number;
  #reason: string;
  readonly headers: CIMultiDict;
  /** Cookies to set (and to delete: expired ones). */
  readonly cookies = new Map<string, Morsel>();
  #target: ResponseTarget | null = null;
  /** The request `prepare()` answered (its method and path are in the repr). */
  #request: Request | null = null;
  /** The head went out as a WebSocket handshake (`markPrepared`): no body to end, never "eof" in the repr. */
  #upgraded = false;
  /** The head as `prepare()` sent it (name, value, name, value…). */
  #sentHead: string[] | null = null;
  #eof = false;
  #drain: Future<void> | null = null;
  /** Bytes sent: the head, then the body as framed (aiohttp's `body_length`, its writer's output_size). */
  #sentLength = 0;
  #compression = false;
  #compressionForce: ContentCoding | null = null;
  #chunked = false;
  /** The body's compressor once `prepare()` chose a coding (a StreamResponse's body is piped through it). */
  #compressor: Transform | null = null;
  #keepAlive: boolean | null = null;
  /** @internal prepare() leaves the head for the body's first write (the whole body follows at once) */
  _deferHead = false;

  constructor(options: StreamResponseOptions = {}) {
    if (new.target === StreamResponse) checkKeys(options, STREAM_KEYS, "StreamResponse");
    this.#status = checkStatus(options.status ?? 200);
    this.#reason = options.reason ?? REASONS[this.#status] ?? "";
    this.headers = new CIMultiDict(options.headers);
  }

  get status(): number {
    return this.#status;
  }
  get reason(): string {
    return this.#reason;
  }
  /** Sets the status (and reason: the standard one unless given). Python: `resp.set_status(status, reason)`. */
  setStatus(status: number, reason?: string): void {
    if (this.prepared)
      throw new Error("Cannot change the response status code after the headers have been sent");
    this.#status = checkStatus(status);
    this.#reason = reason ?? REASONS[this.#status] ?? "";
  }

  /** Whether `prepare()` sent the head. */
  get prepared(): boolean {
    return this.#target !== null;
  }

  /**
   * Whether the connection stays open after this response: null until `prepare()` (then the
   * request's), false after {@link forceClose}. Python: `resp.keep_alive`.
   */
  get keepAlive(): boolean | null {
    return this.#keepAlive;
  }

  /**
   * Closes the connection once this response is sent (it goes with `Connection: close`).
   * Python: `resp.force_close()`.
   */
  forceClose(): void {
    this.#keepAlive = false;
  }

  /**
   * The media type of the Content-Type header, lower case (`text/plain`); without the header
   * `application/octet-stream`. Setting it keeps the header's parameters, as aiohttp's does.
   */
  get contentType(): string {
    return parseContentType(this.headers.get("Content-Type"))[0];
  }
  set contentType(value: string) {
    const [, params] = parseContentType(this.headers.get("Content-Type"));
    this.headers.set("Content-Type", contentTypeHeader(String(value), params));
  }

  /**
   * The charset of the Content-Type header as it is written there, or null. Setting it (in lower
   * case) keeps the header's other parameters; setting one on `application/octet-stream` is
   * aiohttp's RuntimeError.
   */
  get charset(): string | null {
    return parseContentType(this.headers.get("Content-Type"))[1].get("charset") ?? null;
  }
  set charset(value: string | null) {
    const [type, params] = parseContentType(this.headers.get("Content-Type"));
    if (type === "application/octet-stream")
      throw new Error(
        "Setting charset for application/octet-stream doesn't make sense, setup content_type first",
      );
    if (value === null) params.delete("charset");
    else params.set("charset", String(value).toLowerCase());
    this.headers.set("Content-Type", contentTypeHeader(type, params));
  }

  /** The Content-Length header as a number, or null. */
  get contentLength(): number | null {
    const raw = this.headers.get("Content-Length");
    return raw === undefined ? null : Number(raw);
  }
  /** Sets (or with null removes) the Content-Length header. Python: `resp.content_length = n`. */
  set contentLength(value: number | null) {
    if (value === null) {
      this.headers.delete("Content-Length");
      return;
    }
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`content_length must be a non-negative integer, got ${repr(value)}`);
    if (this.#chunked) throw new Error("You can't set content length when chunked encoding is enable");
    this.headers.set("Content-Length", String(value));
  }

  /** Whether `enableCompression()` was called. Python: `resp.compression`. */
  get compression(): boolean {
    return this.#compression;
  }

  /** Whether `enableChunkedEncoding()` was called. Python: `resp.chunked`. */
  get chunked(): boolean {
    return this.#chunked;
  }

  /**
   * Compresses the body: with `force`, in that coding; else in the first of deflate, gzip (and
   * br) the request's Accept-Encoding names, or not at all. The Content-Length goes (a whole
   * `Response` sends its compressed length). Python: `resp.enable_compression(force=None)`.
   */
  enableCompression(force?: ContentCoding | null): void {
    if (force !== undefined && force !== null && !CODINGS.includes(force)) {
      throw new TypeError(`force should one of None, bool or ContentEncoding, got ${repr(force)}`);
    }
    this.#compression = true;
    this.#compressionForce = force ?? null;
  }

  /**
   * Sends the body in chunks (Transfer-Encoding: chunked) even if its length is known; refused
   * with a Content-Length set, and for an HTTP/1.0 request at `prepare()`.
   * Python: `resp.enable_chunked_encoding()`.
   */
  enableChunkedEncoding(): void {
    this.#chunked = true;
    if (this.headers.has("Content-Length"))
      throw new Error("You can't enable chunked encoding when a content length is set");
  }

  /** @internal Chooses the coding for `request` (aiohttp's `_start_compression`). */
  protected startCompression(request: Request): void {
    if (this.#compressionForce !== null) {
      this.doStartCompression(this.#compressionForce);
      return;
    }
    const accept = (request.headers.get("Accept-Encoding") ?? "").toLowerCase();
    for (const coding of CODINGS) {
      if (accept.includes(coding)) {
        this.doStartCompression(coding);
        return;
      }
    }
  }

  /** @internal Compresses the streamed body with `coding` (none for identity). */
  protected doStartCompression(coding: ContentCoding): void {
    if (coding === "identity") return;
    this.headers.set("Content-Encoding", coding);
    this.headers.delete("Content-Length");
    this.#compressor = compressor(coding);
  }

  /** Sets a cookie (`Path=/` unless told otherwise). Python: `resp.set_cookie(name, value, …)`. */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    checkKeys(options, COOKIE_KEYS, "set_cookie");
    const m = new Morsel(name, String(value));
    const a = m.attributes;
    a.path = options.path ?? "/";
    if (options.expires !== undefined) a.expires = options.expires;
    if (options.domain !== undefined) a.domain = options.domain;
    if (options.maxAge !== undefined) a["max-age"] = String(options.maxAge);
    if (options.secure) a.secure = true;
    if (options.httponly) a.httponly = true;
    if (options.samesite !== undefined) a.samesite = options.samesite;
    this.cookies.set(name, m);
  }

  /** Tells the client to forget a cookie. Python: `resp.del_cookie(name, domain=…, path=…)`. */
  delCookie(name: string, options: { domain?: string; path?: string } = {}): void {
    this.setCookie(name, "", {
      maxAge: 0,
      expires: "Thu, 01 Jan 1970 00:00:00 GMT",
      path: options.path ?? "/",
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    });
  }

  /** @internal The head as node:http takes it. */
  protected headPairs(): string[] {
    const flat: string[] = [];
    for (const [k, v] of this.headers) flat.push(k, v);
    // As aiohttp: a body has a type, application/octet-stream unless told (not 204, 304, 1xx).
    const bodiless = this.#status === 204 || this.#status === 304 || this.#status < 200;
    if (!bodiless && !this.headers.has("Content-Type")) flat.push("Content-Type", "application/octet-stream");
    for (const m of this.cookies.values()) flat.push("Set-Cookie", m.outputString());
    if (!this.headers.has("Server")) flat.push("Server", SERVER_SOFTWARE);
    return flat;
  }

  /** Sends the status line and headers. Python: `await resp.prepare(request)`. */
  *prepare(request: Request): Coro<void> {
    if (this.#target !== null) return;
    const target = request.target;
    if (this.#compression) this.startCompression(request);
    if (this.#chunked) {
      const [major, minor] = request.version;
      if (major !== 1 || minor !== 1)
        throw new Error(`Using chunked encoding is forbidden for HTTP/${major}.${minor}`);
      this.headers.set("Transfer-Encoding", "chunked");
      this.headers.delete("Content-Length");
    }
    // aiohttp's `_prepare_hook`: the applications' onResponsePrepare, before the head is made
    yield* request.prepareHook(this);
    if (this.#target !== null) return;
    const head = this.headPairs();
    // aiohttp's check (response splitting): a CR or LF from user input cannot start a header.
    if (/[\r\n]/.test(this.#reason) || head.some((v) => /[\r\n]/.test(v)))
      throw new RangeError(
        "Newline or carriage return character detected in HTTP status message or header. This is a potential security issue.",
      );
    if (this.#keepAlive === false) target.res.shouldKeepAlive = false;
    this.#keepAlive = target.res.shouldKeepAlive;
    target.res.writeHead(this.#status, this.#reason, head);
    // The head goes now, as aiohttp writes it at prepare() (a client waiting for it — a stream of
    // events, a long poll — has it before the first piece of the body); a whole body sent with its
    // head (Response.send) goes in one write instead.
    if (!this._deferHead) target.res.flushHeaders();
    this.#sentLength += headLength(target.res, this.#status, this.#reason, head);
    this.#sentHead = head;
    this.#target = target;
    this.#request = request;
    const z = this.#compressor;
    if (z !== null) {
      const res = target.res;
      // The compressed bytes go out as they come; a client slow to read pauses the compressor,
      // whose full buffer then holds up write() (back-pressure end to end).
      z.on("data", (chunk: Buffer) => {
        this.countBody(chunk.length);
        if (!res.write(chunk)) {
          z.pause();
          res.once("drain", () => z.resume());
        }
      });
      res.once("close", () => z.destroy());
    }
  }

  /** @internal A header as `prepare()` sent it (the first of that name), for the access log's `%{X}o`. */
  sentHeader(name: string): string | undefined {
    const head = this.#sentHead ?? [];
    const lower = name.toLowerCase();
    for (let i = 0; i + 1 < head.length; i += 2)
      if ((head[i] as string).toLowerCase() === lower) return head[i + 1];
    return undefined;
  }

  /** Writes a piece of the body; waits while the client is not reading. Python: `await resp.write(data)`. */
  *write(data: string | Uint8Array): Coro<void> {
    const target = this.#target;
    if (target === null) throw new Error("Cannot call write() before prepare()");
    if (this.#eof) throw new Error("Cannot call write() after write_eof()");
    if (typeof data !== "string" && !(data instanceof Uint8Array))
      throw new TypeError(`data argument must be byte-ish, got ${repr(data)}`);
    if (target.method === "HEAD" || data.length === 0) return;
    const z = this.#compressor;
    if (z !== null) {
      if (!z.write(data)) yield* this.#waitDrain(z);
      return;
    }
    this.countBody(typeof data === "string" ? Buffer.byteLength(data) : data.length);
    if (!target.res.write(data)) yield* this.#waitDrain(target.res);
  }

  /**
   * Waits while the connection's buffer is full. Deprecated in aiohttp 3.8 (a DeprecationWarning):
   * `write()` already waits. Python: `await resp.drain()`.
   */
  *drain(): Coro<void> {
    process.emitWarning("drain method is deprecated, use await resp.write()", "DeprecationWarning");
    const target = this.#target;
    if (target === null) throw new Error("Cannot call drain() before prepare()");
    const out = this.#compressor ?? target.res;
    if (out.writableNeedDrain && !target.res.destroyed) yield* this.#waitDrain(out);
  }

  *#waitDrain(res: NodeJS.EventEmitter): Coro<void> {
    // (writers waiting together share one future)
    if (this.#drain === null || this.#drain.done()) this.#drain = drained(res);
    yield* this.#drain;
  }

  /** Ends the body (with a last piece). Python: `await resp.write_eof(data)`. */
  *writeEof(data?: string | Uint8Array): Coro<void> {
    const target = this.#target;
    if (target === null) throw new Error("Cannot call write_eof() before prepare()");
    if (this.#eof) return;
    if (data !== undefined && data.length > 0) yield* this.write(data);
    this.#eof = true;
    const res = target.res;
    const z = this.#compressor;
    if (z !== null && target.method !== "HEAD") {
      // the compressor's last bytes out before the body ends
      const loop = getRunningLoop();
      const flushed = loop.createFuture<void>() as Future<void>;
      const done = (): void => {
        if (!flushed.done()) flushed.setResult(undefined);
      };
      z.once("end", done);
      z.once("close", done);
      z.end();
      z.resume();
      yield* flushed;
    }
    // node:http's last chunk (`0\r\n\r\n`) when it frames the body in chunks
    if (res.chunkedEncoding && (res as { _hasBody?: boolean })._hasBody !== false) this.#sentLength += 5;
    res.end();
  }

  /** @internal The head went out by other means (a WebSocket handshake): prepared, no body to end. */
  protected markPrepared(request: Request): void {
    this.#target = request.target;
    this.#request = request;
    this.#upgraded = true;
    this.#eof = true;
  }

  /** @internal The body was written by other means (a file piped to the socket). */
  protected finished(): void {
    this.#eof = true;
  }

  /**
   * Bytes sent so far for this response, as aiohttp 3.8 counts its `body_length` (what the access
   * log's `%b` shows): the status line and headers, then the body as it went out (with the chunk
   * sizes of a chunked body). Python: `resp.body_length`.
   */
  get bodyLength(): number {
    return this.#sentLength;
  }

  /** @internal Counts `n` bytes of the body sent (and their chunk framing, if chunked). */
  protected countBody(n: number): void {
    if (n === 0) return;
    const res = this.#target?.res;
    this.#sentLength += res?.chunkedEncoding ? n + n.toString(16).length + 4 : n;
  }

  /** @internal Whether the body was ended. */
  get eof(): boolean {
    return this.#eof;
  }

  /** As aiohttp 3.8's: `<StreamResponse OK not prepared>`, `<StreamResponse OK GET /path >` once prepared, `… eof>` once ended. */
  toString(): string {
    const request = this.#request;
    const info =
      request === null
        ? "not prepared"
        : this.#eof && !this.#upgraded
          ? "eof"
          : `${request.method} ${request.path} `;
    return `<${this.constructor.name} ${this.#reason} ${info}>`;
  }
}

/** Options of {@link Response}. */
export interface ResponseOptions extends StreamResponseOptions {
  /** The body as text (sent in `charset`, UTF-8 by default; Content-Type text/plain unless given). */
  text?: string | undefined;
  /**
   * The body as bytes (or a string sent as UTF-8), or an async iterable of them (an async
   * generator, a Node Readable) sent as it comes — with its Content-Length if the headers give
   * one, else chunked. Python: `body=` bytes, or an async iterable (AsyncIterablePayload).
   */
  body?: string | Uint8Array | AsyncIterable<Uint8Array | string> | Blob | Part | null | undefined;
  contentType?: string | undefined;
  charset?: string | undefined;
}

/** A response with its whole body. Python: `web.Response(text=…, body=…, status=…, …)`. */
export class Response extends StreamResponse {
  #body: Buffer | null = null;
  /** A body given as an async iterable: sent as it comes. */
  #stream: AsyncIterable<Uint8Array | string> | null = null;
  /** The body compressed by `prepare()`, when compression was enabled. */
  #compressed: Buffer | null = null;
  #sending = false;

  constructor(options: ResponseOptions = {}) {
    super(options);
    if (new.target === Response) checkKeys(options, RESPONSE_KEYS, "Response");
    if (options.text !== undefined && options.body !== undefined && options.body !== null)
      throw new RangeError("body and text are not allowed together");
    if (options.text !== undefined) {
      if (typeof options.text !== "string")
        throw new TypeError(`text argument must be str (${pyType(options.text)})`);
      if (this.headers.has("Content-Type")) {
        if (options.contentType !== undefined || options.charset !== undefined)
          throw new RangeError(
            "passing both Content-Type header and content_type or charset params is forbidden",
          );
        this.text = options.text;
      } else {
        const charset = options.charset ?? "utf-8";
        this.headers.set("Content-Type", `${options.contentType ?? "text/plain"}; charset=${charset}`);
        this.#setText(options.text, charset.toLowerCase());
      }
    } else {
      if (options.contentType !== undefined || options.charset !== undefined) {
        if (this.headers.has("Content-Type"))
          throw new RangeError(
            "passing both Content-Type header and content_type or charset params is forbidden",
          );
        const type = options.contentType ?? "application/octet-stream";
        this.headers.set(
          "Content-Type",
          options.charset === undefined ? type : `${type}; charset=${options.charset}`,
        );
      }
      if (options.body !== undefined && options.body !== null) this.body = options.body;
    }
  }

  /** The body's bytes, or null (also for a body given as an async iterable). */
  get body(): Buffer | null {
    return this.#body;
  }
  set body(value: string | Uint8Array | AsyncIterable<Uint8Array | string> | Blob | Part | null) {
    if (value instanceof Part) {
      // a payload (getPayload, JsonPayload): its headers unless the response has them, its body
      for (const [k, v] of value.headers) if (!this.headers.has(k)) this.headers.set(k, v);
      // (a Blob or a file gets its size below, as a body of its own would)
      const inner = value._body;
      this.body =
        inner instanceof MultipartWriter ? (inner.streams ? inner.chunks() : inner.encode()) : inner;
      return;
    }
    if (value instanceof Blob) {
      if (!this.headers.has("Content-Type")) this.headers.set("Content-Type", streamedContentType(value));
      if (!this.headers.has("Content-Length")) this.headers.set("Content-Length", String(value.size));
      this.body = streamedChunks(value);
      return;
    }
    if (value !== null && isStreamedBody(value)) {
      this.#stream = value as AsyncIterable<Uint8Array | string>;
      this.#body = null;
      // A file (aiohttp's BufferedReaderPayload): an attachment under its name, its size sent.
      if (value instanceof ReadStream && typeof value.path === "string") {
        if (!this.headers.has("Content-Type")) this.headers.set("Content-Type", "application/octet-stream");
        if (!this.headers.has("Content-Disposition"))
          this.headers.set(
            "Content-Disposition",
            contentDispositionHeader("attachment", { filename: basename(value.path) }),
          );
      }
      // A multipart part (aiohttp's BodyPartReaderPayload): an attachment under its name and filename.
      if (value instanceof BodyPartReader && !this.headers.has("Content-Disposition")) {
        const params: Record<string, string> = {};
        if (value.name !== null) params.name = value.name;
        if (value.filename !== null) params.filename = value.filename;
        if (Object.keys(params).length > 0)
          this.headers.set("Content-Disposition", contentDispositionHeader("attachment", params));
      }
      return;
    }
    if (value !== null && typeof value !== "string" && !(value instanceof Uint8Array))
      throw new TypeError(`body must be a string, bytes or null, got ${repr(value)}`);
    this.#stream = null;
    // As aiohttp's StringPayload: a body given as text is text/plain UTF-8 unless a type is set.
    if (typeof value === "string" && !this.headers.has("Content-Type"))
      this.headers.set("Content-Type", "text/plain; charset=utf-8");
    this.#body =
      value === null
        ? null
        : typeof value === "string"
          ? Buffer.from(value)
          : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  /** The body as text (in its charset), or null. */
  get text(): string | null {
    if (this.#body === null) return null;
    return lookupCodec(this.charset ?? "utf-8")
      .newDecoder("strict")
      .decode(this.#body, true);
  }
  set text(value: string) {
    if (typeof value !== "string") throw new TypeError(`text argument must be str (${pyType(value)})`);
    // As aiohttp's: text/plain for no type (or application/octet-stream), and a charset, UTF-8,
    // added to a Content-Type that has none (`text/html` is sent as `text/html; charset=utf-8`).
    if (this.contentType === "application/octet-stream") this.contentType = "text/plain";
    if (this.charset === null) this.charset = "utf-8";
    this.#setText(value, this.charset);
  }

  #setText(value: string, charset: string | null): void {
    if (charset === null || charset === "utf-8" || charset === "utf8") {
      this.#body = Buffer.from(value); // the common case, without a codec lookup
      return;
    }
    const encoded = lookupCodec(charset).newEncoder("strict").encode(value);
    this.#body = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  }

  /** @internal A whole body is compressed at once, its compressed length sent (aiohttp's `_compress_body`). */
  protected override doStartCompression(coding: ContentCoding): void {
    if (this.chunked || this.#stream !== null) {
      super.doStartCompression(coding);
      return;
    }
    if (coding === "identity") return;
    this.#compressed = compressWhole(coding, this.#body ?? EMPTY);
    this.headers.set("Content-Encoding", coding);
    this.headers.set("Content-Length", String(this.#compressed.length));
  }

  /**
   * Sends the head and, as a Response's body is whole, the body with it (aiohttp sends it at
   * `write_eof()`, the next thing a handler may do with a prepared Response).
   */
  override *prepare(request: Request): Coro<void> {
    if (this.#sending || this.prepared) yield* super.prepare(request);
    else yield* this.send(request);
  }

  /** @internal Sends everything. */
  *send(request: Request): Coro<void> {
    this.#sending = true;
    try {
      yield* this.#send(request);
    } finally {
      this.#sending = false;
    }
  }

  *#send(request: Request): Coro<void> {
    const empty = this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200);
    if (this.#stream !== null) {
      yield* this.#sendStream(request, this.#stream, empty);
      return;
    }
    // (a Content-Length the handler set is kept, as aiohttp keeps it)
    if (!empty && !this.chunked && !this.headers.has("Content-Length"))
      this.headers.set("Content-Length", String((this.#body ?? EMPTY).length));
    if (!this.headers.has("Content-Type") && this.#body !== null)
      this.headers.set("Content-Type", "application/octet-stream");
    this.#compressed = null;
    this._deferHead = true;
    yield* this.prepare(request);
    if (this.chunked) {
      // a chunked Response writes its body as a StreamResponse does (compressed on the way if asked)
      if (!empty && this.#body !== null && this.#body.length > 0) yield* this.write(this.#body);
      yield* this.writeEof();
      return;
    }
    const body = this.#compressed ?? this.#body ?? EMPTY;
    // The head and the whole body in one write (as `res.end(body)` after `writeHead` does).
    this.finished();
    const res = request.target.res;
    if (empty || request.method === "HEAD" || body.length === 0) res.end();
    else {
      this.countBody(body.length);
      res.end(body);
    }
  }

  /**
   * A body given as an async iterable: its pieces written as they come (strings as UTF-8), with
   * the Content-Length the headers give, else chunked (as aiohttp's AsyncIterablePayload).
   */
  *#sendStream(request: Request, stream: AsyncIterable<Uint8Array | string>, empty: boolean): Coro<void> {
    if (!this.headers.has("Content-Type")) this.headers.set("Content-Type", "application/octet-stream");
    if (empty) this.headers.delete("Content-Length");
    else if (!this.headers.has("Content-Length")) {
      // a file's size (its range) when it is known: a ReadStream not yet read
      const size = stream instanceof ReadStream ? streamedSize(stream) : null;
      if (size !== null) this.headers.set("Content-Length", String(size));
    }
    yield* this.prepare(request);
    if (!empty) {
      const it = stream[Symbol.asyncIterator]();
      for (;;) {
        const next = yield* fromPromise(it.next());
        if (next.done === true) break;
        yield* this.write(next.value);
      }
    }
    yield* this.writeEof();
  }
}

const EMPTY = Buffer.alloc(0);

/** The bytes of the head node:http sends: its own text of it (written as Latin-1), or the same rebuilt. */
function headLength(res: ServerResponse, status: number, reason: string, pairs: string[]): number {
  const text = (res as { _header?: unknown })._header;
  if (typeof text === "string") return Buffer.byteLength(text, "latin1");
  let n = Buffer.byteLength(`HTTP/1.1 ${status} ${reason}\r\n\r\n`, "latin1");
  for (let i = 0; i + 1 < pairs.length; i += 2)
    n += Buffer.byteLength(`${pairs[i]}: ${pairs[i + 1]}\r\n`, "latin1");
  return n;
}

/** Python's `repr(type(value))`: `<class 'int'>`. */
function pyType(value: unknown): string {
  return `<class '${typeName(value)}'>`;
}

/** Options of {@link jsonResponse}. */
export interface JsonResponseOptions extends StreamResponseOptions {
  contentType?: string | undefined;
  dumps?: ((value: unknown) => string) | undefined;
}

/** A JSON response. Python: `web.json_response(data, status=…, dumps=json.dumps, content_type="application/json")`. */
export function jsonResponse(data: unknown, options: JsonResponseOptions = {}): Response {
  checkKeys(options, JSON_KEYS, "json_response");
  const dumps = options.dumps ?? JSON.stringify;
  const text = dumps(data);
  if (typeof text !== "string") throw new TypeError(`Object of type ${typeof data} is not JSON serializable`);
  return new Response({
    text,
    contentType: options.contentType ?? "application/json",
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
}

/**
 * A Content-Type header as aiohttp's HeadersMixin reads it (with the email package): the media
 * type in lower case (`text/plain` when it is not `type/subtype`, `application/octet-stream` for
 * no header) and the parameters in order, names in lower case, values unquoted.
 */
function parseContentType(raw: string | undefined): [string, Map<string, string>] {
  const params = new Map<string, string>();
  if (raw === undefined) return ["application/octet-stream", params];
  const parts = splitParams(raw);
  const type = (parts[0] as string).trim().toLowerCase();
  for (const part of parts.slice(1)) {
    const eq = part.indexOf("=");
    if (eq === -1) params.set(part.trim(), "");
    else params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  return [type.split("/").length === 2 ? type : "text/plain", params];
}

/** Splits at each `;` outside a quoted string (Python's `email.message._parseparam`). */
function splitParams(raw: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ";" && !quoted) {
      parts.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(raw.slice(start));
  return parts;
}

/** Python's `email.utils.unquote`. */
function unquote(value: string): string {
  if (value.length > 1) {
    if (value.startsWith('"') && value.endsWith('"'))
      return value.slice(1, -1).replaceAll("\\\\", "\\").replaceAll('\\"', '"');
    if (value.startsWith("<") && value.endsWith(">")) return value.slice(1, -1);
  }
  return value;
}

/** The header aiohttp generates from a type and parameters: `type; k=v; k=v`. */
function contentTypeHeader(type: string, params: Map<string, string>): string {
  if (params.size === 0) return type;
  return `${type}; ${[...params].map(([k, v]) => `${k}=${v}`).join("; ")}`;
}
