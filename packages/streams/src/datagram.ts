/**
 * UDP endpoints. Python: `loop.create_datagram_endpoint()` and its transport
 * (`asyncio.selector_events._SelectorDatagramTransport`), on Node's `dgram`.
 */
import { createSocket, type Socket as UdpSocket, Socket as UdpSocketClass } from "node:dgram";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { osError } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { type EventLoop, getRunningLoop, repr, reprSymbol, typeName } from "@aio/loop";
import type { Coro } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import {
  checkFamily,
  checkOptions,
  checkProtocolFactory,
  checkReusePort,
  type FamilyOption,
} from "./internal/checks.js";
import { track, untrack } from "./internal/loop-resources.js";
import type { BaseProtocol, DatagramProtocol } from "./protocols.js";
import { addressRepr } from "./socket-transport.js";
import { DatagramTransport } from "./transports.js";

/** Options of {@link createDatagramEndpoint}. */
export interface CreateDatagramEndpointOptions {
  /** Bind to this `[host, port]` (port 0: any free port). Python: `local_addr`. */
  localAddr?: [string, number] | null | undefined;
  /** Send to this `[host, port]` only, and receive only from it. Python: `remote_addr`. */
  remoteAddr?: [string, number] | null | undefined;
  /** `AF_INET` or `AF_INET6` (or Node's 4 or 6; default: the family of the addresses given). Python: `family`. */
  family?: FamilyOption | undefined;
  /** SO_REUSEPORT. Python: `reuse_port`. */
  reusePort?: boolean | undefined;
  /** SO_BROADCAST. Python: `allow_broadcast`. */
  allowBroadcast?: boolean | undefined;
  /** A bound Node UDP socket to use instead of making one (no other option then). Python: `sock`. */
  sock?: UdpSocket | null | undefined;
}

const DATAGRAM_OPTIONS = new Set([
  "localAddr",
  "remoteAddr",
  "family",
  "reusePort",
  "allowBroadcast",
  "sock",
]);

/** An endpoint on a socket made elsewhere. Python: `create_datagram_endpoint(sock=sock)`. */
function* onSock<P extends DatagramProtocol>(
  protocolFactory: () => P,
  sock: UdpSocket,
  options: CreateDatagramEndpointOptions,
): Coro<[UdpTransport, P]> {
  const modifiers = Object.entries(options).filter(
    ([k, v]) => k !== "sock" && v !== undefined && v !== null && v !== 0 && v !== false,
  );
  if (modifiers.length > 0) {
    const names: Record<string, string> = {
      localAddr: "local_addr",
      remoteAddr: "remote_addr",
      family: "family",
      reusePort: "reuse_port",
      allowBroadcast: "allow_broadcast",
    };
    const problems = modifiers.map(([k, v]) => `${names[k] ?? k}=${repr(v)}`).join(", ");
    throw new RangeError(
      `socket modifier keyword arguments can not be used when sock is specified. (${problems})`,
    );
  }
  if (!(sock instanceof UdpSocketClass)) throw new RangeError(`A UDP Socket was expected, got ${repr(sock)}`);
  try {
    sock.address();
  } catch {
    throw new RangeError(`A bound UDP Socket was expected, got ${repr(sock)}`);
  }
  const loop = getRunningLoop();
  const protocol = protocolFactory();
  let peer: Address | null = null;
  try {
    const p = sock.remoteAddress();
    peer = [p.address, p.port];
  } catch {
    // not connected
  }
  const waiter = loop.createFuture<void>() as Future<void>;
  const transport = new UdpTransport(loop, sock, protocol, peer, waiter);
  yield* waiter;
  return [transport, protocol];
}

/** A UDP address: `[host, port]`, as Python's tuple. */
export type DatagramAddress = [string, number];
type Address = DatagramAddress;

/** A UDP socket driving a DatagramProtocol. Python: the transport of `create_datagram_endpoint`. */
export class UdpTransport extends DatagramTransport {
  readonly #loop: EventLoop;
  readonly #socket: UdpSocket;
  #protocol: DatagramProtocol;
  readonly #remote: Address | null;
  #closing = false;
  #lost = false;
  #pendingSends = 0;
  #bufferSize = 0;
  #releaseOperation: (() => void) | null;

