/**
 * Child processes with their pipes as streams. Python: `asyncio.subprocess`
 * (`create_subprocess_exec`, `create_subprocess_shell`, `Process`), on the subprocess transport
 * of `subprocess-transport.ts`, as asyncio's sit on `loop.subprocess_exec`.
 *
 * The child's stdout and stderr feed StreamReaders with their limit and back-pressure, and its
 * stdin is a StreamWriter whose `drain()` waits while the child does not read.
 */
import { BrokenPipeError, ConnectionResetError } from "@aio/fs";
import type { Future } from "@aio/future";
import { type EventLoop, getRunningLoop, repr, reprSymbol } from "@aio/loop";
import { type Coro, gather } from "@aio/task";
import { checkOptions } from "./internal/checks.js";
import { FlowControlProtocol } from "./stream-protocol.js";
import { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";
import {
  makeSubprocessTransport,
  refuseTextMode,
  SPAWN_OPTIONS,
  type SpawnOptions,
  type StdioTarget,
  splitArgs,
  type UnixSubprocessTransport,
} from "./subprocess-transport.js";
import type { BaseTransport, SubprocessTransport, Transport } from "./transports.js";

/** Options of {@link createSubprocessExec} and {@link createSubprocessShell}. Python: the keyword arguments. */
export interface SubprocessOptions extends SpawnOptions {
  /** Default `null`: the parent's. */
  stdin?: StdioTarget | undefined;
  /** Default `null`: the parent's. */
  stdout?: StdioTarget | undefined;
  /** Default `null`: the parent's; `STDOUT` merges it into stdout. */
  stderr?: StdioTarget | undefined;
  /** The line and buffer limit of the stdout and stderr readers (default 64 KiB). */
  limit?: number | undefined;
}

const SUBPROCESS_OPTIONS = new Set(["stdin", "stdout", "stderr", "limit", ...SPAWN_OPTIONS]);

/**
 * The protocol between a subprocess transport and a Process's streams. Python:
 * `asyncio.subprocess.SubprocessStreamProtocol`.
 */
class SubprocessStreamProtocol extends FlowControlProtocol {
  readonly #limit: number | undefined;
  stdin: StreamWriter | null = null;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  _transport: SubprocessTransport | null = null;
  #processExited = false;
  readonly #pipeFds: number[] = [];
  readonly #stdinClosed: Future<void>;

  constructor(limit: number | undefined, loop: EventLoop) {
    super(loop);
    this.#limit = limit;
    this.#stdinClosed = loop.createFuture<void>() as Future<void>;
  }

  override connectionMade(transport: BaseTransport): void {
    const t = transport as SubprocessTransport;
    this._transport = t;
    const stdoutTransport = t.getPipeTransport(1);
    if (stdoutTransport !== null) {
      this.stdout = new StreamReader({ limit: this.#limit, loop: this.loop });
      this.stdout.setTransport(stdoutTransport as Transport);
      this.#pipeFds.push(1);
    }
    const stderrTransport = t.getPipeTransport(2);
    if (stderrTransport !== null) {
      this.stderr = new StreamReader({ limit: this.#limit, loop: this.loop });
      this.stderr.setTransport(stderrTransport as Transport);
      this.#pipeFds.push(2);
    }
    const stdinTransport = t.getPipeTransport(0);
    if (stdinTransport !== null) this.stdin = new StreamWriter(stdinTransport as Transport, this, null);
  }

  pipeDataReceived(fd: number, data: Buffer): void {
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    reader?.feedData(data);
  }

  pipeConnectionLost(fd: number, exc: unknown): void {
    if (fd === 0) {
      this.stdin?.close();
      this.connectionLost(exc);
      if (exc === null || exc === undefined) this.#stdinClosed.setResult(undefined);
      else {
        this.#stdinClosed.setException(exc);
        // Calling waitClosed() is not mandatory: nobody need retrieve the error.
        this.#stdinClosed.exception();
      }
      return;
    }
    const reader = fd === 1 ? this.stdout : fd === 2 ? this.stderr : null;
    if (reader !== null) {
      if (exc === null || exc === undefined) reader.feedEof();
      else reader.setException(exc);
    }
    const i = this.#pipeFds.indexOf(fd);
    if (i >= 0) this.#pipeFds.splice(i, 1);
    this.#maybeCloseTransport();
  }

  processExited(): void {
    this.#processExited = true;
    this.#maybeCloseTransport();
  }

  #maybeCloseTransport(): void {
    if (this.#pipeFds.length === 0 && this.#processExited) {
      this._transport?.close();
      this._transport = null;
    }
  }

  override _getCloseWaiter(stream: StreamWriter): Future<void> {
    return stream === this.stdin ? this.#stdinClosed : (undefined as unknown as Future<void>);
  }
}

/**
 * A child process. Python: `asyncio.subprocess.Process`.
 * @example
 * const proc = yield* createSubprocessExec("ls", "-l", { stdout: PIPE });
 * const [out] = yield* proc.communicate();
 * console.log(proc.returncode, out?.toString());
 */
export class Process {
  /** The child's process id. */
  readonly pid: number;
  /** Writes to the child's stdin (with `stdin: PIPE`), or null. */
  readonly stdin: StreamWriter | null;
  /** Reads the child's stdout (with `stdout: PIPE`), or null. */
  readonly stdout: StreamReader | null;
  /** Reads the child's stderr (with `stderr: PIPE`), or null. */
  readonly stderr: StreamReader | null;
  /** @internal the subprocess transport underneath (Python: `proc._transport`) */
  readonly _transport: UnixSubprocessTransport;
  /** @internal the protocol between the transport and the streams (Python: `proc._protocol`) */
  readonly _protocol: SubprocessStreamProtocol;

  /** @internal made by createSubprocessExec and createSubprocessShell */
  constructor(transport: UnixSubprocessTransport, protocol: SubprocessStreamProtocol) {
    this._transport = transport;
    this._protocol = protocol;
    this.stdin = protocol.stdin;
    this.stdout = protocol.stdout;
    this.stderr = protocol.stderr;
    this.pid = transport.getPid();
  }

  /** The exit status (minus the signal's number if a signal ended it), or null while it runs. Python: `proc.returncode`. */
  get returncode(): number | null {
    return this._transport.getReturncode();
  }

  /**
   * Waits for the child to exit and its pipes to close; returns its returncode. With `stdout: PIPE`
   * and a child that writes much, read its output (or use `communicate()`): a full pipe blocks the
   * child. Cancelling the wait leaves the child running. Python: `await proc.wait()`.
   */
  *wait(): Coro<number> {
    return yield* this._transport._wait();
  }

  /**
   * Sends `input` to the child's stdin and closes it, reads its stdout and stderr to their end (at
   * once, so that neither pipe fills up), and waits for it to exit: `[stdout, stderr]`, null for a
   * stream that is not a pipe. Cancelling it leaves the child running. Python:
   * `stdout, stderr = await proc.communicate(input=None)`.
   */
  *communicate(input?: Uint8Array | string | null): Coro<[Buffer | null, Buffer | null]> {
    if (input !== undefined && input !== null && this.stdin === null) {
      throw new RangeError("communicate() got input, but the process was made without stdin=PIPE");
    }
    const [, stdout, stderr] = yield* gather(
      this.#feedStdin(input ?? null),
      this.#readStream(1),
      this.#readStream(2),
    );
    yield* this.wait();
    return [stdout, stderr];
  }

  *#feedStdin(input: Uint8Array | string | null): Coro<null> {
    const stdin = this.stdin;
    if (stdin === null) return null;
    if (input !== null && input.length > 0) {
      stdin.write(input);
      try {
        yield* stdin.drain();
      } catch (err) {
        // The child exited or closed its stdin without reading everything: as asyncio, ignored.
        if (!(err instanceof BrokenPipeError || err instanceof ConnectionResetError)) throw err;
      }
    }
    stdin.close();
    return null;
  }

  *#readStream(fd: 1 | 2): Coro<Buffer | null> {
    const stream = fd === 2 ? this.stderr : this.stdout;
    if (stream === null) return null;
    const output = yield* stream.read();
    this._transport.getPipeTransport(fd)?.close();
    return output;
  }

  /**
   * Sends `signal` to the child: ProcessLookupError once it has exited and its pipes are closed.
   * Python: `proc.send_signal(signal)`.
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    this._transport.sendSignal(signal);
  }

  /** SIGTERM. Python: `proc.terminate()`. */
  terminate(): void {
    this._transport.terminate();
  }

  /** SIGKILL. Python: `proc.kill()`. */
  kill(): void {
    this._transport.kill();
  }

  [reprSymbol](): string {
    return `<Process ${this.pid}>`;
  }

  toString(): string {
    return this[reprSymbol]();
  }
}

/** A Process for `args`, once its pipes are connected. Python: `create_subprocess_exec`'s body. */
function* start(args: string[] | string, shell: boolean, options: SubprocessOptions): Coro<Process> {
  const loop = getRunningLoop();
  const { stdin = null, stdout = null, stderr = null, limit, ...spawnOptions } = options;
  const protocol = new SubprocessStreamProtocol(limit, loop);
  const transport = yield* makeSubprocessTransport(
    loop,
    protocol,
    args,
    shell,
    stdin,
    stdout,
    stderr,
    spawnOptions,
  );
  return new Process(transport, protocol);
}

/**
 * Runs `program` with `args` (no shell). Python: `await asyncio.create_subprocess_exec(program, *args, **kwargs)`.
 * @example
 * const proc = yield* createSubprocessExec("sh", "-c", "echo hi; exit 3", { stdout: PIPE });
 * console.log((yield* proc.stdout!.readline()).toString(), yield* proc.wait());
 */
export function* createSubprocessExec(
  program: string,
  ...rest: [...string[], SubprocessOptions] | string[]
): Coro<Process> {
  if (typeof program !== "string" || program === "") {
    throw new TypeError(`program must be a non-empty string, got ${repr(program)}`);
  }
  const [args, options] = splitArgs<SubprocessOptions>([...rest]);
  refuseTextMode(options);
  checkOptions(options, SUBPROCESS_OPTIONS, "create_subprocess_exec");
  return yield* start([program, ...args], false, options);
}

/**
 * Runs `cmd` with the shell (`/bin/sh -c cmd`). Python: `await asyncio.create_subprocess_shell(cmd, **kwargs)`.
 */
export function* createSubprocessShell(cmd: string, options: SubprocessOptions = {}): Coro<Process> {
  if (typeof cmd !== "string") throw new TypeError(`cmd must be a string, got ${repr(cmd)}`);
  const opts = { ...options };
  refuseTextMode(opts);
  checkOptions(opts, SUBPROCESS_OPTIONS, "create_subprocess_shell");
  return yield* start(cmd, true, opts);
}
