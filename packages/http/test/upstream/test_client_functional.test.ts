/**
 * aiohttp 3.8.4's tests/test_client_functional.py, ported to @aio/http's client (`ClientSession`,
 * `ClientResponse`, `TCPConnector`) against this package's server (`web.Application`), on real
 * sockets on 127.0.0.1: each upstream test under its own name, with its steps and assertions, in
 * upstream order. The `aiohttp_client(app, **kwargs)` fixture is
 * `web.TestClient(web.TestServer(app), options)` (the kwargs are the session's options),
 * `aiohttp_server(app)` is `web.TestServer(app)`; both run in the test's loop.
 * `await client.get(...)` is `yield* client.get(...)`; asyncio.TimeoutError is @aio/future's
 * TimeoutError, ValueError is RangeError; `request.rel_url.query_string` is the decoded query of
 * `request.url`. What the package lacks (a member, a class, an option) is reached through
 * `missing(x)`, so that the test is written as upstream's and fails on it at run time.
 *
 * COUNTS (150 upstream test functions, 157 tests with the parametrized ones: test_ok_from_status
 * ×6, test_drop_auth_on_redirect_to_other_host ×3; all ported, in upstream order, but one N/A):
 *   passed: 141
 *   failing (it.fails): 15 —
 *     what the client lacks: TraceConfig (test_keepalive_after_head_requests_success);
 *       io.StringIO and TextIOPayload, Python's in-memory text files (test_post_data_stringio,
 *       test_post_data_textio_encoding); a posted file as a form value on the server side
 *       (test_post_data_with_bytesio_file: `post()` gives the file name there, the file in
 *       `.files`, where aiohttp gives a FileField with a file object to `.read()`);
 *       TCPConnector.clear_dns_cache() (test_HTTP_200_OK_METHOD_connector); the ResourceWarning for a bytes
 *       body over 1 MiB (test_POST_bytes_too_large); the "aiohttp.client" logger (test_set_cookies);
 *     where the client differs: its own User-Agent, not aiohttp's (test_auto_header_user_agent);
 *       undici writes "host", in lower case (test_host_header_first); undici reconnects where
 *       aiohttp reuses a connection the server closed and fails
 *       (test_handle_keepalive_on_closed_connection);
 *     what the server (web, not this port's to change) lacks: a raw writer returned by prepare()
 *       (test_bad_payload_chunked_encoding); request.text()/post() in koi8-r (test_POST_DATA_formdats_with_charset);
 *       the headers aiohttp's server sends, in its order: Date then Server, no Connection nor
 *       Keep-Alive (test_raw_headers, test_empty_header_values);
 *     test_broken_connection: @pytest.mark.xfail upstream (it fails with aiohttp too).
 *   N/A: 1 — test_close_context_manager: it closes the Python coroutine object the context manager
 *     wraps (`ctx.close()`, then the private `ctx._coro.cr_running`), a CPython coroutine's state;
 *     this package's RequestContextManager holds no started coroutine (the request starts when it
 *     is entered), there is nothing to close or look at.
 *   not yet ported: none.
 * In
 * test_readline_error_on_conn_close the handler's own pytest.raises(ServerDisconnectedError) does
 * not hold (this server cancels the handler: CancelledError), which the test does not see either.
 * In test_read_timeout_on_prepared_response the handler's `resp.drain()` (aiohttp's deprecated
 * StreamResponse.drain, which the server's StreamResponse lacks) is never reached, in aiohttp
 * either: the handler is cancelled when the client gives up after 0.1 s.
 *
 * Adapted steps: `len(client._session.connector._conns)` (aiohttp's private pool of idle
 * connections) is counted from the server's side: the distinct sockets the requests came on
 * (`request.rawRequest.socket`) that are still open after the requests, which is the pool's size
 * there (one kept-alive connection, or none when the server closes each). asyncio's
 * `transport.close()` on the handler's side is `request.rawRequest.socket.destroySoon()`; an
 * asyncio Protocol server is a node:net server. The `fname` fixture (upstream's conftest.py) is a
 * file of that name in a temporary directory, an open file a Node ReadStream, an `io.BytesIO` a
 * `Blob` (JavaScript's in-memory file: bytes with a size, no name). A warning upstream
 * catches with pytest.warns is looked for as a Node process warning of that name. In
 * test_set_cookies_max_age_overflow, upstream's check that Python's datetime overflows (a Python
 * fact, not aiohttp's) has no JavaScript counterpart (a Date goes to the year 275760). The private
 * `cm._session` of aiohttp.request()'s context manager is its `session`.
 */
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { CancelledError, type Future, TimeoutError } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { type Coro, createTask, gather, sleep, using, waitFor } from "@aio/task";
import { describe, expect, it } from "vitest";
import * as aiohttp from "../../src/index.js";
import {
  ClientConnectionError,
  ClientPayloadError,
  ClientSession,
  ClientTimeout,
  FormData,
  Morsel,
  MultiDict,
  ServerDisconnectedError,
  TCPConnector,
  TooManyRedirects,
  web,
} from "../../src/index.js";
import { inLoop } from "../servers.js";
import { caPem, serverCertSha256, serverTls } from "../tls-certs.js";

/** Python's `b"..."`. */
const b = (s: string): Buffer => Buffer.from(s, "latin1");

/** A member, class or option this package does not have (yet): the test fails on it when run. */
// biome-ignore lint/suspicious/noExplicitAny: what is missing has no type
const missing = (x: unknown): any => x;

/** The upstream `client = await aiohttp_client(app, **kwargs)`, closed (with its server) at the end. */
function withClient<T>(
  app: web.Application,
  options: aiohttp.ClientSessionOptions,
  body: (client: web.TestClient) => Coro<T>,
): Promise<T> {
  return inLoop(() => using(new web.TestClient(new web.TestServer(app), options), body));
}

/** A test with the `aiohttp_server` fixture: `body(server)` in a new loop. */
function withServer<T>(app: web.Application, body: (server: web.TestServer) => Coro<T>): Promise<T> {
  return inLoop(() => using(new web.TestServer(app), body));
}

/** The sockets requests came on; `open()`: how many are still open (the client's pool, seen from the server). */
function socketsSeen() {
  const sockets = new Set<Socket>();
  return {
    add(request: web.Request) {
      sockets.add(request.rawRequest.socket);
    },
    *open(): Coro<number> {
      yield* sleep(0.05); // a socket the client closes is seen closed by the server a moment later
      return [...sockets].filter((s) => !s.destroyed && s.readable).length;
    },
  };
}

/** `request.rel_url.query_string`: the query, decoded (yarl's, `+` a space). */
const queryString = (request: web.Request): string =>
  decodeURIComponent(new URL(request.url).search.slice(1).replace(/\+/g, " "));

/** `with pytest.raises(cls): await aw` — gives the error. */
function* expectRaises<E>(
  cls: abstract new (...args: never[]) => E,
  aw: Coro<unknown> | { aenter(): Coro<unknown> },
): Coro<E> {
  try {
    if (typeof (aw as { aenter?: unknown }).aenter === "function")
      yield* (aw as { aenter(): Coro<unknown> }).aenter();
    else yield* aw as Coro<unknown>;
  } catch (err) {
    expect(err).toBeInstanceOf(cls);
    return err as E;
  }
  throw new Error(`DID NOT RAISE ${cls.name}`);
}

/** The upstream `loop.create_future()` (of the running loop). */
const createFuture = () => getRunningLoop().createFuture<null>() as Future<null>;

/** The `fname` fixture: upstream's tests/conftest.py (a Python file; here one of the same name). */
const fname = join(mkdtempSync(join(tmpdir(), "aio-client-functional-")), "conftest.py");
writeFileSync(fname, `import pytest\n\n\n@pytest.fixture\ndef here():\n    return "${"x".repeat(2000)}"\n`);

/**
 * The `ssl_ctx` fixture: the server's key and certificate (test/fixtures/tls: trustme's CA-signed
 * certificate for localhost, 127.0.0.1 and ::1 there).
 */
const sslCtx = serverTls;
/** The `client_ssl_ctx` fixture: a client that trusts the test CA. */
const clientSslCtx = { ca: caPem };
/** The `tls_certificate_fingerprint_sha256` fixture (the sha256 of the server's certificate). */
const tlsCertificateFingerprintSha256 = serverCertSha256;

