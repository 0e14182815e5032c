/**
 * asyncio's loop methods — `loop.createConnection(…)`, `loop.createServer(…)`,
 * `loop.subprocessExec(…)`, … — on every aio loop, once this package is imported.
 *
 * @aio/loop defines the methods and looks them up in the thread's hook registry (it sits below this
 * package and may not import it); this module installs them there and gives them their types, by
 * augmenting @aio/loop's `EventLoop`. Each returns the coroutine of this package's function of the
 * same name; awaited on another loop than its own it raises RuntimeError.
 */
import { type EventLoop, type IoMethod, type IoMethodName, runtimeHooks, tryGetRunningLoop } from "@aio/loop";
import type { Coro } from "@aio/task";
import { connectAcceptedSocket, createConnection, createUnixConnection } from "./connections.js";
import { createDatagramEndpoint } from "./datagram.js";
import { getaddrinfo, getnameinfo } from "./dns.js";
import { connectReadPipe, connectWritePipe } from "./pipes.js";
import { createServer, createUnixServer } from "./server.js";
import { startTls } from "./start-tls.js";
import { subprocessExec, subprocessShell } from "./subprocess-transport.js";

declare module "@aio/loop" {
  interface EventLoop {
    /** The addresses of a host. Python: `await loop.getaddrinfo(host, port, …)`. See @aio/streams' `getaddrinfo`. */
    getaddrinfo: typeof getaddrinfo;
    /** The host and service of an address. Python: `await loop.getnameinfo(sockaddr)`. See @aio/streams' `getnameinfo`. */
    getnameinfo: typeof getnameinfo;
    /** A TCP (or TLS) connection with a protocol. Python: `await loop.create_connection(…)`. See @aio/streams' `createConnection`. */
    createConnection: typeof createConnection;
    /** A TCP (or TLS) server. Python: `await loop.create_server(…)`. See @aio/streams' `createServer`. */
    createServer: typeof createServer;
    /** A Unix socket connection. Python: `await loop.create_unix_connection(…)`. See @aio/streams' `createUnixConnection`. */
    createUnixConnection: typeof createUnixConnection;
    /** A Unix socket server. Python: `await loop.create_unix_server(…)`. See @aio/streams' `createUnixServer`. */
    createUnixServer: typeof createUnixServer;
    /** A connection accepted elsewhere, with a protocol. Python: `await loop.connect_accepted_socket(…)`. */
    connectAcceptedSocket: typeof connectAcceptedSocket;
    /** A UDP endpoint. Python: `await loop.create_datagram_endpoint(…)`. See @aio/streams' `createDatagramEndpoint`. */
    createDatagramEndpoint: typeof createDatagramEndpoint;
    /** The read end of a pipe with a protocol. Python: `await loop.connect_read_pipe(…)`. */
    connectReadPipe: typeof connectReadPipe;
    /** The write end of a pipe with a protocol. Python: `await loop.connect_write_pipe(…)`. */
    connectWritePipe: typeof connectWritePipe;
    /** Upgrades a connection to TLS. Python: `await loop.start_tls(…)`. See @aio/streams' `startTls`. */
    startTls: typeof startTls;
    /** A child process with a SubprocessProtocol. Python: `await loop.subprocess_exec(…)`. */
    subprocessExec: typeof subprocessExec;
    /** A shell command with a SubprocessProtocol. Python: `await loop.subprocess_shell(…)`. */
    subprocessShell: typeof subprocessShell;
  }
}

/** `body` on `loop`, which must be the running loop once the coroutine runs. */
function* onLoop<T>(loop: EventLoop, name: string, body: () => Coro<T>): Coro<T> {
  if (tryGetRunningLoop() !== loop) {
    throw new Error(`loop.${name}() must run on its own loop: await it in a coroutine that loop runs`);
  }
  return yield* body();
}

// biome-ignore lint/suspicious/noExplicitAny: each function keeps its own parameters; the loop method passes them through
type AnyCoroFunction = (...args: any[]) => Coro<unknown>;

const IMPLEMENTATIONS: Record<IoMethodName, AnyCoroFunction> = {
  getaddrinfo,
  getnameinfo,
  createConnection,
  createServer,
  createUnixConnection,
  createUnixServer,
  connectAcceptedSocket,
  createDatagramEndpoint,
  connectReadPipe,
  connectWritePipe,
  startTls,
  subprocessExec,
  subprocessShell,
};

const hooks = runtimeHooks();
const methods: Partial<Record<IoMethodName, IoMethod>> = (hooks.ioMethods ??= {});
for (const [name, fn] of Object.entries(IMPLEMENTATIONS) as [
  IoMethodName,
  (...a: unknown[]) => Coro<unknown>,
][]) {
  // The first copy of @aio/streams imported in the thread provides them (as other hooks).
  methods[name] ??= ((loop: EventLoop, ...args: unknown[]) =>
    onLoop(loop, name, () => fn(...args))) as IoMethod;
}
