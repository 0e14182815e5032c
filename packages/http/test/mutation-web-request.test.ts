/**
 * What the session 7 mutation run of src/web/request.ts found untested: the request's URL parts,
 * Content-Type, charset, Content-Length, bodyExists, cookies and headers as a handler reads them;
 * read()'s limit at exactly clientMaxSize and its cache; json()'s 400; post() for DELETE (aiohttp
 * reads a form for DELETE and TRACE too), for other methods and types, a broken multipart body, a
 * file part without a type; the match info a middleware sees for a 404. Requests are raw bytes on
 * a socket, so that nothing adds a header. Checked against aiohttp 3.8.4 where it has an answer.
 */
import { fromPromise } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { rawRequest, serving } from "./servers.js";

const bodyOf = (answer: string) =>
  Buffer.from(answer.slice(answer.indexOf("\r\n\r\n") + 4), "latin1").toString();
const statusOf = (answer: string) => Number(answer.slice(9, 12));

/** Serves `app` and sends each raw request (Connection: close added); gives the answers. */
function ask(app: web.Application, requests: string[]): Promise<string[]> {
  return serving(app, function* (url) {
    const out: string[] = [];
    for (const r of requests) {
      const cut = r.indexOf("\r\n\r\n");
      const [head, body] = cut === -1 ? [r, ""] : [r.slice(0, cut), r.slice(cut + 4)];
      out.push(
        yield* fromPromise(rawRequest(url, `${head}\r\nHost: h.test:81\r\nConnection: close\r\n\r\n${body}`)),
      );
    }
    return out;
  });
}

describe("Request: what a handler reads", () => {
  it("URL parts, Content-Type, charset, Content-Length, bodyExists, headers and cookies", async () => {
    const app = new web.Application();
    app.router.addRoute("*", "/info/{x}", function* (request) {
      return web.jsonResponse({
        path: request.path,
        queryString: request.queryString,
        url: request.url,
        host: request.host,
        scheme: request.scheme,
        contentType: request.contentType,
        charset: request.charset,
        contentLength: request.contentLength,
        bodyExists: request.bodyExists,
        headers: [...request.headers].filter(([k]) => k.startsWith("X-")),
        headerNames: [...request.headers].map(([k]) => k),
        same: [request.headers, request.cookies].every((v, i) => v === [request.headers, request.cookies][i]),
        cookies: request.cookies,
        repr: String(request).replace(/\?.*/, ""),
      });
    });
    const answers = await ask(app, [
      "GET /info/a%20b",
      "GET /info/q?a=1&b=2\r\nX-One: 1\r\nX-Two: 2\r\nX-One: 3\r\nCookie: c=1; d=2",
      "POST /info/t\r\nContent-Type: Text/Plain;charset=latin-1\r\nContent-Length: 3\r\n\r\nabc",
      'POST /info/t\r\nContent-Type: text/plain; charset = "utf-8"\r\nContent-Length: 0',
      "POST /info/t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n",
    ]);
    const got = answers.map((a) => JSON.parse(bodyOf(a)));
    expect(got[0]).toEqual({
      path: "/info/a b",
      queryString: "",
      url: "http://h.test:81/info/a%20b",
      host: "h.test:81",
      scheme: "http",
      contentType: "application/octet-stream",
      charset: null,
      contentLength: null,
      bodyExists: false,
      headers: [],
      headerNames: ["Host", "Connection"],
      same: true,
      cookies: {},
      repr: "<Request GET /info/a%20b >",
    });
    expect(got[1]).toMatchObject({
      path: "/info/q",
      queryString: "a=1&b=2",
      url: "http://h.test:81/info/q?a=1&b=2",
      headers: [
        ["X-One", "1"],
        ["X-Two", "2"],
        ["X-One", "3"],
      ],
      cookies: { c: "1", d: "2" },
      headerNames: ["X-One", "X-Two", "X-One", "Cookie", "Host", "Connection"],
    });
    expect(got[2]).toMatchObject({
      contentType: "text/plain",
      charset: "latin-1",
      contentLength: 3,
      bodyExists: true,
    });
    expect(got[3]).toMatchObject({ charset: "utf-8", contentLength: 0, bodyExists: false });
    expect(got[4]).toMatchObject({ contentType: "application/json", contentLength: null, bodyExists: true });
  });

  it("Content-Type with spaces before ';': the type trimmed and lower-cased, the charset as written; request.app (session 9)", async () => {
    // aiohttp 3.8.4 (checked): 'Text/Plain ; charset=UTF-8' -> content_type 'text/plain', charset
    // 'UTF-8'; 'text/plain; CHARSET=Latin-1' -> charset 'Latin-1' (the value's case kept).
    const app = new web.Application();
    app.router.addPost("/ct", function* (request) {
      return web.jsonResponse({
        contentType: request.contentType,
        charset: request.charset,
        app: request.app === app,
        text: yield* request.text(),
      });
    });
    const answers = await ask(app, [
      "POST /ct\r\nContent-Type: Text/Plain ; charset=UTF-8\r\nContent-Length: 2\r\n\r\nab",
      "POST /ct\r\nContent-Type: text/plain; CHARSET=Latin-1\r\nContent-Length: 2\r\n\r\ncd",
    ]);
    expect(answers.map((a) => JSON.parse(bodyOf(a)))).toEqual([
      { contentType: "text/plain", charset: "UTF-8", app: true, text: "ab" },
      { contentType: "text/plain", charset: "Latin-1", app: true, text: "cd" },
    ]);
  });

  it("a malformed percent-escape stays in the path as sent", async () => {
    const app = new web.Application();
    app.router.addGet("/m/{x}", function* (request) {
      return new web.Response({ text: `${request.path}|${request.matchInfo.params.x}` });
    });
    const [answer] = await ask(app, ["GET /m/%zz"]);
    expect(bodyOf(answer as string)).toBe("/m/%zz|%zz");
  });

  it("a middleware sees empty match info for a path no route matches (its apps: the application, as aiohttp's)", async () => {
    const seen: unknown[] = [];
    const app = new web.Application({
      middlewares: [
        function* (request, handler) {
          seen.push(request.matchInfo);
          return yield* handler(request);
        },
      ],
    });
    const [answer] = await ask(app, ["GET /none"]);
    expect(statusOf(answer as string)).toBe(404);
    expect(seen).toEqual([{ params: {}, routeName: null, apps: [app] }]);
    expect((seen[0] as { apps: unknown[] }).apps[0]).toBe(app);
  });
});

