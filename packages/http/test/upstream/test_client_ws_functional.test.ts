/**
 * aiohttp 3.8.4's tests/test_client_ws_functional.py, ported to @aio/http's WebSocket client
 * (`session.wsConnect()`, `ClientWebSocketResponse`) against this package's server
 * (`web.Application`, `web.WebSocketResponse`), on real sockets on 127.0.0.1: each upstream test
 * under its own name, with its steps and assertions. The `aiohttp_client(app)` fixture is
 * `web.TestClient(web.TestServer(app))` (its port, which this package has), `aiohttp_server(app)`
 * is `web.TestServer(app)`; both run in the test's loop, so a handler can reach the client's
 * objects as upstream's do. `async with async_timeout.timeout(t)` is `using(timeout(t), …)`,
 * `async for msg in resp` is `anext(resp, null)` in a loop, `loop.create_future()` and
 * `loop.create_task()` are the running loop's; ValueError is RangeError, asyncio.TimeoutError is
 * @aio/future's TimeoutError; `aiohttp.WSMsgType.ping` (an alias of PING) is `WSMsgType.PING`.
 *
 * COUNTS (31 upstream tests):
 *   passed: 29
 *   failing (it.fails): 2 —
 *     test_send_recv_compress_wbits: the client offers server_max_window_bits=9, and this server
 *       (`ws`'s negotiation, RFC 7692 7.1.2.1) agrees to 9, which `resp.compress` reports; aiohttp's
 *       server ignores that parameter and answers with its 15 bits, which the test expects;
 *     test_close_timeout: the server (`web.WebSocketResponse`, its `ws`) answers the client's close
 *       frame at once while the handler sleeps, where aiohttp's answers it only when the handler
 *       reads it or closes; the client's close() gets its answer, no TimeoutError.
 *   N/A: none.
 * test_close_cancel passes, but with this package's server it does not reach what it is about:
 * the server answers the close frame at once (as in test_close_timeout), so `resp.close()` is done
 * before the task is cancelled.
 * Adapted steps: the handler's private `ws._writer.transport` and its `request.transport` (which
 * this package's Request does not have) are the request's socket, `request.rawRequest.socket`;
 * asyncio's `transport.close()` (flush what is buffered, then close) is `socket.destroySoon()`.
 * The fixtures' server has a 0.5 s shutdown timeout (see `testServer`): aiohttp cancels a handler
 * whose connection is lost, this package's server does not for a WebSocket handler, and its cleanup
 * would wait the 10 s or 100 s the handlers of test_close_cancel and test_peer_connection_lost*
 * sleep (no assertion depends on it).
 */
import { type Future, TimeoutError } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { anext, type Coro, createTask, sleep, timeout, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  ClientSession,
  type ClientWebSocketResponse,
  WebSocketError,
  WSCloseCode,
  type WSMessage,
  WSMsgType,
  web,
} from "../../src/index.js";
import { catching, inLoop } from "../servers.js";

/** Python's `b"..."`. */
const b = (s: string): Buffer => Buffer.from(s, "latin1");

/** `hdrs.SEC_WEBSOCKET_VERSION`. */
const SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";

/**
 * The server of the fixtures. aiohttp cancels a handler whose connection is lost; this package's
 * server does not (yet) for a WebSocket handler, which its cleanup then waits for up to the
 * shutdown timeout (60 s): here 0.5 s, after which it cancels them, as aiohttp had already.
 */
const testServer = (app: web.Application) => new web.TestServer(app, { shutdownTimeout: 0.5 });

/** The upstream `client = await aiohttp_client(app)`, closed (with its server) at the end. */
const aiohttpClient = (app: web.Application) => new web.TestClient(testServer(app));

/** A test with the `aiohttp_client` fixture: `body(client)` in a new loop. */
function withClient<T>(app: web.Application, body: (client: web.TestClient) => Coro<T>): Promise<T> {
  return inLoop(() => using(aiohttpClient(app), body));
}

/** A test with the `aiohttp_server` fixture: `body(server)` in a new loop. */
function withServer<T>(app: web.Application, body: (server: web.TestServer) => Coro<T>): Promise<T> {
  return inLoop(() => using(testServer(app), body));
}

/** The upstream `loop.create_future()` (of the running loop). */
const createFuture = () => getRunningLoop().createFuture<number>() as Future<number>;