describe("test_client_functional", () => {
  it("test_keepalive_two_requests_success", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      return new web.Response({ body: b("OK") });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const connector = new TCPConnector({ limit: 1 });
    await withClient(app, { connector }, function* (client) {
      const resp1 = yield* client.get("/");
      yield* resp1.read();
      const resp2 = yield* client.get("/");
      yield* resp2.read();

      expect(yield* seen.open()).toBe(1);
    });
  });

  it.fails("test_keepalive_after_head_requests_success", async () => {
    // fails: TraceConfig (request tracing, its on_connection_reuseconn signal) is missing
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      return new web.Response({ body: b("OK") });
    }

    let cntConnReuse = 0;

    function* onReuseconn(_session: unknown, _ctx: unknown, _params: unknown): Coro<void> {
      cntConnReuse += 1;
    }

    const traceConfig = new (missing(aiohttp).TraceConfig)();
    traceConfig._on_connection_reuseconn.push(onReuseconn);

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const connector = new TCPConnector({ limit: 1 });
    await withClient(app, missing({ connector, traceConfigs: [traceConfig] }), function* (client) {
      const resp1 = yield* client.head("/");
      yield* resp1.read();
      const resp2 = yield* client.get("/");
      yield* resp2.read();

      expect(cntConnReuse).toBe(1);
    });
  });

  it("test_keepalive_response_released", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      return new web.Response({ body: b("OK") });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const connector = new TCPConnector({ limit: 1 });
    await withClient(app, { connector }, function* (client) {
      const resp1 = yield* client.get("/");
      resp1.release();
      const resp2 = yield* client.get("/");
      resp2.release();

      expect(yield* seen.open()).toBe(1);
    });
  });

  it("test_keepalive_server_force_close_connection", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      const response = new web.Response({ body: b("OK") });
      response.forceClose();
      return response;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const connector = new TCPConnector({ limit: 1 });
    await withClient(app, { connector }, function* (client) {
      const resp1 = yield* client.get("/");
      resp1.close();
      const resp2 = yield* client.get("/");
      resp2.close();

      expect(yield* seen.open()).toBe(0);
    });
  });

  it("test_release_early", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      yield* request.read();
      return new web.Response({ body: b("OK") });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.closed).toBe(true);
      expect(yield* seen.open()).toBe(1);
    });
  });

  it("test_HTTP_304", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      return new web.Response({ status: 304 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(304);
      const content = yield* resp.read();
      expect(content).toEqual(b(""));
    });
  });

  it("test_HTTP_304_WITH_BODY", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      return new web.Response({ body: b("test"), status: 304 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(304);
      const content = yield* resp.read();
      expect(content).toEqual(b(""));
    });
  });

  it.fails("test_auto_header_user_agent", async () => {
    // fails: the User-Agent this package sends is its own ("aio-http/0.1 Node.js/…"), not aiohttp's
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.get("user-agent")).toContain("aiohttp");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
    });
  });

  it("test_skip_auto_headers_user_agent", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.has("User-Agent")).toBe(false);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/", { skipAutoHeaders: ["user-agent"] });
      expect(resp.status).toBe(200);
    });
  });

  it("test_skip_default_auto_headers_user_agent", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.has("User-Agent")).toBe(false);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, { skipAutoHeaders: ["user-agent"] }, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
    });
  });

  it("test_skip_auto_headers_content_type", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.has("Content-Type")).toBe(false);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/", { skipAutoHeaders: ["content-type"] });
      expect(resp.status).toBe(200);
    });
  });

  it("test_post_data_bytesio", async () => {
    const data = b("some buffer");

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.contentLength).toBe(data.length);
      const val = yield* request.read();
      expect(val).toEqual(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("POST", "/", handler);
    await withClient(app, {}, function* (client) {
      const fileHandle = new Blob([data]); // io.BytesIO(data): see the header
      const resp = yield* client.post("/", { data: fileHandle });
      expect(resp.status).toBe(200);
    });
  });

  it.fails("test_post_data_with_bytesio_file", async () => {
    // fails: the server's post() gives the file's name as the form value (the file is in
    // `.files`), not aiohttp's FileField with a file object to read
    const data = b("some buffer");

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const postData = yield* request.post();
      expect([...postData.keys()]).toEqual(["file"]);
      expect(missing(postData.get("file")).file.read()).toEqual(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("POST", "/", handler);
    await withClient(app, {}, function* (client) {
      const fileHandle = new Blob([data]); // io.BytesIO(data): see the header
      const resp = yield* client.post("/", { data: { file: fileHandle } });
      expect(resp.status).toBe(200);
    });
  });

  it.fails("test_post_data_stringio", async () => {
    // fails: there is no io.StringIO body (StringIOPayload)
    const data = "some buffer";

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.contentLength).toBe(data.length);
      expect(request.headers.get("CONTENT-TYPE")).toBe("text/plain; charset=utf-8");
      const val = yield* request.text();
      expect(val).toBe(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("POST", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { data: new (missing(aiohttp).StringIO)(data) });
      expect(resp.status).toBe(200);
    });
  });

  it.fails("test_post_data_textio_encoding", async () => {
    // fails: there is no TextIOPayload (nor io.StringIO)
    const data = "текст";

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.get("CONTENT-TYPE")).toBe("text/plain; charset=koi8-r");
      const val = yield* request.text();
      expect(val).toBe(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("POST", "/", handler);
    await withClient(app, {}, function* (client) {
      const pl = new (missing(aiohttp).TextIOPayload)(new (missing(aiohttp).StringIO)(data), {
        encoding: "koi8-r",
      });
      const resp = yield* client.post("/", { data: pl });
      expect(resp.status).toBe(200);
    });
  });

  it("test_ssl_client", async () => {
    const connector = new TCPConnector({ ssl: clientSslCtx });

    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: "Test message" });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await inLoop(() =>
      using(new web.TestServer(app, { ssl: sslCtx }), function* (server) {
        yield* using(new web.TestClient(server, { connector }), function* (client) {
          const resp = yield* client.get("/");
          expect(resp.status).toBe(200);
          const txt = yield* resp.text();
          expect(txt).toBe("Test message");
        });
      }),
    );
  });

  it("test_tcp_connector_fingerprint_ok", async () => {
    const tlsFingerprint = new aiohttp.Fingerprint(tlsCertificateFingerprintSha256);

    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: "Test message" });
    }

    const connector = new TCPConnector({ ssl: tlsFingerprint });
    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await inLoop(() =>
      using(new web.TestServer(app, { ssl: sslCtx }), function* (server) {
        yield* using(new web.TestClient(server, { connector }), function* (client) {
          const resp = yield* client.get("/");
          expect(resp.status).toBe(200);
          resp.close();
        });
      }),
    );
  });

  it("test_tcp_connector_fingerprint_fail", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: "Test message" });
    }

    const badFingerprint = Buffer.alloc(tlsCertificateFingerprintSha256.length, 0);

    const connector = new TCPConnector({ ssl: new aiohttp.Fingerprint(badFingerprint) });

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await inLoop(() =>
      using(new web.TestServer(app, { ssl: sslCtx }), function* (server) {
        yield* using(new web.TestClient(server, { connector }), function* (client) {
          let exc: unknown = null;
          try {
            yield* client.get("/");
          } catch (e) {
            exc = e;
          }
          expect(exc).toBeInstanceOf(aiohttp.ServerFingerprintMismatch);
          expect((exc as aiohttp.ServerFingerprintMismatch).expected).toEqual(badFingerprint);
          expect((exc as aiohttp.ServerFingerprintMismatch).got).toEqual(tlsCertificateFingerprintSha256);
        });
      }),
    );
  });

  it("test_format_task_get", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("OK") });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withServer(app, function* (server) {
      const client = new ClientSession();
      const task = createTask(
        (function* () {
          return yield* client.get(server.makeUrl("/"));
        })(),
      );
      expect(`${task}`.startsWith("<Task pending")).toBe(true);
      const resp = yield* task;
      resp.close();
      yield* client.close();
    });
  });

  it("test_str_params", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(queryString(request)).toContain("q=t est");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/", { params: "q=t+est" });
      expect(resp.status).toBe(200);
    });
  });

  it("test_drop_params_on_redirect", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 301, headers: { Location: "/ok?a=redirect" } });
    }

    function* handlerOk(request: web.Request): Coro<web.StreamResponse> {
      expect(queryString(request)).toBe("a=redirect");
      return new web.Response({ status: 200 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/ok", handlerOk);
    app.router.addRoute("GET", "/redirect", handlerRedirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/redirect", { params: { a: "initial" } });
      expect(resp.status).toBe(200);
    });
  });

  it("test_drop_fragment_on_redirect", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 301, headers: { Location: "/ok#fragment" } });
    }

    function* handlerOk(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 200 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/ok", handlerOk);
    app.router.addRoute("GET", "/redirect", handlerRedirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/redirect");
      expect(resp.status).toBe(200);
      expect(new URL(resp.url).pathname).toBe("/ok");
    });
  });

  it("test_drop_fragment", async () => {
    function* handlerOk(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 200 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/ok", handlerOk);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/ok#fragment");
      expect(resp.status).toBe(200);
      expect(new URL(resp.url).pathname).toBe("/ok");
    });
  });

  it("test_history", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 301, headers: { Location: "/ok" } });
    }

    function* handlerOk(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 200 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/ok", handlerOk);
    app.router.addRoute("GET", "/redirect", handlerRedirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/ok");
      expect(resp.history.length).toBe(0);
      expect(resp.status).toBe(200);

      const respRedirect = yield* client.get("/redirect");
      expect(respRedirect.history.length).toBe(1);
      expect(respRedirect.history[0]?.status).toBe(301);
      expect(respRedirect.status).toBe(200);
    });
  });

  it("test_keepalive_closed_by_server", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      const body = yield* request.read();
      expect(body).toEqual(b(""));
      const resp = new web.Response({ body: b("OK") });
      resp.forceClose();
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const connector = new TCPConnector({ limit: 1 });
    await withClient(app, { connector }, function* (client) {
      const resp1 = yield* client.get("/");
      const val1 = yield* resp1.read();
      expect(val1).toEqual(b("OK"));
      const resp2 = yield* client.get("/");
      const val2 = yield* resp2.read();
      expect(val2).toEqual(b("OK"));

      expect(yield* seen.open()).toBe(0);
    });
  });

  it("test_wait_for", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("OK") });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* waitFor(
        (function* () {
          return yield* client.get("/");
        })(),
        10,
      );
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("OK");
    });
  });

  it.fails("test_raw_headers", async () => {
    // fails: the server (web) sends Server before Date, and Node's Connection: keep-alive and
    // Keep-Alive: timeout=75 after them, where aiohttp's sends Date, Server and no more
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);

      const rawHeaders = resp.rawHeaders.map(([h, v]) => [Buffer.from(h), Buffer.from(v)]);
      expect(rawHeaders).toEqual([
        [b("Content-Length"), b("0")],
        [b("Content-Type"), b("application/octet-stream")],
        [b("Date"), expect.anything()],
        [b("Server"), expect.anything()],
      ]);
      resp.close();
    });
  });

  it.fails("test_host_header_first", async () => {
    // fails: undici (under the client) writes the Host header first but as "host", in lower case
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect([...request.headers.keys()][0]).toBe("Host");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
    });
  });

  it.fails("test_empty_header_values", async () => {
    // fails: the server (web) sends Server before Date, and Node's Connection: keep-alive and
    // Keep-Alive: timeout=75 after them, where aiohttp's sends Date, Server and no more
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response();
      resp.headers.set("X-Empty", "");
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const rawHeaders = resp.rawHeaders.map(([h, v]) => [Buffer.from(h), Buffer.from(v)]);
      expect(rawHeaders).toEqual([
        [b("X-Empty"), b("")],
        [b("Content-Length"), b("0")],
        [b("Content-Type"), b("application/octet-stream")],
        [b("Date"), expect.anything()],
        [b("Server"), expect.anything()],
      ]);
      resp.close();
    });
  });

  it("test_204_with_gzipped_content_encoding", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse({ status: 204 });
      resp.contentLength = 0;
      resp.contentType = "application/json";
      // resp.enable_compression(web.ContentCoding.gzip)
      resp.headers.set("Content-Encoding", "gzip");
      yield* resp.prepare(request);
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("DELETE", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.delete("/");
      expect(resp.status).toBe(204);
      expect(resp.closed).toBe(true);
    });
  });

  it("test_timeout_on_reading_headers", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* sleep(0.1);
      yield* resp.prepare(request);
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      yield* expectRaises(TimeoutError, client.get("/", { timeout: 0.01 }));
    });
  });

  it("test_timeout_on_conn_reading_headers", async () => {
    // tests case where user did not set a connection timeout

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* sleep(0.1);
      yield* resp.prepare(request);
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const conn = new TCPConnector();
    await withClient(app, { connector: conn }, function* (client) {
      yield* expectRaises(TimeoutError, client.get("/", { timeout: 0.01 }));
    });
  });

  it("test_timeout_on_session_read_timeout", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* sleep(0.1);
      yield* resp.prepare(request);
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    const conn = new TCPConnector();
    await withClient(
      app,
      { connector: conn, timeout: new ClientTimeout({ sockRead: 0.01 }) },
      function* (client) {
        yield* expectRaises(TimeoutError, client.get("/"));
      },
    );
  });

  it("test_read_timeout_between_chunks", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* resp.prepare(request);
      // write data 4 times, with pauses. Total time 2 seconds.
      for (let i = 0; i < 4; i++) {
        yield* sleep(0.5);
        yield* resp.write(b("data\n"));
      }
      return resp;
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    // A timeout of 0.2 seconds should apply per read.
    const timeout = new ClientTimeout({ sockRead: 1 });
    await withClient(app, { timeout }, function* (client) {
      let res = b("");
      yield* using(yield* client.get("/"), function* (resp) {
        res = Buffer.concat([res, yield* resp.read()]);
      });

      expect(res).toEqual(b("data\n".repeat(4)));
    });
  });

  it("test_read_timeout_on_reading_chunks", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* resp.prepare(request);
      yield* resp.write(b("data\n"));
      yield* sleep(1);
      yield* resp.write(b("data\n"));
      return resp;
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    // A timeout of 0.2 seconds should apply per read.
    const timeout = new ClientTimeout({ sockRead: 0.2 });
    await withClient(app, { timeout }, function* (client) {
      yield* using(yield* client.get("/"), function* (resp) {
        expect(yield* resp.content.read(5)).toEqual(b("data\n"));
        yield* expectRaises(TimeoutError, resp.content.read());
      });
    });
  });

  it("test_timeout_on_reading_data", async () => {
    const fut = { f: null as Future<null> | null };

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse({ headers: { "content-length": "100" } });
      yield* resp.prepare(request);
      fut.f?.setResult(null);
      yield* sleep(0.2);
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      fut.f = createFuture();
      const resp = yield* client.get("/", { timeout: 1 });
      yield* fut.f;

      yield* expectRaises(TimeoutError, resp.read());
    });
  });

  it("test_timeout_none", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* resp.prepare(request);
      return resp;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/", { timeout: null });
      expect(resp.status).toBe(200);
    });
  });

  it("test_readline_error_on_conn_close", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp_ = new web.StreamResponse();
      yield* resp_.prepare(request);

      // make sure connection is closed by client.
      yield* expectRaises(
        ServerDisconnectedError,
        (function* () {
          for (let i = 0; i < 10; i++) {
            yield* resp_.write(b("data\n"));
            yield* sleep(0.5);
          }
        })(),
      );
      return resp_;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (server) {
      const loop = getRunningLoop();
      const session = new ClientSession();
      try {
        let timerStarted = false;
        const [url, headers] = [server.makeUrl("/"), { Connection: "Keep-alive" }];
        const resp = yield* session.get(url, { headers });
        yield* expectRaises(
          ClientConnectionError,
          (function* () {
            for (;;) {
              let data = yield* resp.content.readline();
              data = b(data.toString("latin1").trim());
              if (data.length === 0) break;
              expect(data).toEqual(b("data"));
              if (!timerStarted) {
                const doRelease = () => {
                  createTask(
                    (function* () {
                      resp.release();
                    })(),
                  );
                };

                loop.callLater(1.0, doRelease);
                timerStarted = true;
              }
            }
          })(),
        );
      } finally {
        yield* session.close();
      }
    });
  });

  it("test_no_error_on_conn_close_if_eof", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp_ = new web.StreamResponse();
      yield* resp_.prepare(request);
      yield* resp_.write(b("data\n"));
      yield* sleep(0.5);
      return resp_;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (server) {
      const session = new ClientSession();
      try {
        const [url, headers] = [server.makeUrl("/"), { Connection: "Keep-alive" }];
        const resp = yield* session.get(url, { headers });
        for (;;) {
          let data = yield* resp.content.readline();
          data = b(data.toString("latin1").trim());
          if (data.length === 0) break;
          expect(data).toEqual(b("data"));
        }

        expect(resp.content.exception()).toBe(null);
      } finally {
        yield* session.close();
      }
    });
  });

  it("test_error_not_overwrote_on_conn_close", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp_ = new web.StreamResponse();
      yield* resp_.prepare(request);
      return resp_;
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);
    await withClient(app, {}, function* (server) {
      const session = new ClientSession();
      let resp: aiohttp.ClientResponse;
      try {
        const [url, headers] = [server.makeUrl("/"), { Connection: "Keep-alive" }];
        resp = yield* session.get(url, { headers });
        resp.content.setException(new RangeError());
      } finally {
        yield* session.close();
      }

      expect(resp.content.exception()).toBeInstanceOf(RangeError);
    });
  });

  it("test_HTTP_200_OK_METHOD", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    const app = new web.Application();
    for (const meth of ["get", "post", "put", "delete", "head", "patch", "options"]) {
      app.router.addRoute(meth.toUpperCase(), "/", handler);
    }

    await withClient(app, {}, function* (client) {
      for (const meth of ["get", "post", "put", "delete", "head", "patch", "options"]) {
        const resp = yield* client.request(meth, "/");
        expect(resp.status).toBe(200);
        expect(resp.history.length).toBe(0);

        const content1 = yield* resp.read();
        const content2 = yield* resp.read();
        expect(content1).toEqual(content2);
        const content = yield* resp.text();

        if (meth === "head") {
          expect(content1).toEqual(b(""));
        } else {
          expect(content).toBe(meth.toUpperCase());
        }
      }
    });
  });

  it.fails("test_HTTP_200_OK_METHOD_connector", async () => {
    // fails: TCPConnector has no clear_dns_cache() (the client resolves through undici, no DNS cache of its own)
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    const conn = new TCPConnector();
    missing(conn).clearDnsCache();

    const app = new web.Application();
    for (const meth of ["get", "post", "put", "delete", "head"]) {
      app.router.addRoute(meth.toUpperCase(), "/", handler);
    }
    await withClient(app, { connector: conn }, function* (client) {
      for (const meth of ["get", "post", "put", "delete", "head"]) {
        const resp = yield* client.request(meth, "/");

        const content1 = yield* resp.read();
        const content2 = yield* resp.read();
        expect(content1).toEqual(content2);
        const content = yield* resp.text();

        expect(resp.status).toBe(200);
        if (meth === "head") {
          expect(content1).toEqual(b(""));
        } else {
          expect(content).toBe(meth.toUpperCase());
        }
      }
    });
  });

  it("test_HTTP_302_REDIRECT_GET", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPFound("/");
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    app.router.addGet("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/redirect");
      expect(resp.status).toBe(200);
      expect(resp.history.length).toBe(1);
      resp.close();
    });
  });

  it("test_HTTP_302_REDIRECT_HEAD", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPFound("/");
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    app.router.addGet("/redirect", redirect);
    app.router.addHead("/", handler);
    app.router.addHead("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.request("head", "/redirect");
      expect(resp.status).toBe(200);
      expect(resp.history.length).toBe(1);
      expect(resp.method).toBe("HEAD");
      resp.close();
    });
  });

  it("test_HTTP_302_REDIRECT_NON_HTTP", async () => {
    function* redirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPFound("ftp://127.0.0.1/test/");
    }

    const app = new web.Application();
    app.router.addGet("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      yield* expectRaises(RangeError, client.get("/redirect"));
    });
  });

  it("test_HTTP_302_REDIRECT_POST", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPFound("/");
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    app.router.addPost("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/redirect");
      expect(resp.status).toBe(200);
      expect(resp.history.length).toBe(1);
      const txt = yield* resp.text();
      expect(txt).toBe("GET");
      resp.close();
    });
  });

  it("test_HTTP_302_REDIRECT_POST_with_content_length_hdr", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(request: web.Request): Coro<web.StreamResponse> {
      yield* request.read();
      throw new web.HTTPFound("/");
    }

    const data = JSON.stringify({ some: "data" });
    const app = new web.Application();
    app.router.addGet("/", handler);
    app.router.addPost("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/redirect", {
        data,
        headers: { "Content-Length": String(data.length) },
      });
      expect(resp.status).toBe(200);
      expect(resp.history.length).toBe(1);
      const txt = yield* resp.text();
      expect(txt).toBe("GET");
      resp.close();
    });
  });

  it("test_HTTP_307_REDIRECT_POST", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(request: web.Request): Coro<web.StreamResponse> {
      yield* request.read();
      throw new web.HTTPTemporaryRedirect("/");
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    app.router.addPost("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/redirect", { data: { some: "data" } });
      expect(resp.status).toBe(200);
      expect(resp.history.length).toBe(1);
      const txt = yield* resp.text();
      expect(txt).toBe("POST");
      resp.close();
    });
  });

  it("test_HTTP_308_PERMANENT_REDIRECT_POST", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(request: web.Request): Coro<web.StreamResponse> {
      yield* request.read();
      throw new web.HTTPPermanentRedirect("/");
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    app.router.addPost("/redirect", redirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/redirect", { data: { some: "data" } });
      expect(resp.status).toBe(200);
      expect(resp.history.length).toBe(1);
      const txt = yield* resp.text();
      expect(txt).toBe("POST");
      resp.close();
    });
  });

  it("test_HTTP_302_max_redirects", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(request: web.Request): Coro<web.StreamResponse> {
      const count = Number(request.matchInfo.params.count);
      if (count) {
        throw new web.HTTPFound(`/redirect/${count - 1}`);
      } else {
        throw new web.HTTPFound("/");
      }
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    app.router.addGet("/redirect/{count:\\d+}", redirect);
    await withClient(app, {}, function* (client) {
      const ctx = yield* expectRaises(TooManyRedirects, client.get("/redirect/5", { maxRedirects: 2 }));
      expect(ctx.history.length).toBe(2);
      expect(new URL(ctx.requestInfo.url).pathname).toBe("/redirect/5");
      expect(ctx.requestInfo.method).toBe("GET");
    });
  });

  it("test_HTTP_200_GET_WITH_PARAMS", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: [...request.query].map(([k, v]) => `${k}=${v}`).join("&") });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/", { params: { q: "test" } });
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("q=test");
      resp.close();
    });
  });

  it("test_HTTP_200_GET_WITH_MultiDict_PARAMS", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: [...request.query].map(([k, v]) => `${k}=${v}`).join("&") });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/", {
        params: new MultiDict([
          ["q", "test"],
          ["q", "test2"],
        ]),
      });
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("q=test&q=test2");
      resp.close();
    });
  });

  it("test_HTTP_200_GET_WITH_MIXED_PARAMS", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: [...request.query].map(([k, v]) => `${k}=${v}`).join("&") });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/?test=true", { params: { q: "test" } });
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("test=true&q=test");
      resp.close();
    });
  });

  it("test_POST_DATA", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      return web.jsonResponse(Object.fromEntries(data));
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { data: { some: "data" } });
      expect(resp.status).toBe(200);
      const content = yield* resp.json();
      expect(content).toEqual({ some: "data" });
      resp.close();
    });
  });

  it("test_POST_DATA_with_explicit_formdata", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      return web.jsonResponse(Object.fromEntries(data));
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const form = new FormData();
      form.addField("name", "text");

      const resp = yield* client.post("/", { data: form });
      expect(resp.status).toBe(200);
      const content = yield* resp.json();
      expect(content).toEqual({ name: "text" });
      resp.close();
    });
  });

  it("test_POST_DATA_with_charset", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const mp = yield* request.multipart();
      const part = yield* mp.next();
      const text = yield* (part as aiohttp.BodyPartReader).text();
      return new web.Response({ text });
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const form = new FormData();
      form.addField("name", "текст", { contentType: "text/plain; charset=koi8-r" });

      const resp = yield* client.post("/", { data: form });
      expect(resp.status).toBe(200);
      const content = yield* resp.text();
      expect(content).toBe("текст");
      resp.close();
    });
  });

  it.fails("test_POST_DATA_formdats_with_charset", async () => {
    // fails: the server's request.post() cannot read a urlencoded form in koi8-r (its text() knows
    // only @aio/fs's codecs: "LookupError: unknown encoding: koi8-r", a 500; and it would decode the
    // %-escapes as UTF-8)
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const mp = yield* request.post();
      expect(mp.has("name")).toBe(true);
      return new web.Response({ text: mp.get("name") as string });
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const form = new FormData(undefined, { charset: "koi8-r" });
      form.addField("name", "текст");

      const resp = yield* client.post("/", { data: form });
      expect(resp.status).toBe(200);
      const content = yield* resp.text();
      expect(content).toBe("текст");
      resp.close();
    });
  });

  it("test_POST_DATA_with_charset_post", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      return new web.Response({ text: data.get("name") as string });
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const form = new FormData();
      form.addField("name", "текст", { contentType: "text/plain; charset=koi8-r" });

      const resp = yield* client.post("/", { data: form });
      expect(resp.status).toBe(200);
      const content = yield* resp.text();
      expect(content).toBe("текст");
      resp.close();
    });
  });

  it("test_POST_DATA_with_context_transfer_encoding", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(data.get("name")).toBe("text");
      return new web.Response({ text: data.get("name") as string });
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const form = new FormData();
      form.addField("name", "text", { contentTransferEncoding: "base64" });

      const resp = yield* client.post("/", { data: form });
      expect(resp.status).toBe(200);
      const content = yield* resp.text();
      expect(content).toBe("text");
      resp.close();
    });
  });

  it("test_POST_DATA_with_content_type_context_transfer_encoding", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(data.get("name")).toBe("text");
      return new web.Response({ body: data.get("name") as string });
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const form = new FormData();
      form.addField("name", "text", { contentType: "text/plain", contentTransferEncoding: "base64" });

      const resp = yield* client.post("/", { data: form });
      expect(resp.status).toBe(200);
      const content = yield* resp.text();
      expect(content).toBe("text");
      resp.close();
    });
  });

  it("test_POST_MultiDict", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect([...data]).toEqual([
        ["q", "test1"],
        ["q", "test2"],
      ]);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", {
        data: new MultiDict([
          ["q", "test1"],
          ["q", "test2"],
        ]),
      });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_DATA_DEFLATE", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      return web.jsonResponse(Object.fromEntries(data));
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { data: { some: "data" }, compress: true });
      expect(resp.status).toBe(200);
      const content = yield* resp.json();
      expect(content).toEqual({ some: "data" });
      resp.close();
    });
  });

  it("test_POST_FILES", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(data.files.get("some")?.[0]?.filename).toBe(basename(fname));
      const content1 = readFileSync(fname);
      const content2 = data.files.get("some")?.[0]?.file;
      expect(content1).toEqual(content2);
      expect(data.files.get("test")?.[0]?.file).toEqual(b("data"));
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", { data: { some: f, test: b("data") }, chunked: true });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_FILES_DEFLATE", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(data.files.get("some")?.[0]?.filename).toBe(basename(fname));
      const content1 = readFileSync(fname);
      const content2 = data.files.get("some")?.[0]?.file;
      expect(content1).toEqual(content2);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", {
          data: { some: f },
          chunked: true,
          compress: "deflate",
        });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_bytes", async () => {
    const body = b("0".repeat(12345));

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.read();
      expect(body).toEqual(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { data: body });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it.fails("test_POST_bytes_too_large", async () => {
    // fails: no ResourceWarning for a bytes body over 1 MiB (aiohttp's "Sending a large body
    // directly with raw bytes might lock the event loop"); this package has no warnings of its own
    const body = b("0".repeat(2 ** 20 + 1));

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.content.read();
      expect(body.equals(data)).toBe(true); // (toEqual compares a MiB element by element, for seconds)
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const warned: Error[] = [];
      const onWarning = (w: Error) => warned.push(w);
      process.on("warning", onWarning);
      let resp: aiohttp.ClientResponse;
      try {
        resp = yield* client.post("/", { data: body });
        yield* sleep(0.01); // process warnings are emitted on the next tick
      } finally {
        process.off("warning", onWarning);
      }
      expect(warned.some((w) => w.name === "ResourceWarning")).toBe(true);

      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_FILES_STR", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      const content1 = readFileSync(fname).toString();
      const content2 = data.get("some");
      expect(content1).toBe(content2);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { data: { some: readFileSync(fname).toString() } });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_FILES_STR_SIMPLE", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.read();
      const content = readFileSync(fname);
      expect(content).toEqual(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { data: readFileSync(fname) });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_FILES_LIST", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(basename(fname)).toBe(data.files.get("some")?.[0]?.filename);
      const content = readFileSync(fname);
      expect(content).toEqual(data.files.get("some")?.[0]?.file);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", { data: [["some", f]] });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_FILES_CT", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(basename(fname)).toBe(data.files.get("some")?.[0]?.filename);
      expect(data.files.get("some")?.[0]?.contentType).toBe("text/plain");
      const content = readFileSync(fname);
      expect(content).toEqual(data.files.get("some")?.[0]?.file);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const form = new FormData();
        form.addField("some", f, { contentType: "text/plain" });
        const resp = yield* client.post("/", { data: form });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_FILES_SINGLE", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.text();
      const content = readFileSync(fname).toString();
      expect(content).toBe(data);
      // if system cannot determine 'text/x-python' MIME type
      // then use 'application/octet-stream' default
      expect(["text/plain", "application/octet-stream", "text/x-python"]).toContain(request.contentType);
      expect(request.headers.has("content-disposition")).toBe(false);

      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", { data: f });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_FILES_SINGLE_content_disposition", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.text();
      const content = readFileSync(fname).toString();
      expect(content).toBe(data);
      // if system cannot determine 'application/pgp-keys' MIME type
      // then use 'application/octet-stream' default
      expect(["text/plain", "application/octet-stream", "text/x-python"]).toContain(request.contentType);
      expect(request.headers.get("content-disposition")).toBe('inline; filename="conftest.py"');

      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", {
          data: aiohttp.getPayload(f, { disposition: "inline" }),
        });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_FILES_SINGLE_BINARY", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.read();
      const content = readFileSync(fname);
      expect(content).toEqual(data);
      // if system cannot determine 'application/pgp-keys' MIME type
      // then use 'application/octet-stream' default
      expect(["application/pgp-keys", "text/plain", "text/x-python", "application/octet-stream"]).toContain(
        request.contentType,
      );
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", { data: f });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_FILES_IO", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(b("data")).toEqual(data.files.get("unknown")?.[0]?.file);
      expect(data.files.get("unknown")?.[0]?.contentType).toBe("application/octet-stream");
      expect(data.files.get("unknown")?.[0]?.filename).toBe("unknown");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const fileHandle = new Blob([b("data")]); // io.BytesIO(b"data"): see the header
      const resp = yield* client.post("/", { data: [fileHandle] });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_FILES_IO_WITH_PARAMS", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(data.get("test")).toBe("true");
      expect(data.files.get("unknown")?.[0]?.contentType).toBe("application/octet-stream");
      expect(data.files.get("unknown")?.[0]?.filename).toBe("unknown");
      expect(data.files.get("unknown")?.[0]?.file).toEqual(b("data"));
      expect(data.getAll("q")).toEqual(["t1", "t2"]);

      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const fileHandle = new Blob([b("data")]); // io.BytesIO(b"data"): see the header
      const resp = yield* client.post("/", {
        data: [
          ["test", "true"],
          new MultiDict([
            ["q", "t1"],
            ["q", "t2"],
          ]),
          fileHandle,
        ],
      });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_FILES_WITH_DATA", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(data.get("test")).toBe("true");
      expect(["text/x-python", "text/plain", "application/octet-stream"]).toContain(
        data.files.get("some")?.[0]?.contentType,
      );
      expect(data.files.get("some")?.[0]?.filename).toBe(basename(fname));
      expect(data.files.get("some")?.[0]?.file).toEqual(readFileSync(fname));

      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const f = createReadStream(fname);
      try {
        const resp = yield* client.post("/", { data: { test: "true", some: f } });
        expect(resp.status).toBe(200);
        resp.close();
      } finally {
        f.destroy();
      }
    });
  });

  it("test_POST_STREAM_DATA", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.contentType).toBe("application/octet-stream");
      const content = yield* request.read();
      const expected = readFileSync(fname);
      expect(request.contentLength).toBe(expected.length);
      expect(content).toEqual(expected);

      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const dataSize = readFileSync(fname).length;

      const stream = aiohttp.streamer(function* (writer, fname: string) {
        const f = readFileSync(fname);
        for (let i = 0; i < f.length; i += 100) yield* writer.write(f.subarray(i, i + 100));
      });

      const resp = yield* client.post("/", {
        data: stream(fname),
        headers: { "Content-Length": String(dataSize) },
      });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_POST_STREAM_DATA_no_params", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.contentType).toBe("application/octet-stream");
      const content = yield* request.read();
      const expected = readFileSync(fname);
      expect(request.contentLength).toBe(expected.length);
      expect(content).toEqual(expected);

      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const dataSize = readFileSync(fname).length;

      const stream = aiohttp.streamer(function* (writer) {
        const f = readFileSync(fname);
        for (let i = 0; i < f.length; i += 100) yield* writer.write(f.subarray(i, i + 100));
      });

      const resp = yield* client.post("/", { data: stream, headers: { "Content-Length": String(dataSize) } });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_json", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.contentType).toBe("application/json");
      const data = yield* request.json();
      return new web.Response({ body: new aiohttp.JsonPayload(data) });
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", { json: { some: "data" } });
      expect(resp.status).toBe(200);
      const content = yield* resp.json();
      expect(content).toEqual({ some: "data" });
      resp.close();

      yield* expectRaises(RangeError, client.post("/", { data: "some data", json: { some: "data" } }));
    });
  });

  it("test_json_custom", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.contentType).toBe("application/json");
      const data = yield* request.json();
      return new web.Response({ body: new aiohttp.JsonPayload(data) });
    }

    let used = false;

    function dumps(obj: unknown): string {
      used = true;
      return JSON.stringify(obj);
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, { jsonSerialize: dumps }, function* (client) {
      const resp = yield* client.post("/", { json: { some: "data" } });
      expect(resp.status).toBe(200);
      expect(used).toBe(true);
      const content = yield* resp.json();
      expect(content).toEqual({ some: "data" });
      resp.close();

      yield* expectRaises(RangeError, client.post("/", { data: "some data", json: { some: "data" } }));
    });
  });

  it("test_expect_continue", async () => {
    let expectCalled = false;

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.post();
      expect(Object.fromEntries(data)).toEqual({ some: "data" });
      return new web.Response();
    }

    function* expectHandler(request: web.Request): Coro<void> {
      const expect_ = request.headers.get("Expect");
      if (expect_?.toLowerCase() === "100-continue") {
        request.rawRequest.socket.write(b("HTTP/1.1 100 Continue\r\n\r\n"));
        expectCalled = true;
      }
    }

    const app = new web.Application();
    app.router.addPost("/", handler, { expectHandler });
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", missing({ data: { some: "data" }, expect100: true }));
      expect(resp.status).toBe(200);
      resp.close();
      expect(expectCalled).toBe(true);
    });
  });

  it("test_encoding_deflate", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.enableChunkedEncoding();
      resp.enableCompression(web.ContentCoding.deflate);
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("text");
      resp.close();
    });
  });

  it("test_encoding_deflate_nochunk", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.enableCompression(web.ContentCoding.deflate);
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("text");
      resp.close();
    });
  });

  it("test_encoding_gzip", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.enableChunkedEncoding();
      resp.enableCompression(web.ContentCoding.gzip);
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("text");
      resp.close();
    });
  });

  it("test_encoding_gzip_write_by_chunks", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      resp.enableCompression(web.ContentCoding.gzip);
      yield* resp.prepare(request);
      yield* resp.write(b("0"));
      yield* resp.write(b("0"));
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("00");
      resp.close();
    });
  });

  it("test_encoding_gzip_nochunk", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.enableCompression(web.ContentCoding.gzip);
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const txt = yield* resp.text();
      expect(txt).toBe("text");
      resp.close();
    });
  });

  it("test_bad_payload_compression", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.headers.set("Content-Encoding", "gzip");
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);

      yield* expectRaises(ClientPayloadError, resp.read());

      resp.close();
    });
  });

  it.fails("test_bad_payload_chunked_encoding", async () => {
    // fails: the server's prepare() returns no writer to send raw bytes through (nor is there the
    // private _length_check)
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      resp.forceClose();
      missing(resp)._lengthCheck = false;
      resp.headers.set("Transfer-Encoding", "chunked");
      const writer = missing(yield* resp.prepare(request));
      yield* writer.write(b("9\r\n\r\n"));
      yield* writer.writeEof();
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);

      yield* expectRaises(ClientPayloadError, resp.read());

      resp.close();
    });
  });

  it("test_bad_payload_content_length", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.headers.set("Content-Length", "10000");
      resp.forceClose();
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);

      yield* expectRaises(ClientPayloadError, resp.read());

      resp.close();
    });
  });

  it("test_payload_content_length_by_chunks", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse({ headers: { "content-length": "3" } });
      yield* resp.prepare(request);
      yield* resp.write(b("answer"));
      yield* resp.write(b("two"));
      request.rawRequest.socket.destroySoon();
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      const data = yield* resp.read();
      expect(data).toEqual(b("ans"));
      resp.close();
    });
  });

  it("test_chunked", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.Response({ text: "text" });
      resp.enableChunkedEncoding();
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      expect(resp.headers.get("Transfer-Encoding")).toBe("chunked");
      const txt = yield* resp.text();
      expect(txt).toBe("text");
      resp.close();
    });
  });

  it("test_shortcuts", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    const app = new web.Application();
    const meths = ["get", "post", "put", "delete", "head", "patch", "options"] as const;
    for (const meth of meths) {
      app.router.addRoute(meth.toUpperCase(), "/", handler);
    }
    await withClient(app, {}, function* (client) {
      for (const meth of meths) {
        const coro = client.session[meth].bind(client.session);
        const resp = yield* coro(client.makeUrl("/"));

        expect(resp.status).toBe(200);
        expect(resp.history.length).toBe(0);

        const content1 = yield* resp.read();
        const content2 = yield* resp.read();
        expect(content1).toEqual(content2);
        const content = yield* resp.text();

        if (meth === "head") {
          expect(content1).toEqual(b(""));
        } else {
          expect(content).toBe(meth.toUpperCase());
        }
      }
    });
  });

  it("test_cookies", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(new Set(Object.keys(request.cookies))).toEqual(new Set(["test1", "test3"]));
      expect(request.cookies.test1).toBe("123");
      expect(request.cookies.test3).toBe("456");
      return new web.Response();
    }

    const c = new Morsel("test3", "456");

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, { cookies: { test1: "123", test2: c } }, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_cookies_per_request", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(new Set(Object.keys(request.cookies))).toEqual(new Set(["test1", "test3", "test4", "test6"]));
      expect(request.cookies.test1).toBe("123");
      expect(request.cookies.test3).toBe("456");
      expect(request.cookies.test4).toBe("789");
      expect(request.cookies.test6).toBe("abc");
      return new web.Response();
    }

    const c = new Morsel("test3", "456");

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, { cookies: { test1: "123", test2: c } }, function* (client) {
      const rc = new Morsel("test6", "abc");

      const resp = yield* client.get("/", { cookies: { test4: "789", test5: rc } });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_cookies_redirect", async () => {
    function* redirect1(_request: web.Request): Coro<web.StreamResponse> {
      const ret = new web.Response({ status: 301, headers: { Location: "/redirect2" } });
      ret.setCookie("c", "1");
      return ret;
    }

    function* redirect2(_request: web.Request): Coro<web.StreamResponse> {
      const ret = new web.Response({ status: 301, headers: { Location: "/" } });
      ret.setCookie("c", "2");
      return ret;
    }

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(new Set(Object.keys(request.cookies))).toEqual(new Set(["c"]));
      expect(request.cookies.c).toBe("2");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/redirect1", redirect1);
    app.router.addGet("/redirect2", redirect2);
    app.router.addGet("/", handler);

    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/redirect1");
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_cookies_on_empty_session_jar", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect("custom-cookie" in request.cookies).toBe(true);
      expect(request.cookies["custom-cookie"]).toBe("abc");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, { cookies: undefined }, function* (client) {
      const resp = yield* client.get("/", { cookies: { "custom-cookie": "abc" } });
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_morsel_with_attributes", async () => {
    // A comment from original test:
    //
    // No cookie attribute should pass here
    // they are only used as filters
    // whether to send particular cookie or not.
    // E.g. if cookie expires it just becomes thrown away.
    // Server who sent the cookie with some attributes
    // already knows them, no need to send this back again and again

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(new Set(Object.keys(request.cookies))).toEqual(new Set(["test3"]));
      expect(request.cookies.test3).toBe("456");
      return new web.Response();
    }

    const c = new Morsel("test3", "456");
    c.attributes.httponly = true;
    c.attributes.secure = true;
    c.attributes["max-age"] = "1000";

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, { cookies: { test2: c } }, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it.fails("test_set_cookies", async () => {
    // fails: there is no client logger (aiohttp's "aiohttp.client") to warn
    // "Can not load response cookies: %s" on a Set-Cookie header that cannot be read
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const ret = new web.Response();
      ret.setCookie("c1", "cookie1");
      ret.setCookie("c2", "cookie2");
      ret.headers.add(
        "Set-Cookie",
        "ISAWPLB{A7F52349-3531-4DA9-8776-F74BC6F4F1BB}=" +
          "{925EC0B8-CB17-4BEB-8A35-1033813B0523}; " +
          "HttpOnly; Path=/",
      );
      return ret;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const clientLogger = missing(aiohttp).clientLogger;
      const warnings: unknown[][] = [];
      const warning = clientLogger.warning;
      clientLogger.warning = (...args: unknown[]) => warnings.push(args);
      try {
        const resp = yield* client.get("/");
        expect(resp.status).toBe(200);
        const cookieNames = new Set([...client.session.cookieJar].map((c) => c.key));
        expect(cookieNames).toEqual(new Set(["c1", "c2"]));
        resp.close();

        expect(warnings.at(-1)).toEqual(["Can not load response cookies: %s", expect.anything()]);
      } finally {
        clientLogger.warning = warning;
      }
    });
  });

  it("test_set_cookies_expired", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const ret = new web.Response();
      ret.setCookie("c1", "cookie1");
      ret.setCookie("c2", "cookie2");
      ret.headers.add(
        "Set-Cookie",
        "c3=cookie3; " + "HttpOnly; Path=/" + " Expires=Tue, 1 Jan 1980 12:00:00 GMT; ",
      );
      return ret;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      const cookieNames = new Set([...client.session.cookieJar].map((c) => c.key));
      expect(cookieNames).toEqual(new Set(["c1", "c2"]));
      resp.close();
    });
  });

  it("test_set_cookies_max_age", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const ret = new web.Response();
      ret.setCookie("c1", "cookie1");
      ret.setCookie("c2", "cookie2");
      ret.headers.add("Set-Cookie", "c3=cookie3; " + "HttpOnly; Path=/" + " Max-Age=1; ");
      return ret;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      let cookieNames = new Set([...client.session.cookieJar].map((c) => c.key));
      expect(cookieNames).toEqual(new Set(["c1", "c2", "c3"]));
      yield* sleep(2);
      cookieNames = new Set([...client.session.cookieJar].map((c) => c.key));
      expect(cookieNames).toEqual(new Set(["c1", "c2"]));
      resp.close();
    });
  });

  it("test_set_cookies_max_age_overflow", async () => {
    const overflow = Math.trunc(Date.UTC(9999, 11, 31, 23, 59, 59, 999) / 1000);

    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      const ret = new web.Response();
      ret.headers.add(
        "Set-Cookie",
        "overflow=overflow; " + "HttpOnly; Path=/" + " Max-Age=" + String(overflow) + "; ",
      );
      return ret;
    }

    // Upstream checks here that Python's datetime overflows past datetime.max (now + overflow
    // seconds: OverflowError). A JavaScript Date goes on to the year 275760, so there is no
    // overflow to check: that step is about Python's datetime, not aiohttp, and is left out.
    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
      for (const cookie of client.session.cookieJar) {
        if (cookie.key === "overflow") {
          expect(Math.trunc(Number(cookie.attributes["max-age"]))).toBe(Math.trunc(overflow));
        }
      }
      resp.close();
    });
  });

  it("test_request_conn_error", async () => {
    await inLoop(function* () {
      const client = new ClientSession();
      yield* expectRaises(ClientConnectionError, client.get("http://0.0.0.0:1"));
      yield* client.close();
    });
  });

  it.fails("test_broken_connection", async () => {
    // @pytest.mark.xfail upstream: it fails with aiohttp too (the server writes its response on a
    // closed transport and no ClientResponseError comes)
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      request.rawRequest.socket.destroySoon();
      return new web.Response({ text: "answer".repeat(1000) });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      yield* expectRaises(aiohttp.ClientResponseError, client.get("/"));
    });
  });

  it("test_broken_connection_2", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse({ headers: { "content-length": "1000" } });
      yield* resp.prepare(request);
      yield* resp.write(b("answer"));
      request.rawRequest.socket.destroySoon();
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      yield* expectRaises(ClientPayloadError, resp.read());
      resp.close();
    });
  });

  it("test_custom_headers", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(request.headers.get("x-api-key")).toBe("foo");
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.post("/", {
        headers: { "Content-Type": "application/json", "x-api-key": "foo" },
      });
      expect(resp.status).toBe(200);
    });
  });

  it("test_redirect_to_absolute_url", async () => {
    let client: web.TestClient;
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: request.method });
    }

    function* redirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPFound(client.makeUrl("/"));
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    app.router.addGet("/redirect", redirect);

    await withClient(app, {}, function* (client_) {
      client = client_;
      const resp = yield* client.get("/redirect");
      expect(resp.status).toBe(200);
      resp.close();
    });
  });

  it("test_redirect_without_location_header", async () => {
    const body = b("redirect");

    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 301, body });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/redirect", handlerRedirect);
    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/redirect");
      const data = yield* resp.read();
      expect(data).toEqual(body);
    });
  });

  it("test_chunked_deprecated", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ status: 301 });
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/redirect", handlerRedirect);
    await withClient(app, {}, function* (client) {
      const warned: Error[] = [];
      const onWarning = (w: Error) => warned.push(w);
      process.on("warning", onWarning);
      try {
        yield* client.post("/", { chunked: 1024 });
        yield* sleep(0.01); // process warnings are emitted on the next tick
      } finally {
        process.off("warning", onWarning);
      }
      expect(warned.some((w) => w.name === "DeprecationWarning")).toBe(true);
    });
  });

  for (const [status, expectedOk] of [
    [200, true],
    [201, true],
    [301, true],
    [400, false],
    [403, false],
    [500, false],
  ] as const) {
    it(`test_ok_from_status[${status}-${expectedOk ? "True" : "False"}]`, async () => {
      function* handler(_request: web.Request): Coro<web.StreamResponse> {
        return new web.Response({ status, body: b("") });
      }

      const app = new web.Application();
      app.router.addRoute("GET", "/endpoint", handler);
      await withClient(app, { raiseForStatus: false }, function* (client) {
        const resp = yield* client.get("/endpoint");

        expect(resp.ok).toBe(expectedOk);
      });
    });
  }

  it("test_raise_for_status", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPBadRequest();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handlerRedirect);
    await withClient(app, { raiseForStatus: true }, function* (client) {
      yield* expectRaises(aiohttp.ClientResponseError, client.get("/"));
    });
  });

  it("test_raise_for_status_per_request", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPBadRequest();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handlerRedirect);
    await withClient(app, {}, function* (client) {
      yield* expectRaises(aiohttp.ClientResponseError, client.get("/", { raiseForStatus: true }));
    });
  });

  it("test_raise_for_status_disable_per_request", async () => {
    function* handlerRedirect(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPBadRequest();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handlerRedirect);
    await withClient(app, { raiseForStatus: true }, function* (client) {
      const resp = yield* client.get("/", { raiseForStatus: false });
      expect(resp.status).toBe(400);
      resp.close();
    });
  });

  it("test_request_raise_for_status_default", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPBadRequest();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      yield* using(aiohttp.request("GET", server.makeUrl("/")), function* (resp: aiohttp.ClientResponse) {
        expect(resp.status).toBe(400);
      });
    });
  });

  it("test_request_raise_for_status_disabled", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPBadRequest();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      const url = server.makeUrl("/");

      yield* using(
        aiohttp.request("GET", url, { raiseForStatus: false }),
        function* (resp: aiohttp.ClientResponse) {
          expect(resp.status).toBe(400);
        },
      );
    });
  });

  it("test_request_raise_for_status_enabled", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      throw new web.HTTPBadRequest();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      const url = server.makeUrl("/");

      yield* expectRaises(
        aiohttp.ClientResponseError,
        using(aiohttp.request("GET", url, { raiseForStatus: true }), function* () {
          expect.unreachable("never executed");
        }),
      );
    });
  });

  it("test_invalid_idna", async () => {
    await inLoop(function* () {
      const session = new ClientSession();
      try {
        yield* expectRaises(aiohttp.InvalidURL, session.get("http://\u2061owhefopw.com"));
      } finally {
        yield* session.close();
      }
    });
  });

  it("test_creds_in_auth_and_url", async () => {
    await inLoop(function* () {
      const session = new ClientSession();
      try {
        yield* expectRaises(
          RangeError,
          session.get("http://user:pass@example.com", { auth: new aiohttp.BasicAuth("user2", "pass2") }),
        );
      } finally {
        yield* session.close();
      }
    });
  });

  for (const [id, urlFrom, urlTo] of [
    ["entirely different hosts", "http://host1.com/path1", "http://host2.com/path2"],
    ["http -> https", "http://host1.com/path1", "https://host1.com/path1"],
    ["https -> http", "https://host1.com/path1", "http://host1.com/path2"],
  ] as const) {
    it(`test_drop_auth_on_redirect_to_other_host[${id}]`, async () => {
      const from = new URL(urlFrom);
      const to = new URL(urlTo);

      function* srvFrom(request: web.Request): Coro<web.StreamResponse> {
        expect(request.host).toBe(from.host);
        expect(request.headers.get("Authorization")).toBe("Basic dXNlcjpwYXNz");
        throw new web.HTTPFound(to.href);
      }

      function* srvTo(request: web.Request): Coro<web.StreamResponse> {
        expect(request.host).toBe(to.host);
        expect(request.headers.has("Authorization"), "Header wasn't dropped").toBe(false);
        return new web.Response();
      }

      /** The `create_server_for_url_and_handler` fixture. */
      function* createServerForUrlAndHandler(url: URL, srv: web.Handler): Coro<web.TestServer> {
        const app = new web.Application();
        app.router.addRoute("GET", url.pathname, srv);
        const kwargs: Record<string, unknown> = {};
        if (url.protocol === "https:") kwargs.ssl = sslCtx; // a certificate for url.host, localhost, 127.0.0.1
        const server = new web.TestServer(app, kwargs);
        yield* server.startServer();
        return server;
      }

      await inLoop(function* () {
        const serverFrom = yield* createServerForUrlAndHandler(from, srvFrom);
        const serverTo = yield* createServerForUrlAndHandler(to, srvTo);
        try {
          expect(
            from.host !== to.host || serverFrom.scheme !== serverTo.scheme,
            "Invalid test case, host or scheme must differ",
          ).toBe(true);

          const protocolPortMap: Record<string, number> = { http: 80, https: 443 };
          const etcHosts = new Map([
            [`${from.hostname}:${protocolPortMap[serverFrom.scheme]}`, serverFrom],
            [`${to.hostname}:${protocolPortMap[serverTo.scheme]}`, serverTo],
          ]);

          class FakeResolver extends aiohttp.AbstractResolver {
            *resolve(host: string, port = 0, _family = 2): Coro<aiohttp.ResolvedHost[]> {
              const server = etcHosts.get(`${host}:${port}`) as web.TestServer;
              return [
                { hostname: host, host: server.host, port: server.port, family: 2, proto: 0, flags: 4 },
              ];
            }

            *close(): Coro<void> {}
          }

          const connector = new TCPConnector({ resolver: new FakeResolver(), ssl: false });

          yield* using(new ClientSession({ connector }), function* (client) {
            let resp = yield* client.get(from, { auth: new aiohttp.BasicAuth("user", "pass") });
            expect(resp.status).toBe(200);
            resp = yield* client.get(from, { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
            expect(resp.status).toBe(200);
          });
        } finally {
          yield* serverFrom.close();
          yield* serverTo.close();
        }
      });
    });
  }

  it("test_async_with_session", async () => {
    await inLoop(function* () {
      const session = yield* using(new ClientSession(), function* (session) {
        return session;
      });

      expect(session.closed).toBe(true);
    });
  });

  it("test_session_close_awaitable", async () => {
    await inLoop(function* () {
      const session = new ClientSession();
      yield* session.close();

      expect(session.closed).toBe(true);
    });
  });

  it("test_close_resp_on_error_async_with_session", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      const resp = new web.StreamResponse({ headers: { "content-length": "100" } });
      yield* resp.prepare(request);
      yield* sleep(0.1);
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      yield* using(new ClientSession(), function* (session) {
        const err = yield* expectRaises(
          Error,
          using(session.get(server.makeUrl("/")), function* (resp) {
            resp.content.setException(new Error("RuntimeError"));
            yield* resp.read();
          }),
        );
        expect((err as Error).message).toBe("RuntimeError");

        expect(yield* seen.open()).toBe(0);
      });
    });
  });

  it("test_release_resp_on_normal_exit_from_cm", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      yield* using(new ClientSession(), function* (session) {
        yield* using(session.get(server.makeUrl("/")), function* (resp) {
          yield* resp.read();
        });

        expect(yield* seen.open()).toBe(1);
      });
    });
  });

  it("test_non_close_detached_session_on_error_cm", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse({ headers: { "content-length": "100" } });
      yield* resp.prepare(request);
      yield* sleep(0.1);
      return resp;
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      const session = new ClientSession();
      const cm = session.get(server.makeUrl("/"));
      expect(session.closed).toBe(false);
      const err = yield* expectRaises(
        Error,
        using(cm, function* (resp) {
          resp.content.setException(new Error("RuntimeError"));
          yield* resp.read();
        }),
      );
      expect((err as Error).message).toBe("RuntimeError");
      expect(session.closed).toBe(false);
      yield* session.close(); // (upstream leaves it to the garbage collector)
    });
  });

  it("test_close_detached_session_on_non_existing_addr", async () => {
    class FakeResolver extends aiohttp.AbstractResolver {
      *resolve(_host: string, _port = 0, _family = 2): Coro<aiohttp.ResolvedHost[]> {
        return {} as never; // (upstream's: an empty dict, no address)
      }

      *close(): Coro<void> {}
    }

    await inLoop(function* () {
      const connector = new TCPConnector({ resolver: new FakeResolver() });

      const session = new ClientSession({ connector });

      yield* using(session, function* () {
        const cm = session.get("http://non-existing.example.com");
        expect(session.closed).toBe(false);
        yield* expectRaises(Error, cm);
      });

      expect(session.closed).toBe(true);
    });
  });

  it("test_aiohttp_request_context_manager", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await withServer(app, function* (server) {
      yield* using(aiohttp.request("GET", server.makeUrl("/")), function* (resp: aiohttp.ClientResponse) {
        yield* resp.read();
        expect(resp.status).toBe(200);
      });
    });
  });

  it("test_aiohttp_request_ctx_manager_close_sess_on_error", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);
    await inLoop(() =>
      using(new web.TestServer(app, { ssl: sslCtx }), function* (server) {
        const cm = aiohttp.request("GET", server.makeUrl("/"));

        yield* expectRaises(
          ClientConnectionError,
          using(cm, function* () {}),
        );

        expect(cm.session.closed).toBe(true);
      }),
    );
  });

  it("test_aiohttp_request_ctx_manager_not_found", async () => {
    await inLoop(function* () {
      yield* expectRaises(
        ClientConnectionError,
        using(aiohttp.request("GET", "http://wrong-dns-name.com"), function* () {
          expect.unreachable("never executed");
        }),
      );
    });
  });

  it("test_yield_from_in_session_request", async () => {
    // a test for backward compatibility with yield from syntax
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, {}, function* (client) {
      const resp = yield* client.get("/");
      expect(resp.status).toBe(200);
    });
  });

  it("test_session_auth", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return web.jsonResponse({ headers: Object.fromEntries(request.headers) });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, { auth: new aiohttp.BasicAuth("login", "pass") }, function* (client) {
      const r = yield* client.get("/");
      expect(r.status).toBe(200);
      const content = (yield* r.json()) as { headers: Record<string, string> };
      expect(content.headers.Authorization).toBe("Basic bG9naW46cGFzcw==");
    });
  });

  it("test_session_auth_override", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return web.jsonResponse({ headers: Object.fromEntries(request.headers) });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, { auth: new aiohttp.BasicAuth("login", "pass") }, function* (client) {
      const r = yield* client.get("/", { auth: new aiohttp.BasicAuth("other_login", "pass") });
      expect(r.status).toBe(200);
      const content = (yield* r.json()) as { headers: Record<string, string> };
      const val = content.headers.Authorization;
      expect(val).toBe("Basic b3RoZXJfbG9naW46cGFzcw==");
    });
  });

  it("test_session_auth_header_conflict", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, { auth: new aiohttp.BasicAuth("login", "pass") }, function* (client) {
      const headers = { Authorization: "Basic b3RoZXJfbG9naW46cGFzcw==" };
      yield* expectRaises(RangeError, client.get("/", { headers }));
    });
  });

  it("test_session_headers", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return web.jsonResponse({ headers: Object.fromEntries(request.headers) });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, { headers: { "X-Real-IP": "192.168.0.1" } }, function* (client) {
      const r = yield* client.get("/");
      expect(r.status).toBe(200);
      const content = (yield* r.json()) as { headers: Record<string, string> };
      expect(content.headers["X-Real-IP"]).toBe("192.168.0.1");
    });
  });

  it("test_session_headers_merge", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      return web.jsonResponse({ headers: Object.fromEntries(request.headers) });
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(
      app,
      {
        headers: [
          ["X-Real-IP", "192.168.0.1"],
          ["X-Sent-By", "requests"],
        ],
      },
      function* (client) {
        const r = yield* client.get("/", { headers: { "X-Sent-By": "aiohttp" } });
        expect(r.status).toBe(200);
        const content = (yield* r.json()) as { headers: Record<string, string> };
        expect(content.headers["X-Real-IP"]).toBe("192.168.0.1");
        expect(content.headers["X-Sent-By"]).toBe("aiohttp");
      },
    );
  });

  it("test_multidict_headers", async () => {
    const data = b("sample data");

    function* handler(request: web.Request): Coro<web.StreamResponse> {
      expect(yield* request.read()).toEqual(data);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addPost("/", handler);

    await withClient(app, {}, function* (client) {
      const r = yield* client.post("/", {
        data,
        headers: new MultiDict({ "Content-Length": String(data.length) }),
      });
      expect(r.status).toBe(200);
    });
  });

  it("test_request_conn_closed", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      request.rawRequest.socket.destroySoon();
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, {}, function* (client) {
      const excinfo = yield* expectRaises(
        aiohttp.ServerDisconnectedError,
        (function* () {
          const resp = yield* client.get("/");
          yield* resp.read();
        })(),
      );

      expect(String(excinfo)).not.toBe("");
    });
  });

  it("test_dont_close_explicit_connector", async () => {
    const seen = socketsSeen();
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      seen.add(request);
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addGet("/", handler);

    await withClient(app, {}, function* (client) {
      const r = yield* client.get("/");
      yield* r.read();

      expect(yield* seen.open()).toBe(1);
    });
  });

  it("test_server_close_keepalive_connection", async () => {
    // asyncio's Protocol server is a node:net server; `len(connector._conns)`, the server's sockets
    // still open
    const open = new Set<Socket>();
    const server = createTcpServer((transp) => {
      open.add(transp);
      transp.on("close", () => open.delete(transp));
      let data = b("");
      transp.on("data", (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        // asyncio's transport.write() after close() is dropped; a Node socket's throws.
        if (chunk.toString("latin1").endsWith("\r\n\r\n") && !transp.writableEnded) {
          transp.write(
            b("HTTP/1.1 200 OK\r\n" + "CONTENT-LENGTH: 2\r\n" + "CONNECTION: close\r\n" + "\r\n" + "ok"),
          );
          transp.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const addr = server.address() as AddressInfo;

    try {
      await inLoop(function* () {
        const connector = new TCPConnector({ limit: 1 });
        const session = new ClientSession({ connector });

        const url = `http://${addr.address}:${addr.port}/`;
        for (let i = 0; i < 2; i++) {
          const r = yield* session.request("GET", url);
          yield* r.read();
          yield* sleep(0.05);
          expect(open.size).toBe(0);
        }
        yield* session.close();
        yield* connector.close();
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.fails("test_handle_keepalive_on_closed_connection", async () => {
    // fails: undici (under the client) sees the server close the idle connection before the next
    // request and connects again, which succeeds; aiohttp reuses the dead connection and raises
    // asyncio's Protocol server is a node:net server; `len(connector._conns)`, the server's sockets
    // still open
    const open = new Set<Socket>();
    const server = createTcpServer((transp) => {
      open.add(transp);
      transp.on("close", () => open.delete(transp));
      let data = b("");
      transp.on("data", (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        // asyncio's transport.write() after close() is dropped; a Node socket's throws.
        if (chunk.toString("latin1").endsWith("\r\n\r\n") && !transp.writableEnded) {
          transp.write(b("HTTP/1.1 200 OK\r\n" + "CONTENT-LENGTH: 2\r\n" + "\r\n" + "ok"));
          transp.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const addr = server.address() as AddressInfo;

    try {
      await inLoop(function* () {
        const connector = new TCPConnector({ limit: 1 });
        const session = new ClientSession({ connector });

        const url = `http://${addr.address}:${addr.port}/`;

        const r = yield* session.request("GET", url);
        yield* r.read();
        expect(open.size).toBe(1);

        yield* expectRaises(ClientConnectionError, session.request("GET", url));
        yield* sleep(0.05);
        expect(open.size).toBe(0);

        yield* session.close();
        yield* connector.close();
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("test_error_in_performing_request", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    function exceptionHandler(_loop: unknown, _context: unknown): void {
      // skip log messages about destroyed but pending tasks
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await inLoop(function* () {
      const loop = getRunningLoop();
      loop.setExceptionHandler(exceptionHandler);

      yield* using(new web.TestServer(app, { ssl: sslCtx }), function* (server) {
        const conn = new TCPConnector({ limit: 1 });
        yield* using(new web.TestClient(server, { connector: conn }), function* (client) {
          yield* expectRaises(ClientConnectionError, client.get("/"));

          // second try should not hang
          yield* expectRaises(ClientConnectionError, client.get("/"));
        });
      });
    });
  });

  it("test_await_after_cancelling", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response();
    }

    const app = new web.Application();
    app.router.addRoute("GET", "/", handler);

    await withClient(app, {}, function* (client) {
      const fut1 = createFuture();
      const fut2 = createFuture();

      function* fetch1(): Coro<void> {
        const resp = yield* client.get("/");
        expect(resp.status).toBe(200);
        fut1.setResult(null);
        yield* expectRaises(
          CancelledError,
          (function* () {
            yield* fut2;
          })(),
        );
        resp.release();
      }

      function* fetch2(): Coro<void> {
        yield* fut1;
        const resp = yield* client.get("/");
        expect(resp.status).toBe(200);
      }

      function* canceller(): Coro<void> {
        yield* fut1;
        fut2.cancel();
      }

      yield* gather(fetch1(), fetch2(), canceller());
    });
  });

  it("test_async_payload_generator", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.read();
      expect(data).toEqual(b("1234567890".repeat(100)));
      return new web.Response();
    }

    const app = new web.Application();
    app.addRoutes([web.post("/", handler)]);

    await withClient(app, {}, function* (client) {
      async function* gen() {
        for (let i = 0; i < 100; i++) yield b("1234567890");
      }

      const resp = yield* client.post("/", { data: gen() });
      expect(resp.status).toBe(200);
    });
  });

  it("test_read_from_closed_response", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("data") });
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    await withClient(app, {}, function* (client) {
      const resp = yield* using(client.get("/"), function* (resp) {
        expect(resp.status).toBe(200);
        return resp;
      });

      yield* expectRaises(ClientConnectionError, resp.read());
    });
  });

  it("test_read_from_closed_response2", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("data") });
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    await withClient(app, {}, function* (client) {
      const resp = yield* using(client.get("/"), function* (resp) {
        expect(resp.status).toBe(200);
        yield* resp.read();
        return resp;
      });

      yield* expectRaises(ClientConnectionError, resp.read());
    });
  });

  it("test_read_from_closed_content", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("data") });
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    await withClient(app, {}, function* (client) {
      const resp = yield* using(client.get("/"), function* (resp) {
        expect(resp.status).toBe(200);
        return resp;
      });

      yield* expectRaises(ClientConnectionError, resp.content.readline());
    });
  });

  it("test_read_timeout", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      yield* sleep(5);
      return new web.Response();
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    const timeout = new ClientTimeout({ sockRead: 0.1 });
    await withClient(app, { timeout }, function* (client) {
      yield* expectRaises(aiohttp.ServerTimeoutError, client.get("/"));
    });
  });

  it("test_read_timeout_on_prepared_response", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const resp = new web.StreamResponse();
      yield* resp.prepare(request);
      yield* sleep(5);
      yield* missing(resp).drain();
      return resp;
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    const timeout = new ClientTimeout({ sockRead: 0.1 });
    await withClient(app, { timeout }, function* (client) {
      yield* expectRaises(
        aiohttp.ServerTimeoutError,
        (function* () {
          yield* using(yield* client.get("/"), function* (resp) {
            yield* resp.read();
          });
        })(),
      );
    });
  });

  it("test_read_bufsize_session_default", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("1234567") });
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    await withClient(app, { readBufsize: 2 }, function* (client) {
      yield* using(yield* client.get("/"), function* (resp) {
        expect(resp.content.getReadBufferLimits()).toEqual([2, 4]);
      });
    });
  });

  it("test_read_bufsize_explicit", async () => {
    function* handler(_request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ body: b("1234567") });
    }

    const app = new web.Application();
    app.addRoutes([web.get("/", handler)]);

    await withClient(app, {}, function* (client) {
      yield* using(yield* client.get("/", { readBufsize: 4 }), function* (resp) {
        expect(resp.content.getReadBufferLimits()).toEqual([4, 8]);
      });
    });
  });

  it("test_http_empty_data_text", async () => {
    function* handler(request: web.Request): Coro<web.StreamResponse> {
      const data = yield* request.read();
      const ret = data.equals(b("")) ? "ok" : "fail";
      const resp = new web.Response({ text: ret });
      resp.headers.set("Content-Type", request.headers.get("Content-Type") as string);
      return resp;
    }

    const app = new web.Application();
    app.addRoutes([web.post("/", handler)]);

    await withClient(app, {}, function* (client) {
      yield* using(yield* client.post("/", { data: "" }), function* (resp) {
        expect(resp.status).toBe(200);
        expect(yield* resp.text()).toBe("ok");
        expect(resp.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      });
    });
  });
});
