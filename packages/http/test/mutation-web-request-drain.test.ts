/**
 * What the session 9 mutation run of src/web/request.ts found untested: the body a handler leaves
 * unread, read and dropped after the answer for up to the runner's `lingeringTime` (aiohttp's
 * lingering close). A client that sends the rest of its body in time keeps its connection (the
 * next request on it is answered); one whose body stops coming is closed once the time is up, not
 * before; what comes while draining is dropped, not kept in the request's stream. And the flow
 * control of a body read slowly: the socket pauses past the stream's high-water mark (2 × 64 KiB,
 * as aiohttp's StreamReader) and resumes as it is read. Raw sockets, so that the test decides when
 * each byte goes.
 */
import { connect } from "node:net";
import { fromPromise, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { serving } from "./servers.js";

function app(): web.Application {
  const a = new web.Application();
  // answers without reading the body
  a.router.addPost("/up", function* () {
    return new web.Response({ text: "early" });
  });
  // reads part of the body through the stream, then answers
  a.router.addPost("/some", function* (request) {
    const first = yield* request.content.read(10);
    return new web.Response({ text: `read ${first.length}` });
  });
  // reads a little, lets the stream fill past its high-water mark (the socket paused), then answers
  a.router.addPost("/paused", function* (request) {
    const first = yield* request.content.read(10);
    yield* sleep(0.3);
    return new web.Response({
      text: `read ${first.length}, ${request.content.buffered > 128 * 1024} paused`,
    });
  });
  a.router.addGet("/next", function* () {
    return new web.Response({ text: "next" });
  });
  return a;
}

interface Exchange {
  /** Everything the server sent. */
  text: string;
  /** Milliseconds from the first answer to the connection's close (null: not closed by the server). */
  closedAfter: number | null;
}

/**
 * Sends `head` and `first` bytes of the body; once the first answer is in, waits `pause` ms and
 * sends `rest` (nothing if null). Resolves when the server closes, or 4 s after the first answer.
 */
function exchange(
  url: string,
  head: string,
  first: Buffer,
  pause: number,
  rest: Buffer | null,
): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = "";
    let answeredAt: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedAfter: closed && answeredAt !== null ? Date.now() - answeredAt : null });
    };
    socket.on("error", () => {});
    socket.on("close", () => done(true));
    socket.on("data", (d: Buffer) => {
      text += d.toString("latin1");
      if (answeredAt === null && /\r\n\r\n/.test(text)) {
        answeredAt = Date.now();
        timer = setTimeout(() => done(false), 4000);
        if (rest !== null) setTimeout(() => socket.write(rest), pause);
      }
    });
    socket.write(head);
    socket.write(first);
  });
}

/** Sends `head` and `body` at once; resolves with the server's answer (or what came in 5 s). */
function send(url: string, head: string, body: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = "";
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on("error", () => {});
    socket.on("data", (d: Buffer) => {
      text += d.toString("latin1");
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.write(head);
    socket.write(body);
  });
}

const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);

describe("Request: a body left unread is drained after the answer (lingering)", () => {
  it("the rest of the body sent within lingeringTime is read and dropped: the connection serves the next request", async () => {
    for (const path of ["/up", "/some", "/paused"]) {
      const got = await serving(
        app(),
        function* (url) {
          return yield* fromPromise(
            exchange(
              url,
              `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 600000\r\n\r\n`,
              Buffer.alloc(300_000, 0x61),
              200,
              Buffer.concat([
                Buffer.alloc(300_000, 0x62),
                Buffer.from("GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
              ]),
            ),
          );
        },
        { lingeringTime: 2 },
      );
      expect(statuses(got.text)).toEqual(["200", "200"]);
      expect(got.text).toContain(
        { "/up": "\r\n\r\nearly", "/some": "\r\n\r\nread 10", "/paused": "\r\n\r\nread 10, true paused" }[
          path
        ],
      );
      expect(got.text.endsWith("\r\n\r\nnext")).toBe(true);
    }
  });

  it("a body that stops coming: the connection is closed once lingeringTime is up, not before", async () => {
    for (const path of ["/up", "/some"]) {
      const got = await serving(
        app(),
        function* (url) {
          return yield* fromPromise(
            exchange(
              url,
              `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n`,
              Buffer.alloc(100_000, 0x61),
              0,
              null,
            ),
          );
        },
        { lingeringTime: 0.5 },
      );
      expect(statuses(got.text)).toEqual(["200"]);
      expect(got.closedAfter).not.toBeNull();
      expect(got.closedAfter).toBeGreaterThanOrEqual(350);
      expect(got.closedAfter).toBeLessThan(3000);
    }
  });
});

describe("Request: what comes while draining is dropped", () => {
  it("the request's stream does not grow after the answer: the drained bytes are not kept", async () => {
    let request: web.Request | null = null;
    let atAnswer = -1;
    const a = new web.Application();
    a.router.addPost("/some", function* (r) {
      request = r;
      // all that was sent before the answer (the rest goes once the answer is in)
      yield* r.content.readexactly(100_000);
      atAnswer = r.content.buffered;
      return new web.Response({ text: "some" });
    });
    a.router.addGet("/next", function* () {
      return new web.Response({ text: "next" });
    });
    const got = await serving(
      a,
      function* (url) {
        return yield* fromPromise(
          exchange(
            url,
            "POST /some HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n",
            Buffer.alloc(100_000, 0x61),
            100,
            Buffer.concat([
              Buffer.alloc(200_000, 0x62),
              Buffer.from("GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            ]),
          ),
        );
      },
      { lingeringTime: 2 },
    );
    expect(statuses(got.text)).toEqual(["200", "200"]);
    expect(atAnswer).toBe(0);
    expect((request as web.Request | null)?.content.buffered).toBe(atAnswer);
  });
});

describe("Request: a body read slowly pauses the socket and resumes it", () => {
  it("past 2 × 64 KiB buffered the socket pauses; reading resumes it, and the whole body arrives", async () => {
    const a = new web.Application();
    a.router.addPost("/slow", function* (r) {
      const first = yield* r.content.read(10);
      yield* sleep(0.4); // the client has sent everything by now
      const buffered = r.content.buffered;
      let total = first.length;
      for (;;) {
        const chunk = yield* r.content.readany();
        if (chunk.length === 0) break;
        total += chunk.length;
      }
      return web.jsonResponse({ buffered, total });
    });
    const size = 4 * 2 ** 20;
    const answer = await serving(a, function* (url) {
      return yield* fromPromise(
        send(
          url,
          `POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`,
          Buffer.alloc(size, 0x61),
        ),
      );
    });
    expect(statuses(answer)).toEqual(["200"]);
    const { buffered, total } = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(total).toBe(size);
    // paused past 128 KiB: what node had read from the socket before the pause took hold, no more
    expect(buffered).toBeGreaterThan(128 * 1024);
    expect(buffered).toBeLessThan(1024 * 1024);
  });
});