describe("test_client_ws_functional", () => {
  it("test_send_recv_text", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveStr();
      yield* ws.sendStr(`${msg}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      yield* resp.sendStr("ask");

      expect(resp.getExtraInfo("socket")).not.toBe(null);

      const data = yield* resp.receiveStr();
      expect(data).toBe("ask/answer");
      yield* resp.close();

      expect(resp.getExtraInfo("socket")).toBe(null);
    });
  });

  it("test_send_recv_bytes_bad_type", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveStr();
      yield* ws.sendStr(`${msg}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      yield* resp.sendStr("ask");

      expect(
        yield* catching(
          (function* () {
            yield* resp.receiveBytes();
            yield* resp.close();
          })(),
        ),
      ).toBeInstanceOf(TypeError);
    });
  });

  it("test_send_recv_bytes", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveBytes();
      yield* ws.sendBytes(Buffer.concat([msg, b("/answer")]));
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");

      yield* resp.sendBytes(b("ask"));

      const data = yield* resp.receiveBytes();
      expect(data).toEqual(b("ask/answer"));

      yield* resp.close();
    });
  });

  it("test_send_recv_text_bad_type", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveBytes();
      yield* ws.sendBytes(Buffer.concat([msg, b("/answer")]));
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");

      yield* resp.sendBytes(b("ask"));

      expect(
        yield* catching(
          (function* () {
            yield* resp.receiveStr();

            yield* resp.close();
          })(),
        ),
      ).toBeInstanceOf(TypeError);
    });
  });

  it("test_send_recv_json", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const data = (yield* ws.receiveJson()) as { request: string };
      yield* ws.sendJson({ response: data.request });
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      const payload = { request: "test" };
      yield* resp.sendJson(payload);

      const data = (yield* resp.receiveJson()) as { response: string };
      expect(data.response).toBe(payload.request);
      yield* resp.close();
    });
  });

  it("test_ping_pong", async () => {
    await inLoop(function* () {
      const closed = createFuture();

      function* handler(request: web.Request): Coro<web.StreamResponse> {
        const ws = new web.WebSocketResponse();
        yield* ws.prepare(request);

        const msg = yield* ws.receiveBytes();
        yield* ws.ping();
        yield* ws.sendBytes(Buffer.concat([msg, b("/answer")]));
        try {
          yield* ws.close();
        } finally {
          closed.setResult(1);
        }
        return ws;
      }

      const app = new web.Application();
      app.router.addRoute("GET", "/", handler);
      yield* using(aiohttpClient(app), function* (client) {
        const resp = yield* client.wsConnect("/");

        yield* resp.ping();
        yield* resp.sendBytes(b("ask"));

        let msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.BINARY);
        expect(msg.data).toEqual(b("ask/answer"));

        msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.CLOSE);

        yield* resp.close();
        yield* closed;
      });
    });
  });

  it("test_ping_pong_manual", async () => {
    await inLoop(function* () {
      const closed = createFuture();

      function* handler(request: web.Request): Coro<web.StreamResponse> {
        const ws = new web.WebSocketResponse();
        yield* ws.prepare(request);

        const msg = yield* ws.receiveBytes();
        yield* ws.ping();
        yield* ws.sendBytes(Buffer.concat([msg, b("/answer")]));
        try {
          yield* ws.close();
        } finally {
          closed.setResult(1);
        }
        return ws;
      }

      const app = new web.Application();
      app.router.addRoute("GET", "/", handler);
      yield* using(aiohttpClient(app), function* (client) {
        const resp = yield* client.wsConnect("/", { autoping: false });

        yield* resp.ping();
        yield* resp.sendBytes(b("ask"));

        let msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.PONG);

        msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.PING);
        yield* resp.pong();

        msg = yield* resp.receive();
        expect(msg.data).toEqual(b("ask/answer"));

        msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.CLOSE);

        yield* closed;
      });
    });
  });

  it("test_close", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      yield* ws.receiveBytes();
      yield* ws.sendStr("test");

      yield* ws.receive();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");

      yield* resp.sendBytes(b("ask"));

      const closed = yield* resp.close();
      expect(closed).toBeTruthy();
      expect(resp.closed).toBeTruthy();
      expect(resp.closeCode).toBe(1000);

      const msg = yield* resp.receive();
      expect(msg.type).toBe(WSMsgType.CLOSED);
    });
  });

  it("test_concurrent_close", async () => {
    let clientWs: ClientWebSocketResponse | null = null;

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      yield* ws.receiveBytes();
      yield* ws.sendStr("test");

      yield* (clientWs as unknown as ClientWebSocketResponse).close();

      const msg = yield* ws.receive();
      expect(msg.type).toBe(WSMsgType.CLOSE);
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const ws = yield* client.wsConnect("/");
      clientWs = ws;

      yield* ws.sendBytes(b("ask"));

      let msg = yield* ws.receive();
      expect(msg.type).toBe(WSMsgType.CLOSING);

      yield* sleep(0.01);
      msg = yield* ws.receive();
      expect(msg.type).toBe(WSMsgType.CLOSED);
    });
  });

  it("test_close_from_server", async () => {
    await inLoop(function* () {
      const closed = createFuture();

      function* handler(request: web.Request): Coro<web.StreamResponse> {
        const ws = new web.WebSocketResponse();
        yield* ws.prepare(request);

        try {
          yield* ws.receiveBytes();
          yield* ws.close();
        } finally {
          closed.setResult(1);
        }
        return ws;
      }

      const app = new web.Application();
      app.router.addRoute("GET", "/", handler);
      yield* using(aiohttpClient(app), function* (client) {
        const resp = yield* client.wsConnect("/");

        yield* resp.sendBytes(b("ask"));

        let msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.CLOSE);
        expect(resp.closed).toBeTruthy();

        msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.CLOSED);

        yield* closed;
      });
    });
  });

  it("test_close_manual", async () => {
    await inLoop(function* () {
      const closed = createFuture();

      function* handler(request: web.Request): Coro<web.StreamResponse> {
        const ws = new web.WebSocketResponse();
        yield* ws.prepare(request);

        yield* ws.receiveBytes();
        yield* ws.sendStr("test");

        try {
          yield* ws.close();
        } finally {
          closed.setResult(1);
        }
        return ws;
      }

      const app = new web.Application();
      app.router.addRoute("GET", "/", handler);
      yield* using(aiohttpClient(app), function* (client) {
        const resp = yield* client.wsConnect("/", { autoclose: false });
        yield* resp.sendBytes(b("ask"));

        let msg = yield* resp.receive();
        expect(msg.data).toBe("test");

        msg = yield* resp.receive();
        expect(msg.type).toBe(WSMsgType.CLOSE);
        expect(msg.data).toBe(1000);
        expect(msg.extra).toBe("");
        expect(resp.closed).toBeFalsy();

        yield* resp.close();
        yield* closed;
        expect(resp.closed).toBeTruthy();
      });
    });
  });

  it.fails("test_close_timeout", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.receiveBytes();
      yield* ws.sendStr("test");
      yield* sleep(1);
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { timeout: 0.2, autoclose: false });

      yield* resp.sendBytes(b("ask"));

      let msg: WSMessage | boolean = yield* resp.receive();
      expect(msg.data).toBe("test");
      expect(msg.type).toBe(WSMsgType.TEXT);

      msg = yield* resp.close();
      expect(resp.closed).toBeTruthy();
      expect(resp.exception()).toBeInstanceOf(TimeoutError);
    });
  });

  it("test_close_cancel", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.receiveBytes();
      yield* ws.sendStr("test");
      yield* sleep(10);
      // (upstream's handler returns None)
      return undefined as unknown as web.StreamResponse;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { autoclose: false });

      yield* resp.sendBytes(b("ask"));

      const text = yield* resp.receive();
      expect(text.data).toBe("test");

      const t = createTask(resp.close());
      yield* sleep(0.1);
      t.cancel();
      yield* sleep(0.1);
      expect(resp.closed).toBeTruthy();
      expect(resp.exception()).toBe(null);
    });
  });

  it("test_override_default_headers", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.get(SEC_WEBSOCKET_VERSION)).toBe("8");
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.sendStr("answer");
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    const headers = { [SEC_WEBSOCKET_VERSION]: "8" };
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { headers });
      const msg = yield* resp.receive();
      expect(msg.data).toBe("answer");
      yield* resp.close();
    });
  });

  it("test_additional_headers", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.get("x-hdr")).toBe("xtra");
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      yield* ws.sendStr("answer");
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { headers: { "x-hdr": "xtra" } });
      const msg = yield* resp.receive();
      expect(msg.data).toBe("answer");
      yield* resp.close();
    });
  });

  it("test_recv_protocol_error", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      yield* ws.receiveStr();
      request.rawRequest.socket.write(b("01234".repeat(100)));
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      yield* resp.sendStr("ask");

      const msg = yield* resp.receive();
      expect(msg.type).toBe(WSMsgType.ERROR);
      expect((msg.data as object).constructor).toBe(WebSocketError);
      expect((msg.data as WebSocketError).code).toBe(WSCloseCode.PROTOCOL_ERROR);
      expect((msg.data as WebSocketError).message).toBe("Received frame with non-zero reserved bits");
      expect(msg.extra).toBe(null);
      yield* resp.close();
    });
  });

  it("test_recv_timeout", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      yield* ws.receiveStr();

      yield* sleep(0.1);

      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      yield* resp.sendStr("ask");

      expect(
        yield* catching(
          using(timeout(0.01), function* () {
            yield* resp.receive();
          }),
        ),
      ).toBeInstanceOf(TimeoutError);

      yield* resp.close();
    });
  });

  it("test_receive_timeout", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.receive();
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { receiveTimeout: 0.1 });

      expect(yield* catching(resp.receive(0.05))).toBeInstanceOf(TimeoutError);

      yield* resp.close();
    });
  });

  it("test_custom_receive_timeout", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.receive();
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");

      expect(yield* catching(resp.receive(0.05))).toBeInstanceOf(TimeoutError);

      yield* resp.close();
    });
  });

  it("test_heartbeat", async () => {
    let pingReceived = false;

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse({ autoping: false });
      yield* ws.prepare(request);
      const msg = yield* ws.receive();
      if (msg.type === WSMsgType.PING) pingReceived = true;
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { heartbeat: 0.01 });
      yield* sleep(0.1);
      yield* resp.receive();
      yield* resp.close();

      expect(pingReceived).toBeTruthy();
    });
  });

  it("test_heartbeat_no_pong", async () => {
    let pingReceived = false;

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse({ autoping: false });
      yield* ws.prepare(request);
      const msg = yield* ws.receive();
      if (msg.type === WSMsgType.PING) pingReceived = true;
      yield* ws.receive();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { heartbeat: 0.05 });

      yield* resp.receive();
      yield* resp.receive();

      expect(pingReceived).toBeTruthy();
    });
  });

  it("test_send_recv_compress", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveStr();
      yield* ws.sendStr(`${msg}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { compress: 15 });
      yield* resp.sendStr("ask");

      expect(resp.compress).toBe(15);

      const data = yield* resp.receiveStr();
      expect(data).toBe("ask/answer");

      yield* resp.close();
      expect(resp.getExtraInfo("socket")).toBe(null);
    });
  });

  it.fails("test_send_recv_compress_wbits", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveStr();
      yield* ws.sendStr(`${msg}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/", { compress: 9 });
      yield* resp.sendStr("ask");

      // Client indicates supports wbits 15
      // Server supports wbit 15 for decode
      expect(resp.compress).toBe(15);

      const data = yield* resp.receiveStr();
      expect(data).toBe("ask/answer");

      yield* resp.close();
      expect(resp.getExtraInfo("socket")).toBe(null);
    });
  });

  it("test_send_recv_compress_wbit_error", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveBytes();
      yield* ws.sendBytes(Buffer.concat([msg, b("/answer")]));
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      // (wsConnect() checks its options when called, before the await: both are in the block.)
      expect(
        yield* catching(
          (function* () {
            yield* client.wsConnect("/", { compress: 1 } as never);
          })(),
        ),
      ).toBeInstanceOf(RangeError);
    });
  });

  it("test_ws_client_async_for", async () => {
    const items = ["q1", "q2", "q3"];

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      for (const i of items) yield* ws.sendStr(i);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      const it = items[Symbol.iterator]();
      for (let msg: WSMessage | null; (msg = yield* anext(resp, null)) !== null; ) {
        expect(msg.data).toBe(it.next().value);
      }

      // pytest.raises(StopIteration): next(it) — the iterator is exhausted
      expect(it.next().done).toBe(true);

      expect(resp.closed).toBeTruthy();
    });
  });

  it("test_ws_async_with", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      const msg = yield* ws.receive();
      yield* ws.sendStr(`${msg.data}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withServer(app, function* (server) {
      yield* using(new ClientSession(), function* (client) {
        let ws: ClientWebSocketResponse | null = null;
        yield* using(client.wsConnect(server.makeUrl("/")), function* (w) {
          ws = w;
          yield* w.sendStr("request");
          const msg = yield* w.receive();
          expect(msg.data).toBe("request/answer");
        });

        expect((ws as unknown as ClientWebSocketResponse).closed).toBeTruthy();
      });
    });
  });

  it("test_ws_async_with_send", async () => {
    // send_xxx methods have to return awaitable objects

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      const msg = yield* ws.receive();
      yield* ws.sendStr(`${msg.data}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withServer(app, function* (server) {
      yield* using(new ClientSession(), function* (client) {
        let ws: ClientWebSocketResponse | null = null;
        yield* using(client.wsConnect(server.makeUrl("/")), function* (w) {
          ws = w;
          yield* w.sendStr("request");
          const msg = yield* w.receive();
          expect(msg.data).toBe("request/answer");
        });

        expect((ws as unknown as ClientWebSocketResponse).closed).toBeTruthy();
      });
    });
  });

  it("test_ws_async_with_shortcut", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      const msg = yield* ws.receive();
      yield* ws.sendStr(`${msg.data}/answer`);
      yield* ws.close();
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withServer(app, function* (server) {
      yield* using(new ClientSession(), function* (client) {
        let ws: ClientWebSocketResponse | null = null;
        yield* using(client.wsConnect(server.makeUrl("/")), function* (w) {
          ws = w;
          yield* w.sendStr("request");
          const msg = yield* w.receive();
          expect(msg.data).toBe("request/answer");
        });

        expect((ws as unknown as ClientWebSocketResponse).closed).toBeTruthy();
      });
    });
  });

  it("test_closed_async_for", async () => {
    await inLoop(function* () {
      const closed = createFuture();

      function* handler(request: web.Request): Coro<web.StreamResponse> {
        const ws = new web.WebSocketResponse();
        yield* ws.prepare(request);

        try {
          yield* ws.sendBytes(b("started"));
          yield* ws.receiveBytes();
        } finally {
          closed.setResult(1);
        }
        return ws;
      }

      const app = new web.Application();
      app.router.addRoute("GET", "/", handler);
      yield* using(aiohttpClient(app), function* (client) {
        const resp = yield* client.wsConnect("/");

        const messages: WSMessage[] = [];
        for (let msg: WSMessage | null; (msg = yield* anext(resp, null)) !== null; ) {
          messages.push(msg);
          if (b("started").equals(msg.data as Buffer)) {
            yield* resp.sendBytes(b("ask"));
            yield* resp.close();
          }
        }

        expect(messages.length).toBe(1);
        expect(messages[0]?.type).toBe(WSMsgType.BINARY);
        expect(messages[0]?.data).toEqual(b("started"));
        expect(resp.closed).toBeTruthy();

        yield* closed;
      });
    });
  });

  it("test_peer_connection_lost", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveStr();
      expect(msg).toBe("ask");
      yield* ws.sendStr("answer");
      request.rawRequest.socket.destroySoon();
      yield* sleep(10);
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      yield* resp.sendStr("ask");
      expect(yield* resp.receiveStr()).toBe("answer");

      const msg = yield* resp.receive();
      expect(msg.type).toBe(WSMsgType.CLOSED);
      yield* resp.close();
    });
  });

  it("test_peer_connection_lost_iter", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);

      const msg = yield* ws.receiveStr();
      expect(msg).toBe("ask");
      yield* ws.sendStr("answer");
      request.rawRequest.socket.destroySoon();
      yield* sleep(100);
      return ws;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, function* (client) {
      const resp = yield* client.wsConnect("/");
      yield* resp.sendStr("ask");
      for (let msg: WSMessage | null; (msg = yield* anext(resp, null)) !== null; ) {
        expect(msg.data).toBe("answer");
      }

      yield* resp.close();
    });
  });
});
