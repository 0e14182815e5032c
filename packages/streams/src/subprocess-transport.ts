/**
 * Child processes at the transport level: a SubprocessProtocol gets the child's output, pipe by
 * pipe, and its exit. Python: `loop.subprocess_exec`, `loop.subprocess_shell`
 * (`asyncio.base_subprocess.BaseSubprocessTransport`, `unix_events._UnixSubprocessTransport`), on
 * Node's `child_process`.
 *
 * As asyncio's: each pipe is a pipe transport made by the loop's `connectReadPipe` /
 * `connectWritePipe`; the protocol's `connectionMade` comes first, then `pipeDataReceived`,
 * `pipeConnectionLost` and `processExited` in the order they happen, and `connectionLost(null)` last,
 * once the child has exited and every pipe is closed — which is also when `_wait()` (what
 * `Process.wait()` awaits) returns.
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { ProcessLookupError } from "@aio/fs";
import { osError } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import { type EventLoop, getRunningLoop, logAsyncio, repr, reprSymbol } from "@aio/loop";
import type { Coro } from "@aio/task";
import { tracedFromPromise } from "@aio/task/internal";
import { checkOptions, checkProtocolFactory } from "./internal/checks.js";
import { BaseProtocol, type SubprocessProtocol } from "./protocols.js";
import { type BaseTransport, SubprocessTransport, type WriteTransport } from "./transports.js";

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

/** How the child is started: what `Popen` takes besides its arguments and standard streams. */
export interface SpawnOptions {
  /** The child's working directory. */
  cwd?: string | undefined;
  /** The child's environment (default: the parent's). */
  env?: Record<string, string | undefined> | undefined;
  /** The child leads a new session (setsid). Python: `start_new_session`. */
  startNewSession?: boolean | undefined;
  /** Descriptors the child inherits under the same numbers. Python: `pass_fds`. */
  passFds?: Iterable<number> | undefined;
}

/** Options of {@link subprocessExec} and {@link subprocessShell}. Python: the keyword arguments. */
export interface SubprocessTransportOptions extends SpawnOptions {
  /** Default `PIPE`. */
  stdin?: StdioTarget | undefined;
  /** Default `PIPE`. */
  stdout?: StdioTarget | undefined;
  /** Default `PIPE`; `STDOUT` merges it into stdout. */
  stderr?: StdioTarget | undefined;
}

/** The spawn options every entry point takes. */
export const SPAWN_OPTIONS: readonly string[] = ["cwd", "env", "startNewSession", "passFds"];
const TRANSPORT_OPTIONS = new Set(["stdin", "stdout", "stderr", ...SPAWN_OPTIONS]);

/** Python's returncode: the exit status, or minus the number of the signal that ended the child. */
function returncodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal !== null ? (constants.signals as Record<string, number>)[signal] : undefined;
  return n === undefined ? -1 : -n;
}

