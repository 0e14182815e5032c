/**
 * The socket timeouts of an exchange (src/dispatch.ts) on a kept-alive connection, written for the
 * mutants session 7's run of dispatch.ts 46–120 left alive (test/MUTATION.md). aiohttp 3.8:
 * `sock_connect` bounds getting a new connection only; `sock_read` bounds each wait for data,
 * the response head included, on a new or a reused connection.
 */
import { gzipSync } from "node:zlib";
import { sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientPayloadError, ClientSession, ClientTimeout, ServerTimeoutError } from "../src/index.js";
import { catching, httpServer, inLoop, tcpServer } from "./servers.js";

/** Answers each request on its socket (kept alive); `/late` after `delay` ms. */
function lateServer(delay: number) {
  return tcpServer((socket, head) => {
    const answer = () =>
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
    if (head.startsWith("GET /late")) setTimeout(answer, delay);
    else answer();
  });
}

describe("socket timeouts on a kept-alive connection (aiohttp's sock_connect, sock_read)", () => {
  it("sockConnect does not bound the wait for the head on a reused connection", async () => {
    const { url, connections } = await lateServer(900);
    const got = await inLoop(() =>
      using(new ClientSession({ timeout: new ClientTimeout({ sockConnect: 0.3 }) }), function* (s) {
        const first = yield* using(s.get(`${url}/`), (r) => r.text());
        yield* sleep(0.1); // the socket back in the pool
        const late = yield* using(s.get(`${url}/late`), (r) => r.text());
        return [first, late];
      }),
    );
    expect(got).toEqual(["ok", "ok"]);
    expect(connections()).toBe(1);
  });

  it("sockRead bounds the wait for the head on a reused connection", async () => {
    const { url, connections } = await lateServer(3000);
    const err = await inLoop(() =>
      using(new ClientSession({ timeout: new ClientTimeout({ sockRead: 0.3 }) }), function* (s) {
        yield* using(s.get(`${url}/`), (r) => r.text());
        yield* sleep(0.1); // the socket back in the pool
        return yield* catching(s.get(`${url}/late`));
      }),
    );
    expect(err).toBeInstanceOf(ServerTimeoutError);
    expect((err as Error).message).toBe("Timeout on reading data from socket");
    expect(connections()).toBe(1);
  });
});

describe("response heads and Content-Encoding (session 7, dispatch.ts 201–264)", () => {
  it("only Content-Encoding (any case, spaces) picks the decoder; identity and blank bodies pass as they are", async () => {
    const plain = "hello";
    const { url } = await httpServer((req, res) => {
      if (req.url === "/upper") {
        res.setHeader("Content-Encoding", " GZIP ");
        return res.end(gzipSync(plain));
      }
      if (req.url === "/sixteen") res.setHeader("X-Encoding-Hint1", "gzip");
      if (req.url === "/identity") res.setHeader("Content-Encoding", "identity");
      if (req.url === "/blank") res.setHeader("Content-Encoding", "");
      if (req.url === "/broken") {
        res.setHeader("Content-Encoding", "gzip");
        return res.end("not gzip");
      }
      res.end(plain);
    });
    await inLoop(() =>
      using(new ClientSession(), function* (s) {
        for (const path of ["/upper", "/sixteen", "/identity", "/blank"])
          expect(yield* using(s.get(`${url}${path}`), (r) => r.text())).toBe(plain);
        const broken = yield* catching(using(s.get(`${url}/broken`), (r) => r.read()));
        expect(broken).toBeInstanceOf(ClientPayloadError);
        expect((broken as Error).message).toBe("Can not decode content-encoding: gzip");
        expect((broken as Error).cause).toBeInstanceOf(Error);
      }),
    );
  });
});
