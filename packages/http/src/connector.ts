/**
 * `TCPConnector`: the session's connections, on an undici Agent (keep-alive, HTTP/1.1), with
 * aiohttp's limits as real bounds: at most `limit` requests hold a connection at once, at most
 * `limitPerHost` to one host; the others wait in arrival order.
 */
import type { ConnectionOptions } from "node:tls";
import { repr } from "@aio/loop";
import { Semaphore } from "@aio/sync";
import { type Coro, fromPromise } from "@aio/task";
import type { buildConnector, Dispatcher } from "undici";
import { ClientConnectionError, ClientConnectorError } from "./errors.js";
import { ExpectDispatcher } from "./expect-dispatcher.js";
import { Fingerprint, pinnedConnector } from "./fingerprint.js";
import { checkKeys } from "./internal/options.js";
import { undici } from "./lazy.js";
import type { AbstractResolver, ResolvedHost } from "./resolver.js";

/** The keys of TCPConnectorOptions. */
const CONNECTOR_OPTIONS: ReadonlySet<string> = new Set([
  "limit",
  "limitPerHost",
  "keepaliveTimeout",
  "forceClose",
  "ssl",
  "resolver",
]);

/** Options of {@link TCPConnector}. Python: `aiohttp.TCPConnector(...)`. */
export interface TCPConnectorOptions {
  /** Connections at once, all hosts together (default 100; 0: no limit). */
  limit?: number | undefined;
  /** Connections at once to one host (`scheme://host:port`; default 0: no limit). */
  limitPerHost?: number | undefined;
  /** Seconds an idle connection is kept for reuse (default 15; a server's `Keep-Alive: timeout` shortens it). */
  keepaliveTimeout?: number | undefined;
  /** Close each connection after its response (no keep-alive). */
  forceClose?: boolean | undefined;
  /** TLS of the https connections: see {@link SslOption} (default `true`: verified against Node's CAs). */
  ssl?: SslOption | undefined;
  /**
   * Resolves the hosts of the requests (an {@link AbstractResolver}: each request asks it, then
   * connects to the first address it gives, the host's name still the TLS server name). Default:
   * Node's resolution.
   */
  resolver?: AbstractResolver | undefined;
}

/**
 * The TLS of https connections, a connector's or a request's `ssl` (Python: `ssl=`): `true` verifies
 * the server's certificate against Node's CAs, `false` skips verification, node:tls options
 * (`{ ca, cert, key, servername, … }`) are used as they are (a `ca` of your own, a client
 * certificate), and a {@link Fingerprint} pins the certificate by its sha256 digest instead of
 * verifying it (aiohttp's certificate pinning).
 */
export type SslOption = boolean | ConnectionOptions | Fingerprint;

/** The node:tls options of an {@link SslOption}, and the fingerprint it pins (if one). @internal */
export function tlsOf(ssl: SslOption, what: string): { tls: ConnectionOptions; pin: Fingerprint | null } {
  if (ssl instanceof Fingerprint) return { tls: { rejectUnauthorized: false }, pin: ssl };
  if (ssl === true) return { tls: {}, pin: null };
  if (ssl === false) return { tls: { rejectUnauthorized: false }, pin: null };
  if (typeof ssl !== "object" || ssl === null || Array.isArray(ssl))
    throw new TypeError(`${what} must be a boolean, node:tls options or a Fingerprint, got ${repr(ssl)}`);
  return { tls: ssl, pin: null };
}

/** The most hosts whose resolved address a connector keeps (the oldest are forgotten). */
const RESOLVED_HOSTS = 256;

/** The most request-level `ssl` values whose connections a connector keeps pooled apart at once. */
const OWN_SSL_POOLS = 16;

function count(name: string, value: unknown, dflt: number): number {
  if (value === undefined) return dflt;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`TCPConnector ${name} must be a non-negative integer, got ${repr(value)}`);
  }
  return value;
}

/** undici's per-origin connection bound for our limits (0 = none). */
function perOrigin(limit: number, limitPerHost: number): number | null {
  if (limitPerHost === 0) return limit === 0 ? null : limit;
  return limit === 0 ? limitPerHost : Math.min(limit, limitPerHost);
}

/**
 * Connections for a session. Python: `aiohttp.TCPConnector`.
 * @example new ClientSession({ connector: new TCPConnector({ limit: 10, limitPerHost: 2 }) })
 */