  /** @internal made by createDatagramEndpoint, with the socket bound */
  constructor(
    loop: EventLoop,
    socket: UdpSocket,
    protocol: DatagramProtocol,
    remote: Address | null,
    waiter: Future<void>,
  ) {
    const a = socket.address();
    super({
      socket,
      sockname: a.family === "IPv6" ? [a.address, a.port, 0, 0] : [a.address, a.port],
      peername: remote,
    });
    this.#loop = loop;
    this.#socket = socket;
    this.#protocol = protocol;
    this.#remote = remote;
    this.#releaseOperation = loop.trackOutsideOperation("udp", `${a.address}:${a.port}`);
    track(loop, this);
    socket.on("message", (msg: Buffer, rinfo) => {
      const from: Address = [rinfo.address, rinfo.port];
      // asyncio's connected endpoint receives from its peer only (the kernel filters; Node too once connected).
      this.#soon(() => {
        if (!this.#closing) this.#protocol.datagramReceived(msg, from);
      });
    });
    socket.on("error", (err: Error) => {
      // An ICMP error or a failed send: reported to the protocol; the endpoint stays open.
      const exc = osError(err);
      this.#soon(() => this.#protocol.errorReceived(exc));
    });
    socket.on("close", () => this.#lose(null));
    this.#soon(() => {
      try {
        this.#protocol.connectionMade(this);
      } catch (err) {
        waiter.setException(err);
        this.abort();
        return;
      }
      waiter.setResult(undefined);
    });
  }

  #soon(fn: () => void): void {
    if (this.#loop.isClosed()) this._closeWithLoop();
    else this.#loop.callSoon(fn);
  }

  /**
   * Sends `data` as one datagram to `addr`, or to the remote address of a connected endpoint.
   * Python: `transport.sendto(data, addr=None)`.
   */
  override sendto(data: Uint8Array | string, addr: Address | null = null): void {
    if (typeof data !== "string" && !(data instanceof Uint8Array)) {
      throw new TypeError(`data argument must be a bytes-like object, not '${typeName(data)}'`);
    }
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (this.#remote !== null) {
      if (addr !== null && (addr[0] !== this.#remote[0] || addr[1] !== this.#remote[1])) {
        throw new RangeError(`Invalid address: must be None or ${addressRepr(this.#remote)}`);
      }
    } else if (addr === null) {
      // asyncio lets the socket refuse it, which closes the endpoint with this error: refused here.
      throw new TypeError(`sendto(): AF_INET address must be tuple, not NoneType`);
    }
    if (this.#closing) return;
    this.#pendingSends++;
    this.#bufferSize += bytes.length;
    const done = (err: Error | null): void => {
      this.#pendingSends--;
      this.#bufferSize -= bytes.length;
      if (err !== null) {
        const exc = osError(err);
        this.#soon(() => this.#protocol.errorReceived(exc));
      }
      if (this.#closing && this.#pendingSends === 0) this.#closeSocket();
    };
    if (this.#remote !== null) this.#socket.send(bytes, done);
    else this.#socket.send(bytes, (addr as Address)[1], (addr as Address)[0], done);
  }

  /** Bytes handed to the socket and not yet sent. Python: `get_write_buffer_size()`. */
  getWriteBufferSize(): number {
    return this.#bufferSize;
  }

  override isClosing(): boolean {
    return this.#closing;
  }

  /** Closes once what was handed to the socket is sent; `connectionLost(null)` follows. */
  override close(): void {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#pendingSends === 0) this.#closeSocket();
  }

  /** Closes at once; `connectionLost(null)` follows. */
  override abort(): void {
    this.#closing = true;
    this.#closeSocket();
  }

  #closeSocket(): void {
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }

  #lose(exc: unknown): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#closing = true;
    this.#releaseOperation?.();
    this.#releaseOperation = null;
    untrack(this.#loop, this);
    const protocol = this.#protocol;
    this.#soon(() => protocol.connectionLost(exc));
  }

  /** @internal the loop closed with the endpoint open */
  _closeWithLoop(): void {
    this.#lost = true;
    this.#closing = true;
    this.#releaseOperation?.();
    this.#releaseOperation = null;
    untrack(this.#loop, this);
    this.#closeSocket();
  }

  override setProtocol(protocol: BaseProtocol): void {
    this.#protocol = protocol as DatagramProtocol;
  }

  override getProtocol(): BaseProtocol {
    return this.#protocol;
  }

  [reprSymbol](): string {
    return `<_SelectorDatagramTransport${this.#lost ? " closed" : this.#closing ? " closing" : ""}>`;
  }

  override toString(): string {
    return this[reprSymbol]();
  }
}

function checkAddr(addr: unknown, name: string): Address | null {
  if (addr === undefined || addr === null) return null;
  if (
    !Array.isArray(addr) ||
    addr.length !== 2 ||
    typeof addr[0] !== "string" ||
    !Number.isInteger(addr[1]) ||
    (addr[1] as number) < 0 ||
    (addr[1] as number) > 65535
  ) {
    throw new TypeError(`${name} must be a [host, port] pair, got ${repr(addr)}`);
  }
  return addr as Address;
}

/** `host` as an address of `family` (a name is looked up). */
function* resolve(
  loop: EventLoop,
  host: string,
  family: 0 | 4 | 6,
): Coro<{ address: string; family: 4 | 6 }> {
  const ip = isIP(host);
  if (ip !== 0) return { address: host, family: ip as 4 | 6 };
  const found = yield* tracedFromPromise(
    lookup(host, { family }).catch((err: unknown) => {
      throw osError(err);
    }),
    loop,
    "dns",
    host,
  );
  return { address: found.address, family: found.family as 4 | 6 };
}

/**
 * A UDP endpoint: binds to `localAddr` and/or connects to `remoteAddr`, and hands the datagrams to
 * a new protocol. Python: `await loop.create_datagram_endpoint(protocol_factory, local_addr=…, remote_addr=…)`.
 * @example
 * const [transport, protocol] = yield* createDatagramEndpoint(() => new Echo(), { localAddr: ["127.0.0.1", 9999] });
 */
export function* createDatagramEndpoint<P extends DatagramProtocol>(
  protocolFactory: () => P,
  options: CreateDatagramEndpointOptions = {},
): Coro<[UdpTransport, P]> {
  checkOptions(options, DATAGRAM_OPTIONS, "create_datagram_endpoint");
  checkProtocolFactory(protocolFactory);
  if (options.sock !== undefined && options.sock !== null)
    return yield* onSock(protocolFactory, options.sock, options);
  const local = checkAddr(options.localAddr, "local_addr");
  const remote = checkAddr(options.remoteAddr, "remote_addr");
  let family = checkFamily(options.family);
  if (local === null && remote === null && family === 0) {
    throw new RangeError("unexpected address family");
  }
  checkReusePort(options.reusePort);
  const loop = getRunningLoop();
  const localIp = local !== null ? yield* resolve(loop, local[0], family) : null;
  if (localIp !== null) family = localIp.family;
  const remoteIp = remote !== null ? yield* resolve(loop, remote[0], family) : null;
  if (remoteIp !== null) family = remoteIp.family;
  const socket = createSocket({
    type: family === 6 ? "udp6" : "udp4",
    reuseAddr: false,
    ...(options.reusePort ? { reusePort: true } : {}),
  } as never);
  const ready = new Promise<void>((resolvePromise, reject) => {
    socket.once("error", reject);
    socket.bind(
      local !== null ? { port: local[1], address: (localIp as { address: string }).address } : { port: 0 },
      () => {
        if (options.allowBroadcast) socket.setBroadcast(true);
        if (remote === null) {
          resolvePromise();
          return;
        }
        socket.connect(remote[1], (remoteIp as { address: string }).address, () => resolvePromise());
      },
    );
  });
  try {
    yield* tracedFromPromise(ready, loop, "socket", "udp bind");
  } catch (err) {
    try {
      socket.close();
    } catch {
      // not open
    }
    throw osError(err);
  } finally {
    socket.removeAllListeners("error");
  }
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (err) {
    socket.close();
    throw err;
  }
  const waiter = loop.createFuture<void>() as Future<void>;
  const peer: Address | null =
    remote !== null ? [(remoteIp as { address: string }).address, remote[1]] : null;
  const transport = new UdpTransport(loop, socket, protocol, peer, waiter);
  yield* waiter;
  return [transport, protocol];
}
