/**
 * The transport of a stream socket (TCP, Unix, TLS) on a Node `net.Socket`. Python:
 * `asyncio.selector_events._SelectorSocketTransport` (and `sslproto`'s transport over TLS).
 *
 * Node's socket events reach the protocol through the loop (`callSoon`), in their order, so the
 * protocol's callbacks run inside the loop as asyncio's do: `getRunningLoop()` and `createTask()`
 * work in `dataReceived`. Once `pauseReading()` returns, no `dataReceived` comes until
 * `resumeReading()`: data already received but not yet delivered waits in the transport.
 */
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { BrokenPipeError, OSError } from "@aio/fs";
import { osError } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { type EventLoop, logAsyncio, repr, reprSymbol, typeName } from "@aio/loop";
import { track, untrack } from "./internal/loop-resources.js";
import type { BaseProtocol, BufferedProtocol, Protocol } from "./protocols.js";
import { cipherOf, peerCertOf, SSLObject } from "./ssl-object.js";
import { Transport } from "./transports.js";

/** asyncio's `constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES`. */
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

/** asyncio's write-buffer marks: pause the protocol's writing past 64 KiB, resume at 16 KiB. */
const DEFAULT_HIGH = 64 * 1024;

/** A protocol of a stream transport: asyncio's Protocol or BufferedProtocol. */
export type StreamProtocol = Protocol | BufferedProtocol;

function isBuffered(protocol: BaseProtocol): protocol is BufferedProtocol {
  return typeof (protocol as { getBuffer?: unknown }).getBuffer === "function";
}

/** Python's address tuple: `[host, port]` (IPv4), `[host, port, flowinfo, scopeId]` (IPv6), a path (Unix). */
export type SocketAddress = [string, number] | [string, number, number, number] | string;

function address(
  family: string | undefined,
  host: string | undefined,
  port: number | undefined,
): SocketAddress | null {
  if (host === undefined) return null;
  if (port === undefined) return host;
  return family === "IPv6" ? [host, port, 0, 0] : [host, port];
}

/** Python's repr of an address tuple: `('127.0.0.1', 8080)`. */
export function addressRepr(addr: SocketAddress | null): string {
  if (addr === null) return "None";
  if (typeof addr === "string") return repr(addr);
  return `(${addr.map((x) => repr(x)).join(", ")})`;
}

/**
 * The socket of a transport, as `getExtraInfo("socket")` gives it: Python's `TransportSocket`
 * (`fileno()`, `getsockname()`, `getpeername()`), with Node's socket beside it.
 */
export class TransportSocket {
  /** Node's socket. */
  readonly nodeSocket: Socket;
  readonly #sockname: SocketAddress | null;
  readonly #peername: SocketAddress | null;

  /** @internal made by the transport */
  constructor(socket: Socket, sockname: SocketAddress | null, peername: SocketAddress | null) {
    this.nodeSocket = socket;
    this.#sockname = sockname;
    this.#peername = peername;
  }

  /** The file descriptor, or -1 once closed. Python: `sock.fileno()`. */
  fileno(): number {
    return (this.nodeSocket as unknown as { _handle?: { fd?: number } | null })._handle?.fd ?? -1;
  }

  /** The local address. Python: `sock.getsockname()`. */
  getsockname(): SocketAddress | null {
    return this.#sockname;
  }

  /** The peer's address. Python: `sock.getpeername()`. */
  getpeername(): SocketAddress | null {
    return this.#peername;
  }

  [reprSymbol](): string {
    return `<asyncio.TransportSocket fd=${this.fileno()}, laddr=${addressRepr(this.#sockname)}, raddr=${addressRepr(this.#peername)}>`;
  }
}

