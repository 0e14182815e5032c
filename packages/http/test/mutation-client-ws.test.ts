/**
 * Tests written after mutation-testing `src/client-ws.ts` and `src/ws-common.ts` (MUTATION.md,
 * "Session 10 (client WebSocket)"): each pins what no test held before — aiohttp 3.8.4's behaviour
 * (client_ws.py, client.py `_ws_connect`, http_websocket.py's reader and WSMessage) where aiohttp has
 * it, this client's own checks and messages where it has not (wsConnect's options). On 127.0.0.1;
 * the frames are written and read by hand (a raw server) where a misbehaving server is needed.
 */
import { createHash } from "node:crypto";
import { createServer, type Socket } from "node:net";
import { TimeoutError } from "@aio/future";
import { type Coro, createTask, fromPromise, sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientSession, WebSocketError, WSMsgType, web } from "../src/index.js";
import { catching, inLoop, serving } from "./servers.js";

describe("ws-common", () => {
  it("a server message's json(): text and bytes parsed, a CLOSE (its code) is aiohttp's TypeError", async () => {
    const seen: unknown[] = [];
    const app = new web.Application();
    app.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      for (;;) {
        const msg = yield* ws.receive();
        try {
          seen.push(msg.json());
        } catch (err) {
          seen.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
        if (msg.type !== WSMsgType.TEXT && msg.type !== WSMsgType.BINARY) break;
      }
      return ws;
    });
    await serving(app, function* (url, s) {
      const ws = yield* s.wsConnect(`${url}/ws`);
      yield* ws.sendStr('{"a": [1, "é"]}');
      yield* ws.sendBytes(Buffer.from('{"b": "é"}', "utf8"));
      yield* ws.close();
    });
    expect(seen).toEqual([
      { a: [1, "é"] },
      { b: "é" },
      "TypeError: the JSON object must be str, bytes or bytearray, not int",
    ]);
  });

  it("WebSocketError is named WebSocketError (aiohttp's class name)", () => {
    const err = new WebSocketError(1009, "too big");
    expect([err.name, err.code, err.message, String(err)]).toEqual([
      "WebSocketError",
      1009,
      "too big",
      "WebSocketError: too big",
    ]);
  });

  it("for await ends at the CLOSING a close() from another task gives the waiting receive (no CLOSING message seen)", async () => {
    const got = await serving(echoApp(), function* (url, s) {
      const ws = yield* s.wsConnect(`${url}/ws`);
      const seen: number[] = [];
      const reader = createTask(
        (function* () {
          return yield* fromPromise(
            (async () => {
              for await (const msg of ws) seen.push(msg.type);
              return "ended";
            })(),
          );
        })(),
      );
      yield* ws.sendStr("a");
      yield* sleep(0.05);
      const closed = yield* ws.close();
      const end = yield* reader;
      return { seen, end, closed };
    });
    expect(got).toEqual({ seen: [WSMsgType.TEXT], end: "ended", closed: true });
  });
});

function echoApp(): web.Application {
  const app = new web.Application();
  app.router.addGet("/ws", function* (request) {
    const ws = new web.WebSocketResponse();
    yield* ws.prepare(request);
    for (;;) {
      const msg = yield* ws.receive();
      if (msg.type === WSMsgType.TEXT) yield* ws.sendStr(`echo: ${msg.data as string}`);
      else if (msg.type === WSMsgType.BINARY) yield* ws.sendBytes(msg.data as Buffer);
      else break;
    }
    return ws;
  });
  return app;
}

// ------------------------------------------------------------ a raw WebSocket server (frames by hand)

/** A server frame (unmasked): `first` is FIN|RSV|opcode. */
function frame(first: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const p = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  if (p.length < 126) return Buffer.concat([Buffer.from([first, p.length]), p]);
  const head = Buffer.from([first, 126, 0, 0]);
  head.writeUInt16BE(p.length, 2);
  return Buffer.concat([head, p]);
}

/** A close frame's payload: the code, then the reason. */
function closePayload(code: number, reason = ""): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code, 0);
  return Buffer.concat([b, Buffer.from(reason, "utf8")]);
}

interface ClientFrame {
  opcode: number;
  payload: Buffer;
}