describe("Request: reading the body", () => {
  it("read() takes exactly clientMaxSize, declared or chunked, and refuses one byte more; a second read() gives the same body", async () => {
    const app = new web.Application({ clientMaxSize: 4 });
    app.router.addPost("/", function* (request) {
      const first = yield* request.read();
      const again = yield* request.read();
      const text = yield* request.text();
      return new web.Response({ text: `${first.toString()}|${again.toString()}|${text}` });
    });
    const answers = await ask(app, [
      "POST /\r\nContent-Length: 4\r\n\r\nabcd",
      "POST /\r\nContent-Length: 5\r\n\r\nabcde",
      "POST /\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n",
      "POST /\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n",
      // Declared too large, and only part of it sent: answered at once, without waiting for it.
      "POST /\r\nContent-Length: 100\r\n\r\nabcde",
    ]);
    expect(answers.map((a) => [statusOf(a), bodyOf(a)])).toEqual([
      [200, "abcd|abcd|abcd"],
      [413, "Maximum request body size 4 exceeded, actual body size 5"],
      [200, "abcd|abcd|abcd"],
      [413, "Maximum request body size 4 exceeded, actual body size 5"],
      [413, "Maximum request body size 4 exceeded, actual body size 100"],
    ]);
  });

  it("json() of a body that is not JSON is a 400 that says so", async () => {
    const app = new web.Application();
    app.router.addPost("/", function* (request) {
      return web.jsonResponse(yield* request.json());
    });
    const [answer] = await ask(app, ["POST /\r\nContent-Length: 5\r\n\r\n{nope"]);
    expect(statusOf(answer as string)).toBe(400);
    expect(bodyOf(answer as string)).toMatch(/^Invalid JSON body: /);
  });

  it("post(): a form for POST and DELETE (as aiohttp, which reads one for PUT, PATCH and TRACE too), none for GET or another type", async () => {
    const app = new web.Application();
    app.router.addRoute("*", "/", function* (request) {
      const form = yield* request.post();
      return web.jsonResponse([...form]);
    });
    const form = "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2";
    const answers = await ask(app, [
      `POST /\r\n${form}`,
      `DELETE /\r\n${form}`,
      `GET /\r\n${form}`,
      'POST /\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}',
    ]);
    expect(answers.map((a) => JSON.parse(bodyOf(a)))).toEqual([
      [
        ["a", "1"],
        ["b", "2"],
      ],
      [
        ["a", "1"],
        ["b", "2"],
      ],
      [],
      [],
    ]);
  });

  it("post(): a file part's name, filename, type, headers and bytes; a broken multipart body is a 400", async () => {
    const app = new web.Application();
    app.router.addPost("/", function* (request) {
      const form = yield* request.post();
      const files = [...form.files.values()].flat();
      return web.jsonResponse(
        files.map((f) => [
          f.name,
          f.filename,
          f.contentType,
          f.headers.get("Content-Type") ?? null,
          f.file.toString(),
        ]),
      );
    });
    const body =
      '--Bnd\r\nContent-Disposition: form-data; name="g"; filename="b.txt"\r\nContent-Type: text/csv\r\n\r\nCD\r\n--Bnd--\r\n';
    const answers = await ask(app, [
      `POST /\r\nContent-Type: multipart/form-data; boundary=Bnd\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      "POST /\r\nContent-Type: multipart/form-data; boundary=Bnd\r\nContent-Length: 7\r\n\r\ngarbage",
    ]);
    expect(JSON.parse(bodyOf(answers[0] as string))).toEqual([["g", "b.txt", "text/csv", "text/csv", "CD"]]);
    expect(statusOf(answers[1] as string)).toBe(400);
    expect(bodyOf(answers[1] as string)).toMatch(/^Invalid multipart body: /);
  });
});
