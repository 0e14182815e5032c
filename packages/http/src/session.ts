import { once } from "node:events";
import { createDeflate, createGzip } from "node:zlib";
import { CancelledError, TimeoutError } from "@aio/future";
import { raisedHere } from "@aio/future/internal";
import {
  type EventLoop,
  getRunningLoop,
  newEventLoop,
  repr,
  reprSymbol,
  type TimerHandle,
  tryGetRunningLoop,
  typeName,
} from "@aio/loop";
import { captureStack } from "@aio/loop/internal";
import { type AsyncContextManager, type Coro, toPromise, waitFor } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { BasicAuth } from "./auth.js";
import {
  type ClientWebSocketResponse,
  checkWsOptions,
  connectWebSocket,
  WSConnectContextManager,
  type WSConnectOptions,
} from "./client-ws.js";
import { type SslOption, TCPConnector, tlsOf } from "./connector.js";
import { type AbstractCookieJar, CookieJar, type LooseCookies } from "./cookies.js";
import { type Exchange, exchange, type ResponseHead } from "./dispatch.js";
import { InvalidURL, type RequestInfo, ServerTimeoutError, TooManyRedirects } from "./errors.js";
import { checkKeys } from "./internal/options.js";
import { CIMultiDict, MultiDict, type MultiDictInit } from "./multidict.js";
import { type PreparedBody, prepareBody, type RequestData } from "./payload.js";
import { ClientResponse, type ResponseConnection } from "./response.js";
import { StreamReader } from "./streams.js";
import { ClientTimeout, DEFAULT_TIMEOUT } from "./timeout.js";
import { BeforeResponseError, connectionError, isStaleSocket } from "./undici-errors.js";

/** The package's version, in the default User-Agent. */
const USER_AGENT = `aio-http/0.1 Node.js/${process.versions.node}`;

/** Options of {@link ClientSession}. Python: `aiohttp.ClientSession(...)`. */
export interface ClientSessionOptions {
  /** Relative request URLs are resolved against it. Python: `base_url`. */
  baseUrl?: string | URL | undefined;
  /** Headers sent with every request. */
  headers?: MultiDictInit | undefined;
  /** Default timeouts (five minutes in all). */
  timeout?: ClientTimeout | undefined;
  /** The connections (a new TCPConnector by default). */
  connector?: TCPConnector | undefined;
  /** Whether closing the session closes the connector (default true). */
  connectorOwner?: boolean | undefined;
  /** Where cookies are kept (a new CookieJar by default). */
  cookieJar?: AbstractCookieJar | undefined;
  /** Cookies for every request. */
  cookies?: LooseCookies | undefined;
  /** Raise `ClientResponseError` for every response with a status ≥ 400. */
  raiseForStatus?: boolean | undefined;
  /** Basic authentication for every request. */
  auth?: BasicAuth | undefined;
  /** How `json` bodies are written (default `JSON.stringify`). */
  jsonSerialize?: ((value: unknown) => string) | undefined;
  /** Decode gzip/deflate/br response bodies (default true). */
  autoDecompress?: boolean | undefined;
  /** Use proxies from HTTP_PROXY/HTTPS_PROXY/NO_PROXY (default false). */
  trustEnv?: boolean | undefined;
  /** Bytes a response may buffer before its socket is paused (default 64 KiB). */
  readBufsize?: number | undefined;
  /**
   * Automatic headers not to send (`User-Agent`, `Accept`, `Accept-Encoding`, a body's
   * `Content-Type`). Python: `skip_auto_headers`.
   */
  skipAutoHeaders?: Iterable<string> | undefined;
}

/** Options of one request. Python: `session.request(method, url, **kwargs)`. */
export interface RequestOptions {
  /** Query parameters added to the URL (an object, pairs, a MultiDict, or a query string). */
  params?: MultiDictInit | string | undefined;
  /** A body sent as JSON (application/json). */
  json?: unknown;
  /** A body: a string, bytes, an object (a form), a FormData, or an async iterable (chunked). */
  data?: RequestData | null | undefined;
  headers?: MultiDictInit | undefined;
  /** Cookies for this request, beside the jar's. */
  cookies?: LooseCookies | undefined;
  /** A ClientTimeout, or seconds for the total (`null`: no timeout at all, as aiohttp's `timeout=None`). */
  timeout?: ClientTimeout | number | null | undefined;
  /** Follow redirects (default true). */
  allowRedirects?: boolean | undefined;
  /** At most this many redirects (default 10), then `TooManyRedirects`. */
  maxRedirects?: number | undefined;
  raiseForStatus?: boolean | undefined;
  auth?: BasicAuth | undefined;
  /** Abort the request when it aborts (the task's own cancellation does too). */
  signal?: AbortSignal | undefined;
  /** Automatic headers not to send, beside the session's. Python: `skip_auto_headers`. */
  skipAutoHeaders?: Iterable<string> | undefined;
  /**
   * Compress the body (`"deflate"`, `"gzip"`, or `true` for deflate), sent chunked with its
   * Content-Encoding. Python: `compress=`.
   */
  compress?: "deflate" | "gzip" | boolean | undefined;
  /**
   * Send the body chunked (Transfer-Encoding: chunked) even if its length is known. Python:
   * `chunked=`. A number (a chunk size, deprecated in aiohttp 3.8 with a DeprecationWarning) counts
   * as true unless 0.
   */
  chunked?: boolean | number | undefined;
  /** Bytes this response may buffer before its socket is paused (the session's by default). Python: `read_bufsize=`. */
  readBufsize?: number | undefined;
  /**
   * Send `Expect: 100-continue` and the body only once the server answers `100 Continue` (a final
   * answer instead is the response, the body unsent). Python: `expect100=`.
   */
  expect100?: boolean | undefined;
  /**
   * This request's TLS, instead of the connector's: `true` (verify), `false` (do not), node:tls
   * options, or a `Fingerprint` to pin the certificate (see {@link SslOption}). Its connections
   * are pooled apart from the connector's others. Python: `ssl=`.
   */
  ssl?: SslOption | undefined;
}

