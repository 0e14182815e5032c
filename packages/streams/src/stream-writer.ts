/**
 * The writing half of a connection. Python: `asyncio.StreamWriter`.
 */

import type { TlsOptions } from "node:tls";
import { repr, reprSymbol } from "@aio/loop";
import { type Coro, sleep } from "@aio/task";
import type { SslOption } from "./connections.js";
import type { SocketTransport } from "./socket-transport.js";
import { startTls } from "./start-tls.js";
import type { FlowControlProtocol, StreamReaderProtocol } from "./stream-protocol.js";
import type { StreamReader } from "./stream-reader.js";
import type { Transport } from "./transports.js";

/**
 * Writes to a connection; `drain()` waits while the peer is slow to read. Python: `asyncio.StreamWriter`.
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 * writer.write("hello\n");
 * yield* writer.drain();
 * writer.close();
 * yield* writer.waitClosed();
 */
export class StreamWriter {
  #transport: Transport;
  readonly #protocol: FlowControlProtocol;
  readonly #reader: StreamReader | null;

  /** @internal made by openConnection and servers */
  constructor(transport: Transport, protocol: FlowControlProtocol, reader: StreamReader | null) {
    this.#transport = transport;
    this.#protocol = protocol;
    this.#reader = reader;
  }

  /** The transport underneath. Python: `writer.transport`. */
  get transport(): Transport {
    return this.#transport;
  }

  /** Sends `data` without waiting (see `drain()`). Strings go as UTF-8. Python: `writer.write(data)`. */
  write(data: Uint8Array | string): void {
    this.#transport.write(data);
  }

  /** Sends each chunk. Python: `writer.writelines(data)`. */
  writelines(data: Iterable<Uint8Array | string>): void {
    this.#transport.writelines(data);
  }

  /** Closes the write end once what is buffered is sent (a half-close). Python: `writer.write_eof()`. */
  writeEof(): void {
    this.#transport.writeEof();
  }

  /** Whether `writeEof()` is possible (not over TLS). Python: `writer.can_write_eof()`. */
  canWriteEof(): boolean {
    return this.#transport.canWriteEof();
  }

  /** Closes the connection once what is buffered is sent. Python: `writer.close()`. */
  close(): void {
    this.#transport.close();
  }

  /** Whether the connection is closing or closed. Python: `writer.is_closing()`. */
  isClosing(): boolean {
    return this.#transport.isClosing();
  }

  /** Waits until the connection is closed; raises the error it ended with, if any. Python: `await writer.wait_closed()`. */
  *waitClosed(): Coro<void> {
    yield* this.#protocol._getCloseWaiter(this);
  }

  /** Information about the connection: `peername`, `sockname`, `socket`, `sslcontext`, `peercert`, `cipher`. Python: `writer.get_extra_info(name, default=None)`. */
  getExtraInfo<T = unknown>(name: string, dflt: T | null = null): T | null {
    return this.#transport.getExtraInfo<T>(name, dflt);
  }

  /**
   * Waits until the write buffer is below its low-water mark (at once when it is not full). Raises
   * the reader's error, or `ConnectionResetError("Connection lost")` once the connection is gone.
   * Python: `await writer.drain()`.
   */
  *drain(): Coro<void> {
    const exc = this.#reader?.exception();
    if (exc !== null && exc !== undefined) throw exc;
    if (this.#transport.isClosing()) {
      // Yield to the loop so that connectionLost() may run: a write(); drain() loop on a closed
      // connection then sees the error instead of spinning.
      yield* sleep(0);
    }
    if (!this.#protocol._drained()) yield* this.#protocol._drainHelper();
  }

  /**
   * Upgrades the connection to TLS (the client side, or the server side in a server's callback)
   * once what is buffered is sent; reads and writes then go through TLS. Python:
   * `await writer.start_tls(sslcontext, server_hostname=…, ssl_handshake_timeout=…)`.
   */
  *startTls(
    sslcontext: SslOption | TlsOptions,
    options: {
      serverHostname?: string | null | undefined;
      sslHandshakeTimeout?: number | null | undefined;
    } = {},
  ): Coro<void> {
    const protocol = this.#protocol as StreamReaderProtocol;
    const serverSide = protocol._isServerSide();
    yield* this.drain();
    this.#transport = yield* startTls(this.#transport as SocketTransport, protocol, sslcontext, {
      serverSide,
      ...options,
    });
    protocol._replaceWriter(this);
  }

  /** @internal the protocol (tests reach it as asyncio's reach `writer._protocol`) */
  get _protocol(): FlowControlProtocol {
    return this.#protocol;
  }

  [reprSymbol](): string {
    const parts = [`transport=${repr(this.#transport)}`];
    if (this.#reader !== null) parts.push(`reader=${repr(this.#reader)}`);
    return `<StreamWriter ${parts.join(" ")}>`;
  }

  toString(): string {
    return this[reprSymbol]();
  }
}
