import { isEventLoop } from "./protocols.js";
import { NotImplementedError } from "./registry.js";

/**
 * The event loop interface as a class whose methods all raise {@link NotImplementedError}, for a
 * loop written from scratch to extend. Python: `asyncio.AbstractEventLoop`.
 *
 * It lists asyncio's whole interface, transports included: aio's own {@link EventLoop} implements
 * the methods it documents and does not extend this class (its hot paths stay free of a prototype
 * step), but `loop instanceof AbstractEventLoop` is true for it, as `isinstance(loop,
 * asyncio.AbstractEventLoop)` is for CPython's loops. The methods Python declares `async` return a
 * rejected Promise here (the error comes when it is awaited); the others throw at once.
 */
export class AbstractEventLoop {
  /**
   * `x instanceof AbstractEventLoop`: a subclass's instances, and any aio event loop (of any
   * installed copy); `x instanceof SomeSubclass` is the plain prototype test.
   */
  static [Symbol.hasInstance](x: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class the test runs on (a subclass's too)
    if (this === AbstractEventLoop && isEventLoop(x)) return true;
    // biome-ignore lint/complexity/noThisInStatic: as above
    return Function.prototype[Symbol.hasInstance].call(this, x);
  }

  /** Python: `AbstractEventLoop.run_forever()`. */
  runForever(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.run_until_complete()`. */
  runUntilComplete(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.stop()`. */
  stop(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.is_running()`. */
  isRunning(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.is_closed()`. */
  isClosed(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.close()`. */
  close(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.call_soon()`. */
  callSoon(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.call_later()`. */
  callLater(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.call_at()`. */
  callAt(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.time()`. */
  time(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.create_future()`. */
  createFuture(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.create_task()`. */
  createTask(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.call_soon_threadsafe()`. */
  callSoonThreadsafe(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.run_in_executor()`. */
  runInExecutor(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.set_default_executor()`. */
  setDefaultExecutor(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.add_reader()`. */
  addReader(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.remove_reader()`. */
  removeReader(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.add_writer()`. */
  addWriter(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.remove_writer()`. */
  removeWriter(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.add_signal_handler()`. */
  addSignalHandler(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.remove_signal_handler()`. */
  removeSignalHandler(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.set_task_factory()`. */
  setTaskFactory(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.get_task_factory()`. */
  getTaskFactory(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.get_exception_handler()`. */
  getExceptionHandler(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.set_exception_handler()`. */
  setExceptionHandler(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.default_exception_handler()`. */
  defaultExceptionHandler(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.call_exception_handler()`. */
  callExceptionHandler(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.get_debug()`. */
  getDebug(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `AbstractEventLoop.set_debug()`. */
  setDebug(..._args: unknown[]): never {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.shutdown_asyncgens()`. */
  async shutdownAsyncgens(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.shutdown_default_executor()`. */
  async shutdownDefaultExecutor(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.getaddrinfo()`. */
  async getaddrinfo(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.getnameinfo()`. */
  async getnameinfo(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.create_connection()`. */
  async createConnection(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.create_server()`. */
  async createServer(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sendfile()`. */
  async sendfile(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.start_tls()`. */
  async startTls(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.create_unix_connection()`. */
  async createUnixConnection(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.create_unix_server()`. */
  async createUnixServer(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.connect_accepted_socket()`. */
  async connectAcceptedSocket(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.create_datagram_endpoint()`. */
  async createDatagramEndpoint(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.connect_read_pipe()`. */
  async connectReadPipe(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.connect_write_pipe()`. */
  async connectWritePipe(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.subprocess_shell()`. */
  async subprocessShell(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.subprocess_exec()`. */
  async subprocessExec(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_recv()`. */
  async sockRecv(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_recv_into()`. */
  async sockRecvInto(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_recvfrom()`. */
  async sockRecvfrom(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_recvfrom_into()`. */
  async sockRecvfromInto(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_sendall()`. */
  async sockSendall(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_sendto()`. */
  async sockSendto(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_connect()`. */
  async sockConnect(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_accept()`. */
  async sockAccept(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
  /** Python: `async AbstractEventLoop.sock_sendfile()`. */
  async sockSendfile(..._args: unknown[]): Promise<never> {
    throw new NotImplementedError();
  }
}

/**
 * The server interface as a class whose methods all raise {@link NotImplementedError}, for a server
 * written from scratch to extend. Python: `asyncio.AbstractServer`. @aio/streams' `Server` (what
 * `createServer` and `startServer` return) extends it.
 */
export class AbstractServer {
  /** Stops serving; open connections stay open. Python: `close()`. */
  close(): void {
    throw new NotImplementedError();
  }
  /** The loop the server is attached to. Python: `get_loop()`. */
  getLoop(): unknown {
    throw new NotImplementedError();
  }
  /** Whether the server accepts connections. Python: `is_serving()`. */
  isServing(): boolean {
    throw new NotImplementedError();
  }
  /** Starts accepting connections (a coroutine; idempotent). Python: `async start_serving()`. */
  *startServing(): Generator<unknown, void, unknown> {
    throw new NotImplementedError();
  }
  /** Accepts connections until cancelled (a coroutine). Python: `async serve_forever()`. */
  *serveForever(): Generator<unknown, void, unknown> {
    throw new NotImplementedError();
  }
  /** Waits until the server is closed (a coroutine). Python: `async wait_closed()`. */
  *waitClosed(): Generator<unknown, void, unknown> {
    throw new NotImplementedError();
  }
}
