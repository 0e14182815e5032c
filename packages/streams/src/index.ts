/**
 * @aio/streams — asyncio's streams for Node: readers and writers over TCP, Unix sockets, TLS and
 * child processes. Python: `asyncio.streams`, `asyncio.subprocess`.
 * @packageDocumentation
 */

export { IncompleteReadError, LimitOverrunError } from "./errors.js";
export {
  BaseProtocol,
  BufferedProtocol,
  DatagramProtocol,
  Protocol,
  SubprocessProtocol,
} from "./protocols.js";
export {
  DEFAULT_LIMIT,
  type ReadingControl,
  type Separator,
  StreamReader,
  type StreamReaderOptions,
} from "./streams.js";
export {
  BaseTransport,
  DatagramTransport,
  ReadTransport,
  SubprocessTransport,
  Transport,
  WriteTransport,
} from "./transports.js";
