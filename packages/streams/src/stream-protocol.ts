/**
 * The protocol between a transport and a StreamReader/StreamWriter pair. Python:
 * `asyncio.streams.FlowControlMixin` and `asyncio.StreamReaderProtocol`.
 */
import { ConnectionResetError } from "@aio/fs";
import type { Future } from "@aio/future";
import { type EventLoop, getEventLoop, isCoroutine, tryGetRunningLoop } from "@aio/loop";
import { type Coro, ensureFuture } from "@aio/task";
import { Protocol } from "./protocols.js";
import type { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";
import type { BaseTransport, Transport } from "./transports.js";

/**
 * Flow control for writers: `drain()` waits while the transport says its buffer is too full.
 * Python: `asyncio.streams.FlowControlMixin`.
 */
export class FlowControlProtocol extends Protocol {
  protected readonly loop: EventLoop;
  #paused = false;
  readonly #drainWaiters = new Set<Future<void>>();
  #connectionLost = false;

  constructor(loop: EventLoop) {
    super();
    this.loop = loop;
  }

  override pauseWriting(): void {
    this.#paused = true;
  }

  override resumeWriting(): void {
    this.#paused = false;
    for (const waiter of this.#drainWaiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  override connectionLost(exc: unknown): void {
    this.#connectionLost = true;
    // Waiters wake even when not paused: they may be waiting for the loss itself.
    for (const waiter of this.#drainWaiters) {
      if (waiter.done()) continue;
      if (exc === null || exc === undefined) waiter.setResult(undefined);
      else waiter.setException(exc);
    }
  }

  /** @internal whether `_drainHelper()` would return at once (drain()'s fast path, no generator) */
  _drained(): boolean {
    return !this.#connectionLost && !this.#paused;
  }

  /** @internal what StreamWriter.drain() waits on */
  *_drainHelper(): Coro<void> {
    if (this.#connectionLost) throw new ConnectionResetError("Connection lost");
    if (!this.#paused) return;
    const waiter = this.loop.createFuture<void>() as Future<void>;
    this.#drainWaiters.add(waiter);
    try {
      yield* waiter;
    } finally {
      this.#drainWaiters.delete(waiter);
    }
  }

  /** @internal the future `waitClosed()` waits on */
  _getCloseWaiter(_stream: StreamWriter): Future<void> {
    throw new Error("_getCloseWaiter must be implemented");
  }
}

/** What a server calls for each connection: a plain function, or a coroutine function (a Task each). */
export type ClientConnected = (reader: StreamReader, writer: StreamWriter) => unknown;

/**
 * Feeds a StreamReader from a transport, and makes the StreamWriter of a server's connection.
 * Python: `asyncio.StreamReaderProtocol`.
 */
export class StreamReaderProtocol extends FlowControlProtocol {
  #reader: StreamReader | null;
  #transport: Transport | null = null;
  readonly #clientConnected: ClientConnected | null;
  #overSsl = false;
  readonly #closed: Future<void>;
  #task: unknown = null;

  /**
   * Feeds `reader`; with `clientConnected`, makes a StreamWriter per connection and calls it (a
   * server's protocol). Python: `asyncio.StreamReaderProtocol(stream_reader, client_connected_cb=None, loop=None)`.
   */
  constructor(
    reader: StreamReader | null,
    clientConnected: ClientConnected | null = null,
    options: { loop?: EventLoop | undefined } = {},
  ) {
    const loop = options.loop ?? tryGetRunningLoop() ?? getEventLoop();
    super(loop);
    this.#reader = reader;
    this.#clientConnected = clientConnected;
    this.#closed = loop.createFuture<void>() as Future<void>;
    // The error is the writer's to raise (waitClosed); nobody else need retrieve it.
    this.#closed.addDoneCallback((f) => {
      if (!f.cancelled()) f.exception();
    });
  }

  override connectionMade(transport: BaseTransport): void {
    const t = transport as Transport;
    this.#transport = t;
    const reader = this.#reader;
    if (reader !== null) reader.setTransport(t);
    this.#overSsl = t.getExtraInfo("sslcontext") !== null;
    if (this.#clientConnected === null || reader === null) return;
    const writer = new StreamWriter(t, this, reader);
    const result = this.#clientConnected(reader, writer);
    // A coroutine gets a Task, as in asyncio; a Promise (an async function's) is watched the same way.
    const thenable = typeof (result as { then?: unknown } | null)?.then === "function";
    if (!isCoroutine(result) && !thenable) return;
    const task = isCoroutine(result)
      ? this.loop.createTask(result as Coro<unknown>)
      : ensureFuture(result as PromiseLike<unknown>, { loop: this.loop });
    this.#task = task;
    task.addDoneCallback((done) => {
      if (done.cancelled()) {
        t.close();
        return;
      }
      const exc = done.exception();
      if (exc !== null && exc !== undefined) {
        this.loop.callExceptionHandler({
          message: "Unhandled exception in client_connected_cb",
          exception: exc,
          transport: t,
        });
        t.close();
      }
    });
  }

  override connectionLost(exc: unknown): void {
    const reader = this.#reader;
    if (reader !== null) {
      if (exc === null || exc === undefined) reader.feedEof();
      else reader.setException(exc);
    }
    if (!this.#closed.done()) {
      if (exc === null || exc === undefined) this.#closed.setResult(undefined);
      else this.#closed.setException(exc);
    }
    super.connectionLost(exc);
    this.#reader = null;
    this.#task = null;
    this.#transport = null;
  }

  /** Feeds the reader `data`, which the reader keeps without a copy (a transport's own chunk). */
  override dataReceived(data: Buffer): void {
    this.#reader?._feedOwned(data);
  }

  override eofReceived(): boolean {
    this.#reader?.feedEof();
    // Over TLS a half-close is not possible: the transport closes (asyncio: "Prevent a warning").
    return !this.#overSsl;
  }

  /** @internal whether this is a server's protocol (startTls answers the handshake) */
  _isServerSide(): boolean {
    return this.#clientConnected !== null;
  }

  /** @internal startTls: the writer's new transport is the connection's */
  _replaceWriter(writer: StreamWriter): void {
    const transport = writer.transport;
    this.#transport = transport;
    this.#overSsl = transport.getExtraInfo("sslcontext") !== null;
    this.#reader?._replaceTransport(transport);
  }

  override _getCloseWaiter(_stream: StreamWriter): Future<void> {
    return this.#closed;
  }

  /** @internal the connection's Task, when the server's callback is a coroutine function */
  get _task(): unknown {
    return this.#task;
  }

  /** @internal */
  get _transport(): Transport | null {
    return this.#transport;
  }
}