function stdio(target: StdioTarget | undefined, name: string): "pipe" | "ignore" | "inherit" | number {
  if (target === undefined || target === null) return "inherit";
  if (target === PIPE) return "pipe";
  if (target === DEVNULL) return "ignore";
  if (typeof target === "number" && Number.isInteger(target) && target >= 0) return target;
  throw new RangeError(`${name} must be PIPE, DEVNULL, a file descriptor or None, got ${repr(target)}`);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * The child process itself, as `transport.getExtraInfo("subprocess")` gives it: Python's
 * `subprocess.Popen` (`pid`, `returncode`, `poll()`, `wait()`, `sendSignal()`, `terminate()`,
 * `kill()`), with Node's ChildProcess beside it. Its `poll()` and `wait()` see an exit before the
 * loop does (through `/proc`, on Linux), as Popen's `waitpid` does.
 */
export class Popen {
  /** The program and its arguments. */
  readonly args: readonly string[];
  /** Node's ChildProcess. */
  readonly child: ChildProcess;
  /** The exit status once known (minus the signal's number if a signal ended it), else null. */
  returncode: number | null = null;

  /** @internal made by the subprocess transport */
  constructor(child: ChildProcess, args: readonly string[]) {
    this.child = child;
    this.args = args;
  }

  /** The parent's end of the child's stdin (with `stdin: PIPE`), else null. */
  get stdin(): ChildProcess["stdin"] {
    return this.child.stdin;
  }

  /** The parent's end of the child's stdout (with `stdout: PIPE`), else null. */
  get stdout(): ChildProcess["stdout"] {
    return this.child.stdout;
  }

  /** The parent's end of the child's stderr (with `stderr: PIPE`), else null. */
  get stderr(): ChildProcess["stderr"] {
    return this.child.stderr;
  }

  /** The child's process id (undefined if it could not start). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The child's exit status if it has exited, else null; never blocks. Python: `Popen.poll()`. */
  poll(): number | null {
    if (this.returncode !== null) return this.returncode;
    const { exitCode, signalCode, pid } = this.child;
    if (exitCode !== null || signalCode !== null) {
      this.returncode = returncodeOf(exitCode, signalCode);
      return this.returncode;
    }
    if (pid === undefined) return null;
    // Exited but not yet reaped by Node: a zombie, whose wait status /proc/<pid>/stat ends with.
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    } catch {
      return null;
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] !== "Z") return null;
    const status = Number(fields[fields.length - 1]);
    if (!Number.isInteger(status)) return null;
    this.returncode = (status & 0x7f) !== 0 ? -(status & 0x7f) : (status >> 8) & 0xff;
    return this.returncode;
  }

  /**
   * Blocks the thread until the child exits; its exit status. Python: `Popen.wait(timeout=None)`
   * (`TimeoutError` past `timeout` seconds). In a coroutine, await the transport or Process instead.
   */
  wait(timeout: number | null = null): number {
    const deadline = timeout === null ? Number.POSITIVE_INFINITY : performance.now() + timeout * 1000;
    for (;;) {
      const rc = this.poll();
      if (rc !== null) return rc;
      if (performance.now() >= deadline) {
        throw new Error(`Command ${repr(this.args)} timed out after ${timeout} seconds`);
      }
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }

  /** Sends `signal` (nothing once the child is known to have exited). Python: `Popen.send_signal()`. */
  sendSignal(signal: NodeJS.Signals | number): void {
    if (this.poll() !== null) return;
    this.child.kill(signal);
  }

  /** SIGTERM. Python: `Popen.terminate()`. */
  terminate(): void {
    this.sendSignal("SIGTERM");
  }

  /** SIGKILL. Python: `Popen.kill()`. */
  kill(): void {
    this.sendSignal("SIGKILL");
  }

  [reprSymbol](): string {
    return `<Popen: returncode: ${this.returncode ?? "None"} args: ${repr([...this.args])}>`;
  }
}

/** The protocol of the parent's end of the child's stdin. Python: `base_subprocess.WriteSubprocessPipeProto`. */
class WriteSubprocessPipeProto extends BaseProtocol {
  proc: BaseSubprocessTransport | null;
  readonly fd: number;
  pipe: BaseTransport | null = null;
  disconnected = false;

  constructor(proc: BaseSubprocessTransport, fd: number) {
    super();
    this.proc = proc;
    this.fd = fd;
  }

  override connectionMade(transport: BaseTransport): void {
    this.pipe = transport;
  }

  override connectionLost(exc: unknown): void {
    this.disconnected = true;
    this.proc?._pipeConnectionLost(this.fd, exc);
    this.proc = null;
  }

  override pauseWriting(): void {
    this.proc?._protocol?.pauseWriting();
  }

  override resumeWriting(): void {
    this.proc?._protocol?.resumeWriting();
  }

  [reprSymbol](): string {
    return `<${this.constructor.name} fd=${this.fd} pipe=${repr(this.pipe)}>`;
  }
}