export class TCPConnector {
  readonly limit: number;
  readonly limitPerHost: number;
  readonly forceClose: boolean;
  readonly #keepalive: number;
  readonly #tls: ConnectionOptions;
  readonly #pin: Fingerprint | null;
  /** The resolver given, if one. */
  readonly resolver: AbstractResolver | null;
  /** What the resolver last said for each `host:port` (read when a connection is made). */
  readonly #resolved = new Map<string, ResolvedHost>();
  #dispatcher: Dispatcher | null = null;
  /** The dispatchers of requests with an `ssl` of their own (their connections are pooled apart). */
  readonly #bySsl = new Map<
    SslOption,
    {
      tls: ConnectionOptions;
      pin: Fingerprint | null;
      undici: Dispatcher | null;
      expect: ExpectDispatcher | null;
    }
  >();
  #expect: ExpectDispatcher | null = null;
  #proxied = false;
  /** The total's slots (null: no limit), FIFO and cancellation-safe as @aio/sync's Semaphore is. */
  readonly #total: Semaphore | null;
  readonly #perHost = new Map<string, Semaphore>();
  #inUse = 0;
  #closed = false;

  constructor(options: TCPConnectorOptions = {}) {
    checkKeys(options, CONNECTOR_OPTIONS, "TCPConnector");
    this.limit = count("limit", options.limit, 100);
    this.limitPerHost = count("limitPerHost", options.limitPerHost, 0);
    const keepalive = options.keepaliveTimeout ?? 15;
    if (typeof keepalive !== "number" || !(keepalive >= 0)) {
      throw new RangeError(
        `TCPConnector keepaliveTimeout must be a non-negative number of seconds, got ${repr(keepalive)}`,
      );
    }
    this.#keepalive = keepalive;
    this.forceClose = options.forceClose ?? false;
    const { tls, pin } = tlsOf(options.ssl ?? true, "TCPConnector ssl");
    this.#tls = tls;
    this.#pin = pin;
    const resolver = options.resolver ?? null;
    // (as aiohttp's, any object with the methods will do)
    if (resolver !== null && typeof (resolver as { resolve?: unknown })?.resolve !== "function")
      throw new TypeError(
        `TCPConnector resolver must be an AbstractResolver (with resolve()), got ${repr(resolver)}`,
      );
    this.resolver = resolver;
    this.#total = this.limit === 0 ? null : new Semaphore(this.limit);
  }

  /** @internal the TLS options of the connector's connections (a WebSocket's handshake uses them too) */
  get _tls(): ConnectionOptions {
    return this.#tls;
  }

