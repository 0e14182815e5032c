/**
 * Servers for the tests, on 127.0.0.1 only, closed after each test: node:http for well-behaved
 * ones, raw TCP for the misbehaving (disconnects, short bodies, silence).
 */
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, createServer as createTcpServer, type Socket, type Server as TcpServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Coro, createTask, isCancelledError, run, type Task, using } from "@aio/task";
import { afterEach } from "vitest";
import { ClientSession, web } from "../src/index.js";

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** A node:http server answering with `handler`; its URL is `http://127.0.0.1:<port>`. */
export async function httpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  return { url: await listenForTest(server), server };
}

/**
 * Listens on 127.0.0.1 (a free port) until the test ends, then closes the server and every
 * connection it has; gives the URL.
 */
async function listenForTest(server: Server | TcpServer): Promise<string> {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  open.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/** A raw TCP server: `onConnection` gets each socket and the request head once it has arrived. */
export async function tcpServer(
  onRequest: (socket: Socket, head: string, index: number) => void,
): Promise<{ url: string; server: TcpServer; connections: () => number }> {
  let n = 0;
  const server = createTcpServer((socket) => {
    socket.on("error", () => {});
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const end = data.indexOf("\r\n\r\n");
      if (end === -1) return;
      const head = data.slice(0, end);
      data = data.slice(end + 4);
      onRequest(socket, head, n++);
    });
  });
  let connections = 0;
  server.on("connection", () => connections++);
  return { url: await listenForTest(server), server, connections: () => connections };
}

/** Runs `body` as the main coroutine of a new loop. */
export function inLoop<T>(body: () => Coro<T>, options: { clock?: "virtual" } = {}): Promise<T> {
  return run(
    (function* () {
      return yield* body();
    })(),
    options,
  );
}

/** Serves `app` on 127.0.0.1 (a free port) while `body` runs, then cleans up. */
export function serving<T>(
  app: web.Application,
  body: (url: string, s: ClientSession, runner: web.AppRunner) => Coro<T>,
  options: web.AppRunnerOptions = {},
): Promise<T> {
  return inLoop(function* () {
    const runner = new web.AppRunner(app, options);
    yield* runner.setup();
    const site = new web.TCPSite(runner, "127.0.0.1", 0);
    yield* site.start();
    try {
      return yield* using(new ClientSession(), (s) => body(site.name, s, runner));
    } finally {
      yield* runner.cleanup();
    }
  });
}

/** Serves `app` on 127.0.0.1 (a free port) while `body(url)` runs in the same loop, then cleans up. */
export function* servingIn<T>(app: web.Application, body: (url: string) => Coro<T>): Coro<T> {
  const runner = new web.AppRunner(app);
  yield* runner.setup();
  const site = new web.TCPSite(runner, "127.0.0.1", 0);
  yield* site.start();
  try {
    return yield* body(site.name);
  } finally {
    yield* runner.cleanup();
  }
}

/**
 * A Python fixture server (a script under test/fixtures run by Debian's python3, which has
 * aiohttp 3.8): it prints its port, and stops when its stdin closes.
 */
export async function pythonFixture(
  script: string,
  ...args: string[]
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    "/usr/bin/python3",
    [join(dirname(fileURLToPath(import.meta.url)), "fixtures", script), ...args],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.stdin?.end();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** The error a coroutine raised (fails if it returned). */
export function* catching(coro: { [Symbol.iterator](): Coro<unknown> }): Coro<unknown> {
  try {
    yield* coro;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

/** Reads a request's body. */
export function bodyOf(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
  });
}

/** Sends raw request bytes and returns what the server answered (the connection closes after). */
export function rawRequest(url: string, bytes: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), "127.0.0.1", () => sock.write(bytes));
    let data = "";
    sock.on("data", (d) => (data += d.toString("latin1")));
    sock.on("end", () => resolve(data));
    sock.on("close", () => resolve(data));
    sock.on("error", reject);
    setTimeout(() => sock.destroy(), 3000);
  });
}

/** The current test's state (runTest): what its handlers raised, and its body (cancelled at the first error). */
let current: { errors: unknown[]; body: Task<unknown> | null } | null = null;

/**
 * A middleware recording a handler's error (not an HTTPException, which is an answer, nor a
 * cancellation) for {@link runTest}: upstream tests whose handlers assert fail at once, instead of
 * as a 500 or a hang.
 */
export function* recordErrors(request: web.Request, handler: web.Handler): Coro<web.StreamResponse> {
  try {
    return yield* handler(request);
  } catch (err) {
    if (!(err instanceof web.HTTPException) && !isCancelledError(err) && current !== null) {
      current.errors.push(err);
      current.body?.cancel();
    }
    throw err;
  }
}

/** Runs `body` in a new loop as a task; the first error of a handler with {@link recordErrors} fails the test. */
export function runTest(body: () => Coro<void>): Promise<void> {
  return inLoop(function* () {
    const state: { errors: unknown[]; body: Task<unknown> | null } = { errors: [], body: null };
    current = state;
    try {
      const task = createTask(body());
      state.body = task;
      try {
        yield* task;
      } catch (err) {
        if (state.errors.length === 0 || !isCancelledError(err)) throw err;
      }
    } finally {
      current = null;
    }
    if (state.errors.length > 0) throw state.errors[0];
  });
}
