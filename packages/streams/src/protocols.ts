/**
 * The interfaces a transport calls back. Python: `asyncio.protocols`. Each method does nothing by
 * default; subclass and override what matters, as in asyncio.
 */
import type { BaseTransport, DatagramTransport, SubprocessTransport, Transport } from "./transports.js";

/** What every protocol receives. Python: `asyncio.BaseProtocol`. */
export class BaseProtocol {
  /** The connection is made; `transport` is how to write to it. Python: `connection_made`. */
  connectionMade(_transport: BaseTransport): void {}
  /** The connection is gone: `exc` is the error, or null for a normal close or EOF. Python: `connection_lost`. */
  connectionLost(_exc: unknown): void {}
  /** The transport's write buffer went past its high-water mark. Python: `pause_writing`. */
  pauseWriting(): void {}
  /** The transport's write buffer drained below its low-water mark. Python: `resume_writing`. */
  resumeWriting(): void {}
}

/** A stream protocol (TCP, Unix sockets, TLS, pipes). Python: `asyncio.Protocol`. */
export class Protocol extends BaseProtocol {
  override connectionMade(_transport: Transport): void {}
  /** Bytes arrived. Python: `data_received`. */
  dataReceived(_data: Buffer): void {}
  /**
   * The peer will send no more (it half-closed). Return true to keep the connection open for
   * writing; anything else closes the transport. Python: `eof_received`.
   */
  eofReceived(): boolean | undefined {
    return undefined;
  }
}

/**
 * A stream protocol that supplies its own receive buffer, so that bytes are copied once.
 * Python: `asyncio.BufferedProtocol`.
 */
export class BufferedProtocol extends BaseProtocol {
  override connectionMade(_transport: Transport): void {}
  /** The buffer to receive into (at least `sizehint` bytes when positive). Python: `get_buffer`. */
  getBuffer(_sizehint: number): Uint8Array {
    throw new Error("BufferedProtocol.getBuffer() must be overridden");
  }
  /** `nbytes` bytes were written into the buffer. Python: `buffer_updated`. */
  bufferUpdated(_nbytes: number): void {}
  /** As `Protocol.eofReceived`. */
  eofReceived(): boolean | undefined {
    return undefined;
  }
}

/** A UDP endpoint's protocol. Python: `asyncio.DatagramProtocol`. */
export class DatagramProtocol extends BaseProtocol {
  override connectionMade(_transport: DatagramTransport): void {}
  /** A datagram arrived from `addr` (`[host, port]`). Python: `datagram_received`. */
  datagramReceived(_data: Buffer, _addr: [string, number]): void {}
  /** A send or receive failed (an ICMP error, say); the endpoint stays open. Python: `error_received`. */
  errorReceived(_exc: unknown): void {}
}

/** A child process's protocol. Python: `asyncio.SubprocessProtocol`. */
export class SubprocessProtocol extends BaseProtocol {
  override connectionMade(_transport: SubprocessTransport): void {}
  /** Bytes from the child's stdout (fd 1) or stderr (fd 2). Python: `pipe_data_received`. */
  pipeDataReceived(_fd: number, _data: Buffer): void {}
  /** One of the child's pipes closed. Python: `pipe_connection_lost`. */
  pipeConnectionLost(_fd: number, _exc: unknown): void {}
  /** The child exited. Python: `process_exited`. */
  processExited(): void {}
}
