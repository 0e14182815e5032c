/**
 * The WebSocket client (`session.wsConnect`, `ClientWebSocketResponse`) against this package's
 * server, `ws` servers that misbehave on purpose (no pongs, wrong handshakes) and raw sockets, on
 * 127.0.0.1. What is checked is aiohttp 3.8.4's behaviour (client_ws.py, client.py `_ws_connect`).
 */
import { createHash } from "node:crypto";
import { TimeoutError } from "@aio/future";
import { type Coro, createTask, fromPromise, sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import {
  ClientConnectorError,
  ClientSession,
  ClientWebSocketResponse,
  CookieJar,
  WebSocketError,
  WSMsgType,
  WSServerHandshakeError,
  web,
} from "../src/index.js";
import { catching, inLoop, serving, tcpServer } from "./servers.js";

function echoApp(events: string[] = []): web.Application {
  const app = new web.Application();
  app.router.addGet("/ws", function* (request) {
    const ws = new web.WebSocketResponse({ protocols: ["chat.v2", "chat.v1"] });
    yield* ws.prepare(request);
    events.push(
      `open ${ws.protocol} cookie=${(request.cookies as Record<string, string>).sid ?? ""} ua=${request.headers.get("X-Test") ?? ""}`,
    );
    for (;;) {
      const msg = yield* ws.receive();
      if (msg.type === web.WSMsgType.TEXT) {
        const text = msg.data as string;
        if (text === "close") {
          yield* ws.close({ code: 4000, message: "asked to" });
          break;
        }
        if (text === "big") {
          yield* ws.sendStr("x".repeat(2000));
          continue;
        }
        if (text === "ping") {
          yield* ws.ping("are you there");
          continue;
        }
        yield* ws.sendStr(`echo: ${text}`);
      } else if (msg.type === web.WSMsgType.BINARY) {
        yield* ws.sendBytes(Buffer.from([...(msg.data as Buffer)].reverse()));
      } else {
        events.push(`end ${msg.type} ${msg.data} ${msg.extra ?? ""}`.trim());
        break;
      }
    }
    return ws;
  });
  app.router.addGet("/plain", function* () {
    return new web.Response({ text: "not a websocket" });
  });
  return app;
}

const wsOf = (url: string): string => url.replace("http:", "ws:");

describe("session.wsConnect", () => {
  it("echoes text, bytes and JSON; negotiates a subprotocol; closes with 1000", async () => {
    const events: string[] = [];
    const got = await serving(echoApp(events), function* (url, s) {
      const ws = yield* s.wsConnect(`${wsOf(url)}/ws`, { protocols: ["chat.v1", "chat.v2"] });
      expect(ws).toBeInstanceOf(ClientWebSocketResponse);
      yield* ws.sendStr("hello");
      const a = yield* ws.receiveStr();
      yield* ws.sendBytes(new Uint8Array([1, 2, 3]));
      const b = yield* ws.receiveBytes();
      yield* ws.sendJson({ n: 1 });
      const c = yield* ws.receive();
      const closedNow = yield* ws.close();
      const again = yield* ws.close();
      const after = yield* ws.receive();
      return {
        protocol: ws.protocol,
        a,
        b: [...b],
        c,
        closedNow,
        again,
        closed: ws.closed,
        code: ws.closeCode,
        after,
      };
    });
    expect(got).toEqual({
      protocol: "chat.v1",
      a: "echo: hello",
      b: [3, 2, 1],
      c: { type: WSMsgType.TEXT, data: 'echo: {"n":1}', extra: "" },
      closedNow: true,
      again: false,
      closed: true,
      code: 1000,
      after: { type: WSMsgType.CLOSED, data: null, extra: null },
    });
    expect(events).toEqual(["open chat.v1 cookie= ua=", "end 8 1000"]);
  });

  it("the server's close frame: CLOSE with its code and reason, then CLOSED; autoclose answers it", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      return yield* using(s.wsConnect(`${url}/ws`), function* (ws) {
        yield* ws.sendStr("close");
        const close = yield* ws.receive();
        const closed = yield* ws.receive();
        return { close, closed, code: ws.closeCode, isClosed: ws.closed, protocol: ws.protocol };
      });
    });
    expect(got).toEqual({
      close: { type: WSMsgType.CLOSE, data: 4000, extra: "asked to" },
      closed: { type: WSMsgType.CLOSED, data: null, extra: null },
      code: 4000,
      isClosed: true,
      // No protocol offered: none chosen.
      protocol: null,
    });
  });

  it("for await gives the messages until the server closes", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const ws = yield* s.wsConnect(`${wsOf(url)}/ws`);
      yield* ws.sendStr("a");
      yield* ws.sendStr("b");
      yield* ws.sendStr("close");
      const seen: string[] = [];
      yield* fromPromise(
        (async () => {
          for await (const msg of ws) seen.push(String(msg.data));
        })(),
      );
      return { seen, code: ws.closeCode };
    });
    expect(got).toEqual({ seen: ["echo: a", "echo: b"], code: 4000 });
  });

  it("a server that answers with another status: WSServerHandshakeError 'Invalid response status'", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const plain = (yield* catching(s.wsConnect(`${wsOf(url)}/plain`))) as WSServerHandshakeError;
      const missing = (yield* catching(s.wsConnect(`${wsOf(url)}/nowhere`))) as WSServerHandshakeError;
      return { plain, missing };
    });
    expect(got.plain).toBeInstanceOf(WSServerHandshakeError);
    expect([got.plain.status, got.plain.reason]).toEqual([200, "Invalid response status"]);
    expect(got.plain.headers?.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(got.plain.message).toMatch(
      /^200, message='Invalid response status', url=URL\('http:\/\/127\.0\.0\.1:\d+\/plain'\)$/,
    );
    expect([got.missing.status, got.missing.reason]).toEqual([404, "Invalid response status"]);
  });

  it("a 101 with a wrong Upgrade, Connection or Sec-WebSocket-Accept header: aiohttp's messages", async () => {
    const accept = (head: string): string => {
      const key = /sec-websocket-key: (.*)/i.exec(head)?.[1]?.trim() ?? "";
      return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    };
    const answers = [
      (h: string) =>
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: upgrade\r\nSec-WebSocket-Accept: ${accept(h)}\r\n\r\n`,
      (h: string) =>
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Accept: ${accept(h)}\r\n\r\n`,
      () =>
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\nSec-WebSocket-Accept: wrong\r\n\r\n",
    ];
    const { url } = await tcpServer((socket, head, i) =>
      socket.write((answers[i] as (h: string) => string)(head)),
    );
    const got = await inLoop(function* () {
      return yield* using(new ClientSession(), function* (s) {
        const out: string[] = [];
        for (let i = 0; i < answers.length; i++) {
          const err = (yield* catching(s.wsConnect(url))) as WSServerHandshakeError;
          out.push(`${err.name} ${err.status} ${err.reason}`);
        }
        return out;
      });
    });
    expect(got).toEqual([
      "WSServerHandshakeError 101 Invalid upgrade header",
      "WSServerHandshakeError 101 Invalid connection header",
      "WSServerHandshakeError 101 Invalid challenge response",
    ]);
  });

  it("sends the session's headers and cookies, keeps the cookies the handshake sets, and the offered protocols", async () => {
    let head = "";
    const { url } = await tcpServer((socket, h) => {
      head = h;
      const key = /sec-websocket-key: (.*)/i.exec(h)?.[1]?.trim() ?? "";
      const acc = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acc}\r\n` +
          "Sec-WebSocket-Protocol: other, chat.v1\r\nSet-Cookie: fresh=1; Path=/\r\n\r\n",
      );
    });
    const got = await inLoop(function* () {
      const jar = new CookieJar({ unsafe: true });
      return yield* using(
        new ClientSession({ headers: { "X-Session": "s" }, cookieJar: jar, cookies: { sid: "abc" } }),
        function* (s) {
          const ws = yield* s.wsConnect(`${url.replace("http:", "ws:")}/chat?x=1`, {
            protocols: ["chat.v1", "chat.v2"],
            headers: { "X-Call": "c" },
            origin: "http://example.test",
            params: { y: "2" },
          });
          const protocol = ws.protocol;
          const peer = ws.getExtraInfo("peername") as [string, number];
          ws.getExtraInfo("socket");
          const cookies = [...jar.filterCookies(new URL(url)).keys()].sort();
          return { protocol, peer: peer[0], cookies, missing: ws.getExtraInfo("nothing", "dflt") };
        },
      );
    });
    const lines = head.split("\r\n");
    expect(lines[0]).toBe("GET /chat?x=1&y=2 HTTP/1.1");
    const has = (h: string) => lines.some((l) => l.toLowerCase() === h.toLowerCase());
    expect(has("Upgrade: websocket")).toBe(true);
    expect(has("Connection: upgrade")).toBe(true);
    expect(has("Sec-WebSocket-Version: 13")).toBe(true);
    expect(has("Sec-WebSocket-Protocol: chat.v1,chat.v2")).toBe(true);
    expect(has("Origin: http://example.test")).toBe(true);
    expect(has("X-Session: s")).toBe(true);
    expect(has("X-Call: c")).toBe(true);
    expect(has("Cookie: sid=abc")).toBe(true);
    expect(lines.some((l) => /^Sec-WebSocket-Key: [A-Za-z0-9+/]{22}==$/.test(l))).toBe(true);
    expect(got).toEqual({
      protocol: "chat.v1",
      peer: "127.0.0.1",
      cookies: ["fresh", "sid"],
      missing: "dflt",
    });
  });

  it("a refused connection is ClientConnectorError", async () => {
    const { url, server } = await tcpServer(() => {});
    const { port } = new URL(url);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const err = await inLoop(function* () {
      return yield* using(new ClientSession(), (s) => catching(s.wsConnect(`ws://127.0.0.1:${port}/`)));
    });
    expect(err).toBeInstanceOf(ClientConnectorError);
    expect(String((err as Error).message)).toContain(`Cannot connect to host 127.0.0.1:${port}`);
  });

  it("without autoping, the server's ping comes out as PING and the client's pong reaches it", async () => {
    const pongs: string[] = [];
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    server.on("connection", (sock) => {
      sock.on("pong", (data) => pongs.push(data.toString()));
      sock.ping("hello?");
    });
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    try {
      const got = await inLoop(function* () {
        return yield* using(new ClientSession(), function* (s) {
          const ws = yield* s.wsConnect(`ws://127.0.0.1:${port}/`, { autoping: false });
          const ping = yield* ws.receive();
          yield* ws.pong(ping.data as Buffer);
          while (pongs.length === 0) yield* sleep(0.01);
          yield* ws.close();
          return { type: ping.type, data: String(ping.data) };
        });
      });
      expect(got).toEqual({ type: WSMsgType.PING, data: "hello?" });
      expect(pongs).toEqual(["hello?"]);
    } finally {
      for (const c of server.clients) c.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("with autoping the server's pings are answered and never seen; a server ping reaches receive() only as the next message", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const ws = yield* s.wsConnect(`${url}/ws`);
      yield* ws.sendStr("ping");
      yield* ws.sendStr("after");
      const next = yield* ws.receiveStr();
      yield* ws.close();
      return next;
    });
    expect(got).toBe("echo: after");
  });

  it("heartbeat: a server that never answers the pings is dropped (1006, TimeoutError)", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: false });
    const pings: number[] = [];
    server.on("connection", (sock) => sock.on("ping", () => pings.push(Date.now())));
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    try {
      const got = await inLoop(function* () {
        return yield* using(new ClientSession(), function* (s) {
          const ws = yield* s.wsConnect(`ws://127.0.0.1:${port}/`, { heartbeat: 0.2 });
          while (!ws.closed) yield* sleep(0.02);
          const msg = yield* ws.receive();
          return { code: ws.closeCode, exc: ws.exception(), msg: msg.type };
        });
      });
      expect(got.code).toBe(1006);
      expect(got.exc).toBeInstanceOf(TimeoutError);
      expect(got.msg).toBe(WSMsgType.CLOSED);
      expect(pings.length).toBe(1);
    } finally {
      for (const c of server.clients) c.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("heartbeat: a server that answers keeps the connection", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const ws = yield* s.wsConnect(`${url}/ws`, { heartbeat: 0.1 });
      yield* sleep(0.5);
      const open = !ws.closed;
      yield* ws.sendStr("still");
      const reply = yield* ws.receiveStr();
      yield* ws.close();
      return { open, reply, code: ws.closeCode };
    });
    expect(got).toEqual({ open: true, reply: "echo: still", code: 1000 });
  });

  it("a message over maxMsgSize: ERROR with WebSocketError(1009) and aiohttp's text, then closed", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const ws = yield* s.wsConnect(`${url}/ws`, { maxMsgSize: 1000 });
      yield* ws.sendStr("big");
      const msg = yield* ws.receive();
      const after = yield* ws.receive();
      return { msg, code: ws.closeCode, closed: ws.closed, after: after.type };
    });
    expect(got.msg.type).toBe(WSMsgType.ERROR);
    expect(got.msg.data).toBeInstanceOf(WebSocketError);
    expect((got.msg.data as WebSocketError).code).toBe(1009);
    expect((got.msg.data as Error).message).toBe("Message size 2000 exceeds limit 1000");
    expect(got.closed).toBe(true);
    expect(got.after).toBe(WSMsgType.CLOSED);
  });

  it("receive(timeout) raises TimeoutError and sets 1006; a second concurrent receive() is refused; close() from another task ends a waiting receive with CLOSING", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const ws = yield* s.wsConnect(`${url}/ws`);
      const timedOut = yield* catching(ws.receive(0.05));
      const codeAfterTimeout = ws.closeCode;
      const waiting = createTask(ws.receive());
      yield* sleep(0.01);
      const concurrent = (yield* catching(ws.receive())) as Error;
      const closing = createTask(ws.close());
      const first = yield* waiting;
      const closedByTask = yield* closing;
      return {
        timedOut,
        codeAfterTimeout,
        concurrent: concurrent.message,
        first: first.type,
        closedByTask,
        code: ws.closeCode,
      };
    });
    expect(got.timedOut).toBeInstanceOf(TimeoutError);
    expect(got.codeAfterTimeout).toBe(1006);
    expect(got.concurrent).toBe("Concurrent call to receive() is not allowed");
    expect(got.first).toBe(WSMsgType.CLOSING);
    expect(got.closedByTask).toBe(true);
    // aiohttp's close() after a receive() that got CLOSING sends its frame and drops the
    // connection without reading the answer: the code stays the one the timeout set.
    expect(got.code).toBe(1006);
  });

  it("bad input: unknown and unsupported options, non-string text, non-bytes data; sending after close", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const errors: string[] = [];
      const tryIt = (fn: () => unknown) => {
        try {
          fn();
        } catch (err) {
          errors.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
      };
      tryIt(() => s.wsConnect(`${url}/ws`, { autoPing: false } as never));
      tryIt(() => s.wsConnect(`${url}/ws`, { proxy: "http://p" } as never));
      tryIt(() => s.wsConnect(`${url}/ws`, { compress: "15" } as never));
      tryIt(() => s.wsConnect(`${url}/ws`, { heartbeat: -1 }));
      tryIt(() => s.wsConnect(`${url}/ws`, { protocols: "chat" as never }));
      tryIt(() => s.wsConnect(42 as never));
      const ws = yield* s.wsConnect(`${url}/ws`, { compress: 0, method: "GET" } as never);
      errors.push(((yield* catching(ws.sendStr(5 as never))) as Error).message);
      errors.push(((yield* catching(ws.sendBytes("x" as never))) as Error).message);
      yield* ws.close();
      const late = (yield* catching(ws.sendStr("late"))) as Error;
      errors.push(`${late.name}: ${late.message}`);
      return errors;
    });
    expect(got).toEqual([
      "TypeError: wsConnect() got an unexpected keyword argument 'autoPing'",
      "TypeError: wsConnect() does not take 'proxy': proxies are not supported for WebSockets",
      "TypeError: compress must be an integer (window bits, or 0), got '15'",
      "RangeError: heartbeat must be a positive number of seconds or null, got -1",
      "TypeError: protocols must be an array of non-empty strings, got 'chat'",
      "TypeError: Constructor parameter should be str, got 42 of type int",
      "data argument must be str (<class 'int'>)",
      "data argument must be byte-ish (<class 'str'>)",
      "ConnectionResetError: Cannot write to closing transport",
    ]);
  });

  it("a server that drops the connection without a close frame: CLOSED, 1006", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    server.on("connection", (sock) => setTimeout(() => sock.terminate(), 20));
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    try {
      const got = await inLoop(function* (): Coro<unknown> {
        return yield* using(new ClientSession(), function* (s) {
          const ws = yield* s.wsConnect(`ws://127.0.0.1:${port}/`);
          const msg = yield* ws.receive();
          return { type: msg.type, code: ws.closeCode, closed: ws.closed };
        });
      });
      expect(got).toEqual({ type: WSMsgType.CLOSED, code: 1006, closed: true });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("permessage-deflate (compress)", () => {
  it("agreed both ways: big messages go compressed and come back whole; off when either side declines; bad values refused", async () => {
    const seen: number[] = [];
    const app = new web.Application();
    app.router.addGet("/", function* (request) {
      const ws = new web.WebSocketResponse({ compress: request.query.get("compress") !== "no" });
      yield* ws.prepare(request);
      seen.push(ws.compress);
      const msg = yield* ws.receiveStr();
      yield* ws.sendStr(`${msg}|${msg.length}`);
      yield* ws.close();
      return ws;
    });
    const big = "abc".repeat(20_000);
    const got = await serving(app, function* (url, s) {
      const out: unknown[] = [];
      for (const [query, compress] of [
        ["", 15],
        ["", 10],
        ["?compress=no", 15],
        ["", 0],
      ] as const) {
        const ws = yield* s.wsConnect(`${url}/${query}`, compress === 0 ? {} : { compress });
        yield* ws.sendStr(big);
        const answer = yield* ws.receiveStr();
        out.push([ws.compress, answer === `${big}|${big.length}`]);
        yield* ws.close();
      }
      return out;
    });
    expect(got).toEqual([
      [15, true],
      [10, true],
      [0, true],
      [0, true],
    ]);
    expect(seen).toEqual([15, 10, 0, 0]);
    await expect(
      serving(app, function* (url, s) {
        yield* s.wsConnect(url, { compress: 8 });
      }),
    ).rejects.toThrow(new RangeError("Compress wbits must between 9 and 15, zlib does not support wbits=8"));
    await expect(
      serving(app, function* (url, s) {
        yield* s.wsConnect(url, { compress: true as never });
      }),
    ).rejects.toThrow(new TypeError("compress must be an integer (window bits, or 0), got True"));
  });
});
