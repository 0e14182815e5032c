/**
 * Serving an application: aiohttp.web's `AppRunner` and `TCPSite` on node:http (whose llhttp
 * parser reads the requests), and `runApp`. Each request runs as a Task of the loop; a client that
 * goes away cancels its handler; stopping lets the requests in flight finish within the shutdown
 * timeout, then cancels the rest (their `finally` blocks run), then runs onShutdown and onCleanup.
 */
import cluster from "node:cluster";
import { createServer, type IncomingMessage, type Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { SecureContext, SecureContextOptions, TlsOptions } from "node:tls";
import { type EventLoop, getRunningLoop, repr } from "@aio/loop";
import { Event } from "@aio/sync";
import { type Coro, fromPromise, gather, isCancelledError, run, type Task, wait } from "@aio/task";
import { checkKeys } from "../internal/options.js";
import { type AccessRecord, accessLogFormatter, DEFAULT_ACCESS_LOG_FORMAT } from "./access-log.js";
import { type Application, exceptionResponse, isNotAResponse } from "./app.js";
import { HTTPException } from "./exceptions.js";
import { Request } from "./request.js";
import { Response, type StreamResponse } from "./response.js";
import { RUNNER_KEYS } from "./runner-keys.js";
import type { Upgrade } from "./websocket.js";

/**
 * The TLS of a site that serves https (Python: `ssl_context=`): what a Node program has for it,
 * either the options of `tls.createSecureContext` (`{ key, cert }` as PEM strings or Buffers, and
 * `ca`, `pfx`, `passphrase`, `minVersion`, …, as node:https takes them) or a `tls.SecureContext`
 * made already (`tls.createSecureContext({ key, cert })`).
 * @example
 * const sslContext = { key: readFileSync("server.key"), cert: readFileSync("server.crt") };
 * yield* new TCPSite(runner, "0.0.0.0", 8443, { sslContext }).start(); // https://0.0.0.0:8443
 */
export type SslContext = SecureContext | SecureContextOptions;

/** The node:https server options of an {@link SslContext} (a TypeError for anything else). @internal */
export function tlsServerOptions(ssl: SslContext, what = "sslContext"): TlsOptions {
  if (typeof ssl !== "object" || ssl === null || Array.isArray(ssl))
    throw new TypeError(
      `${what} must be a tls.SecureContext or tls.SecureContextOptions ({ key, cert }), got ${repr(ssl)}`,
    );
  // A SecureContext (tls.createSecureContext's) holds its native context as `context`.
  if ("context" in ssl && typeof (ssl as SecureContext).context === "object") {
    const secureContext = ssl as SecureContext;
    return { secureContext, SNICallback: (_name, callback) => callback(null, secureContext) };
  }
  const o = ssl as SecureContextOptions & TlsOptions;
  if (
    o.cert === undefined &&
    o.pfx === undefined &&
    o.secureContext === undefined &&
    o.SNICallback === undefined
  )
    throw new TypeError(`${what} needs a certificate: { key, cert } (or pfx, or a tls.SecureContext)`);
  return o;
}

/** What #answer gives when the connection was closed without an answer. */
const UNANSWERED = Symbol("unanswered");

/** Options of {@link AppRunner}. */
export interface AppRunnerOptions {
  /** Seconds the requests in flight get to finish when the server stops (default 60). */
  shutdownTimeout?: number | undefined;
  /** Seconds an idle kept-alive connection stays open (default 75, as aiohttp's). */
  keepaliveTimeout?: number | undefined;
  /** Seconds a client has to send a request's headers (default 60): slowloris cannot hold a connection. */
  headersTimeout?: number | undefined;
  /** Seconds a client has to send a whole request, body included (default 300). */
  requestTimeout?: number | undefined;
  /**
   * Seconds the rest of a body the handler left unread is read and dropped after the answer
   * (default 10, aiohttp's `lingering_time`): a client still sending an oversized upload gets its
   * 413 instead of a reset. A body still coming after that closes the connection.
   */
  lingeringTime?: number | undefined;
  /** Where access log lines go (one per answered request), or null for none (the default). */
  accessLog?: ((line: string) => void) | null | undefined;
  /** The access log's format (aiohttp's by default: `%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"`). */
  accessLogFormat?: string | undefined;
  /** The longest request line, in bytes (default 8190, aiohttp's `max_line_size`); longer: a 400. */
  maxLineSize?: number | undefined;
  /** The longest header name or value, in bytes (default 8190, aiohttp's `max_field_size`); longer: a 400. */
  maxFieldSize?: number | undefined;
  /**
   * A request body's read buffer, in bytes (default 65536, aiohttp's `read_bufsize`): the socket
   * pauses past twice this much unread (`request.content.getReadBufferLimits()`).
   */
  readBufsize?: number | undefined;
  /**
   * Whether a request body sent with a Content-Encoding (gzip, deflate, br) is read decompressed
   * (default true, aiohttp's `auto_decompress`); false: as it came.
   */
  autoDecompress?: boolean | undefined;
  /**
   * Where the server's errors are logged ("Error handling request" for a handler's failure, a
   * malformed request; "Unhandled runtime exception" in debug mode for a handler that returned no
   * response): `logger.exception(error, message)`, as @aio/debug's `logging.getLogger("aiohttp.server")`
   * takes it. By default the loop's exception handler. Python: `Server(logger=…)`.
   */
  logger?: ServerLogger | undefined;
}

/** What a server logs its errors to: `exception(error, message)` (an @aio/debug `Logger` is one). */
export interface ServerLogger {
  exception(error: unknown, message: string): void;
}

/** Runs an application's lifecycle and its requests. Python: `web.AppRunner(app)`. */
export class AppRunner {
  readonly app: Application;
  readonly shutdownTimeout: number;
  readonly keepaliveTimeout: number;
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly lingeringTime: number;
  readonly maxLineSize: number;
  readonly maxFieldSize: number;
  readonly readBufsize: number;
  readonly autoDecompress: boolean;
  readonly #logger: ServerLogger | null;
  readonly #accessLog: ((line: string) => void) | null;
  readonly #accessFormat: ((r: AccessRecord) => string) | null;
  #loop: EventLoop | null = null;
  readonly #inFlight = new Set<Task<void>>();
  readonly #sites = new Set<BaseSite>();
  #state: "new" | "setup" | "cleaned" = "new";
  #requestsCount = 0;

  constructor(app: Application, options: AppRunnerOptions = {}) {
    checkKeys(options, RUNNER_KEYS, "AppRunner");
    if (app === null || typeof app !== "object" || typeof (app as Application).handle !== "function")
      throw new TypeError(`AppRunner needs an Application, got ${repr(app)}`);
    this.app = app;
    // The application's handlerArgs win over the runner's own, as aiohttp's make_handler sets them last.
    options = { ...options, ...app.handlerArgs };
    this.shutdownTimeout = seconds("shutdownTimeout", options.shutdownTimeout ?? 60);
    this.keepaliveTimeout = seconds("keepaliveTimeout", options.keepaliveTimeout ?? 75);
    this.headersTimeout = seconds("headersTimeout", options.headersTimeout ?? 60);
    this.requestTimeout = seconds("requestTimeout", options.requestTimeout ?? 300);
    this.lingeringTime = seconds("lingeringTime", options.lingeringTime ?? 10);
    this.maxLineSize = byteCount("maxLineSize", options.maxLineSize ?? 8190);
    this.maxFieldSize = byteCount("maxFieldSize", options.maxFieldSize ?? 8190);
    this.readBufsize = byteCount("readBufsize", options.readBufsize ?? 2 ** 16);
    const auto = options.autoDecompress ?? true;
    if (typeof auto !== "boolean") throw new TypeError(`autoDecompress must be a boolean, got ${repr(auto)}`);
    this.autoDecompress = auto;
    const logger = options.logger ?? null;
    if (logger !== null && typeof (logger as Partial<ServerLogger>)?.exception !== "function")
      throw new TypeError(`logger must have an exception(error, message) method, got ${repr(logger)}`);
    this.#logger = logger;
    const log = options.accessLog ?? null;
    if (log !== null && typeof log !== "function")
      throw new TypeError(`accessLog must be a function or null, got ${repr(log)}`);
    this.#accessLog = log;
    this.#accessFormat =
      log === null ? null : accessLogFormatter(options.accessLogFormat ?? DEFAULT_ACCESS_LOG_FORMAT);
  }

  /** The sites serving. */
  get sites(): ReadonlySet<BaseSite> {
    return this.#sites;
  }

  /** How many requests came (each counted as it arrives). Python: `runner.server.requests_count`. */
  get requestsCount(): number {
    return this.#requestsCount;
  }

  /** Starts the application (the cleanup contexts, then onStartup). Python: `await runner.setup()`. */
  *setup(): Coro<void> {
    if (this.#state !== "new") throw new Error("AppRunner.setup() was called already");
    this.#loop = getRunningLoop();
    this.#state = "setup";
    yield* this.app.startup();
  }

  /**
   * @internal A node:http server whose requests this runner handles; with `tls` (a site's
   * sslContext, see {@link tlsServerOptions}), a node:https one.
   */
  makeServer(tls: TlsOptions | null = null): Server {
    if (this.#state !== "setup") throw new Error("Call runner.setup() before making a site");
    const headersMs = Math.max(1, this.headersTimeout * 1000);
    const maxHeaderSize = Math.max(65536, 4 * (this.maxLineSize + this.maxFieldSize));
    // node:https's server is node:http's on TLS sockets (the same options, events and methods).
    const create = (tls === null ? createServer : createHttpsServer) as typeof createServer;
    const server = create(
      {
        ...tls,
        headersTimeout: headersMs,
        requestTimeout: Math.max(headersMs, this.requestTimeout * 1000),
        // How often node:http looks for connections past those deadlines (its default, 30 s, would
        // let a slow client hold on that much longer).
        connectionsCheckingInterval: Math.min(1000, Math.max(50, headersMs / 4)),
        keepAliveTimeout: this.keepaliveTimeout * 1000,
        // aiohttp limits each line (maxLineSize, maxFieldSize: checked in #start, a 400 with its
        // text); node:http the whole head, kept well above those so that they are what answers.
        maxHeaderSize,
      },
      (req, res) => this.#onRequest(req, res),
    );
    // A tls.SecureContext made already: node:https takes only its options (it makes its own
    // context of them, `_sharedCreds`), so the context replaces that one (what a TLS socket of the
    // server is made with), and answers for any name a client asks for (SNI) too.
    const context = tls?.secureContext;
    if (context !== undefined) {
      if (!("_sharedCreds" in server))
        throw new TypeError(
          "this Node's https server takes no tls.SecureContext: give its options ({ key, cert })",
        );
      (server as unknown as { _sharedCreds: SecureContext })._sharedCreds = context;
    }
    // (On https, the socket the requests come on is the TLS one: "connection" is the raw TCP one.)
    server.on(tls === null ? "connection" : "secureConnection", (socket: Socket) =>
      this.#lingerOnClose(socket),
    );
    // `Expect:` headers are the application's to answer (its routes' expect handlers), not
    // node:http's: it would send 100 Continue (or 417) before any route is looked at.
    server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => this.#onRequest(req, res));
    server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => this.#onRequest(req, res));
    // A request node:http's parser refuses: answered as node would (400, 431 for oversized
    // headers, 408 for a slow one), and logged, as aiohttp logs a bad request.
    server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
      if (err.code === "ECONNRESET" || !socket.writable) {
        socket.destroy();
        return;
      }
      const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
      const reason = status === 408 ? "Request Timeout" : "Bad Request";
      // A head over node:http's whole limit: a 400 as aiohttp answers a line too long.
      const text =
        err.code === "HPE_HEADER_OVERFLOW"
          ? `Got more than ${maxHeaderSize} bytes when reading Header section is too long.`
          : "";
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n` +
          (text === "" ? "" : "Content-Type: text/plain; charset=utf-8\r\n") +
          `Content-Length: ${text.length}\r\n\r\n${text}`,
      );
      if (status !== 408) this.#logException("Error handling request: a malformed request", err);
    });
    // WebSocket handshakes (and any other upgrade) come here: the request goes through the app
    // like the others, with a ServerResponse on the socket for the handlers that answer plainly.
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const res = new ServerResponse(req);
      res.assignSocket(socket as Socket);
      res.shouldKeepAlive = false;
      res.on("finish", () => socket.destroy());
      socket.on("error", () => socket.destroy());
      this.#onRequest(req, res, { socket, head });
    });
    return server;
  }

  /** @internal */
  addSite(site: BaseSite): void {
    this.#sites.add(site);
  }

  /**
   * Requests that arrived in this turn of Node's event loop: their tasks start together, in the
   * check phase (setImmediate) after all the sockets that were readable have been read. Answers
   * then leave in one burst instead of one syscall between every two reads — measured: 2.7× the
   * requests per second of starting each task as its request arrives (each write then cost
   * three times as much, waking the client's core once per response).
   */
  #arrived: [IncomingMessage, ServerResponse, Upgrade | undefined][] = [];
  /** The open WebSocket responses (closed with 1001, "going away", when the server stops). */
  readonly #websockets = new Set<{ goingAway(): void }>();

  /** Each connection's request being answered (the one whose body a close would cut short). */
  readonly #answering = new WeakMap<Duplex, Request>();

  /**
   * node:http ends a connection it does not keep alive with `socket.destroySoon()` once the answer
   * is written. With the client still sending a body, the bytes left unread in the kernel turn that
   * close into a reset, and the client loses the answer (a 413 for an upload too large): the close
   * waits until the body is drained (at most `lingeringTime`).
   */
  #lingerOnClose(socket: Socket): void {
    const destroySoon = socket.destroySoon;
    socket.destroySoon = () => {
      const request = this.#answering.get(socket);
      if (request === undefined) destroySoon.call(socket);
      else request.drainBody(this.lingeringTime, () => destroySoon.call(socket));
    };
  }

  #onRequest(req: IncomingMessage, res: ServerResponse, upgrade?: Upgrade): void {
    this.#requestsCount++;
    if (this.#arrived.push([req, res, upgrade]) === 1) setImmediate(this.#startArrived);
  }

  /** aiohttp's LineTooLong message for a request line or a header name or value over its limit, or null. */
  #lineTooLong(req: IncomingMessage): string | null {
    // aiohttp counts the request target (the C parser's on_url)
    const line = (req.url ?? "").length;
    if (line > this.maxLineSize)
      return `Got more than ${this.maxLineSize} bytes (${line}) when reading Status line is too long.`;
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).length;
      const value = (raw[i + 1] as string).length;
      if (name > this.maxFieldSize)
        return `Got more than ${this.maxFieldSize} bytes (${name}) when reading Header name is too long.`;
      if (value > this.maxFieldSize)
        return `Got more than ${this.maxFieldSize} bytes (${value}) when reading Header value is too long.`;
    }
    return null;
  }

  readonly #startArrived = (): void => {
    const arrived = this.#arrived;
    this.#arrived = [];
    for (const [req, res, upgrade] of arrived) this.#start(req, res, upgrade);
  };

  #start(req: IncomingMessage, res: ServerResponse, upgrade: Upgrade | undefined): void {
    const loop = this.#loop as EventLoop;
    if (loop.isClosed() || this.#state !== "setup") {
      res.writeHead(503, { Connection: "close" }).end();
      return;
    }
    const tooLong = this.#lineTooLong(req);
    if (tooLong !== null) {
      // aiohttp's LineTooLong: a 400 with its message, logged as a bad request
      res.shouldKeepAlive = false;
      res
        .writeHead(400, {
          "Content-Type": "text/plain; charset=utf-8",
          "Content-Length": Buffer.byteLength(tooLong),
          Connection: "close",
        })
        .end(tooLong);
      this.#logException("Error handling request", new Error(`400, message='${tooLong}'`));
      return;
    }
    const request = new Request(
      req,
      res,
      this.app,
      upgrade === undefined ? { websockets: this.#websockets } : { upgrade, websockets: this.#websockets },
      { readBufsize: this.readBufsize, autoDecompress: this.autoDecompress },
    );
    if (upgrade === undefined && !req.complete) {
      // What the handler leaves of the body is read and dropped once the answer is out; a body
      // that does not end within lingeringTime closes the connection (a kept-alive one included).
      const socket = req.socket;
      this.#answering.set(socket, request);
      res.on("finish", () => {
        request.drainBody(this.lingeringTime, (complete) => {
          if (this.#answering.get(socket) === request) this.#answering.delete(socket);
          if (!complete) socket.destroy();
        });
      });
    }
    const task = loop.createTask(this.#respond(request, res)) as Task<void>;
    this.#inFlight.add(task);
    task.addDoneCallback(this.#finished);
    // A client that goes away before its answer cancels the handler (aiohttp's handler_cancellation).
    res.on("close", () => {
      if (!res.writableFinished && !task.done()) task.cancel();
    });
  }

  readonly #finished = (task: Task<void>): void => {
    this.#inFlight.delete(task);
  };

  /** Logs a server error: to the `logger` option, else to the loop's exception handler. */
  #logException(message: string, err: unknown): void {
    if (this.#logger !== null) this.#logger.exception(err, message);
    else this.#loop?.callExceptionHandler({ message, exception: err });
  }

  *#respond(request: Request, res: ServerResponse): Coro<void> {
    if (this.#accessLog === null) {
      yield* this.#answer(request, res);
      return;
    }
    const start = Date.now();
    const t0 = performance.now();
    const response = yield* this.#answer(request, res);
    if (response === UNANSWERED) return;
    const format = this.#accessFormat as (r: AccessRecord) => string;
    (this.#accessLog as (line: string) => void)(
      format({
        request,
        status: res.statusCode,
        bodyLength: response?.bodyLength ?? 0,
        responseHeader: (name) => {
          // The head went out with writeHead(status, pairs), which node does not keep for
          // getHeader(): the response knows what it sent.
          const sent = response?.sentHeader(name);
          if (sent !== undefined) return sent;
          const v = res.getHeader(name);
          return v === undefined ? undefined : String(v);
        },
        start,
        seconds: (performance.now() - t0) / 1000,
      }),
    );
  }

  *#answer(request: Request, res: ServerResponse): Coro<StreamResponse | null | typeof UNANSWERED> {
    let response: StreamResponse;
    try {
      response = yield* this.app.handle(request);
    } catch (err) {
      if (isCancelledError(err)) throw err;
      if (isNotAResponse(err)) {
        // As aiohttp 3.8.4: no answer, the connection closed, the RuntimeError logged only in
        // debug mode ("Unhandled runtime exception"), nothing in the access log.
        if ((this.#loop as EventLoop).getDebug()) this.#logException("Unhandled runtime exception", err);
        res.destroy();
        return UNANSWERED;
      }
      return yield* this.#failed(request, res, err);
    }
    // Sending can fail too (a FileResponse of a file that is gone, a header with CR/LF): the
    // client is answered all the same.
    try {
      if (response instanceof Response && !response.prepared) yield* response.send(request);
      else {
        if (!response.prepared) {
          // its head and its end go together
          response._deferHead = true;
          yield* response.prepare(request);
        }
        if (!response.eof) yield* response.writeEof();
      }
      return response;
    } catch (err) {
      if (isCancelledError(err)) throw err;
      return yield* this.#failed(request, res, err);
    }
  }

  /**
   * The handler, or the response it returned, failed with `err`: the client gets the
   * HTTPException's answer, or aiohttp's 500 with the error logged (its traceback, not sent). When
   * part of the answer went out already, closing the connection is all that can tell the client.
   */
  *#failed(request: Request, res: ServerResponse, err: unknown): Coro<StreamResponse | null> {
    if (!(err instanceof HTTPException) || res.headersSent) this.#logException("Error handling request", err);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return null;
    }
    let response: Response;
    if (err instanceof HTTPException) response = exceptionResponse(err);
    else {
      response = internalError(request);
      res.shouldKeepAlive = false;
    }
    try {
      yield* response.send(request);
    } catch (again) {
      if (isCancelledError(again)) throw again;
      // The HTTPException's own answer could not be sent (a header of its with CR/LF): a 500.
      this.#logException("Error handling request", again);
      if (res.headersSent) {
        res.destroy();
        return null;
      }
      response = internalError(request);
      res.shouldKeepAlive = false;
      yield* response.send(request);
    }
    return response;
  }

  /**
   * Stops serving: the sites stop accepting, onShutdown runs, the requests in flight get
   * `shutdownTimeout` seconds to finish and the rest are cancelled, then the cleanup contexts exit
   * and onCleanup runs (not after an exit that failed). Python: `await runner.cleanup()`.
   */
  *cleanup(): Coro<void> {
    if (this.#state !== "setup") return;
    this.#state = "cleaned";
    for (const site of [...this.#sites]) yield* site.stop();
    // After a startup that failed, as aiohttp: no onShutdown, and cleanup only exits the contexts.
    if (this.app.started) yield* this.app.shutdown();
    // Open WebSockets are told the server is going away (1001): their handlers' loops end.
    for (const ws of [...this.#websockets]) ws.goingAway();
    if (this.#inFlight.size > 0) {
      const [, pending] = yield* wait([...this.#inFlight], { timeout: this.shutdownTimeout });
      for (const task of pending) task.cancel();
      if (pending.size > 0) yield* gather(...pending, { returnExceptions: true });
    }
    for (const site of this.#sites) site.closeConnections();
    this.#sites.clear();
    yield* this.app.cleanup();
  }
}

function seconds(what: string, value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative number of seconds, got ${repr(value)}`);
  return value;
}

function byteCount(what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0)
    throw new RangeError(`${what} must be a positive integer (bytes), got ${repr(value)}`);
  return value;
}

/** aiohttp's answer to a handler that failed: 500, the traceback logged, not sent. */
function internalError(request: Request): Response {
  const title = "500 Internal Server Error";
  const msg = "Server got itself in trouble";
  if ((request.headers.get("Accept") ?? "").includes("text/html")) {
    return new Response({
      status: 500,
      text: `<html><head><title>${title}</title></head><body>\n<h1>${title}</h1>\n${msg}\n</body></html>\n`,
      contentType: "text/html",
    });
  }
  return new Response({ status: 500, text: `${title}\n\n${msg}` });
}

/** Options of a site ({@link TCPSite}, {@link UnixSite}). */
export interface SiteOptions {
  /**
   * Serve https with this TLS (see {@link SslContext}): a `tls.SecureContext` or its options
   * (`{ key, cert }`). Python: `ssl_context=`.
   */
  sslContext?: SslContext | null | undefined;
}

const SITE_KEYS: ReadonlySet<string> = new Set(["sslContext"]);

/**
 * Where an application is served: a node:http server of the runner's, listening. Python:
 * `web.BaseSite`. Subclasses say where (`TCPSite`, `UnixSite`).
 */
export abstract class BaseSite {
  readonly runner: AppRunner;
  /** @internal */
  protected server: Server | null = null;
  readonly #sockets = new Set<Socket>();
  /** The node:https options of the site's sslContext (null: plain http). */
  readonly #tls: TlsOptions | null;

  constructor(runner: AppRunner, options: SiteOptions = {}) {
    if (!(runner instanceof AppRunner))
      throw new TypeError(`${new.target.name} needs an AppRunner, got ${repr(runner)}`);
    checkKeys(options, SITE_KEYS, new.target.name);
    this.runner = runner;
    this.#tls =
      options.sslContext === undefined || options.sslContext === null
        ? null
        : tlsServerOptions(options.sslContext);
  }

  /** `"https"` for a site with an sslContext, `"http"` otherwise. */
  get scheme(): "http" | "https" {
    return this.#tls === null ? "http" : "https";
  }

  /** The URL it serves (`http://host:port`, `https://…` with an sslContext). */
  abstract get name(): string;

  /** @internal Starts `server` listening where the site says. */
  protected abstract listen(server: Server, listening: () => void): void;

  /** Starts listening. Python: `await site.start()`. */
  *start(): Coro<void> {
    if (this.server !== null) throw new Error(`${this.constructor.name}.start() was called already`);
    const server = this.runner.makeServer(this.#tls);
    const track = (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    };
    server.on("connection", track);
    // https: the TLS socket on the TCP one (both are closed by closeConnections).
    if (this.#tls !== null) server.on("secureConnection", track);
    this.server = server;
    yield* fromPromise(
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        this.listen(server, () => {
          server.off("error", reject);
          resolve();
        });
      }),
    );
    this.runner.addSite(this);
  }

  /** Stops accepting connections; idle kept-alive ones close, busy ones finish their request. */
  *stop(): Coro<void> {
    const server = this.server;
    if (server === null) return;
    server.close();
    server.closeIdleConnections();
    // The server's close callback waits for every connection: not awaited here (cleanup does).
  }

  /** @internal Closes every connection left. */
  closeConnections(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }
}

/**
 * A TCP address to serve on. Python: `web.TCPSite(runner, host, port, ssl_context=…)`.
 * @example new TCPSite(runner, "0.0.0.0", 8443, { sslContext: { key, cert } }) // https
 */
export class TCPSite extends BaseSite {
  readonly host: string;
  readonly #port: number;

  constructor(runner: AppRunner, host = "0.0.0.0", port = 8080, options: SiteOptions = {}) {
    super(runner, options);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new RangeError(`port must be an integer from 0 to 65535, got ${repr(port)}`);
    this.host = host;
    this.#port = port;
  }

  /** The port listened on (the one the system chose, for port 0). */
  get port(): number {
    const address = this.server?.address();
    return address !== null && typeof address === "object" ? (address as AddressInfo).port : this.#port;
  }

  /** `http://host:port` (`https://` with an sslContext). */
  get name(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `${this.scheme}://${host}:${this.port}`;
  }

  protected listen(server: Server, listening: () => void): void {
    server.listen(this.#port, this.host, listening);
  }
}

/** A Unix domain socket to serve on. Python: `web.UnixSite(runner, path, ssl_context=…)`. */
export class UnixSite extends BaseSite {
  readonly path: string;

  constructor(runner: AppRunner, path: string, options: SiteOptions = {}) {
    super(runner, options);
    if (typeof path !== "string" || path === "")
      throw new TypeError(`path must be a socket path, got ${repr(path)}`);
    this.path = path;
  }

  /** `http://unix:<path>:` (`https://` with an sslContext). */
  get name(): string {
    return `${this.scheme}://unix:${this.path}:`;
  }

  protected listen(server: Server, listening: () => void): void {
    server.listen(this.path, listening);
  }
}

const RUN_APP_KEYS: ReadonlySet<string> = new Set([
  ...RUNNER_KEYS,
  "host",
  "port",
  "path",
  "print",
  "workers",
  "sslContext",
]);

/** The {@link AppRunnerOptions} among `options`. @internal */
export function runnerOptions(options: AppRunnerOptions): AppRunnerOptions {
  return Object.fromEntries(Object.entries(options).filter(([k]) => RUNNER_KEYS.has(k))) as AppRunnerOptions;
}

/** Options of {@link runApp}. */
export interface RunAppOptions extends AppRunnerOptions {
  host?: string | undefined;
  /** The port (default 8080; 8443 with an sslContext, as aiohttp's). */
  port?: number | undefined;
  /** Serve on this Unix domain socket instead of host and port. */
  path?: string | undefined;
  /**
   * Serve https with this TLS: a `tls.SecureContext` or its options (`{ key, cert }`; see
   * {@link SslContext}). Python: `ssl_context=`.
   */
  sslContext?: SslContext | null | undefined;
  /** Where the "Running on" line goes (null: nowhere). */
  print?: ((line: string) => void) | null | undefined;
  /**
   * Processes serving together on one port through node:cluster (default 1: this process). The
   * program runs again in each worker (as cluster does), so build the app at the top level; SIGINT
   * and SIGTERM reach every worker, each stops gracefully, and `runApp` resolves in the primary once
   * all have exited. A worker that exits otherwise (a crash, the OOM killer) is replaced after a
   * back-off (0.1 s, doubling, at most 10 s), said on stderr; five such exits in a row with no worker
   * serving 10 s in between stop the others and reject `runApp` in the primary (the program exits
   * non-zero, for its supervisor to see).
   */
  workers?: number | undefined;
}

const banner = (name: string) => `======== Running on ${name} ========\n(Press CTRL+C to quit)`;

/**
 * Serves `app` until SIGINT or SIGTERM, then stops it gracefully (see {@link AppRunner.cleanup}).
 * Python: `web.run_app(app, host=…, port=…)`. Resolves once everything is cleaned up.
 */
export function runApp(app: Application, options: RunAppOptions = {}): Promise<void> {
  checkKeys(options, RUN_APP_KEYS, "run_app");
  const print = options.print === undefined ? (line: string) => console.log(line) : options.print;
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`workers must be a positive integer, got ${repr(workers)}`);
  if (options.sslContext !== undefined && options.sslContext !== null) tlsServerOptions(options.sslContext);
  if (workers > 1 && cluster.isPrimary) return runPrimary(workers, print);
  return run(
    (function* () {
      const loop = getRunningLoop();
      const runner = new AppRunner(app, runnerOptions(options));
      yield* runner.setup();
      const stop = new Event();
      try {
        const siteOptions = { sslContext: options.sslContext };
        const site =
          options.path !== undefined
            ? new UnixSite(runner, options.path, siteOptions)
            : new TCPSite(
                runner,
                options.host ?? "0.0.0.0",
                // aiohttp's default port: 8443 for https
                options.port ?? (options.sslContext == null ? 8080 : 8443),
                siteOptions,
              );
        yield* site.start();
        // A cluster worker tells the primary, which prints once for all.
        if (cluster.isWorker) process.send?.({ aio: "running", name: site.name });
        else print?.(banner(site.name));
        loop.addSignalHandler("SIGINT", () => stop.set());
        loop.addSignalHandler("SIGTERM", () => stop.set());
        yield* stop.wait();
      } finally {
        loop.removeSignalHandler("SIGINT");
        loop.removeSignalHandler("SIGTERM");
        yield* runner.cleanup();
        if (cluster.isWorker && process.connected) process.disconnect();
      }
    })(),
  );
}

/** Exits in a row, with no worker serving steadily in between, after which the primary gives up. */
const WORKER_FAILURES = 5;
/** Seconds a worker serves before its slot's failures are forgotten. */
const WORKER_STEADY = 10;

/**
 * The primary of `workers` processes: forks them, prints once all listen, forwards the signals,
 * waits for all. A worker that exits without being asked to is replaced after a back-off (0.1 s,
 * doubling with each exit in a row, at most 10 s), reported on stderr; after
 * {@link WORKER_FAILURES} exits in a row (no worker serving {@link WORKER_STEADY} s in between) the
 * primary stops the others and rejects, so the program exits non-zero and its supervisor knows.
 */
function runPrimary(workers: number, print: ((line: string) => void) | null): Promise<void> {
  return new Promise((resolve, reject) => {
    let bannerShown = false;
    let stopping = false;
    let failures = 0;
    let failure: Error | null = null;
    let alive = 0;
    const fork = () => {
      alive++;
      cluster.fork();
    };
    const restarts = new Set<NodeJS.Timeout>();
    const steady = new Map<number, NodeJS.Timeout>();
    const serving = new Set<number>();
    // The banner once every worker listens: the port is served by all of them from then on.
    const onMessage = (worker: { id: number }, msg: { aio?: string; name?: string }) => {
      if (msg?.aio !== "running") return;
      serving.add(worker.id);
      if (!bannerShown && serving.size === workers) {
        bannerShown = true;
        print?.(banner(msg.name as string));
      }
      const timer = setTimeout(() => {
        failures = 0;
      }, WORKER_STEADY * 1000);
      timer.unref();
      steady.set(worker.id, timer);
    };
    const stop = (signal: NodeJS.Signals) => {
      stopping = true;
      for (const t of restarts) clearTimeout(t);
      restarts.clear();
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
      if (alive === 0) finish();
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    const onExit = (
      worker: { id: number; process: { pid?: number } },
      code: number | null,
      signal: string | null,
    ) => {
      alive--;
      serving.delete(worker.id);
      clearTimeout(steady.get(worker.id));
      steady.delete(worker.id);
      if (!stopping) {
        const how = signal !== null ? `signal ${signal}` : `code ${code}`;
        if (++failures >= WORKER_FAILURES) {
          failure = new Error(
            `runApp: workers keep exiting (${failures} in a row, the last: worker ${worker.process.pid} with ${how}); giving up`,
          );
          console.error(failure.message);
          stop("SIGTERM");
          return;
        }
        const delay = Math.min(10, 0.1 * 2 ** (failures - 1));
        console.error(
          `runApp: worker ${worker.process.pid} exited with ${how}; another starts in ${delay} s`,
        );
        const timer = setTimeout(() => {
          restarts.delete(timer);
          fork();
        }, delay * 1000);
        restarts.add(timer);
        return;
      }
      if (alive === 0) finish();
    };
    const finish = () => {
      for (const t of steady.values()) clearTimeout(t);
      cluster.off("message", onMessage);
      cluster.off("exit", onExit);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (failure !== null) reject(failure);
      else resolve();
    };
    cluster.on("message", onMessage);
    cluster.on("exit", onExit);
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    for (let i = 0; i < workers; i++) fork();
  });
}
