/**
 * Where Redis is: a `redis://` URL, ioredis options, or an ioredis client the caller owns.
 */
import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { RedisConnectionError } from "./errors.js";

/** Redis to use: a URL (`redis://user:pass@host:6379/0`), ioredis options, or an ioredis client. */
export type Connection = string | RedisOptions | Redis;

/** BullMQ's connection for `connection`: options as given, a URL parsed, a client as it is. */
export function bullConnection(connection: Connection, what: string): ConnectionOptions {
  if (connection instanceof Redis) return connection as unknown as ConnectionOptions;
  if (typeof connection === "string") return parseRedisUrl(connection, what) as ConnectionOptions;
  if (typeof connection === "object" && connection !== null && !Array.isArray(connection))
    return connection as ConnectionOptions;
  throw new TypeError(
    `${what}: connection must be a redis:// URL, ioredis options or an ioredis client, not ${
      connection === null ? "null" : Array.isArray(connection) ? "an array" : typeof connection
    }`,
  );
}

/** ioredis options for a `redis://` or `rediss://` URL. */
export function parseRedisUrl(url: string, what: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`${what}: connection '${url}' is not a URL (redis://host:port/db)`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new TypeError(`${what}: connection '${url}' is not a redis:// or rediss:// URL`);
  const options: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: Number(u.port || 6379),
  };
  if (u.username) options.username = decodeURIComponent(u.username);
  if (u.password) options.password = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "") {
    if (!/^\d+$/.test(db))
      throw new TypeError(`${what}: connection '${url}' names database '${db}', not a number`);
    options.db = Number(db);
  }
  if (u.protocol === "rediss:") options.tls = {};
  return options;
}

/** Where `connection` points, for messages (a URL's password masked). */
export function describeConnection(connection: Connection): string {
  if (typeof connection === "string") {
    try {
      const u = new URL(connection);
      if (u.password) u.password = "***";
      return u.href;
    } catch {
      return connection;
    }
  }
  const o = connection instanceof Redis ? connection.options : connection;
  return `${o.host ?? "127.0.0.1"}:${o.port ?? 6379}`;
}

/** Seconds to wait for Redis the first time: a number ≥ 0 (default 10). */
export function connectTimeoutOf(value: unknown, what: string): number {
  if (value === undefined) return 10;
  if (typeof value !== "number" || !(value >= 0))
    throw new RangeError(`${what}: connectTimeout must be a number of seconds ≥ 0, not ${String(value)}`);
  return value;
}

/**
 * Settles with `promise`, or rejects with RedisConnectionError after `seconds` (naming `where` and
 * the last connection error seen, `lastError()`).
 */
export function withConnectTimeout<T>(
  promise: Promise<T>,
  seconds: number,
  where: string,
  lastError: () => unknown,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const last = lastError();
      reject(
        new RedisConnectionError(
          `cannot reach Redis at ${where} within ${seconds} s${last ? `: ${(last as Error).message ?? String(last)}` : ""}`,
        ),
      );
    }, seconds * 1000);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A new client to the same Redis (for a subscriber), closed by its user. */
export function newClient(connection: ConnectionOptions): Redis {
  if (connection instanceof Redis) return connection.duplicate();
  return new Redis({ ...(connection as RedisOptions), maxRetriesPerRequest: null });
}

/** The options object's keys that are not among `known`: a TypeError naming the first. */
export function checkKeys(options: object, known: readonly string[], what: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${what} got an unexpected keyword argument '${key}'`);
  }
}

/** The channel on which callers ask workers to stop a running job. */
export function cancelChannel(prefix: string, queue: string): string {
  return `${prefix}:${queue}:aio:cancel`;
}

/** The name under which `map()` sends a chunk of calls as one job. */
export const CHUNK_JOB = "__aio_map_chunk__";