/** The protocol of the parent's end of the child's stdout or stderr. Python: `ReadSubprocessPipeProto`. */
class ReadSubprocessPipeProto extends WriteSubprocessPipeProto {
  dataReceived(data: Buffer): void {
    this.proc?._pipeDataReceived(this.fd, data);
  }

  eofReceived(): boolean | undefined {
    return undefined;
  }
}

/** The kind of a pipe's protocol, as the transport keeps it: null until connected. */
type PipeProto = WriteSubprocessPipeProto | null;

/** The loop's pipe methods, as the transport calls them (a test may replace them on the loop). */
interface PipeLoop {
  connectWritePipe(f: () => BaseProtocol, pipe: unknown): Coro<[WriteTransport, WriteSubprocessPipeProto]>;
  connectReadPipe(f: () => BaseProtocol, pipe: unknown): Coro<[BaseTransport, ReadSubprocessPipeProto]>;
}

/**
 * What every subprocess transport does: keeps the child's pipes, calls its protocol in order, and
 * knows when it is finished. Python: `asyncio.base_subprocess.BaseSubprocessTransport`; a subclass
 * starts the child in `_start()` (setting `_proc`), as asyncio's platform transports do.
 */
export class BaseSubprocessTransport extends SubprocessTransport {
  /** @internal */ _closed = false;
  /** @internal */ _protocol: SubprocessProtocol | null;
  /** @internal */ _loop: EventLoop | null;
  /** @internal the child, as `Popen` (a subclass's `_start()` sets it) */ _proc: Popen | null = null;
  /** @internal */ _pid: number | null = null;
  /** @internal */ _returncode: number | null = null;
  /** @internal */ _exitWaiters: Future<number>[] | null = [];
  /** @internal */ _pendingCalls: [(...args: unknown[]) => void, unknown[]][] | null = [];
  /** @internal */ _pipes = new Map<number, PipeProto>();
  /** @internal */ _finished = false;

  /**
   * Starts the child (`_start`) and connects its pipes in a task of `loop`; `waiter` is set once
   * the protocol's `connectionMade` is scheduled. Python's signature, for subclasses.
   */
  constructor(
    loop: EventLoop,
    protocol: SubprocessProtocol,
    args: string | readonly string[],
    shell: boolean,
    stdin: StdioTarget,
    stdout: StdioTarget,
    stderr: StdioTarget,
    bufsize: number,
    options: { waiter?: Future<void> | null; extra?: Record<string, unknown> | null } & SpawnOptions = {},
  ) {
    const { waiter = null, extra = null, ...spawnOptions } = options;
    super({ ...(extra ?? {}) });
    this._protocol = protocol;
    this._loop = loop;
    if (stdin === PIPE) this._pipes.set(0, null);
    if (stdout === PIPE) this._pipes.set(1, null);
    if (stderr === PIPE) this._pipes.set(2, null);
    try {
      this._start(args, shell, stdin, stdout, stderr, bufsize, spawnOptions);
    } catch (err) {
      this.close();
      throw err;
    }
    const proc = this._proc as Popen;
    this._pid = proc.pid ?? null;
    this.extra.subprocess = proc;
    if (this._pid === null) return; // it could not start: _startFailed() says why
    if (loop.getDebug()) {
      const program = typeof args === "string" ? args : args[0];
      logAsyncio("DEBUG", `process ${repr(program)} created: pid ${this._pid}`);
    }
    loop.createTask(this._connectPipes(waiter));
  }

  /** @internal Starts the child and sets `_proc`. Python: `_start()`. */
  _start(
    _args: string | readonly string[],
    _shell: boolean,
    _stdin: StdioTarget,
    _stdout: StdioTarget,
    _stderr: StdioTarget,
    _bufsize: number,
    _options: SpawnOptions,
  ): void {
    throw new Error("BaseSubprocessTransport._start() must be implemented");
  }

