/**
 * The WebSocket client: aiohttp's `session.ws_connect()` and `ClientWebSocketResponse`.
 *
 * The handshake is aiohttp's own (node:http's `upgrade`, the session's headers, cookies and
 * credentials, aiohttp's checks and messages: a server that picks no subprotocol is accepted, as
 * aiohttp accepts it); the frames are the `ws` library's (its parser and writer, on the upgraded
 * socket, masking as a client must; no permessage-deflate). Messages are read with `receive()` (or `for await`) and sent
 * with `sendStr`/`sendBytes`/`sendJson`, which wait until the socket took them.
 */
import { createHash, randomBytes } from "node:crypto";
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { ConnectionResetError } from "@aio/fs";
import { type Future, TimeoutError } from "@aio/future";
import { type EventLoop, getRunningLoop, repr, typeName } from "@aio/loop";
import { type AsyncContextManager, type Coro, toPromise, waitFor } from "@aio/task";
import { END, type FastAsyncIterator, NEXT, NEXT_NOW, NOT_NOW, refuseAwait } from "@aio/task/internal";
import type { WebSocket } from "ws";
import { type SslOption, tlsOf } from "./connector.js";
import { type AbstractCookieJar, SimpleCookie } from "./cookies.js";
import { type RequestInfo, WSServerHandshakeError } from "./errors.js";
import type { Fingerprint } from "./fingerprint.js";
import { wsDeflate, ws as wsModule } from "./lazy.js";
import { CIMultiDict } from "./multidict.js";
import { BeforeResponseError, connectionError } from "./undici-errors.js";
import {
  deflateBits,
  endsIteration,
  sendFrame,
  WebSocketError,
  WSCloseCode,
  type WSMessage,
  WSMsgType,
  wsMessage,
} from "./ws-common.js";

/** RFC 6455's GUID, hashed with the key into Sec-WebSocket-Accept. */
const WS_KEY = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Options of `session.wsConnect()`. Python: `session.ws_connect(url, …)`. */
export interface WSConnectOptions {
  /** Subprotocols to offer (the server picks one, or none). */
  protocols?: readonly string[] | undefined;
  /** Seconds `close()` waits for the server's close frame (default 10). */
  timeout?: number | undefined;
  /** Seconds `receive()` waits by default (default: no limit). */
  receiveTimeout?: number | null | undefined;
  /** Answer the server's close frame at once (default true). */
  autoclose?: boolean | undefined;
  /** Answer pings with pongs and hide both (default true); false: they come out of `receive()`. */
  autoping?: boolean | undefined;
  /** Seconds between pings; no pong within half of it closes the connection (1006). */
  heartbeat?: number | null | undefined;
  /** Headers of the handshake, beside the session's. */
  headers?: ConstructorParameters<typeof CIMultiDict>[0] | undefined;
  /** Query parameters added to the URL. */
  params?: ConstructorParameters<typeof CIMultiDict>[0] | undefined;
  /** Basic authentication for the handshake (a `BasicAuth`). */
  auth?: unknown;
  /** The Origin header. */
  origin?: string | undefined;
  /** The largest message taken, in bytes (default 4 MiB; 0: no limit). */
  maxMsgSize?: number | undefined;
  /**
   * TLS: false skips verification, node:tls options, or a `Fingerprint` pinning the certificate
   * (default: the connector's).
   */
  ssl?: SslOption | undefined;
  /** Seconds the handshake may take (default: the session's total timeout). */
  handshakeTimeout?: number | null | undefined;
  /**
   * Offer permessage-deflate with these window bits (9–15; default 0: no compression). The
   * server's answer decides: `ws.compress` is what was agreed (0 if the server declined).
   */
  compress?: number | undefined;
}

const OPTION_KEYS = new Set([
  "protocols",
  "timeout",
  "receiveTimeout",
  "autoclose",
  "autoping",
  "heartbeat",
  "headers",
  "params",
  "auth",
  "origin",
  "maxMsgSize",
  "ssl",
  "handshakeTimeout",
  "compress",
]);

/** aiohttp's ws_connect() keywords this client does not take, and why (a clear error, not a silent drop). */
const REFUSED: Record<string, string> = {
  method: "a WebSocket handshake is a GET",
  proxy: "proxies are not supported for WebSockets",
  proxyAuth: "proxies are not supported for WebSockets",
  proxyHeaders: "proxies are not supported for WebSockets",
};

