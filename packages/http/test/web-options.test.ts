/**
 * No option of the server side is silently ignored: every options object of `web` checks its
 * keys, and an unknown one is a TypeError naming it (Python: "unexpected keyword argument").
 */
import { gzipSync } from "node:zlib";
import { getRunningLoop } from "@aio/loop";
import { fromPromise, sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { MultipartWriter, web } from "../src/index.js";
import { inLoop, rawRequest, serving } from "./servers.js";

const unexpected = (fn: string, key: string) =>
  new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);

describe("web: unknown options are TypeErrors naming them", () => {
  const handler = function* () {
    return new web.Response();
  };

  it("Application, AppRunner, TestServer, runApp", () => {
    expect(() => new web.Application({ clientMaxSize: 10, debug: true } as never)).toThrow(
      unexpected("Application", "debug"),
    );
    const app = new web.Application();
    expect(() => new web.AppRunner(app, { handleSignals: true } as never)).toThrow(
      unexpected("AppRunner", "handleSignals"),
    );
    expect(() => new web.TestServer(app, { scheme: "http" } as never)).toThrow(
      unexpected("TestServer", "scheme"),
    );
    expect(() => web.runApp(app, { reusePort: true } as never)).toThrow(unexpected("run_app", "reusePort"));
    // the options they share are taken
    expect(() => new web.AppRunner(app, { shutdownTimeout: 1, accessLog: null })).not.toThrow();
    expect(() => new web.TestServer(app, { host: "127.0.0.1", port: 0, keepaliveTimeout: 5 })).not.toThrow();
  });

  it("responses: StreamResponse, Response, jsonResponse, FileResponse, WebSocketResponse, setCookie", () => {
    expect(() => new web.StreamResponse({ status: 200, chunked: true } as never)).toThrow(
      unexpected("StreamResponse", "chunked"),
    );
    expect(() => new web.Response({ text: "a", zlibExecutorSize: 1 } as never)).toThrow(
      unexpected("Response", "zlibExecutorSize"),
    );
    expect(() => web.jsonResponse({}, { text: "a" } as never)).toThrow(unexpected("json_response", "text"));
    expect(() => new web.FileResponse("/tmp", { body: "x" } as never)).toThrow(
      unexpected("FileResponse", "body"),
    );
    expect(() => new web.WebSocketResponse({ compression: true } as never)).toThrow(
      unexpected("WebSocketResponse", "compression"),
    );
    expect(() => new web.WebSocketResponse({ compress: 15 as never })).toThrow(
      new TypeError("compress must be a boolean, got 15"),
    );
    expect(() => new web.Response().setCookie("a", "b", { version: "1" } as never)).toThrow(
      unexpected("set_cookie", "version"),
    );
    // a subclass's own options are not refused by its base
    expect(
      () => new web.Response({ status: 201, reason: "R", headers: {}, text: "t", charset: "utf-8" }),
    ).not.toThrow();
    expect(() => new web.FileResponse("/tmp", { status: 200, chunkSize: 1024 })).not.toThrow();
  });

  it("HTTP exceptions, routes, static directories", () => {
    expect(() => new web.HTTPNotFound({ txt: "a" } as never)).toThrow(unexpected("HTTPNotFound", "txt"));
    expect(() => new web.HTTPFound("/x", { location: "/y" } as never)).toThrow(
      unexpected("HTTPFound", "location"),
    );
    const app = new web.Application();
    expect(() => app.router.addPost("/", handler, { allowHead: true } as never)).toThrow(
      unexpected("add_route", "allowHead"),
    );
    expect(() => app.router.addStatic("/s", "/tmp", { appendVersion: true } as never)).toThrow(
      unexpected("add_static", "appendVersion"),
    );
    expect(() => app.router.addGet("/g", handler, { allowHead: false, name: "g" })).not.toThrow();
  });
});

