/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_events.py (112 `def test_` methods).
 *
 * Translation rules:
 * - `async def` → `function*` (a `Coro`), `await x` → `yield* x`, `asyncio.sleep` → `sleep` from
 *   `@aio/task`. The port lives in @aio/asyncio, which depends on every package the tests use:
 *   the loop needs @aio/task (and with it @aio/future) and @aio/executor loaded for
 *   `createFuture`/`createTask`/`runInExecutor`, and @aio/loop may not import them.
 * - `loop.run_until_complete(x)` / `run_forever()` → `await loop.runUntilComplete(x)` /
 *   `await loop.runForever()`; called inside a running coroutine → `yield* awaitPromise(…)` (aio's
 *   returns a Promise, which rejects with the RuntimeError Python raises at once).
 * - RuntimeError → plain `Error` (checked with CPython's exact message), ValueError → RangeError.
 * - EventLoopTestsMixin runs upstream under each selector / proactor loop class; here once, on aio's
 *   `EventLoop` (a fresh one per test, closed afterwards as test_utils.TestCase.close_loop does).
 * - A "thread" calling `call_soon_threadsafe` → a Node macrotask outside the loop (setImmediate),
 *   which is what aio's `callSoonThreadsafe` is for.
 * - `asyncio.Handle(cb, args, loop)` / `TimerHandle(when, cb, args, loop)` → aio's constructors
 *   (`new Handle(cb, nargs, arg0, arg1, context)`), through `makeHandle`/`makeTimer`. A handle of a
 *   debug loop is made by that loop's `callSoon` (aio's Handle does not know its loop; the loop
 *   records the source traceback when it schedules). `h._args` → `h._argList()` (aio keeps up to
 *   two arguments in fields, so the list is rebuilt: compared by value, not identity).
 * - Signal numbers → names (aio takes `"SIGINT"`): Python's wrong-typed `'boom'` → a number, the
 *   invalid numbers (NSIG+1, 0, -1) → unknown names. `os.kill(os.getpid(), sig)` → `process.kill`.
 * - The loop's transport methods (`loop.createConnection`, `createServer`, `createUnixServer`,
 *   `createDatagramEndpoint`, `connectAcceptedSocket`, `getaddrinfo`, `subprocessExec`,
 *   `subprocessShell`) are @aio/streams', which this port imports (it installs them on every loop);
 *   they are called through `loose()` (untyped) as the protocols here are Python-shaped classes.
 *   `socket.AF_INET` and `subprocess.STDOUT` are @aio/streams' `AF_INET` and `STDOUT`.
 * - SSL: `ssl.SSLContext` → Node's TLS options (`dummy_ssl_context()` → `rejectUnauthorized: false`;
 *   a server context → `{ cert, key }`; `CERT_REQUIRED` + `check_hostname` → Node's defaults,
 *   `load_verify_locations(cafile=…)` → `ca`), with CPython's test certificates copied into
 *   ./certdata (ONLYCERT, ONLYKEY, SIGNED_CERTFILE, SIGNING_CA). `ssl.SSLError`/`CertificateError`
 *   are @aio/streams' classes of those names (a failed verification is an
 *   `SSLCertVerificationError`, alias `CertificateError`).
 * - `os.pipe()` → a FIFO (mkfifo), its read end opened non-blocking; `os.openpty()` → /dev/ptmx
 *   opened here, unlocked and named (`grantpt`/`unlockpt`/`ptsname`) by a Python helper given the
 *   descriptor, the slave then opened by its path; `tty.setraw(fd)` → a Python helper given `fd`;
 *   `os.dup(slave)` → the slave opened a second time; `os.read` on a non-blocking end reads what is
 *   there (EAGAIN: nothing); `socket.socketpair()` → two Unix sockets connected through a listening
 *   one; `loop.sock_recv(rsock, n)` (aio has no sock_* methods) → the socket's next chunk, awaited in
 *   the loop.
 * - test_create_server_multiple_hosts_ipv4/_ipv6 mock the socket module and the private
 *   `_start_serving`; here they run on real addresses (127.0.0.1/127.0.0.2; ::1 and another IPv6
 *   address of the machine), port 0, with a duplicate host: one socket per unique host.
 *
 * Left out as groups: the upstream platform subclasses' overrides (ProactorEventLoopTests' five
 * skip stubs, KqueueEventLoopTests' two macOS-decorated re-runs) and the TestCGetEventLoop variant
 * (C accelerator) are listed in NOT_APPLICABLE or run once here.
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  constants as fsConstants,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import * as aioLoop from "@aio/loop";
import {
  EventLoop,
  type EventLoopPolicy,
  getEventLoop,
  getEventLoopPolicy,
  getRunningLoop,
  Handle,
  NotImplementedError,
  newEventLoop,
  runtimeHooks,
  setEventLoop,
  setEventLoopPolicy,
  TimerHandle,
  tryGetRunningLoop,
} from "@aio/loop";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import "@aio/executor";
import * as streams from "@aio/streams";
import { awaitPromise, type Coro, coroutine, reportNeverAwaited, sleep } from "@aio/task";

export const NOT_APPLICABLE: Record<string, string> = {
  "EventLoopTestsMixin.test_internal_fds":
    "counts the selector's private `_internal_fds` (the self-pipe); aio's loop is libuv's, it owns no file descriptors",
  "EventLoopTestsMixin.test_reader_callback / test_writer_callback / test_remove_fds_after_closing / test_add_fds_after_closing / test_prompt_cancellation":
    "asyncio's descriptor-level API (add_reader/add_writer watch any file descriptor for readiness; sock_recv reads a raw non-blocking socket object) needs readiness notification of arbitrary descriptors, which Node's JavaScript API does not expose (libuv's uv_poll is not bound): aio's I/O goes through transports and streams (@aio/streams) (5 methods)",
  "EventLoopTestsMixin.test_timeout_rounding":
    "replaces the private `loop._run_once` with a counter and reads `_clock_resolution`/`_selector`: a mock of a private method",
  "HandleTests.test_coroutine_like_object_debug_formatting":
    "calls the private `coroutines._format_coroutine` on Python objects given `__name__`/`__qualname__`/`cr_running`/`cr_code` attributes (Cython coroutines); JS coroutines are generator objects with none of these",
  "TimerTests.test_hash": "`hash(h) == hash(when)`: JavaScript objects have no `hash()`",
  "TimerTests.test_timer_comparison":
    "rich comparisons (`<`, `<=`, `==`, `!=` overloaded on TimerHandle, `NotImplemented`, ALWAYS_EQ/LARGEST/SMALLEST): JavaScript has no operator overloading (`==` is identity)",
  "PolicyTests.test_get_event_loop_thread":
    "runs a policy in a second `threading.Thread` (with current_thread patched): a worker thread has its own copy of every module, no loop state is shared",
  "GetEventLoopTestsMixin.test_get_event_loop_new_process":
    "bpo-32126: a forked/forkserver ProcessPoolExecutor child inherits the parent's loop state; JavaScript has no fork, a child process or worker always starts with fresh module state",
  "ProactorEventLoopTests.test_reader_callback / test_reader_callback_cancel / test_writer_callback / test_writer_callback_cancel / test_remove_fds_after_closing":
    "Windows IOCP loop: five overrides that only raise SkipTest (5 methods)",
  "KqueueEventLoopTests.test_read_pty_output / test_write_pty":
    "macOS/OpenBSD kqueue re-runs of the mixin's tests under skip decorators (2 methods); the mixin's own are counted once",
};

// biome-ignore lint/suspicious/noExplicitAny: calls the asyncio APIs aio does not have yet
type Loose = any;
/** The object, untyped: for the asyncio methods aio does not have yet (a call raises TypeError today). */
const loose = (x: unknown): Loose => x;

// biome-ignore lint/suspicious/noExplicitAny: callbacks take any arguments
type Callback = (...args: any[]) => unknown;

const CLOCK_RES = 0.05; // test_utils.CLOCK_RES
const SHORT_TIMEOUT = 30; // support.SHORT_TIMEOUT

/** `ssl.SSLError`, `ssl.CertificateError` */
const { SSLError, CertificateError } = streams;

/** `self.assertRaises(cls)` around a synchronous call; returns what was raised. */
function raisesSync(cls: abstract new (...args: never[]) => unknown, body: () => unknown): unknown {
  try {
    body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

/** `self.assertRaises(cls)` around a call that returns a Promise (or raises at once). */
async function raisesAsync(
  cls: abstract new (...args: never[]) => unknown,
  body: () => unknown,
): Promise<unknown> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof cls)) throw e;
    return e;
  }
  throw new Error("AssertionError: nothing was raised");
}

/** test_utils.run_briefly */
async function runBriefly(loop: EventLoop): Promise<void> {
  function* once(): Coro<void> {}
  const t = loop.createTask(once());
  (t as { _logDestroyPending?: boolean })._logDestroyPending = false;
  await loop.runUntilComplete(t);
}

/** test_utils.run_until */
async function runUntil(loop: EventLoop, pred: () => unknown, timeout = 30): Promise<void> {
  let delay = 0.001;
  const deadline = performance.now() + timeout * 1000;
  while (performance.now() < deadline) {
    if (pred()) return;
    await loop.runUntilComplete(sleep(delay));
    delay = Math.max(delay * 2, 1.0);
  }
  throw new Error("TimeoutError");
}

/** test_utils.TestCase.close_loop */
async function closeLoop(loop: EventLoop): Promise<void> {
  if (loop._hasDefaultExecutor() && !loop.isClosed()) {
    await loop.runUntilComplete(loop.shutdownDefaultExecutor());
  }
  loop.close();
}

/** The line of the caller's caller (to compute what a repr or traceback names). */
function callerLine(depth = 2): number {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  const m = /:(\d+):\d+\)?$/.exec(frames[depth] ?? "");
  return m ? Number(m[1]) : -1;
}

const THIS_FILE = new URL(import.meta.url).pathname;

/** test_events.noop; NOOP_LINE is where it is defined (test_utils.get_function_source). */
const NOOP_LINE = callerLine(1) + 1;
function noop(..._args: unknown[]): void {}

/** `asyncio.Handle(callback, args, loop)` */
function makeHandle(callback: Callback, args: unknown[]): Handle {
  const n = args.length;
  return n > 2
    ? new Handle(callback, n, args, undefined, null)
    : new Handle(callback, n, args[0], args[1], null);
}

/** `asyncio.TimerHandle(when, callback, args, loop)` */
function makeTimer(when: number, callback: Callback, args: unknown[], loop: EventLoop): TimerHandle {
  const n = args.length;
  return n > 2
    ? new TimerHandle(when, 0, callback, n, args, undefined, loop, null)
    : new TimerHandle(when, 0, callback, n, args[0], args[1], loop, null);
}

/** Records the warnings aio issues (Python's `assertWarns`), through the runtime's `warn` hook. */
async function recordWarnings(body: () => unknown): Promise<{ category: string; message: string }[]> {
  const hooks = runtimeHooks();
  const saved = hooks.warn;
  const seen: { category: string; message: string }[] = [];
  const onWarning = (w: Error) => seen.push({ category: w.name, message: w.message });
  hooks.warn = (category, message) => {
    seen.push({ category, message });
  };
  process.on("warning", onWarning);
  try {
    await body();
  } finally {
    hooks.warn = saved;
    process.off("warning", onWarning);
  }
  return seen;
}

/** test_events.MyBaseProto / MyProto */
class MyBaseProto {
  connected: Loose = null;
  done: Loose = null;
  transport: Loose = null;
  state = "INITIAL";
  nbytes = 0;
  constructor(loop: EventLoop | null = null) {
    if (loop !== null) {
      this.connected = loop.createFuture();
      this.done = loop.createFuture();
    }
  }
  _assertState(...expected: string[]): void {
    if (!expected.includes(this.state)) throw new Error(`state: '${this.state}', expected: ${expected}`);
  }
  connectionMade(transport: unknown): void {
    this.transport = transport;
    this._assertState("INITIAL");
    this.state = "CONNECTED";
    if (this.connected) this.connected.setResult(null);
  }
  dataReceived(data: Uint8Array): void {
    this._assertState("CONNECTED");
    this.nbytes += data.length;
  }
  eofReceived(): void {
    this._assertState("CONNECTED");
    this.state = "EOF";
  }
  connectionLost(_exc: unknown): void {
    this._assertState("CONNECTED", "EOF");
    this.state = "CLOSED";
    if (this.done) this.done.setResult(null);
  }
}
class MyProto extends MyBaseProto {
  override connectionMade(transport: Loose): void {
    super.connectionMade(transport);
    transport.write(new TextEncoder().encode("GET / HTTP/1.0\r\nHost: example.com\r\n\r\n"));
  }
}

