/**
 * Child processes with their pipes as streams. Python: `asyncio.subprocess`
 * (`create_subprocess_exec`, `create_subprocess_shell`, `Process`), on Node's `child_process`.
 *
 * A pipe to the child is a transport like a socket's (Node's pipes are sockets): the child's
 * stdout and stderr feed StreamReaders with their limit and back-pressure, and its stdin is a
 * StreamWriter whose `drain()` waits while the child does not read.
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { constants } from "node:os";
import { BrokenPipeError, ConnectionResetError } from "@aio/fs";
import { osError } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { type EventLoop, getRunningLoop, repr, reprSymbol } from "@aio/loop";
import { type Coro, gather, isCancelledError } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import { checkOptions } from "./internal/checks.js";
import { SocketTransport } from "./socket-transport.js";
import { StreamReaderProtocol } from "./stream-protocol.js";
import { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";

/** A pipe to the child, read or written by the parent. Python: `asyncio.subprocess.PIPE`. */
export const PIPE = -1;
/** The child's stderr goes where its stdout goes. Python: `asyncio.subprocess.STDOUT`. */
export const STDOUT = -2;
/** The child's stream is `/dev/null`. Python: `asyncio.subprocess.DEVNULL`. */
export const DEVNULL = -3;

/**
 * Where a child's standard stream goes: `PIPE`, `DEVNULL`, `STDOUT` (stderr only), a file
 * descriptor, or `null` to inherit the parent's (Python's `None`).
 */
export type StdioTarget = number | null;

/** Options of {@link createSubprocessExec} and {@link createSubprocessShell}. Python: the keyword arguments. */
export interface SubprocessOptions {
  /** Default `null`: the parent's. */
  stdin?: StdioTarget | undefined;
  /** Default `null`: the parent's. */
  stdout?: StdioTarget | undefined;
  /** Default `null`: the parent's; `STDOUT` merges it into stdout. */
  stderr?: StdioTarget | undefined;
  /** The line and buffer limit of the stdout and stderr readers (default 64 KiB). */
  limit?: number | undefined;
  /** The child's working directory. */
  cwd?: string | undefined;
  /** The child's environment (default: the parent's). */
  env?: Record<string, string | undefined> | undefined;
  /** The child leads a new session (setsid). Python: `start_new_session`. */
  startNewSession?: boolean | undefined;
  /** Descriptors the child inherits under the same numbers. Python: `pass_fds`. */
  passFds?: Iterable<number> | undefined;
}

const SUBPROCESS_OPTIONS = new Set([
  "stdin",
  "stdout",
  "stderr",
  "limit",
  "cwd",
  "env",
  "startNewSession",
  "passFds",
]);

function stdio(target: StdioTarget | undefined, name: string): "pipe" | "ignore" | "inherit" | number {
  if (target === undefined || target === null) return "inherit";
  if (target === PIPE) return "pipe";
  if (target === DEVNULL) return "ignore";
  if (typeof target === "number" && Number.isInteger(target) && target >= 0) return target;
  throw new RangeError(`${name} must be PIPE, DEVNULL, a file descriptor or None, got ${repr(target)}`);
}

/** Python's returncode: the exit status, or minus the number of the signal that ended the child. */
function returncodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal !== null ? (constants.signals as Record<string, number>)[signal] : undefined;
  return n === undefined ? -1 : -n;
}

