/**
 * aiohttp.web on node:http, served on 127.0.0.1 and asked with @aio/http's client (and raw
 * sockets where the client would be too polite): routes, requests, responses, exceptions,
 * middlewares, the lifecycle, errors, disconnects, graceful shutdown.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRunningLoop } from "@aio/loop";
import { Event } from "@aio/sync";
import { type Coro, createTask, fromPromise, gather, isCancelledError, sleep, using } from "@aio/task";
import { afterAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ClientSession, ClientTimeout, FormData, web } from "../src/index.js";
import { catching, inLoop, rawRequest, serving } from "./servers.js";

function* get(s: ClientSession, url: string, options = {}) {
  return yield* using(s.get(url, options), function* (r) {
    return {
      status: r.status,
      reason: r.reason,
      type: r.headers.get("Content-Type"),
      text: yield* r.text(),
      headers: r.headers,
    };
  });
}

/** Runs a fixture program that serves with runApp; resolves once it prints its banner. */
async function runAppProcess(fixture: string) {
  const script = join(dirname(fileURLToPath(import.meta.url)), "fixtures", fixture);
  const child = spawn(
    process.execPath,
    ["--no-warnings", "--conditions=aio-source", "--import", "tsx", script],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const state = { out: "", err: "", exited: false };
  child.stdout.on("data", (d: Buffer) => (state.out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (state.err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      state.exited = true;
      resolve(code);
    }),
  );
  const deadline = Date.now() + 30_000;
  while (!state.out.includes("(Press CTRL+C to quit)") && !state.exited && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const url = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(state.out)?.[1] as string;
  return { child, exited, url, output: () => state.out, errors: () => state.err };
}

describe("routes and responses", () => {
  it("plain and variable paths, query, JSON, HEAD on GET routes, 404 and 405 as aiohttp answers them, urlFor", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.Response({ text: "Hello, world" });
    });
    app.router.addGet(
      "/users/{id}",
      function* (request) {
        return web.jsonResponse({
          id: request.matchInfo.params.id,
          tags: request.query.getAll("tag"),
          route: request.matchInfo.routeName,
        });
      },
      { name: "user" },
    );
    app.router.addGet("/files/{tail:.*}", function* (request) {
      return new web.Response({ text: request.matchInfo.params.tail as string });
    });
    app.router.addGet("/n/{n:\\d+}", function* (request) {
      return new web.Response({ text: String(Number(request.matchInfo.params.n) * 2) });
    });
    app.router.addPost("/users/{id}", function* () {
      return new web.Response({ status: 201, text: "made" });
    });
    const got = await serving(app, function* (url, s) {
      const head = yield* using(s.head(`${url}/`), function* (r) {
        return [r.status, r.headers.get("Content-Length"), (yield* r.read()).length];
      });
      return {
        root: yield* get(s, `${url}/`),
        user: yield* get(s, `${url}/users/%ED%8C%8C?tag=a&tag=b`),
        tail: (yield* get(s, `${url}/files/a/b/c.txt`)).text,
        digits: (yield* get(s, `${url}/n/21`)).text,
        notDigits: (yield* get(s, `${url}/n/x`)).status,
        missing: yield* get(s, `${url}/nope`),
        wrongMethod: yield* using(s.delete(`${url}/users/7`), function* (r) {
          return [r.status, r.headers.get("Allow"), yield* r.text()];
        }),
        head,
        urlFor: app.router.urlFor("user", { id: "파 1" }),
      };
    });
    expect(got.root).toMatchObject({
      status: 200,
      reason: "OK",
      type: "text/plain; charset=utf-8",
      text: "Hello, world",
    });
    expect(got.root.headers.get("Server")).toMatch(/^Node\.js\/\S+ aio-http\/0\.1$/);
    expect(got.user).toMatchObject({ status: 200, type: "application/json; charset=utf-8" });
    expect(JSON.parse(got.user.text)).toEqual({ id: "파", tags: ["a", "b"], route: "user" });
    expect(got.tail).toBe("a/b/c.txt");
    expect(got.digits).toBe("42");
    expect(got.notDigits).toBe(404);
    expect(got.missing).toMatchObject({
      status: 404,
      reason: "Not Found",
      type: "text/plain; charset=utf-8",
      text: "404: Not Found",
    });
    expect(got.wrongMethod).toEqual([405, "GET,HEAD,POST", "405: Method Not Allowed"]);
    expect(got.head).toEqual([200, "12", 0]);
    expect(got.urlFor).toBe("/users/%ED%8C%8C%201");
  });

  it("streamed responses (chunked, written as the client reads), cookies set and deleted, request cookies", async () => {
    const app = new web.Application();
    app.router.addGet("/stream", function* (request) {
      const resp = new web.StreamResponse({ headers: { "Content-Type": "text/plain" } });
      resp.setCookie("session", "abc", { httponly: true, maxAge: 60 });
      resp.delCookie("old");
      yield* resp.prepare(request);
      for (let i = 0; i < 5; i++) {
        yield* resp.write(`line ${i}\n`);
        yield* sleep(0.01);
      }
      yield* resp.writeEof();
      return resp;
    });
    app.router.addGet("/cookies", function* (request) {
      return web.jsonResponse(request.cookies);
    });
    const got = await serving(app, function* (url, s) {
      const streamed = yield* using(s.get(`${url}/stream`), function* (r) {
        return {
          chunked: r.headers.get("Transfer-Encoding"),
          cookies: r.headers.getAll("Set-Cookie"),
          text: yield* r.text(),
        };
      });
      const echoed = yield* using(s.get(`${url}/cookies`, { headers: { Cookie: "a=1; b=two" } }), (r) =>
        r.json(),
      );
      return { streamed, echoed };
    });
    expect(got.streamed.chunked).toBe("chunked");
    expect(got.streamed.text).toBe("line 0\nline 1\nline 2\nline 3\nline 4\n");
    expect(got.streamed.cookies).toEqual([
      "session=abc; HttpOnly; Max-Age=60; Path=/",
      'old=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
    ]);
    expect(got.echoed).toEqual({ a: "1", b: "two" });
  });

  it("text with a Content-Type header: charset=utf-8 added unless it has one (then encoded in it), as aiohttp 3.8.4", async () => {
    // aiohttp 3.8.4 (checked) sends, for text "é": text/html -> 'text/html; charset=utf-8';
    // 'text/html; charset=latin-1' kept, body b'\xe9'; 'text/html; foo=bar' -> 'text/html; foo=bar;
    // charset=utf-8'; application/octet-stream -> 'text/plain; charset=utf-8'; an HTTP exception's
    // text (given or its default) the same; a bytes or string body keeps 'text/html'.
    const app = new web.Application();
    const typed = (h: string) => ({ headers: { "Content-Type": h } });
    const answer = (make: () => web.Response) =>
      function* (): Coro<web.StreamResponse> {
        return make();
      };
    app.router.addGet(
      "/html",
      answer(() => new web.Response({ text: "é", ...typed("text/html") })),
    );
    app.router.addGet(
      "/latin",
      answer(() => new web.Response({ text: "é", ...typed("text/html; charset=latin-1") })),
    );
    app.router.addGet(
      "/params",
      answer(() => new web.Response({ text: "é", ...typed("text/html; foo=bar") })),
    );
    app.router.addGet(
      "/octet",
      answer(() => new web.Response({ text: "é", ...typed("application/octet-stream") })),
    );
    app.router.addGet(
      "/bytes",
      answer(() => new web.Response({ body: Buffer.from("é"), ...typed("text/html") })),
    );
    app.router.addGet(
      "/string",
      answer(() => new web.Response({ body: "é", ...typed("text/html") })),
    );
    app.router.addGet("/set", function* () {
      const r = new web.Response(typed("text/html"));
      r.text = "é";
      return r;
    });
    app.router.addGet("/exc", function* (): Coro<web.StreamResponse> {
      throw new web.HTTPNotFound({ text: "é", ...typed("text/html") });
    });
    app.router.addGet("/exc-default", function* (): Coro<web.StreamResponse> {
      throw new web.HTTPNotFound(typed("text/html"));
    });
    const got = await serving(app, function* (url, s) {
      const out: Record<string, unknown> = {};
      for (const path of ["html", "latin", "params", "octet", "bytes", "string", "set", "exc", "exc-default"])
        out[path] = yield* using(s.get(`${url}/${path}`), function* (r) {
          return [r.headers.get("Content-Type"), (yield* r.read()).toString("hex")];
        });
      return out;
    });
    expect(got).toEqual({
      html: ["text/html; charset=utf-8", "c3a9"],
      latin: ["text/html; charset=latin-1", "e9"],
      params: ["text/html; foo=bar; charset=utf-8", "c3a9"],
      octet: ["text/plain; charset=utf-8", "c3a9"],
      bytes: ["text/html", "c3a9"],
      string: ["text/html", "c3a9"],
      set: ["text/html; charset=utf-8", "c3a9"],
      exc: ["text/html; charset=utf-8", "c3a9"],
      "exc-default": ["text/html; charset=utf-8", Buffer.from("404: Not Found").toString("hex")],
    });
  });

  it("the Content-Type's parts as aiohttp's response reads and sets them", () => {
    const r = new web.Response({ headers: { "Content-Type": 'TEXT/HTML;Foo="a b"; CHARSET=Latin-1' } });
    expect([r.contentType, r.charset]).toEqual(["text/html", "Latin-1"]);
    r.charset = "UTF-8";
    expect(r.headers.get("Content-Type")).toBe("text/html; foo=a b; charset=utf-8");
    r.contentType = "text/plain";
    expect(r.headers.get("Content-Type")).toBe("text/plain; foo=a b; charset=utf-8");
    r.charset = null;
    expect(r.headers.get("Content-Type")).toBe("text/plain; foo=a b");
    // aiohttp's RuntimeError
    expect(() => {
      new web.Response().charset = "utf-8";
    }).toThrow("Setting charset for application/octet-stream doesn't make sense, setup content_type first");
  });

  it("routes match the path as sent and decode the values: /users/a%2Fb is name 'a/b', as aiohttp 3.8.4", async () => {
    // aiohttp 3.8.4 (checked, same routes and requests): match_info, request.path, raw_path
    const app = new web.Application();
    const show = function* (request: web.Request): Coro<web.StreamResponse> {
      return web.jsonResponse([request.matchInfo.params, request.path, request.rawPath]);
    };
    app.router.addGet("/users/{name}", show);
    app.router.addGet("/a b/x", show);
    app.router.addGet("/p%2Fq", show);
    const got = await serving(app, function* (url) {
      const out: Record<string, unknown> = {};
      for (const path of [
        "/users/a%2Fb?x=%2F",
        "/users/a/b",
        "/users/caf%C3%A9",
        "/users/caf%E9",
        "/a%20b/x",
        "/p%2Fq",
        "/p/q",
      ]) {
        const answer = yield* fromPromise(
          rawRequest(url, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        const body = Buffer.from(answer.slice(answer.indexOf("\r\n\r\n") + 4), "latin1").toString();
        out[path] = answer.startsWith("HTTP/1.1 200") ? JSON.parse(body) : answer.split("\r\n")[0];
      }
      return out;
    });
    expect(got).toEqual({
      "/users/a%2Fb?x=%2F": [{ name: "a/b" }, "/users/a/b", "/users/a%2Fb?x=%2F"],
      "/users/a/b": "HTTP/1.1 404 Not Found",
      "/users/caf%C3%A9": [{ name: "café" }, "/users/café", "/users/caf%C3%A9"],
      "/users/caf%E9": [{ name: "caf%E9" }, "/users/caf%E9", "/users/caf%E9"],
      "/a%20b/x": [{}, "/a b/x", "/a%20b/x"],
      "/p%2Fq": [{}, "/p/q", "/p%2Fq"],
      "/p/q": "HTTP/1.1 404 Not Found",
    });
  });

  it("routes with other methods (PROPFIND, M-SEARCH) answer them; 405 lists them; FETCH is the parser's 400, as aiohttp 3.8.4", async () => {
    // aiohttp 3.8.4 (checked, its C parser): 200 'got PROPFIND', 200 'got M-SEARCH', GET a 405 with
    // 'Allow: M-SEARCH,PROPFIND'; a FETCH request a 400 from the parser (llhttp knows no FETCH).
    const app = new web.Application();
    const h = function* (request: web.Request): Coro<web.StreamResponse> {
      return new web.Response({ text: `got ${request.method}` });
    };
    app.router.addRoute("propfind", "/dav", h);
    app.router.addRoute("FETCH", "/f", h);
    app.router.addRoute("M-SEARCH", "/dav", h);
    const got = await serving(app, function* (url) {
      const out: string[][] = [];
      for (const [m, p] of [
        ["PROPFIND", "/dav"],
        ["M-SEARCH", "/dav"],
        ["GET", "/dav"],
        ["FETCH", "/f"],
      ]) {
        const answer = yield* fromPromise(
          rawRequest(url, `${m} ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        const lines = answer.split("\r\n");
        out.push([lines[0] as string, ...lines.filter((l) => l.startsWith("Allow:"))]);
        if (answer.startsWith("HTTP/1.1 200")) out.push([answer.slice(answer.indexOf("\r\n\r\n") + 4)]);
      }
      return out;
    });
    expect(got).toEqual([
      ["HTTP/1.1 200 OK"],
      ["got PROPFIND"],
      ["HTTP/1.1 200 OK"],
      ["got M-SEARCH"],
      ["HTTP/1.1 405 Method Not Allowed", "Allow: M-SEARCH,PROPFIND"],
      ["HTTP/1.1 400 Bad Request"],
    ]);
  });

  it("a class-based view's 405 lists every method of aiohttp's METH_ALL it has (TRACE, CONNECT too); others are 405, as aiohttp 3.8.4", async () => {
    // aiohttp 3.8.4 (checked, this view): POST 405 'Allow: CONNECT,GET,OPTIONS,TRACE', TRACE 200,
    // PROPFIND 405 (not in METH_ALL, though the view has propfind), OPTIONS (not callable) a 500.
    class V extends web.View {
      *get(): Coro<web.StreamResponse> {
        return new web.Response({ text: "get" });
      }
      *trace(): Coro<web.StreamResponse> {
        return new web.Response({ text: "trace" });
      }
      *connect(): Coro<web.StreamResponse> {
        return new web.Response({ text: "connect" });
      }
      *propfind(): Coro<web.StreamResponse> {
        return new web.Response({ text: "propfind" });
      }
      options = "not callable";
    }
    const app = new web.Application();
    app.router.addView("/v", V);
    const got = await serving(app, function* (url) {
      const out: string[][] = [];
      for (const m of ["POST", "TRACE", "PROPFIND", "OPTIONS"]) {
        const answer = yield* fromPromise(
          rawRequest(url, `${m} /v HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        const lines = answer.split("\r\n");
        out.push([
          m,
          lines[0] as string,
          ...lines.filter((l) => l.startsWith("Allow:")),
          answer.slice(answer.indexOf("\r\n\r\n") + 4, answer.indexOf("\r\n\r\n") + 4 + 25),
        ]);
      }
      return out;
    });
    expect(got).toEqual([
      [
        "POST",
        "HTTP/1.1 405 Method Not Allowed",
        "Allow: CONNECT,GET,OPTIONS,TRACE",
        "405: Method Not Allowed",
      ],
      ["TRACE", "HTTP/1.1 200 OK", "trace"],
      [
        "PROPFIND",
        "HTTP/1.1 405 Method Not Allowed",
        "Allow: CONNECT,GET,OPTIONS,TRACE",
        "405: Method Not Allowed",
      ],
      ["OPTIONS", "HTTP/1.1 500 Internal Server Error", "500 Internal Server Error"],
    ]);
  });

  it("request header values with non-ASCII bytes: UTF-8 with surrogateescape, as aiohttp 3.8.4's", async () => {
    // aiohttp 3.8.4: X-U: caf\xc3\xa9 -> 'café', X-L: caf\xe9 -> 'caf\udce9'
    const app = new web.Application();
    app.router.addGet("/h", function* (request) {
      return web.jsonResponse([request.headers.get("X-U"), request.headers.get("X-L")]);
    });
    const answer = await serving(app, function* (url) {
      return yield* fromPromise(
        new Promise<string>((resolve, reject) => {
          const sock = connect(Number(new URL(url).port), "127.0.0.1", () =>
            sock.write(
              Buffer.from(
                "GET /h HTTP/1.1\r\nHost: x\r\nX-U: caf\xc3\xa9\r\nX-L: caf\xe9\r\nConnection: close\r\n\r\n",
                "latin1",
              ),
            ),
          );
          const data: Buffer[] = [];
          sock.on("data", (d) => data.push(d));
          sock.on("close", () => resolve(Buffer.concat(data).toString("utf8")));
          sock.on("error", reject);
        }),
      );
    });
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toEqual(["café", "caf\udce9"]);
  });
});

describe("request bodies", () => {
  it("json, text, urlencoded and multipart forms (files too); past clientMaxSize a 413 with aiohttp's text", async () => {
    const app = new web.Application({ clientMaxSize: 1000 });
    app.router.addPost("/json", function* (request) {
      return web.jsonResponse({ got: yield* request.json() });
    });
    app.router.addPost("/form", function* (request) {
      const form = yield* request.post();
      const file = form.files.get("upload")?.[0];
      return web.jsonResponse({
        fields: form.entries(),
        file: file === undefined ? null : [file.filename, file.contentType, file.file.toString()],
      });
    });
    app.router.addPost("/text", function* (request) {
      return new web.Response({ text: `${(yield* request.text()).length} characters` });
    });
    const got = await serving(app, function* (url, s) {
      const json = yield* using(s.post(`${url}/json`, { json: { a: [1, "둘"] } }), (r) => r.json());
      const form = yield* using(s.post(`${url}/form`, { data: { name: "Ann", age: "3" } }), (r) => r.json());
      const multipart = new FormData();
      multipart.addField("name", "Bo");
      multipart.addField("upload", Buffer.from("file body"), {
        filename: "a.txt",
        contentType: "text/plain",
      });
      const files = yield* using(s.post(`${url}/form`, { data: multipart }), (r) => r.json());
      const big = yield* using(s.post(`${url}/text`, { data: "x".repeat(5000) }), function* (r) {
        return [r.status, yield* r.text()];
      });
      async function* chunks() {
        for (let i = 0; i < 10; i++) yield Buffer.alloc(300, 0x61);
      }
      const bigChunked = yield* using(s.post(`${url}/text`, { data: chunks() }), function* (r) {
        return [r.status, yield* r.text()];
      });
      const badJson = yield* using(
        s.post(`${url}/json`, { data: "{nope", headers: { "Content-Type": "application/json" } }),
        function* (r) {
          return [r.status, yield* r.text()];
        },
      );
      return { json, form, files, big, bigChunked, badJson };
    });
    expect(got.json).toEqual({ got: { a: [1, "둘"] } });
    expect(got.form).toEqual({
      fields: [
        ["name", "Ann"],
        ["age", "3"],
      ],
      file: null,
    });
    expect(got.files).toEqual({
      fields: [
        ["name", "Bo"],
        ["upload", "a.txt"],
      ],
      file: ["a.txt", "text/plain", "file body"],
    });
    expect(got.big).toEqual([413, "Maximum request body size 1000 exceeded, actual body size 5000"]);
    expect(got.bigChunked[0]).toBe(413);
    expect(got.bigChunked[1]).toMatch(/^Maximum request body size 1000 exceeded, actual body size \d+$/);
    expect(got.badJson[0]).toBe(400);
  });
});

describe("exceptions, middlewares, errors, state, lifecycle", () => {
  it("HTTP exceptions answer; middlewares wrap in order; a failing handler is a logged 500; state and lifecycle in order", async () => {
    const events: string[] = [];
    const USER = new web.AppKey<string>("user");
    const timing = web.middleware(function* (request, handler) {
      events.push(`outer in ${request.path}`);
      const resp = yield* handler(request);
      resp.headers.set("X-Outer", "1");
      events.push(`outer out ${resp.status}`);
      return resp;
    });
    const auth = web.middleware(function* (request, handler) {
      events.push("inner in");
      if (request.headers.get("Authorization") === undefined && request.path === "/private")
        throw new web.HTTPUnauthorized({ text: "who are you?", headers: { "WWW-Authenticate": "Basic" } });
      return yield* handler(request);
    });
    const app = new web.Application({ middlewares: [timing, auth] });
    app.set(USER, "ann");
    app.onStartup.push(function* (a) {
      events.push(`startup ${a.get(USER)}`);
    });
    app.cleanupCtx.push(() => ({
      *aenter() {
        events.push("ctx enter");
      },
      *aexit() {
        events.push("ctx exit");
        return false;
      },
    }));
    app.onShutdown.push(function* () {
      events.push("shutdown");
    });
    app.onCleanup.push(function* () {
      events.push("cleanup");
    });
    app.router.addGet("/private", function* () {
      return new web.Response({ text: "secret" });
    });
    app.router.addGet("/old", function* () {
      throw new web.HTTPFound("/new");
    });
    app.router.addGet("/new", function* () {
      return new web.Response({ text: "moved here" });
    });
    app.router.addGet("/boom", function* () {
      throw new Error("kaput");
    });
    const logged: unknown[] = [];
    const got = await serving(app, function* (url, s) {
      getRunningLoop().setExceptionHandler((_loop, context) => logged.push(context));
      const denied = yield* get(s, `${url}/private`);
      const moved = yield* using(s.get(`${url}/old`), function* (r) {
        return [r.status, r.history.map((h) => [h.status, h.headers.get("Location")]), yield* r.text()];
      });
      const boom = yield* get(s, `${url}/boom`);
      const boomHtml = yield* get(s, `${url}/boom`, { headers: { Accept: "text/html" } });
      expect(() => app.set(USER, "bo")).toThrow(
        "Changing state of started or joined application is forbidden: <AppKey(user)>",
      );
      expect(() =>
        app.router.addGet("/late", function* () {
          return new web.Response();
        }),
      ).toThrow("Cannot register a resource into frozen router.");
      return { denied, moved, boom, boomHtml };
    });
    expect(got.denied).toMatchObject({ status: 401, text: "who are you?" });
    expect(got.denied.headers.get("WWW-Authenticate")).toBe("Basic");
    // Raised, it passes through the outer middleware as an exception (as in aiohttp): no X-Outer.
    expect(got.denied.headers.get("X-Outer")).toBeUndefined();
    expect(got.moved).toEqual([200, [[302, "/new"]], "moved here"]);
    expect(got.boom).toMatchObject({
      status: 500,
      type: "text/plain; charset=utf-8",
      text: "500 Internal Server Error\n\nServer got itself in trouble",
    });
    expect(got.boomHtml.text).toBe(
      "<html><head><title>500 Internal Server Error</title></head><body>\n<h1>500 Internal Server Error</h1>\nServer got itself in trouble\n</body></html>\n",
    );
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ message: "Error handling request" });
    expect((logged[0] as { exception: Error }).exception.message).toBe("kaput");
    // As aiohttp 3.8.4: the cleanup contexts enter before onStartup (its context runner is the
    // first on_startup receiver).
    expect(events.slice(0, 2)).toEqual(["ctx enter", "startup ann"]);
    expect(events.slice(2, 9)).toEqual([
      "outer in /private",
      "inner in",
      "outer in /old",
      "inner in",
      "outer in /new",
      "inner in",
      "outer out 200",
    ]);
    expect(events.slice(-3)).toEqual(["shutdown", "ctx exit", "cleanup"]);
  });
});

describe("options given as undefined", () => {
  it("are taken as absent: HTTPRequestEntityTooLarge keeps aiohttp's text", () => {
    const absent = new web.HTTPRequestEntityTooLarge(10, 20);
    const undef = new web.HTTPRequestEntityTooLarge(10, 20, { text: undefined });
    expect(undef.text).toBe("Maximum request body size 10 exceeded, actual body size 20");
    expect(undef.text).toBe(absent.text);
  });
});

describe("disconnects and shutdown", () => {
  it("a client that goes away cancels its handler (its finally runs)", async () => {
    const seen: string[] = [];
    const app = new web.Application();
    app.router.addGet("/slow", function* () {
      try {
        yield* sleep(5);
        seen.push("finished");
        return new web.Response({ text: "late" });
      } catch (err) {
        seen.push(isCancelledError(err) ? "cancelled" : "failed");
        throw err;
      }
    });
    await serving(app, function* (url, s) {
      const err = yield* catching(s.get(`${url}/slow`, { timeout: new ClientTimeout({ total: 0.1 }) }));
      expect((err as Error).name).toBe("TimeoutError");
      for (let i = 0; i < 50 && seen.length === 0; i++) yield* sleep(0.01);
    });
    expect(seen).toEqual(["cancelled"]);
  });

  it("stopping: new connections are refused, a request in flight finishes within the timeout, a longer one is cancelled", async () => {
    const seen: string[] = [];
    let arrived = 0;
    const bothArrived = new Event();
    const app = new web.Application();
    app.router.addGet("/quick", function* () {
      if (++arrived === 2) bothArrived.set();
      yield* sleep(0.2);
      seen.push("quick done");
      return new web.Response({ text: "quick" });
    });
    app.router.addGet("/endless", function* () {
      if (++arrived === 2) bothArrived.set();
      try {
        yield* sleep(30);
        return new web.Response({ text: "never" });
      } finally {
        seen.push("endless cleaned up");
      }
    });
    app.onCleanup.push(function* () {
      seen.push("app cleanup");
    });
    const got = await inLoop(function* () {
      const runner = new web.AppRunner(app, { shutdownTimeout: 0.5 });
      yield* runner.setup();
      const site = new web.TCPSite(runner, "127.0.0.1", 0);
      yield* site.start();
      const url = site.name;
      return yield* using(new ClientSession(), function* (s) {
        const quick = createTask(using(s.get(`${url}/quick`), (r) => r.text()));
        const endless = createTask(catching(using(s.get(`${url}/endless`), (r) => r.text())));
        // both requests are in their handlers (a fixed wait was too short on a loaded machine)
        yield* bothArrived.wait();
        const stopping = createTask(runner.cleanup());
        yield* sleep(0.05);
        const refused = yield* catching(
          using(new ClientSession(), function* (s2) {
            return yield* s2.get(`${url}/quick`);
          }),
        );
        yield* stopping;
        const [q, e] = yield* gather(quick, endless);
        return { q, e: (e as Error).name, refused: (refused as Error).name };
      });
    });
    expect(got.q).toBe("quick");
    expect(got.refused).toBe("ClientConnectorError");
    // The cancelled handler's connection closed without an answer; the client retried the GET once
    // (an idempotent request on a socket that closed before any byte came), and the server no
    // longer listened.
    expect(got.e).toBe("ClientConnectorError");
    expect(seen).toEqual(["quick done", "endless cleaned up", "app cleanup"]);
  });

  it("runApp: prints where it runs, serves, and on SIGTERM stops gracefully and exits 0", async () => {
    const { child, exited, url, output } = await runAppProcess("run-app.ts");
    const port = Number(new URL(url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const sock = connect(port, "127.0.0.1", () =>
        sock.end("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      );
      let data = "";
      sock.on("data", (d) => (data += d.toString()));
      sock.on("end", () => resolve(data));
      sock.on("error", reject);
    });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.endsWith("\r\n\r\nhello from runApp")).toBe(true);
    expect(output()).toMatch(
      /^======== Running on http:\/\/127\.0\.0\.1:\d+ ========\n\(Press CTRL\+C to quit\)\ncleanup ran\n$/,
    );
  });
});

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

describe("static files and FileResponse", () => {
  const root = mkdtempSync(join(tmpdir(), "aio-web-static-"));
  const files = join(root, "public");
  mkdirSync(join(files, "sub"), { recursive: true });
  writeFileSync(join(files, "hello.txt"), "0123456789abcdefghij");
  writeFileSync(join(files, "page.html"), "<p>hi</p>");
  writeFileSync(join(files, "sub", "deep.json"), "{}");
  writeFileSync(join(root, "secret.txt"), "do not serve");
  symlinkSync(join(root, "secret.txt"), join(files, "link-out.txt"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("serves files with their type, ETag, Last-Modified and Accept-Ranges; HEAD; one byte range; 416; 304 and 412", async () => {
    const app = new web.Application();
    app.router.addStatic("/static", files);
    const got = await serving(app, function* (url, s) {
      const full = yield* using(s.get(`${url}/static/hello.txt`), function* (r) {
        return {
          status: r.status,
          type: r.headers.get("Content-Type"),
          etag: r.headers.get("ETag"),
          modified: r.headers.get("Last-Modified"),
          ranges: r.headers.get("Accept-Ranges"),
          text: yield* r.text(),
        };
      });
      const html = (yield* get(s, `${url}/static/page.html`)).type;
      const head = yield* using(s.head(`${url}/static/hello.txt`), function* (r) {
        return [r.status, r.headers.get("Content-Length"), (yield* r.read()).length];
      });
      const range = (h: string) =>
        using(s.get(`${url}/static/hello.txt`, { headers: { Range: h } }), function* (r) {
          return [r.status, r.headers.get("Content-Range") ?? null, yield* r.text()];
        });
      const ranges = [
        yield* range("bytes=2-5"),
        yield* range("bytes=15-"),
        yield* range("bytes=-3"),
        yield* range("bytes=30-"),
        yield* range("bytes=0-1,4-5"),
      ];
      const etag = full.etag as string;
      const cond = (headers: Record<string, string>) =>
        using(s.get(`${url}/static/hello.txt`, { headers }), function* (r) {
          return [r.status, (yield* r.read()).length];
        });
      const conditional = [
        yield* cond({ "If-None-Match": etag }),
        yield* cond({ "If-None-Match": '"other"' }),
        yield* cond({ "If-Modified-Since": full.modified as string }),
        yield* cond({ "If-Match": '"other"' }),
        yield* cond({ "If-Match": etag }),
      ];
      return { full, html, head, ranges, conditional };
    });
    expect(got.full).toMatchObject({
      status: 200,
      type: "text/plain",
      ranges: "bytes",
      text: "0123456789abcdefghij",
    });
    expect(got.full.etag).toMatch(/^"[0-9a-f]+-14"$/);
    expect(got.html).toBe("text/html");
    expect(got.head).toEqual([200, "20", 0]);
    expect(got.ranges).toEqual([
      [206, "bytes 2-5/20", "2345"],
      [206, "bytes 15-19/20", "fghij"],
      [206, "bytes 17-19/20", "hij"],
      [416, "bytes */20", ""],
      [416, "bytes */20", ""],
    ]);
    expect(got.conditional).toEqual([
      [304, 0],
      [200, 20],
      [304, 0],
      [412, 0],
      [200, 20],
    ]);
  });

  it("never serves outside the directory: .. in every spelling, absolute names, symlinks out (unless followSymlinks); directories 403 or an index", async () => {
    const app = new web.Application();
    app.router.addStatic("/static", files);
    app.router.addStatic("/listed", files, { showIndex: true });
    app.router.addStatic("/follow", files, { followSymlinks: true });
    const got = await serving(app, function* (url) {
      const ask = (path: string) =>
        fromPromise(rawRequest(url, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      const out: Record<string, number> = {};
      for (const path of [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2E%2E%2Fsecret.txt",
        "/static/sub/../../secret.txt",
        "/static//etc/passwd",
        "/static/link-out.txt",
        "/static/sub",
        "/static/sub/deep.json",
        "/static/nope.txt",
        "/follow/link-out.txt",
        "/follow/..%2fsecret.txt",
      ])
        out[path] = statusOf(yield* ask(path));
      const index = yield* ask("/listed/sub");
      return { out, index: index.slice(index.indexOf("\r\n\r\n") + 4) };
    });
    expect(got.out).toEqual({
      "/static/../secret.txt": 404,
      "/static/%2e%2e/secret.txt": 404,
      "/static/..%2fsecret.txt": 404,
      "/static/%2E%2E%2Fsecret.txt": 404,
      "/static/sub/../../secret.txt": 404,
      "/static//etc/passwd": 403,
      "/static/link-out.txt": 404,
      "/static/sub": 403,
      "/static/sub/deep.json": 200,
      "/static/nope.txt": 404,
      "/follow/link-out.txt": 200,
      "/follow/..%2fsecret.txt": 404,
    });
    expect(got.index).toBe(
      '<html>\n<head>\n<title>Index of /sub</title>\n</head>\n<body>\n<h1>Index of /sub</h1>\n<ul>\n<li><a href="/listed/sub/deep.json">deep.json</a></li>\n</ul>\n</body>\n</html>',
    );
    expect(() => new web.Application().router.addStatic("/x", join(root, "missing"))).toThrow(
      `No directory exists at '${join(root, "missing")}'`,
    );
  });

  it("malformed requests are answered 400 — a line too long with aiohttp's text — and the server goes on", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.Response({ text: "fine" });
    });
    const logged: string[] = [];
    const got = await serving(app, function* (url) {
      getRunningLoop().setExceptionHandler((_l, context) => {
        const exc = context.exception as NodeJS.ErrnoException;
        logged.push(`${context.message}: ${exc.code ?? exc.message}`);
      });
      const send = (bytes: string) => fromPromise(rawRequest(url, bytes));
      const bodyOf = (response: string) => response.slice(response.indexOf("\r\n\r\n") + 4);
      const hugeValue = yield* send(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
      const hugeName = yield* send(`GET / HTTP/1.1\r\nHost: x\r\n${"N".repeat(8191)}: v\r\n\r\n`);
      const longLine = yield* send(`GET /${"p".repeat(8190)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const manyHeaders = Array.from({ length: 10 }, (_, i) => `X-${i}: ${"b".repeat(8000)}\r\n`).join("");
      const hugeHead = yield* send(`GET / HTTP/1.1\r\nHost: x\r\n${manyHeaders}\r\n`);
      return {
        badLine: statusOf(yield* send("BLAH\r\n\r\n")),
        twoLengths: statusOf(
          yield* send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        ),
        hugeValue: [statusOf(hugeValue), bodyOf(hugeValue)],
        hugeName: [statusOf(hugeName), bodyOf(hugeName)],
        longLine: [statusOf(longLine), bodyOf(longLine)],
        hugeHead: [statusOf(hugeHead), bodyOf(hugeHead)],
        after: statusOf(yield* send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
      };
    });
    expect(got).toEqual({
      badLine: 400,
      twoLengths: 400,
      hugeValue: [400, "Got more than 8190 bytes (20000) when reading Header value is too long."],
      hugeName: [400, "Got more than 8190 bytes (8191) when reading Header name is too long."],
      longLine: [400, "Got more than 8190 bytes (8191) when reading Status line is too long."],
      hugeHead: [400, "Got more than 65536 bytes when reading Header section is too long."],
      after: 200,
    });
    expect(logged).toEqual([
      "Error handling request: 400, message='Got more than 8190 bytes (20000) when reading Header value is too long.'",
      "Error handling request: 400, message='Got more than 8190 bytes (8191) when reading Header name is too long.'",
      "Error handling request: 400, message='Got more than 8190 bytes (8191) when reading Status line is too long.'",
      "Error handling request: a malformed request: HPE_HEADER_OVERFLOW",
      "Error handling request: a malformed request: HPE_INVALID_METHOD",
      "Error handling request: a malformed request: HPE_UNEXPECTED_CONTENT_LENGTH",
    ]);
  });

  it("a client that sends its headers too slowly (slowloris) gets 408 and its connection closed", async () => {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.Response({ text: "fine" });
    });
    const got = await serving(
      app,
      function* (url) {
        const { port } = new URL(url);
        const answer = yield* fromPromise(
          new Promise<string>((resolve, reject) => {
            const sock = connect(Number(port), "127.0.0.1", () =>
              sock.write("GET / HTTP/1.1\r\nHost: x\r\n"),
            );
            // One header line every 100 ms, never the end of the head.
            const drip = setInterval(() => sock.write("X-Drip: 1\r\n"), 100);
            let data = "";
            sock.on("data", (d) => (data += d.toString()));
            sock.on("close", () => {
              clearInterval(drip);
              resolve(data);
            });
            sock.on("error", reject);
          }),
        );
        return statusOf(answer);
      },
      { headersTimeout: 0.5 },
    );
    expect(got).toBe(408);
  });
});

describe("declared routes, views, and the test client", () => {
  it("web.get(…) definitions, a RouteTableDef, class-based views (405 for a method they lack), through TestServer and TestClient", async () => {
    const routes = new web.RouteTableDef();
    const hello = routes.get("/hello/{name}", function* (request) {
      return new web.Response({ text: `hello, ${request.matchInfo.params.name}` });
    });
    class Item extends web.View {
      *get() {
        return web.jsonResponse({ item: this.request.matchInfo.params.id });
      }
      *delete() {
        return new web.Response({ status: 204 });
      }
    }
    routes.view("/items/{id}", Item);
    const app = new web.Application();
    app.addRoutes(routes);
    app.addRoutes([
      web.post("/echo", function* (request) {
        return new web.Response({ text: yield* request.text() });
      }),
      web.delete("/gone", function* () {
        return new web.Response({ status: 204 });
      }),
      web.put("/put", function* () {
        return new web.Response({ text: "put" });
      }),
      web.patch("/patch", function* () {
        return new web.Response({ text: "patch" });
      }),
      web.route("OPTIONS", "/any", function* () {
        return new web.Response({ text: "options" });
      }),
      web.head("/only-head", function* () {
        return new web.Response({ headers: { "X-Head": "yes" } });
      }),
      web.static("/pkg", dirname(fileURLToPath(import.meta.url))),
    ]);
    expect(typeof hello).toBe("function");
    const got = await inLoop(() =>
      using(new web.TestClient(new web.TestServer(app)), function* (client) {
        const status = (cm: ReturnType<typeof client.get>) =>
          using(cm, function* (r) {
            return [r.status, (yield* r.text()) || r.headers.get("Allow") || ""];
          });
        return [
          yield* status(client.get("/hello/ann")),
          yield* status(client.head("/hello/ann")),
          yield* status(client.post("/echo", { data: "back" })),
          yield* status(client.delete("/gone")),
          yield* status(client.get("/items/7")),
          yield* status(client.delete("/items/7")),
          yield* status(client.put("/items/7")),
          client.server.makeUrl("/x?y=1") === `${client.server.url}/x?y=1`,
          yield* status(client.put("/put")),
          yield* status(client.patch("/patch")),
          yield* status(client.options("/any")),
          yield* using(client.head("/only-head"), function* (r) {
            return [r.status, r.headers.get("X-Head")];
          }),
          yield* using(client.get("/pkg/fixtures/run-app.ts"), function* (r) {
            return [r.status, (yield* r.text()).includes("hello from runApp")];
          }),
        ];
      }),
    );
    expect(got).toEqual([
      [200, "hello, ann"],
      [200, ""],
      [200, "back"],
      [204, ""],
      [200, '{"item":"7"}'],
      [204, ""],
      [405, "405: Method Not Allowed"],
      true,
      [200, "put"],
      [200, "patch"],
      [200, "options"],
      [200, "yes"],
      [200, true],
    ]);
  });
});

describe("WebSockets", () => {
  /** A ws client: connects, and gives its messages and close as Promises. */
  function wsClient(url: string, protocols: string[] = []) {
    const ws = new WebSocket(url, protocols);
    const messages: string[] = [];
    const closed = new Promise<[number, string]>((resolve) =>
      ws.on("close", (code, reason) => resolve([code, reason.toString()])),
    );
    const opened = new Promise<void>((resolve, reject) => {
      ws.on("open", () => resolve());
      ws.on("error", reject);
    });
    ws.on("message", (data, isBinary) =>
      messages.push(isBinary ? `bin:${(data as Buffer).toString("hex")}` : String(data)),
    );
    return { ws, messages, closed, opened };
  }

  function wsApp(events: string[]): web.Application {
    const app = new web.Application();
    app.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse({ protocols: ["chat.v2", "chat.v1"], maxMsgSize: 1000 });
      yield* ws.prepare(request);
      events.push(`open ${ws.protocol}`);
      for (;;) {
        const msg = yield* ws.receive();
        if (msg.type === web.WSMsgType.TEXT) {
          if (msg.data === "close") {
            yield* ws.close({ code: 4000, message: "asked to" });
            break;
          }
          if ((msg.data as string).startsWith("{"))
            yield* ws.sendJson({ echo: JSON.parse(msg.data as string) });
          else yield* ws.sendStr(`echo: ${msg.data}`);
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

  it("echoes text, JSON and bytes; negotiates a subprotocol; sees the client's close; closes with a code of its own", async () => {
    const events: string[] = [];
    const got = await serving(wsApp(events), function* (url) {
      const wsUrl = url.replace("http:", "ws:");
      const a = wsClient(`${wsUrl}/ws`, ["chat.v1", "chat.v2"]);
      yield* fromPromise(a.opened);
      a.ws.send("hello");
      a.ws.send('{"n":1}');
      a.ws.send(Buffer.from([1, 2, 3]));
      while (a.messages.length < 3) yield* sleep(0.01);
      a.ws.close(1000, "bye");
      const aClosed = yield* fromPromise(a.closed);
      const b = wsClient(`${wsUrl}/ws`);
      yield* fromPromise(b.opened);
      b.ws.send("close");
      const bClosed = yield* fromPromise(b.closed);
      return { a: [a.ws.protocol, a.messages, aClosed], b: [b.ws.protocol, bClosed] };
    });
    // aiohttp 3.8.4: the first protocol in the client's order that the server speaks; the client's
    // close frame is answered with the server's own close (1000, no reason), not an echo of it.
    expect(got.a).toEqual(["chat.v1", ["echo: hello", '{"echo":{"n":1}}', "bin:030201"], [1000, ""]]);
    expect(got.b).toEqual(["", [4000, "asked to"]]);
    expect(events).toEqual(["open chat.v1", "end 8 1000 bye", "open null"]);
  });

  it("a message past maxMsgSize closes with 1009; a plain GET to a WebSocket route is aiohttp's 400; an upgrade to a plain route gets the plain answer", async () => {
    const events: string[] = [];
    const got = await serving(wsApp(events), function* (url, s) {
      const wsUrl = url.replace("http:", "ws:");
      const big = wsClient(`${wsUrl}/ws`);
      yield* fromPromise(big.opened);
      big.ws.send("x".repeat(5000));
      const bigClosed = yield* fromPromise(big.closed);
      const plainGet = yield* get(s, `${url}/ws`);
      const toPlain = new WebSocket(`${wsUrl}/plain`);
      const refused = yield* fromPromise(
        new Promise<string>((resolve) => toPlain.on("error", (err) => resolve(err.message))),
      );
      return { bigClosed: bigClosed[0], plainGet: [plainGet.status, plainGet.text], refused };
    });
    expect(got.bigClosed).toBe(1009);
    expect(got.plainGet).toEqual([
      400,
      'No WebSocket UPGRADE hdr: None\n Can "Upgrade" only to "WebSocket".',
    ]);
    expect(got.refused).toBe("Unexpected server response: 200");
  });

  it("a handler that returns with its WebSocket open: the server closes it (1000), as aiohttp's write_eof does", async () => {
    const app = new web.Application();
    app.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.sendStr("hi");
      return ws;
    });
    const got = await serving(app, function* (url) {
      const c = wsClient(`${url.replace("http:", "ws:")}/ws`);
      yield* fromPromise(c.opened);
      return [c.messages, yield* fromPromise(c.closed)];
    });
    expect(got).toEqual([["hi"], [1000, ""]]);
  });

  it("stopping the server tells open WebSockets it is going away (1001) and their handlers finish", async () => {
    const events: string[] = [];
    const app = wsApp(events);
    const got = await inLoop(function* () {
      const runner = new web.AppRunner(app, { shutdownTimeout: 2 });
      yield* runner.setup();
      const site = new web.TCPSite(runner, "127.0.0.1", 0);
      yield* site.start();
      const c = wsClient(`${site.name.replace("http:", "ws:")}/ws`);
      yield* fromPromise(c.opened);
      yield* runner.cleanup();
      return yield* fromPromise(c.closed);
    });
    expect(got).toEqual([1001, "Server shutdown"]);
    expect(events).toEqual(["open null", "end 8 1001 Server shutdown"]);
  });
});

describe("runApp on several processes, and the access log", () => {
  it("workers: 2 serve one port from two processes (each request logged), and SIGTERM stops both gracefully", async () => {
    const { child, exited, url, output } = await runAppProcess("run-app-workers.ts");
    const pids = new Set<string>();
    for (let i = 0; i < 20 && pids.size < 2; i++) {
      const answer = await rawRequest(url, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      pids.add(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(pids.size).toBe(2);
    const out = output();
    expect(out.match(/^======== Running on/gm)).toHaveLength(1);
    const cleanups = out.match(/^cleanup (\d+)$/gm) ?? [];
    expect(new Set(cleanups.map((l) => l.slice(8)))).toEqual(pids);
    const logged = out.match(/^access .*$/gm) ?? [];
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged[0]).toMatch(/^access "GET \/ HTTP\/1\.1" 200 \d+$/);
  });

  it("a worker killed (SIGKILL) is replaced, said on stderr: two processes serve again; SIGTERM still stops all with 0 (issue 22: 11)", async () => {
    const { child, exited, url, errors } = await runAppProcess("run-app-workers.ts");
    // The answering worker's pid ("" for no answer: one request may meet the dying worker).
    const pidOf = (answer: string) =>
      answer.startsWith("HTTP/1.1 200 OK\r\n") ? answer.slice(answer.indexOf("\r\n\r\n") + 4) : "";
    const ask = () =>
      rawRequest(url, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").catch(() => "");
    const first = new Set<string>();
    for (let i = 0; i < 40 && first.size < 2; i++) first.add(pidOf(await ask()));
    expect([...first].every((pid) => /^\d+$/.test(pid))).toBe(true);
    const killed = [...first][0] as string;
    process.kill(Number(killed), "SIGKILL");
    const after = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (after.size < 2 && Date.now() < deadline) {
      const pid = pidOf(await ask());
      if (pid !== "") after.add(pid);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(first.size).toBe(2);
    expect(after.size).toBe(2);
    expect(after.has(killed)).toBe(false);
    expect(errors()).toContain(
      `runApp: worker ${killed} exited with signal SIGKILL; another starts in 0.1 s\n`,
    );
  }, 60_000);

  it("workers that cannot be kept (each fails at startup): the primary gives up and exits non-zero (issue 22: 11)", async () => {
    const { exited, errors } = await runAppProcess("run-app-crashing.ts");
    const code = await exited;
    expect(code).not.toBe(0);
    expect(code).not.toBe(null);
    const err = errors();
    expect(err).toMatch(/^runApp: worker \d+ exited with code 1; another starts in 0\.1 s$/m);
    expect(err).toMatch(/^runApp: worker \d+ exited with code 1; another starts in 0\.8 s$/m);
    expect(err).toMatch(
      /^runApp: workers keep exiting \(5 in a row, the last: worker \d+ with code 1\); giving up$/m,
    );
    expect(err).toContain("Error: the database is not there");
  }, 60_000);

  it("the access log in aiohttp's default format", async () => {
    const lines: string[] = [];
    const app = new web.Application();
    app.router.addGet("/hi", function* () {
      return new web.Response({ text: "hello" });
    });
    await serving(
      app,
      function* (url, s) {
        yield* using(
          s.get(`${url}/hi?x=1`, { headers: { Referer: "http://ref/", "User-Agent": "tester/1" } }),
          (r) => r.read(),
        );
        yield* using(s.get(`${url}/nope`, { headers: { "User-Agent": "tester/1" } }), (r) => r.read());
      },
      { accessLog: (line) => lines.push(line) },
    );
    expect(lines).toHaveLength(2);
    // %b: the bytes sent, head included, as aiohttp 3.8.4 (the next test checks the numbers)
    expect(lines[0]).toMatch(
      /^127\.0\.0\.1 \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/hi\?x=1 HTTP\/1\.1" 200 \d{3} "http:\/\/ref\/" "tester\/1"$/,
    );
    expect(lines[1]).toMatch(/"GET \/nope HTTP\/1\.1" 404 \d{3} "-" "tester\/1"$/);
  });

  it("%b is what went out for the response, head and body (chunk sizes too), as aiohttp 3.8.4 logs it", async () => {
    // aiohttp 3.8.4 (checked) logs for each exactly the bytes its client received: GET /text
    // ("hello") 175 (a 170-byte head), HEAD /text 170, a chunked stream of 3+5 bytes 201 (23 of
    // body: "3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n"), a 204 118, a 404 192, 100000 bytes 100174.
    const dir = mkdtempSync(join(tmpdir(), "aio-accesslog-"));
    writeFileSync(join(dir, "f.txt"), "file body\n");
    const lines: string[] = [];
    const app = new web.Application();
    const answer = (make: () => web.Response) =>
      function* (): Coro<web.StreamResponse> {
        return make();
      };
    app.router.addGet(
      "/text",
      answer(() => new web.Response({ text: "hello" })),
    );
    app.router.addGet("/stream", function* (request) {
      const resp = new web.StreamResponse();
      yield* resp.prepare(request);
      yield* resp.write("abc");
      yield* resp.write(Buffer.from("defgh"));
      yield* resp.writeEof();
      return resp;
    });
    app.router.addGet(
      "/empty",
      answer(() => new web.Response({ status: 204 })),
    );
    app.router.addGet(
      "/big",
      answer(() => new web.Response({ body: Buffer.alloc(100000, "x") })),
    );
    app.router.addGet("/file", function* () {
      return new web.FileResponse(join(dir, "f.txt"));
    });
    const received: number[] = [];
    try {
      await serving(
        app,
        function* (url) {
          for (const [m, p] of [
            ["GET", "/text"],
            ["HEAD", "/text"],
            ["GET", "/stream"],
            ["HEAD", "/stream"],
            ["GET", "/empty"],
            ["GET", "/missing"],
            ["GET", "/big"],
            ["GET", "/file"],
          ]) {
            const bytes = yield* fromPromise(
              rawRequest(url, `${m} ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
            );
            received.push(bytes.length); // read as Latin-1: one char a byte
          }
        },
        { accessLog: (line) => lines.push(line), accessLogFormat: "%r %s %b" },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines.map((l) => Number(l.split(" ").at(-1)))).toEqual(received);
    expect(lines.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "GET /text",
      "HEAD /text",
      "GET /stream",
      "HEAD /stream",
      "GET /empty",
      "GET /missing",
      "GET /big",
      "GET /file",
    ]);
    expect(received[2]).toBeGreaterThan(23);
  });
});

describe("cleanup contexts as async generators, Unix sockets, pings", () => {
  it("an async generator cleanup context runs to its yield at startup and on at cleanup; a site on a Unix socket serves", async () => {
    const events: string[] = [];
    const app = new web.Application();
    app.cleanupCtx.push(async function* () {
      events.push("set up");
      yield;
      events.push("torn down");
    });
    app.router.addGet("/", function* () {
      return new web.Response({ text: "over a unix socket" });
    });
    const path = join(mkdtempSync(join(tmpdir(), "aio-unix-")), "web.sock");
    const answer = await inLoop(function* () {
      const runner = new web.AppRunner(app);
      yield* runner.setup();
      const site = new web.UnixSite(runner, path);
      yield* site.start();
      try {
        events.push(site.name.replace(path, "<path>"));
        return yield* fromPromise(
          new Promise<string>((resolve, reject) => {
            const sock = connect(path, () =>
              sock.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            );
            let data = "";
            sock.on("data", (d) => (data += d.toString()));
            sock.on("end", () => resolve(data));
            sock.on("error", reject);
          }),
        );
      } finally {
        yield* runner.cleanup();
      }
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nover a unix socket$/);
    expect(events).toEqual(["set up", "http://unix:<path>:", "torn down"]);
  });

  it("ws.ping() reaches the client, which answers with a pong", async () => {
    const app = new web.Application();
    app.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.ping("are you there");
      const msg = yield* ws.receive();
      yield* ws.close();
      return Object.assign(ws, { last: msg });
    });
    const got = await serving(app, function* (url) {
      const client = new WebSocket(`${url.replace("http:", "ws:")}/ws`);
      const ping = yield* fromPromise(
        new Promise<string>((resolve) => client.on("ping", (data) => resolve(data.toString()))),
      );
      client.send("yes");
      yield* fromPromise(new Promise((resolve) => client.on("close", resolve)));
      return ping;
    });
    expect(got).toBe("are you there");
  });
});
