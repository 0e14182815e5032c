/**
 * `TCPConnector`: the session's connections, on an undici Agent (keep-alive, HTTP/1.1), with
 * aiohttp's limits as real bounds: at most `limit` requests hold a connection at once, at most
 * `limitPerHost` to one host; the others wait in arrival order.
 */
import type { ConnectionOptions } from "node:tls";
import { repr } from "@aio/loop";
import { Semaphore } from "@aio/sync";
import { type Coro, fromPromise } from "@aio/task";
import type { Dispatcher } from "undici";
import { ClientConnectionError } from "./errors.js";
import { ExpectDispatcher } from "./expect-dispatcher.js";
import { checkKeys } from "./internal/options.js";
import { undici } from "./lazy.js";

/** The keys of TCPConnectorOptions. */
const CONNECTOR_OPTIONS: ReadonlySet<string> = new Set([
  "limit",
  "limitPerHost",
  "keepaliveTimeout",
  "forceClose",
  "ssl",
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
  /** `false` skips certificate verification; TLS options (`ca`, `cert`, …) otherwise. */
  ssl?: boolean | ConnectionOptions | undefined;
}

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
  #dispatcher: Dispatcher | null = null;
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
    const ssl = options.ssl ?? true;
    this.#tls = ssl === false ? { rejectUnauthorized: false } : ssl === true ? {} : ssl;
    this.#total = this.limit === 0 ? null : new Semaphore(this.limit);
  }

  /** @internal the TLS options of the connector's connections (a WebSocket's handshake uses them too) */
  get _tls(): ConnectionOptions {
    return this.#tls;
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Requests holding a connection now (all hosts). */
  get inUse(): number {
    return this.#inUse;
  }

  /** @internal The undici dispatcher (made on first use; `proxied`: one that reads HTTP_PROXY/NO_PROXY). */
  dispatcher(proxied: boolean): Dispatcher {
    if (this.#dispatcher === null || this.#proxied !== proxied) {
      const options = {
        // Connections per origin: at most what our slots let through at once (undici would open a
        // new socket for a request that comes while the last one's is being handed back).
        connections: perOrigin(this.limit, this.limitPerHost),
        keepAliveTimeout: Math.max(1, this.#keepalive * 1000),
        keepAliveMaxTimeout: Math.max(1, this.#keepalive * 1000),
        connect: this.#tls,
        // aiohttp's own timeouts govern (ClientTimeout); undici's would cut long bodies at 300 s.
        headersTimeout: 0,
        bodyTimeout: 0,
      };
      const { Agent, EnvHttpProxyAgent } = undici();
      this.#dispatcher = proxied ? new EnvHttpProxyAgent(options) : new Agent(options);
      this.#proxied = proxied;
    }
    return this.#dispatcher;
  }

  /** @internal The dispatcher for requests with an `Expect` header (node:http: undici refuses them). */
  expectDispatcher(): ExpectDispatcher {
    this.#expect ??= new ExpectDispatcher(this.#tls, Math.max(1, this.#keepalive * 1000));
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
    this.#expect?.destroy();
    this.#expect = null;
    // As aiohttp's: the connections are closed now, not after what is in flight (a connection
    // still being set up would hold a graceful close for undici's 10 s connect timeout).
    if (d !== null) yield* fromPromise(d.destroy());
  }

  toString(): string {
    return `<TCPConnector limit=${this.limit} limit_per_host=${this.limitPerHost}>`;
  }
}