/** What a socket transport is told of its socket when it is made. */
export interface SocketTransportInit {
  /** A Unix socket: its addresses are paths (`""` for an unnamed end). */
  unix?: { peername: string; sockname: string } | undefined;
  /** The server that accepted it (it counts its connections). */
  server?: { _attach(t: SocketTransport): void; _detach(t: SocketTransport): void } | undefined;
  /** The connection is encrypted: the TLS options it was made with (`getExtraInfo("sslcontext")`). */
  tls?: object | undefined;
  /** Set once the protocol's `connectionMade` has run (what `createConnection` waits for). */
  waiter?: Future<void> | undefined;
  /** The protocol already has a connection: this transport replaces its transport (startTls). */
  adopted?: boolean | undefined;
  /** A pipe (to a child process, or connectReadPipe's), not a socket: `getExtraInfo("pipe")`. */
  pipe?: boolean | undefined;
  /** What `getExtraInfo("pipe")` gives for a pipe (default: Node's socket on it). */
  pipeObject?: unknown;
  /** A pipe the parent only reads (its Node socket may still be writable: a child's stdout is a socketpair). */
  readPipe?: boolean | undefined;
}

/** A connected stream socket driving a protocol. Made by `createConnection` and servers. */
export class SocketTransport extends Transport {
  readonly #loop: EventLoop;
  readonly #socket: Socket;
  #protocol: StreamProtocol;
  readonly #tls: boolean;
  readonly #server: SocketTransportInit["server"];
  readonly #readPipe: boolean;
  /** A pipe the parent only writes (connectWritePipe). */
  readonly #writePipe: boolean;
  #closing = false;
  /** close(), abort() or a fatal error stopped reading: nothing more reaches the protocol but connectionLost. */
  #readingStopped = false;
  /** The socket is gone; connectionLost(#lostExc) runs once what was received before is delivered. */
  #lost = false;
  #lostExc: unknown = null;
  #lostScheduled = false;
  #paused = false;
  /** Data received while reading was paused, or not yet delivered. */
  #held: Buffer[] = [];
  #deliveryScheduled = false;
  /** The peer sent EOF; delivered after the data before it. */
  #eofPending = false;
  #protocolPaused = false;
  /** writeEof() was called. */
  #eofWritten = false;
  /** Writes dropped since the connection closed. */
  #lostWrites = 0;
  #high = DEFAULT_HIGH;
  #low = DEFAULT_HIGH / 4;
  #releaseOperation: (() => void) | null;

  /** @internal made by createConnection and servers, with a socket already connected */
  constructor(loop: EventLoop, socket: Socket, protocol: StreamProtocol, init: SocketTransportInit = {}) {
    const unix = init.unix;
    const peername =
      unix !== undefined
        ? unix.peername
        : address(socket.remoteFamily, socket.remoteAddress, socket.remotePort);
    const sockname =
      unix !== undefined ? unix.sockname : address(socket.localFamily, socket.localAddress, socket.localPort);
    super({
      ...(init.pipe
        ? { pipe: init.pipeObject ?? socket }
        : { socket: new TransportSocket(socket, sockname, peername), peername, sockname }),
      ...(init.tls !== undefined
        ? {
            sslcontext: init.tls,
            peercert: peerCertOf(socket as TLSSocket),
            cipher: cipherOf(socket as TLSSocket),
            compression: null,
            ssl_object: new SSLObject(socket as TLSSocket),
          }
        : {}),
    });
    this.#loop = loop;
    this.#socket = socket;
    this.#protocol = protocol;
    this.#tls = init.tls !== undefined;
    this.#server = init.server;
    this.#readPipe = init.readPipe === true;
    this.#writePipe = init.pipe === true && !this.#readPipe;
    // An open connection is outside work in flight: a virtual clock does not jump past it.
    this.#releaseOperation = loop.trackOutsideOperation("socket", describe(this.extra.peername));
    this.#server?._attach(this);
    // asyncio sets TCP_NODELAY on every TCP transport: small writes go out at once (no Nagle delay).
    if (unix === undefined) socket.setNoDelay(true);
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    socket.on("drain", this.#onDrain);
    track(loop, this);
    // A transport that takes over a connection (startTls) keeps its protocol: no connectionMade.
    if (init.adopted) init.waiter?.setResult(undefined);
    else this.#soon(() => this.#connectionMade(init.waiter));
    // Gone before the transport listened (an error, or the peer's reset, between connect and now).
    if (socket.destroyed) this.#lose(socket.errored ? osError(socket.errored) : null);
  }

  readonly #onData = (chunk: Buffer): void => this.#received(chunk);
  readonly #onEnd = (): void => {
    if (this.#writePipe) {
      // The reader closed a write pipe (a socket's peer): asyncio's _UnixWritePipeTransport closes,
      // with BrokenPipeError if data was still buffered; its protocol gets no eof_received().
      this.#closing = true;
      this.#readingStopped = true;
      const exc = this.getWriteBufferSize() > 0 ? new BrokenPipeError("") : null;
      this.#socket.destroy();
      this.#lose(exc);
      return;
    }
    this.#eofPending = true;
    this.#scheduleDelivery();
  };
  readonly #onError = (err: Error): void => this.#lose(osError(err));
  readonly #onClose = (): void => this.#lose(null);
  readonly #onDrain = (): void => this.#maybeResumeProtocol();

