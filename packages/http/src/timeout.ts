/**
 * `ClientTimeout`: how long a request may take, in seconds. Python: `aiohttp.ClientTimeout`.
 */
import { repr } from "@aio/loop";
import { checkKeys } from "./internal/options.js";

/** The parts of a {@link ClientTimeout}. */
export interface ClientTimeoutOptions {
  /** The whole request: connecting, sending, reading the body (default 300 s for a session). */
  total?: number | null | undefined;
  /** Getting a connection: waiting for a free slot of the connector, and connecting. */
  connect?: number | null | undefined;
  /** Between two reads of the response (headers, then each body chunk). */
  sockRead?: number | null | undefined;
  /** Connecting the socket. */
  sockConnect?: number | null | undefined;
}

function seconds(name: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`ClientTimeout ${name} must be a number of seconds or null, got ${repr(value)}`);
  }
  if (value < 0) throw new RangeError(`ClientTimeout ${name} must not be negative, got ${value}`);
  return value;
}

/** The keys of ClientTimeoutOptions. */
const TIMEOUT_OPTIONS: ReadonlySet<string> = new Set(["total", "connect", "sockRead", "sockConnect"]);

/**
 * Timeouts of a session or a request, each in seconds or null (none). A total timeout raises
 * `TimeoutError`; `sockConnect` and `sockRead` raise `ServerTimeoutError` (also a TimeoutError).
 * @example new ClientSession({ timeout: new ClientTimeout({ total: 10, sockRead: 2 }) })
 */
export class ClientTimeout {
  readonly total: number | null;
  readonly connect: number | null;
  readonly sockRead: number | null;
  readonly sockConnect: number | null;

  constructor(options: ClientTimeoutOptions = {}) {
    checkKeys(options, TIMEOUT_OPTIONS, "ClientTimeout");
    this.total = seconds("total", options.total);
    this.connect = seconds("connect", options.connect);
    this.sockRead = seconds("sockRead", options.sockRead);
    this.sockConnect = seconds("sockConnect", options.sockConnect);
  }

  toString(): string {
    const f = (v: number | null) => (v === null ? "None" : String(v));
    return `ClientTimeout(total=${f(this.total)}, connect=${f(this.connect)}, sock_read=${f(this.sockRead)}, sock_connect=${f(this.sockConnect)})`;
  }
}

/** A session's default: five minutes in all, as aiohttp's. */
export const DEFAULT_TIMEOUT: ClientTimeout = new ClientTimeout({ total: 300 });