describe("web: members aiohttp programs use", () => {
  it("Response body as an async iterable: chunked without a Content-Length, nothing for HEAD", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      async function* pieces() {
        yield "ab";
        yield Buffer.from("cd");
      }
      return new web.Response({ body: pieces() });
    });
    await inLoop(() =>
      using(new web.TestClient(new web.TestServer(app)), function* (client) {
        const resp = yield* client.get("/");
        expect([resp.headers.get("Transfer-Encoding"), resp.headers.get("Content-Type")]).toEqual([
          "chunked",
          "application/octet-stream",
        ]);
        expect(yield* resp.text()).toBe("abcd");
        const head = yield* client.head("/");
        expect([head.status, yield* head.text()]).toEqual([200, ""]);
      }),
    );
  });

  it("request.clone(method, relUrl, headers): aiohttp's, the body and match info shared", async () => {
    const app = new web.Application();
    app.router.addPost("/a/{name}", function* (request) {
      const c = request.clone({ method: "post", relUrl: "/other?x=1", headers: { X: "2" } });
      expect(() => request.clone({ foo: 1 } as never)).toThrow(
        new TypeError("Request.clone() got an unexpected keyword argument 'foo'"),
      );
      const plain = request.clone();
      return new web.Response({
        text: [
          c.method,
          c.path,
          c.pathQs,
          c.query.get("x"),
          c.headers.get("X"),
          c.headers.has("Content-Length"),
          c.matchInfo === request.matchInfo,
          plain.method,
          plain.headers.get("Content-Length"),
          yield* c.text(),
        ].join(" "),
      });
    });
    await inLoop(() =>
      using(new web.TestClient(new web.TestServer(app)), function* (client) {
        const resp = yield* client.post("/a/b?b=1", { data: "body" });
        expect(yield* resp.text()).toBe("post /other /other?x=1 1 2 false true POST 4 body");
      }),
    );
  });

  it("TestClient keeps the cookies 127.0.0.1 sets (aiohttp's unsafe jar); pathQs; canReadBody", async () => {
    const app = new web.Application();
    app.router.addGet("/login", function* () {
      const resp = new web.Response({ text: "in" });
      resp.setCookie("session", "abc");
      return resp;
    });
    app.router.addPost("/me", function* (request) {
      const before = request.canReadBody;
      const body = yield* request.text();
      return new web.Response({
        text: `${request.cookies.session ?? "none"} ${request.pathQs} ${before} ${request.canReadBody} ${body}`,
      });
    });
    app.router.addGet("/empty", function* (request) {
      return new web.Response({ text: String(request.canReadBody) });
    });
    const got = await inLoop(() =>
      using(new web.TestClient(new web.TestServer(app)), function* (client) {
        yield* using(client.get("/login"), (r) => r.text());
        const me = yield* using(client.post("/me?x=1&y=%20", { data: "hi" }), (r) => r.text());
        const empty = yield* using(client.get("/empty"), (r) => r.text());
        return [me, empty];
      }),
    );
    expect(got).toEqual(["abc /me?x=1&y=%20 true false hi", "false"]);
  });
});

describe("web: handlerArgs (aiohttp's handler_args): readBufsize, autoDecompress", () => {
  it("are checked as the runner's options are, and win over the runner's own", () => {
    expect(() => new web.Application({ handlerArgs: { readBufSize: 2 } as never })).toThrow(
      unexpected("RequestHandler", "readBufSize"),
    );
    expect(() => new web.Application({ handlerArgs: "fast" as never })).toThrow(
      new TypeError("handlerArgs must be an object of server settings, got 'fast'"),
    );
    const app = new web.Application({ handlerArgs: { readBufsize: 7, autoDecompress: false } });
    expect(app.handlerArgs).toEqual({ readBufsize: 7, autoDecompress: false });
    expect(Object.isFrozen(app.handlerArgs)).toBe(true);
    const runner = new web.AppRunner(app, { readBufsize: 100, keepaliveTimeout: 3 });
    expect([runner.readBufsize, runner.autoDecompress, runner.keepaliveTimeout]).toEqual([7, false, 3]);
    const plain = new web.AppRunner(new web.Application());
    expect([plain.readBufsize, plain.autoDecompress]).toEqual([65536, true]);
    expect(() => new web.AppRunner(new web.Application(), { readBufsize: 0 })).toThrow(
      new RangeError("readBufsize must be a positive integer (bytes), got 0"),
    );
    expect(() => new web.AppRunner(new web.Application({ handlerArgs: { readBufsize: 1.5 } }))).toThrow(
      new RangeError("readBufsize must be a positive integer (bytes), got 1.5"),
    );
    expect(() => new web.AppRunner(new web.Application(), { autoDecompress: "yes" as never })).toThrow(
      new TypeError("autoDecompress must be a boolean, got 'yes'"),
    );
  });

  it("a request's content gets the runner's buffer; autoDecompress false reads a gzip body as it came", async () => {
    const body = Buffer.from("hello hello hello hello hello");
    const gz = gzipSync(body);
    for (const [options, expected] of [
      [{}, { limits: [65536, 131072], body: body.toString("latin1") }],
      [
        { readBufsize: 3, autoDecompress: false },
        { limits: [3, 6], body: gz.toString("latin1") },
      ],
    ] as const) {
      const app = new web.Application();
      app.router.addPost("/", function* (request) {
        const limits = request.content.getReadBufferLimits();
        const got = yield* request.read();
        return web.jsonResponse({ limits, body: got.toString("latin1") });
      });
      const answer = await inLoop(() =>
        using(new web.TestServer(app, options), function* (server) {
          return yield* using(new web.TestClient(server), function* (client) {
            const resp = yield* client.post("/", { data: gz, headers: { "Content-Encoding": "gzip" } });
            return yield* resp.json();
          });
        }),
      );
      expect(answer).toEqual(expected);
    }
  });
});

