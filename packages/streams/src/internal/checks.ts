/**
 * The argument checks every entry point of the package shares, with Python's texts: options
 * objects refuse unknown keys, protocol factories must be callable, and so on.
 */
import { repr } from "@aio/loop";

/** Refuses an options object with a key `known` does not hold, as Python refuses an unexpected keyword. */
export function checkOptions(options: unknown, known: ReadonlySet<string>, fn: string): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}() options must be an object, got ${repr(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
  }
}

/** Refuses a protocol factory that cannot be called. */
export function checkProtocolFactory(protocolFactory: unknown): void {
  if (typeof protocolFactory !== "function") {
    throw new TypeError(`protocol_factory must be callable, got ${repr(protocolFactory)}`);
  }
}

/**
 * The TLS handshake's time limit in seconds: `timeout` checked, or 60 with TLS (null without).
 * Python: `ssl_handshake_timeout`, refused without `ssl`.
 */
export function handshakeTimeout(timeout: unknown, withSsl: boolean): number | null {
  if (timeout === undefined || timeout === null) return withSsl ? 60 : null;
  if (!withSsl) throw new RangeError("ssl_handshake_timeout is only meaningful with ssl");
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw new RangeError(`ssl_handshake_timeout should be a positive number, got ${repr(timeout)}`);
  }
  return timeout;
}

/** Refuses `reusePort` where Node cannot set SO_REUSEPORT (before 22.12), with Python's text. */
export function checkReusePort(reusePort: unknown): void {
  if (!reusePort) return;
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  if (major < 22 || (major === 22 && minor < 12))
    throw new RangeError("reuse_port not supported by socket module");
}

/** An error listener that keeps a socket's late errors from crashing the process. */
export function ignoreError(): void {}

/**
 * An address family as a caller may give it (Python's `socket.AF_INET` (2) / `AF_INET6` (10), or
 * Node's 4 / 6; 0 for any) → 0, 4 or 6.
 */
export type FamilyOption = 0 | 2 | 4 | 6 | 10;

/** `family` checked and made Node's: 0, 4 or 6. */
export function checkFamily(family: unknown): 0 | 4 | 6 {
  if (family === undefined || family === null || family === 0) return 0;
  if (family === 4 || family === 2) return 4;
  if (family === 6 || family === 10) return 6;
  throw new RangeError(`family must be 0, AF_INET (2 or 4) or AF_INET6 (10 or 6), got ${repr(family)}`);
}