/** test_events.MyDatagramProto */
class MyDatagramProto {
  done: Loose = null;
  transport: Loose = null;
  state = "INITIAL";
  nbytes = 0;
  constructor(loop: EventLoop | null = null) {
    if (loop !== null) this.done = loop.createFuture();
  }
  _assertState(expected: string): void {
    if (this.state !== expected) throw new Error(`state: '${this.state}', expected: '${expected}'`);
  }
  connectionMade(transport: unknown): void {
    this.transport = transport;
    this._assertState("INITIAL");
    this.state = "INITIALIZED";
  }
  datagramReceived(data: Uint8Array, _addr: unknown): void {
    this._assertState("INITIALIZED");
    this.nbytes += data.length;
  }
  errorReceived(_exc: unknown): void {
    this._assertState("INITIALIZED");
  }
  connectionLost(_exc: unknown): void {
    this._assertState("INITIALIZED");
    this.state = "CLOSED";
    if (this.done) this.done.setResult(null);
  }
}

/** test_events.MySubprocessProtocol */
/** asyncio.Event, on futures of `loop` (`@aio/sync` is not a dependency of this package). */
class LoopEvent {
  private fut: Loose;
  constructor(private readonly loop: EventLoop) {
    this.fut = loop.createFuture();
  }
  set(): void {
    if (!this.fut.done()) this.fut.setResult(true);
  }
  clear(): void {
    if (this.fut.done()) this.fut = this.loop.createFuture();
  }
  wait(): Loose {
    return this.fut;
  }
}

class MySubprocessProtocol {
  state = "INITIAL";
  transport: Loose = null;
  connected: Loose;
  completed: Loose;
  disconnects: Loose[];
  data: Record<number, string> = { 1: "", 2: "" };
  returncode: number | null = null;
  gotData: Record<number, LoopEvent>;
  constructor(loop: EventLoop) {
    this.connected = loop.createFuture();
    this.completed = loop.createFuture();
    this.disconnects = [0, 1, 2].map(() => loop.createFuture());
    this.gotData = { 1: new LoopEvent(loop), 2: new LoopEvent(loop) };
  }
  _assertState(expected: string): void {
    if (this.state !== expected) throw new Error(`state: '${this.state}', expected: '${expected}'`);
  }
  connectionMade(transport: unknown): void {
    this.transport = transport;
    this._assertState("INITIAL");
    this.state = "CONNECTED";
    this.connected.setResult(null);
  }
  connectionLost(_exc: unknown): void {
    this._assertState("CONNECTED");
    this.state = "CLOSED";
    this.completed.setResult(null);
  }
  pipeDataReceived(fd: number, data: Uint8Array): void {
    this._assertState("CONNECTED");
    this.data[fd] += new TextDecoder().decode(data);
    this.gotData[fd]?.set();
  }
  pipeConnectionLost(fd: number, exc: unknown): void {
    this._assertState("CONNECTED");
    if (exc) this.disconnects[fd].setException(exc);
    else this.disconnects[fd].setResult(exc);
  }
  processExited(): void {
    this._assertState("CONNECTED");
    this.returncode = this.transport.getReturncode();
  }
}