describe("web: the logger option (aiohttp's Server(logger=…))", () => {
  it("takes the server's errors instead of the loop's exception handler; a logger without exception() is refused", async () => {
    const logged: [unknown, string][] = [];
    const logger = { exception: (err: unknown, message: string) => logged.push([err, message]) };
    const app = new web.Application();
    const boom = new Error("boom");
    app.router.addGet("/fail", function* () {
      throw boom;
    });
    const handled: unknown[] = [];
    const status = await inLoop(function* () {
      getRunningLoop().setExceptionHandler((_loop, context) => handled.push(context.message));
      return yield* using(new web.TestServer(app, { logger }), function* (server) {
        return yield* using(new web.TestClient(server), function* (client) {
          const resp = yield* client.get("/fail");
          return resp.status;
        });
      });
    });
    expect(status).toBe(500);
    expect(logged).toEqual([[boom, "Error handling request"]]);
    expect(handled).toEqual([]);
    expect(() => new web.AppRunner(new web.Application(), { logger: console.log as never })).toThrow(
      /^logger must have an exception\(error, message\) method, got /,
    );
  });
});

describe("web: request.writer and post()'s bytes fields", () => {
  it("writer: raw bytes before the head (an interim 100 Continue), the body after; a wrong value is a TypeError", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* (request) {
      yield* request.writer.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
      const resp = new web.StreamResponse();
      yield* resp.prepare(request);
      yield* request.writer.write(Buffer.from("body "));
      yield* request.writer.drain();
      yield* resp.write(Buffer.from("and more"));
      let err: unknown = null;
      try {
        yield* request.writer.write(7 as never);
      } catch (e) {
        err = e;
      }
      yield* resp.write(Buffer.from(err instanceof TypeError ? `; ${err.message}` : "; no error"));
      return resp;
    });
    const raw = await inLoop(() =>
      using(new web.TestServer(app), function* (server) {
        return yield* fromPromise(
          rawRequest(server.url, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
      }),
    );
    expect(raw).toMatch(
      /^HTTP\/1\.1 103 Early Hints\r\nLink: <\/a\.css>; rel=preload\r\n\r\nHTTP\/1\.1 200 OK\r\n/,
    );
    const body = raw
      .slice(raw.indexOf("\r\n\r\n", raw.indexOf("200 OK")) + 4)
      .split("\r\n")
      .filter((_, i) => i % 2 === 1)
      .join("");
    expect(body).toBe("body and more; data must be bytes or a string, got 7 of type int");
  });

  it("post(): a field neither text nor a file is its bytes; a text field in its charset; a file by its name", async () => {
    const app = new web.Application();
    app.router.addPost("/", function* (request) {
      const form = yield* request.post();
      const blob = form.get("blob");
      return web.jsonResponse({
        blob: Buffer.isBuffer(blob) ? [...blob] : (blob ?? null),
        text: form.get("text") ?? null,
        plain: form.get("plain") ?? null,
        file: form.get("file") ?? null,
      });
    });
    const writer = new MultipartWriter("form-data");
    writer.append(Buffer.from([0xff, 0x00, 0xfe])).setContentDisposition("form-data", { name: "blob" });
    writer
      .append(Buffer.from([0xf0, 0xee]), { "Content-Type": "text/plain; charset=koi8-r" })
      .setContentDisposition("form-data", { name: "text" });
    const plain = writer.append("no type");
    plain.headers.delete("Content-Type");
    plain.setContentDisposition("form-data", { name: "plain" });
    writer
      .append(Buffer.from("x"), { "Content-Type": "application/octet-stream" })
      .setContentDisposition("form-data", { name: "file", filename: "x.bin" });
    const got = await inLoop(() =>
      using(new web.TestServer(app), function* (server) {
        return yield* using(new web.TestClient(server), function* (client) {
          const resp = yield* client.post("/", { data: writer });
          return yield* resp.json();
        });
      }),
    );
    expect(got).toEqual({ blob: [0xff, 0x00, 0xfe], text: "ПН", plain: "no type", file: "x.bin" });
  });
});

