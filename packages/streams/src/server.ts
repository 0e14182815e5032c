/**
 * Listening servers: each accepted connection gets a transport and a new protocol. Python:
 * `loop.create_server`, `loop.create_unix_server` and `asyncio.Server` (base_events), on Node's
 * `net.Server` and `tls.Server`.
 */
import { lookup } from "node:dns/promises";
import { lstat, unlink } from "node:fs/promises";
import {
  type Server as NetServer,
  Server as NetServerClass,
  createServer as netCreateServer,
  type Socket,
} from "node:net";
import { TLSSocket, type TlsOptions, createServer as tlsCreateServer } from "node:tls";
import { osError } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { AbstractServer, type EventLoop, getRunningLoop, repr, reprSymbol } from "@aio/loop";
import type { Coro } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import {
  checkFamily,
  checkOptions,
  checkProtocolFactory,
  checkReusePort,
  type FamilyOption,
  handshakeTimeout,
  ignoreError,
} from "./internal/checks.js";
import { track, untrack } from "./internal/loop-resources.js";
import {
  newSocketTransport,
  type SocketAddress,
  type SocketTransport,
  type StreamProtocol,
} from "./socket-transport.js";

/** Options of {@link createServer}. */
export interface CreateServerOptions {
  /** Serve over TLS: Node's TLS server options (`key`, `cert`, `ca`, `requestCert`, …). Python: `ssl=SSLContext`. */
  ssl?: TlsOptions | null | undefined;
  /** The listen backlog (default 100). Python: `backlog`. */
  backlog?: number | undefined;
  /** SO_REUSEADDR: Node sets it on every listening TCP socket, so only `true` (the default) is possible. Python: `reuse_address`. */
  reuseAddress?: boolean | null | undefined;
  /** SO_REUSEPORT (Node 22.12 and later). Python: `reuse_port`. */
  reusePort?: boolean | null | undefined;
  /** Accept connections at once (default true); else from `startServing()` or `serveForever()`. Python: `start_serving`. */
  startServing?: boolean | undefined;
  /** Seconds the TLS handshake may take (default 60). Python: `ssl_handshake_timeout`. */
  sslHandshakeTimeout?: number | null | undefined;
  /** `AF_INET` or `AF_INET6` (or Node's 4 or 6): only addresses of that family. Python: `family`. */
  family?: FamilyOption | undefined;
  /**
   * Serve on this listening Node server, or on this listening socket's file descriptor, instead of
   * `host` and `port` (which must then be null). Python: `sock`.
   */
  sock?: NetServer | number | undefined;
}

const SERVER_OPTIONS = new Set([
  "sock",
  "ssl",
  "backlog",
  "reuseAddress",
  "reusePort",
  "startServing",
  "sslHandshakeTimeout",
  "family",
]);

/** A listening socket of a server. Python: the sockets of `server.sockets`. */
export interface ServerSocket {
  /** The address it listens on: `[host, port]`, `[host, port, flowinfo, scopeId]`, or a path. Python: `sock.getsockname()`. */
  getsockname(): SocketAddress;
  /** The Node server underneath. */
  readonly server: NetServer;
  /** The listening descriptor, or -1 once closed. Python: `sock.fileno()`. */
  fileno(): number;
}

type Attached = { _attach(t: SocketTransport): void; _detach(t: SocketTransport): void };

/**
 * A listening server. Python: `asyncio.Server`.
 * @example
 * const server = yield* startServer(handle, "127.0.0.1", 8888);
 * console.log(server.sockets[0].getsockname());
 * yield* server.serveForever();
 */
