/**
 * Connections and servers at the transport level: a protocol factory gets a transport per
 * connection. Python: `loop.create_connection`, `loop.create_server`, `loop.create_unix_connection`,
 * `loop.create_unix_server` (asyncio.base_events and unix_events), on Node's `net` and `tls`.
 */
import { isIP, Socket as NetSocket, connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, TLSSocket, type TlsOptions, connect as tlsConnect } from "node:tls";
import { OSError } from "@aio/fs";
import { osError } from "@aio/fs/internal";
import { type Future, TimeoutError } from "@aio/future";
import { type EventLoop, getRunningLoop, repr, typeName } from "@aio/loop";
import { type Coro, isCancelledError } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import { type AddrInfo, AF_INET, AF_INET6, type getaddrinfo, SOCK_STREAM } from "./dns.js";
import { gaiError, sslError } from "./errors.js";
import {
  checkFamily,
  checkOptions,
  checkProtocolFactory,
  type FamilyOption,
  handshakeTimeout,
  ignoreError,
} from "./internal/checks.js";
import {
  addressRepr,
  newSocketTransport,
  type SocketAddress,
  type SocketTransport,
  type StreamProtocol,
  TransportSocket,
} from "./socket-transport.js";

/** TLS for a connection: `true` (the system's CAs, the host name checked), or Node's TLS options (`ca`, `cert`, `key`, `rejectUnauthorized`, …). Python: `ssl=True` or an `SSLContext`. */
export type SslOption = boolean | ConnectionOptions;

/** Options of {@link createConnection}. */
export interface CreateConnectionOptions {
  /** Encrypt the connection with TLS. Python: `ssl`. */
  ssl?: SslOption | null | undefined;
  /** The name the server's certificate must carry (default: `host`). Python: `server_hostname`. */
  serverHostname?: string | null | undefined;
  /** Bind the socket to this local `[host, port]` first. Python: `local_addr`. */
  localAddr?: [string, number] | null | undefined;
  /** Seconds the TLS handshake may take (default 60). Python: `ssl_handshake_timeout`. */
  sslHandshakeTimeout?: number | null | undefined;
  /** `AF_INET` or `AF_INET6` (or Node's 4 or 6): only addresses of that family. Python: `family`. */
  family?: FamilyOption | undefined;
}

const CONNECTION_OPTIONS = new Set(["ssl", "serverHostname", "localAddr", "sslHandshakeTimeout", "family"]);

function checkPort(port: unknown, fn: string): number {
  if (typeof port === "string" && /^\d+$/.test(port)) port = Number(port);
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`${fn}(): port must be an integer in 0..65535, got ${repr(port)}`);
  }
  return port;
}

function checkHost(host: unknown, fn: string): string {
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`${fn}(): host must be a non-empty string, got ${repr(host)}`);
  }
  return host;
}

/** The error Python raises for a failed connect: `[Errno 111] Connect call failed ('127.0.0.1', 1)`. */
function connectError(err: unknown, host: string, port: number | null): unknown {
  const _code = (err as NodeJS.ErrnoException | null)?.code;
  const gai = gaiError(err);
  if (gai !== err) return gai;
  const base = osError(err);
  if (!(base instanceof OSError) || base.errno === undefined) return base;
  const syscall = (err as NodeJS.ErrnoException).syscall;
  if (syscall === "bind") {
    // asyncio: "error while attempting to bind on address ('127.0.0.1', 8080): address already in use"
    const e = err as { address?: string; port?: number };
    const local: SocketAddress =
      isIP(e.address ?? "") === 6 ? [e.address as string, e.port ?? 0, 0, 0] : [e.address ?? "", e.port ?? 0];
    const Class = base.constructor as typeof OSError;
    return new Class(
      base.errno,
      `error while attempting to bind on address ${addressRepr(local)}: ${String(base.strerror).toLowerCase()}`,
      undefined,
      undefined,
      { code: base.code as string, cause: err },
    );
  }
  if (syscall !== "connect") return base;
  const e = err as { address?: string; port?: number };
  const address: SocketAddress =
    port === null
      ? (e.address ?? host)
      : isIP(e.address ?? "") === 6
        ? [e.address as string, e.port ?? port, 0, 0]
        : [e.address ?? host, e.port ?? port];
  const Class = base.constructor as typeof OSError;
  return new Class(base.errno, `Connect call failed ${addressRepr(address)}`, undefined, undefined, {
    code: base.code as string,
    cause: err,
  });
}

