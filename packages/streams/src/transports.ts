/**
 * What a protocol writes to and controls. Python: `asyncio.transports`. These are the interfaces;
 * the socket, TLS, pipe, UDP and child-process transports of this package implement them. A method
 * a transport does not support raises `NotImplementedError`, as in asyncio.
 */
import { NotImplementedError } from "@aio/loop";
import type { BaseProtocol } from "./protocols.js";

/** What every transport offers. Python: `asyncio.BaseTransport`. */
export class BaseTransport {
  /** Extra information (`peername`, `sockname`, `socket`, `sslcontext`, `peercert`, …). */
  protected readonly extra: Record<string, unknown>;

  constructor(extra: Record<string, unknown> = {}) {
    this.extra = extra;
  }

  /** Information about the transport, or `dflt`. Python: `transport.get_extra_info(name, default=None)`. */
  getExtraInfo<T = unknown>(name: string, dflt: T | null = null): T | null {
    return Object.hasOwn(this.extra, name) ? (this.extra[name] as T) : dflt;
  }

  /** Whether the transport is closing or closed. Python: `is_closing()`. */
  isClosing(): boolean {
    throw new NotImplementedError();
  }

  /** Closes: buffered data is still sent, then `connectionLost(null)`. Python: `close()`. */
  close(): void {
    throw new NotImplementedError();
  }

  /** Hands the transport to another protocol. Python: `set_protocol(protocol)`. */
  setProtocol(_protocol: BaseProtocol): void {
    throw new NotImplementedError();
  }

  /** The protocol. Python: `get_protocol()`. */
  getProtocol(): BaseProtocol {
    throw new NotImplementedError();
  }
}

/** A transport one reads from. Python: `asyncio.ReadTransport`. */
export class ReadTransport extends BaseTransport {
  /** Whether data is being received. Python: `is_reading()`. */
  isReading(): boolean {
    throw new NotImplementedError();
  }
  /** Stops calling `dataReceived` until `resumeReading()`. Python: `pause_reading()`. */
  pauseReading(): void {
    throw new NotImplementedError();
  }
  /** Calls `dataReceived` again. Python: `resume_reading()`. */
  resumeReading(): void {
    throw new NotImplementedError();
  }
}

/** A transport one writes to. Python: `asyncio.WriteTransport`. */
export class WriteTransport extends BaseTransport {
  /**
   * The write buffer's flow-control marks: past `high` the protocol's `pauseWriting()` is called,
   * below `low` its `resumeWriting()`. Python: `set_write_buffer_limits(high=None, low=None)`.
   */
  setWriteBufferLimits(_high?: number | null, _low?: number | null): void {
    throw new NotImplementedError();
  }
  /** Bytes waiting to be sent. Python: `get_write_buffer_size()`. */
  getWriteBufferSize(): number {
    throw new NotImplementedError();
  }
  /** `[low, high]`. Python: `get_write_buffer_limits()`. */
  getWriteBufferLimits(): [number, number] {
    throw new NotImplementedError();
  }
  /** Sends `data` without waiting (buffered as needed). Python: `write(data)`. */
  write(_data: Uint8Array | string): void {
    throw new NotImplementedError();
  }
  /** Writes each chunk of `list`. Python: `writelines(list_of_data)`. */
  writelines(list: Iterable<Uint8Array | string>): void {
    for (const data of list) this.write(data);
  }
  /** Closes the write end once the buffer is sent (a half-close). Python: `write_eof()`. */
  writeEof(): void {
    throw new NotImplementedError();
  }
  /** Whether `writeEof()` is possible. Python: `can_write_eof()`. */
  canWriteEof(): boolean {
    throw new NotImplementedError();
  }
  /** Closes at once, dropping buffered data; `connectionLost(null)` follows. Python: `abort()`. */
  abort(): void {
    throw new NotImplementedError();
  }
}

/** A two-way stream transport. Python: `asyncio.Transport`. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the WriteTransport methods copied onto the prototype just below (Python's multiple inheritance)
export class Transport extends ReadTransport {}
// A Transport is a WriteTransport too (Python's multiple inheritance): its prototype gets those methods.
for (const name of Object.getOwnPropertyNames(WriteTransport.prototype)) {
  if (name !== "constructor") {
    Object.defineProperty(
      Transport.prototype,
      name,
      Object.getOwnPropertyDescriptor(WriteTransport.prototype, name) as PropertyDescriptor,
    );
  }
}
export interface Transport extends WriteTransport {}

/** A UDP endpoint. Python: `asyncio.DatagramTransport`. */
export class DatagramTransport extends BaseTransport {
  /** Sends one datagram, to `addr` or the connected peer. Python: `sendto(data, addr=None)`. */
  sendto(_data: Uint8Array | string, _addr?: [string, number] | null): void {
    throw new NotImplementedError();
  }
  /** Closes at once. Python: `abort()`. */
  abort(): void {
    throw new NotImplementedError();
  }
}

/** A child process. Python: `asyncio.SubprocessTransport`. */
export class SubprocessTransport extends BaseTransport {
  /** The child's process id. Python: `get_pid()`. */
  getPid(): number {
    throw new NotImplementedError();
  }
  /** The exit status (a negative signal number if killed), or null while it runs. Python: `get_returncode()`. */
  getReturncode(): number | null {
    throw new NotImplementedError();
  }
  /** The transport of the child's pipe `fd` (0, 1, 2), or null. Python: `get_pipe_transport(fd)`. */
  getPipeTransport(_fd: number): BaseTransport | null {
    throw new NotImplementedError();
  }
  /** Python: `send_signal(signal)`. */
  sendSignal(_signal: NodeJS.Signals | number): void {
    throw new NotImplementedError();
  }
  /** SIGTERM. Python: `terminate()`. */
  terminate(): void {
    throw new NotImplementedError();
  }
  /** SIGKILL. Python: `kill()`. */
  kill(): void {
    throw new NotImplementedError();
  }
}