export class Server extends AbstractServer {
  readonly #loop: EventLoop;
  #servers: NetServer[] | null;
  readonly #addresses: SocketAddress[];
  readonly #protocolFactory: () => StreamProtocol;
  readonly #tls: TlsOptions | null;
  readonly #unix: string | null;
  #serving = false;
  #serveForeverFut: Future<void> | null = null;
  readonly #clients = new Set<SocketTransport>();
  /** Connections accepted before startServing(). */
  #held: Socket[] = [];
  #waiters: Future<void>[] | null = [];
  /** Promise code waiting for the close (`await using`). */
  #promiseWaiters: (() => void)[] = [];
  #releaseOperation: (() => void) | null = null;
  readonly #attached: Attached = {
    _attach: (t) => {
      this.#clients.add(t);
    },
    _detach: (t) => {
      this.#clients.delete(t);
      if (this.#clients.size === 0 && this.#servers === null) this.#wakeup();
    },
  };

  /** @internal made by createServer and createUnixServer, with servers listening */
  constructor(
    loop: EventLoop,
    servers: NetServer[],
    protocolFactory: () => StreamProtocol,
    init: { tls: TlsOptions | null; unix: string | null; wrapTls?: number | null },
  ) {
    super();
    this.#loop = loop;
    this.#servers = servers;
    this.#protocolFactory = protocolFactory;
    this.#tls = init.tls;
    this.#unix = init.unix;
    this.#addresses = servers.map((s) => {
      const a = s.address();
      if (a === null || typeof a === "string") return a ?? (init.unix as string);
      return a.family === "IPv6" ? [a.address, a.port, 0, 0] : [a.address, a.port];
    });
    for (const server of servers) {
      const wrapTls = init.wrapTls ?? null;
      if (wrapTls !== null) {
        // A plain server given as `sock`: each connection's TLS handshake is answered here.
        server.on("connection", (socket: Socket) => this.#handshake(socket, wrapTls));
      } else {
        server.on(init.tls ? "secureConnection" : "connection", (socket: Socket) => this.#accepted(socket));
      }
      // A failed TLS handshake is the client's problem: the server goes on.
      server.on("tlsClientError", (_err: Error, socket: Socket) => socket.destroy());
      server.on("error", (err: Error) => {
        if (this.#loop.isClosed()) return;
        this.#loop.callExceptionHandler({ message: "Server error", exception: osError(err), server: this });
      });
    }
    track(loop, this);
  }

  /** @internal the loop closed with the server open: it stops listening, its held connections dropped */
  _closeWithLoop(): void {
    const servers = this.#servers;
    this.#servers = null;
    this.#serving = false;
    for (const server of servers ?? []) server.close();
    for (const socket of this.#held) socket.destroy();
    this.#held = [];
    this.#releaseOperation?.();
    this.#releaseOperation = null;
  }

  #handshake(socket: Socket, seconds: number): void {
    const secure = new TLSSocket(socket, { ...(this.#tls as TlsOptions), isServer: true });
    const timer = setTimeout(() => secure.destroy(), seconds * 1000);
    secure.once("secure", () => {
      clearTimeout(timer);
      secure.removeAllListeners("error");
      secure.on("error", ignoreError);
      this.#accepted(secure);
    });
    secure.once("error", () => {
      clearTimeout(timer);
      secure.destroy();
    });
  }

  #accepted(socket: Socket): void {
    if (this.#servers === null || this.#loop.isClosed()) {
      socket.destroy();
      return;
    }
    if (!this.#serving) {
      socket.pause();
      this.#held.push(socket);
      return;
    }
    this.#makeTransport(socket);
  }

  #makeTransport(socket: Socket): void {
    let protocol: StreamProtocol;
    try {
      protocol = this.#protocolFactory();
    } catch (err) {
      this.#loop.callExceptionHandler({
        message: "Error on transport creation for incoming connection",
        exception: err,
      });
      socket.destroy();
      return;
    }
    newSocketTransport(this.#loop, socket, protocol, {
      server: this.#attached,
      ...(this.#unix !== null ? { unix: { peername: "", sockname: this.#unix } } : {}),
      ...(this.#tls !== null ? { tls: this.#tls } : {}),
    });
  }

  /** The loop the server runs on. Python: `server.get_loop()`. */
  override getLoop(): EventLoop {
    return this.#loop;
  }

  /** Whether it accepts connections. Python: `server.is_serving()`. */
  override isServing(): boolean {
    return this.#serving && this.#servers !== null;
  }

  /** The listening sockets (empty once closed). Python: `server.sockets`. */
  get sockets(): ServerSocket[] {
    if (this.#servers === null) return [];
    return this.#servers.map((server, i) => ({
      server,
      getsockname: () => this.#addresses[i] as SocketAddress,
      fileno: () => (server as unknown as { _handle?: { fd?: number } | null })._handle?.fd ?? -1,
    }));
  }

  /** Starts accepting connections (those that arrived before are served first). Python: `await server.start_serving()`. */
  override *startServing(): Coro<void> {
    this._startServing();
  }

  /** @internal start_serving, from plain code */
  _startServing(): void {
    if (this.#serving || this.#servers === null) return;
    this.#serving = true;
    // A serving server keeps a virtual clock from jumping: connections come in real time.
    this.#releaseOperation = this.#loop.trackOutsideOperation("server", this.#describe());
    const held = this.#held;
    this.#held = [];
    for (const socket of held) {
      if (socket.destroyed) continue;
      socket.resume();
      this.#makeTransport(socket);
    }
  }

  /**
   * Serves until cancelled; then closes the server and waits for it to close. Python:
   * `await server.serve_forever()`.
   */
  override *serveForever(): Coro<void> {
    if (this.#serveForeverFut !== null) {
      throw new Error(`server ${this.toString()} is already being awaited on serve_forever()`);
    }
    if (this.#servers === null) throw new Error(`server ${this.toString()} is closed`);
    this._startServing();
    const fut = this.#loop.createFuture<void>() as Future<void>;
    this.#serveForeverFut = fut;
    try {
      yield* fut;
    } catch (err) {
      try {
        this.close();
        yield* this.waitClosed();
      } finally {
        // biome-ignore lint/correctness/noUnsafeFinally: Python's serve_forever re-raises the cancellation
        throw err;
      }
    } finally {
      this.#serveForeverFut = null;
    }
  }

  /**
   * Stops listening. Connections already made stay open (see `closeClients()`); `waitClosed()`
   * returns once they are gone too. Python: `server.close()`.
   */
  override close(): void {
    const servers = this.#servers;
    if (servers === null) return;
    this.#servers = null;
    untrack(this.#loop, this);
    for (const server of servers) server.close();
    for (const socket of this.#held) socket.destroy();
    this.#held = [];
    this.#serving = false;
    this.#releaseOperation?.();
    this.#releaseOperation = null;
    const fut = this.#serveForeverFut;
    if (fut !== null && !fut.done()) {
      fut.cancel();
      this.#serveForeverFut = null;
    }
    if (this.#clients.size === 0) this.#wakeup();
  }

  /** Closes every connection of the server (what is buffered is sent first). Python: `server.close_clients()`. */
  closeClients(): void {
    for (const t of [...this.#clients]) t.close();
  }

  /** Closes every connection at once, dropping what is buffered. Python: `server.abort_clients()`. */
  abortClients(): void {
    for (const t of [...this.#clients]) t.abort();
  }

  /** Waits until the server is closed and its connections are gone. Python: `await server.wait_closed()`. */
  override *waitClosed(): Coro<void> {
    const waiters = this.#waiters;
    if (waiters === null) return;
    const waiter = this.#loop.createFuture<void>() as Future<void>;
    waiters.push(waiter);
    yield* waiter;
  }

  #wakeup(): void {
    const waiters = this.#waiters;
    if (waiters === null) return;
    this.#waiters = null;
    for (const w of waiters) if (!w.done()) w.setResult(undefined);
    for (const resolve of this.#promiseWaiters.splice(0)) resolve();
  }

  /** `await using server = …`: closes the server and waits until it is closed. Python: `async with server:`. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    if (this.#waiters === null) return Promise.resolve();
    return new Promise<void>((resolve) => this.#promiseWaiters.push(resolve));
  }

  #describe(): string {
    return this.#addresses.map((a) => (typeof a === "string" ? a : `${a[0]}:${a[1]}`)).join(", ");
  }

  [reprSymbol](): string {
    return `<Server sockets=(${this.sockets.map((s) => `<socket ${repr(s.getsockname())}>`).join(", ")}${this.sockets.length === 1 ? "," : ""})>`;
  }

  override toString(): string {
    return this[reprSymbol]();
  }
}

function checkBacklog(backlog: unknown): number {
  if (backlog === undefined) return 100;
  if (typeof backlog !== "number" || !Number.isInteger(backlog) || backlog < 0) {
    throw new TypeError(`backlog must be a non-negative integer, got ${repr(backlog)}`);
  }
  return backlog;
}

function tlsServerOptions(options: CreateServerOptions): TlsOptions | null {
  const ssl = options.ssl ?? null;
  if (ssl !== null && (typeof ssl !== "object" || Array.isArray(ssl))) {
    throw new TypeError(`ssl argument must be an SSLContext or None, got ${repr(ssl)}`);
  }
  handshakeTimeout(options.sslHandshakeTimeout, ssl !== null);
  return ssl;
}

function newNodeServer(tls: TlsOptions | null, handshakeSeconds: number): NetServer {
  return tls !== null
    ? tlsCreateServer({
        ...tls,
        allowHalfOpen: true,
        handshakeTimeout: handshakeSeconds * 1000,
      } as TlsOptions)
    : netCreateServer({ allowHalfOpen: true });
}

/** Listens on one server, resolving once it is bound. */
function* listen(loop: EventLoop, server: NetServer, how: object, detail: string): Coro<void> {
  const bound = new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
    server.listen(how);
  });
  try {
    yield* tracedFromPromise(bound, loop, "socket", detail);
  } catch (err) {
    server.close();
    throw osError(err);
  } finally {
    server.removeAllListeners("listening");
    server.removeAllListeners("error");
  }
}

/**
 * Listens on `host`:`port` (every address `host` resolves to; `null`: all interfaces) and gives each
 * connection a new protocol. Port 0 picks a free port (see `server.sockets`). Python:
 * `await loop.create_server(protocol_factory, host, port, **kwargs)`.
 */
export function* createServer(
  protocolFactory: () => StreamProtocol,
  host: string | readonly string[] | null = null,
  port: number | null = null,
  options: CreateServerOptions = {},
): Coro<Server> {
  checkOptions(options, SERVER_OPTIONS, "create_server");
  checkProtocolFactory(protocolFactory);
  const loop = getRunningLoop();
  const p = port ?? 0;
  if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 65535) {
    throw new TypeError(`create_server(): port must be an integer in 0..65535, got ${repr(port)}`);
  }
  const backlog = checkBacklog(options.backlog);
  if (options.reuseAddress === false) {
    throw new RangeError(
      "reuse_address=False is not possible: Node sets SO_REUSEADDR on every listening socket",
    );
  }
  checkReusePort(options.reusePort);
  const tls = tlsServerOptions(options);
  if (options.sock !== undefined) {
    if (host !== null || port !== null)
      throw new RangeError("host/port and sock can not be specified at the same time");
    return yield* serveOnSock(loop, protocolFactory, options.sock, tls, backlog, options);
  }
  const family = checkFamily(options.family);
  const hosts = host === null ? [null] : typeof host === "string" ? [host] : [...host];
  const addresses: (string | null)[] = [];
  for (const h of hosts) {
    if (h === null || h === "") {
      addresses.push(null);
      continue;
    }
    if (typeof h !== "string") throw new TypeError(`create_server(): host must be a string, got ${repr(h)}`);
    const found = yield* tracedFromPromise(
      lookup(h, { all: true, family }).catch((err: unknown) => {
        throw osError(err);
      }),
      loop,
      "dns",
      h,
    );
    for (const a of found) if (!addresses.includes(a.address)) addresses.push(a.address);
  }
  const servers: NetServer[] = [];
  try {
    for (const address of addresses) {
      const server = newNodeServer(tls, options.sslHandshakeTimeout ?? 60);
      servers.push(server);
      const how = {
        port: p,
        backlog,
        ...(address !== null ? { host: address } : {}),
        ...(address?.includes(":") ? { ipv6Only: true } : {}),
        ...(options.reusePort ? { reusePort: true } : {}),
      };
      yield* listen(loop, server, how, `listen ${address ?? "*"}:${p}`);
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }
  const result = new Server(loop, servers, protocolFactory, { tls, unix: null });
  if (options.startServing ?? true) result._startServing();
  return result;
}

/** createServer on a Node server or a descriptor already listening (`sock`). */
function* serveOnSock(
  loop: EventLoop,
  protocolFactory: () => StreamProtocol,
  sock: NetServer | number,
  tls: TlsOptions | null,
  backlog: number,
  options: CreateServerOptions,
): Coro<Server> {
  let server: NetServer;
  if (typeof sock === "number") {
    if (!Number.isInteger(sock) || sock < 0)
      throw new TypeError(`sock must be a listening socket, got ${repr(sock)}`);
    server = newNodeServer(null, 60);
    yield* listen(loop, server, { fd: sock, backlog }, `listen fd ${sock}`);
  } else if (sock instanceof NetServerClass) {
    if (!sock.listening) throw new RangeError(`sock must be listening: ${repr(sock)}`);
    server = sock;
    // (Read by Node as each connection is accepted.)
    (server as { allowHalfOpen?: boolean }).allowHalfOpen = true;
  } else {
    throw new TypeError(`sock must be a listening net.Server or a file descriptor, got ${repr(sock)}`);
  }
  const result = new Server(loop, [server], protocolFactory, {
    tls,
    unix: null,
    wrapTls: tls !== null ? (options.sslHandshakeTimeout ?? 60) : null,
  });
  if (options.startServing ?? true) result._startServing();
  return result;
}

/** Options of {@link createUnixServer}. */
export type CreateUnixServerOptions = Pick<
  CreateServerOptions,
  "ssl" | "backlog" | "startServing" | "sslHandshakeTimeout" | "sock"
>;

const UNIX_SERVER_OPTIONS = new Set(["ssl", "backlog", "startServing", "sslHandshakeTimeout", "sock"]);

/**
 * Listens on the Unix socket `path` (a stale socket file there is replaced, as asyncio does).
 * Python: `await loop.create_unix_server(protocol_factory, path)`.
 */
export function* createUnixServer(
  protocolFactory: () => StreamProtocol,
  path: string | null,
  options: CreateUnixServerOptions = {},
): Coro<Server> {
  checkOptions(options, UNIX_SERVER_OPTIONS, "create_unix_server");
  checkProtocolFactory(protocolFactory);
  if (options.sock !== undefined && options.sock !== null) {
    if (path !== null) throw new RangeError("path and sock can not be specified at the same time");
    const loop = getRunningLoop();
    const tls = tlsServerOptions(options);
    return yield* serveOnSock(
      loop,
      protocolFactory,
      options.sock,
      tls,
      checkBacklog(options.backlog),
      options,
    );
  }
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`create_unix_server(): path must be a non-empty string, got ${repr(path)}`);
  }
  const loop = getRunningLoop();
  const backlog = checkBacklog(options.backlog);
  const tls = tlsServerOptions(options);
  yield* removeStaleSocket(loop, path);
  const server = newNodeServer(tls, options.sslHandshakeTimeout ?? 60);
  yield* listen(loop, server, { path, backlog }, `listen ${path}`);
  const result = new Server(loop, [server], protocolFactory, { tls, unix: path });
  if (options.startServing ?? true) result._startServing();
  return result;
}

/** asyncio removes a socket file left at `path` by an earlier server (never a regular file). */
function* removeStaleSocket(loop: EventLoop, path: string): Coro<void> {
  const gone = (async () => {
    try {
      if ((await lstat(path)).isSocket()) await unlink(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw osError(err, path);
    }
  })();
  yield* tracedFromPromise(gone, loop, "fs", `unlink ${path}`);
}
