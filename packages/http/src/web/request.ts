/**
 * An incoming request as a handler sees it: aiohttp.web's `Request`. The body streams into a
 * StreamReader with back-pressure (the socket pauses while nobody reads), and every way of reading
 * it whole (`read`, `text`, `json`, `post`) stops at the application's `clientMaxSize` with a 413.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex, Transform } from "node:stream";
import type { TLSSocket } from "node:tls";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { decodeUtf8SurrogateEscape, lookupCodec } from "@aio/fs/internal";
import { repr, typeName } from "@aio/loop";
import type { Coro } from "@aio/task";
import { charset } from "../charsets.js";
import { SimpleCookie } from "../cookies.js";
import { drained } from "../internal/drain.js";
import { checkKeys } from "../internal/options.js";
import { MultiDict, type MultiDictInit } from "../multidict.js";
import { BodyPartReader, type MultipartPart, MultipartReader } from "../multipart.js";
import { CIMultiDictProxy } from "../response.js";
import { StreamReader } from "../streams.js";
import type { AppKey, Application } from "./app.js";
import { HTTPBadRequest, HTTPRequestEntityTooLarge } from "./exceptions.js";
import { unquotePath } from "./quoting.js";
import type { ResponseTarget, StreamResponse } from "./response.js";

/** What {@link Request.writer} is: bytes onto the connection, and a wait until they are sent. */
export interface ConnectionWriter {
  /** Writes `data` (bytes, or text as UTF-8) and waits while the connection's buffer is full. */
  write(data: Uint8Array | string): Coro<void>;
  /** Waits until the connection's buffer has room. Python: `await writer.drain()`. */
  drain(): Coro<void>;
}

/** A {@link ConnectionWriter} on `res`'s connection: raw before the head, the body after. */
function connectionWriter(res: ServerResponse, socket: Duplex): ConnectionWriter {
  const writer: ConnectionWriter = {
    *write(data) {
      if (typeof data !== "string" && !(data instanceof Uint8Array))
        throw new TypeError(`data must be bytes or a string, got ${repr(data)} of type ${typeName(data)}`);
      if (res.headersSent) res.write(data);
      else socket.write(data);
      yield* writer.drain();
    },
    *drain() {
      const out = res.headersSent ? res : socket;
      if (!out.writableNeedDrain || out.destroyed) return;
      yield* drained(out);
    },
  };
  return writer;
}

/** The server's settings for a request's body (the runner's readBufsize and autoDecompress). @internal */
export interface RequestSettings {
  readonly readBufsize: number;
  readonly autoDecompress: boolean;
}

/** A request body that could not be read (bad compressed data). Python: `aiohttp.web.RequestPayloadError`. */
export class RequestPayloadError extends Error {
  override name = "RequestPayloadError";
}

/** What {@link Request.clone} changes. */
export interface RequestCloneOptions {
  /** The method, as given (aiohttp does not upper-case it either). */
  method?: string | undefined;
  /** The path as sent, with its query string (`/path?a=1`). Python: `rel_url`. */
  relUrl?: string | undefined;
  /** The headers, in place of the request's. */
  headers?: MultiDictInit | undefined;
}

const CLONE_KEYS: ReadonlySet<string> = new Set(["method", "relUrl", "headers"]);

/** The methods whose body `post()` reads (aiohttp's `BaseRequest.POST_METHODS`). */
const POST_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE", "TRACE"]);

/** A request's socket as a body stream's flow control. */
class RequestFlow {
  /** Set once the body is being drained: nothing pauses it any more. */
  draining = false;
  constructor(readonly req: IncomingMessage) {}
  pause(): void {
    if (!this.draining) this.req.pause();
  }
  resume(): void {
    this.req.resume();
  }
}

/** A file of a multipart form. Python: `aiohttp.web.FileField`. */
export interface FileField {
  name: string;
  filename: string;
  contentType: string;
  /** The file's bytes. */
  file: Buffer;
  headers: CIMultiDictProxy;
}

