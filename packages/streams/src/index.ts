/**
 * @aio/streams — asyncio's streams for Node: readers and writers over TCP, Unix sockets and TLS,
 * and the transports and protocols underneath. Python: `asyncio.streams`, `loop.create_connection`,
 * `loop.create_server`.
 * @packageDocumentation
 */

import "./loop-methods.js";

export {
  type ConnectAcceptedSocketOptions,
  type CreateConnectionOptions,
  type CreateUnixConnectionOptions,
  connectAcceptedSocket,
  createConnection,
  createUnixConnection,
  type SslOption,
} from "./connections.js";
export {
  type CreateDatagramEndpointOptions,
  createDatagramEndpoint,
  type DatagramAddress,
  UdpTransport,
} from "./datagram.js";
export {
  type AddrInfo,
  AF_INET,
  AF_INET6,
  type GetaddrinfoOptions,
  getaddrinfo,
  getnameinfo,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
} from "./dns.js";
export {
  CertificateError,
  GaiError,
  IncompleteReadError,
  LimitOverrunError,
  SSLCertVerificationError,
  SSLError,
} from "./errors.js";
export type { FamilyOption } from "./internal/checks.js";
export { connectReadPipe, connectWritePipe, type PipeLike } from "./pipes.js";
export {
  BaseProtocol,
  BufferedProtocol,
  DatagramProtocol,
  Protocol,
  SubprocessProtocol,
} from "./protocols.js";
export {
  type CreateServerOptions,
  type CreateUnixServerOptions,
  createServer,
  createUnixServer,
  Server,
  type ServerSocket,
} from "./server.js";
export {
  type SocketAddress,
  SocketTransport,
  SSLProtocolTransport,
  type StreamProtocol,
  TransportSocket,
} from "./socket-transport.js";
export {
  type PeerCert,
  type RelativeDistinguishedName,
  SSLObject,
} from "./ssl-object.js";
export { type StartTlsOptions, startTls } from "./start-tls.js";
export { type ClientConnected, FlowControlProtocol, StreamReaderProtocol } from "./stream-protocol.js";
export {
  DEFAULT_LIMIT,
  type ReadingControl,
  type Separator,
  StreamReader,
  type StreamReaderOptions,
} from "./stream-reader.js";
export { StreamWriter } from "./stream-writer.js";
export {
  type LimitOption,
  type OpenConnectionOptions,
  type OpenUnixConnectionOptions,
  openConnection,
  openUnixConnection,
  type StartServerOptions,
  type StartUnixServerOptions,
  startServer,
  startUnixServer,
} from "./streams.js";
export {
  createSubprocessExec,
  createSubprocessShell,
  Process,
  type SubprocessOptions,
} from "./subprocess.js";
export {
  BaseSubprocessTransport,
  DEVNULL,
  PIPE,
  Popen,
  type SpawnOptions,
  STDOUT,
  type StdioTarget,
  type SubprocessTransportOptions,
  subprocessExec,
  subprocessShell,
  UnixSubprocessTransport,
} from "./subprocess-transport.js";
export {
  BaseTransport,
  DatagramTransport,
  ReadTransport,
  SubprocessTransport,
  Transport,
  WriteTransport,
} from "./transports.js";