/** test_utils.run_test_server: a local HTTP server answering every request. */
async function withTestServer(body: (address: [string, number]) => Promise<void>): Promise<void> {
  const http = await import("node:http");
  const server = http.createServer((_req, res) => res.end("Test message"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    await body(["127.0.0.1", port]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** test_utils.run_test_server(use_ssl=True) / run_test_unix_server(use_ssl=True): HTTPS with ONLYCERT. */
async function withSslTestServer(
  unix: boolean,
  body: (address: [string, number] | string) => Promise<void>,
): Promise<void> {
  const https = await import("node:https");
  const fs = await import("node:fs");
  const server = https.createServer(simpleServerSslcontext(), (_req, res) => res.end("Test message"));
  const path = unix ? unixSocketPath() : null;
  await new Promise<void>((resolve) =>
    path !== null ? server.listen(path, resolve) : server.listen(0, "127.0.0.1", resolve),
  );
  const a = server.address();
  try {
    await body(typeof a === "string" ? a : ["127.0.0.1", (a as { port: number }).port]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    if (path !== null) fs.rmSync(path, { force: true });
  }
}

/** A path for a Unix socket (test_utils.gen_unix_socket_path). */
function unixSocketPath(): string {
  return join(tmpdir(), `aio-test-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
}

/** CPython's Lib/test/certdata files, copied into ./certdata (test_utils.data_file). */
const CERTDATA = new URL("./certdata/", import.meta.url);
const dataFile = (name: string): string => readFileSync(new URL(name, CERTDATA), "utf8");
const ONLYCERT = "ssl_cert.pem";
const ONLYKEY = "ssl_key.pem";
const SIGNED_CERTFILE = "keycert3.pem";
const SIGNING_CA = "pycacert.pem";
/** test_utils.PEERCERT: SIGNED_CERTFILE's certificate as `SSLSocket.getpeercert()` gives it. */
const PEERCERT = {
  OCSP: ["http://testca.pythontest.net/testca/ocsp/"],
  caIssuers: ["http://testca.pythontest.net/testca/pycacert.cer"],
  crlDistributionPoints: ["http://testca.pythontest.net/testca/revocation.crl"],
  issuer: [
    [["countryName", "XY"]],
    [["organizationName", "Python Software Foundation CA"]],
    [["commonName", "our-ca-server"]],
  ],
  notAfter: "Oct 28 14:23:16 2037 GMT",
  notBefore: "Aug 29 14:23:16 2018 GMT",
  serialNumber: "CB2D80995A69525C",
  subject: [
    [["countryName", "XY"]],
    [["localityName", "Castle Anthrax"]],
    [["organizationName", "Python Software Foundation"]],
    [["commonName", "localhost"]],
  ],
  subjectAltName: [["DNS", "localhost"]],
  version: 3,
};

/** test_utils.simple_server_sslcontext(): ONLYCERT/ONLYKEY, no client certificate asked. */
function simpleServerSslcontext(): { cert: string; key: string } {
  return { cert: dataFile(ONLYCERT), key: dataFile(ONLYKEY) };
}

/** test_utils.simple_client_sslcontext() / dummy_ssl_context(): check_hostname False, CERT_NONE. */
function simpleClientSslcontext(): { rejectUnauthorized: false } {
  return { rejectUnauthorized: false };
}
const dummySslContext = simpleClientSslcontext;

/**
 * `ssl.SSLContext(PROTOCOL_TLS_CLIENT)` with `verify_mode = CERT_REQUIRED`, `check_hostname = True`
 * (Node's defaults: `rejectUnauthorized` and `checkServerIdentity`) and, with `cafile`,
 * `load_verify_locations(cafile=…)` (`ca`). Without it no CA is loaded (Python's context has none; a
 * Node context has its bundled roots, which do not include the test CA either).
 */
function clientSslcontext(cafile: string | null = null): object {
  return { rejectUnauthorized: true, ...(cafile !== null ? { ca: dataFile(cafile) } : {}) };
}

/** test_events.MyReadPipeProto */
class MyReadPipeProto {
  done: Loose = null;
  state: string[] = ["INITIAL"];
  nbytes = 0;
  transport: Loose = null;
  constructor(loop: EventLoop | null = null) {
    if (loop !== null) this.done = loop.createFuture();
  }
  _assertState(expected: string[]): void {
    if (JSON.stringify(this.state) !== JSON.stringify(expected)) {
      throw new Error(`state: ${JSON.stringify(this.state)}, expected: ${JSON.stringify(expected)}`);
    }
  }
  connectionMade(transport: unknown): void {
    this.transport = transport;
    this._assertState(["INITIAL"]);
    this.state.push("CONNECTED");
  }
  dataReceived(data: Uint8Array): void {
    this._assertState(["INITIAL", "CONNECTED"]);
    this.nbytes += data.length;
  }
  eofReceived(): void {
    this._assertState(["INITIAL", "CONNECTED"]);
    this.state.push("EOF");
  }
  connectionLost(_exc: unknown): void {
    if (!this.state.includes("EOF")) this.state.push("EOF"); // It is okay if EOF is missed.
    this._assertState(["INITIAL", "CONNECTED", "EOF"]);
    this.state.push("CLOSED");
    if (this.done) this.done.setResult(null);
  }
}

/** test_events.MyWritePipeProto (an asyncio.BaseProtocol) */
class MyWritePipeProto {
  done: Loose = null;
  state = "INITIAL";
  transport: Loose = null;
  constructor(loop: EventLoop | null = null) {
    if (loop !== null) this.done = loop.createFuture();
  }
  _assertState(expected: string): void {
    if (this.state !== expected) throw new Error(`state: '${this.state}', expected: '${expected}'`);
  }
  connectionMade(transport: unknown): void {
    this.transport = transport;
    this._assertState("INITIAL");
    this.state = "CONNECTED";
  }
  connectionLost(_exc: unknown): void {
    this._assertState("CONNECTED");
    this.state = "CLOSED";
    if (this.done) this.done.setResult(null);
  }
  pauseWriting(): void {}
  resumeWriting(): void {}
}

/**
 * `os.pipe()`: Node's core cannot make an anonymous pipe, so a FIFO (mkfifo) in a temporary
 * directory stands for it: its read end (opened non-blocking, so that the open does not wait for a
 * writer, and so that a test's direct `os.read` does not block the process: EAGAIN reads nothing)
 * and its write end.
 */
function osPipe(): [number, number] {
  const dir = mkdtempSync(join(tmpdir(), "aio-test-pipe-"));
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  const rfd = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  const wfd = openSync(fifo, fsConstants.O_WRONLY);
  rmSync(dir, { recursive: true, force: true }); // the descriptors stay open
  return [rfd, wfd];
}

/**
 * `os.openpty()`: the master is /dev/ptmx opened here (non-blocking, as `osPipe`'s read end: a
 * test's direct `os.read` then reads what is there without blocking the process); Node cannot
 * `grantpt`/`unlockpt`/`ptsname` it, so a Python helper given the descriptor (as its fd 3) does,
 * through libc, and prints the slave's path, which is then opened here.
 */
function openpty(): [number, number] {
  const master = openSync("/dev/ptmx", fsConstants.O_RDWR | fsConstants.O_NOCTTY | fsConstants.O_NONBLOCK);
  const code =
    "import ctypes; libc = ctypes.CDLL(None); libc.ptsname.restype = ctypes.c_char_p;" +
    " assert libc.grantpt(3) == 0 and libc.unlockpt(3) == 0; print(libc.ptsname(3).decode())";
  const path = execFileSync("python3", ["-c", code], { stdio: ["ignore", "pipe", "inherit", master] })
    .toString()
    .trim();
  const slave = openSync(path, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
  ptyPaths.set(slave, path);
  return [master, slave];
}
const ptyPaths = new Map<number, string>();

/** `os.read(fd, n)` on a non-blocking descriptor: what is there, or nothing (EAGAIN). */
function osRead(fd: number, n: number): Buffer {
  const buf = Buffer.alloc(n);
  try {
    return buf.subarray(0, readSync(fd, buf, 0, n, null));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EAGAIN") return buf.subarray(0, 0);
    throw err;
  }
}

/** echo.py: copies stdin to stdout. */
const ECHO = ["-e", "process.stdin.on('data', (d) => process.stdout.write(d))"];
/** echo2.py: reads once from stdin, writes `OUT:` + it to stdout and `ERR:` + it to stderr. */
const ECHO2 = [
  "-e",
  "const fs = require('fs'); const b = Buffer.alloc(1024); const n = fs.readSync(0, b, 0, 1024);" +
    " fs.writeSync(1, Buffer.concat([Buffer.from('OUT:'), b.subarray(0, n)]));" +
    " fs.writeSync(2, Buffer.concat([Buffer.from('ERR:'), b.subarray(0, n)]));",
];
/** echo3.py: echoes `OUT:` + each read to stdout; a failed write reports `ERR:` + Python's error class. */
const ECHO3 = [
  "-e",
  "const fs = require('fs'); const b = Buffer.alloc(1024); for (;;) { const n = fs.readSync(0, b, 0, 1024);" +
    " if (!n) break; try { fs.writeSync(1, Buffer.concat([Buffer.from('OUT:'), b.subarray(0, n)])); }" +
    " catch (ex) { fs.writeSync(2, 'ERR:' + (ex.code === 'EPIPE' ? 'BrokenPipeError' : 'OSError')); } }",
];

describe("EventLoopTestsMixin", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(null); // test_utils.TestCase.set_event_loop: the loop is passed explicitly
  });
  afterEach(async () => {
    if (!loop.isClosed()) await runBriefly(loop);
    await closeLoop(loop);
    setEventLoop(null);
  });

  it("test_run_until_complete_nesting", async () => {
    const coro1 = coroutine(function* coro1(): Coro<void> {
      yield* sleep(0);
    });
    function* coro2(): Coro<void> {
      expect(loop.isRunning()).toBe(true);
      yield* awaitPromise(loop.runUntilComplete(coro1()));
    }
    const warnings = await recordWarnings(async () => {
      const e = await raisesAsync(Error, () => loop.runUntilComplete(coro2()));
      expect((e as Error).message).toBe("This event loop is already running");
      reportNeverAwaited(); // CPython warns when coro1()'s refcount drops to 0, at once
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(
      warnings.some(
        (w) => w.category === "RuntimeWarning" && /coroutine \S+ was never awaited/.test(w.message),
      ),
    ).toBe(true);
  });

  it("test_run_until_complete", async () => {
    const delay = 0.1;
    const t0 = loop.time();
    await loop.runUntilComplete(sleep(delay));
    const dt = loop.time() - t0;
    expect(dt).toBeGreaterThanOrEqual(delay - CLOCK_RES);
  });

  it("test_run_until_complete_stopped", async () => {
    function* cb(): Coro<void> {
      loop.stop();
      yield* sleep(0.1);
    }
    const task = cb();
    const e = await raisesAsync(Error, () => loop.runUntilComplete(task));
    expect((e as Error).message).toBe("Event loop stopped before Future completed.");
  });

  it("test_call_later", async () => {
    const results: string[] = [];
    function callback(arg: string): void {
      results.push(arg);
      loop.stop();
    }
    loop.callLater(0.1, callback, "hello world");
    await loop.runForever();
    expect(results).toEqual(["hello world"]);
  });

  it("test_call_soon", async () => {
    const results: [string, string][] = [];
    function callback(arg1: string, arg2: string): void {
      results.push([arg1, arg2]);
      loop.stop();
    }
    loop.callSoon(callback, "hello", "world");
    await loop.runForever();
    expect(results).toEqual([["hello", "world"]]);
  });

  it("test_call_soon_threadsafe", async () => {
    const results: string[] = [];
    function callback(arg: string): void {
      results.push(arg);
      if (results.length >= 2) loop.stop();
    }
    // the "thread" is a macrotask outside the loop; the lock is released once it has called
    let release!: () => void;
    const lock = new Promise<void>((r) => {
      release = r;
    });
    function runInThread(): void {
      loop.callSoonThreadsafe(callback, "hello");
      release();
    }
    setImmediate(runInThread);
    await lock; // with lock:
    loop.callSoon(callback, "world");
    await loop.runForever();
    expect(results).toEqual(["hello", "world"]);
  });

  it("test_call_soon_threadsafe_same_thread", async () => {
    const results: string[] = [];
    function callback(arg: string): void {
      results.push(arg);
      if (results.length >= 2) loop.stop();
    }
    loop.callSoonThreadsafe(callback, "hello");
    loop.callSoon(callback, "world");
    await loop.runForever();
    expect(results).toEqual(["hello", "world"]);
  });

  it("test_run_in_executor", async () => {
    // a self-contained job (it runs on a worker thread): returns its argument and its thread's id
    // (made by `new Function` so that vitest's transform leaves its `import()` alone)
    const run = new Function(
      "return async (arg) => [arg, (await import('node:worker_threads')).threadId]",
    )() as (arg: string) => Promise<[string, number]>;
    const f2 = loop.runInExecutor(null, run, "yo");
    const [res, thread_id] = (await loop.runUntilComplete(f2)) as [string, number];
    expect(res).toBe("yo");
    expect(thread_id).not.toBe(threadId);
  });

  it("test_run_in_executor_cancel", async () => {
    let called = false;
    function patchedCallSoon(..._args: unknown[]): never {
      called = true;
      return undefined as never;
    }
    // time.sleep(0.05) on the worker thread
    const run = () => {
      const end = Date.now() + 50;
      while (Date.now() < end) {
        // busy
      }
    };
    const f2 = loop.runInExecutor(null, run);
    f2.cancel();
    await loop.runUntilComplete(loop.shutdownDefaultExecutor());
    loop.close();
    loop.callSoon = patchedCallSoon;
    loop.callSoonThreadsafe = patchedCallSoon;
    await new Promise((r) => setTimeout(r, 400));
    expect(called).toBe(false);
  });

  it("test_add_signal_handler", async () => {
    let caught = 0;
    function myHandler(): void {
      caught += 1;
    }
    const add = (sig: unknown) => () => loop.addSignalHandler(sig as NodeJS.Signals, myHandler);
    const remove = (sig: unknown) => () => loop.removeSignalHandler(sig as NodeJS.Signals);
    // Check error behavior first.
    raisesSync(TypeError, add(2)); // 'boom': the wrong type
    raisesSync(TypeError, remove(2));
    raisesSync(RangeError, add("SIG65")); // NSIG+1
    raisesSync(RangeError, remove("SIG65"));
    raisesSync(RangeError, add("SIG0")); // 0
    raisesSync(RangeError, remove("SIG0"));
    raisesSync(RangeError, add("SIG-1")); // -1
    raisesSync(RangeError, remove("SIG-1"));
    const e = raisesSync(Error, add("SIGKILL"));
    expect((e as Error).message).toBe("sig SIGKILL cannot be caught");
    // Removing SIGKILL doesn't raise, since we don't call signal().
    expect(loop.removeSignalHandler("SIGKILL")).toBe(false);
    // Now set a handler and handle it.
    const before = process.listenerCount("SIGINT");
    loop.addSignalHandler("SIGINT", myHandler);
    process.kill(process.pid, "SIGINT");
    await runUntil(loop, () => caught);
    // Removing it should restore the default handler.
    expect(loop.removeSignalHandler("SIGINT")).toBe(true);
    expect(process.listenerCount("SIGINT")).toBe(before);
    // Removing again returns False.
    expect(loop.removeSignalHandler("SIGINT")).toBe(false);
  });

  it("test_signal_handling_while_selecting", async () => {
    // Test with a signal actually arriving while the loop waits.
    let caught = 0;
    function myHandler(): void {
      caught += 1;
      loop.stop();
    }
    loop.addSignalHandler("SIGALRM", myHandler);
    setTimeout(() => process.kill(process.pid, "SIGALRM"), 10); // signal.setitimer(ITIMER_REAL, 0.01)
    loop.callLater(60, () => loop.stop());
    await loop.runForever();
    expect(caught).toBe(1);
    loop.removeSignalHandler("SIGALRM");
  });

  it("test_signal_handling_args", async () => {
    const someArgs = [42];
    let caught = 0;
    function myHandler(...args: unknown[]): void {
      caught += 1;
      expect(args).toEqual(someArgs);
      loop.stop();
    }
    loop.addSignalHandler("SIGALRM", myHandler, ...someArgs);
    setTimeout(() => process.kill(process.pid, "SIGALRM"), 100); // signal.setitimer(ITIMER_REAL, 0.1)
    loop.callLater(60, () => loop.stop());
    await loop.runForever();
    expect(caught).toBe(1);
    loop.removeSignalHandler("SIGALRM");
  });

  /** EventLoopTestsMixin._basetest_create_connection */
  async function basetestCreateConnection(connectionFut: unknown, checkSockname = true): Promise<void> {
    const [tr, pr] = (await loop.runUntilComplete(connectionFut as never)) as [Loose, MyProto];
    expect(pr).toBeInstanceOf(MyProto);
    expect(pr.transport).toBe(tr);
    if (checkSockname) expect(tr.getExtraInfo("sockname")).not.toBeNull();
    await loop.runUntilComplete(pr.done);
    expect(pr.nbytes).toBeGreaterThan(0);
    tr.close();
  }

  it("test_create_connection", async () => {
    await withTestServer(async (address) => {
      const connFut = loose(loop).createConnection(() => new MyProto(loop), ...address);
      await basetestCreateConnection(connFut);
    });
  });

  it("test_create_connection_local_addr", async () => {
    await withTestServer(async (address) => {
      const net = await import("node:net");
      const probe = net.createServer();
      await new Promise<void>((r) => probe.listen(0, address[0], r));
      const port = (probe.address() as { port: number }).port; // socket_helper.find_unused_port()
      await new Promise((r) => probe.close(r));
      const f = loose(loop).createConnection(() => new MyProto(loop), ...address, {
        localAddr: [address[0], port],
      });
      const [tr, pr] = (await loop.runUntilComplete(f)) as [Loose, MyProto];
      const expected = pr.transport.getExtraInfo("sockname")[1];
      expect(port).toBe(expected);
      tr.close();
    });
  });

  it("test_create_connection_local_addr_in_use", async () => {
    await withTestServer(async (address) => {
      const f = loose(loop).createConnection(() => new MyProto(loop), ...address, { localAddr: address });
      const e = (await raisesAsync(Error, () => loop.runUntilComplete(f))) as NodeJS.ErrnoException;
      expect(e.code).toBe("EADDRINUSE");
      // str(httpd.address): the tuple's repr
      expect(e.message).toContain(`('${address[0]}', ${address[1]})`);
    });
  });

  it("test_create_server_addr_in_use", async () => {
    const f = loose(loop).createServer(MyProto, "0.0.0.0", 0);
    const server = (await loop.runUntilComplete(f)) as Loose;
    const sock = server.sockets[0];
    const [host, port] = sock.getsockname();
    const f2 = loose(loop).createServer(MyProto, host, port);
    const e = (await raisesAsync(Error, () => loop.runUntilComplete(f2))) as NodeJS.ErrnoException;
    expect(e.code).toBe("EADDRINUSE");
    server.close();
  });

  /** EventLoopTestsMixin._test_create_datagram_endpoint */
  async function testCreateDatagramEndpoint(localAddr: [string, number], family: number): Promise<void> {
    class TestMyDatagramProto extends MyDatagramProto {
      override datagramReceived(data: Uint8Array, addr: unknown): void {
        super.datagramReceived(data, addr);
        this.transport.sendto(new Uint8Array([...new TextEncoder().encode("resp:"), ...data]), addr);
      }
    }
    const coro = loose(loop).createDatagramEndpoint(() => new TestMyDatagramProto(loop), {
      localAddr,
      family,
    });
    const [sTransport, server] = (await loop.runUntilComplete(coro)) as [Loose, TestMyDatagramProto];
    const [host, port] = sTransport.getExtraInfo("sockname");
    expect(server).toBeInstanceOf(TestMyDatagramProto);
    expect(server.state).toBe("INITIALIZED");
    expect(server.transport).toBe(sTransport);
    const coro2 = loose(loop).createDatagramEndpoint(() => new MyDatagramProto(loop), {
      remoteAddr: [host, port],
    });
    const [transport, client] = (await loop.runUntilComplete(coro2)) as [Loose, MyDatagramProto];
    expect(client).toBeInstanceOf(MyDatagramProto);
    expect(client.state).toBe("INITIALIZED");
    expect(client.transport).toBe(transport);
    transport.sendto(new TextEncoder().encode("xxx"));
    await runUntil(loop, () => server.nbytes);
    expect(server.nbytes).toBe(3);
    await runUntil(loop, () => client.nbytes);
    expect(client.nbytes).toBe(8); // received
    expect(transport.getExtraInfo("sockname")).not.toBeNull(); // extra info is available
    transport.close(); // close connection
    await loop.runUntilComplete(client.done);
    expect(client.state).toBe("CLOSED");
    server.transport.close();
  }

  it("test_create_datagram_endpoint", async () => {
    await testCreateDatagramEndpoint(["127.0.0.1", 0], streams.AF_INET);
  });

  it("test_create_datagram_endpoint_ipv6", async () => {
    await testCreateDatagramEndpoint(["::1", 0], streams.AF_INET6);
  });

  it("test_create_datagram_endpoint_sock", async () => {
    const dgram = await import("node:dgram");
    // getaddrinfo('127.0.0.1', 0, type=SOCK_DGRAM) → an IPv4 UDP socket bound there
    const sock = dgram.createSocket("udp4");
    await new Promise<void>((r) => sock.bind(0, "127.0.0.1", r));
    const f = loose(loop).createDatagramEndpoint(() => new MyDatagramProto(loop), { sock });
    const [tr, pr] = (await loop.runUntilComplete(f)) as [Loose, MyDatagramProto];
    expect(pr).toBeInstanceOf(MyDatagramProto);
    tr.close();
    await loop.runUntilComplete(pr.done);
  });

  it("test_create_server", async () => {
    const net = await import("node:net");
    const proto = new MyProto(loop);
    const f = loose(loop).createServer(() => proto, "0.0.0.0", 0);
    const server = (await loop.runUntilComplete(f)) as Loose;
    expect(server.sockets.length).toBe(1);
    const sock = server.sockets[0];
    const [host, port] = sock.getsockname();
    expect(host).toBe("0.0.0.0");
    const client = net.connect(port, "127.0.0.1");
    client.write("xxx");
    await loop.runUntilComplete(proto.connected);
    expect(proto.state).toBe("CONNECTED");
    await runUntil(loop, () => proto.nbytes > 0);
    expect(proto.nbytes).toBe(3);
    // extra info is available
    expect(proto.transport.getExtraInfo("sockname")).not.toBeNull();
    expect(proto.transport.getExtraInfo("peername")[0]).toBe("127.0.0.1");
    // close connection
    proto.transport.close();
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toBe("CLOSED");
    // the client socket must be closed after to avoid ECONNRESET
    client.destroy();
    // close server
    server.close();
  });

  it("test_create_server_sock", async () => {
    const net = await import("node:net");
    const proto = loop.createFuture();
    class TestMyProto extends MyProto {
      override connectionMade(transport: Loose): void {
        super.connectionMade(transport);
        (proto as Loose).setResult(this);
      }
    }
    const sockOb = net.createServer(); // socket.create_server(('0.0.0.0', 0))
    await new Promise<void>((r) => sockOb.listen(0, "0.0.0.0", r));
    try {
      const f = loose(loop).createServer(() => new TestMyProto(), null, null, { sock: sockOb }); // sock=sock_ob
      const server = (await loop.runUntilComplete(f)) as Loose;
      const sock = server.sockets[0];
      expect(sock.fileno()).toBe((sockOb as Loose)._handle.fd);
      const [host, port] = sock.getsockname();
      expect(host).toBe("0.0.0.0");
      const client = await connectClient("127.0.0.1", port); // a blocking connect()
      client.write("xxx");
      client.end();
      server.close();
    } finally {
      sockOb.close();
    }
  });

  /** socket_helper.find_unused_port() */
  async function findUnusedPort(): Promise<number> {
    const net = await import("node:net");
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    return port;
  }

  /** A connected TCP client (`socket.socket(); client.connect(addr)`). */
  async function connectClient(host: string, port: number): Promise<import("node:net").Socket> {
    const net = await import("node:net");
    const client = net.connect(port, host);
    await new Promise<void>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("error", reject);
    });
    return client;
  }

  it("test_create_connection_local_addr_skip_different_family", async () => {
    // See https://github.com/python/cpython/issues/86508
    const port1 = await findUnusedPort();
    const port2 = await findUnusedPort();
    const getaddrinfoOrig = loose(loop).getaddrinfo.bind(loop);
    function* getaddrinfo(host: string, port: number, ...args: unknown[]): Coro<unknown> {
      if (port === port2) {
        return [
          ["IPv6", "SOCK_STREAM", 0, "", ["::1", 0, 0, 0]],
          ["IPv4", "SOCK_STREAM", 0, "", ["127.0.0.1", 0]],
        ];
      }
      return yield* getaddrinfoOrig(host, port, ...args);
    }
    loose(loop).getaddrinfo = getaddrinfo;
    const f = loose(loop).createConnection(() => new MyProto(loop), "localhost", port1, {
      localAddr: ["localhost", port2],
    });
    await raisesAsync(Error, () => loop.runUntilComplete(f)); // OSError
  });

  it("test_create_connection_local_addr_nomatch_family", async () => {
    // See https://github.com/python/cpython/issues/86508
    const port1 = await findUnusedPort();
    const port2 = await findUnusedPort();
    const getaddrinfoOrig = loose(loop).getaddrinfo.bind(loop);
    function* getaddrinfo(host: string, port: number, ...args: unknown[]): Coro<unknown> {
      if (port === port2) return [["IPv6", "SOCK_STREAM", 0, "", ["::1", 0, 0, 0]]];
      return yield* getaddrinfoOrig(host, port, ...args);
    }
    loose(loop).getaddrinfo = getaddrinfo;
    const f = loose(loop).createConnection(() => new MyProto(loop), "localhost", port1, {
      localAddr: ["localhost", port2],
    });
    await raisesAsync(Error, () => loop.runUntilComplete(f)); // OSError
  });

  // FAILS: server.sockets are not asyncio.trsock.TransportSocket objects, and `dup()` (a second
  // descriptor on the listening socket) has no counterpart in Node's net API.
  it.fails("test_create_server_trsock", async () => {
    const proto = new MyProto(loop);
    const f = loose(loop).createServer(() => proto, "0.0.0.0", 0);
    const server = (await loop.runUntilComplete(f)) as Loose;
    expect(server.sockets.length).toBe(1);
    const sock = server.sockets[0];
    expect(sock).toBeInstanceOf(streams.TransportSocket); // asyncio.trsock.TransportSocket
    const [host] = sock.getsockname();
    expect(host).toBe("0.0.0.0");
    const dup = sock.dup();
    try {
      expect(typeof dup.fileno()).toBe("number"); // assertIsInstance(dup, socket.socket)
      expect(sock.getInheritable()).toBe(false);
      raisesSync(RangeError, () => sock.settimeout(1));
      sock.settimeout(0);
      expect(sock.gettimeout()).toBe(0);
      raisesSync(RangeError, () => sock.setblocking(true));
      sock.setblocking(false);
    } finally {
      dup.close();
      server.close();
    }
  });

  // FAILS: Node 20's net cannot set SO_REUSEPORT (`reusePort` came in Node 22.12): createServer
  // refuses reusePort with Python's "reuse_port not supported by socket module", and a listening
  // socket has no getsockopt().
  it.fails("test_create_server_reuse_port", async () => {
    let proto = new MyProto(loop);
    let f = loose(loop).createServer(() => proto, "0.0.0.0", 0);
    let server = (await loop.runUntilComplete(f)) as Loose;
    expect(server.sockets.length).toBe(1);
    let sock = server.sockets[0];
    expect(sock.getsockopt("SOL_SOCKET", "SO_REUSEPORT")).toBeFalsy();
    server.close();
    await runBriefly(loop);
    proto = new MyProto(loop);
    f = loose(loop).createServer(() => proto, "0.0.0.0", 0, { reusePort: true });
    server = (await loop.runUntilComplete(f)) as Loose;
    expect(server.sockets.length).toBe(1);
    sock = server.sockets[0];
    expect(sock.getsockopt("SOL_SOCKET", "SO_REUSEPORT")).toBeTruthy();
    server.close();
  });

  /** EventLoopTestsMixin._make_unix_server */
  async function makeUnixServer(factory: () => unknown, kwargs: object = {}): Promise<[Loose, string]> {
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const path = join(tmpdir(), `aio-test-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
    const f = loose(loop).createUnixServer(factory, path, kwargs);
    const server = await loop.runUntilComplete(f);
    return [server, path];
  }

  it("test_create_unix_server", async () => {
    const net = await import("node:net");
    const proto = new MyProto(loop);
    const [server, path] = await makeUnixServer(() => proto);
    const fs = await import("node:fs");
    try {
      expect(server.sockets.length).toBe(1);
      const client = net.connect(path); // socket.socket(socket.AF_UNIX)
      client.write("xxx");
      await loop.runUntilComplete(proto.connected);
      expect(proto.state).toBe("CONNECTED");
      await runUntil(loop, () => proto.nbytes > 0);
      expect(proto.nbytes).toBe(3);
      // close connection
      proto.transport.close();
      await loop.runUntilComplete(proto.done);
      expect(proto.state).toBe("CLOSED");
      client.destroy();
      server.close();
    } finally {
      fs.rmSync(path, { force: true });
    }
  });

  it("test_create_unix_server_path_socket_error", async () => {
    const net = await import("node:net");
    const proto = new MyProto(loop);
    const sock = new net.Socket();
    try {
      const f = () => loose(loop).createUnixServer(() => proto, "/test", { sock });
      const e = await raisesAsync(RangeError, () => loop.runUntilComplete(f()));
      expect((e as Error).message).toMatch(/path and sock can not be specified at the same time/);
    } finally {
      sock.destroy();
    }
  });

  it("test_create_server_dual_stack", async () => {
    let fProto = loop.createFuture();
    class TestMyProto extends MyProto {
      override connectionMade(transport: Loose): void {
        super.connectionMade(transport);
        (fProto as Loose).setResult(this);
      }
    }
    let tryCount = 0;
    let server: Loose;
    let port: number;
    for (;;) {
      try {
        port = await findUnusedPort();
        const f = loose(loop).createServer(() => new TestMyProto(), null, port); // host=None, port=port
        server = await loop.runUntilComplete(f);
      } catch (ex) {
        if ((ex as NodeJS.ErrnoException).code === "EADDRINUSE") {
          tryCount += 1;
          expect(5).toBeGreaterThanOrEqual(tryCount);
          continue;
        }
        throw ex;
      }
      break;
    }
    let client = await connectClient("127.0.0.1", port);
    client.write("xxx");
    let proto = (await loop.runUntilComplete(fProto)) as MyProto;
    proto.transport.close();
    client.destroy();
    fProto = loop.createFuture();
    client = await connectClient("::1", port);
    client.write("xxx");
    proto = (await loop.runUntilComplete(fProto)) as MyProto;
    proto.transport.close();
    client.destroy();
    server.close();
  });

  it("test_server_close", async () => {
    const f = loose(loop).createServer(() => new MyProto(), "0.0.0.0", 0);
    const server = (await loop.runUntilComplete(f)) as Loose;
    const sock = server.sockets[0];
    const [, port] = sock.getsockname();
    const client = await connectClient("127.0.0.1", port);
    client.write("xxx");
    client.destroy();
    server.close();
    const e = (await raisesAsync(Error, () => connectClient("127.0.0.1", port))) as NodeJS.ErrnoException;
    expect(e.code).toBe("ECONNREFUSED"); // ConnectionRefusedError
  });

  it("test_create_unix_connection", async () => {
    // test_utils.run_test_unix_server: an HTTP server on a Unix socket
    const http = await import("node:http");
    const fs = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const path = join(tmpdir(), `aio-test-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
    const httpd = http.createServer((_req, res) => res.end("Test message"));
    await new Promise<void>((r) => httpd.listen(path, r));
    try {
      const connFut = loose(loop).createUnixConnection(() => new MyProto(loop), path);
      await basetestCreateConnection(connFut, true);
    } finally {
      httpd.closeAllConnections();
      await new Promise((r) => httpd.close(r));
      fs.rmSync(path, { force: true });
    }
  });

  /** EventLoopTestsMixin.test_connect_accepted_socket(server_ssl=None, client_ssl=None) */
  async function testConnectAcceptedSocket(
    serverSsl: object | null = null,
    clientSsl: object | null = null,
  ): Promise<void> {
    const net = await import("node:net");
    const tls = await import("node:tls");
    const message = "test data";
    const expectedResponse = "roger";
    let response: string | null = null;
    class MyProto_ extends MyBaseProto {
      override connectionLost(exc: unknown): void {
        super.connectionLost(exc);
        loop.callSoon(() => loop.stop());
      }
      override dataReceived(data: Uint8Array): void {
        super.dataReceived(data);
        this.transport.write(new TextEncoder().encode(expectedResponse));
      }
    }
    // lsock = socket.create_server(('127.0.0.1', 0), backlog=1); conn, _ = lsock.accept()
    const lsock = net.createServer({ pauseOnConnect: true });
    await new Promise<void>((r) => lsock.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, r));
    const addr = lsock.address() as { port: number };
    const accepted = new Promise<import("node:net").Socket>((r) => lsock.once("connection", r));
    // the client "thread": connects (through client_ssl.wrap_socket), sends, reads the response, closes
    let csock: import("node:net").Socket | null = null;
    const client = (async () => {
      try {
        if (clientSsl !== null) {
          const s = tls.connect({ host: "127.0.0.1", port: addr.port, ...clientSsl });
          csock = s;
          await new Promise<void>((resolve, reject) => {
            s.once("secureConnect", resolve);
            s.once("error", reject);
          });
        } else {
          csock = await connectClient("127.0.0.1", addr.port);
        }
        csock.write(message);
        response = await new Promise<string>((r) => csock?.once("data", (d) => r(String(d))));
        csock.destroy();
      } catch (exc) {
        console.log("Failure in client thread in test_connect_accepted_socket", exc);
      }
    })();
    const conn = await accepted;
    try {
      const proto = new MyProto_(loop);
      await loop.runUntilComplete(loose(loop).connectAcceptedSocket(() => proto, conn, { ssl: serverSsl }));
      await loop.runForever();
      proto.transport.close();
      lsock.close();
      await client;
      expect(proto.state).toBe("CLOSED");
      expect(proto.nbytes).toBe(message.length);
      expect(response).toBe(expectedResponse);
    } finally {
      conn.destroy();
      (csock as import("node:net").Socket | null)?.destroy();
      lsock.close();
    }
  }

  it("test_connect_accepted_socket", async () => {
    await testConnectAcceptedSocket();
  });

  it("test_ssl_connect_accepted_socket", async () => {
    const serverContext = simpleServerSslcontext();
    const clientContext = simpleClientSslcontext();
    await testConnectAcceptedSocket(serverContext, clientContext);
  });

  it("test_connect_accepted_socket_ssl_timeout_for_plain_socket", async () => {
    const net = await import("node:net");
    const sock = new net.Socket();
    try {
      const coro = () =>
        loose(loop).connectAcceptedSocket(() => new MyProto(), sock, { sslHandshakeTimeout: 30 });
      const e = await raisesAsync(RangeError, () => loop.runUntilComplete(coro()));
      expect((e as Error).message).toMatch(/ssl_handshake_timeout is only meaningful with ssl/);
    } finally {
      sock.destroy();
    }
  });

  /** EventLoopTestsMixin.check_ssl_extra_info */
  function checkSslExtraInfo(
    client: Loose,
    checkSockname = true,
    peername: unknown = null,
    peercert: unknown = {},
  ): void {
    if (checkSockname) expect(client.getExtraInfo("sockname")).not.toBeNull();
    if (peername) expect(client.getExtraInfo("peername")).toEqual(peername);
    else expect(client.getExtraInfo("peername")).not.toBeNull();
    expect(client.getExtraInfo("peercert")).toEqual(peercert);
    // test SSL cipher
    const cipher = client.getExtraInfo("cipher");
    expect(Array.isArray(cipher)).toBe(true); // assertIsInstance(cipher, tuple)
    expect(cipher.length).toBe(3);
    expect(typeof cipher[0]).toBe("string");
    expect(typeof cipher[1]).toBe("string");
    expect(Number.isInteger(cipher[2])).toBe(true);
    // test SSL object
    const sslobj = client.getExtraInfo("ssl_object");
    expect(sslobj).not.toBeNull();
    expect(sslobj.compression()).toEqual(client.getExtraInfo("compression"));
    expect(sslobj.cipher()).toEqual(client.getExtraInfo("cipher"));
    expect(sslobj.getpeercert()).toEqual(client.getExtraInfo("peercert"));
    expect(sslobj.compression()).toEqual(client.getExtraInfo("compression"));
  }

  /** EventLoopTestsMixin._basetest_create_ssl_connection */
  async function basetestCreateSslConnection(
    connectionFut: unknown,
    checkSockname = true,
    peername: unknown = null,
  ): Promise<void> {
    const [tr, pr] = (await loop.runUntilComplete(connectionFut as never)) as [Loose, MyProto];
    expect(tr).toBeInstanceOf(streams.Transport);
    expect(pr).toBeInstanceOf(MyProto);
    expect(tr.constructor.name.toLowerCase()).toContain("ssl"); // 'ssl' in tr.__class__.__name__.lower()
    checkSslExtraInfo(tr, checkSockname, peername);
    await loop.runUntilComplete(pr.done);
    expect(pr.nbytes).toBeGreaterThan(0);
    tr.close();
  }

  /** EventLoopTestsMixin._test_create_ssl_connection */
  async function testCreateSslConnection(
    createConnection: (kw: object) => unknown,
    checkSockname = true,
    peername: unknown = null,
  ): Promise<void> {
    let connFut = createConnection({ ssl: dummySslContext() });
    await basetestCreateSslConnection(connFut, checkSockname, peername);
    // With ssl=True, ssl.create_default_context() should be called (upstream patches it with a
    // non-verifying context and counts the call): aio has no ssl.create_default_context to patch,
    // `ssl: true` is Node's default TLS options, made inside createConnection; this step is left out.

    // With the real ssl.create_default_context(), certificate validation will fail
    const e = await raisesAsync(Error, async () => {
      connFut = createConnection({ ssl: true });
      await basetestCreateSslConnection(connFut, checkSockname, peername);
    });
    expect(e).toBeInstanceOf(SSLError);
    expect((e as Loose).reason).toBe("CERTIFICATE_VERIFY_FAILED");
  }

  it("test_create_ssl_connection", async () => {
    await withSslTestServer(false, async (address) => {
      const createConnection = (kw: object) =>
        loose(loop).createConnection(() => new MyProto(loop), ...(address as [string, number]), kw);
      await testCreateSslConnection(createConnection, true, address);
    });
  });

  it("test_create_ssl_unix_connection", async () => {
    await withSslTestServer(true, async (address) => {
      const createConnection = (kw: object) =>
        loose(loop).createUnixConnection(() => new MyProto(loop), address, {
          serverHostname: "127.0.0.1",
          ...kw,
        });
      await testCreateSslConnection(createConnection, true, address);
    });
  });

  /** EventLoopTestsMixin.create_server_multiple_hosts, on real addresses (see the README). */
  async function createServerMultipleHosts(hosts: string[]): Promise<void> {
    const uniqueHosts = new Set(hosts);
    // Upstream binds port 80 on mocked sockets whose getsockname() gives each unique host once (a
    // socket more would exhaust the mock); here real sockets on port 0, and their count is checked.
    const f = loose(loop).createServer(() => new MyProto(loop), hosts, 0);
    const server = (await loop.runUntilComplete(f)) as Loose;
    try {
      const serverHosts = new Set(server.sockets.map((sock: Loose) => sock.getsockname()[0]));
      expect(serverHosts).toEqual(uniqueHosts);
      expect(server.sockets.length).toBe(uniqueHosts.size);
    } finally {
      server.close();
    }
  }

  it("test_create_server_multiple_hosts_ipv4", async () => {
    // upstream: ['1.2.3.4', '5.6.7.8', '1.2.3.4']; two loopback addresses (127.0.0.0/8 is local)
    await createServerMultipleHosts(["127.0.0.1", "127.0.0.2", "127.0.0.1"]);
  });

  it("test_create_server_multiple_hosts_ipv6", async () => {
    // upstream: ['::1', '::2', '::1']; ::1 and another IPv6 address of this machine (not link-local,
    // which needs a scope), if it has one
    const { networkInterfaces } = await import("node:os");
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && a.family === "IPv6" && !a.internal && !a.address.startsWith("fe80"));
    await createServerMultipleHosts(other ? ["::1", other.address, "::1"] : ["::1", "::1"]);
  });

  /** EventLoopTestsMixin._create_ssl_context: `SSLContext(PROTOCOL_TLS_SERVER)`, `load_cert_chain`. */
  function createSslContext(certfile: string, keyfile: string | null = null): object {
    // (ssl.OP_NO_SSLv2: Node never speaks SSLv2)
    return { cert: dataFile(certfile), key: dataFile(keyfile ?? certfile) };
  }

  /** EventLoopTestsMixin._make_ssl_server */
  async function makeSslServer(
    factory: () => unknown,
    certfile: string,
    keyfile: string | null = null,
  ): Promise<[Loose, string, number]> {
    const sslcontext = createSslContext(certfile, keyfile);
    const f = loose(loop).createServer(factory, "127.0.0.1", 0, { ssl: sslcontext });
    const server = (await loop.runUntilComplete(f)) as Loose;
    const sock = server.sockets[0];
    const [host, port] = sock.getsockname();
    expect(host).toBe("127.0.0.1");
    return [server, host, port];
  }

  /** EventLoopTestsMixin._make_ssl_unix_server */
  function makeSslUnixServer(
    factory: () => unknown,
    certfile: string,
    keyfile: string | null = null,
  ): Promise<[Loose, string]> {
    const sslcontext = createSslContext(certfile, keyfile);
    return makeUnixServer(factory, { ssl: sslcontext });
  }

  /** `mock.patch.object(loop, 'call_exception_handler')` around `body`. */
  async function withCallExceptionHandlerMocked(body: () => Promise<void>): Promise<void> {
    const saved = loop.callExceptionHandler;
    loop.callExceptionHandler = vi.fn();
    try {
      await body();
    } finally {
      loop.callExceptionHandler = saved;
    }
  }

  it("test_create_server_ssl", async () => {
    const proto = new MyProto(loop);
    const [server, host, port] = await makeSslServer(() => proto, ONLYCERT, ONLYKEY);
    const fC = loose(loop).createConnection(() => new MyBaseProto(), host, port, { ssl: dummySslContext() });
    const [client] = (await loop.runUntilComplete(fC)) as [Loose, MyBaseProto];
    client.write(new TextEncoder().encode("xxx"));
    await loop.runUntilComplete(proto.connected);
    expect(proto.state).toBe("CONNECTED");
    await runUntil(loop, () => proto.nbytes > 0);
    expect(proto.nbytes).toBe(3);
    // extra info is available
    checkSslExtraInfo(client, true, [host, port]);
    // close connection
    proto.transport.close();
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toBe("CLOSED");
    // the client socket must be closed after to avoid ECONNRESET upon recv()/send() on the serving socket
    client.close();
    // stop serving
    server.close();
  });

  it("test_create_unix_server_ssl", async () => {
    const proto = new MyProto(loop);
    const [server, path] = await makeSslUnixServer(() => proto, ONLYCERT, ONLYKEY);
    try {
      const fC = loose(loop).createUnixConnection(() => new MyBaseProto(), path, {
        ssl: dummySslContext(),
        serverHostname: "",
      });
      const [client] = (await loop.runUntilComplete(fC)) as [Loose, MyBaseProto];
      client.write(new TextEncoder().encode("xxx"));
      await loop.runUntilComplete(proto.connected);
      expect(proto.state).toBe("CONNECTED");
      await runUntil(loop, () => proto.nbytes > 0);
      expect(proto.nbytes).toBe(3);
      // close connection
      proto.transport.close();
      await loop.runUntilComplete(proto.done);
      expect(proto.state).toBe("CLOSED");
      // the client socket must be closed after to avoid ECONNRESET upon recv()/send() on the serving socket
      client.close();
      // stop serving
      server.close();
    } finally {
      rmSync(path, { force: true });
    }
  });

  it("test_create_server_ssl_verify_failed", async () => {
    const proto = new MyProto(loop);
    const [server, host, port] = await makeSslServer(() => proto, SIGNED_CERTFILE);
    const sslcontextClient = clientSslcontext();
    // no CA loaded
    const fC = loose(loop).createConnection(() => new MyProto(), host, port, { ssl: sslcontextClient });
    await withCallExceptionHandlerMocked(async () => {
      const e = await raisesAsync(Error, () => loop.runUntilComplete(fC));
      expect(e).toBeInstanceOf(SSLError);
      expect((e as Error).message).toMatch(/certificate.verify.failed/i);
      // execute the loop to log the connection error
      await runBriefly(loop);
    });
    // close connection
    expect(proto.transport).toBeNull();
    server.close();
  });

  it("test_create_unix_server_ssl_verify_failed", async () => {
    const proto = new MyProto(loop);
    const [server, path] = await makeSslUnixServer(() => proto, SIGNED_CERTFILE);
    try {
      const sslcontextClient = clientSslcontext();
      // no CA loaded
      const fC = loose(loop).createUnixConnection(() => new MyProto(), path, {
        ssl: sslcontextClient,
        serverHostname: "invalid",
      });
      await withCallExceptionHandlerMocked(async () => {
        const e = await raisesAsync(Error, () => loop.runUntilComplete(fC));
        expect(e).toBeInstanceOf(SSLError);
        expect((e as Error).message).toMatch(/certificate.verify.failed/i);
        // execute the loop to log the connection error
        await runBriefly(loop);
      });
      // close connection
      expect(proto.transport).toBeNull();
      server.close();
    } finally {
      rmSync(path, { force: true });
    }
  });

  it("test_create_server_ssl_match_failed", async () => {
    const proto = new MyProto(loop);
    const [server, host, port] = await makeSslServer(() => proto, SIGNED_CERTFILE);
    const sslcontextClient = clientSslcontext(SIGNING_CA);
    // incorrect server_hostname
    const fC = loose(loop).createConnection(() => new MyProto(), host, port, { ssl: sslcontextClient });
    await withCallExceptionHandlerMocked(async () => {
      const e = await raisesAsync(Error, () => loop.runUntilComplete(fC));
      expect(e).toBeInstanceOf(CertificateError);
      expect((e as Error).message).toMatch(/IP address mismatch, certificate is not valid for '127.0.0.1'/);
    });
    // close connection
    // transport is None because TLS ALERT aborted the handshake
    expect(proto.transport).toBeNull();
    server.close();
  });

  it("test_create_unix_server_ssl_verified", async () => {
    const proto = new MyProto(loop);
    const [server, path] = await makeSslUnixServer(() => proto, SIGNED_CERTFILE);
    try {
      const sslcontextClient = clientSslcontext(SIGNING_CA);
      // Connection succeeds with correct CA and server hostname.
      const fC = loose(loop).createUnixConnection(() => new MyProto(), path, {
        ssl: sslcontextClient,
        serverHostname: "localhost",
      });
      const [client] = (await loop.runUntilComplete(fC)) as [Loose, MyProto];
      await loop.runUntilComplete(proto.connected);
      // close connection
      proto.transport.close();
      client.close();
      server.close();
      await loop.runUntilComplete(proto.done);
    } finally {
      rmSync(path, { force: true });
    }
  });

  it("test_create_server_ssl_verified", async () => {
    const proto = new MyProto(loop);
    const [server, host, port] = await makeSslServer(() => proto, SIGNED_CERTFILE);
    const sslcontextClient = clientSslcontext(SIGNING_CA);
    // Connection succeeds with correct CA and server hostname.
    const fC = loose(loop).createConnection(() => new MyProto(), host, port, {
      ssl: sslcontextClient,
      serverHostname: "localhost",
    });
    const [client] = (await loop.runUntilComplete(fC)) as [Loose, MyProto];
    try {
      await loop.runUntilComplete(proto.connected);
      // extra info is available
      checkSslExtraInfo(client, true, [host, port], PEERCERT);
    } finally {
      // close connection
      proto.transport.close();
      client.close();
      server.close();
      await loop.runUntilComplete(proto.done);
    }
  });

  it("test_read_pipe", async () => {
    const proto = new MyReadPipeProto(loop);
    const [rpipe, wpipe] = osPipe();
    const pipeobj = rpipe; // io.open(rpipe, 'rb', 1024): the descriptor
    function* connect(): Coro<void> {
      const [t, p] = yield* loose(loop).connectReadPipe(() => proto, pipeobj);
      expect(p).toBe(proto);
      expect(t).toBe(proto.transport);
      expect(proto.state).toEqual(["INITIAL", "CONNECTED"]);
      expect(proto.nbytes).toBe(0);
    }
    await loop.runUntilComplete(connect());
    writeSync(wpipe, "1");
    await runUntil(loop, () => proto.nbytes >= 1);
    expect(proto.nbytes).toBe(1);
    writeSync(wpipe, "2345");
    await runUntil(loop, () => proto.nbytes >= 5);
    expect(proto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(proto.nbytes).toBe(5);
    closeSync(wpipe);
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toEqual(["INITIAL", "CONNECTED", "EOF", "CLOSED"]);
    // extra info is available
    expect(proto.transport.getExtraInfo("pipe")).not.toBeNull();
  });

  // FAILS: closing a loop closes the transports still open on it (@aio/streams drops them: an open
  // Node handle would keep the process alive and its events would reach a closed loop), so they
  // are "closed" afterwards where asyncio's stay open; and a pipe transport's repr is a socket
  // transport's (`<_SelectorSocketTransport closed fd=-1>`, not `<_UnixReadPipeTransport fd=… open>`).
  it.fails("test_unclosed_pipe_transport", async () => {
    // This test reproduces the issue #314 on GitHub
    const loop2 = newEventLoop(); // self.create_event_loop()
    const readProto = new MyReadPipeProto(loop2);
    const writeProto = new MyWritePipeProto(loop2);
    const [rpipe, wpipe] = osPipe();
    function* connect(): Coro<[Loose, Loose]> {
      const [readTransport] = yield* loose(loop2).connectReadPipe(() => readProto, rpipe);
      const [writeTransport] = yield* loose(loop2).connectWritePipe(() => writeProto, wpipe);
      return [readTransport, writeTransport];
    }
    // Run and close the loop without closing the transports
    const [readTransport, writeTransport] = await loop2.runUntilComplete(connect());
    loop2.close();
    // These 'repr' calls used to raise an AttributeError
    // See Issue #314 on GitHub
    expect(aioLoop.repr(readTransport)).toContain("open");
    expect(aioLoop.repr(writeTransport)).toContain("open");
    // Clean up (avoid ResourceWarning)
    readTransport.close();
    writeTransport.close();
  });

  it("test_read_pty_output", async () => {
    const proto = new MyReadPipeProto(loop);
    const [master, slave] = openpty();
    const masterReadObj = master; // io.open(master, 'rb', 0)
    function* connect(): Coro<void> {
      const [t, p] = yield* loose(loop).connectReadPipe(() => proto, masterReadObj);
      expect(p).toBe(proto);
      expect(t).toBe(proto.transport);
      expect(proto.state).toEqual(["INITIAL", "CONNECTED"]);
      expect(proto.nbytes).toBe(0);
    }
    await loop.runUntilComplete(connect());
    writeSync(slave, "1");
    await runUntil(loop, () => proto.nbytes);
    expect(proto.nbytes).toBe(1);
    writeSync(slave, "2345");
    await runUntil(loop, () => proto.nbytes >= 5);
    expect(proto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(proto.nbytes).toBe(5);
    closeSync(slave);
    proto.transport.close();
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toEqual(["INITIAL", "CONNECTED", "EOF", "CLOSED"]);
    // extra info is available
    expect(proto.transport.getExtraInfo("pipe")).not.toBeNull();
  });

  it("test_write_pipe", async () => {
    const [rpipe, wpipe] = osPipe();
    const pipeobj = wpipe; // io.open(wpipe, 'wb', 1024): the descriptor
    const proto = new MyWritePipeProto(loop);
    const connect = loose(loop).connectWritePipe(() => proto, pipeobj);
    const [transport, p] = (await loop.runUntilComplete(connect)) as [Loose, MyWritePipeProto];
    expect(p).toBe(proto);
    expect(transport).toBe(proto.transport);
    expect(proto.state).toBe("CONNECTED");
    transport.write(new TextEncoder().encode("1"));
    const data = { bytes: Buffer.alloc(0) };
    function reader(data: { bytes: Buffer }): number {
      const chunk = osRead(rpipe, 1024);
      data.bytes = Buffer.concat([data.bytes, chunk]);
      return data.bytes.length;
    }
    await runUntil(loop, () => reader(data) >= 1);
    expect(data.bytes.toString()).toBe("1");
    transport.write(new TextEncoder().encode("2345"));
    await runUntil(loop, () => reader(data) >= 5);
    expect(data.bytes.toString()).toBe("12345");
    expect(proto.state).toBe("CONNECTED");
    closeSync(rpipe);
    // extra info is available
    expect(proto.transport.getExtraInfo("pipe")).not.toBeNull();
    // close connection
    proto.transport.close();
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toBe("CLOSED");
  });

  /**
   * `socket.socketpair()`: Node has none; two connected Unix sockets, made through a listening one
   * (removed once they are connected).
   */
  async function socketpair(): Promise<[import("node:net").Socket, import("node:net").Socket]> {
    const net = await import("node:net");
    const path = unixSocketPath();
    const listener = net.createServer();
    await new Promise<void>((r) => listener.listen(path, r));
    const accepted = new Promise<import("node:net").Socket>((r) => listener.once("connection", r));
    const client = net.connect({ path, allowHalfOpen: true });
    await new Promise<void>((r) => client.once("connect", r));
    const server = await accepted;
    listener.close(); // stops listening (its callback would wait for the connections to end)
    rmSync(path, { force: true });
    return [server, client];
  }

  it("test_write_pipe_disconnect_on_close", async () => {
    const [rsock, wsock] = await socketpair();
    // io.open(wsock.detach(), 'wb', 1024): Node cannot detach a descriptor from its socket; the
    // socket itself is the pipe (connectWritePipe takes a Node socket on a pipe)
    const pipeobj = wsock;
    const proto = new MyWritePipeProto(loop);
    const connect = loose(loop).connectWritePipe(() => proto, pipeobj);
    const [transport, p] = (await loop.runUntilComplete(connect)) as [Loose, MyWritePipeProto];
    expect(p).toBe(proto);
    expect(transport).toBe(proto.transport);
    expect(proto.state).toBe("CONNECTED");
    transport.write(new TextEncoder().encode("1"));
    // loop.sock_recv(rsock, 1024) (aio has no sock_* methods, see NOT_APPLICABLE): the first chunk
    // rsock receives, awaited inside the loop
    function* sockRecv(sock: import("node:net").Socket): Coro<Buffer> {
      return yield* awaitPromise(new Promise<Buffer>((r) => sock.once("data", r)));
    }
    const data = (await loop.runUntilComplete(sockRecv(rsock))) as Buffer;
    expect(data.toString()).toBe("1");
    rsock.destroy();
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toBe("CLOSED");
  });

  it("test_write_pty", async () => {
    const [master, slave] = openpty();
    const slaveWriteObj = slave; // io.open(slave, 'wb', 0)
    const proto = new MyWritePipeProto(loop);
    const connect = loose(loop).connectWritePipe(() => proto, slaveWriteObj);
    const [transport, p] = (await loop.runUntilComplete(connect)) as [Loose, MyWritePipeProto];
    expect(p).toBe(proto);
    expect(transport).toBe(proto.transport);
    expect(proto.state).toBe("CONNECTED");
    transport.write(new TextEncoder().encode("1"));
    const data = { bytes: Buffer.alloc(0) };
    function reader(data: { bytes: Buffer }): number {
      const chunk = osRead(master, 1024);
      data.bytes = Buffer.concat([data.bytes, chunk]);
      return data.bytes.length;
    }
    await runUntil(loop, () => reader(data) >= 1, SHORT_TIMEOUT);
    expect(data.bytes.toString()).toBe("1");
    transport.write(new TextEncoder().encode("2345"));
    await runUntil(loop, () => reader(data) >= 5, SHORT_TIMEOUT);
    expect(data.bytes.toString()).toBe("12345");
    expect(proto.state).toBe("CONNECTED");
    closeSync(master);
    // extra info is available
    expect(proto.transport.getExtraInfo("pipe")).not.toBeNull();
    // close connection
    proto.transport.close();
    await loop.runUntilComplete(proto.done);
    expect(proto.state).toBe("CLOSED");
  });

  it("test_bidirectional_pty", async () => {
    const [master, readSlave] = openpty();
    // os.dup(read_slave): Node has no dup(); a second descriptor opened on the same terminal
    const writeSlave = openSync(ptyPaths.get(readSlave) as string, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
    // tty.setraw(read_slave), by a Python helper given the descriptor (termios is not in Node's core)
    execFileSync("python3", ["-c", "import tty; tty.setraw(3)"], {
      stdio: ["ignore", "inherit", "inherit", readSlave],
    });

    const slaveReadObj = readSlave; // io.open(read_slave, 'rb', 0)
    const readProto = new MyReadPipeProto(loop);
    const readConnect = loose(loop).connectReadPipe(() => readProto, slaveReadObj);
    const [readTransport, p] = (await loop.runUntilComplete(readConnect)) as [Loose, unknown];
    expect(p).toBe(readProto);
    expect(readTransport).toBe(readProto.transport);
    expect(readProto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(readProto.nbytes).toBe(0);

    const slaveWriteObj = writeSlave; // io.open(write_slave, 'wb', 0)
    const writeProto = new MyWritePipeProto(loop);
    const writeConnect = loose(loop).connectWritePipe(() => writeProto, slaveWriteObj);
    const [writeTransport, p2] = (await loop.runUntilComplete(writeConnect)) as [Loose, unknown];
    expect(p2).toBe(writeProto);
    expect(writeTransport).toBe(writeProto.transport);
    expect(writeProto.state).toBe("CONNECTED");

    const data = { bytes: Buffer.alloc(0) };
    function reader(data: { bytes: Buffer }): number {
      const chunk = osRead(master, 1024);
      data.bytes = Buffer.concat([data.bytes, chunk]);
      return data.bytes.length;
    }

    writeTransport.write(new TextEncoder().encode("1"));
    await runUntil(loop, () => reader(data) >= 1, SHORT_TIMEOUT);
    expect(data.bytes.toString()).toBe("1");
    expect(readProto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(writeProto.state).toBe("CONNECTED");

    writeSync(master, "a");
    await runUntil(loop, () => readProto.nbytes >= 1, SHORT_TIMEOUT);
    expect(readProto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(readProto.nbytes).toBe(1);
    expect(writeProto.state).toBe("CONNECTED");

    writeTransport.write(new TextEncoder().encode("2345"));
    await runUntil(loop, () => reader(data) >= 5, SHORT_TIMEOUT);
    expect(data.bytes.toString()).toBe("12345");
    expect(readProto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(writeProto.state).toBe("CONNECTED");

    writeSync(master, "bcde");
    await runUntil(loop, () => readProto.nbytes >= 5, SHORT_TIMEOUT);
    expect(readProto.state).toEqual(["INITIAL", "CONNECTED"]);
    expect(readProto.nbytes).toBe(5);
    expect(writeProto.state).toBe("CONNECTED");

    closeSync(master);

    readTransport.close();
    await loop.runUntilComplete(readProto.done);
    expect(readProto.state).toEqual(["INITIAL", "CONNECTED", "EOF", "CLOSED"]);

    writeTransport.close();
    await loop.runUntilComplete(writeProto.done);
    expect(writeProto.state).toBe("CLOSED");
  });

  it("test_close_running_event_loop", async () => {
    function* closeLoop_(_loop: EventLoop): Coro<void> {
      loop.close();
    }
    const coro = closeLoop_(loop);
    const e = await raisesAsync(Error, () => loop.runUntilComplete(coro));
    expect((e as Error).message).toBe("Cannot close a running event loop");
  });

  it("test_close", async () => {
    loop.close();
    function* test(): Coro<void> {}
    const func = () => false;
    const coro = test();
    const closed = (e: unknown) => expect((e as Error).message).toBe("Event loop is closed");
    // operation blocked when the loop is closed
    closed(await raisesAsync(Error, () => loop.runForever()));
    closed(
      await raisesAsync(Error, () => {
        const fut = loop.createFuture();
        return loop.runUntilComplete(fut);
      }),
    );
    closed(raisesSync(Error, () => loop.callSoon(func)));
    closed(raisesSync(Error, () => loop.callSoonThreadsafe(func)));
    closed(raisesSync(Error, () => loop.callLater(1.0, func)));
    closed(raisesSync(Error, () => loop.callAt(loop.time() + 0.0, func)));
    closed(raisesSync(Error, () => loop.createTask(coro)));
    closed(raisesSync(Error, () => loop.addSignalHandler("SIGTERM", func)));
    // run_in_executor: raises when the loop is closed
    closed(raisesSync(Error, () => loop.runInExecutor(null, func)));
    coro.return(undefined);
  });
});

describe("SubprocessTestsMixin", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(null);
  });
  afterEach(async () => {
    if (!loop.isClosed()) await runBriefly(loop);
    await closeLoop(loop);
  });

  const checkKilled = (returncode: number | null) => expect(returncode).toBe(-9); // -signal.SIGKILL
  const checkTerminated = (returncode: number | null) => expect(returncode).toBe(-15); // -signal.SIGTERM

  it("test_subprocess_exec", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    expect(proto.state).toBe("CONNECTED");
    const stdin = transp.getPipeTransport(0);
    stdin.write(new TextEncoder().encode("Python The Winner"));
    await loop.runUntilComplete(proto.gotData[1]?.wait());
    transp.close();
    await loop.runUntilComplete(proto.completed);
    checkKilled(proto.returncode);
    expect(proto.data[1]).toBe("Python The Winner");
  });

  it("test_subprocess_shell", async () => {
    const connect = loose(loop).subprocessShell(() => new MySubprocessProtocol(loop), "echo Python");
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    transp.getPipeTransport(0).close();
    await loop.runUntilComplete(proto.completed);
    expect(proto.returncode).toBe(0);
    expect(proto.disconnects.every((f) => f.done())).toBe(true);
    expect(proto.data[1].replace(/[\r\n]+$/, "")).toBe("Python");
    expect(proto.data[2]).toBe("");
    transp.close();
  });

  it("test_subprocess_exitcode", async () => {
    const connect = loose(loop).subprocessShell(() => new MySubprocessProtocol(loop), "exit 7", {
      stdin: null,
      stdout: null,
      stderr: null,
    });
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.completed);
    expect(proto.returncode).toBe(7);
    transp.close();
  });

  it("test_subprocess_kill", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    transp.kill();
    await loop.runUntilComplete(proto.completed);
    checkKilled(proto.returncode);
    transp.close();
  });

  it("test_subprocess_interactive", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    expect(proto.state).toBe("CONNECTED");
    const stdin = transp.getPipeTransport(0);
    stdin.write(new TextEncoder().encode("Python "));
    await loop.runUntilComplete(proto.gotData[1]?.wait());
    proto.gotData[1]?.clear();
    expect(proto.data[1]).toBe("Python ");
    stdin.write(new TextEncoder().encode("The Winner"));
    await loop.runUntilComplete(proto.gotData[1]?.wait());
    expect(proto.data[1]).toBe("Python The Winner");
    transp.close();
    await loop.runUntilComplete(proto.completed);
    checkKilled(proto.returncode);
  });

  it("test_subprocess_close_after_finish", async () => {
    const connect = loose(loop).subprocessShell(() => new MySubprocessProtocol(loop), "exit 7", {
      stdin: null,
      stdout: null,
      stderr: null,
    });
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    expect(transp.getPipeTransport(0)).toBeNull();
    expect(transp.getPipeTransport(1)).toBeNull();
    expect(transp.getPipeTransport(2)).toBeNull();
    await loop.runUntilComplete(proto.completed);
    expect(proto.returncode).toBe(7);
    expect(transp.close()).toBeUndefined();
  });

  it("test_subprocess_terminate", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    transp.terminate();
    await loop.runUntilComplete(proto.completed);
    checkTerminated(proto.returncode);
    transp.close();
  });

  it("test_subprocess_send_signal", async () => {
    // bpo-31034: the child gets the default SIGHUP handler (Node children start with it)
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    transp.sendSignal("SIGHUP");
    await loop.runUntilComplete(proto.completed);
    expect(proto.returncode).toBe(-1); // -signal.SIGHUP
    transp.close();
  });

  it("test_subprocess_stderr", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO2,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    const stdin = transp.getPipeTransport(0);
    stdin.write(new TextEncoder().encode("test"));
    await loop.runUntilComplete(proto.completed);
    transp.close();
    expect(proto.data[1]).toBe("OUT:test");
    expect(proto.data[2]?.startsWith("ERR:test")).toBe(true);
    expect(proto.returncode).toBe(0);
  });

  it("test_subprocess_stderr_redirect_to_stdout", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO2,
      { stderr: streams.STDOUT }, // stderr=subprocess.STDOUT
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    const stdin = transp.getPipeTransport(0);
    expect(transp.getPipeTransport(1)).not.toBeNull();
    expect(transp.getPipeTransport(2)).toBeNull();
    stdin.write(new TextEncoder().encode("test"));
    await loop.runUntilComplete(proto.completed);
    expect(proto.data[1]?.startsWith("OUT:testERR:test")).toBe(true);
    expect(proto.data[2]).toBe("");
    transp.close();
    expect(proto.returncode).toBe(0);
  });

  it("test_subprocess_close_client_stream", async () => {
    const connect = loose(loop).subprocessExec(
      () => new MySubprocessProtocol(loop),
      process.execPath,
      ...ECHO3,
    );
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.connected);
    const stdin = transp.getPipeTransport(0);
    const stdout = transp.getPipeTransport(1);
    stdin.write(new TextEncoder().encode("test"));
    await loop.runUntilComplete(proto.gotData[1]?.wait());
    expect(proto.data[1]).toBe("OUT:test");
    stdout.close();
    await loop.runUntilComplete(proto.disconnects[1]);
    stdin.write(new TextEncoder().encode("xxx"));
    await loop.runUntilComplete(proto.gotData[2]?.wait());
    expect(proto.data[2]).toBe("ERR:BrokenPipeError");
    transp.close();
    await loop.runUntilComplete(proto.completed);
    checkKilled(proto.returncode);
  });

  it("test_subprocess_wait_no_same_group", async () => {
    // start the new process in a new session
    const connect = loose(loop).subprocessShell(() => new MySubprocessProtocol(loop), "exit 7", {
      stdin: null,
      stdout: null,
      stderr: null,
      startNewSession: true,
    });
    const [transp, proto] = (await loop.runUntilComplete(connect)) as [Loose, MySubprocessProtocol];
    expect(proto).toBeInstanceOf(MySubprocessProtocol);
    await loop.runUntilComplete(proto.completed);
    expect(proto.returncode).toBe(7);
    transp.close();
  });

  it("test_subprocess_exec_invalid_args", async () => {
    function* connect(kwds: Record<string, unknown>): Coro<void> {
      yield* loose(loop).subprocessExec(() => ({}), "pwd", kwds);
    }
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect({ universalNewlines: true })));
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect({ bufsize: 4096 })));
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect({ shell: true })));
  });

  it("test_subprocess_shell_invalid_args", async () => {
    function* connect(cmd: unknown = null, kwds: Record<string, unknown> = {}): Coro<void> {
      yield* loose(loop).subprocessShell(() => ({}), cmd || "pwd", kwds);
    }
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect(["ls", "-l"])));
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect(null, { universalNewlines: true })));
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect(null, { bufsize: 4096 })));
    await raisesAsync(RangeError, () => loop.runUntilComplete(connect(null, { shell: false })));
  });
});

describe("HandleTests", () => {
  // setUp: a loop in debug mode (upstream: a mock.Mock() loop whose get_debug() returns True)
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    loop.setDebug(true);
  });
  afterEach(() => {
    loop.close();
  });

  it("test_handle", () => {
    function callback(...args: unknown[]): unknown[] {
      return args;
    }
    const args: unknown[] = [];
    const h = makeHandle(callback, args);
    expect(h._callback).toBe(callback);
    expect(h._argList()).toEqual(args);
    expect(h.cancelled()).toBe(false);
    h.cancel();
    expect(h.cancelled()).toBe(true);
  });

  it("test_callback_with_exception", () => {
    function callback(): never {
      throw new RangeError();
    }
    const callExceptionHandler = vi.fn();
    loop.callExceptionHandler = callExceptionHandler;
    const h = loop.callSoon(callback); // a handle of a debug loop (upstream: the Mock loop)
    h._run(loop);
    expect(callExceptionHandler).toHaveBeenLastCalledWith({
      message: expect.stringMatching(/Exception in callback.*/s),
      exception: expect.anything(),
      handle: h,
      sourceTraceback: h._sourceTraceback,
    });
  });

  it("test_handle_weakref", () => {
    const h = makeHandle(() => undefined, []);
    const wd = new Map<string, WeakRef<Handle>>();
    wd.set("h", new WeakRef(h)); // Would fail without __weakref__ slot.
    expect(wd.get("h")?.deref()).toBe(h);
  });

  it("test_handle_repr", () => {
    loop.setDebug(false);
    // simple function
    let h = makeHandle(noop, [1, 2]);
    const [filename, lineno] = [THIS_FILE, NOOP_LINE];
    expect(String(h)).toBe(`<Handle noop(1, 2) at ${filename}:${lineno}>`);
    // cancelled handle
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled>");
    // decorated function (types.coroutine(noop): aio has no decorator for plain functions)
    h = makeHandle(noop, []);
    expect(String(h)).toBe(`<Handle noop() at ${filename}:${lineno}>`);
    // partial function
    let cb = noop.bind(null, 1, 2);
    h = makeHandle(cb, [3]);
    expect(String(h)).toMatch(
      new RegExp(`^<Handle noop\\(1, 2\\)\\(3\\) at ${escapeRe(filename)}:${lineno}>$`),
    );
    // partial function with keyword args (JS has none: an options object); the last check,
    // functools.partialmethod, has no JS counterpart and is left out
    cb = noop.bind(null, { x: 1 });
    h = makeHandle(cb, [2, 3]);
    expect(String(h)).toMatch(
      new RegExp(`^<Handle noop\\(\\{'x': 1\\}\\)\\(2, 3\\) at ${escapeRe(filename)}:${lineno}>$`),
    );
  });

  it("test_handle_repr_debug", () => {
    loop.setDebug(true);
    // simple function
    const createFilename = THIS_FILE;
    const createLineno = callerLine(1) + 1;
    const h = loop.callSoon(noop, 1, 2);
    const [filename, lineno] = [THIS_FILE, NOOP_LINE];
    expect(String(h)).toBe(
      `<Handle noop(1, 2) at ${filename}:${lineno} created at ${createFilename}:${createLineno}>`,
    );
    // cancelled handle
    h.cancel();
    expect(String(h)).toBe(
      `<Handle cancelled noop(1, 2) at ${filename}:${lineno} created at ${createFilename}:${createLineno}>`,
    );
    // double cancellation won't overwrite _repr
    h.cancel();
    expect(String(h)).toBe(
      `<Handle cancelled noop(1, 2) at ${filename}:${lineno} created at ${createFilename}:${createLineno}>`,
    );
  });

  it("test_handle_source_traceback", () => {
    function test_handle_source_traceback(): void {
      const loop2 = newEventLoop();
      loop2.setDebug(true);
      try {
        const checkSourceTraceback = (h: Handle) => {
          const lineno = callerLine(2) - 1;
          const tb = h._sourceTraceback;
          expect(typeof tb).toBe("string");
          // V8 lists the most recent frame first (Python's `[-1]`)
          const last = (tb ?? "").split("\n")[0] ?? "";
          expect(last).toMatch(
            new RegExp(`^\\s*at test_handle_source_traceback \\(${escapeRe(THIS_FILE)}:${lineno}:\\d+\\)$`),
          );
        };
        // call_soon
        let h: Handle = loop2.callSoon(noop);
        checkSourceTraceback(h);
        // call_soon_threadsafe
        h = loop2.callSoonThreadsafe(noop);
        checkSourceTraceback(h);
        // call_later
        h = loop2.callLater(0, noop);
        checkSourceTraceback(h);
        // call_at
        h = loop2.callLater(0, noop);
        checkSourceTraceback(h);
      } finally {
        loop2.close();
      }
    }
    test_handle_source_traceback();
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("TimerTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
  });
  afterEach(() => {
    loop.close();
  });

  it("test_when", () => {
    const when = performance.now() / 1000; // time.monotonic()
    const h = makeTimer(when, () => false, [], loop);
    expect(h.when()).toBe(when);
  });

  it("test_timer", () => {
    function callback(...args: unknown[]): unknown[] {
      return args;
    }
    const args = [1, 2, 3];
    const when = performance.now() / 1000;
    const h = makeTimer(when, callback, args, loop);
    expect(h._callback).toBe(callback);
    expect(h._argList()).toEqual(args);
    expect(h.cancelled()).toBe(false);
    // cancel
    h.cancel();
    expect(h.cancelled()).toBe(true);
    expect(h._callback).toBeNull();
    expect(h._argList()).toEqual([]); // assertIsNone(h._args): no arguments left
  });

  it("test_timer_repr", () => {
    loop.setDebug(false);
    // simple function
    const h = makeTimer(123, noop, [], loop);
    expect(String(h)).toBe(`<TimerHandle when=123 noop() at ${THIS_FILE}:${NOOP_LINE}>`);
    // cancelled handle
    h.cancel();
    expect(String(h)).toBe("<TimerHandle cancelled when=123>");
  });

  it("test_timer_repr_debug", () => {
    loop.setDebug(true);
    // simple function (a debug loop's timer: upstream's Mock loop has get_debug() True)
    const createFilename = THIS_FILE;
    const createLineno = callerLine(1) + 1;
    const h = loop.callAt(123, noop);
    const [filename, lineno] = [THIS_FILE, NOOP_LINE];
    expect(String(h)).toBe(
      `<TimerHandle when=123 noop() at ${filename}:${lineno} created at ${createFilename}:${createLineno}>`,
    );
    // cancelled handle
    h.cancel();
    expect(String(h)).toBe(
      `<TimerHandle cancelled when=123 noop() at ${filename}:${lineno} created at ${createFilename}:${createLineno}>`,
    );
  });
});

describe("AbstractEventLoopTests", () => {
  it("test_not_implemented", () => {
    const f = vi.fn();
    const loop = new aioLoop.AbstractEventLoop() as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    const calls: [string, unknown[]][] = [
      ["runForever", []],
      ["runUntilComplete", [null]],
      ["stop", []],
      ["isRunning", []],
      ["isClosed", []],
      ["close", []],
      ["createTask", [null]],
      ["callLater", [null, null]],
      ["callAt", [f, f]],
      ["callSoon", [null]],
      ["time", []],
      ["callSoonThreadsafe", [null]],
      ["setDefaultExecutor", [f]],
      ["addReader", [1, f]],
      ["removeReader", [1]],
      ["addWriter", [1, f]],
      ["removeWriter", [1]],
      ["addSignalHandler", [1, f]],
      ["removeSignalHandler", [1]],
      ["removeSignalHandler", [1]],
      ["setExceptionHandler", [f]],
      ["defaultExceptionHandler", [f]],
      ["callExceptionHandler", [f]],
      ["getDebug", []],
      ["setDebug", [f]],
    ];
    for (const [name, args] of calls) raisesSync(NotImplementedError, () => loop[name](...args));
  });

  it("test_not_implemented_async", async () => {
    function* inner(): Coro<void> {
      const f = vi.fn();
      const loop = new aioLoop.AbstractEventLoop() as unknown as Record<
        string,
        (...args: unknown[]) => unknown
      >;
      const calls: [string, unknown[]][] = [
        ["runInExecutor", [f, f]],
        ["getaddrinfo", ["localhost", 8080]],
        ["getnameinfo", [["localhost", 8080]]],
        ["createConnection", [f]],
        ["createServer", [f]],
        ["createDatagramEndpoint", [f]],
        ["sockRecv", [f, 10]],
        ["sockRecvInto", [f, 10]],
        ["sockSendall", [f, 10]],
        ["sockConnect", [f, f]],
        ["sockAccept", [f]],
        ["sockSendfile", [f, f]],
        ["sendfile", [f, f]],
        ["connectReadPipe", [f, Symbol("pipe")]],
        ["connectWritePipe", [f, Symbol("pipe")]],
        ["subprocessShell", [f, Symbol("sentinel")]],
        ["subprocessExec", [f]],
      ];
      for (const [name, args] of calls) {
        let raised: unknown = null;
        try {
          yield* awaitPromise(Promise.resolve(loop[name](...args)));
        } catch (e) {
          raised = e;
        }
        expect(raised).toBeInstanceOf(NotImplementedError);
      }
    }
    const loop = newEventLoop();
    try {
      await loop.runUntilComplete(inner());
    } finally {
      loop.close();
    }
  });
});

describe("PolicyTests", () => {
  afterEach(() => {
    setEventLoopPolicy(null); // tearDownModule
  });

  it("test_event_loop_policy", () => {
    const policy = new aioLoop.AbstractEventLoopPolicy();
    raisesSync(NotImplementedError, () => policy.getEventLoop());
    raisesSync(NotImplementedError, () => policy.setEventLoop({} as never));
    raisesSync(NotImplementedError, () => policy.newEventLoop());
    raisesSync(NotImplementedError, () => policy.getChildWatcher());
    raisesSync(NotImplementedError, () => policy.setChildWatcher({}));
  });

  it("test_get_event_loop", async () => {
    const policy = new aioLoop.DefaultEventLoopPolicy();
    expect(policy._local._loop).toBeNull();
    let loop!: EventLoop;
    const warnings = await recordWarnings(() => {
      loop = policy.getEventLoop();
    });
    expect(warnings.map((w) => w.category)).toContain("DeprecationWarning");
    expect(loop).toBeInstanceOf(EventLoop);
    expect(policy._local._loop).toBe(loop);
    expect(policy.getEventLoop()).toBe(loop);
    loop.close();
  });

  it("test_get_event_loop_calls_set_event_loop", async () => {
    const policy = new aioLoop.DefaultEventLoopPolicy();
    const mSetEventLoop = vi.spyOn(policy, "setEventLoop");
    let loop!: EventLoop;
    const warnings = await recordWarnings(() => {
      loop = policy.getEventLoop();
    });
    expect(warnings.map((w) => w.category)).toContain("DeprecationWarning");
    // policy._local._loop must be set through .set_event_loop()
    expect(mSetEventLoop).toHaveBeenLastCalledWith(loop);
    loop.close();
  });

  it("test_get_event_loop_after_set_none", () => {
    const policy = new aioLoop.DefaultEventLoopPolicy();
    policy.setEventLoop(null);
    raisesSync(Error, () => policy.getEventLoop());
  });

  it("test_new_event_loop", () => {
    const policy = new aioLoop.DefaultEventLoopPolicy();
    const loop = policy.newEventLoop();
    expect(loop).toBeInstanceOf(EventLoop);
    loop.close();
  });

  it("test_set_event_loop", () => {
    const policy = new aioLoop.DefaultEventLoopPolicy();
    const oldLoop = policy.newEventLoop();
    policy.setEventLoop(oldLoop);
    raisesSync(TypeError, () => policy.setEventLoop({} as never));
    const loop = policy.newEventLoop();
    policy.setEventLoop(loop);
    expect(policy.getEventLoop()).toBe(loop);
    expect(policy.getEventLoop()).not.toBe(oldLoop);
    loop.close();
    oldLoop.close();
  });

  it("test_get_event_loop_policy", () => {
    const policy = getEventLoopPolicy();
    expect(policy).not.toBeNull();
    expect(policy).toBeInstanceOf(aioLoop.AbstractEventLoopPolicy);
    expect(getEventLoopPolicy()).toBe(policy);
  });

  it("test_set_event_loop_policy", () => {
    raisesSync(TypeError, () => setEventLoopPolicy({} as never));
    const oldPolicy = getEventLoopPolicy();
    const policy = new aioLoop.DefaultEventLoopPolicy();
    setEventLoopPolicy(policy);
    expect(getEventLoopPolicy()).toBe(policy);
    expect(policy).not.toBe(oldPolicy);
  });
});

// TestPyGetEventLoop (GetEventLoopTestsMixin); TestCGetEventLoop is its C-accelerator duplicate.
describe("GetEventLoopTestsMixin", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    loop.close();
    setEventLoop(null);
    setEventLoopPolicy(null);
  });

  it("test_get_event_loop_returns_running_loop", async () => {
    class TestError extends Error {}
    const policy = {
      newEventLoop: () => new EventLoop(),
      getEventLoop(): never {
        throw new TestError();
      },
    } as EventLoopPolicy; // class Policy(asyncio.DefaultEventLoopPolicy)
    const oldPolicy = getEventLoopPolicy();
    let loop2: EventLoop | null = null;
    try {
      setEventLoopPolicy(policy);
      loop2 = newEventLoop();
      raisesSync(TestError, () => getEventLoop());
      setEventLoop(null);
      raisesSync(TestError, () => getEventLoop());
      expect(() => getRunningLoop()).toThrow(/no running/);
      expect(tryGetRunningLoop()).toBeNull();
      const l2 = loop2;
      function* func(): Coro<void> {
        expect(getEventLoop()).toBe(l2);
        expect(getRunningLoop()).toBe(l2);
        expect(tryGetRunningLoop()).toBe(l2);
      }
      await loop2.runUntilComplete(func());
      setEventLoop(loop2);
      raisesSync(TestError, () => getEventLoop());
      setEventLoop(null);
      raisesSync(TestError, () => getEventLoop());
    } finally {
      setEventLoopPolicy(oldPolicy);
      if (loop2 !== null) loop2.close();
    }
    expect(() => getRunningLoop()).toThrow(/no running/);
    expect(tryGetRunningLoop()).toBeNull();
  });

  it("test_get_event_loop_returns_running_loop2", async () => {
    const oldPolicy = getEventLoopPolicy();
    let loop2: EventLoop | null = null;
    try {
      setEventLoopPolicy(null); // asyncio.DefaultEventLoopPolicy()
      loop2 = newEventLoop();
      let loop3!: EventLoop;
      const warnings = await recordWarnings(() => {
        loop3 = getEventLoop();
      });
      expect(warnings.map((w) => w.category)).toContain("DeprecationWarning");
      expect(loop3).not.toBe(loop);
      loop3.close();
      setEventLoop(null);
      expect(() => getEventLoop()).toThrow(/no current/);
      expect(() => getRunningLoop()).toThrow(/no running/);
      expect(tryGetRunningLoop()).toBeNull();
      const l2 = loop2;
      function* func(): Coro<void> {
        expect(getEventLoop()).toBe(l2);
        expect(getRunningLoop()).toBe(l2);
        expect(tryGetRunningLoop()).toBe(l2);
      }
      await loop2.runUntilComplete(func());
      setEventLoop(loop2);
      expect(getEventLoop()).toBe(loop2);
      setEventLoop(null);
      expect(() => getEventLoop()).toThrow(/no current/);
    } finally {
      setEventLoopPolicy(oldPolicy);
      if (loop2 !== null) loop2.close();
    }
    expect(() => getRunningLoop()).toThrow(/no running/);
    expect(tryGetRunningLoop()).toBeNull();
  });
});

describe("TestServer", () => {
  it("test_get_loop", async () => {
    const loop = newEventLoop();
    try {
      const proto = new MyProto(loop);
      const server = (await loop.runUntilComplete(
        loose(loop).createServer(() => proto, "0.0.0.0", 0),
      )) as Loose;
      expect(server.getLoop()).toBe(loop);
      server.close();
      await loop.runUntilComplete(server.waitClosed());
    } finally {
      loop.close();
    }
  });
});

describe("TestAbstractServer", () => {
  it("test_close", () => {
    raisesSync(NotImplementedError, () => new aioLoop.AbstractServer().close());
  });

  it("test_wait_closed", async () => {
    const loop = newEventLoop();
    try {
      await raisesAsync(NotImplementedError, () =>
        loop.runUntilComplete(new aioLoop.AbstractServer().waitClosed()),
      );
    } finally {
      loop.close();
    }
  });

  it("test_get_loop", () => {
    raisesSync(NotImplementedError, () => new aioLoop.AbstractServer().getLoop());
  });
});