/** Reads the client's (masked) frames out of `buf`; gives them and what is left. */
function parseFrames(buf: Buffer): { frames: ClientFrame[]; rest: Buffer } {
  const frames: ClientFrame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const opcode = (buf[at] as number) & 0x0f;
    let len = (buf[at + 1] as number) & 0x7f;
    let off = at + 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      off = at + 4;
    }
    if (buf.length < off + 4 + len) break;
    const mask = buf.subarray(off, off + 4);
    const payload = Buffer.from(buf.subarray(off + 4, off + 4 + len));
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
    frames.push({ opcode, payload });
    at = off + 4 + len;
  }
  return { frames, rest: buf.subarray(at) };
}

/**
 * A raw server: answers the handshake with a 101, then `onOpen(socket)`; `onFrame` gets each
 * frame the client sends. Closed at the test's end.
 */
async function rawWsServer(
  onOpen: (socket: Socket) => void,
  onFrame: (f: ClientFrame, socket: Socket) => void = () => {},
): Promise<{ url: string; frames: ClientFrame[]; close(): Promise<void> }> {
  const frames: ClientFrame[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let head = "";
    let opened = false;
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      if (!opened) {
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        opened = true;
        const key = /sec-websocket-key: (.*)/i.exec(head)?.[1]?.trim() ?? "";
        const acc = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acc}\r\n\r\n`,
        );
        buf = Buffer.from(head.slice(end + 4), "latin1");
        onOpen(socket);
      } else {
        buf = Buffer.concat([buf, chunk]);
      }
      const parsed = parseFrames(buf);
      buf = Buffer.from(parsed.rest);
      for (const f of parsed.frames) {
        frames.push(f);
        onFrame(f, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/`,
    frames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs `body` with a session against a raw server made by `make`, closing both after. */
async function withRaw<T>(
  server: { url: string; close(): Promise<void> },
  body: (s: ClientSession, url: string) => Coro<T>,
): Promise<T> {
  try {
    return await inLoop(() => using(new ClientSession(), (s) => body(s, server.url)));
  } finally {
    await server.close();
  }
}

const OP = { TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa } as const;

describe("client-ws: protocol errors, as aiohttp 3.8.4's reader names them", () => {
  const cases: [string, Buffer, number, string][] = [
    ["RSV1", frame(0x80 | 0x40 | OP.TEXT, "x"), 1002, "Received frame with non-zero reserved bits"],
    ["RSV2", frame(0x80 | 0x20 | OP.TEXT, "x"), 1002, "Received frame with non-zero reserved bits"],
    ["fragmented ping", frame(OP.PING, "x"), 1002, "Received fragmented control frame"],
    [
      "ping of 126 bytes",
      frame(0x80 | OP.PING, Buffer.alloc(126)),
      1002,
      "Control frame payload cannot be larger than 125 bytes",
    ],
    ["invalid UTF-8", frame(0x80 | OP.TEXT, Buffer.from([0xff, 0xfe])), 1007, "Invalid UTF-8 text message"],
    // A close frame of one byte: ws's own message (aiohttp names it otherwise: "Invalid close frame").
    [
      "close frame of 1 byte",
      frame(0x80 | OP.CLOSE, Buffer.from([3])),
      1002,
      "Invalid WebSocket frame: invalid payload length 1",
    ],
  ];
  for (const [name, bad, code, message] of cases) {
    it(`${name}: ERROR with WebSocketError(${code}, "${message}"); then CLOSED`, async () => {
      const server = await rawWsServer((socket) => socket.write(bad));
      const got = await withRaw(server, function* (s, url) {
        const ws = yield* s.wsConnect(url);
        const msg = yield* ws.receive();
        const after = yield* ws.receive();
        return { msg, after: after.type, closeCode: ws.closeCode, closed: ws.closed };
      });
      expect(got.msg.type).toBe(WSMsgType.ERROR);
      expect(got.msg.data).toBeInstanceOf(WebSocketError);
      expect([(got.msg.data as WebSocketError).code, (got.msg.data as Error).message]).toEqual([
        code,
        message,
      ]);
      // (The close that follows finds the reader failed: 1006, as aiohttp's close() re-reads the error.)
      expect(got).toMatchObject({ after: WSMsgType.CLOSED, closeCode: 1006, closed: true });
    });
  }
});

describe("client-ws: messages and closing", () => {
  it("maxMsgSize: a message of exactly the limit is refused (aiohttp's >=), one byte less is taken; 0 takes any size", async () => {
    const big = "y".repeat(70_000);
    const server = await rawWsServer((socket) => {
      socket.write(frame(0x80 | OP.TEXT, "x".repeat(99)));
      socket.write(frame(0x80 | OP.TEXT, "x".repeat(100)));
    });
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url, { maxMsgSize: 100 });
      const a = yield* ws.receive();
      const b = yield* ws.receive();
      return { a: (a.data as string).length, b: [b.type, (b.data as Error).message] };
    });
    expect(got).toEqual({ a: 99, b: [WSMsgType.ERROR, "Message size 100 exceeds limit 100"] });
    const server2 = await rawWsServer((socket) => {
      const head = Buffer.from([0x80 | OP.TEXT, 127, 0, 0, 0, 0, 0, 0, 0, 0]);
      head.writeUInt32BE(big.length, 6);
      socket.write(Buffer.concat([head, Buffer.from(big)]));
    });
    const got2 = await withRaw(server2, function* (s, url) {
      const ws = yield* s.wsConnect(url, { maxMsgSize: 0 });
      const msg = yield* ws.receive();
      return [msg.type, (msg.data as string).length];
    });
    expect(got2).toEqual([WSMsgType.TEXT, big.length]);
  });

  it("a server that does not answer our close frame: close() gives up after `timeout` (TimeoutError, 1006)", async () => {
    const server = await rawWsServer(() => {});
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url, { timeout: 0.1 });
      const t0 = Date.now();
      const closed = yield* ws.close();
      return { closed, ms: Date.now() - t0, code: ws.closeCode, exc: ws.exception() };
    });
    expect(got.closed).toBe(true);
    expect(got.code).toBe(1006);
    expect(got.exc).toBeInstanceOf(TimeoutError);
    expect(got.ms).toBeGreaterThanOrEqual(90);
    expect(got.ms).toBeLessThan(2000);
    expect(server.frames.map((f) => [f.opcode, f.payload.readUInt16BE(0)])).toEqual([[OP.CLOSE, 1000]]);
  });

  it("a server that drops the connection on our close frame: close() gives true, 1006, an exception", async () => {
    const server = await rawWsServer(
      () => {},
      (f, socket) => {
        if (f.opcode === OP.CLOSE) socket.destroy();
      },
    );
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url);
      const closed = yield* ws.close({ code: 4001, message: Buffer.from("bye") });
      return { closed, code: ws.closeCode, exc: ws.exception() };
    });
    // (aiohttp 3.8.4's exception() is then EofStream(), ours a ConnectionResetError: not pinned.)
    expect(got).toMatchObject({ closed: true, code: 1006 });
    expect(got.exc).toBeInstanceOf(Error);
    expect(
      server.frames.map((f) => [f.opcode, f.payload.readUInt16BE(0), f.payload.subarray(2).toString()]),
    ).toEqual([[OP.CLOSE, 4001, "bye"]]);
  });

  it("a connection dropped without a close frame: receive() gives CLOSED, 1006 and ConnectionResetError('Cannot write to closing transport')", async () => {
    const server = await rawWsServer((socket) => setTimeout(() => socket.destroy(), 20));
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url);
      const msg = yield* ws.receive();
      const exc = ws.exception() as Error;
      return {
        type: msg.type,
        code: ws.closeCode,
        exc: `${exc.name}: ${exc.message}`,
        again: yield* ws.close(),
      };
    });
    expect(got).toEqual({
      type: WSMsgType.CLOSED,
      code: 1006,
      exc: "ConnectionResetError: Cannot write to closing transport",
      again: false,
    });
  });

  it("autoclose false: the server's CLOSE is read but not answered until close() (which then sends 1000 and keeps the server's code)", async () => {
    const server = await rawWsServer((socket) =>
      socket.write(frame(0x80 | OP.CLOSE, closePayload(4002, "done"))),
    );
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url, { autoclose: false });
      const msg = yield* ws.receive();
      yield* sleep(0.05);
      const sentBefore = server.frames.length;
      const closedBefore = ws.closed;
      const next = yield* ws.receive();
      for (let i = 0; i < 20 && server.frames.length === 0; i++) yield* sleep(0.01);
      return { msg, sentBefore, closedBefore, next: next.type, code: ws.closeCode, closed: ws.closed };
    });
    expect(got).toEqual({
      msg: { type: WSMsgType.CLOSE, data: 4002, extra: "done" },
      sentBefore: 0,
      closedBefore: false,
      next: WSMsgType.CLOSED,
      code: 4002,
      closed: true,
    });
    expect(server.frames.map((f) => [f.opcode, f.payload.readUInt16BE(0)])).toEqual([[OP.CLOSE, 1000]]);
  });

  it("autoping false: the server's PING and PONG come out with their data and extra ''; ping()/pong() send theirs", async () => {
    const server = await rawWsServer((socket) => {
      socket.write(frame(0x80 | OP.PING, "p1"));
      socket.write(frame(0x80 | OP.PONG, "p2"));
    });
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url, { autoping: false });
      const a = yield* ws.receive();
      const b = yield* ws.receive();
      yield* ws.ping(new Uint8Array([1, 2]));
      yield* ws.pong("txt");
      yield* ws.ping();
      while (server.frames.length < 3) yield* sleep(0.01);
      return [a, b].map((m) => [m.type, String(m.data), m.extra]);
    });
    expect(got).toEqual([
      [WSMsgType.PING, "p1", ""],
      [WSMsgType.PONG, "p2", ""],
    ]);
    expect(server.frames.slice(0, 3).map((f) => [f.opcode, [...f.payload]])).toEqual([
      [OP.PING, [1, 2]],
      [OP.PONG, [...Buffer.from("txt")]],
      [OP.PING, []],
    ]);
  });

  it("autoping true: the server's ping is answered by a pong with its data, and not seen", async () => {
    const server = await rawWsServer((socket) => {
      socket.write(frame(0x80 | OP.PING, "hb"));
      socket.write(frame(0x80 | OP.TEXT, "after"));
      socket.write(frame(0x80 | OP.BINARY, Buffer.from([1, 2])));
    });
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url);
      const a = yield* ws.receive();
      const b = yield* ws.receive();
      while (server.frames.length < 1) yield* sleep(0.01);
      return [
        [a.type, a.data, a.extra],
        [b.type, [...(b.data as Buffer)], b.extra],
      ];
    });
    // aiohttp's reader gives the data messages an extra of "" (TEXT and BINARY alike).
    expect(got).toEqual([
      [WSMsgType.TEXT, "after", ""],
      [WSMsgType.BINARY, [1, 2], ""],
    ]);
    expect(server.frames.slice(0, 1).map((f) => [f.opcode, f.payload.toString()])).toEqual([[OP.PONG, "hb"]]);
  });

  it("ping(), pong(), sendBytes() after close: ConnectionResetError; receive() after close: CLOSED", async () => {
    const server = await rawWsServer(
      () => {},
      (f, socket) => {
        if (f.opcode === OP.CLOSE) socket.write(frame(0x80 | OP.CLOSE, closePayload(1000)));
      },
    );
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url);
      yield* ws.close();
      const out: string[] = [];
      for (const c of [ws.ping(), ws.pong(), ws.sendBytes(Buffer.from("x"))]) {
        const err = (yield* catching(c)) as Error;
        out.push(`${err.name}: ${err.message}`);
      }
      out.push(String((yield* ws.receive()).type));
      return out;
    });
    expect(got).toEqual([
      "ConnectionResetError: Cannot write to closing transport",
      "ConnectionResetError: Cannot write to closing transport",
      "ConnectionResetError: Cannot write to closing transport",
      String(WSMsgType.CLOSED),
    ]);
  });

  it("receiveStr of bytes and receiveBytes of text are TypeErrors naming the type; receiveJson takes loads; sendJson takes dumps", async () => {
    const server = await rawWsServer((socket) => {
      socket.write(frame(0x80 | OP.BINARY, Buffer.from([7])));
      socket.write(frame(0x80 | OP.TEXT, "t"));
      socket.write(frame(0x80 | OP.TEXT, '{"k": 1}'));
    });
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url);
      const e1 = (yield* catching(ws.receiveStr())) as Error;
      const e2 = (yield* catching(ws.receiveBytes())) as Error;
      const j = yield* ws.receiveJson({ loads: (t) => ({ raw: t }) });
      yield* ws.sendJson({ a: 1 }, { dumps: () => "DUMPED" });
      yield* ws.sendJson([1, "é"]);
      while (server.frames.length < 2) yield* sleep(0.01);
      return { e1: `${e1.name}: ${e1.message}`, e2: `${e2.name}: ${e2.message}`, j };
    });
    expect(got).toEqual({
      e1: "TypeError: Received message 2:b'\\x07' is not str",
      e2: "TypeError: Received message 1:'t' is not bytes",
      j: { raw: '{"k": 1}' },
    });
    expect(server.frames.slice(0, 2).map((f) => [f.opcode, f.payload.toString()])).toEqual([
      [OP.TEXT, "DUMPED"],
      [OP.TEXT, '[1,"é"]'],
    ]);
  });
});