/**
 * What watches a request as a whole: its total timeout and its AbortSignal, which abort the
 * exchange under way (one object per request, its callbacks module functions).
 */
class RequestWatch {
  /** The exchange under way (the last one, after redirects). */
  current: Exchange | null = null;
  /** Whether the total timeout expired. */
  expired = false;
  /** When the total timeout expires (loop time), or +Infinity. */
  readonly deadline: number;
  #deadlines: Deadlines | null;
  readonly #signal: AbortSignal | undefined;

  constructor(loop: EventLoop, total: number | null, signal: AbortSignal | undefined) {
    this.deadline = total === null ? Number.POSITIVE_INFINITY : loop.time() + total;
    this.#deadlines = total === null ? null : Deadlines.of(loop);
    this.#deadlines?.add(this);
    this.#signal = signal;
    signal?.addEventListener("abort", this, { once: true });
  }

  /** The signal aborted (an EventListener object). */
  handleEvent(): void {
    this.current?.abort(new CancelledError("the request's signal aborted"));
  }

  /** A new exchange started: it inherits what already happened. */
  started(e: Exchange): void {
    this.current = e;
    if (this.expired) e.abort(new TimeoutError());
    if (this.#signal?.aborted) e.abort(new CancelledError("the request's signal aborted"));
  }

  /** The body is complete: the request is over. */
  streamDone(): void {
    this.done();
  }

  /** The request is over (its body read, or it failed): stop watching. */
  done(): void {
    this.#deadlines?.delete(this);
    this.#deadlines = null;
    this.#signal?.removeEventListener("abort", this);
  }
}

function expireRequest(watch: RequestWatch): void {
  watch.expired = true;
  watch.current?.abort(new TimeoutError());
}

/**
 * The total timeouts of a loop's requests under one loop timer, set for the earliest deadline:
 * a request adds and removes itself (a Set operation) instead of scheduling and cancelling a timer
 * of its own; the timer is re-armed only for an earlier deadline or when it fires.
 */
class Deadlines {
  static readonly #byLoop = new WeakMap<EventLoop, Deadlines>();
  readonly #loop: EventLoop;
  readonly #watches = new Set<RequestWatch>();
  #timer: TimerHandle | null = null;
  #timerAt = Number.POSITIVE_INFINITY;

  private constructor(loop: EventLoop) {
    this.#loop = loop;
  }

  static of(loop: EventLoop): Deadlines {
    let d = Deadlines.#byLoop.get(loop);
    if (d === undefined) {
      d = new Deadlines(loop);
      Deadlines.#byLoop.set(loop, d);
    }
    return d;
  }

  add(watch: RequestWatch): void {
    this.#watches.add(watch);
    if (watch.deadline < this.#timerAt) this.#arm(watch.deadline);
  }

  delete(watch: RequestWatch): void {
    this.#watches.delete(watch);
    if (this.#watches.size === 0 && this.#timer !== null) {
      this.#timer.cancel();
      this.#timer = null;
      this.#timerAt = Number.POSITIVE_INFINITY;
    }
  }

  #arm(when: number): void {
    this.#timer?.cancel();
    this.#timerAt = when;
    this.#timer = this.#loop.callAt(when, fireDeadlines, this, when);
  }

