/**
 * Testing an application in a few lines: aiohttp's `test_utils.TestServer` and `TestClient`. The
 * server runs the app on 127.0.0.1 (a free port) with its whole lifecycle; the client is a
 * `ClientSession` whose relative URLs go to it.
 * @example
 * yield* using(new web.TestClient(new web.TestServer(app)), function* (client) {
 *   const resp = yield* client.get("/");
 *   console.log(resp.status, yield* resp.text());
 * });
 */
import { type Coro, toPromise } from "@aio/task";
import type { WSConnectContextManager, WSConnectOptions } from "../client-ws.js";
import { CookieJar } from "../cookies.js";
import { checkKeys } from "../internal/options.js";
import {
  ClientSession,
  type ClientSessionOptions,
  type RequestContextManager,
  type RequestOptions,
} from "../session.js";
import type { Application } from "./app.js";
import {
  AppRunner,
  type AppRunnerOptions,
  runnerOptions,
  type SslContext,
  TCPSite,
  tlsServerOptions,
} from "./runner.js";
import { RUNNER_KEYS } from "./runner-keys.js";

const TEST_SERVER_KEYS: ReadonlySet<string> = new Set([...RUNNER_KEYS, "host", "port", "ssl"]);

/** Options of {@link TestServer}. */
export interface TestServerOptions extends AppRunnerOptions {
  host?: string | undefined;
  port?: number | undefined;
  /**
   * Serve https with this TLS: a `tls.SecureContext` or its options (`{ key, cert }`), as a site's
   * `sslContext`. Python: `TestServer(app, ssl=ssl_ctx)`.
   */
  ssl?: SslContext | null | undefined;
}

/** An application served for a test. Python: `aiohttp.test_utils.TestServer(app)`. */
export class TestServer {
  readonly app: Application;
  readonly host: string;
  /** `"https"` for a server with `ssl`, `"http"` otherwise. Python: `server.scheme`. */
  readonly scheme: "http" | "https";
  #port: number;
  #runner: AppRunner | null = null;
  readonly #options: AppRunnerOptions;
  readonly #ssl: SslContext | null;

  constructor(app: Application, options: TestServerOptions = {}) {
    checkKeys(options, TEST_SERVER_KEYS, "TestServer");
    this.app = app;
    this.host = options.host ?? "127.0.0.1";
    this.#port = options.port ?? 0;
    this.#options = options;
    this.#ssl = options.ssl ?? null;
    if (this.#ssl !== null) tlsServerOptions(this.#ssl, "ssl");
    this.scheme = this.#ssl === null ? "http" : "https";
  }

  /** The port it listens on (after start). */
  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>` (`https://` with `ssl`). */
  get url(): string {
    return `${this.scheme}://${this.host}:${this.#port}`;
  }

  /** The absolute URL of `path`. Python: `server.make_url(path)`. */
  makeUrl(path: string): string {
    return new URL(path, `${this.url}/`).href;
  }

  /** Starts the application and listens. Python: `await server.start_server()`. */
  *startServer(): Coro<void> {
    if (this.#runner !== null) return;
    const runner = new AppRunner(this.app, runnerOptions(this.#options));
    yield* runner.setup();
    const site = new TCPSite(runner, this.host, this.#port, { sslContext: this.#ssl });
    yield* site.start();
    this.#port = site.port;
    this.#runner = runner;
  }

  /** Stops it (gracefully, then the app's cleanup). Python: `await server.close()`. */
  *close(): Coro<void> {
    const runner = this.#runner;
    this.#runner = null;
    if (runner !== null) yield* runner.cleanup();
  }

  /**
   * The runner handling the requests (null before start and after close): its `requestsCount`.
   * Python: `server.handler` (aiohttp's low-level Server).
   */
  get handler(): AppRunner | null {
    return this.#runner;
  }

  *aenter(): Coro<TestServer> {
    yield* this.startServer();
    return this;
  }

  *aexit(): Coro<boolean> {
    yield* this.close();
    return false;
  }
}

/** A client for a {@link TestServer}: relative URLs go to it. Python: `aiohttp.test_utils.TestClient(server)`. */
export class TestClient {
  readonly server: TestServer;
  #session: ClientSession | null = null;
  readonly #options: ClientSessionOptions;

  constructor(server: TestServer, options: ClientSessionOptions = {}) {
    if (!(server instanceof TestServer)) throw new TypeError("TestClient needs a TestServer");
    this.server = server;
    this.#options = options;
  }

  /** The client session (after start). */
  get session(): ClientSession {
    if (this.#session === null)
      throw new Error("the TestClient is not started: use it with `using`, or call start()");
    return this.#session;
  }

  /** The application under test. */
  get app(): Application {
    return this.server.app;
  }

  /** The absolute URL of `path` on the server under test. Python: `client.make_url(path)`. */
  makeUrl(path: string): string {
    return this.server.makeUrl(path);
  }

  /** Starts the server and opens the session. */
  *start(): Coro<void> {
    yield* this.server.startServer();
    // As aiohttp's TestClient: a cookie jar that takes the cookies of an IP host (127.0.0.1).
    this.#session ??= new ClientSession({ cookieJar: new CookieJar({ unsafe: true }), ...this.#options });
  }

  /** Closes the session, then the server. */
  *close(): Coro<void> {
    const session = this.#session;
    this.#session = null;
    if (session !== null) yield* session.close();
    yield* this.server.close();
  }

  request(method: string, path: string, options: RequestOptions = {}): RequestContextManager {
    return this.session.request(method, this.server.makeUrl(path), options);
  }
  get(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("GET", path, options);
  }
  post(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("POST", path, options);
  }
  put(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("PUT", path, options);
  }
  patch(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("PATCH", path, options);
  }
  delete(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("DELETE", path, options);
  }
  head(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("HEAD", path, { ...options, allowRedirects: options.allowRedirects ?? false });
  }
  options(path: string, options: RequestOptions = {}): RequestContextManager {
    return this.request("OPTIONS", path, options);
  }

  /** A WebSocket to the app. Python: `await client.ws_connect(path, …)`. */
  wsConnect(path: string, options: WSConnectOptions = {}): WSConnectContextManager {
    return this.session.wsConnect(this.server.makeUrl(path), options);
  }

  *aenter(): Coro<TestClient> {
    yield* this.start();
    return this;
  }

  *aexit(): Coro<boolean> {
    yield* this.close();
    return false;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await toPromise(this.close());
  }
}
