/**
 * WebSockets in handlers: aiohttp.web's `WebSocketResponse`, on the `ws` library (its frame parser
 * and writer; the upgrade comes through node:http's `upgrade` event). Messages are read with
 * `receive()` (or `aiter`/`anext`, `for await`) and sent with `sendStr`/`sendBytes`/`sendJson`,
 * which wait until the socket took them.
 */
import type { Duplex } from "node:stream";
import { ConnectionResetError } from "@aio/fs";
import { type Future, TimeoutError } from "@aio/future";
import { getRunningLoop, repr, typeName } from "@aio/loop";
import { type Coro, isCancelledError, toPromise, waitFor } from "@aio/task";
import { END, type FastAsyncIterator, NEXT, NEXT_NOW, NOT_NOW } from "@aio/task/internal";
import type { WebSocket } from "ws";
import { checkKeys } from "../internal/options.js";
import { ws as wsModule } from "../lazy.js";
import {
  deflateBits,
  endsIteration,
  sendFrame,
  WSCloseCode,
  type WSMessage,
  WSMsgType,
  wsMessage,
} from "../ws-common.js";
import { HTTPBadRequest } from "./exceptions.js";
import type { Request } from "./request.js";
import { StreamResponse } from "./response.js";

export { WSCloseCode, type WSMessage, WSMsgType } from "../ws-common.js";

/** Options of {@link WebSocketResponse}. Python: `web.WebSocketResponse(protocols=…, heartbeat=…, max_msg_size=…)`. */
export interface WebSocketResponseOptions {
  /** Subprotocols the server speaks; the first the client asks for is chosen. */
  protocols?: string[] | undefined;
  /** Seconds between pings; no pong before the next one closes the connection (1006). */
  heartbeat?: number | null | undefined;
  /** The largest message taken, in bytes (default 4 MiB; 0: no limit). */
  maxMsgSize?: number | undefined;
  /** Seconds `close()` waits for the client's close frame (default 10). */
  timeout?: number | undefined;
  /** Seconds `receive()` waits by default (default: no limit). Python: `receive_timeout`. */
  receiveTimeout?: number | null | undefined;
  /**
   * `receive()` giving the client's CLOSE calls `close()` (default true); false: the handler does.
   * (The close frame itself is answered at once either way: the `ws` library does it.)
   */
  autoclose?: boolean | undefined;
  /** Answer pings with pongs and hide both (default true); false: they come out of `receive()`. */
  autoping?: boolean | undefined;
  /**
   * Agree to permessage-deflate when the client offers it (default true, as aiohttp); messages of
   * 1 KiB and more then go compressed.
   */
  compress?: boolean | undefined;
}

/**
 * `ws`'s WebSocket as aiohttp's server closes: a close frame from the client is answered with
 * aiohttp's own `close()` (1000, no reason), where `ws` would echo the client's code.
 */
let ServerSocketClass: typeof WebSocket | null = null;
function serverSocket(): typeof WebSocket {
  ServerSocketClass ??= class ServerSocket extends wsModule().WebSocket {
    override close(code?: number, data?: string | Buffer): void {
      const state = this as unknown as { _closeFrameReceived: boolean; _closeFrameSent: boolean };
      if (state._closeFrameReceived && !state._closeFrameSent) super.close(WSCloseCode.OK, "");
      else super.close(code, data);
    }
  };
  return ServerSocketClass;
}

/** What the runner hands a WebSocket upgrade. @internal */
export interface Upgrade {
  socket: Duplex;
  head: Buffer;
}

const CLOSED_MESSAGE: WSMessage = wsMessage(WSMsgType.CLOSED, null, null);
const CLOSING_MESSAGE: WSMessage = wsMessage(WSMsgType.CLOSING, null, null);
/** Queued when the connection ends without the client's close frame. */
const CONNECTION_LOST: WSMessage = wsMessage(WSMsgType.CLOSED, null, null);

/**
 * Bytes of received messages the handler has not taken yet past which the socket stops being read
 * (aiohttp's reader limit, 2**16): a client cannot make the server hold more than this plus one
 * message (at most `maxMsgSize`) by sending faster than the handler reads.
 */
export const WS_READ_LIMIT = 2 ** 16;
/**
 * Bytes waiting to go out (pongs, messages) past which the socket stops being read until the
 * client takes them: a client that pings and never reads the pongs cannot grow the server's buffer.
 */
export const WS_WRITE_LIMIT = 2 ** 16;