  /** @internal The timer fired at `when`: expire what is due, re-arm for the next. */
  fire(when: number): void {
    this.#timer = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
    let next = Number.POSITIVE_INFINITY;
    for (const watch of [...this.#watches]) {
      if (watch.deadline <= when) {
        this.#watches.delete(watch);
        expireRequest(watch);
      } else if (watch.deadline < next) next = watch.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY && this.#timer === null) this.#arm(next);
  }
}

function fireDeadlines(deadlines: Deadlines, when: number): void {
  deadlines.fire(when);
}

/** A response's hold on its exchange and its connection slot. */
class HeldConnection implements ResponseConnection {
  #released = false;
  constructor(
    readonly exchange: Exchange,
    readonly releaseSlot: () => void,
  ) {}

  /** The body is complete: the connection goes back to the pool, the slot to the next request. */
  streamDone(): void {
    this.free();
  }

  /** Gives the slot back (once). */
  free(): void {
    if (this.#released) return;
    this.#released = true;
    this.releaseSlot();
  }

  release(): void {
    if (!this.exchange.complete)
      this.exchange.abort(new CancelledError("the response was released before its body was read"));
    this.free();
  }

  close(): void {
    this.exchange.abort(new CancelledError("the response was closed"));
    this.free();
  }
}

/** A header name: an RFC 9110 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Header names must be tokens and values free of CR, LF and NUL (header injection), as aiohttp checks. */
function checkHeaders(headers: CIMultiDict): void {
  for (const [name, value] of headers) {
    if (!TOKEN.test(name))
      throw new RangeError(`Invalid header name ${repr(name)}: it must be an HTTP token`);
    if (/[\r\n\0]/.test(value)) {
      throw new RangeError(
        "Newline or carriage return character detected in HTTP status message or header. This is a potential security issue.",
      );
    }
  }
}

/**
 * The query parameters as pairs, with aiohttp's rule for values: strings and numbers only (a
 * boolean, null or object is a TypeError, as yarl's `Invalid variable type`).
 */
function queryPairs(params: MultiDictInit | string): [string, string][] {
  if (params instanceof MultiDict) return [...params];
  // A query string (aiohttp: `url.with_query("a=1&b=2")`): its pairs as written — yarl quotes the
  // string again, so a "%20" in it is sent as "%2520", as aiohttp 3.8.4 sends it; a "+" is a space
  // (yarl reads the query back as a form's), so "q=t+est" is sent as it is, not as "q=t%2Best".
  if (typeof params === "string") {
    return params
      .split("&")
      .filter((part) => part !== "")
      .map((part) => {
        const plain = part.replaceAll("+", " ");
        const eq = plain.indexOf("=");
        return eq === -1 ? [plain, ""] : [plain.slice(0, eq), plain.slice(eq + 1)];
      });
  }
  const out: [string, string][] = [];
  const add = (key: unknown, value: unknown): void => {
    if (typeof value === "string") out.push([String(key), value]);
    else if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "bigint")
      out.push([String(key), String(value)]);
    else
      throw new TypeError(
        `Invalid variable type: value should be str, int or float, got ${repr(value)} of type <class '${typeName(value)}'>`,
      );
  };
  if (params === null || typeof params !== "object")
    throw new TypeError(`params must be a mapping or (key, value) pairs, got ${repr(params)}`);
  if (typeof (params as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const pair of params as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new TypeError(`params pairs must be (key, value) pairs, got ${repr(pair)}`);
      add(pair[0], pair[1]);
    }
    return out;
  }
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const item of v) add(k, item);
    else add(k, v);
  }
  return out;
}

/** How many parsed URLs a session keeps (then it starts again). */
const PARSED_URLS = 256;

/** What an unclosed session's report needs, without holding the session. */
interface Unclosed {
  /** The loop it was made in or first used on: its exception handler hears of it. */
  loop: EventLoop | null;
  description: string;
  sourceTraceback: string | null;
}

/**
 * aiohttp's `ClientSession.__del__`: a session collected without `close()` is reported through its
 * loop's exception handler, with `client_session` (what stands for it: it is gone) and, in debug
 * mode, where it was made.
 */
function reportUnclosed(rec: Unclosed): void {
  const describe = () => rec.description;
  const context: Record<string, unknown> = {
    client_session: { toString: describe, [reprSymbol]: describe },
    message: "Unclosed client session",
  };
  if (rec.sourceTraceback !== null) context.sourceTraceback = rec.sourceTraceback;
  const loop = rec.loop ?? tryGetRunningLoop();
  if (loop !== null) {
    loop.callExceptionHandler(context);
    return;
  }
  // Never near a loop: a loop's default handler logs it, as aiohttp's get_event_loop() one would.
  const quiet = newEventLoop();
  try {
    quiet.callExceptionHandler(context);
  } finally {
    quiet.close();
  }
}

const unclosedSessions = new FinalizationRegistry<Unclosed>(reportUnclosed);

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A request under way: a context manager that releases the response at the end of the block, and
 * awaitable (`yield*` in coroutines, `await` in Promise code). Python: `_RequestContextManager`.
 */
export class RequestContextManager
  implements AsyncContextManager<ClientResponse>, PromiseLike<ClientResponse>
{
  readonly #start: () => Coro<ClientResponse>;
  #response: ClientResponse | null = null;

  /** @internal */
  constructor(start: () => Coro<ClientResponse>) {
    this.#start = start;
  }

  *aenter(): Coro<ClientResponse> {
    this.#response = yield* this.#start();
    return this.#response;
  }

  *aexit(): Coro<boolean> {
    this.#response?.release();
    this.#response = null;
    return false;
  }

  /** `yield* session.get(url)`: the response, to release yourself. */
  [Symbol.iterator](): Coro<ClientResponse> {
    return this.#start();
  }

  /** `await session.get(url)` in Promise code. */
  then<R1 = ClientResponse, R2 = never>(
    onfulfilled?: ((value: ClientResponse) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return toPromise(this.#start()).then(onfulfilled, onrejected);
  }
}

/**
 * An HTTP client session: connections kept alive and shared, cookies, default headers and
 * timeouts. Python: `aiohttp.ClientSession`.
 * @example
 * yield* using(new ClientSession(), function* (session) {
 *   const html = yield* using(session.get("http://127.0.0.1:8080/"), (resp) => resp.text());
 * });
 */
export class ClientSession implements AsyncContextManager<ClientSession>, AsyncDisposable {
  readonly #baseUrl: URL | null;
  readonly #headers: CIMultiDict;
  readonly #timeout: ClientTimeout;
  readonly #connector: TCPConnector;
  readonly #ownsConnector: boolean;
  readonly #cookieJar: AbstractCookieJar;
  readonly #raiseForStatus: boolean;
  readonly #auth: BasicAuth | null;
  readonly #jsonSerialize: (value: unknown) => string;
  /** URLs parsed lately, by the string given (see #buildUrl). */
  readonly #parsed = new Map<string, URL>();
  readonly #decompress: boolean;
  readonly #trustEnv: boolean;
  readonly #readBufsize: number;
  /** Automatic headers not sent (lower-case names). */
  readonly #skipAutoHeaders: ReadonlySet<string>;
  #closed = false;
  /** Reported if the session is collected before `close()`; the registry's token. */
  readonly #unclosed: Unclosed;

  constructor(options: ClientSessionOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`ClientSession takes an options object, got ${repr(options)}`);
    }
    checkKeys(options, SESSION_OPTIONS, "ClientSession");
    this.#baseUrl = options.baseUrl === undefined ? null : parseBase(options.baseUrl);
    this.#headers = new CIMultiDict(options.headers);
    if (options.timeout !== undefined && !(options.timeout instanceof ClientTimeout)) {
      throw new TypeError(
        `timeout parameter must be of type ClientTimeout, got ${repr(options.timeout)} of type ${typeName(options.timeout)}`,
      );
    }
    this.#timeout = options.timeout ?? DEFAULT_TIMEOUT;
    if (options.connector !== undefined && !(options.connector instanceof TCPConnector)) {
      throw new TypeError(`connector must be a TCPConnector, got ${repr(options.connector)}`);
    }
    this.#connector = options.connector ?? new TCPConnector();
    this.#ownsConnector = options.connectorOwner ?? true;
    const jar = options.cookieJar;
    if (jar !== undefined && (jar === null || typeof (jar as AbstractCookieJar).filterCookies !== "function"))
      throw new TypeError(`cookieJar must be a CookieJar (or another AbstractCookieJar), got ${repr(jar)}`);
    this.#cookieJar = jar ?? new CookieJar();
    if (options.cookies !== undefined) this.#cookieJar.updateCookies(options.cookies);
    this.#raiseForStatus = options.raiseForStatus ?? false;
    if (options.auth !== undefined && !(options.auth instanceof BasicAuth)) {
      throw new TypeError("set auth to an instance of BasicAuth");
    }
    this.#auth = options.auth ?? null;
    if (options.jsonSerialize !== undefined && typeof options.jsonSerialize !== "function")
      throw new TypeError(`jsonSerialize must be a function, got ${repr(options.jsonSerialize)}`);
    this.#jsonSerialize = options.jsonSerialize ?? JSON.stringify;
    this.#decompress = options.autoDecompress ?? true;
    this.#trustEnv = options.trustEnv ?? false;
    this.#readBufsize = options.readBufsize ?? 64 * 1024;
    this.#skipAutoHeaders = new Set(skipNames(options.skipAutoHeaders, "skipAutoHeaders"));
    const loop = tryGetRunningLoop();
    this.#unclosed = {
      loop,
      description: String(this),
      sourceTraceback: loop?.getDebug() ? captureStack(2) : null,
    };
    unclosedSessions.register(this, this.#unclosed, this.#unclosed);
  }

  /** Whether the session is closed. */
  get closed(): boolean {
    return this.#closed;
  }
  /** The session's cookies. */
  get cookieJar(): AbstractCookieJar {
    return this.#cookieJar;
  }
  /** The default headers. */
  get headers(): CIMultiDict {
    return this.#headers;
  }
  get connector(): TCPConnector {
    return this.#connector;
  }
  get timeout(): ClientTimeout {
    return this.#timeout;
  }

  /** A request. Python: `session.request(method, url, **kwargs)`. */
  request(method: string, url: string | URL, options: RequestOptions = {}): RequestContextManager {
    if (typeof method !== "string") throw new TypeError(`method must be a string, got ${repr(method)}`);
    // Any token, as aiohttp sends it (upper-cased); anything else could split the request line.
    const bad = /[^-!#$%&'*+.^_`|~0-9a-zA-Z]/.exec(method);
    if (bad !== null || method === "")
      throw new RangeError(
        `Method cannot contain non-token characters ${repr(method)}${bad === null ? "" : ` (found at least ${repr(bad[0])})`}`,
      );
    if (typeof url !== "string" && !(url instanceof URL)) {
      // yarl's words, with the value.
      throw new TypeError(`Constructor parameter should be str, got ${repr(url)} of type ${typeName(url)}`);
    }
    checkOptions(options);
    return new RequestContextManager(() => this.#request(method.toUpperCase(), url, options));
  }
  get(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("GET", url, options);
  }
  post(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("POST", url, options);
  }
  put(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("PUT", url, options);
  }
  patch(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("PATCH", url, options);
  }
  delete(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("DELETE", url, options);
  }
  /** HEAD: no redirects by default, as in aiohttp. */
  head(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("HEAD", url, { ...options, allowRedirects: options.allowRedirects ?? false });
  }
  options(url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return this.request("OPTIONS", url, options);
  }

  /**
   * A WebSocket connection: `ws://`, `wss://` (or `http://`, `https://`) URLs, the session's
   * headers, cookies and credentials on the handshake. Python: `session.ws_connect(url, …)`.
   * @example
   * yield* using(session.wsConnect("ws://127.0.0.1:8080/ws"), function* (ws) {
   *   yield* ws.sendStr("hello");
   *   for (;;) {
   *     const msg = yield* ws.receive();
   *     if (msg.type !== WSMsgType.TEXT) break;
   *   }
   * });
   */
  wsConnect(url: string | URL, options: WSConnectOptions = {}): WSConnectContextManager {
    if (typeof url !== "string" && !(url instanceof URL)) {
      throw new TypeError(`Constructor parameter should be str, got ${repr(url)} of type ${typeName(url)}`);
    }
    checkWsOptions(options);
    return new WSConnectContextManager(() => this.#wsConnect(url, options));
  }

  *#wsConnect(given: string | URL, options: WSConnectOptions): Coro<ClientWebSocketResponse> {
    if (this.#closed) throw new Error("Session is closed");
    this.#unclosed.loop ??= getRunningLoop();
    // The handshake is HTTP: ws: and wss: are http: and https: until the upgrade.
    const text = String(given).replace(/^ws(s?):/i, "http$1:");
    let url = new URL(this.#buildUrl(text, options.params as MultiDictInit | undefined));
    const headers = new CIMultiDict(this.#headers);
    if (options.headers !== undefined)
      for (const [k, v] of new CIMultiDict(options.headers as MultiDictInit)) headers.set(k, v);
    checkHeaders(headers);
    let auth = (options.auth as BasicAuth | undefined) ?? null;
    if (auth !== null && !(auth instanceof BasicAuth))
      throw new TypeError("BasicAuth() tuple is required instead");
    const fromUrl = BasicAuth.fromUrl(url);
    if (fromUrl !== null) {
      if (auth !== null) throw new RangeError("Cannot combine AUTH argument with credentials encoded in URL");
      auth = fromUrl;
      url.username = "";
      url.password = "";
    }
    auth ??= this.#auth;
    if (auth !== null) {
      if (headers.has("Authorization"))
        throw new RangeError(
          "Cannot combine AUTHORIZATION header with AUTH argument or credentials encoded in URL",
        );
      headers.set("Authorization", auth.encode());
    }
    headers.setDefault("User-Agent", USER_AGENT);
    const cookies = this.#cookieJar.filterCookies(url);
    if (cookies.size > 0) headers.set("Cookie", cookies.headerValue());
    url = new URL(url.href);
    const handshakeTimeout =
      options.handshakeTimeout === undefined ? this.#timeout.total : options.handshakeTimeout;
    return yield* connectWebSocket({
      url,
      headers,
      cookieJar: this.#cookieJar,
      tls: this.#connector._tls,
      pin: this.#connector._pin,
      handshakeTimeout,
      options,
    });
  }

  *#request(method: string, given: string | URL, options: RequestOptions): Coro<ClientResponse> {
    if (this.#closed) throw new Error("Session is closed");
    const loop = getRunningLoop();
    this.#unclosed.loop ??= loop;
    let url = this.#buildUrl(given, options.params);
    const headers = new CIMultiDict(this.#headers);
    if (options.headers !== undefined)
      for (const [k, v] of new CIMultiDict(options.headers)) headers.set(k, v);
    checkHeaders(headers);
    const limits =
      options.timeout === undefined
        ? this.#timeout
        : options.timeout instanceof ClientTimeout
          ? options.timeout
          : new ClientTimeout({ total: options.timeout });
    let body: PreparedBody = prepareBody(options.data, options.json, this.#jsonSerialize);
    const allowRedirects = options.allowRedirects ?? true;
    const maxRedirects = options.maxRedirects ?? 10;
    let auth = options.auth ?? null;
    // The session's credentials go to the first request's origin only: a redirect elsewhere drops
    // them for the rest of the chain (they must not come back on the next hop).
    let sessionAuth = this.#auth;
    const history: ClientResponse[] = [];
    const skipped = new Set<string>(this.#skipAutoHeaders);
    for (const name of skipNames(options.skipAutoHeaders, "skipAutoHeaders")) skipped.add(name);

    // The total timeout spans connecting, redirects and reading the body.
    const watch = new RequestWatch(loop, limits.total, options.signal);

    try {
      for (;;) {
        // Credentials: from the URL, the request or the session; never two at once.
        const fromUrl = BasicAuth.fromUrl(url);
        if (fromUrl !== null) {
          if (auth !== null)
            throw new RangeError("Cannot combine AUTH argument with credentials encoded in URL");
          auth = fromUrl;
          url = new URL(url); // a copy: the parsed URL may be shared (see #buildUrl)
          url.username = "";
          url.password = "";
        }
        auth ??= sessionAuth;
        if (auth !== null && headers.has("Authorization")) {
          throw new RangeError(
            "Cannot combine AUTHORIZATION header with AUTH argument or credentials encoded in URL",
          );
        }
        const sent = new CIMultiDict(headers);
        if (auth !== null) sent.set("Authorization", auth.encode());
        // The automatic headers, but those the session or the request skips (aiohttp's
        // skip_auto_headers: neither added nor sent).
        const auto = (name: string, value: string): void => {
          if (!skipped.has(name.toLowerCase())) sent.setDefault(name, value);
        };
        auto("Accept", "*/*");
        auto("Accept-Encoding", this.#decompress ? "gzip, deflate, br" : "identity");
        auto("User-Agent", USER_AGENT);
        if (body.contentType !== null) auto("Content-Type", body.contentType);
        for (const [k, v] of body.headers ?? []) auto(k, v);
        if (options.expect100 === true) sent.set("Expect", "100-continue");
        const wire = wireBody(body, sent, options.compress, options.chunked);
        const jar = this.#cookieJar;
        if (options.cookies !== undefined || !(jar instanceof CookieJar) || !jar.empty) {
          const cookies = jar.filterCookies(url);
          if (options.cookies !== undefined) {
            const once = new CookieJar({ unsafe: true });
            once.updateCookies(options.cookies);
            for (const [k, m] of once.filterCookies(url)) cookies.set(k, m);
          }
          if (cookies.size > 0) sent.set("Cookie", cookies.headerValue());
        }

        const requestInfo: RequestInfo = {
          url: withoutFragment(url),
          method,
          headers: sent,
          realUrl: url.href,
        };
        const { response, exchange: ex } = yield* this.#send(
          method,
          url,
          sent,
          wire,
          limits,
          requestInfo,
          watch,
          options.readBufsize ?? this.#readBufsize,
          options.ssl,
        );
        watch.current = ex;
        if (response.headers.has("Set-Cookie")) this.#cookieJar.updateCookies(response.cookies, url);

        if (REDIRECTS.has(response.status) && allowRedirects) {
          history.push(response);
          if (maxRedirects > 0 && history.length >= maxRedirects) {
            response.release();
            // As aiohttp: the first request's info, and no status of its own.
            throw new TooManyRedirects((history[0] as ClientResponse).requestInfo, [...history]);
          }
          const location = response.headers.get("Location") ?? response.headers.get("URI");
          if (location === undefined) break;
          response.release();
          if (
            (response.status === 303 && method !== "HEAD") ||
            ((response.status === 301 || response.status === 302) && method === "POST")
          ) {
            method = "GET";
            body = { body: null, contentType: null, replayable: true };
            headers.delete("Content-Length");
            headers.delete("Content-Type");
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch (err) {
            throw new InvalidURL(location, { cause: err });
          }
          if (next.protocol !== "http:" && next.protocol !== "https:") {
            throw new RangeError("Can redirect only to http or https");
          }
          if (!body.replayable && body.body !== null) {
            throw new RangeError("Cannot follow a redirect with a streamed body: it was sent already");
          }
          if (next.origin !== url.origin) {
            auth = null;
            sessionAuth = null;
            headers.delete("Authorization");
          }
          url = next;
          continue;
        }
        response.history = history;
        if (options.raiseForStatus ?? this.#raiseForStatus) response.raiseForStatus();
        // The total timeout keeps watching the body; it ends with the response.
        response.content.whenDone(watch);
        return response;
      }
      const last = history.pop() as ClientResponse;
      last.history = history;
      watch.done();
      return last;
    } catch (err) {
      watch.done();
      if (watch.expired && !(err instanceof TimeoutError)) throw new TimeoutError();
      throw err;
    }
  }

  /** One exchange (retried once when a kept-alive socket turned out closed), with its connection slot. */
  *#send(
    method: string,
    url: URL,
    headers: CIMultiDict,
    body: PreparedBody,
    limits: ClientTimeout,
    requestInfo: RequestInfo,
    watch: RequestWatch,
    readBufsize: number,
    ssl: SslOption | undefined,
  ): Coro<{ response: ClientResponse; exchange: Exchange }> {
    const loop = getRunningLoop();
    const origin = url.origin;
    for (let attempt = 0; ; attempt++) {
      // connect: waiting for a slot, then connecting (sockConnect below), as aiohttp's `connect`.
      // (a resolver of the connector's is asked first, under the same timeout)
      if (this.#connector.resolver !== null)
        yield* this.#withTimeout(this.#connector._resolve(url), limits.connect, url);
      const release = yield* this.#withTimeout(this.#connector.acquire(origin), limits.connect, url);
      const stream = new StreamReader(readBufsize);
      const flat: string[] = [];
      for (const [k, v] of headers) flat.push(k, v);
      const ex = exchange({
        // undici sends no `Expect` header (HTTP/1.1): such a request goes on node:http
        dispatcher: headers.has("Expect")
          ? this.#connector.expectDispatcher(ssl)
          : this.#connector.dispatcher(this.#trustEnv, ssl),
        origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers: flat,
        body: body.body,
        loop,
        sockConnect: minTimeout(limits.sockConnect, limits.connect),
        sockRead: limits.sockRead,
        stream,
        decompress: this.#decompress,
        reset: this.#connector.forceClose,
        url: url.href,
      });
      watch.started(ex);
      const held = new HeldConnection(ex, release);
      let head: ResponseHead;
      try {
        head = yield* ex.head;
      } catch (err) {
        held.free();
        ex.abort(err instanceof Error ? err : new CancelledError());
        const retry =
          err instanceof BeforeResponseError &&
          attempt === 0 &&
          IDEMPOTENT.has(method) &&
          body.replayable &&
          isStaleSocket(err);
        if (retry) continue;
        const failed = connectionError(err, url);
        if (failed !== err) raisedHere(failed); // aiohttp's error, with the chain that asked
        throw failed;
      }
      const response = new ClientResponse({
        method,
        url,
        status: head.status,
        reason: head.reason,
        headers: head.headers,
        rawHeaders: head.rawHeaders,
        content: stream,
        requestInfo,
        connection: held,
      });
      // The slot is free as soon as the body has come in full (the connection goes back to the pool).
      stream.whenDone(held);
      return { response, exchange: ex };
    }
  }

  /** Runs `acquire` under the `connect` timeout: ServerTimeoutError("Connection timeout to host …"). */
  *#withTimeout<T>(acquire: Coro<T>, seconds: number | null, url: URL): Coro<T> {
    if (seconds === null) return yield* acquire;
    try {
      return yield* waitFor(acquire, seconds);
    } catch (err) {
      if (err instanceof TimeoutError) {
        const timedOut = new ServerTimeoutError(`Connection timeout to host ${url.href}`);
        raisedHere(timedOut);
        throw timedOut;
      }
      throw err;
    }
  }

  /**
   * The URL to request: `given` resolved against the base URL, with `params` added. Without params
   * a string's parsed URL is kept for the next request to it (parsing is a good part of a small
   * request's cost); the URL objects this returns are never changed in place.
   */
  #buildUrl(given: string | URL, params: MultiDictInit | string | undefined): URL {
    const key = params === undefined && typeof given === "string" ? given : null;
    if (key !== null) {
      const known = this.#parsed.get(key);
      if (known !== undefined) return known;
    }
    let url: URL;
    try {
      url = this.#baseUrl !== null ? new URL(String(given), this.#baseUrl) : new URL(String(given));
    } catch (err) {
      throw new InvalidURL(given, { cause: err });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new InvalidURL(given, {
        description: `URL scheme ${repr(url.protocol.slice(0, -1))} is not supported`,
      });
    if (url.hostname === "") throw new InvalidURL(given);
    if (params !== undefined) {
      for (const [k, v] of queryPairs(params)) url.searchParams.append(k, v);
    }
    if (key !== null) {
      if (this.#parsed.size >= PARSED_URLS) this.#parsed.clear();
      this.#parsed.set(key, url);
    }
    return url;
  }

  /** Closes the session and its connections (if it owns the connector). Python: `await session.close()`. */
  *close(): Coro<void> {
    if (this.#closed) return;
    this.#closed = true;
    unclosedSessions.unregister(this.#unclosed);
    if (this.#ownsConnector) yield* this.#connector.close();
  }

  /** `async with ClientSession() as session:` */
  *aenter(): Coro<ClientSession> {
    if (this.#closed) throw new Error("Session is closed");
    return this;
  }

  *aexit(): Coro<boolean> {
    yield* this.close();
    return false;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await toPromise(this.close());
  }

  toString(): string {
    return `<ClientSession${this.#closed ? " (closed)" : ""} connector=${this.#connector}>`;
  }
}

/** Options of {@link request}: a request's, and the connector of the session made for it. */
export interface SessionRequestOptions extends RequestOptions {
  /** The connections (by default a new TCPConnector that keeps none alive, closed with the session). */
  connector?: TCPConnector | undefined;
}

/**
 * A request in a session of its own: entered, the response; at the end of the block the response
 * is released and the session closed (and at once if the request fails). Python: aiohttp's
 * `_SessionRequestContextManager`.
 */
export class SessionRequestContextManager implements AsyncContextManager<ClientResponse> {
  /** The session made for the request. Python: `cm._session`. */
  readonly session: ClientSession;
  readonly #request: RequestContextManager;
  #response: ClientResponse | null = null;

  /** @internal */
  constructor(session: ClientSession, request: RequestContextManager) {
    this.session = session;
    this.#request = request;
  }

  *aenter(): Coro<ClientResponse> {
    try {
      this.#response = yield* this.#request;
    } catch (err) {
      yield* this.session.close();
      throw err;
    }
    return this.#response;
  }

  *aexit(): Coro<boolean> {
    this.#response?.release();
    this.#response = null;
    yield* this.session.close();
    return false;
  }
}

/**
 * One request in a session made for it (closed with the response), without a session of your own.
 * Python: `aiohttp.request(method, url, **kwargs)`.
 * @example const text = yield* using(request("GET", url), (resp) => resp.text());
 */
export function request(
  method: string,
  url: string | URL,
  options: SessionRequestOptions = {},
): SessionRequestContextManager {
  if (typeof options !== "object" || options === null)
    throw new TypeError(`request options must be an object, got ${repr(options)}`);
  const { connector, ...requestOptions } = options;
  if (connector !== undefined && !(connector instanceof TCPConnector))
    throw new TypeError(`connector must be a TCPConnector, got ${repr(connector)}`);
  checkOptions(requestOptions); // before the session is made: a bad option leaves none unclosed
  const session = new ClientSession({
    connector: connector ?? new TCPConnector({ forceClose: true }),
    connectorOwner: connector === undefined,
  });
  return new SessionRequestContextManager(session, session.request(method, url, requestOptions));
}

function minTimeout(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function withoutFragment(url: URL): string {
  const href = url.href;
  const at = href.indexOf("#"); // only the fragment's mark is left unescaped in a serialised URL
  return at === -1 ? href : href.slice(0, at);
}

function parseBase(base: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(base));
  } catch (err) {
    throw new InvalidURL(base, { cause: err });
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new RangeError(`Only absolute URLs without path part are supported, got ${repr(String(base))}`);
  }
  return url;
}

/**
 * The body as it goes on the wire for this attempt: compressed and/or chunked as asked, with the
 * headers that say so (aiohttp's `update_content_encoding` and `update_transfer_encoding`, with
 * their ValueErrors as RangeErrors). A body to compress or chunk is sent as a stream, which
 * undici frames in chunks.
 */
function wireBody(
  body: PreparedBody,
  headers: CIMultiDict,
  compress: "deflate" | "gzip" | boolean | undefined,
  chunked: boolean | number | undefined,
): PreparedBody {
  if (
    compress !== undefined &&
    compress !== false &&
    compress !== true &&
    compress !== "deflate" &&
    compress !== "gzip"
  )
    throw new RangeError(`compress must be "deflate", "gzip" or a boolean, got ${repr(compress)}`);
  if (body.body === null) return body;
  let coding: "deflate" | "gzip" | null = null;
  // (a number is a deprecated chunk size: chunked unless 0)
  const askedChunked = chunked === true || (typeof chunked === "number" && chunked !== 0);
  let chunk = askedChunked;
  if (headers.has("Content-Encoding") && headers.get("Content-Encoding") !== "") {
    if (compress) throw new RangeError("compress can not be set if Content-Encoding header is set");
  } else if (compress) {
    coding = compress === true ? "deflate" : compress;
    headers.set("Content-Encoding", coding);
    chunk = true;
  }
  if ((headers.get("Transfer-Encoding") ?? "").toLowerCase().includes("chunked")) {
    if (askedChunked)
      throw new RangeError('chunked can not be set if "Transfer-Encoding: chunked" header is set');
  } else if (chunk && headers.has("Content-Length")) {
    throw new RangeError("chunked can not be set if Content-Length header is set");
  }
  if (!chunk) {
    // a stream of known size (a Blob, a file) goes with its Content-Length, as aiohttp sends it
    const length = body.length ?? null;
    if (
      length !== null &&
      typeof body.body !== "string" &&
      !Buffer.isBuffer(body.body) &&
      !headers.has("Content-Length") &&
      !headers.has("Transfer-Encoding")
    )
      headers.set("Content-Length", String(length));
    return body;
  }
  const source = body.body;
  const pieces = async function* (): AsyncGenerator<Uint8Array> {
    if (typeof source === "string") yield Buffer.from(source);
    else if (Buffer.isBuffer(source)) yield source;
    else yield* source;
  };
  if (coding === null) return { ...body, body: pieces() };
  const z = coding === "gzip" ? createGzip() : createDeflate();
  const compressed = async function* (): AsyncGenerator<Uint8Array> {
    const feeding = (async () => {
      try {
        for await (const piece of pieces()) if (!z.write(piece)) await once(z, "drain");
        z.end();
      } catch (err) {
        z.destroy(err as Error);
      }
    })();
    for await (const out of z) yield out as Buffer;
    await feeding;
  };
  return { ...body, body: compressed() };
}

/** The keys of ClientSessionOptions. */
const SESSION_OPTIONS: ReadonlySet<string> = new Set([
  "baseUrl",
  "headers",
  "timeout",
  "connector",
  "connectorOwner",
  "cookieJar",
  "cookies",
  "raiseForStatus",
  "auth",
  "jsonSerialize",
  "autoDecompress",
  "trustEnv",
  "readBufsize",
  "skipAutoHeaders",
]);

/** The keys of RequestOptions. */
const REQUEST_OPTIONS: ReadonlySet<string> = new Set([
  "params",
  "json",
  "data",
  "headers",
  "cookies",
  "timeout",
  "allowRedirects",
  "maxRedirects",
  "raiseForStatus",
  "auth",
  "signal",
  "skipAutoHeaders",
  "compress",
  "chunked",
  "readBufsize",
  "expect100",
  "ssl",
]);

/** The header names of a `skipAutoHeaders` option, lower-cased (a TypeError for anything else). */
function skipNames(names: Iterable<string> | undefined, what: string): string[] {
  if (names === undefined) return [];
  if (typeof names === "string" || typeof (names as Iterable<string>)?.[Symbol.iterator] !== "function")
    throw new TypeError(`${what} must be a list of header names, got ${repr(names)}`);
  const out: string[] = [];
  for (const name of names) {
    if (typeof name !== "string")
      throw new TypeError(`${what} must be a list of header names, got ${repr(name)} in it`);
    out.push(name.toLowerCase());
  }
  return out;
}

function checkOptions(options: RequestOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`request options must be an object, got ${repr(options)}`);
  }
  checkKeys(options, REQUEST_OPTIONS, "request");
  if (
    options.readBufsize !== undefined &&
    (!Number.isInteger(options.readBufsize) || (options.readBufsize as number) <= 0)
  )
    throw new RangeError(`readBufsize must be a positive integer, got ${repr(options.readBufsize)}`);
  if (
    options.timeout !== undefined &&
    options.timeout !== null &&
    !(options.timeout instanceof ClientTimeout) &&
    typeof options.timeout !== "number"
  ) {
    throw new TypeError(
      `timeout must be a ClientTimeout or a number of seconds, got ${repr(options.timeout)}`,
    );
  }
  if (
    options.maxRedirects !== undefined &&
    (!Number.isInteger(options.maxRedirects) || options.maxRedirects < 0)
  ) {
    throw new RangeError(`maxRedirects must be a non-negative integer, got ${repr(options.maxRedirects)}`);
  }
  if (options.ssl !== undefined) tlsOf(options.ssl, "ssl"); // a TypeError for anything else
  if (typeof options.chunked === "number")
    process.emitWarning("Chunk size is deprecated #1615", "DeprecationWarning");
  else if (options.chunked !== undefined && options.chunked !== null && typeof options.chunked !== "boolean")
    throw new TypeError(`chunked must be a boolean, got ${repr(options.chunked)}`);
  if (options.expect100 !== undefined && typeof options.expect100 !== "boolean")
    throw new TypeError(`expect100 must be a boolean, got ${repr(options.expect100)}`);
  if (options.auth !== undefined && !(options.auth instanceof BasicAuth)) {
    // aiohttp's words for a request's auth that is not a BasicAuth.
    throw new TypeError("BasicAuth() tuple is required instead");
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`signal must be an AbortSignal, got ${repr(options.signal)}`);
  }
}

for (const m of ["aenter", "aexit", "close"] as const) refuseAwait(ClientSession.prototype[m], m);
for (const m of ["aenter", "aexit"] as const) refuseAwait(RequestContextManager.prototype[m], m);
