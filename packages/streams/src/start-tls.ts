/**
 * Upgrading a connection to TLS in place. Python: `loop.start_tls()` and `StreamWriter.start_tls()`.
 */
import {
  type ConnectionOptions,
  type TLSSocket,
  TLSSocket as TLSSocketClass,
  type TlsOptions,
  connect as tlsConnect,
} from "node:tls";
import { getRunningLoop, repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { awaitConnected, type SslOption } from "./connections.js";
import { checkOptions, handshakeTimeout } from "./internal/checks.js";
import { newSocketTransport, SocketTransport, type StreamProtocol } from "./socket-transport.js";

/** Options of {@link startTls}. */
export interface StartTlsOptions {
  /** This end is the server (it answers the handshake). Python: `server_side`. */
  serverSide?: boolean | undefined;
  /** The name the server's certificate must carry (client side). Python: `server_hostname`. */
  serverHostname?: string | null | undefined;
  /** Seconds the handshake may take (default 60). Python: `ssl_handshake_timeout`. */
  sslHandshakeTimeout?: number | null | undefined;
}

const START_TLS_OPTIONS = new Set(["serverSide", "serverHostname", "sslHandshakeTimeout"]);

/**
 * Upgrades the connection of `transport` to TLS: once the handshake is done, a new transport
 * carries the same protocol over TLS, and the old one is no longer usable. Python:
 * `await loop.start_tls(transport, protocol, sslcontext, server_side=…, server_hostname=…)`.
 */
export function* startTls(
  transport: SocketTransport,
  protocol: StreamProtocol,
  sslcontext: SslOption | TlsOptions,
  options: StartTlsOptions = {},
): Coro<SocketTransport> {
  checkOptions(options, START_TLS_OPTIONS, "start_tls");
  if (!(transport instanceof SocketTransport) || transport.getExtraInfo("sslcontext") !== null) {
    throw new TypeError(`transport ${repr(transport)} is not supported by start_tls()`);
  }
  if (sslcontext === true) sslcontext = {};
  if (typeof sslcontext !== "object" || sslcontext === null) {
    throw new TypeError(
      `sslcontext is expected to be an instance of ssl.SSLContext, got ${repr(sslcontext)}`,
    );
  }
  const t = handshakeTimeout(options.sslHandshakeTimeout, true) as number;
  const loop = getRunningLoop();
  const { socket, unread, init } = transport._handOver();
  // What arrived after the last read and before the upgrade is the peer's first TLS bytes.
  for (const chunk of unread.reverse()) socket.unshift(chunk);
  const serverSide = options.serverSide === true;
  const tlsSocket: TLSSocket = serverSide
    ? new TLSSocketClass(socket, { ...(sslcontext as TlsOptions), isServer: true })
    : tlsConnect({
        ...(sslcontext as ConnectionOptions),
        socket,
        ...(options.serverHostname ? { servername: options.serverHostname } : {}),
      });
  try {
    yield* awaitConnected(loop, tlsSocket, serverSide ? "secure" : "secureConnect", "start_tls", t);
  } catch (err) {
    socket.destroy();
    // The protocol's connection is gone with the handshake.
    loop.callSoon(() => protocol.connectionLost(err));
    init.server?._detach(transport);
    throw err;
  }
  const upgraded = newSocketTransport(loop, tlsSocket, protocol, {
    ...init,
    tls: sslcontext,
    adopted: true,
  });
  init.server?._detach(transport);
  return upgraded;
}
