/**
 * Name resolution without blocking the loop. Python: `loop.getaddrinfo()` and `loop.getnameinfo()`
 * (the system resolver, as Node's `dns.lookup` and `dns.lookupService` use it).
 */
import { lookup, lookupService } from "node:dns/promises";
import { isIP } from "node:net";
import { getRunningLoop, repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import { GaiError, gaiError } from "./errors.js";
import { checkOptions } from "./internal/checks.js";
import type { SocketAddress } from "./socket-transport.js";

/** IPv4. Python: `socket.AF_INET`. */
export const AF_INET = 2;
/** IPv6 (Linux's number). Python: `socket.AF_INET6`. */
export const AF_INET6 = 10;
/** A stream socket (TCP). Python: `socket.SOCK_STREAM`. */
export const SOCK_STREAM = 1;
/** A datagram socket (UDP). Python: `socket.SOCK_DGRAM`. */
export const SOCK_DGRAM = 2;
/** A raw socket. Python: `socket.SOCK_RAW`. */
export const SOCK_RAW = 3;

/** One answer of getaddrinfo: `[family, type, proto, canonname, sockaddr]`, as Python's tuple. */
export type AddrInfo = [
  family: number,
  type: number,
  proto: number,
  canonname: string,
  sockaddr: SocketAddress,
];

/** Options of {@link getaddrinfo}. Python: the keyword arguments. */
export interface GetaddrinfoOptions {
  /** `AF_INET`, `AF_INET6`, or 0 for both. */
  family?: number | undefined;
  /** `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`, or 0 for each. */
  type?: number | undefined;
  /** The protocol (6: TCP, 17: UDP), or 0. */
  proto?: number | undefined;
  /** Python's `flags` (only 0 is supported). */
  flags?: number | undefined;
}

const GAI_OPTIONS = new Set(["family", "type", "proto", "flags"]);
const PROTO_OF: Record<number, number> = { [SOCK_STREAM]: 6, [SOCK_DGRAM]: 17, [SOCK_RAW]: 0 };

/**
 * The addresses of `host` for `port`, as the system resolver gives them. Python:
 * `await loop.getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`.
 * @example
 * const [[family, , , , [address, port]]] = yield* getaddrinfo("localhost", 80, { type: SOCK_STREAM });
 */
export function* getaddrinfo(
  host: string | null,
  port: number | string | null,
  options: GetaddrinfoOptions = {},
): Coro<AddrInfo[]> {
  checkOptions(options, GAI_OPTIONS, "getaddrinfo");
  const family = options.family ?? 0;
  if (family !== 0 && family !== AF_INET && family !== AF_INET6) {
    throw new GaiError(-9, "Address family for hostname not supported");
  }
  if ((options.flags ?? 0) !== 0)
    throw new RangeError(`getaddrinfo(): flags ${repr(options.flags)} are not supported`);
  const p = port === null ? 0 : Number(port);
  if (!Number.isInteger(p) || p < 0 || p > 65535)
    throw new GaiError(-8, "Servname not supported for ai_socktype");
  const type = options.type ?? 0;
  const types = type === 0 ? [SOCK_STREAM, SOCK_DGRAM, SOCK_RAW] : [type];
  const name = host ?? (family === AF_INET6 ? "::1" : "127.0.0.1");
  const loop = getRunningLoop();
  const found =
    isIP(name) !== 0
      ? [{ address: name, family: isIP(name) }]
      : yield* tracedFromPromise(
          lookup(name, { all: true, family: family === AF_INET ? 4 : family === AF_INET6 ? 6 : 0 }).catch(
            (err: unknown) => {
              throw gaiError(err);
            },
          ),
          loop,
          "dns",
          name,
        );
  const out: AddrInfo[] = [];
  for (const a of found) {
    const af = a.family === 6 ? AF_INET6 : AF_INET;
    if (family !== 0 && af !== family) continue;
    const sockaddr: SocketAddress = af === AF_INET6 ? [a.address, p, 0, 0] : [a.address, p];
    for (const t of types) out.push([af, t, options.proto || (PROTO_OF[t] ?? 0), "", sockaddr]);
  }
  return out;
}

/**
 * The host name and service of `sockaddr`. Python: `await loop.getnameinfo(sockaddr, flags=0)`.
 */
export function* getnameinfo(sockaddr: SocketAddress, flags = 0): Coro<[string, string]> {
  if (!Array.isArray(sockaddr) || typeof sockaddr[0] !== "string" || typeof sockaddr[1] !== "number") {
    throw new TypeError(`getnameinfo() argument 1 must be a tuple, not ${repr(sockaddr)}`);
  }
  if (flags !== 0) throw new RangeError(`getnameinfo(): flags ${repr(flags)} are not supported`);
  const loop = getRunningLoop();
  const { hostname, service } = yield* tracedFromPromise(
    lookupService(sockaddr[0], sockaddr[1]).catch((err: unknown) => {
      throw gaiError(err);
    }),
    loop,
    "dns",
    `${sockaddr[0]}:${sockaddr[1]}`,
  );
  return [hostname, service];
}