describe("client-ws: wsConnect's options", () => {
  it("refuses bad options with a message naming them; takes aiohttp's defaults", async () => {
    const got = await inLoop(function* () {
      return yield* using(new ClientSession(), function* (s) {
        const out: string[] = [];
        const tryIt = (options: unknown) => {
          try {
            s.wsConnect("ws://127.0.0.1:1/", options as never);
            out.push("ok");
          } catch (err) {
            out.push(`${(err as Error).name}: ${(err as Error).message}`);
          }
        };
        tryIt(null);
        tryIt("x");
        tryIt({ timeout: 0 });
        tryIt({ timeout: null });
        tryIt({ timeout: Number.POSITIVE_INFINITY });
        tryIt({ timeout: Number.NaN });
        tryIt({ timeout: "1" });
        tryIt({ timeout: 0.5, receiveTimeout: null, heartbeat: null, handshakeTimeout: null });
        tryIt({ receiveTimeout: -1 });
        tryIt({ handshakeTimeout: 0 });
        tryIt({ timeout: undefined, receiveTimeout: undefined });
        tryIt({ autoclose: 1 });
        tryIt({ autoping: "yes" });
        tryIt({ autoclose: false, autoping: false });
        tryIt({ maxMsgSize: -1 });
        tryIt({ maxMsgSize: 1.5 });
        tryIt({ maxMsgSize: 0 });
        tryIt({ origin: 5 });
        tryIt({ origin: "http://o" });
        tryIt({ ssl: "no" });
        tryIt({ ssl: null });
        tryIt({ ssl: false });
        tryIt({ ssl: { rejectUnauthorized: false } });
        tryIt({ protocols: ["a", ""] });
        tryIt({ protocols: ["a", 1] });
        tryIt({ protocols: [] });
        tryIt({ compress: 8 });
        tryIt({ compress: 16 });
        tryIt({ compress: 9 });
        tryIt({ compress: 0 });
        tryIt({ method: "get" });
        tryIt({ method: "POST" });
        tryIt({ method: 5 });
        tryIt({ proxy: undefined });
        tryIt({ proxyAuth: "x" });
        tryIt({ proxyHeaders: {} });
        return out;
      });
    });
    expect(got).toEqual([
      "TypeError: wsConnect options must be an object, got None",
      "TypeError: wsConnect options must be an object, got 'x'",
      "RangeError: timeout must be a positive number of seconds, got 0",
      "RangeError: timeout must be a positive number of seconds, got None",
      "RangeError: timeout must be a positive number of seconds, got inf",
      "RangeError: timeout must be a positive number of seconds, got nan",
      "RangeError: timeout must be a positive number of seconds, got '1'",
      "ok",
      "RangeError: receiveTimeout must be a positive number of seconds or null, got -1",
      "RangeError: handshakeTimeout must be a positive number of seconds or null, got 0",
      "ok",
      "TypeError: autoclose must be a boolean, got 1",
      "TypeError: autoping must be a boolean, got 'yes'",
      "ok",
      "RangeError: maxMsgSize must be a non-negative integer, got -1",
      "RangeError: maxMsgSize must be a non-negative integer, got 1.5",
      "ok",
      "TypeError: origin must be a string, got 5",
      "ok",
      "TypeError: ssl must be a boolean or node:tls options, got 'no'",
      "TypeError: ssl must be a boolean or node:tls options, got None",
      "ok",
      "ok",
      "TypeError: protocols must be an array of non-empty strings, got ['a', '']",
      "TypeError: protocols must be an array of non-empty strings, got ['a', 1]",
      "ok",
      "RangeError: Compress wbits must between 9 and 15, zlib does not support wbits=8",
      "RangeError: Compress wbits must between 9 and 15, zlib does not support wbits=8",
      "ok",
      "ok",
      "ok",
      "TypeError: wsConnect() does not take 'method': a WebSocket handshake is a GET",
      "TypeError: wsConnect() does not take 'method': a WebSocket handshake is a GET",
      "ok",
      "TypeError: wsConnect() does not take 'proxyAuth': proxies are not supported for WebSockets",
      "TypeError: wsConnect() does not take 'proxyHeaders': proxies are not supported for WebSockets",
    ]);
  });
});

