/**
 * Where Redis is: a `redis://` URL, ioredis options, or an ioredis client the caller owns.
 */
import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

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
