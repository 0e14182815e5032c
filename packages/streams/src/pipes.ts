/**
 * Pipes as transports: the read or write end of a pipe, a FIFO, a socket or a terminal, given by
 * its file descriptor. Python: `loop.connect_read_pipe()`, `loop.connect_write_pipe()`
 * (`unix_events._UnixReadPipeTransport`, `_UnixWritePipeTransport`).
 */
import { fstatSync } from "node:fs";
import { Socket } from "node:net";
import { isatty, ReadStream as TtyReadStream, WriteStream as TtyWriteStream } from "node:tty";
import { osError } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { getRunningLoop, repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { checkProtocolFactory } from "./internal/checks.js";
import { SocketTransport, type StreamProtocol } from "./socket-transport.js";

/**
 * A pipe: its file descriptor, an object with `fileno()` (an @aio/fs file, a TransportSocket), or
 * a Node socket on a pipe (a child process's `stdin`, `stdout`, `stderr`).
 */
export type PipeLike = number | { fileno(): number } | Socket;

function descriptorOf(pipe: unknown): number {
  const fd =
    typeof pipe === "number"
      ? pipe
      : typeof (pipe as { fileno?: unknown } | null)?.fileno === "function"
        ? (pipe as { fileno(): number }).fileno()
        : Number.NaN;
  if (!Number.isInteger(fd) || fd < 0) {
    throw new TypeError(`pipe must be a file descriptor or have fileno(), got ${repr(pipe)}`);
  }
  let stat: ReturnType<typeof fstatSync>;
  try {
    stat = fstatSync(fd);
  } catch (err) {
    throw osError(err);
  }
  if (!(stat.isFIFO() || stat.isSocket() || stat.isCharacterDevice())) {
    throw new RangeError("Pipe transport is for pipes/sockets only.");
  }
  return fd;
}

/**
 * Node's socket on the descriptor: a terminal (a pty's master or slave) needs Node's TTY handle
 * (`net.Socket` refuses it: "Unsupported fd type: TTY"); asyncio reads and writes ptys as pipes.
 */
function pipeSocket(fd: number, readable: boolean): Socket {
  if (isatty(fd)) {
    if (readable) return new TtyReadStream(fd);
    const socket = new TtyWriteStream(fd);
    // Never read from a write end (asyncio does not watch a terminal's write end): its descriptor is
    // left blocking by Node, and a read there would take the input meant for the terminal's reader.
    socket._read = () => {};
    return socket;
  }
  return new Socket({ fd, readable, writable: !readable, allowHalfOpen: true });
}

function* connectPipe<P extends StreamProtocol>(
  protocolFactory: () => P,
  pipe: PipeLike,
  readable: boolean,
): Coro<[SocketTransport, P]> {
  checkProtocolFactory(protocolFactory);
  const loop = getRunningLoop();
  const socket = pipe instanceof Socket ? pipe : pipeSocket(descriptorOf(pipe), readable);
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (err) {
    socket.destroy();
    throw err;
  }
  const waiter = loop.createFuture<void>() as Future<void>;
  const transport = new SocketTransport(loop, socket, protocol, {
    unix: { peername: "", sockname: "" },
    pipe: true,
    pipeObject: pipe,
    readPipe: readable,
    waiter,
  });
  try {
    yield* waiter;
  } catch (err) {
    transport.close();
    throw err;
  }
  return [transport, protocol];
}

/**
 * Reads the pipe `pipe` into a new protocol (its `dataReceived`, then `eofReceived` and
 * `connectionLost` when the writer closes). Python: `await loop.connect_read_pipe(protocol_factory, pipe)`.
 */
export function connectReadPipe<P extends StreamProtocol>(
  protocolFactory: () => P,
  pipe: PipeLike,
): Coro<[SocketTransport, P]> {
  return connectPipe(protocolFactory, pipe, true);
}

/**
 * Writes to the pipe `pipe` through a transport with flow control (`pauseWriting`/`resumeWriting`).
 * Python: `await loop.connect_write_pipe(protocol_factory, pipe)`.
 */
export function connectWritePipe<P extends StreamProtocol>(
  protocolFactory: () => P,
  pipe: PipeLike,
): Coro<[SocketTransport, P]> {
  return connectPipe(protocolFactory, pipe, false);
}
