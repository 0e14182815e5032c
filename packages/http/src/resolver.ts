/**
 * Name resolution of a connector's own: aiohttp's `AbstractResolver`, given as `TCPConnector`'s
 * `resolver`. Without one, hosts are resolved as Node resolves them (dns.lookup).
 * @example
 * class Hosts extends AbstractResolver {
 *   *resolve(host: string, port: number) {
 *     return [{ hostname: host, host: "127.0.0.1", port, family: 2, proto: 0, flags: 0 }];
 *   }
 *   *close() {}
 * }
 * new ClientSession({ connector: new TCPConnector({ resolver: new Hosts() }) });
 */
import type { Coro } from "@aio/task";

/** An address a host resolves to. Python: the dicts of `AbstractResolver.resolve`'s list. */
export interface ResolvedHost {
  /** The host name asked for. */
  hostname: string;
  /** The address to connect to. */
  host: string;
  /** The port to connect to. */
  port: number;
  /** The address family (Python's socket.AF_INET = 2, AF_INET6 = 10). */
  family: number;
  proto: number;
  flags: number;
}

/**
 * Resolves a host name to the addresses to connect to (the first is used). Python:
 * `aiohttp.abc.AbstractResolver`; an OS error it raises is the request's `ClientConnectorError`.
 */
export abstract class AbstractResolver {
  /** The addresses of `host` (the URL's port in `port`; `family` 0: any). */
  abstract resolve(host: string, port: number, family: number): Coro<ResolvedHost[]>;
  /** Releases what the resolver holds (called by nobody but its owner). */
  abstract close(): Coro<void>;
}
