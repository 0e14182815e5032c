/**
 * Connection errors as aiohttp 3.8 reports them (src/undici-errors.ts), written for the mutants
 * session 7's run of that file left alive (test/MUTATION.md). The expected classes and texts were
 * printed by aiohttp 3.8.4 against the same servers.
 */
import { createServer as createTcpServer, type Server } from "node:net";
import { constants } from "node:os";
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  ClientConnectorError,
  ClientOSError,
  ClientPayloadError,
  ClientSession,
  ServerDisconnectedError,
} from "../src/index.js";
import { catching, inLoop, tcpServer } from "./servers.js";

function getError(url: string): Promise<unknown> {
  return inLoop(() => using(new ClientSession(), (s) => catching(s.get(url))));
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as { port: number }).port));
  });
}

describe("connection errors (aiohttp.ClientConnectorError and its kin)", () => {
  it("https to a server that does not speak TLS: ClientConnectorError (aiohttp's ClientConnectorSSLError) with TLS's text", async () => {
    const server = createTcpServer((s) => {
      s.on("error", () => {});
      s.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    });
    const port = await listen(server, "127.0.0.1");
    try {
      const err = (await getError(`https://127.0.0.1:${port}/`)) as ClientConnectorError;
      expect(err).toBeInstanceOf(ClientConnectorError);
      expect(err).toBeInstanceOf(ClientOSError);
      expect(err.message).toMatch(
        new RegExp(
          `^Cannot connect to host 127\\.0\\.0\\.1:${port} ssl:default \\[[^\\n]*wrong version number[^\\n]*\\]$`,
        ),
      );
      expect(err.code).toMatch(/^ERR_SSL_/);
      expect(err).toMatchObject({ host: "127.0.0.1", port });
    } finally {
      server.close();
    }
  });

  it("https without a port names port 443", async () => {
    const err = await getError("https://nope.invalid/");
    expect(err).toBeInstanceOf(ClientConnectorError);
    expect((err as Error).message).toBe(
      "Cannot connect to host nope.invalid:443 ssl:default [Name or service not known]",
    );
    expect(err).toMatchObject({ port: 443 });
  });

  it("refused on IPv6: the host without brackets, Python's 4-tuple address", async (ctx) => {
    const server = createTcpServer();
    let port: number;
    try {
      port = await listen(server, "::1");
    } catch {
      ctx.skip(); // no IPv6 loopback here
      return;
    }
    await new Promise((r) => server.close(r));
    const err = await getError(`http://[::1]:${port}/`);
    expect(err).toBeInstanceOf(ClientConnectorError);
    expect((err as Error).message).toBe(
      `Cannot connect to host ::1:${port} ssl:default [Connect call failed ('::1', ${port}, 0, 0)]`,
    );
    expect(err).toMatchObject({ host: "::1", port, errno: constants.errno.ECONNREFUSED });
  });

  it("another system error while connecting: ClientConnectorError with the OS's errno and text", async () => {
    // The broadcast address: unreachable (ENETUNREACH) or refused (EACCES), depending on the machine.
    const err = (await getError("http://255.255.255.255:80/")) as ClientConnectorError;
    expect(err).toBeInstanceOf(ClientConnectorError);
    expect(err.code).toMatch(/^E[A-Z]+$/);
    expect(err.errno).toBe((constants.errno as Record<string, number>)[err.code as string]);
    expect(err.strerror).toMatch(/^[A-Z][a-z]/);
    expect(err.strerror).not.toMatch(/Connect call failed/);
    expect(err.message).toBe(`Cannot connect to host 255.255.255.255:80 ssl:default [${err.strerror}]`);
  });

  it("a kept-alive socket closed under the next request: that request is sent again, once, on a new connection", async () => {
    const { url, connections } = await tcpServer((socket, _head, index) => {
      // The first request is answered with keep-alive; the second (on the same socket) is met by a
      // hang-up; the retry, on a new connection, is answered.
      if (index === 1) socket.destroy();
      else socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
    });
    const got = await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const first = yield* using(s.get(url), (r) => r.text());
        const second = yield* using(s.get(url), (r) => r.text());
        return [first, second];
      }),
    );
    expect(got).toEqual(["ok", "ok"]);
    expect(connections()).toBe(2);
  });

  it("the underlying error is kept as the cause of ServerDisconnectedError and ClientPayloadError", async () => {
    const { url } = await tcpServer((socket, head) => {
      if (head.startsWith("GET /short")) socket.end("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
      else socket.destroy();
    });
    await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const gone = yield* catching(s.post(`${url}/`, { data: "x" }));
        expect(gone).toBeInstanceOf(ServerDisconnectedError);
        expect((gone as Error).cause).toMatchObject({
          code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET|EPIPE)$/),
        });
        const short = yield* catching(using(s.get(`${url}/short`), (r) => r.text()));
        expect(short).toBeInstanceOf(ClientPayloadError);
        expect((short as Error).cause).toMatchObject({ code: expect.stringMatching(/^UND_ERR_/) });
      }),
    );
  });
});
