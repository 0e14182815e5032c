/**
 * CPython's Lib/test/test_asyncio/utils.py, the parts test_streams uses: `run_test_server()` (an
 * HTTP server answering every request with `Test message`, as wsgiref's does, here on Node's `net`
 * or `tls` instead of a thread), its Unix-socket variant, the SSL contexts, `unix_socket_path()`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { selfSigned } from "../helpers.js";

/** A running test server: `address` is `[host, port]` or a path. */
export interface TestServer {
  address: [string, number] | string;
  close(): Promise<void>;
}

const RESPONSE =
  "HTTP/1.0 200 OK\r\nServer: WSGIServer/0.2 CPython/3.12.1\r\nContent-type: text/plain\r\n" +
  "Content-Length: 12\r\n\r\nTest message";

function answer(socket: Socket): void {
  let request = "";
  socket.on("data", (chunk: Buffer) => {
    request += chunk.toString("latin1");
    if (request.includes("\r\n\r\n")) socket.end(RESPONSE);
  });
  socket.on("error", () => socket.destroy());
}

let certificate: { key: string; cert: string } | null = null;
/** The test certificate (ONLYCERT, ONLYKEY). */
export function keycert(): { key: string; cert: string } {
  certificate ??= selfSigned();
  return certificate;
}

/** `test_utils.run_test_server(use_ssl=…)`, or `run_test_unix_server(use_ssl=…)` with `unix`. */
export async function runTestServer(options: { useSsl?: boolean; unix?: boolean } = {}): Promise<TestServer> {
  const server: Server = options.useSsl ? createTlsServer(keycert(), answer) : createServer(answer);
  const dir = options.unix ? mkdtempSync(join(tmpdir(), "aio-test-unix-")) : null;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (dir !== null) server.listen(join(dir, "sock"), resolve);
    else server.listen(0, "127.0.0.1", resolve);
  });
  const a = server.address();
  return {
    address: typeof a === "string" ? a : [(a as { address: string }).address, (a as { port: number }).port],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (dir !== null) rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** `test_utils.dummy_ssl_context()` and `simple_client_sslcontext()`: no certificate checks. */
export function dummySslContext(): { rejectUnauthorized: false } {
  return { rejectUnauthorized: false };
}

/** `test_utils.simple_server_sslcontext()`: the test certificate, no client certificate asked. */
export function simpleServerSslcontext(): { key: string; cert: string } {
  return keycert();
}

/** `test_utils.unix_socket_path()`: a path for a socket, in a directory removed afterwards. */
export function unixSocketPath(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "aio-test-unix-"));
  return { path: join(dir, "sock"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