/**
 * Waits until `socket` is connected (`event`), destroying it if the wait fails or is cancelled.
 * An error after the connection is the transport's: it stays recorded on the socket.
 */
export function* awaitConnected(
  loop: EventLoop,
  socket: Socket,
  event: "connect" | "secureConnect" | "secure",
  detail: string,
  timeoutSeconds: number | null,
): Coro<Socket> {
  let timer: NodeJS.Timeout | null = null;
  const connected = new Promise<Socket>((resolve, reject) => {
    socket.once(event, () => resolve(socket));
    socket.once("error", reject);
    if (timeoutSeconds !== null) {
      timer = setTimeout(() => {
        reject(
          new TimeoutError(
            `SSL handshake is taking longer than ${timeoutSeconds} seconds: aborting the connection`,
          ),
        );
      }, timeoutSeconds * 1000);
    }
  });
  try {
    return yield* tracedFromPromise(connected, loop, "socket", detail);
  } catch (err) {
    socket.destroy();
    throw sslError(err); // a TLS failure is Python's ssl.SSLError
  } finally {
    if (timer !== null) clearTimeout(timer);
    // Errors from now on reach the transport (it checks socket.destroyed and socket.errored).
    socket.removeAllListeners("error");
    socket.on("error", ignoreError);
  }
}

function tlsOptions(ssl: SslOption): ConnectionOptions {
  if (ssl === true) return {};
  if (typeof ssl !== "object" || ssl === null) {
    throw new TypeError(`ssl argument must be an SSLContext or None, not '${typeName(ssl)}'`);
  }
  return ssl;
}

/**
 * Connects to `host`:`port` and hands the connection to a new protocol. Python:
 * `await loop.create_connection(protocol_factory, host, port, **kwargs)`.
 * @example
 * const [transport, protocol] = yield* createConnection(() => new EchoClient(), "127.0.0.1", 8888);
 */
export function* createConnection<P extends StreamProtocol>(
  protocolFactory: () => P,
  host: string,
  port: number,
  options: CreateConnectionOptions = {},
): Coro<[SocketTransport, P]> {
  checkOptions(options, CONNECTION_OPTIONS, "create_connection");
  checkProtocolFactory(protocolFactory);
  const h = checkHost(host, "create_connection");
  const p = checkPort(port, "create_connection");
  const loop = getRunningLoop();
  const ssl = options.ssl ?? false;
  if (options.serverHostname !== undefined && options.serverHostname !== null && !ssl) {
    throw new RangeError("server_hostname is only meaningful with ssl");
  }
  const handshake = handshakeTimeout(options.sslHandshakeTimeout, Boolean(ssl));
  const family = checkFamily(options.family);
  const tls = ssl ? tlsOptions(ssl) : null;
  const connect = function* (host: string, local: [string, number] | null): Coro<Socket> {
    const base = {
      host,
      port: p,
      allowHalfOpen: true,
      ...(local !== null ? { localAddress: local[0], localPort: local[1] } : {}),
      ...(family !== 0 ? { family } : {}),
    };
    let socket: Socket;
    try {
      socket =
        tls !== null
          ? tlsConnect({
              ...base,
              ...tls,
              servername: options.serverHostname ?? (isIP(h) === 0 ? h : undefined),
            } as ConnectionOptions)
          : netConnect(base);
    } catch (err) {
      throw connectError(err, host, p);
    }
    try {
      return yield* awaitConnected(
        loop,
        socket,
        tls ? "secureConnect" : "connect",
        `connect ${h}:${p}`,
        handshake,
      );
    } catch (err) {
      throw connectError(err, host, p);
    }
  };
  const socket =
    options.localAddr === undefined || options.localAddr === null
      ? yield* connect(h, null)
      : yield* connectFromLocal(loop, h, p, options.localAddr, family, connect);
  return yield* makeTransport(loop, socket, protocolFactory, tls !== null ? { tls } : {});
}