  /**
   * @internal startTls: hands the socket over to a TLS transport made on it. This transport lets go
   * of it without calling its protocol again; what it received and had not delivered is returned.
   */
  _handOver(): { socket: Socket; unread: Buffer[]; init: SocketTransportInit } {
    const socket = this.#socket;
    socket.off("data", this.#onData);
    socket.off("end", this.#onEnd);
    socket.off("error", this.#onError);
    socket.off("close", this.#onClose);
    socket.off("drain", this.#onDrain);
    const unread = this.#held;
    this.#held = [];
    this.#closing = true;
    this.#readingStopped = true;
    this.#lost = true;
    this.#lostScheduled = true;
    this.#releaseOperation?.();
    this.#releaseOperation = null;
    untrack(this.#loop, this);
    const peername = this.extra.peername;
    const init: SocketTransportInit = {
      ...(this.#server !== undefined ? { server: this.#server } : {}),
      ...(typeof peername === "string"
        ? { unix: { peername, sockname: this.extra.sockname as string } }
        : {}),
    };
    return { socket, unread, init };
  }

  #connectionMade(waiter: Future<void> | undefined): void {
    try {
      this.#protocol.connectionMade(this);
    } catch (err) {
      this.#fatalError(err, "Fatal error: protocol.connection_made() call failed.");
      if (waiter !== undefined && !waiter.done()) waiter.setException(err);
      return;
    }
    if (waiter !== undefined && !waiter.done()) waiter.setResult(undefined);
  }

  // ---------------------------------------------------------------- reading

  #received(chunk: Buffer): void {
    this.#held.push(chunk);
    this.#scheduleDelivery();
  }

  #scheduleDelivery(): void {
    if (this.#deliveryScheduled || this.#paused || this.#readingStopped) return;
    this.#deliveryScheduled = true;
    this.#soon(this.#deliverBound);
  }

  /** `#deliver`, made once: a delivery is scheduled per chunk received. */
  readonly #deliverBound = (): void => this.#deliver();

  /** Hands the data received, then the EOF, to the protocol, until it pauses reading. */
  #deliver(): void {
    this.#deliveryScheduled = false;
    // After close() nothing more is delivered: asyncio stops reading the socket at once.
    while (this.#held.length > 0 && !this.#paused && !this.#readingStopped) {
      const chunk = this.#held.shift() as Buffer;
      try {
        if (isBuffered(this.#protocol)) this.#feedBuffered(this.#protocol, chunk);
        else this.#protocol.dataReceived(chunk);
      } catch (err) {
        this.#fatalError(err, "Fatal error: protocol.data_received() call failed.");
        return;
      }
    }
    if (this.#held.length === 0 && this.#eofPending && !this.#paused && !this.#readingStopped) {
      this.#eofPending = false;
      let keepOpen: boolean | undefined;
      try {
        keepOpen = this.#protocol.eofReceived() === true;
      } catch (err) {
        this.#fatalError(err, "Fatal error: protocol.eof_received() call failed.");
        return;
      }
      // asyncio: a protocol that returns a false value from eof_received closes the transport.
      if (!keepOpen || this.#tls) this.close();
    }
    if (this.#lost) this.#scheduleConnectionLost();
  }

  /** A BufferedProtocol's buffer is filled as many times as the chunk needs. */
  #feedBuffered(protocol: BufferedProtocol, chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const buffer = protocol.getBuffer(chunk.length - offset);
      if (!(buffer instanceof Uint8Array) || buffer.length === 0) {
        throw new RangeError("get_buffer() returned an empty buffer");
      }
      const n = Math.min(buffer.length, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + n));
      offset += n;
      protocol.bufferUpdated(n);
    }
  }

  override isReading(): boolean {
    return !this.#paused && !this.#closing;
  }

  override pauseReading(): void {
    if (this.#readingStopped || this.#paused) return;
    this.#paused = true;
    this.#socket.pause();
  }

  override resumeReading(): void {
    if (this.#readingStopped || !this.#paused) return;
    this.#paused = false;
    this.#socket.resume();
    if (this.#held.length > 0 || this.#eofPending) this.#scheduleDelivery();
  }

  // ---------------------------------------------------------------- writing

  override write(data: Uint8Array | string): void {
    if (typeof data !== "string" && !(data instanceof Uint8Array)) {
      throw new TypeError(`data argument must be a bytes-like object, not '${typeName(data)}'`);
    }
    if (typeof data === "string") {
      // asyncio accepts bytes only; a string is written as UTF-8 here, as Node's sockets do.
      data = Buffer.from(data, "utf8");
    }
    if (this.#eofWritten) throw new Error("Cannot call write() after write_eof()");
    if (data.length === 0) return;
    if (this.#closing) {
      // asyncio drops writes to a closed connection, and says so from the fifth on.
      if (++this.#lostWrites >= LOG_THRESHOLD_FOR_CONNLOST_WRITES)
        logAsyncio("WARNING", "socket.send() raised exception.");
      return;
    }
    this.#socket.write(data, this.#written);
    this.#maybePauseProtocol();
  }

  // A failed write (EPIPE, ECONNRESET) does not resume the protocol: Node calls back with the
  // error, the buffer emptied, before its 'error' event; a drain() waiting must get that error
  // from connectionLost(exc), as asyncio's _fatal_error gives it, not wake as if all was sent.
  readonly #written = (err?: Error | null): void => {
    if (err === null || err === undefined) this.#maybeResumeProtocol();
  };

  override writeEof(): void {
    if (this.#closing || this.#eofWritten) return;
    if (this.#tls) throw new Error("SSL transport does not support write_eof()");
    this.#eofWritten = true;
    this.#socket.end();
  }

  override canWriteEof(): boolean {
    return !this.#tls;
  }

  override getWriteBufferSize(): number {
    return this.#socket.writableLength;
  }

  override getWriteBufferLimits(): [number, number] {
    return [this.#low, this.#high];
  }

  override setWriteBufferLimits(high?: number | null, low?: number | null): void {
    let h = high ?? null;
    let l = low ?? null;
    if (h === null) h = l === null ? DEFAULT_HIGH : 4 * l;
    if (l === null) l = Math.floor(h / 4);
    if (!(h >= l && l >= 0))
      throw new RangeError(`high (${repr(h)}) must be >= low (${repr(l)}) must be >= 0`);
    this.#high = h;
    this.#low = l;
    this.#maybePauseProtocol();
  }

  #maybePauseProtocol(): void {
    if (this.#protocolPaused || this.getWriteBufferSize() <= this.#high) return;
    this.#protocolPaused = true;
    this.#flowControl("pause_writing", () => this.#protocol.pauseWriting());
  }

  #maybeResumeProtocol(): void {
    if (!this.#protocolPaused || this.getWriteBufferSize() > this.#low) return;
    this.#protocolPaused = false;
    this.#flowControl("resume_writing", () => this.#protocol.resumeWriting());
  }

  /** Tells the protocol to pause or resume writing; its error is reported, as asyncio's. */
  #flowControl(name: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.#loop.callExceptionHandler({
        message: `protocol.${name}() failed`,
        exception: err,
        transport: this,
        protocol: this.#protocol,
      });
    }
  }

  // ---------------------------------------------------------------- closing

  override isClosing(): boolean {
    return this.#closing;
  }

  /** Stops reading, sends what is buffered, then closes; `connectionLost(null)` follows. */
  override close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#readingStopped = true;
    this.#socket.pause();
    const socket = this.#socket;
    if (socket.destroyed) return;
    // As asyncio: with nothing left to send, connectionLost(null) runs on the loop's next turn;
    // else once the buffer is sent. The socket itself closes in the background.
    const finished = (): void => {
      this.#lose(null);
      socket.destroy();
    };
    if (socket.writableLength === 0) this.#lose(null);
    if (this.#readPipe || (!socket.writable && !socket.writableEnded)) {
      // A pipe the parent only reads: its descriptor is closed at once, as asyncio closes it (the
      // writer sees EPIPE from then on).
      finished();
    } else if (socket.writableEnded) {
      if (socket.writableFinished) finished();
      else socket.once("finish", finished);
    } else socket.end(finished);
  }

  /** Closes at once, dropping what is buffered; `connectionLost(null)` follows. */
  override abort(): void {
    this.#closing = true;
    this.#readingStopped = true;
    this.#socket.destroy();
  }

  #fatalError(err: unknown, message: string): void {
    if (!(err instanceof OSError)) {
      this.#loop.callExceptionHandler({ message, exception: err, transport: this, protocol: this.#protocol });
    }
    this.#closing = true;
    this.#readingStopped = true;
    this.#socket.destroy();
    this.#lose(err);
  }

  /** The socket is gone (once): `connectionLost(exc)` follows the data and EOF received before. */
  #lose(exc: unknown): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#lostExc = exc;
    this.#closing = true;
    this.#releaseOperation?.();
    this.#releaseOperation = null;
    if (this.#readingStopped || (this.#held.length === 0 && !this.#eofPending))
      this.#scheduleConnectionLost();
    // else: #deliver schedules it once the protocol has what came before (a paused reader, later).
  }

  #scheduleConnectionLost(): void {
    if (this.#lostScheduled) return;
    if (!this.#readingStopped && (this.#held.length > 0 || this.#eofPending)) return;
    this.#lostScheduled = true;
    untrack(this.#loop, this);
    this.#soon(() => {
      try {
        this.#protocol.connectionLost(this.#lostExc);
      } finally {
        this.#server?._detach(this);
      }
    });
  }

  /** Runs `fn` on the loop; a closed loop drops the connection instead. */
  #soon(fn: () => void): void {
    if (this.#loop.isClosed()) this._closeWithLoop();
    else this.#loop.callSoon(fn);
  }

  /** @internal the loop closed with the connection open: it is dropped, nothing more is called */
  _closeWithLoop(): void {
    untrack(this.#loop, this);
    this.#closing = true;
    this.#readingStopped = true;
    this.#lost = true;
    this.#lostScheduled = true;
    this.#releaseOperation?.();
    this.#releaseOperation = null;
    this.#socket.destroy();
  }

  override setProtocol(protocol: BaseProtocol): void {
    this.#protocol = protocol as StreamProtocol;
  }

  override getProtocol(): BaseProtocol {
    return this.#protocol;
  }

  /** @internal the socket, for startTls */
  get _socket(): Socket {
    return this.#socket;
  }

  [reprSymbol](): string {
    const state = this.#lost ? " closed" : this.#closing ? " closing" : "";
    const fd = (this.extra.socket as TransportSocket | undefined)?.fileno() ?? -1;
    const read = this.#lost ? "" : this.#paused ? " read=paused" : " read=polling";
    const size = this.#lost ? 0 : this.getWriteBufferSize();
    const write = this.#lost ? "" : ` write=<${size > 0 ? "polling" : "idle"}, bufsize=${size}>`;
    return `<${this.#tls ? "_SSLProtocolTransport" : "_SelectorSocketTransport"}${state} fd=${fd}${read}${write}>`;
  }

  override toString(): string {
    return this[reprSymbol]();
  }
}

/**
 * A stream socket's transport over TLS (what `ssl` connections, servers and `startTls` make).
 * Python: `asyncio.sslproto._SSLProtocolTransport`.
 */
export class SSLProtocolTransport extends SocketTransport {}

/** The transport of `socket`: an {@link SSLProtocolTransport} over TLS. */
export function newSocketTransport(
  loop: EventLoop,
  socket: Socket,
  protocol: StreamProtocol,
  init: SocketTransportInit,
): SocketTransport {
  return init.tls !== undefined
    ? new SSLProtocolTransport(loop, socket, protocol, init)
    : new SocketTransport(loop, socket, protocol, init);
}

function describe(addr: unknown): string {
  return typeof addr === "string" ? addr : Array.isArray(addr) ? `${addr[0]}:${addr[1]}` : "";
}