function positive(name: string, value: unknown, nullable: boolean): void {
  if (value === undefined || (nullable && value === null)) return;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value))
    throw new RangeError(
      `${name} must be a positive number of seconds${nullable ? " or null" : ""}, got ${repr(value)}`,
    );
}

/** Checks `wsConnect()`'s options: an unknown key is a TypeError naming it. @internal */
export function checkWsOptions(options: WSConnectOptions): void {
  if (typeof options !== "object" || options === null)
    throw new TypeError(`wsConnect options must be an object, got ${repr(options)}`);
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    // aiohttp's defaults are accepted: only what cannot be honoured is refused.
    const isDefault =
      value === undefined || (key === "method" && typeof value === "string" && value.toUpperCase() === "GET");
    if (key === "compress" && value !== undefined && (typeof value !== "number" || !Number.isInteger(value)))
      throw new TypeError(`compress must be an integer (window bits, or 0), got ${repr(value)}`);
    // aiohttp checks the window bits first (`ws_ext_gen`): out of range is a ValueError.
    if (key === "compress" && typeof value === "number" && value !== 0 && !(value >= 9 && value <= 15))
      throw new RangeError("Compress wbits must between 9 and 15, zlib does not support wbits=8");
    if (key in REFUSED && !isDefault)
      throw new TypeError(`wsConnect() does not take ${repr(key)}: ${REFUSED[key]}`);
    if (key in REFUSED) continue;
    if (!OPTION_KEYS.has(key))
      throw new TypeError(`wsConnect() got an unexpected keyword argument ${repr(key)}`);
  }
  const p = options.protocols;
  if (p !== undefined && (!Array.isArray(p) || p.some((x) => typeof x !== "string" || x === "")))
    throw new TypeError(`protocols must be an array of non-empty strings, got ${repr(p)}`);
  positive("timeout", options.timeout, false);
  positive("receiveTimeout", options.receiveTimeout, true);
  positive("heartbeat", options.heartbeat, true);
  positive("handshakeTimeout", options.handshakeTimeout, true);
  for (const name of ["autoclose", "autoping"] as const) {
    const v = options[name];
    if (v !== undefined && typeof v !== "boolean")
      throw new TypeError(`${name} must be a boolean, got ${repr(v)}`);
  }
  const m = options.maxMsgSize;
  if (m !== undefined && !(Number.isInteger(m) && m >= 0))
    throw new RangeError(`maxMsgSize must be a non-negative integer, got ${repr(m)}`);
  if (options.origin !== undefined && typeof options.origin !== "string")
    throw new TypeError(`origin must be a string, got ${repr(options.origin)}`);
  const ssl = options.ssl;
  if (ssl !== undefined && typeof ssl !== "boolean" && (typeof ssl !== "object" || ssl === null))
    throw new TypeError(`ssl must be a boolean or node:tls options, got ${repr(ssl)}`);
}

/** What the session hands the handshake. @internal */
export interface HandshakeParams {
  /** The URL, with an http: or https: scheme. */
  url: URL;
  /** The session's and the call's headers, cookies and credentials, ready to send. */
  headers: CIMultiDict;
  cookieJar: AbstractCookieJar;
  /** The connector's TLS options. */
  tls: ConnectionOptions;
  /** The connector's pinned certificate fingerprint, if one. */
  pin: Fingerprint | null;
  /** Seconds the handshake may take, or null. */
  handshakeTimeout: number | null;
  options: WSConnectOptions;
}

/** The parts of `ws`'s WebSocket that taking over an upgraded socket needs (not in its typings). */
interface WsInternals {
  _isServer: boolean;
  _bufferedAmount: number;
  _protocol: string;
  _extensions: Record<string, unknown>;
  _receiver: {
    _totalPayloadLength?: number;
    on(event: "conclude", listener: (code: number, reason: Buffer) => void): void;
  } | null;
  setSocket(
    socket: Socket,
    head: Buffer,
    options: { maxPayload: number; skipUTF8Validation: boolean; allowSynchronousEvents: boolean },
  ): void;
}

/**
 * `ws`'s WebSocket as aiohttp's client closes: the server's close frame is answered by `close()`
 * (with autoclose, once `receive()` has read it), where `ws` answers it at once, echoing its code.
 * Until then the connection stays open: a pong, a message can still be sent, as aiohttp sends them.
 */