  /** @internal the certificate fingerprint the connector's connections pin (a WebSocket's too), if one */
  get _pin(): Fingerprint | null {
    return this.#pin;
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Requests holding a connection now (all hosts). */
  get inUse(): number {
    return this.#inUse;
  }

  /**
   * @internal The undici dispatcher (made on first use; `proxied`: one that reads
   * HTTP_PROXY/NO_PROXY); `ssl`: a request's own TLS, whose connections are pooled apart (as
   * aiohttp keys its connections by their ssl too).
   */
  dispatcher(proxied: boolean, ssl?: SslOption): Dispatcher {
    if (ssl !== undefined) {
      const own = this.#ownSsl(ssl);
      if (own.undici === null || own.undici instanceof undici().EnvHttpProxyAgent !== proxied)
        own.undici = this.#makeDispatcher(proxied, own.tls, own.pin);
      return own.undici;
    }
    if (this.#dispatcher === null || this.#proxied !== proxied) {
      this.#dispatcher = this.#makeDispatcher(proxied, this.#tls, this.#pin);
      this.#proxied = proxied;
    }
    return this.#dispatcher;
  }

  #makeDispatcher(proxied: boolean, tls: ConnectionOptions, pin: Fingerprint | null): Dispatcher {
    const options = {
      // Connections per origin: at most what our slots let through at once (undici would open a
      // new socket for a request that comes while the last one's is being handed back).
      connections: perOrigin(this.limit, this.limitPerHost),
      keepAliveTimeout: Math.max(1, this.#keepalive * 1000),
      keepAliveMaxTimeout: Math.max(1, this.#keepalive * 1000),
      // A pinned certificate is checked once the handshake is done, before the socket is used.
      connect: this.#resolving(pin === null ? tls : pinnedConnector(tls, pin)),
      // aiohttp's own timeouts govern (ClientTimeout); undici's would cut long bodies at 300 s.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    const { Agent, EnvHttpProxyAgent } = undici();
    return proxied ? new EnvHttpProxyAgent(options) : new Agent(options);
  }

  /**
   * The pools of a request's own `ssl` (at most {@link OWN_SSL_POOLS}: the oldest is closed, its
   * requests in flight finishing, when more come).
   */
  #ownSsl(ssl: SslOption) {
    let own = this.#bySsl.get(ssl);
    if (own === undefined) {
      const { tls, pin } = tlsOf(ssl, "ssl");
      own = { tls, pin, undici: null, expect: null };
      if (this.#bySsl.size >= OWN_SSL_POOLS) {
        const [oldest, pools] = this.#bySsl.entries().next().value as [SslOption, typeof own];
        this.#bySsl.delete(oldest);
        pools.undici?.close().catch(() => {});
        pools.expect?.destroy();
      }
      this.#bySsl.set(ssl, own);
    }
    return own;
  }

  /** undici's connector, connecting to the address the resolver gave (if there is a resolver). */
  #resolving(connect: ConnectionOptions | buildConnector.connector) {
    if (this.resolver === null) return connect;
    const base = typeof connect === "function" ? connect : undici().buildConnector(connect);
    const wrapped: buildConnector.connector = (options, callback) => {
      const port = options.port || (options.protocol === "https:" ? "443" : "80");
      const to = this.#resolved.get(`${options.hostname.replace(/^\[|\]$/g, "")}:${port}`);
      // (undici names the TLS server by `host`, the URL's: a resolved address does not change it)
      if (to === undefined) base(options, callback);
      else base({ ...options, hostname: to.host, port: String(to.port) }, callback);
    };
    return wrapped;
  }

  /**
   * @internal Asks the resolver (if one) for `url`'s host, for the connection made next: an empty
   * answer, or an OS error of the resolver's, is a `ClientConnectorError`.
   */
  *_resolve(url: URL): Coro<void> {
    const resolver = this.resolver;
    if (resolver === null) return;
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    let hosts: ResolvedHost[];
    try {
      hosts = yield* resolver.resolve(host, port, 0);
    } catch (err) {
      const os = err as { errno?: unknown; strerror?: unknown; code?: unknown };
      if (typeof os?.strerror !== "string") throw err;
      throw new ClientConnectorError(
        host,
        port,
        "default",
        {
          errno: typeof os.errno === "number" ? os.errno : undefined,
          strerror: os.strerror,
          code: typeof os.code === "string" ? os.code : undefined,
        },
        err,
      );
    }
    const first = Array.isArray(hosts) ? hosts[0] : undefined;
    if (first === undefined || typeof first.host !== "string" || !Number.isInteger(first.port))
      throw new ClientConnectorError(host, port, "default", {
        strerror: `the resolver gave no address to connect to (${repr(hosts)})`,
      });
    const key = `${host}:${port}`;
    this.#resolved.delete(key);
    if (this.#resolved.size >= RESOLVED_HOSTS)
      this.#resolved.delete(this.#resolved.keys().next().value as string);
    this.#resolved.set(key, first);
  }

  /** @internal The dispatcher for requests with an `Expect` header (node:http: undici refuses them). */
  expectDispatcher(ssl?: SslOption): ExpectDispatcher {
    const idle = Math.max(1, this.#keepalive * 1000);
    if (ssl !== undefined) {
      const own = this.#ownSsl(ssl);
      own.expect ??= new ExpectDispatcher(own.tls, idle, own.pin);
      return own.expect;
    }
    this.#expect ??= new ExpectDispatcher(this.#tls, idle, this.#pin);
    return this.#expect;
  }

  /**
   * @internal Takes a connection slot for `origin` (the host's, then one of the total); the function it
   * returns gives them back.
   */
  *acquire(origin: string): Coro<() => void> {
    if (this.#closed) throw new ClientConnectionError("Connector is closed.");
    // The host's slot first, then one of the total: a request waiting for its busy host holds
    // nothing, so requests to other hosts go ahead (as aiohttp's connector lets them).
    let host: Semaphore | undefined;
    if (this.limitPerHost > 0) {
      host = this.#perHost.get(origin);
      if (host === undefined) {
        host = new Semaphore(this.limitPerHost);
        this.#perHost.set(origin, host);
      }
      yield* host.acquire();
    }
    try {
      if (this.#total !== null) yield* this.#total.acquire();
    } catch (err) {
      host?.release();
      throw err;
    }
    this.#inUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse--;
      this.#total?.release();
      host?.release();
    };
  }

  /** Closes every connection. Python: `await connector.close()`. */
  *close(): Coro<void> {
    if (this.#closed) return;
    this.#closed = true;
    const d = this.#dispatcher;
    this.#dispatcher = null;
    const all: Dispatcher[] = [];
    for (const own of this.#bySsl.values()) {
      own.expect?.destroy();
      if (own.undici !== null) all.push(own.undici);
    }
    this.#bySsl.clear();
    if (d !== null) all.push(d);
    this.#expect?.destroy();
    this.#expect = null;
    // As aiohttp's: the connections are closed now, not after what is in flight (a connection
    // still being set up would hold a graceful close for undici's 10 s connect timeout).
    if (all.length > 0) yield* fromPromise(Promise.all(all.map((x) => x.destroy())));
  }

  toString(): string {
    return `<TCPConnector limit=${this.limit} limit_per_host=${this.limitPerHost}>`;
  }
}