/** What the router found: the path's variables, and the route. */
export interface MatchInfo {
  /** `{name}` parts of the path pattern, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The route's name, if it has one. */
  readonly routeName: string | null;
  /**
   * The applications the request went through: the application, then the sub-application it was
   * routed to (and so on), outermost first. Python: `match_info.apps`.
   */
  readonly apps: readonly Application[];
}

/**
 * The state of several applications as one: a key is looked up in each, in order. Python:
 * `aiohttp.helpers.ChainMapProxy` (`request.config_dict`).
 */
export class ConfigDict {
  constructor(readonly maps: readonly Application[]) {}
  /** The value of `key` in the first application that has it. Python: `config_dict[key]`. */
  get<T>(key: AppKey<T>): T;
  get(key: string): unknown;
  get(key: AppKey<unknown> | string): unknown {
    for (const app of this.maps) if (app.has(key)) return app.get(key as string);
    throw new RangeError(`no ${String(key)} in the applications' state`);
  }
  /** Whether one of the applications has `key`. Python: `key in config_dict`. */
  has(key: AppKey<unknown> | string): boolean {
    return this.maps.some((app) => app.has(key));
  }
}

/**
 * A request. Python: `aiohttp.web.Request`. Per-request state goes in `request.state`
 * (aiohttp's `request["key"]`).
 */
export class Request {
  readonly method: string;
  /** The path, percent-decoded (`/users/파이썬`). */
  readonly path: string;
  /** The path as sent, with its query string. */
  readonly rawPath: string;
  /** @internal The path as sent, without the query string: what the router matches. */
  readonly routePath: string;
  #headers: CIMultiDictProxy | null = null;
  #query: MultiDict | null = null;
  readonly queryString: string;
  #content: StreamReader | null = null;
  /** HTTP version, `[1, 1]`. */
  readonly version: readonly [number, number];
  /** Per-request state (aiohttp: `request["key"] = value`). */
  readonly state = new Map<string, unknown>();
  #matchInfo: MatchInfo = { params: {}, routeName: null, apps: [] };
  #currentApp: Application | null = null;
  #cookies: Readonly<Record<string, string>> | null = null;
  #body: Buffer | null = null;
  #flow: RequestFlow | null = null;
  #drained: ((complete: boolean) => void)[] | null = null;
  /** The request this one is a clone of: its body is that one's. */
  #origin: Request | null = null;
  readonly #req: IncomingMessage;
  readonly #app: Application;
  readonly #settings: RequestSettings;
  #writer: ConnectionWriter | null = null;
  /** @internal Where the response goes. */
  readonly target: ResponseTarget;