  [reprSymbol](): string {
    const info: string[] = [this.constructor.name];
    if (this._closed) info.push("closed");
    if (this._pid !== null) info.push(`pid=${this._pid}`);
    if (this._returncode !== null) info.push(`returncode=${this._returncode}`);
    else if (this._pid !== null) info.push("running");
    else info.push("not started");
    const stdin = this._pipes.get(0);
    if (stdin) info.push(`stdin=${repr(stdin.pipe)}`);
    const stdout = this._pipes.get(1);
    const stderr = this._pipes.get(2);
    if (stdout && stderr === stdout) info.push(`stdout=stderr=${repr(stdout.pipe)}`);
    else {
      if (stdout) info.push(`stdout=${repr(stdout.pipe)}`);
      if (stderr) info.push(`stderr=${repr(stderr.pipe)}`);
    }
    return `<${info.join(" ")}>`;
  }

  override toString(): string {
    return this[reprSymbol]();
  }

  override setProtocol(protocol: BaseProtocol): void {
    this._protocol = protocol as SubprocessProtocol;
  }

  override getProtocol(): BaseProtocol {
    return this._protocol as BaseProtocol;
  }

  override isClosing(): boolean {
    return this._closed;
  }

  /**
   * Closes the pipes, and kills the child if it still runs (not one that has exited, even if the
   * loop has not heard of it yet). Python: `close()`.
   */
  override close(): void {
    if (this._closed) return;
    this._closed = true;
    for (const proto of this._pipes.values()) proto?.pipe?.close();
    const proc = this._proc;
    if (proc !== null && this._returncode === null && proc.poll() === null) {
      if (this._loop?.getDebug()) logAsyncio("WARNING", `Close running child process: kill ${repr(this)}`);
      try {
        proc.kill();
      } catch (err) {
        if (!(err instanceof ProcessLookupError)) throw err;
      }
    }
  }

  override getPid(): number {
    return this._pid as number;
  }

  override getReturncode(): number | null {
    return this._returncode;
  }

  override getPipeTransport(fd: number): BaseTransport | null {
    return this._pipes.get(fd)?.pipe ?? null;
  }

  /** @internal */
  _checkProc(): Popen {
    if (this._proc === null) throw new ProcessLookupError("");
    return this._proc;
  }

  /** ProcessLookupError once the transport is finished. Python: `send_signal(signal)`. */
  override sendSignal(signal: NodeJS.Signals | number): void {
    this._checkProc().sendSignal(signal);
  }

  override terminate(): void {
    this._checkProc().terminate();
  }

  override kill(): void {
    this._checkProc().kill();
  }

  /** @internal connects the child's pipes through the loop, then calls connectionMade. */
  *_connectPipes(waiter: Future<void> | null): Coro<void> {
    try {
      const proc = this._proc as Popen;
      const loop = this._loop as unknown as PipeLoop & EventLoop;
      const { stdin, stdout, stderr } = proc;
      if (stdin !== null && stdin !== undefined) {
        const [, pipe] = yield* loop.connectWritePipe(() => new WriteSubprocessPipeProto(this, 0), stdin);
        this._pipes.set(0, pipe);
        // The child has exited already: nothing will read its stdin (see _processExited).
        if (this._returncode !== null) this._closeStdin();
      }
      if (stdout !== null && stdout !== undefined) {
        const [, pipe] = yield* loop.connectReadPipe(() => new ReadSubprocessPipeProto(this, 1), stdout);
        this._pipes.set(1, pipe);
      }
      if (stderr !== null && stderr !== undefined) {
        const [, pipe] = yield* loop.connectReadPipe(() => new ReadSubprocessPipeProto(this, 2), stderr);
        this._pipes.set(2, pipe);
      }
      const protocol = this._protocol as SubprocessProtocol;
      loop.callSoon(() => protocol.connectionMade(this));
      for (const [callback, data] of this._pendingCalls ?? []) loop.callSoon(() => callback(...data));
      this._pendingCalls = null;
    } catch (err) {
      // A pipe that never connected will never close: without it, the transport can finish once
      // the child is gone (asyncio's would wait for it forever).
      for (const [fd, proto] of this._pipes) if (proto === null) this._pipes.delete(fd);
      this._tryFinish();
      if (waiter !== null && !waiter.cancelled()) waiter.setException(err);
      return;
    }
    if (waiter !== null && !waiter.cancelled()) waiter.setResult(undefined);
  }

