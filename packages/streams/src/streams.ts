/**
 * asyncio's high-level streams: a connection as a StreamReader and a StreamWriter. Python:
 * `asyncio.open_connection`, `asyncio.start_server`, `asyncio.open_unix_connection`,
 * `asyncio.start_unix_server`.
 */
import { getRunningLoop, repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import {
  type CreateConnectionOptions,
  type CreateUnixConnectionOptions,
  createConnection,
  createUnixConnection,
} from "./connections.js";
import {
  type CreateServerOptions,
  type CreateUnixServerOptions,
  createServer,
  createUnixServer,
  type Server,
} from "./server.js";
import type { SocketTransport } from "./socket-transport.js";
import { type ClientConnected, StreamReaderProtocol } from "./stream-protocol.js";
import { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";

/** The reader's line and buffer limit (default 64 KiB). Python: `limit`. */
export interface LimitOption {
  /** The reader's line length limit, and half its buffer's (default 64 KiB). */
  limit?: number | undefined;
}

/** Options of {@link openConnection}. */
export type OpenConnectionOptions = CreateConnectionOptions & LimitOption;
/** Options of {@link startServer}. */
export type StartServerOptions = CreateServerOptions & LimitOption;
/** Options of {@link openUnixConnection}. */
export type OpenUnixConnectionOptions = CreateUnixConnectionOptions & LimitOption;
/** Options of {@link startUnixServer}. */
export type StartUnixServerOptions = CreateUnixServerOptions & LimitOption;

function splitLimit<T extends LimitOption>(options: T): [number | undefined, Omit<T, "limit">] {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${repr(options)}`);
  }
  const { limit, ...rest } = options;
  return [limit, rest];
}

/** A reader and a writer for the connection `connect` makes with a StreamReaderProtocol. */
function* openStreams(
  limit: number | undefined,
  connect: (factory: () => StreamReaderProtocol) => Coro<[SocketTransport, StreamReaderProtocol]>,
): Coro<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const reader = new StreamReader({ limit, loop });
  const [transport, protocol] = yield* connect(() => new StreamReaderProtocol(reader, null, { loop }));
  return [reader, new StreamWriter(transport, protocol, reader)];
}

/** What a server makes for each connection: a reader, and a protocol that calls `clientConnected`. */
function serverProtocol(
  limit: number | undefined,
  clientConnected: ClientConnected,
): () => StreamReaderProtocol {
  if (typeof clientConnected !== "function") {
    throw new TypeError(`client_connected_cb must be callable, got ${repr(clientConnected)}`);
  }
  const loop = getRunningLoop();
  return () => new StreamReaderProtocol(new StreamReader({ limit, loop }), clientConnected, { loop });
}

/**
 * Connects to `host`:`port`: a reader and a writer for the connection. Python:
 * `reader, writer = await asyncio.open_connection(host, port, **kwargs)`.
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 * writer.write("ping\n");
 * console.log((yield* reader.readline()).toString());
 * writer.close();
 * yield* writer.waitClosed();
 */
export function* openConnection(
  host: string,
  port: number,
  options: OpenConnectionOptions = {},
): Coro<[StreamReader, StreamWriter]> {
  const [limit, rest] = splitLimit(options);
  return yield* openStreams(limit, (factory) => createConnection(factory, host, port, rest));
}

/**
 * Listens on `host`:`port`; `clientConnected(reader, writer)` runs for each connection (a coroutine
 * function gets a Task per connection). Python: `await asyncio.start_server(client_connected_cb, host, port, **kwargs)`.
 * @example
 * function* echo(reader: StreamReader, writer: StreamWriter) {
 *   for (;;) {
 *     const line = yield* reader.readline();
 *     if (line.length === 0) break;
 *     writer.write(line);
 *     yield* writer.drain();
 *   }
 *   writer.close();
 * }
 * const server = yield* startServer(echo, "127.0.0.1", 8888);
 * yield* server.serveForever();
 */
export function* startServer(
  clientConnected: ClientConnected,
  host: string | readonly string[] | null = null,
  port: number | null = null,
  options: StartServerOptions = {},
): Coro<Server> {
  const [limit, rest] = splitLimit(options);
  return yield* createServer(serverProtocol(limit, clientConnected), host, port, rest);
}

/** Connects to the Unix socket at `path`. Python: `await asyncio.open_unix_connection(path, **kwargs)`. */
export function* openUnixConnection(
  path: string,
  options: OpenUnixConnectionOptions = {},
): Coro<[StreamReader, StreamWriter]> {
  const [limit, rest] = splitLimit(options);
  return yield* openStreams(limit, (factory) => createUnixConnection(factory, path, rest));
}

/** Listens on the Unix socket `path`. Python: `await asyncio.start_unix_server(client_connected_cb, path, **kwargs)`. */
export function* startUnixServer(
  clientConnected: ClientConnected,
  path: string,
  options: StartUnixServerOptions = {},
): Coro<Server> {
  const [limit, rest] = splitLimit(options);
  return yield* createUnixServer(serverProtocol(limit, clientConnected), path, rest);
}