describe("client-ws: the handshake", () => {
  /** A raw server answering the handshake with `answer(head)`; records the request heads. */
  async function answering(answer: (head: string) => string | null) {
    const heads: string[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      let head = "";
      socket.on("data", (chunk: Buffer) => {
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end === -1 || heads.length > 0) return;
        heads.push(head.slice(0, end));
        const a = answer(head.slice(0, end));
        if (a !== null) socket.write(a);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return {
      url: `ws://127.0.0.1:${port}`,
      heads,
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  }
  const acceptOf = (head: string): string => {
    const key = /sec-websocket-key: (.*)/i.exec(head)?.[1]?.trim() ?? "";
    return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  };
  const ok = (extra: string) => (head: string) =>
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptOf(head)}\r\n${extra}\r\n`;

  it("the request: GET of the path and query, Upgrade/Connection/Version/Key, the protocols joined, Origin; caller's headers kept", async () => {
    const server = await answering(ok(""));
    try {
      await inLoop(function* () {
        yield* using(new ClientSession(), function* (s) {
          const ws = yield* s.wsConnect(`${server.url}/p/q?x=1`, {
            protocols: ["one", "two"],
            origin: "http://example.org",
            params: { y: "2" },
            headers: { "Sec-WebSocket-Version": "13", Connection: "Upgrade" },
            timeout: 0.05,
          });
          yield* ws.close();
        });
      });
    } finally {
      await server.close();
    }
    const lines = (server.heads[0] ?? "").split("\r\n");
    expect(lines[0]).toBe("GET /p/q?x=1&y=2 HTTP/1.1");
    const names = lines.slice(1).map((l) => l.slice(0, l.indexOf(":")).toLowerCase());
    const get = (n: string) =>
      lines
        .filter((l) => l.toLowerCase().startsWith(`${n.toLowerCase()}:`))
        .map((l) => l.slice(n.length + 1).trim());
    expect(get("Upgrade")).toEqual(["websocket"]);
    expect(get("Connection")).toEqual(["Upgrade"]);
    expect(get("Sec-WebSocket-Version")).toEqual(["13"]);
    expect(get("Sec-WebSocket-Protocol")).toEqual(["one,two"]);
    expect(get("Origin")).toEqual(["http://example.org"]);
    expect(get("Host")).toEqual([server.url.replace("ws://", "")]);
    expect(names.filter((n) => n === "sec-websocket-key")).toHaveLength(1);
  });

  it("the protocol: the first the server names that was offered; none offered or none named: null", async () => {
    const cases: [string[] | undefined, string, string | null][] = [
      [["a", "b"], "Sec-WebSocket-Protocol: x, b , a\r\n", "b"],
      [["a"], "Sec-WebSocket-Protocol: x\r\n", null],
      [["a"], "", null],
      [undefined, "Sec-WebSocket-Protocol: a\r\n", null],
    ];
    const got: (string | null)[] = [];
    for (const [offered, header] of cases) {
      const server = await answering(ok(header));
      try {
        got.push(
          await inLoop(function* () {
            return yield* using(new ClientSession(), function* (s) {
              const ws = yield* s.wsConnect(server.url, { timeout: 0.05, protocols: offered });
              yield* ws.close();
              return ws.protocol;
            });
          }),
        );
      } finally {
        await server.close();
      }
    }
    expect(got).toEqual(["b", null, null, null]);
  });

  it("a 101 without Upgrade or Connection headers: aiohttp's messages; a handshake that never ends: TimeoutError after handshakeTimeout", async () => {
    const out: string[] = [];
    for (const answer of [
      (h: string) =>
        `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptOf(h)}\r\n\r\n`,
      (h: string) =>
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nSec-WebSocket-Accept: ${acceptOf(h)}\r\n\r\n`,
      () => `HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: UPGRADE\r\n\r\n`,
      () => null,
    ]) {
      const server = await answering(answer);
      try {
        out.push(
          await inLoop(function* () {
            return yield* using(new ClientSession(), function* (s) {
              const t0 = Date.now();
              const err = (yield* catching(s.wsConnect(server.url, { handshakeTimeout: 0.2 }))) as Error & {
                status?: number;
              };
              const ms = Date.now() - t0;
              return `${err.name} ${err.status ?? ""} ${err instanceof TimeoutError ? ms >= 180 && ms < 3000 : err.message}`;
            });
          }),
        );
      } finally {
        await server.close();
      }
    }
    expect(out).toEqual([
      expect.stringMatching(/^WSServerHandshakeError 101 101, message='Invalid upgrade header'/),
      expect.stringMatching(/^WSServerHandshakeError 101 101, message='Invalid connection header'/),
      expect.stringMatching(/^WSServerHandshakeError 101 101, message='Invalid challenge response'/),
      "TimeoutError  true",
    ]);
  });
});