/** A protocol for a pipe the parent reads: feeds the reader, never writes back. */
class ReadPipeProtocol extends StreamReaderProtocol {
  override eofReceived(): boolean {
    super.eofReceived();
    return false;
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
  readonly #loop: EventLoop;
  readonly #child: ChildProcess;
  #returncode: number | null = null;
  readonly #exitWaiters = new Set<Future<number>>();

  /** @internal made by createSubprocessExec and createSubprocessShell */
  constructor(
    loop: EventLoop,
    child: ChildProcess,
    pipes: { stdin: StreamWriter | null; stdout: StreamReader | null; stderr: StreamReader | null },
  ) {
    this.#loop = loop;
    this.#child = child;
    this.pid = child.pid as number;
    this.stdin = pipes.stdin;
    this.stdout = pipes.stdout;
    this.stderr = pipes.stderr;
    // A running child is outside work in flight: a virtual clock does not jump past it.
    const release = loop.trackOutsideOperation("subprocess", String(this.pid));
    child.once("exit", (code, signal) => {
      release();
      this.#returncode = returncodeOf(code, signal);
      if (loop.isClosed()) return;
      loop.callSoon(() => {
        for (const w of this.#exitWaiters) if (!w.done()) w.setResult(this.#returncode as number);
      });
    });
  }

  /** The exit status (minus the signal's number if a signal ended it), or null while it runs. Python: `proc.returncode`. */
  get returncode(): number | null {
    return this.#returncode;
  }

  /**
   * Waits for the child to exit; returns its returncode. With `stdout: PIPE` and a child that
   * writes much, read its output (or use `communicate()`): a full pipe blocks the child.
   * Cancelling the wait leaves the child running. Python: `await proc.wait()`.
   */
  *wait(): Coro<number> {
    if (this.#returncode !== null) return this.#returncode;
    const waiter = this.#loop.createFuture<number>() as Future<number>;
    this.#exitWaiters.add(waiter);
    try {
      return yield* waiter;
    } finally {
      this.#exitWaiters.delete(waiter);
    }
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
      this.#readStream(this.stdout),
      this.#readStream(this.stderr),
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

  *#readStream(stream: StreamReader | null): Coro<Buffer | null> {
    if (stream === null) return null;
    const output = yield* stream.read();
    return output;
  }

  /** Sends `signal` to the child (nothing once it has exited). Python: `proc.send_signal(signal)`. */
  sendSignal(signal: NodeJS.Signals | number): void {
    if (this.#returncode !== null) return;
    this.#child.kill(signal);
  }

  /** SIGTERM. Python: `proc.terminate()`. */
  terminate(): void {
    this.sendSignal("SIGTERM");
  }

  /** SIGKILL. Python: `proc.kill()`. */
  kill(): void {
    this.sendSignal("SIGKILL");
  }

  [reprSymbol](): string {
    return `<Process ${this.pid}>`;
  }

  toString(): string {
    return this[reprSymbol]();
  }
}

/** The pipes of a spawned child as a Process, once the child is running. */
function* start(
  loop: EventLoop,
  file: string,
  args: string[],
  options: SubprocessOptions,
  what: string,
): Coro<Process> {
  const limit = options.limit;
  const io: StdioOptions = [stdio(options.stdin, "stdin"), stdio(options.stdout, "stdout")];
  let mergeStderr = false;
  if (options.stderr === STDOUT) {
    if (options.stdout === DEVNULL || options.stdout === null || options.stdout === undefined) {
      io.push(options.stdout === DEVNULL ? "ignore" : "inherit");
    } else {
      // fd 2 made a duplicate of fd 1 in the child (what Popen does), by the shell before exec.
      mergeStderr = true;
      io.push("ignore");
    }
  } else io.push(stdio(options.stderr, "stderr"));
  for (const fd of options.passFds ?? []) {
    if (!Number.isInteger(fd) || fd < 3) throw new RangeError(`bad value(s) in fds_to_keep: ${repr(fd)}`);
    while (io.length < fd) io.push("ignore");
    io[fd] = fd;
  }
  const [cmd, argv] = mergeStderr ? ["/bin/sh", ["-c", 'exec "$0" "$@" 2>&1', file, ...args]] : [file, args];
  let child: ChildProcess;
  try {
    child = spawn(cmd, argv, {
      stdio: io,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.startNewSession ? { detached: true } : {}),
    });
  } catch (err) {
    throw osError(err, file);
  }
  const spawned = new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  try {
    yield* tracedFromPromise(spawned, loop, "subprocess", what);
  } catch (err) {
    if (isCancelledError(err)) {
      // Cancelled while the child starts: as asyncio, the child is killed, not left running.
      child.kill("SIGKILL");
      throw err;
    }
    throw osError(err, file);
  } finally {
    child.removeAllListeners("error");
    child.on("error", () => {});
  }
  const reader = (socket: unknown): StreamReader | null => {
    if (socket === null || socket === undefined) return null;
    const r = new StreamReader({ limit, loop });
    new SocketTransport(loop, socket as Socket, new ReadPipeProtocol(r, null, { loop }), {
      unix: { peername: "", sockname: "" },
      pipe: true,
    });
    return r;
  };
  let stdin: StreamWriter | null = null;
  if (child.stdin !== null) {
    const protocol = new StreamReaderProtocol(null, null, { loop });
    const transport = new SocketTransport(loop, child.stdin as unknown as Socket, protocol, {
      unix: { peername: "", sockname: "" },
      pipe: true,
    });
    stdin = new StreamWriter(transport, protocol, null);
  }
  return new Process(loop, child, { stdin, stdout: reader(child.stdout), stderr: reader(child.stderr) });
}

function splitOptions(rest: unknown[]): [string[], SubprocessOptions] {
  const last = rest[rest.length - 1];
  const options =
    last !== null && typeof last === "object" && !Array.isArray(last)
      ? (rest.pop() as SubprocessOptions)
      : {};
  for (const a of rest) {
    if (typeof a !== "string") {
      throw new TypeError(`expected str, bytes or os.PathLike object, not ${repr(a)}`);
    }
  }
  return [rest as string[], options];
}

/** Python's text-mode arguments, refused as asyncio does (pipes carry bytes). */
function refuseTextMode(options: SubprocessOptions): void {
  const o = options as Record<string, unknown>;
  if (o.text !== undefined && o.text !== false) throw new RangeError("text must be False");
  if (o.encoding !== undefined && o.encoding !== null) throw new RangeError("encoding must be None");
  if (o.errors !== undefined && o.errors !== null) throw new RangeError("errors must be None");
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
  const [args, options] = splitOptions([...rest]);
  refuseTextMode(options);
  checkOptions(options, SUBPROCESS_OPTIONS, "create_subprocess_exec");
  return yield* start(getRunningLoop(), program, args, options, program);
}

/**
 * Runs `cmd` with the shell (`/bin/sh -c cmd`). Python: `await asyncio.create_subprocess_shell(cmd, **kwargs)`.
 */
export function* createSubprocessShell(cmd: string, options: SubprocessOptions = {}): Coro<Process> {
  if (typeof cmd !== "string") throw new TypeError(`cmd must be a string, got ${repr(cmd)}`);
  refuseTextMode(options);
  checkOptions(options, SUBPROCESS_OPTIONS, "create_subprocess_shell");
  return yield* start(getRunningLoop(), "/bin/sh", ["-c", cmd], options, cmd);
}