describe("web: a handler that returns an HTTPException (deprecated in aiohttp 3.8)", () => {
  it("is answered with it, its headers and text, and a DeprecationWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.HTTPForbidden({ text: "go away", headers: { "X-Why": "policy" } }) as never;
    });
    process.on("warning", onWarning);
    try {
      const got = await inLoop(() =>
        using(new web.TestServer(app), function* (server) {
          return yield* using(new web.TestClient(server), function* (client) {
            const resp = yield* client.get("/");
            return [resp.status, resp.headers.get("X-Why"), yield* resp.text()];
          });
        }),
      );
      await new Promise((r) => setImmediate(r));
      expect(got).toEqual([403, "policy", "go away"]);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.includes("HTTPException"))).toEqual([
      "DeprecationWarning: returning HTTPException object is deprecated (#2415) and will be removed, please raise the exception instead",
    ]);
  });
});

describe("web: runner.requestsCount and TestServer.handler", () => {
  it("count each request as it arrives, a 404 and a kept-alive one too; no handler before start or after close", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.Response({ text: "ok" });
    });
    const server = new web.TestServer(app);
    expect(server.handler).toBe(null);
    const counts = await inLoop(() =>
      using(server, function* (s) {
        const seen = [(s.handler as web.AppRunner).requestsCount];
        yield* using(new web.TestClient(s), function* (client) {
          for (const path of ["/", "/missing", "/"]) {
            const resp = yield* client.get(path);
            yield* resp.read();
            seen.push((s.handler as web.AppRunner).requestsCount);
          }
        });
        return seen;
      }),
    );
    expect(counts).toEqual([0, 1, 2, 3]);
    expect(server.handler).toBe(null);
  });
});

describe("web: forceClose() and keepAlive (aiohttp's force_close, keep_alive)", () => {
  it("the response goes with Connection: close and the connection ends; keepAlive is the request's otherwise", async () => {
    const states: unknown[] = [];
    const app = new web.Application();
    app.router.addGet("/", function* (request) {
      const resp = new web.Response({ text: "bye" });
      states.push(resp.keepAlive);
      if (request.query.get("close") === "1") resp.forceClose();
      states.push(resp.keepAlive);
      yield* resp.prepare(request);
      states.push(resp.keepAlive);
      return resp;
    });
    const raw = await inLoop(() =>
      using(new web.TestServer(app), function* (server) {
        // two requests on one connection: the first kept alive, the second closes it
        return yield* fromPromise(
          rawRequest(
            server.url,
            "GET /?close=0 HTTP/1.1\r\nHost: x\r\n\r\nGET /?close=1 HTTP/1.1\r\nHost: x\r\n\r\n",
          ),
        );
      }),
    );
    expect(states).toEqual([null, null, true, null, false, false]);
    const answers = raw.split(/(?=HTTP\/1\.1 200 OK\r\n)/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).not.toMatch(/\r\nConnection: close\r\n/i);
    expect(answers[1]).toMatch(/\r\nConnection: close\r\n/i);
    expect(answers[1]?.endsWith("\r\n\r\nbye")).toBe(true);
  });

  it("a Content-Length the handler set is sent as it is (aiohttp keeps it)", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      const resp = new web.Response({ text: "text", headers: { "Content-Length": "2" } });
      resp.forceClose();
      return resp;
    });
    const raw = await inLoop(() =>
      using(new web.TestServer(app), function* (server) {
        return yield* fromPromise(rawRequest(server.url, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      }),
    );
    expect(raw).toMatch(/\r\nContent-Length: 2\r\n/i);
  });
});

describe("web: a WebSocket send waits only past 64 KiB queued (aiohttp's drain)", () => {
  it("small sends return at once; big ones to a client that does not read stop; reading lets them all through", async () => {
    let sent = 0;
    const app = new web.Application();
    app.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse({ compress: false });
      yield* ws.prepare(request);
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) yield* ws.sendStr("small"); // queued: no wait for each write
      const small = performance.now() - t0;
      yield* ws.sendStr(`small sends took ${small < 1000 ? "little" : "long"}`);
      for (let i = 0; i < 64; i++) {
        yield* ws.sendBytes(Buffer.alloc(1024 * 1024, i));
        sent++;
      }
      yield* ws.close();
      return ws;
    });
    const got = await serving(app, function* (url) {
      const client = new WebSocket(`${url.replace("http:", "ws:")}/ws`);
      const messages: (string | number)[] = [];
      client.on("message", (data, isBinary) => {
        messages.push(isBinary ? ((data as Buffer)[0] as number) : String(data));
      });
      yield* fromPromise(new Promise((r) => client.once("open", r)));
      const socket = (client as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause(); // the client stops reading
      yield* sleep(0.5);
      const whilePaused = sent;
      socket.resume();
      yield* fromPromise(new Promise((r) => client.once("close", r)));
      return { whilePaused, messages };
    });
    expect(got.whilePaused).toBeGreaterThan(0);
    expect(got.whilePaused).toBeLessThan(64);
    expect(got.messages.length).toBe(100 + 1 + 64);
    expect(got.messages[100]).toBe("small sends took little");
    expect(got.messages.slice(101)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });
});