describe("client-ws: the response object", () => {
  const closingServer = () =>
    rawWsServer(
      () => {},
      (f, socket) => {
        if (f.opcode === OP.CLOSE) socket.write(frame(0x80 | OP.CLOSE, f.payload));
      },
    );

  it("getExtraInfo: peername and sockname are [host, port], socket the socket, else the fallback; after close the fallback", async () => {
    const server = await closingServer();
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url);
      const peer = ws.getExtraInfo("peername") as [string, number];
      const sock = ws.getExtraInfo("sockname") as [string, number];
      const socket = ws.getExtraInfo("socket") as { remotePort?: number } | null;
      const other = [ws.getExtraInfo("nothing"), ws.getExtraInfo("nothing", 7)];
      const text = [String(ws), ws.compress];
      yield* ws.close();
      return {
        peer,
        sock,
        socketPort: socket?.remotePort,
        other,
        after: [ws.getExtraInfo("peername"), ws.getExtraInfo("socket", "gone")],
        text,
        closedText: String(ws),
      };
    });
    const port = Number(new URL(server.url).port);
    expect(got.peer).toEqual(["127.0.0.1", port]);
    expect(got.sock[0]).toBe("127.0.0.1");
    expect(got.sock[1]).toBeGreaterThan(0);
    expect(got.sock[1]).not.toBe(port);
    expect(got.socketPort).toBe(port);
    expect(got.other).toEqual([null, 7]);
    expect(got.after).toEqual([null, "gone"]);
    expect(got.text).toEqual(["<ClientWebSocketResponse open protocol=None>", 0]);
    expect(got.closedText).toBe("<ClientWebSocketResponse closed protocol=None>");
  });

  it("Symbol.asyncDispose closes (1000 sent); `await wsConnect()` gives the connection; using() closes it at the end, as does using(ws)", async () => {
    const server = await closingServer();
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* fromPromise(Promise.resolve(s.wsConnect(url)));
      yield* fromPromise(ws[Symbol.asyncDispose]());
      const a = [ws.closed, ws.closeCode];
      const inner = yield* using(s.wsConnect(url), function* (w) {
        return w;
      });
      const viaAenter = yield* ws.aenter();
      // The connection itself as a context manager (`async with ws:`): closed at the end.
      const third = yield* s.wsConnect(url);
      const inside = yield* using(third, function* (w) {
        return w.closed;
      });
      // An error inside is not swallowed (aiohttp's __aexit__ returns None).
      const fourth = yield* s.wsConnect(url);
      const raised = (yield* catching(
        using(fourth, function* (): Coro<void> {
          throw new Error("inside");
        }),
      )) as Error;
      return {
        a,
        b: [inner.closed, inner.closeCode],
        same: viaAenter === ws,
        c: [inside, third.closed, third.closeCode],
        d: [raised?.message, fourth.closed],
      };
    });
    expect(got).toEqual({
      a: [true, 1000],
      b: [true, 1000],
      same: true,
      c: [false, true, 1000],
      d: ["inside", true],
    });
    expect(server.frames.map((f) => f.opcode)).toEqual([OP.CLOSE, OP.CLOSE, OP.CLOSE, OP.CLOSE]);
  });

  it("heartbeat: a ping or pong from the server read while a receive() waits puts the next ping off", async () => {
    // The server sends a PONG (or a PING) every 30 ms (unasked) and never answers pings: with a 0.4 s
    // heartbeat the client's ping is put off each time, so it never pings and is never dropped.
    // (aiohttp 3.8.4 resets the heartbeat in receive(), which reads the pings and pongs it hides:
    // a receive() is kept waiting here, as aiohttp needs one to read them.)
    const timers: NodeJS.Timeout[] = [];
    const server = await rawWsServer((socket) => {
      timers.push(setInterval(() => socket.write(frame(0x80 | OP.PONG, "u")), 30));
    });
    const server2 = await rawWsServer((socket) => {
      timers.push(setInterval(() => socket.write(frame(0x80 | OP.PING, "u")), 30));
    });
    try {
      for (const srv of [server, server2]) {
        const got = await withRaw(srv, function* (s, url) {
          const ws = yield* s.wsConnect(url, { heartbeat: 0.4, timeout: 0.05 });
          const waiting = createTask(ws.receive());
          yield* sleep(0.9);
          const state = { closed: ws.closed, code: ws.closeCode };
          yield* ws.close();
          const ended = yield* waiting;
          return { ...state, ended: ended.type };
        });
        expect(got).toEqual({ closed: false, code: null, ended: WSMsgType.CLOSING });
        expect([srv === server ? "pongs" : "pings", srv.frames.filter((f) => f.opcode === OP.PING)]).toEqual([
          srv === server ? "pongs" : "pings",
          [],
        ]);
      }
    } finally {
      for (const t of timers) clearInterval(t);
    }
  });

  it("heartbeat: the ping is sent after `heartbeat` seconds of silence; no pong within half of it: closed, 1006", async () => {
    const server = await rawWsServer(() => {});
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url, { heartbeat: 0.4 });
      const t0 = Date.now();
      while (server.frames.length === 0) yield* sleep(0.01);
      const pingAt = Date.now() - t0;
      while (!ws.closed) yield* sleep(0.01);
      const closedAt = Date.now() - t0;
      return { pingAt, closedAt, code: ws.closeCode, exc: ws.exception() };
    });
    expect(got.pingAt).toBeGreaterThanOrEqual(350);
    expect(got.closedAt - got.pingAt).toBeGreaterThanOrEqual(150);
    expect(got.closedAt - got.pingAt).toBeLessThan(600);
    expect(got.code).toBe(1006);
    expect(got.exc).toBeInstanceOf(TimeoutError);
  });
});