interface ClientSocket extends WebSocket {
  /** Sends our close frame (the answer to the server's, if it sent one). */
  closeNow(code: number, data: string | Buffer): void;
}
let ClientSocketClass: (new (...args: ConstructorParameters<typeof WebSocket>) => ClientSocket) | null = null;
function clientSocket(): new (...args: ConstructorParameters<typeof WebSocket>) => ClientSocket {
  ClientSocketClass ??= class ClientSocket extends wsModule().WebSocket {
    #answering = false;
    override close(code?: number, data?: string | Buffer): void {
      const state = this as unknown as { _closeFrameReceived: boolean; _closeFrameSent: boolean };
      if (state._closeFrameReceived && !state._closeFrameSent && !this.#answering) return;
      super.close(code, data);
    }
    /** Sends our close frame (the answer to the server's, if it sent one). */
    closeNow(code: number, data: string | Buffer): void {
      this.#answering = true;
      this.close(code, data);
    }
  };
  return ClientSocketClass;
}

/** `ws`'s readyState of an open socket (WebSocket.OPEN). */
const OPEN = 1;

/** Sends the handshake and checks the answer as aiohttp does; the WebSocket on the upgraded socket. @internal */
export function* connectWebSocket(p: HandshakeParams): Coro<ClientWebSocketResponse> {
  const { url, headers, options } = p;
  const loop = getRunningLoop();
  const key = randomBytes(16).toString("base64");
  headers.setDefault("Upgrade", "websocket");
  headers.setDefault("Connection", "upgrade");
  headers.setDefault("Sec-WebSocket-Version", "13");
  headers.set("Sec-WebSocket-Key", key);
  const protocols = options.protocols ?? [];
  if (protocols.length > 0) headers.set("Sec-WebSocket-Protocol", protocols.join(","));
  if (options.origin !== undefined) headers.set("Origin", options.origin);
  const wbits = options.compress ?? 0;
  // aiohttp's ws_ext_gen: the client's window is the server's to choose; a smaller one for the server's
  if (wbits !== 0)
    headers.set(
      "Sec-WebSocket-Extensions",
      `permessage-deflate; client_max_window_bits${wbits < 15 ? `; server_max_window_bits=${wbits}` : ""}`,
    );
  const requestInfo: RequestInfo = { url: url.href, method: "GET", headers, realUrl: url.href };
  const flat: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const had = flat[k];
    flat[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  const https = url.protocol === "https:";
  const { tls, pin } = options.ssl === undefined ? p : tlsOf(options.ssl, "ssl");
  type Answer = { res: IncomingMessage; socket: Socket | null; head: Buffer };
  const done = loop.createFuture<Answer>() as Future<Answer>;
  const release = loop.trackOutsideOperation("websocket", url.href);
  const req: ClientRequest = (https ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (https ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: "GET",
    headers: flat,
    agent: false,
    ...(https ? tls : {}),
  });
  if (https && pin !== null) {
    // aiohttp's pinning: the certificate's digest checked once the handshake is done.
    req.once("socket", (socket) => {
      socket.once("secureConnect", () => {
        try {
          pin.check(socket);
        } catch (mismatch) {
          socket.destroy(mismatch as Error);
        }
      });
    });
  }
  req.on("upgrade", (res, socket, head) => {
    if (!done.done()) done.setResult({ res, socket: socket as Socket, head });
    else socket.destroy();
  });
  req.on("response", (res) => {
    res.resume();
    if (!done.done()) done.setResult({ res, socket: null, head: Buffer.alloc(0) });
  });
  req.on("error", (err) => {
    if (!done.done())
      done.setException(connectionError(new BeforeResponseError(err.message, { cause: err }), url));
  });
  req.end();
  let answer: { res: IncomingMessage; socket: Socket | null; head: Buffer };
  try {
    answer = p.handshakeTimeout === null ? yield* done : yield* waitFor(done, p.handshakeTimeout);
  } catch (err) {
    req.destroy();
    release();
    throw err;
  }
  const { res, socket, head } = answer;
  const resHeaders = new CIMultiDict();
  for (let i = 0; i < res.rawHeaders.length; i += 2)
    resHeaders.add(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
  const setCookies = resHeaders.getAll("Set-Cookie");
  if (setCookies.length > 0) {
    const jar = new SimpleCookie();
    for (const v of setCookies) jar.load(v);
    p.cookieJar.updateCookies(jar, url);
  }
  const fail = (message: string): WSServerHandshakeError => {
    socket?.destroy();
    req.destroy();
    release();
    return new WSServerHandshakeError(requestInfo, [], {
      status: res.statusCode ?? 0,
      message,
      headers: resHeaders,
    });
  };
  if (res.statusCode !== 101) throw fail("Invalid response status");
  if ((resHeaders.get("Upgrade") ?? "").toLowerCase() !== "websocket") throw fail("Invalid upgrade header");
  // (node:http takes a 101 for an upgrade only with `Connection: upgrade`: without, no socket.)
  if ((resHeaders.get("Connection") ?? "").toLowerCase() !== "upgrade" || socket === null)
    throw fail("Invalid connection header");
  const match = createHash("sha1")
    .update(key + WS_KEY)
    .digest("base64");
  if ((resHeaders.get("Sec-WebSocket-Accept") ?? "") !== match) throw fail("Invalid challenge response");
  // aiohttp: the first protocol the server names that was offered; none is no error.
  let protocol: string | null = null;
  const named = resHeaders.get("Sec-WebSocket-Protocol");
  if (protocols.length > 0 && named !== undefined) {
    protocol =
      named
        .split(",")
        .map((x) => x.trim())
        .find((x) => protocols.includes(x)) ?? null;
  }
  const maxMsgSize = options.maxMsgSize ?? 4 * 1024 * 1024;
  // permessage-deflate as the server agreed to it (aiohttp's ws_ext_parse: its server window bits,
  // 15 unless it names fewer); an answer naming an extension that was not offered is refused.
  let deflate: {
    accept(offers: unknown[]): Record<string, unknown>;
    params: Record<string, unknown> | null;
  } | null = null;
  let compress = 0;
  const extensions = resHeaders.get("Sec-WebSocket-Extensions");
  if (extensions !== undefined && extensions.trim() !== "") {
    let offers: unknown[] | undefined;
    try {
      const parsed = wsDeflate().parse(extensions);
      offers = parsed["permessage-deflate"];
      if (wbits === 0 || offers === undefined || Object.keys(parsed).length !== 1)
        throw new Error("not offered");
      deflate = new (wsDeflate().PerMessageDeflate)({}, false, maxMsgSize === 0 ? 0 : maxMsgSize);
      compress = deflateBits(deflate.accept(offers));
    } catch {
      throw fail("Extension for deflate not supported");
    }
  }
  // `ws` makes a WebSocket on a socket it did not connect itself only for its server; this is that
  // path, turned client (masked frames). Its constructor takes the options its server passes: the
  // automatic pong, and the close timeout (the time the server's close frame may take before the
  // socket is dropped; ws's default, 30 s — our close() gives up after `timeout` itself).
  // `ws` is held to 8.18.x in package.json (`~8.18.3`): these are its internals.
  const ws = new (clientSocket())(null as unknown as string, undefined, {
    autoPong: options.autoping ?? true,
    closeTimeout: 30_000,
  } as never);
  const inner = ws as unknown as WsInternals;
  inner._isServer = false; // a client: its frames are masked, the server's must not be
  inner._bufferedAmount = 0;
  inner._protocol = protocol ?? "";
  if (deflate !== null) inner._extensions = { "permessage-deflate": deflate };
  inner.setSocket(socket, head, {
    maxPayload: maxMsgSize === 0 ? 0 : maxMsgSize,
    skipUTF8Validation: false,
    allowSynchronousEvents: true,
  });
  return new ClientWebSocketResponse(ws, socket, loop, release, {
    protocol,
    timeout: options.timeout ?? 10,
    receiveTimeout: options.receiveTimeout ?? null,
    autoclose: options.autoclose ?? true,
    autoping: options.autoping ?? true,
    heartbeat: options.heartbeat ?? null,
    maxMsgSize,
    compress,
  });
}

interface ClientWsSettings {
  protocol: string | null;
  timeout: number;
  receiveTimeout: number | null;
  autoclose: boolean;
  autoping: boolean;
  heartbeat: number | null;
  maxMsgSize: number;
  /** The deflate window bits agreed on, 0 for none. */
  compress: number;
}

const CLOSED_MESSAGE: WSMessage = wsMessage(WSMsgType.CLOSED, null, null);
const CLOSING_MESSAGE: WSMessage = wsMessage(WSMsgType.CLOSING, null, null);
/** What the reader gives once the connection ended without a close frame. */
const EOF: unique symbol = Symbol("eof");
type ReaderItem = WSMessage | { error: unknown } | typeof EOF;

/**
 * A WebSocket connection to a server. Python: `aiohttp.ClientWebSocketResponse`.
 * @example
 * yield* using(session.wsConnect("ws://127.0.0.1:8080/ws"), function* (ws) {
 *   yield* ws.sendStr("hello");
 *   const reply = yield* ws.receiveStr();
 * });
 */
export class ClientWebSocketResponse implements FastAsyncIterator<WSMessage>, AsyncIterable<WSMessage> {
  readonly #ws: ClientSocket;
  readonly #socket: Socket;
  readonly #loop: EventLoop;
  #release: (() => void) | null;
  readonly #settings: ClientWsSettings;
  readonly #queue: ReaderItem[] = [];
  #arrived: Future<void> | null = null;
  /** Set while a receive() is reading (Python: `_waiting`). */
  #waiting: Future<void> | null = null;
  #closed = false;
  #closing = false;
  #closeCode: number | null = null;
  #exception: unknown = null;
  #heartbeatTimer: ReturnType<EventLoop["callLater"]> | null = null;
  #pongTimer: ReturnType<EventLoop["callLater"]> | null = null;

  /** @internal made by `session.wsConnect()` */
  constructor(
    ws: ClientSocket,
    socket: Socket,
    loop: EventLoop,
    release: () => void,
    settings: ClientWsSettings,
  ) {
    this.#ws = ws;
    this.#socket = socket;
    this.#loop = loop;
    this.#release = release;
    this.#settings = settings;
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      const max = settings.maxMsgSize;
      if (max !== 0 && bytes.length >= max) {
        // aiohttp refuses a message of exactly the limit too (`len >= max_msg_size`).
        this.#push({
          error: new WebSocketError(
            WSCloseCode.MESSAGE_TOO_BIG,
            `Message size ${bytes.length} exceeds limit ${max}`,
          ),
        });
        return;
      }
      this.#push(
        isBinary
          ? wsMessage(WSMsgType.BINARY, bytes, "")
          : wsMessage(WSMsgType.TEXT, bytes.toString("utf8"), ""),
      );
    });
    ws.on("ping", (data: Buffer) => {
      this.#resetHeartbeat();
      if (!settings.autoping) this.#push(wsMessage(WSMsgType.PING, data, ""));
    });
    ws.on("pong", (data: Buffer) => {
      this.#resetHeartbeat();
      if (!settings.autoping) this.#push(wsMessage(WSMsgType.PONG, data, ""));
    });
    ws.on("error", (err: Error & { code?: string }) => {
      const code = (err as unknown as Record<symbol, unknown>)[statusCodeSymbol(err)] as number | undefined;
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        const r = (ws as unknown as WsInternals)._receiver;
        const size = r?._totalPayloadLength ?? 0; // the message's length so far, this frame's too
        this.#push({
          error: new WebSocketError(
            WSCloseCode.MESSAGE_TOO_BIG,
            `Message size ${size} exceeds limit ${settings.maxMsgSize}`,
          ),
        });
      } else if (typeof code === "number") {
        this.#push({ error: new WebSocketError(code, aiohttpMessage(err)) });
      } else {
        this.#push({ error: err });
      }
    });
    // The server's close frame is a CLOSE message as soon as it is parsed (ClientSocket leaves it
    // unanswered until close()); the connection's end without one is EOF.
    (ws as unknown as WsInternals)._receiver?.on("conclude", (code: number, reason: Buffer) => {
      this.#push(wsMessage(WSMsgType.CLOSE, code, reason.toString("utf8")));
    });
    ws.on("close", () => {
      this.#stopHeartbeat();
      this.#done();
      const framed = (ws as unknown as { _closeFrameReceived: boolean })._closeFrameReceived;
      if (!framed) this.#push(EOF);
    });
    this.#resetHeartbeat();
  }

  /** Whether the connection is closed. Python: `ws.closed`. */
  get closed(): boolean {
    return this.#closed;
  }
  /** The close code, once closed. Python: `ws.close_code`. */
  get closeCode(): number | null {
    return this.#closeCode;
  }
  /** The subprotocol the server chose, or null. Python: `ws.protocol`. */
  get protocol(): string | null {
    return this.#settings.protocol;
  }
  /**
   * The permessage-deflate window bits agreed on with the server (0: no compression; see the
   * `compress` option). Python: `ws.compress`.
   */
  get compress(): number {
    return this.#settings.compress;
  }
  /** What broke the connection, if anything. Python: `ws.exception()`. */
  exception(): unknown {
    return this.#exception;
  }

  /**
   * What the transport knows: `peername`, `sockname` (address tuples), `socket`; `fallback` once
   * the connection is closed. Python: `ws.get_extra_info(name, default=None)`.
   */
  getExtraInfo(name: string, fallback: unknown = null): unknown {
    const s = this.#socket;
    // aiohttp: the default once the connection is released (closed) or its transport gone.
    if (this.#release === null || s.destroyed) return fallback;
    if (name === "socket") return s;
    if (name === "peername" && s.remoteAddress !== undefined) return [s.remoteAddress, s.remotePort];
    if (name === "sockname" && s.localAddress !== undefined) return [s.localAddress, s.localPort];
    return fallback;
  }

  #push(item: ReaderItem): void {
    this.#queue.push(item);
    const w = this.#arrived;
    this.#arrived = null;
    if (w !== null && !w.done()) w.setResult(undefined);
  }

  /** The next item the reader has (waiting for one). */
  *#read(timeout: number | null): Coro<ReaderItem> {
    for (;;) {
      const item = this.#queue.shift();
      if (item !== undefined) return item;
      const arrived = this.#loop.createFuture<void>() as Future<void>;
      this.#arrived = arrived;
      try {
        if (timeout === null) yield* arrived;
        else yield* waitFor(arrived, timeout);
      } finally {
        if (this.#arrived === arrived) this.#arrived = null;
      }
    }
  }

  #resetHeartbeat(): void {
    this.#stopHeartbeat();
    const hb = this.#settings.heartbeat;
    if (hb === null || this.#loop.isClosed()) return;
    this.#heartbeatTimer = this.#loop.callLater(hb, () => this.#sendHeartbeat());
  }

  #stopHeartbeat(): void {
    this.#pongTimer?.cancel();
    this.#pongTimer = null;
    this.#heartbeatTimer?.cancel();
    this.#heartbeatTimer = null;
  }

  #sendHeartbeat(): void {
    const hb = this.#settings.heartbeat;
    if (hb === null || this.#closed) return;
    this.#ws.ping();
    this.#pongTimer?.cancel();
    this.#pongTimer = this.#loop.callLater(hb / 2, () => {
      // No pong in time (Python: `_pong_not_received`).
      if (this.#closed) return;
      this.#closed = true;
      this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
      this.#exception = new TimeoutError();
      this.#abort();
    });
  }

  /** Drops the connection (Python: `self._response.close()`). */
  #abort(): void {
    this.#stopHeartbeat();
    this.#ws.terminate();
    this.#done();
  }

  #done(): void {
    this.#release?.();
    this.#release = null;
  }

  /**
   * The next message: TEXT, BINARY, PING/PONG (without autoping), CLOSE (the server's close frame:
   * `data` is its code, `extra` its reason), ERROR (a protocol error), then CLOSED. A TimeoutError
   * after `timeout` seconds (default `receiveTimeout`). Python: `await ws.receive(timeout)`.
   */
  *receive(timeout: number | null = null): Coro<WSMessage> {
    for (;;) {
      if (this.#waiting !== null) throw new Error("Concurrent call to receive() is not allowed");
      if (this.#closed) return CLOSED_MESSAGE;
      if (this.#closing) {
        yield* this.close();
        return CLOSED_MESSAGE;
      }
      const waiting = this.#loop.createFuture<void>() as Future<void>;
      this.#waiting = waiting;
      let item: ReaderItem;
      try {
        item = yield* this.#read(timeout ?? this.#settings.receiveTimeout);
        this.#resetHeartbeat();
      } catch (err) {
        // Cancelled or timed out: aiohttp's close code for a connection left mid-read.
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        throw err;
      } finally {
        this.#waiting = null;
        if (!waiting.done()) waiting.setResult(undefined);
      }
      if (item === EOF) {
        // The connection ended without a close frame: aiohttp's close() then fails to write it.
        this.#closed = true;
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        this.#exception ??= new ConnectionResetError("Cannot write to closing transport");
        this.#abort();
        return CLOSED_MESSAGE;
      }
      if ("error" in item) {
        const exc = item.error;
        if (exc instanceof WebSocketError) {
          this.#closeCode = exc.code;
          yield* this.close({ code: exc.code });
          return wsMessage(WSMsgType.ERROR, exc, null);
        }
        this.#exception = exc;
        this.#closing = true;
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        yield* this.close();
        return wsMessage(WSMsgType.ERROR, exc as Error, null);
      }
      const msg = item;
      if (msg.type === WSMsgType.CLOSE) {
        this.#closing = true;
        this.#closeCode = msg.data as number;
        if (!this.#closed && this.#settings.autoclose) yield* this.close();
      } else if (msg.type === WSMsgType.CLOSING) {
        this.#closing = true;
      }
      return msg;
    }
  }

  /** The next message as text (a TypeError for another kind). Python: `await ws.receive_str()`. */
  *receiveStr(timeout: number | null = null): Coro<string> {
    const msg = yield* this.receive(timeout);
    if (msg.type !== WSMsgType.TEXT)
      throw new TypeError(`Received message ${msg.type}:${repr(msg.data)} is not str`);
    return msg.data as string;
  }

  /** The next message as bytes. Python: `await ws.receive_bytes()`. */
  *receiveBytes(timeout: number | null = null): Coro<Buffer> {
    const msg = yield* this.receive(timeout);
    if (msg.type !== WSMsgType.BINARY)
      throw new TypeError(`Received message ${msg.type}:${repr(msg.data)} is not bytes`);
    return msg.data as Buffer;
  }

  /** The next text message parsed as JSON. Python: `await ws.receive_json(loads=…)`. */
  *receiveJson(options: { timeout?: number | null; loads?: (text: string) => unknown } = {}): Coro<unknown> {
    const text = yield* this.receiveStr(options.timeout ?? null);
    return (options.loads ?? JSON.parse)(text);
  }

  *#send(data: string | Buffer, binary: boolean): Coro<void> {
    const ws = this.#ws;
    if (this.#closed || ws.readyState !== OPEN)
      throw new ConnectionResetError("Cannot write to closing transport");
    yield* sendFrame(ws, data, binary, this.#loop);
  }

  /** Python: `await ws.send_str(data)`. */
  *sendStr(data: string): Coro<void> {
    if (typeof data !== "string")
      throw new TypeError(`data argument must be str (<class '${typeName(data)}'>)`);
    yield* this.#send(data, false);
  }

  /** Python: `await ws.send_bytes(data)`. */
  *sendBytes(data: Uint8Array): Coro<void> {
    if (!(data instanceof Uint8Array))
      throw new TypeError(`data argument must be byte-ish (<class '${typeName(data)}'>)`);
    yield* this.#send(Buffer.from(data.buffer, data.byteOffset, data.byteLength), true);
  }

  /** Python: `await ws.send_json(data, dumps=…)`. */
  *sendJson(data: unknown, options: { dumps?: (value: unknown) => string } = {}): Coro<void> {
    yield* this.sendStr((options.dumps ?? JSON.stringify)(data));
  }

  /** Sends a ping. Python: `await ws.ping(message)`. */
  *ping(message: string | Uint8Array = ""): Coro<void> {
    yield* this.#control("ping", message);
  }

  /** Sends a pong. Python: `await ws.pong(message)`. */
  *pong(message: string | Uint8Array = ""): Coro<void> {
    yield* this.#control("pong", message);
  }

  *#control(kind: "ping" | "pong", message: string | Uint8Array): Coro<void> {
    const ws = this.#ws;
    if (this.#closed || ws.readyState !== OPEN)
      throw new ConnectionResetError("Cannot write to closing transport");
    const sent = this.#loop.createFuture<void>() as Future<void>;
    ws[kind](message, true, (err?: Error) => {
      if (sent.done()) return;
      if (err) sent.setException(err);
      else sent.setResult(undefined);
    });
    yield* sent;
  }

  /**
   * Sends a close frame and waits (up to `timeout`) for the server's; true if this call closed
   * the connection, false if it was closed already. Python: `await ws.close(code=1000, message=b"")`.
   */
  *close(options: { code?: number; message?: string | Uint8Array } = {}): Coro<boolean> {
    // A receive() in another task ends first (it gets CLOSING).
    if (this.#waiting !== null && !this.#closed) {
      this.#queue.unshift(CLOSING_MESSAGE);
      const w = this.#arrived;
      this.#arrived = null;
      if (w !== null && !w.done()) w.setResult(undefined);
      yield* this.#waiting;
    }
    if (this.#closed) return false;
    this.#stopHeartbeat();
    this.#closed = true;
    const ws = this.#ws;
    // (Not OPEN: `ws` sent a close frame itself, after a protocol error, or the socket is gone;
    // what the reader has says how it ended.)
    if (ws.readyState === OPEN) {
      const reason = options.message ?? "";
      try {
        ws.closeNow(
          options.code ?? WSCloseCode.OK,
          typeof reason === "string" ? reason : Buffer.from(reason),
        );
      } catch (err) {
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        this.#exception = err;
        this.#abort();
        return true;
      }
    }
    if (this.#closing) {
      this.#abort();
      return true;
    }
    for (;;) {
      let item: ReaderItem;
      try {
        item = yield* this.#read(this.#settings.timeout);
      } catch (err) {
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        this.#abort();
        if (err instanceof TimeoutError) {
          this.#exception = err;
          return true;
        }
        throw err;
      }
      if (item === EOF || (typeof item === "object" && "error" in item)) {
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        this.#exception = item === EOF ? new ConnectionResetError("Connection lost") : item.error;
        this.#abort();
        return true;
      }
      if (item.type === WSMsgType.CLOSE) {
        this.#closeCode = item.data as number;
        this.#abort();
        return true;
      }
    }
  }

  /** `async with session.ws_connect(…) as ws:` — closes it at the end. */
  *aenter(): Coro<ClientWebSocketResponse> {
    return this;
  }
  *aexit(): Coro<boolean> {
    yield* this.close();
    return false;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await toPromise(this.close());
  }

  /** The next message if one is at hand without waiting (never here: `receive()` does the work). */
  [NEXT_NOW](): WSMessage | typeof END | typeof NOT_NOW {
    return NOT_NOW;
  }

  /** The next message, or END at the close (what `for await` and `anext` use). */
  *[NEXT](): Coro<WSMessage | typeof END> {
    const msg = yield* this.receive();
    return endsIteration(msg) ? END : msg;
  }

  /** `for await (const msg of ws)`: the messages until the connection closes. Python: `async for msg in ws`. */
  [Symbol.asyncIterator](): AsyncIterator<WSMessage> {
    return {
      next: async (): Promise<IteratorResult<WSMessage>> => {
        const item = await toPromise(this[NEXT]());
        return item === END ? { done: true, value: undefined } : { done: false, value: item };
      },
    };
  }

  toString(): string {
    return `<ClientWebSocketResponse ${this.#closed ? "closed" : "open"} protocol=${repr(this.protocol)}>`;
  }
}

for (const name of [
  "receive",
  "receiveStr",
  "receiveBytes",
  "receiveJson",
  "sendStr",
  "sendBytes",
  "sendJson",
  "ping",
  "pong",
  "close",
] as const) {
  refuseAwait(ClientWebSocketResponse.prototype[name], `ClientWebSocketResponse.${name}`);
}

/** aiohttp's messages for the protocol errors `ws`'s parser finds (its reader's, http_websocket.py). */
const AIOHTTP_MESSAGES: Record<string, string> = {
  WS_ERR_UNEXPECTED_RSV_1: "Received frame with non-zero reserved bits",
  WS_ERR_UNEXPECTED_RSV_2_3: "Received frame with non-zero reserved bits",
  WS_ERR_EXPECTED_FIN: "Received fragmented control frame",
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: "Control frame payload cannot be larger than 125 bytes",
  WS_ERR_INVALID_UTF8: "Invalid UTF-8 text message",
};

/** The message aiohttp gives for `ws`'s protocol error `err` (`ws`'s own where aiohttp's differs in kind). */
function aiohttpMessage(err: Error & { code?: string }): string {
  // ws's "invalid payload length N" is also a close frame of 1 byte, which aiohttp calls otherwise.
  if (err.code === "WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH" && !(Number(/\d+$/.exec(err.message)?.[0]) > 125))
    return err.message;
  return AIOHTTP_MESSAGES[err.code ?? ""] ?? err.message;
}

/** `ws`'s symbol for an error's close code (`kStatusCode`), found on the error itself. */
function statusCodeSymbol(err: object): symbol {
  return Object.getOwnPropertySymbols(err).find((s) => s.description === "status-code") ?? Symbol("none");
}

/**
 * What `session.wsConnect()` returns: `yield*` it (or `await` it) for the connection, or use it
 * with `using`, which closes the connection at the end. Python: `_WSRequestContextManager`.
 */
export class WSConnectContextManager
  implements AsyncContextManager<ClientWebSocketResponse>, PromiseLike<ClientWebSocketResponse>
{
  readonly #start: () => Coro<ClientWebSocketResponse>;
  #ws: ClientWebSocketResponse | null = null;

  /** @internal */
  constructor(start: () => Coro<ClientWebSocketResponse>) {
    this.#start = start;
  }

  *aenter(): Coro<ClientWebSocketResponse> {
    this.#ws = yield* this.#start();
    return this.#ws;
  }

  *aexit(): Coro<boolean> {
    const ws = this.#ws;
    this.#ws = null;
    if (ws !== null) yield* ws.close();
    return false;
  }

  [Symbol.iterator](): Coro<ClientWebSocketResponse> {
    return this.#start();
  }

  then<R1 = ClientWebSocketResponse, R2 = never>(
    onfulfilled?: ((value: ClientWebSocketResponse) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return toPromise(this.#start()).then(onfulfilled, onrejected);
  }
}
