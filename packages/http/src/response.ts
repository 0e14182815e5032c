/**
 * The response of a request. Python: `aiohttp.ClientResponse`.
 */
import { lookupCodec } from "@aio/fs/internal";
import { repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { SimpleCookie } from "./cookies.js";
import { ClientConnectionError, ClientResponseError, ContentTypeError, type RequestInfo } from "./errors.js";
import { CIMultiDict } from "./multidict.js";
import type { StreamReader } from "./streams.js";

/** Read-only headers. Python: `multidict.CIMultiDictProxy`. */
export class CIMultiDictProxy extends CIMultiDict {
  override add(): never {
    throw new TypeError("'CIMultiDictProxy' object does not support item assignment");
  }
  override set(): never {
    throw new TypeError("'CIMultiDictProxy' object does not support item assignment");
  }
  override delete(): never {
    throw new TypeError("'CIMultiDictProxy' object does not support item deletion");
  }
  /** @internal */
  static of(pairs: [string, string][]): CIMultiDictProxy {
    const proxy = new CIMultiDictProxy();
    (proxy as unknown as { items: [string, string][] }).items = pairs;
    return proxy;
  }
}

/** How a response lets go of its connection. */
export interface ResponseConnection {
  /** The body is finished with: give the connection back (abort it if the body is not all read). */
  release(): void;
  /** Drop the connection at once. */
  close(): void;
}

/** The parts of a response the session fills in. @internal */
export interface ResponseInit {
  method: string;
  url: URL;
  status: number;
  reason: string;
  headers: [string, string][];
  /** The headers as they came, as bytes (by default, `headers` in Latin-1). */
  rawHeaders?: [Buffer, Buffer][] | undefined;
  content: StreamReader;
  requestInfo: RequestInfo;
  connection: ResponseConnection;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+?\+)?json/;

/**
 * What came back. Use it as a context manager (`yield* using(session.get(u), function* (resp) {…})`)
 * or release it yourself (`resp.release()`) when its body is not read to the end.
 * Python: `aiohttp.ClientResponse`.
 */
export class ClientResponse {
  /** The request's method. */
  readonly method: string;
  /** The HTTP status (200). */
  readonly status: number;
  /** The reason phrase the server sent (`OK`, `Not Found`). */
  readonly reason: string;
  /** The headers, case-insensitive and multi-valued, in the order they came. */
  readonly headers: CIMultiDictProxy;
  /** The headers as they came: `[name, value]` pairs of bytes, names in the server's case. Python: `resp.raw_headers`. */
  readonly rawHeaders: readonly (readonly [Buffer, Buffer])[];
  /** The body, as a stream. Python: `resp.content`. */
  readonly content: StreamReader;
  #cookies: SimpleCookie | null = null;
  readonly requestInfo: RequestInfo;
  /** The redirect responses that led here, oldest first. */
  history: readonly ClientResponse[] = [];
  readonly #url: URL;
  readonly #connection: ResponseConnection;
  #body: Buffer | null = null;
  #released = false;

  /** @internal */
  constructor(init: ResponseInit) {
    this.method = init.method;
    this.#url = init.url;
    this.status = init.status;
    this.reason = init.reason;
    this.headers = CIMultiDictProxy.of(init.headers);
    this.rawHeaders =
      init.rawHeaders ??
      init.headers.map(([k, v]) => [Buffer.from(k, "latin1"), Buffer.from(v, "latin1")] as const);
    this.content = init.content;
    this.requestInfo = init.requestInfo;
    this.#connection = init.connection;
  }

  /** The cookies this response set (its `Set-Cookie` headers, read on first use). */
  get cookies(): SimpleCookie {
    if (this.#cookies === null) {
      this.#cookies = new SimpleCookie();
      for (const value of this.headers.getAll("Set-Cookie")) this.#cookies.load(value);
    }
    return this.#cookies;
  }

  /** The URL of the response (after redirects), without its fragment. */
  get url(): string {
    const href = this.#url.href;
    const at = href.indexOf("#"); // only the fragment's mark is left unescaped in a serialised URL
    return at === -1 ? href : href.slice(0, at);
  }

  /** The URL as requested, with its fragment. Python: `resp.real_url`. */
  get realUrl(): string {
    return this.#url.href;
  }

  /** Whether the status is below 400. */
  get ok(): boolean {
    return this.status < 400;
  }

  /** The content type without parameters (`text/html`); `application/octet-stream` when absent. */
  get contentType(): string {
    const raw = this.headers.get("Content-Type");
    if (raw === undefined) return "application/octet-stream";
    return (raw.split(";")[0] as string).trim().toLowerCase();
  }

  /** The charset the Content-Type names, or null. */
  get charset(): string | null {
    const raw = this.headers.get("Content-Type") ?? "";
    const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(raw);
    return m ? (m[1] as string).toLowerCase() : null;
  }

  /** The Content-Length, if the server sent one. */
  get contentLength(): number | null {
    const v = this.headers.get("Content-Length");
    return v === undefined ? null : Number(v);
  }

  /**
   * Whether the response is done with its connection: released or closed, or its body has come
   * in full (a bodiless answer — 204, 304, HEAD — at once), as aiohttp's `resp.closed`.
   */
  get closed(): boolean {
    return this.#released || this.content.isEof();
  }

  /**
   * The connection the response holds while its body is still coming (`release()` and `close()`
   * it), or null once it is {@link closed}: released, closed, or the body in full (the connection
   * then went back to the pool). Python: `resp.connection`.
   */
  get connection(): ResponseConnection | null {
    return this.closed ? null : this.#connection;
  }

  /**
   * The whole body (read once, then kept; its connection goes back to the pool). Once the response
   * is released or closed (`release()`, `close()`, the end of its `using` block), its body is no
   * longer there: `ClientConnectionError("Connection closed")`, even if it was read before, as
   * aiohttp. Python: `await resp.read()`.
   */
  *read(): Coro<Buffer> {
    if (this.#body === null) {
      if (this.#released) throw new ClientConnectionError("Connection closed");
      try {
        this.#body = yield* this.content.read();
      } catch (err) {
        this.close();
        throw err;
      }
      this.#connection.release();
    } else if (this.#released) {
      throw new ClientConnectionError("Connection closed");
    }
    return this.#body;
  }

  /**
   * The encoding of the body: the Content-Type's charset; else UTF-8 for JSON, else UTF-8 when the
   * bytes are UTF-8, else Latin-1; before the body is read (and without a charset), an Error, as
   * Python's RuntimeError. Python: `resp.get_encoding()` (aiohttp guesses with charset-normalizer).
   */
  getEncoding(body: Buffer | null = this.#body): string {
    const charset = this.charset;
    if (charset !== null) {
      try {
        lookupCodec(charset);
        return charset;
      } catch {
        // an unknown charset: guess, as aiohttp does
      }
    }
    if (JSON_TYPE.test(this.contentType)) return "utf-8";
    // Python's RuntimeError: nothing to guess from yet.
    if (body === null) throw new Error("Cannot guess the encoding of a not yet read body");
    if (body.length === 0) return "utf-8";
    return Buffer.from(body).toString("utf8").includes("\ufffd") ? "latin-1" : "utf-8";
  }

  /** The body as text, in `encoding` or the one the response declares. Python: `await resp.text(encoding=None, errors="strict")`. */
  *text(encoding?: string | null, errors: "strict" | "replace" | "ignore" = "strict"): Coro<string> {
    const body = yield* this.read();
    const codec = lookupCodec(encoding ?? this.getEncoding(body));
    return codec.newDecoder(errors).decode(body, true);
  }

  /**
   * The body parsed as JSON (null for an empty body). Unless `contentType` is null, the response's
   * Content-Type must match it, else `ContentTypeError`. Python: `await resp.json(content_type="application/json")`.
   */
  *json(
    options: { contentType?: string | null; encoding?: string; loads?: (text: string) => unknown } = {},
  ): Coro<unknown> {
    const body = yield* this.read();
    const expected = options.contentType === undefined ? "application/json" : options.contentType;
    if (expected !== null) {
      const ctype = (this.headers.get("Content-Type") ?? "").toLowerCase();
      const matches = expected === "application/json" ? JSON_TYPE.test(ctype) : ctype.includes(expected);
      if (!matches) {
        throw new ContentTypeError(this.requestInfo, this.history, {
          status: this.status,
          message: `Attempt to decode JSON with unexpected mimetype: ${ctype}`,
          headers: this.headers,
        });
      }
    }
    const text = lookupCodec(options.encoding ?? this.getEncoding(body))
      .newDecoder("strict")
      .decode(body, true);
    if (text.trim() === "") return null;
    return (options.loads ?? JSON.parse)(text);
  }

  /** Raises `ClientResponseError` for a status of 400 or more (releasing the response). */
  raiseForStatus(): void {
    if (this.ok) return;
    this.release();
    throw new ClientResponseError(this.requestInfo, this.history, {
      status: this.status,
      message: this.reason,
      headers: this.headers,
    });
  }

  /** Gives the connection back (a body not read to the end is dropped). Python: `resp.release()`. */
  release(): void {
    if (this.#released) return;
    this.#notifyContent();
    this.#released = true;
    this.#connection.release();
  }

  /** Drops the connection at once. Python: `resp.close()`. */
  close(): void {
    if (!this.#released) this.#notifyContent();
    this.#released = true;
    this.#connection.close();
  }

  /**
   * A read of `content` after the response is released or closed raises
   * `ClientConnectionError("Connection closed")` (unless it has an error already), as aiohttp's
   * `_notify_content`.
   */
  #notifyContent(): void {
    if (this.content.exception() === null)
      this.content.setException(new ClientConnectionError("Connection closed"));
  }

  /** `yield* using(resp, …)`: the response itself. */
  *aenter(): Coro<ClientResponse> {
    return this;
  }

  /** Releases the response. */
  *aexit(): Coro<boolean> {
    this.release();
    return false;
  }

  /** Python's repr: `<ClientResponse(http://…) [200 OK]>` and the headers. */
  toString(): string {
    return `<ClientResponse(${this.url}) [${this.status} ${this.reason}]>\n${this.headers}\n`;
  }

  [Symbol.for("aio.repr")](): string {
    return `<ClientResponse(${this.url}) [${this.status} ${repr(this.reason).slice(1, -1)}]>`;
  }
}

for (const name of ["read", "text", "json", "aenter", "aexit"] as const) {
  refuseAwait(ClientResponse.prototype[name] as () => Coro<unknown>, name);
}