  /** @internal */
  _call(callback: (...args: unknown[]) => void, ...data: unknown[]): void {
    if (this._pendingCalls !== null) this._pendingCalls.push([callback, data]);
    else this._loop?.callSoon(() => callback(...data));
  }

  /** @internal */
  _pipeConnectionLost(fd: number, exc: unknown): void {
    const protocol = this._protocol as SubprocessProtocol;
    this._call((f, e) => protocol.pipeConnectionLost(f as number, e), fd, exc);
    this._tryFinish();
  }

  /** @internal */
  _pipeDataReceived(fd: number, data: Buffer): void {
    const protocol = this._protocol as SubprocessProtocol;
    this._call((f, d) => protocol.pipeDataReceived(f as number, d as Buffer), fd, data);
  }

  /** @internal the child exited with `returncode`. Python: `_process_exited`. */
  _processExited(returncode: number): void {
    if (this._returncode !== null) return;
    if (this._loop?.getDebug()) logAsyncio("INFO", `${repr(this)} exited with return code ${returncode}`);
    this._returncode = returncode;
    const proc = this._proc;
    if (proc !== null && proc.returncode === null) proc.returncode = returncode;
    const protocol = this._protocol as SubprocessProtocol;
    this._call(() => protocol.processExited());
    this._closeStdin();
    this._tryFinish();
  }

  /**
   * @internal
   * The child is gone, so the read end of its stdin is closed: asyncio's write pipe transport
   * hears that (it polls the pipe) and closes. Node's does not, so it is closed here — at once when
   * nothing is waiting to be written, else by the write's failure (EPIPE).
   */
  _closeStdin(): void {
    const pipe = this._pipes.get(0)?.pipe as WriteTransport | null | undefined;
    if (pipe && !pipe.isClosing() && pipe.getWriteBufferSize() === 0) pipe.close();
  }

  /** @internal Waits until the child has exited and every pipe is closed; its returncode. */
  *_wait(): Coro<number> {
    if (this._returncode !== null) return this._returncode;
    const waiter = (this._loop as EventLoop).createFuture<number>() as Future<number>;
    this._exitWaiters?.push(waiter);
    return yield* waiter;
  }

  /** @internal */
  _tryFinish(): void {
    if (this._finished || this._returncode === null) return;
    for (const p of this._pipes.values()) if (p === null || !p.disconnected) return;
    this._finished = true;
    this._call(() => this._callConnectionLost(null));
  }

  /** @internal */
  _callConnectionLost(exc: unknown): void {
    try {
      this._protocol?.connectionLost(exc);
    } finally {
      // wake up futures waiting for wait()
      for (const waiter of this._exitWaiters ?? []) {
        if (!waiter.cancelled()) waiter.setResult(this._returncode as number);
      }
      this._exitWaiters = null;
      this._loop = null;
      this._proc = null;
      this._protocol = null;
    }
  }
}

/**
 * The subprocess transport of this package: the child started by Node's `spawn`. Python:
 * `unix_events._UnixSubprocessTransport`.
 */
export class UnixSubprocessTransport extends BaseSubprocessTransport {
  /** @internal set by _start(), which the base constructor calls (so no initialiser: it would run after) */
  declare _release: (() => void) | null;