  /** @internal */
  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    app: Application,
    extra: Partial<ResponseTarget> = {},
    settings: RequestSettings = { readBufsize: 2 ** 16, autoDecompress: true },
    changes: { method?: string | undefined; rawPath?: string | undefined } = {},
  ) {
    this.#settings = settings;
    this.#req = req;
    this.#app = app;
    // a clone's method is as given (aiohttp's clone(method="post") keeps it so)
    this.method = changes.method ?? (req.method ?? "GET").toUpperCase();
    this.rawPath = changes.rawPath ?? req.url ?? "/";
    const q = this.rawPath.indexOf("?");
    const rawPathOnly = q === -1 ? this.rawPath : this.rawPath.slice(0, q);
    this.queryString = q === -1 ? "" : this.rawPath.slice(q + 1);
    this.routePath = rawPathOnly;
    // as yarl decodes it: an escape that is not valid UTF-8 stays as sent
    this.path = unquotePath(rawPathOnly);
    this.version = [req.httpVersionMajor, req.httpVersionMinor];
    this.target = { ...extra, res, method: this.method };
  }

  /**
   * The body as a stream (`read(n)`, `readline()`, `iterChunked(n)`, `for await`): it starts
   * flowing when first asked for; past its high-water mark the socket pauses. (What the handler
   * leaves unread is drained once the answer is sent, for up to the runner's `lingeringTime`.)
   */
  get content(): StreamReader {
    if (this.#origin !== null) return this.#origin.content;
    if (this.#content === null) {
      const stream = new StreamReader(this.#settings.readBufsize);
      this.#content = stream;
      const req = this.#req;
      const flow = new RequestFlow(req);
      this.#flow = flow;
      stream.attach(flow);
      const coding = (this.headers.get("Content-Encoding") ?? "").trim().toLowerCase();
      if (this.#settings.autoDecompress && (coding === "gzip" || coding === "deflate" || coding === "br")) {
        // As aiohttp's server: a compressed body is read decompressed (RFC 9110 8.4).
        this.#feedDecompressed(req, stream, flow, coding);
      } else {
        req.on("data", (chunk: Buffer) => {
          if (!flow.draining) stream.feedData(chunk);
        });
        req.on("end", () => stream.feedEof());
      }
      req.on("error", (err) => stream.setException(err));
    }
    return this.#content;
  }

  /**
   * Feeds `stream` the body decompressed; bad data is a {@link RequestPayloadError}, as aiohttp's
   * ("Can not decode content-encoding: gzip"). Deflate is zlib-wrapped or, if its first byte says
   * it is not, raw (as aiohttp accepts both).
   */
  #feedDecompressed(req: IncomingMessage, stream: StreamReader, flow: RequestFlow, coding: string): void {
    let z: Transform | null = null;
    const fail = (): void => {
      // aiohttp's text: its parser's ContentEncodingError (a 400) as the payload's error
      stream.setException(
        new RequestPayloadError(`400, message='Can not decode content-encoding: ${coding}'`),
      );
      z?.destroy();
    };
    const start = (first: Buffer): Transform => {
      const made =
        coding === "gzip"
          ? createGunzip()
          : coding === "br"
            ? createBrotliDecompress()
            : ((first[0] as number) & 0x0f) === 8
              ? createInflate()
              : createInflateRaw();
      made.on("data", (out: Buffer) => {
        if (!flow.draining) stream.feedData(out);
      });
      made.on("end", () => stream.feedEof());
      made.on("error", fail);
      return made;
    };
    req.on("data", (chunk: Buffer) => {
      if (flow.draining || chunk.length === 0) return;
      z ??= start(chunk);
      z.write(chunk);
    });
    req.on("end", () => {
      if (z === null) stream.feedEof();
      else z.end();
    });
  }

  /**
   * @internal The answer is sent and the handler is done with the body: the rest of it is read and
   * dropped for up to `seconds` (aiohttp's lingering close), so that a client still sending reads
   * its answer instead of a reset. `then(complete)` is called once it all came, or the time ran
   * out, or the connection closed. Called again while draining, it only adds `then`.
   */
  drainBody(seconds: number, then: (complete: boolean) => void): void {
    const req = this.#req;
    if (req.complete || req.destroyed) {
      then(req.complete);
      return;
    }
    if (this.#drained !== null) {
      this.#drained.push(then);
      return;
    }
    const waiting = [then];
    this.#drained = waiting;
    const finish = (): void => {
      clearTimeout(timer);
      req.off("end", finish);
      req.off("close", finish);
      for (const f of waiting.splice(0)) f(req.complete);
    };
    const timer = setTimeout(finish, seconds * 1000);
    timer.unref();
    req.on("end", finish);
    req.on("close", finish);
    if (this.#flow !== null) this.#flow.draining = true;
    req.resume();
  }

  /**
   * The headers, case-insensitive, multi-valued, in the order they came (made on first use); values
   * are UTF-8 with surrogateescape, as aiohttp's.
   */
  get headers(): CIMultiDictProxy {
    if (this.#headers === null) {
      const pairs: [string, string][] = [];
      const raw = this.#req.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2)
        pairs.push([raw[i] as string, fromLatin1Header(raw[i + 1] as string)]);
      this.#headers = CIMultiDictProxy.of(pairs);
    }
    return this.#headers;
  }

  /** The query string's parameters, in order, multi-valued (parsed on first use). */
  get query(): MultiDict {
    this.#query ??= new MultiDict([...new URLSearchParams(this.queryString)]);
    return this.#query;
  }

  /** @internal node:http's request. */
  get rawRequest(): IncomingMessage {
    return this.#req;
  }

  /**
   * The connection's writer. Before the response's head is sent its bytes go onto the connection as
   * they are — an interim answer such as an expect handler's `HTTP/1.1 100 Continue\r\n\r\n`;
   * after, they are the response's body. Python: `request.writer` (aiohttp's StreamWriter).
   */
  get writer(): ConnectionWriter {
    this.#writer ??= connectionWriter(this.target.res, this.target.upgrade?.socket ?? this.#req.socket);
    return this.#writer;
  }

  /**
   * The application the request runs in: the innermost of `matchInfo.apps` for the handler and the
   * sub-application's middlewares, the outer application's own in its middlewares (as aiohttp's
   * `match_info.current_app`). Python: `request.app`.
   */
  get app(): Application {
    return this.#currentApp ?? this.#app;
  }
  /** @internal The application whose middlewares (or handler) run now. */
  setCurrentApp(app: Application): void {
    this.#currentApp = app;
  }

  /**
   * The state of `request.app` and of the applications it is in: a lookup, innermost first.
   * Python: `request.config_dict` (a ChainMapProxy).
   */
  get configDict(): ConfigDict {
    const apps = this.#matchInfo.apps.length === 0 ? [this.#app] : this.#matchInfo.apps;
    const i = apps.indexOf(this.app);
    return new ConfigDict(apps.slice(0, i + 1).reverse());
  }

  /** What the router matched. Python: `request.match_info`. */
  get matchInfo(): MatchInfo {
    return this.#matchInfo;
  }
  /** @internal */
  setMatchInfo(info: MatchInfo): void {
    this.#matchInfo = info;
    this.#currentApp = info.apps.at(-1) ?? null;
  }

  /**
   * @internal Before a response's head goes out: the `onResponsePrepare` callbacks of each
   * application the request went through, outermost first (aiohttp's `_prepare_hook`).
   */
  *prepareHook(response: StreamResponse): Coro<void> {
    for (const app of this.#matchInfo.apps) for (const cb of app.onResponsePrepare) yield* cb(this, response);
  }

  /** `http` or `https`. */
  get scheme(): string {
    return (this.#req.socket as TLSSocket).encrypted ? "https" : "http";
  }
  /** The Host header (or the local address). */
  get host(): string {
    return this.headers.get("Host") ?? `${this.#req.socket.localAddress}:${this.#req.socket.localPort}`;
  }
  /** The absolute URL. */
  get url(): string {
    return `${this.scheme}://${this.host}${this.rawPath}`;
  }
  /** The peer's address. Python: `request.remote`. */
  get remote(): string | null {
    return this.#req.socket.remoteAddress ?? null;
  }
  /** The media type of the body (`application/json`); `application/octet-stream` when absent. */
  get contentType(): string {
    const raw = this.headers.get("Content-Type");
    return raw === undefined
      ? "application/octet-stream"
      : (raw.split(";")[0] as string).trim().toLowerCase();
  }
  /** The charset of the body, as written (`UTF-8` stays `UTF-8`, as aiohttp's), or null. */
  get charset(): string | null {
    const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(this.headers.get("Content-Type") ?? "");
    return m === null ? null : (m[1] as string);
  }
  /** The Content-Length header, or null. */
  get contentLength(): number | null {
    const raw = this.headers.get("Content-Length");
    return raw === undefined ? null : Number(raw);
  }
  /** The cookies the client sent. */
  get cookies(): Readonly<Record<string, string>> {
    if (this.#cookies === null) {
      const jar = new SimpleCookie();
      const header = this.headers.get("Cookie");
      if (header !== undefined) jar.load(header);
      this.#cookies = Object.freeze(Object.fromEntries([...jar].map(([k, m]) => [k, m.value])));
    }
    return this.#cookies;
  }
  /**
   * The path and query string as the client sent them (`/app/blog?id=10`).
   * Python: `request.path_qs`.
   */
  get pathQs(): string {
    return this.rawPath;
  }

  /** Whether some of the body is still to be read. Python: `request.can_read_body`. */
  get canReadBody(): boolean {
    if (this.#body !== null) return false;
    if (this.#origin !== null) return this.#origin.canReadBody;
    if (this.#content !== null) return !this.#content.atEof();
    return this.bodyExists;
  }

  /** Whether the request has a body. Python: `request.body_exists`. */
  get bodyExists(): boolean {
    return this.contentLength !== null ? this.contentLength > 0 : this.headers.has("Transfer-Encoding");
  }

  /**
   * A copy of the request with some of it changed: the same connection, body stream and match
   * info, a copy of its state. Python: `request.clone(method=…, rel_url=…, headers=…)` (its
   * `scheme`, `host`, `remote` and `client_max_size` are not taken here).
   */
  clone(changes: RequestCloneOptions = {}): Request {
    checkKeys(changes, CLONE_KEYS, "Request.clone");
    if (changes.method !== undefined && typeof changes.method !== "string")
      throw new TypeError(`method must be a string, got ${repr(changes.method)}`);
    if (changes.relUrl !== undefined && typeof changes.relUrl !== "string")
      throw new TypeError(`rel_url must be a string, got ${repr(changes.relUrl)}`);
    const { res, method: _method, ...extra } = this.target;
    const clone = new Request(this.#req, res, this.#app, extra, this.#settings, {
      method: changes.method ?? this.method,
      rawPath: changes.relUrl ?? this.rawPath,
    });
    clone.#origin = this.#origin ?? this;
    clone.#matchInfo = this.#matchInfo;
    if (changes.headers !== undefined)
      clone.#headers = CIMultiDictProxy.of(new MultiDict(changes.headers).entries());
    else clone.#headers = this.#headers;
    for (const [key, value] of this.state) clone.state.set(key, value);
    return clone;
  }

  /**
   * Whether some of the body is still to be read, with a DeprecationWarning (a process warning):
   * use {@link canReadBody}. Python: `request.has_body`.
   * @deprecated Use `canReadBody`.
   */
  get hasBody(): boolean {
    process.emitWarning("Deprecated, use .can_read_body #2005", "DeprecationWarning");
    return this.canReadBody;
  }

  /** Reads the rest of the body and drops it. Python: `await request.release()`. */
  *release(): Coro<void> {
    const content = this.content;
    while (!content.atEof()) yield* content.readany();
  }

  /**
   * The whole body, at most the application's `clientMaxSize` (then 413, as aiohttp: without
   * reading the rest). Python: `await request.read()`.
   */
  *read(): Coro<Buffer> {
    if (this.#body !== null) return this.#body;
    const max = this.#app.clientMaxSize;
    const declared = this.contentLength;
    if (max > 0 && declared !== null && declared > max) throw new HTTPRequestEntityTooLarge(max, declared);
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = yield* this.content.readany();
      if (chunk.length === 0) break;
      size += chunk.length;
      if (max > 0 && size > max) throw new HTTPRequestEntityTooLarge(max, size);
      parts.push(chunk);
    }
    this.#body = Buffer.concat(parts, size);
    return this.#body;
  }

  /** The body as text, in its charset (UTF-8 by default). Python: `await request.text()`. */
  *text(): Coro<string> {
    const body = yield* this.read();
    return lookupCodec(this.charset ?? "utf-8")
      .newDecoder("replace")
      .decode(body, true);
  }

  /** The body parsed as JSON (a 400 if it is not). Python: `await request.json()`. */
  *json(options: { loads?: (text: string) => unknown } = {}): Coro<unknown> {
    const text = yield* this.text();
    try {
      return (options.loads ?? JSON.parse)(text);
    } catch (err) {
      throw new HTTPBadRequest({ text: `Invalid JSON body: ${(err as Error).message}` });
    }
  }

  /**
   * The body as a {@link MultipartReader}, read part by part off the stream (nothing is kept in
   * memory but the part being read). Python: `await request.multipart()`.
   */
  *multipart(): Coro<MultipartReader> {
    return this.#multipartReader();
  }

  #multipartReader(): MultipartReader {
    return new MultipartReader(this.headers, this.content);
  }

  /**
   * A form: `application/x-www-form-urlencoded` or `multipart/form-data` (file fields as
   * {@link FileField}, a field of neither text nor a file — `application/octet-stream` — as its
   * bytes, as aiohttp gives them); empty for other bodies and for methods other than POST, PUT, PATCH, DELETE
   * and TRACE (as aiohttp). Python: `await request.post()`.
   */
  *post(): Coro<MultiDict<string | Buffer> & { files: Map<string, FileField[]> }> {
    const type = this.contentType;
    const form = Object.assign(new MultiDict<string | Buffer>(), { files: new Map<string, FileField[]>() });
    if (!POST_METHODS.has(this.method)) return form;
    if (type === "application/x-www-form-urlencoded") {
      const text = yield* this.text();
      for (const [k, v] of new URLSearchParams(text)) form.add(k, v);
      return form;
    }
    if (type !== "multipart/form-data") return form;
    let reader: MultipartReader;
    try {
      reader = this.#multipartReader();
    } catch (err) {
      throw new HTTPBadRequest({ text: `Invalid multipart body: ${(err as Error).message}` });
    }
    const max = this.#app.clientMaxSize;
    for (;;) {
      let field: MultipartPart | null;
      try {
        field = yield* reader.next();
      } catch (err) {
        throw new HTTPBadRequest({ text: `Invalid multipart body: ${(err as Error).message}` });
      }
      if (field === null) break;
      if (!(field instanceof BodyPartReader)) {
        throw new RangeError("To decode nested multipart you need to use custom reader");
      }
      const name = field.name;
      if (name === null) throw new HTTPBadRequest({ text: "Invalid multipart body: a part without a name" });
      const fieldType = field.headers.get("Content-Type");
      const filename = field.filename;
      // As aiohttp 3.8: the size limit counts each field's decoded bytes.
      let size = 0;
      const chunks: Buffer[] = [];
      for (;;) {
        const raw = filename ? yield* field.readChunk(2 ** 16) : yield* field.read({ decode: true });
        if (raw.length === 0) break;
        const chunk = filename ? field.decode(raw) : raw;
        size += chunk.length;
        if (max > 0 && size > max) throw new HTTPRequestEntityTooLarge(max, size);
        chunks.push(chunk);
        if (!filename) break;
      }
      const value = Buffer.concat(chunks);
      if (filename) {
        const contentType = fieldType ?? "application/octet-stream";
        form.add(name, filename);
        const list = form.files.get(name) ?? [];
        list.push({ name, filename, contentType, file: value, headers: field.headers });
        form.files.set(name, list);
      } else if (fieldType === undefined || fieldType.startsWith("text/")) {
        // Text in the part's charset (or the form's `_charset_`, else UTF-8), strictly, as aiohttp.
        form.add(name, charset(field.getCharset("utf-8")).decode(value));
      } else {
        // A field of another type and no file name (application/octet-stream…): its bytes, as aiohttp.
        form.add(name, value);
      }
    }
    return form;
  }

  toString(): string {
    return `<Request ${this.method} ${this.rawPath} >`;
  }
}

/**
 * A header value node:http decoded as Latin-1 (one char a byte), decoded again as aiohttp does:
 * UTF-8 with surrogateescape. ASCII (nearly all) is returned as it is.
 */
function fromLatin1Header(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range
  return /^[\x00-\x7f]*$/.test(value) ? value : decodeUtf8SurrogateEscape(Buffer.from(value, "latin1"));
}