describe("client-ws: receive timeouts", () => {
  it("receiveTimeout is receive()'s default; a timeout given to receive(), receiveStr(), receiveBytes(), receiveJson() wins", async () => {
    const server = await rawWsServer(
      () => {},
      (f, socket) => {
        if (f.opcode === OP.CLOSE) socket.write(frame(0x80 | OP.CLOSE, f.payload));
      },
    );
    const got = await withRaw(server, function* (s, url) {
      const ws = yield* s.wsConnect(url, { receiveTimeout: 0.5 });
      const took: [string, number][] = [];
      const time = function* (name: string, c: Coro<unknown>): Coro<void> {
        const t0 = Date.now();
        const err = yield* catching(c);
        took.push([`${name} ${err instanceof TimeoutError}`, Date.now() - t0]);
      };
      yield* time("receive()", ws.receive());
      yield* time("receive(0.02)", ws.receive(0.02));
      yield* time("receiveStr(0.02)", ws.receiveStr(0.02));
      yield* time("receiveBytes(0.02)", ws.receiveBytes(0.02));
      yield* time("receiveJson(0.02)", ws.receiveJson({ timeout: 0.02 }));
      yield* time("receiveJson()", ws.receiveJson());
      yield* ws.close();
      return took;
    });
    expect(got.map(([n]) => n)).toEqual([
      "receive() true",
      "receive(0.02) true",
      "receiveStr(0.02) true",
      "receiveBytes(0.02) true",
      "receiveJson(0.02) true",
      "receiveJson() true",
    ]);
    const ms = got.map(([, t]) => t);
    expect(ms[0]).toBeGreaterThanOrEqual(450);
    expect(ms[5]).toBeGreaterThanOrEqual(450);
    for (const t of ms.slice(1, 5)) expect(t).toBeLessThan(400);
  });
});