  /** @internal */
  override _start(
    args: string | readonly string[],
    shell: boolean,
    stdin: StdioTarget,
    stdout: StdioTarget,
    stderr: StdioTarget,
    _bufsize: number,
    options: SpawnOptions,
  ): void {
    const argv = typeof args === "string" ? [args] : [...args];
    const [file, ...rest] = shell ? ["/bin/sh", "-c", ...argv] : argv;
    const io: StdioOptions = [stdio(stdin, "stdin"), stdio(stdout, "stdout")];
    let mergeStderr = false;
    if (stderr === STDOUT) {
      if (stdout === DEVNULL || stdout === null || stdout === undefined) {
        io.push(stdout === DEVNULL ? "ignore" : "inherit");
      } else {
        // fd 2 made a duplicate of fd 1 in the child (what Popen does), by the shell before exec.
        mergeStderr = true;
        io.push("ignore");
      }
    } else io.push(stdio(stderr, "stderr"));
    for (const fd of options.passFds ?? []) {
      if (!Number.isInteger(fd) || fd < 3) throw new RangeError(`bad value(s) in fds_to_keep: ${repr(fd)}`);
      while (io.length < fd) io.push("ignore");
      io[fd] = fd;
    }
    const [cmd, cmdArgs] = mergeStderr
      ? ["/bin/sh", ["-c", 'exec "$0" "$@" 2>&1', file as string, ...rest]]
      : [file as string, rest];
    let child: ChildProcess;
    try {
      child = spawn(cmd, cmdArgs, {
        stdio: io,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.env !== undefined ? { env: options.env } : {}),
        ...(options.startNewSession ? { detached: true } : {}),
      });
    } catch (err) {
      throw osError(err, file);
    }
    this._proc = new Popen(child, argv);
    if (child.pid === undefined) return;
    const loop = this._loop as EventLoop;
    // A running child is outside work in flight: a virtual clock does not jump past it.
    this._release = loop.trackOutsideOperation("subprocess", String(child.pid));
    child.once("exit", (code, signal) => {
      this._release?.();
      this._release = null;
      if (loop.isClosed()) return;
      // Python: the child watcher's call_soon_threadsafe(transp._process_exited, returncode).
      loop.callSoon(() => this._processExited(returncodeOf(code, signal)));
    });
  }

  /** @internal the error that kept the child from starting (Node reports it a tick later) */
  *_startFailed(): Coro<never> {
    const child = (this.extra.subprocess as Popen).child;
    const failed = new Promise<never>((_, reject) => child.once("error", reject));
    try {
      return yield* tracedFromPromise(failed, getRunningLoop(), "subprocess", "spawn");
    } catch (err) {
      throw osError(err, (this.extra.subprocess as Popen).args[0]);
    }
  }
}

/** Python's text-mode arguments, refused as asyncio does (pipes carry bytes). */
export function refuseTextMode(options: object): void {
  const o = options as Record<string, unknown>;
  if (o.universalNewlines) throw new RangeError("universal_newlines must be False");
  if (o.shell) throw new RangeError("shell must be False");
  if (o.bufsize !== undefined && o.bufsize !== 0) throw new RangeError("bufsize must be 0");
  if (o.text !== undefined && o.text !== false) throw new RangeError("text must be False");
  if (o.encoding !== undefined && o.encoding !== null) throw new RangeError("encoding must be None");
  if (o.errors !== undefined && o.errors !== null) throw new RangeError("errors must be None");
  for (const key of ["universalNewlines", "shell", "bufsize", "text", "encoding", "errors"]) delete o[key];
}

/**
 * A subprocess transport for `args`, once its pipes are connected: asyncio's
 * `_make_subprocess_transport`. A failure (or cancellation) after the child started kills it and
 * waits for it before raising.
 */