/** What a queued message holds of the server's memory. */
function sizeOf(msg: WSMessage): number {
  const d = msg.data;
  return typeof d === "string" ? d.length * 2 : d instanceof Buffer ? d.length : 0;
}

/** A WebSocket answer. Python: `web.WebSocketResponse`. */
export class WebSocketResponse
  extends StreamResponse
  implements FastAsyncIterator<WSMessage>, AsyncIterable<WSMessage>
{
  readonly #options: WebSocketResponseOptions;
  #ws: WebSocket | null = null;
  readonly #queue: WSMessage[] = [];
  /** Bytes the queued messages hold (see {@link WS_READ_LIMIT}). */
  #queued = 0;
  #waiter: Future<void> | null = null;
  /** Set while a receive() waits (Python: `_waiting`): a close() from another task ends it first. */
  #receiving: Future<void> | null = null;
  /** `close()` was called (Python: `_closed`). */
  #closed = false;
  /** `receive()` gave CLOSE or CLOSING: the next ones give CLOSING (Python: `_closing`). */
  #peerClosing = false;
  /** The connection ended (`ws`'s close event). */
  #gone = false;
  /** The close code `ws` saw when the connection ended. */
  #goneCode: number = WSCloseCode.ABNORMAL_CLOSURE;
  /** `close()` was called: messages still arriving are dropped while the close handshake ends. */
  #closing = false;
  #closeCode: number | null = null;
  #exception: unknown = null;
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  /** The negotiated subprotocol, or null. */
  protocol: string | null = null;

  constructor(options: WebSocketResponseOptions = {}) {
    super({ status: 101 });
    checkKeys(
      options,
      new Set([
        "protocols",
        "heartbeat",
        "maxMsgSize",
        "timeout",
        "receiveTimeout",
        "autoclose",
        "autoping",
        "compress",
      ]),
      "WebSocketResponse",
    );
    const hb = options.heartbeat ?? null;
    if (hb !== null && !(typeof hb === "number" && hb > 0))
      throw new RangeError(`heartbeat must be a positive number of seconds or null, got ${repr(hb)}`);
    const max = options.maxMsgSize ?? 4 * 1024 * 1024;
    if (!Number.isInteger(max) || max < 0)
      throw new RangeError(`maxMsgSize must be a non-negative integer, got ${repr(max)}`);
    const rt = options.receiveTimeout ?? null;
    if (rt !== null && !(typeof rt === "number" && rt > 0))
      throw new RangeError(`receiveTimeout must be a positive number of seconds or null, got ${repr(rt)}`);
    for (const name of ["autoclose", "autoping", "compress"] as const) {
      const v = options[name];
      if (v !== undefined && typeof v !== "boolean")
        throw new TypeError(`${name} must be a boolean, got ${repr(v)}`);
    }
    this.#options = {
      ...options,
      maxMsgSize: max,
      heartbeat: hb,
      receiveTimeout: rt,
      autoclose: options.autoclose ?? true,
      autoping: options.autoping ?? true,
      compress: options.compress ?? true,
    };
  }

  /**
   * The permessage-deflate window bits agreed on with the client (the server's: 15 unless the
   * client asked for fewer), 0 for none. Python: `ws.compress`.
   */
  get compress(): number {
    const extensions = (
      this.#ws as unknown as {
        _extensions?: Record<string, { params?: Record<string, unknown> | null }>;
      } | null
    )?._extensions;
    return deflateBits(extensions?.["permessage-deflate"]?.params);
  }

  /** Whether `close()` was called (by the handler, or by `receive()` answering the client's close frame). Python: `ws.closed`. */
  get closed(): boolean {
    return this.#closed;
  }
  /** The close code, once closed. Python: `ws.close_code`. */
  get closeCode(): number | null {
    return this.#closeCode;
  }
  /** The negotiated subprotocol, or null. Python: `ws.ws_protocol`. */
  get wsProtocol(): string | null {
    return this.protocol;
  }
  /** What broke the connection, if anything. */
  exception(): unknown {
    return this.#exception;
  }

  /** Whether `request` asks for a WebSocket (checked before `prepare`). Python: `ws.can_prepare(request)`. */
  canPrepare(request: Request): boolean {
    return (
      request.target.upgrade !== undefined &&
      (request.headers.get("Upgrade") ?? "").toLowerCase() === "websocket"
    );
  }

  /** Completes the handshake. Python: `await ws.prepare(request)`. */
  override *prepare(request: Request): Coro<void> {
    if (this.prepared) return;
    const upgrade = request.target.upgrade;
    // aiohttp's texts: a header it did not get is Python's None.
    const asked = request.headers.get("Upgrade") ?? null;
    if ((asked ?? "").toLowerCase() !== "websocket") {
      throw new HTTPBadRequest({
        text: `No WebSocket UPGRADE hdr: ${asked ?? "None"}\n Can "Upgrade" only to "WebSocket".`,
      });
    }
    // (node:http hands the request over as an upgrade only with `Connection: upgrade`.)
    if (upgrade === undefined)
      throw new HTTPBadRequest({
        text: `No CONNECTION upgrade hdr: ${request.headers.get("Connection") ?? "None"}`,
      });
    this.setStatus(101);
    // aiohttp's `_prepare_hook` runs for a WebSocket's handshake too
    yield* request.prepareHook(this);
    const protocols = this.#options.protocols ?? [];
    const server = new (wsModule().WebSocketServer)({
      noServer: true,
      maxPayload: this.#options.maxMsgSize === 0 ? 2 ** 31 : this.#options.maxMsgSize,
      // aiohttp: the first protocol the client offers that the server speaks (the client's order).
      handleProtocols: (offered) => [...offered].find((p) => protocols.includes(p)) ?? false,
      WebSocket: serverSocket(),
      autoPong: this.#options.autoping ?? true,
      perMessageDeflate: this.#options.compress ?? true,
    });
    const res = request.target.res;
    res.detachSocket(upgrade.socket as never);
    const loop = getRunningLoop();
    const ready = loop.createFuture<WebSocket>() as Future<WebSocket>;
    server.handleUpgrade(request.rawRequest, upgrade.socket, upgrade.head, (ws) => {
      if (!ready.done()) ready.setResult(ws);
    });
    const ws = yield* ready;
    this.#ws = ws;
    this.protocol = ws.protocol === "" ? null : ws.protocol;
    this.markPrepared(request);
    const open = request.target.websockets;
    open?.add(this);
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (this.#closing) return;
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.#push(
        isBinary
          ? wsMessage(WSMsgType.BINARY, bytes, "")
          : wsMessage(WSMsgType.TEXT, bytes.toString("utf8"), ""),
      );
    });
    ws.on("close", (code: number, reason: Buffer) => {
      open?.delete(this);
      this.#goneCode = code;
      this.#gone = true;
      this.#stopHeartbeat();
      // Without the client's close frame (dropped, or a protocol error) the queue ends as aiohttp's
      // reader at EOF does: receive() gives CLOSED, closed, 1006 (see CONNECTION_LOST).
      if (!(ws as unknown as { _closeFrameReceived: boolean })._closeFrameReceived)
        this.#push(CONNECTION_LOST);
      else {
        this.#closeCode ??= code;
        this.#push(wsMessage(WSMsgType.CLOSE, code, reason.toString("utf8")));
      }
    });
    ws.on("error", (err: Error) => {
      this.#exception = err;
      this.#push(wsMessage(WSMsgType.ERROR, err, null));
    });
    // Pongs (answered by ws itself) and messages wait in the socket's buffer while the client does
    // not read: reading stops past WS_WRITE_LIMIT, and starts again once they are taken.
    ws.on("ping", (data: Buffer) => {
      if (this.#options.autoping === false && !this.#closing) this.#push(wsMessage(WSMsgType.PING, data, ""));
      this.#flow();
    });
    if (this.#options.autoping === false)
      ws.on("pong", (data: Buffer) => {
        if (!this.#closing) this.#push(wsMessage(WSMsgType.PONG, data, ""));
      });
    upgrade.socket.on("drain", () => this.#flow());
    const hb = this.#options.heartbeat;
    if (hb !== null && hb !== undefined) {
      let alive = true;
      ws.on("pong", () => {
        alive = true;
      });
      this.#heartbeat = setInterval(() => {
        if (!alive) {
          // aiohttp's `_pong_not_received`: closed, 1006, a TimeoutError as exception().
          this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
          this.#exception ??= new TimeoutError();
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, hb * 1000);
    }
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  /**
   * Reading stops while the handler has WS_READ_LIMIT bytes of messages it has not taken, or the
   * client has WS_WRITE_LIMIT bytes it has not read; it starts again below both (and while closing,
   * to see the client's close frame).
   */
  #flow(): void {
    const ws = this.#ws;
    if (ws === null || this.#gone) return;
    const full = !this.#closing && (this.#queued >= WS_READ_LIMIT || ws.bufferedAmount >= WS_WRITE_LIMIT);
    if (full !== ws.isPaused) {
      if (full) ws.pause();
      else ws.resume();
    }
  }

  #push(msg: WSMessage): void {
    this.#queue.push(msg);
    this.#queued += sizeOf(msg);
    this.#flow();
    const w = this.#waiter;
    this.#waiter = null;
    if (w !== null && !w.done()) w.setResult(undefined);
  }

  /**
   * The next message: TEXT, BINARY, PING/PONG (without autoping), CLOSE when the client closes
   * (answered with `close()` unless `autoclose` is false), CLOSING while a `close()` from another
   * task ends this call (or after CLOSE/CLOSING), CLOSED once closed. A TimeoutError after
   * `timeout` seconds (default `receiveTimeout`), the close code then 1006.
   * Python: `await ws.receive(timeout)`.
   */
  *receive(timeout: number | null = null): Coro<WSMessage> {
    if (this.#ws === null) throw new Error("Call .prepare() first");
    for (;;) {
      if (this.#receiving !== null) throw new Error("Concurrent call to receive() is not allowed");
      if (this.#closed) return CLOSED_MESSAGE;
      if (this.#peerClosing) return CLOSING_MESSAGE;
      const msg = this.#take();
      if (msg === undefined) {
        const loop = getRunningLoop();
        const receiving = loop.createFuture<void>() as Future<void>;
        const arrived = loop.createFuture<void>() as Future<void>;
        this.#receiving = receiving;
        this.#waiter = arrived;
        try {
          const wait = timeout ?? this.#options.receiveTimeout ?? null;
          if (wait === null) yield* arrived;
          else yield* waitFor(arrived, wait);
        } catch (err) {
          if (err instanceof TimeoutError || isCancelledError(err))
            this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
          throw err;
        } finally {
          if (this.#waiter === arrived) this.#waiter = null;
          this.#receiving = null;
          receiving.setResult(undefined);
        }
        continue;
      }
      if (msg === CONNECTION_LOST) {
        // aiohttp 3.8.4: EofStream, then its close() cannot write: closed, 1006, ConnectionResetError.
        this.#closed = true;
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        this.#exception ??= new ConnectionResetError("Cannot write to closing transport");
        return CLOSED_MESSAGE;
      }
      if (msg.type === WSMsgType.CLOSE) {
        this.#peerClosing = true;
        this.#closeCode = msg.data as number;
        if (!this.#closed && this.#options.autoclose !== false) yield* this.close();
      } else if (msg.type === WSMsgType.CLOSING) {
        this.#peerClosing = true;
      }
      return msg;
    }
  }

  /** The first queued message, if any (reading resumes as the queue empties). */
  #take(): WSMessage | undefined {
    const msg = this.#queue.shift();
    if (msg !== undefined) {
      this.#queued -= sizeOf(msg);
      this.#flow();
    }
    return msg;
  }

  /** The next message as text (a TypeError for another kind). Python: `await ws.receive_str()`. */
  *receiveStr(timeout: number | null = null): Coro<string> {
    const msg = yield* this.receive(timeout);
    if (msg.type !== WSMsgType.TEXT)
      throw new TypeError(`Received message ${msg.type}:${repr(msg.data)} is not WSMsgType.TEXT`);
    return msg.data as string;
  }

  /** The next message as bytes. Python: `await ws.receive_bytes()`. */
  *receiveBytes(timeout: number | null = null): Coro<Buffer> {
    const msg = yield* this.receive(timeout);
    if (msg.type !== WSMsgType.BINARY)
      throw new TypeError(`Received message ${msg.type}:${repr(msg.data)} is not bytes`);
    return msg.data as Buffer;
  }

  /** The next text message parsed as JSON. Python: `await ws.receive_json()`. */
  *receiveJson(timeout: number | null = null): Coro<unknown> {
    return JSON.parse(yield* this.receiveStr(timeout));
  }

  *#send(data: string | Buffer, binary: boolean): Coro<void> {
    const ws = this.#ws;
    if (ws === null) throw new Error("Call .prepare() first");
    if (this.#closed || ws.readyState !== ws.OPEN)
      throw new ConnectionResetError("Cannot write to closing transport");
    yield* sendFrame(ws, data, binary, getRunningLoop());
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
  /** Python: `await ws.send_json(data)`. */
  *sendJson(data: unknown, dumps: (value: unknown) => string = JSON.stringify): Coro<void> {
    yield* this.sendStr(dumps(data));
  }

  /** Sends a ping (the client answers with a pong). Python: `await ws.ping(message)`. */
  *ping(message: string | Uint8Array = ""): Coro<void> {
    const ws = this.#ws;
    if (ws === null) throw new Error("Call .prepare() first");
    if (this.#closed) throw new ConnectionResetError("Cannot write to closing transport");
    ws.ping(message);
  }

  /** Sends an unsolicited pong. Python: `await ws.pong(message)`. */
  *pong(message: string | Uint8Array = ""): Coro<void> {
    const ws = this.#ws;
    if (ws === null) throw new Error("Call .prepare() first");
    if (this.#closed) throw new ConnectionResetError("Cannot write to closing transport");
    ws.pong(message);
  }

  /**
   * Closes the connection and waits (up to `timeout`) for the client's close frame, whose code
   * becomes `closeCode` (1006 and a TimeoutError as `exception()` if it does not come); true if
   * this call closed it, false if it was closed already. A `receive()` waiting in another task
   * gets CLOSING first. Python: `await ws.close(code=1000, message=b"")`.
   */
  *close(options: { code?: number; message?: string } = {}): Coro<boolean> {
    const ws = this.#ws;
    if (ws === null) throw new Error("Call .prepare() first");
    this.#stopHeartbeat();
    // A receive() in another task ends first (it gets CLOSING).
    const receiving = this.#receiving;
    if (receiving !== null && !this.#closed) {
      this.#queue.unshift(CLOSING_MESSAGE);
      const w = this.#waiter;
      this.#waiter = null;
      if (w !== null && !w.done()) w.setResult(undefined);
      yield* receiving;
    }
    if (this.#closed) return false;
    this.#closed = true;
    if (!this.#gone) {
      const loop = getRunningLoop();
      const done = loop.createFuture<void>() as Future<void>;
      ws.once("close", () => {
        if (!done.done()) done.setResult(undefined);
      });
      this.#startClosing();
      ws.close(options.code ?? WSCloseCode.OK, options.message ?? "");
      // The client's close frame came first (CLOSE was received): answered, nothing to wait for.
      if (this.#peerClosing) return true;
      try {
        yield* waitFor(done, this.#options.timeout ?? 10);
      } catch (err) {
        this.#closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        ws.terminate();
        if (!(err instanceof TimeoutError)) throw err;
        this.#exception = err;
        return true;
      }
    }
    // The client's close code (ws's 1006 if the connection ended without one).
    this.#closeCode = this.#goneCode;
    return true;
  }

  /**
   * Closes the connection: what the server does when the handler returns with it still open.
   * Python: `await ws.write_eof()`.
   */
  override *writeEof(): Coro<void> {
    if (this.#ws === null) throw new Error("Call .prepare() first");
    yield* this.close();
  }

  /** @internal Whether the connection is closed (the server closes it after the handler otherwise). */
  override get eof(): boolean {
    return this.#ws !== null && this.#closed;
  }

  /** @internal The server is stopping: close with 1001. */
  goingAway(): void {
    if (this.#ws === null || this.#closed) return;
    this.#startClosing();
    this.#ws.close(WSCloseCode.GOING_AWAY, "Server shutdown");
  }

  /** Closing: what the client still sends is read (to reach its close frame) and dropped. */
  #startClosing(): void {
    this.#closing = true;
    this.#flow();
  }

  [NEXT_NOW](): WSMessage | typeof END | typeof NOT_NOW {
    if (this.#closed || this.#peerClosing) return END;
    const msg = this.#queue[0];
    // (CLOSE and CLOSING go through receive(), which answers the client's close frame.)
    if (msg === undefined || endsIteration(msg)) return NOT_NOW;
    return this.#take() as WSMessage;
  }

  *[NEXT](): Coro<WSMessage | typeof END> {
    const msg = yield* this.receive();
    return endsIteration(msg) ? END : msg;
  }

  [Symbol.asyncIterator](): AsyncIterator<WSMessage> {
    return {
      next: async (): Promise<IteratorResult<WSMessage>> => {
        let item = this[NEXT_NOW]();
        if (item === NOT_NOW) item = await toPromise(this[NEXT]());
        return item === END ? { done: true, value: undefined } : { done: false, value: item as WSMessage };
      },
    };
  }
}