/** asyncio's name of an address family, as its errors print it. */
function familyName(af: number): string {
  return af === AF_INET6 ? "AddressFamily.AF_INET6" : "AddressFamily.AF_INET";
}

/**
 * Connects from `localAddr` as asyncio does: both ends resolved through the loop's `getaddrinfo`,
 * each remote address tried from a local address of its family; the errors of every try raised
 * together when none connects.
 */
function* connectFromLocal(
  loop: EventLoop,
  host: string,
  port: number,
  localAddr: [string, number],
  family: 0 | 4 | 6,
  connect: (host: string, local: [string, number]) => Coro<Socket>,
): Coro<Socket> {
  const af = family === 4 ? AF_INET : family === 6 ? AF_INET6 : 0;
  const resolve = (loop as unknown as { getaddrinfo: typeof getaddrinfo }).getaddrinfo.bind(loop);
  const locals = yield* resolve(localAddr[0], localAddr[1], { family: af, type: SOCK_STREAM });
  if (locals.length === 0) throw new OSError(`getaddrinfo(${repr(localAddr[0])}) returned empty list`);
  const ip = isIP(host);
  const remotes: AddrInfo[] =
    ip !== 0
      ? [[ip === 6 ? AF_INET6 : AF_INET, SOCK_STREAM, 6, "", ip === 6 ? [host, port, 0, 0] : [host, port]]]
      : yield* resolve(host, port, { family: af, type: SOCK_STREAM });
  if (remotes.length === 0) throw new OSError(`getaddrinfo(${repr(host)}) returned empty list`);
  const errors: unknown[] = [];
  for (const [remoteFamily, , , , remoteAddr] of remotes) {
    const local = locals.find(([f]) => f === remoteFamily);
    if (local === undefined) {
      errors.push(new OSError(`no matching local address with family=${familyName(remoteFamily)} found`));
      continue;
    }
    const [localHost, localPort] = local[4] as [string, number];
    try {
      return yield* connect((remoteAddr as [string, number])[0], [localHost, localPort]);
    } catch (err) {
      if (isCancelledError(err)) throw err;
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  const texts = errors.map((e) => String((e as Error).message));
  if (texts.every((t) => t === texts[0])) throw errors[0];
  throw new OSError(`Multiple exceptions: ${texts.join(", ")}`);
}

/** Options of {@link connectAcceptedSocket}. */
export interface ConnectAcceptedSocketOptions {
  /** Encrypt the connection with TLS as its server side (Node's TLS server options: `key`, `cert`, …). Python: `ssl`. */
  ssl?: TlsOptions | null | undefined;
  /** Seconds the TLS handshake may take (default 60). Python: `ssl_handshake_timeout`. */
  sslHandshakeTimeout?: number | null | undefined;
}

const ACCEPTED_OPTIONS = new Set(["ssl", "sslHandshakeTimeout"]);

/**
 * Hands a connection accepted outside aio (a connected Node socket) to a new protocol, as a server
 * would. Python: `await loop.connect_accepted_socket(protocol_factory, sock, ssl=None)`.
 */
export function* connectAcceptedSocket<P extends StreamProtocol>(
  protocolFactory: () => P,
  sock: Socket | TransportSocket,
  options: ConnectAcceptedSocketOptions = {},
): Coro<[SocketTransport, P]> {
  checkOptions(options, ACCEPTED_OPTIONS, "connect_accepted_socket");
  checkProtocolFactory(protocolFactory);
  const ssl = options.ssl ?? null;
  const handshake = handshakeTimeout(options.sslHandshakeTimeout, ssl !== null);
  const socket = sock instanceof TransportSocket ? sock.nodeSocket : sock;
  if (!(socket instanceof NetSocket)) {
    throw new TypeError(`A Stream Socket was expected, got ${repr(sock)}`);
  }
  const loop = getRunningLoop();
  if (ssl === null) {
    // A server's accepted socket may have been left paused (pauseOnConnect): the transport reads.
    socket.resume();
    return yield* makeTransport(loop, socket, protocolFactory, {});
  }
  const secure = new TLSSocket(socket, { ...ssl, isServer: true });
  yield* awaitConnected(loop, secure, "secure", "tls accept", handshake);
  return yield* makeTransport(loop, secure, protocolFactory, { tls: ssl });
}

/** Options of {@link createUnixConnection}. */
export interface CreateUnixConnectionOptions {
  /** Encrypt the connection with TLS. Python: `ssl`. */
  ssl?: SslOption | null | undefined;
  /** The name the server's certificate must carry (needed with `ssl`). Python: `server_hostname`. */
  serverHostname?: string | null | undefined;
  /** Seconds the TLS handshake may take (default 60). Python: `ssl_handshake_timeout`. */
  sslHandshakeTimeout?: number | null | undefined;
}

const UNIX_CONNECTION_OPTIONS = new Set(["ssl", "serverHostname", "sslHandshakeTimeout"]);

/**
 * Connects to the Unix socket at `path`. Python: `await loop.create_unix_connection(protocol_factory, path)`.
 */
export function* createUnixConnection<P extends StreamProtocol>(
  protocolFactory: () => P,
  path: string,
  options: CreateUnixConnectionOptions = {},
): Coro<[SocketTransport, P]> {
  checkOptions(options, UNIX_CONNECTION_OPTIONS, "create_unix_connection");
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`create_unix_connection(): path must be a non-empty string, got ${repr(path)}`);
  }
  const loop = getRunningLoop();
  const ssl = options.ssl ?? false;
  if (ssl && (options.serverHostname === undefined || options.serverHostname === null)) {
    throw new RangeError("you have to pass server_hostname when using ssl");
  }
  const handshake = handshakeTimeout(options.sslHandshakeTimeout, Boolean(ssl));
  const socket = ssl
    ? tlsConnect({
        path,
        allowHalfOpen: true,
        ...tlsOptions(ssl),
        ...(options.serverHostname ? { servername: options.serverHostname } : {}),
      } as ConnectionOptions)
    : netConnect({ path, allowHalfOpen: true });
  try {
    yield* awaitConnected(loop, socket, ssl ? "secureConnect" : "connect", `connect ${path}`, handshake);
  } catch (err) {
    throw connectError(err, path, null);
  }
  return yield* makeTransport(loop, socket, protocolFactory, {
    unix: { peername: path, sockname: "" },
    ...(ssl ? { tls: tlsOptions(ssl) } : {}),
  });
}

/** A transport for a connected socket, once the protocol's connectionMade has run. */
export function* makeTransport<P extends StreamProtocol>(
  loop: EventLoop,
  socket: Socket,
  protocolFactory: () => P,
  init: { unix?: { peername: string; sockname: string }; tls?: object },
): Coro<[SocketTransport, P]> {
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (err) {
    socket.destroy();
    throw err;
  }
  const waiter = loop.createFuture<void>() as Future<void>;
  const transport = newSocketTransport(loop, socket, protocol, { ...init, waiter });
  try {
    yield* waiter;
  } catch (err) {
    transport.close();
    throw err;
  }
  return [transport, protocol];
}