export function* makeSubprocessTransport(
  loop: EventLoop,
  protocol: SubprocessProtocol,
  args: readonly string[] | string,
  shell: boolean,
  stdin: StdioTarget,
  stdout: StdioTarget,
  stderr: StdioTarget,
  options: SpawnOptions,
): Coro<UnixSubprocessTransport> {
  const waiter = loop.createFuture<void>() as Future<void>;
  const transport = new UnixSubprocessTransport(loop, protocol, args, shell, stdin, stdout, stderr, 0, {
    waiter,
    ...options,
  });
  if (transport._pid === null) {
    transport.close();
    yield* transport._startFailed();
  }
  try {
    yield* waiter;
  } catch (err) {
    transport.close();
    yield* transport._wait();
    throw err;
  }
  return transport;
}

/**
 * A program's arguments and the options object that may end them (a copy: the checks that follow
 * may delete keys), each argument checked to be a string.
 */
export function splitArgs<O extends object>(rest: unknown[]): [string[], O] {
  const last = rest[rest.length - 1];
  const options =
    last !== null && typeof last === "object" && !Array.isArray(last) ? { ...(rest.pop() as O) } : ({} as O);
  for (const a of rest) {
    if (typeof a !== "string")
      throw new TypeError(`expected str, bytes or os.PathLike object, not ${repr(a)}`);
  }
  return [rest as string[], options];
}

function* runTransport<P extends SubprocessProtocol>(
  protocolFactory: () => P,
  args: string[] | string,
  shell: boolean,
  options: SubprocessTransportOptions,
): Coro<[UnixSubprocessTransport, P]> {
  const loop = getRunningLoop();
  const { stdin = PIPE, stdout = PIPE, stderr = PIPE, ...spawnOptions } = options;
  const protocol = protocolFactory();
  let debugLog: string | null = null;
  if (loop.getDebug()) {
    // Not the arguments: they may hold secrets (asyncio logs the program only).
    debugLog = shell ? `run shell command ${repr(args)}` : `execute program ${repr((args as string[])[0])}`;
    logAsyncio("DEBUG", debugLog);
  }
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
  if (debugLog !== null) logAsyncio("INFO", `${debugLog}: ${repr(transport)}`);
  return [transport, protocol];
}

/**
 * Runs `program` with `args` (no shell); a new SubprocessProtocol receives its output and exit.
 * Standard streams default to `PIPE`. Python: `await loop.subprocess_exec(protocol_factory, program, *args, **kwargs)`.
 * @example
 * const [transport, protocol] = yield* subprocessExec(() => new Collect(), "ls", "-l");
 */
export function* subprocessExec<P extends SubprocessProtocol>(
  protocolFactory: () => P,
  program: string,
  ...rest: [...string[], SubprocessTransportOptions] | string[]
): Coro<[UnixSubprocessTransport, P]> {
  checkProtocolFactory(protocolFactory);
  const [args, options] = splitArgs<SubprocessTransportOptions>([program, ...rest]);
  refuseTextMode(options);
  checkOptions(options, TRANSPORT_OPTIONS, "subprocess_exec");
  return yield* runTransport(protocolFactory, args, false, options);
}

/**
 * Runs `cmd` with the shell (`/bin/sh -c cmd`); a new SubprocessProtocol receives its output and
 * exit. Python: `await loop.subprocess_shell(protocol_factory, cmd, **kwargs)`.
 */
export function* subprocessShell<P extends SubprocessProtocol>(
  protocolFactory: () => P,
  cmd: string,
  options: SubprocessTransportOptions & { shell?: boolean } = {},
): Coro<[UnixSubprocessTransport, P]> {
  checkProtocolFactory(protocolFactory);
  if (typeof cmd !== "string") throw new RangeError("cmd must be a string");
  const opts = { ...options } as Record<string, unknown>;
  if (opts.shell === false) throw new RangeError("shell must be True");
  delete opts.shell;
  refuseTextMode(opts);
  checkOptions(opts, TRANSPORT_OPTIONS, "subprocess_shell");
  return yield* runTransport(protocolFactory, cmd, true, opts as SubprocessTransportOptions);
}
