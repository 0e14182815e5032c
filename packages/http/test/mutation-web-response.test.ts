/**
 * What the mutation run of src/web/response.ts found untested: a StreamResponse's life (write
 * before prepare, after writeEof, what it writes, HEAD), its status and reason, the head it
 * sends (the default Content-Type, Server, cookies), its getters and setters, Response's
 * constructor and its body and text, and jsonResponse's options. aiohttp 3.8.4 (Debian's python3)
 * was asked for each; where ours differs, the test says so.
 */
import { repr } from "@aio/loop";
import { type Coro, fromPromise } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { SERVER_SOFTWARE } from "../src/web/response.js";
import { catching, rawRequest, serving } from "./servers.js";

/** The head of a raw answer as [name, value] pairs, without Date. */
const headOf = (answer: string) =>
  (answer.split("\r\n\r\n")[0] as string)
    .split("\r\n")
    .slice(1)
    .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)])
    .filter(([k]) => k !== "Date");

/** The status line of a raw answer. */
const statusLine = (answer: string) => answer.slice(0, answer.indexOf("\r\n"));

/** The body of a raw answer (after the head). */
const bodyOf = (answer: string) => answer.slice(answer.indexOf("\r\n\r\n") + 4);

/** Serves one handler on `/` and sends `bytes` to it raw. */
function answerTo(
  handler: (request: web.Request) => Coro<web.StreamResponse>,
  bytes: string,
): Promise<string> {
  const app = new web.Application();
  app.router.addRoute("*", "/", handler);
  return serving(app, function* (url) {
    return yield* fromPromise(rawRequest(url, bytes));
  });
}

const GET = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
const HEAD = "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

describe("StreamResponse: its life", () => {
  it("write and writeEof before prepare, write after writeEof, a write of a number: errors with aiohttp's messages; setStatus once prepared", async () => {
    const seen: unknown[] = [];
    const answer = await answerTo(function* (request) {
      const resp = new web.StreamResponse();
      seen.push(((yield* catching(resp.write("x"))) as Error).message);
      seen.push(((yield* catching(resp.writeEof())) as Error).message);
      seen.push(resp.prepared);
      yield* resp.prepare(request);
      yield* resp.prepare(request); // a second prepare does nothing
      seen.push(resp.prepared);
      try {
        resp.setStatus(201);
      } catch (err) {
        seen.push((err as Error).message);
      }
      const bad = (yield* catching(resp.write(5 as never))) as Error;
      seen.push([bad.constructor.name, bad.message]);
      yield* resp.write("ab");
      yield* resp.write(new Uint8Array([99]));
      yield* resp.write("");
      seen.push(resp.bodyLength, resp.eof);
      yield* resp.writeEof("de");
      seen.push(resp.bodyLength, resp.eof);
      yield* resp.writeEof("ignored"); // a second writeEof does nothing
      seen.push(((yield* catching(resp.write("x"))) as Error).message);
      return resp;
    }, GET);
    expect(seen).toEqual([
      "Cannot call write() before prepare()",
      "Cannot call write_eof() before prepare()",
      false,
      true,
      "Cannot change the response status code after the headers have been sent",
      ["TypeError", "data argument must be byte-ish, got 5"],
      expect.any(Number),
      false,
      expect.any(Number),
      true,
      "Cannot call write() after write_eof()",
    ]);
    // bodyLength is aiohttp 3.8.4's body_length: every byte written for the response, the head and
    // the chunk framing too — at the end, what the client received; "de" and the end added 12.
    const [mid, end] = [seen[6] as number, seen[8] as number];
    expect(end).toBe(Buffer.byteLength(answer, "latin1"));
    expect(end - mid).toBe("2\r\nde\r\n0\r\n\r\n".length);
    expect(mid).toBe(
      Buffer.byteLength(answer, "latin1") - bodyOf(answer).length + "2\r\nab\r\n1\r\nc\r\n".length,
    );
    expect(statusLine(answer)).toBe("HTTP/1.1 200 OK");
    // chunked: "ab", "c", "de", the end
    expect(bodyOf(answer)).toBe("2\r\nab\r\n1\r\nc\r\n2\r\nde\r\n0\r\n\r\n");
  });

  it("a HEAD request: the head goes out (and is counted), what is written does not (nor is it counted)", async () => {
    let length = -1;
    const answer = await answerTo(function* (request) {
      const resp = new web.StreamResponse({ headers: { "Content-Length": "3" } });
      yield* resp.prepare(request);
      yield* resp.write("abc");
      length = resp.bodyLength;
      yield* resp.writeEof();
      return resp;
    }, HEAD);
    expect(statusLine(answer)).toBe("HTTP/1.1 200 OK");
    expect(headOf(answer)).toContainEqual(["Content-Length", "3"]);
    expect(bodyOf(answer)).toBe("");
    // The head only (aiohttp's body_length counts it; nothing written for HEAD is).
    expect(length).toBe(Buffer.byteLength(answer, "latin1"));
  });

  it("the head: application/octet-stream unless typed (none for 204 and 304), Server unless set, a Set-Cookie per cookie", async () => {
    const head = async (make: () => web.StreamResponse) =>
      headOf(
        await answerTo(function* (request) {
          const resp = make();
          yield* resp.prepare(request);
          yield* resp.writeEof();
          return resp;
        }, GET),
      );
    const plain = await head(() => new web.StreamResponse());
    expect(plain).toContainEqual(["Content-Type", "application/octet-stream"]);
    expect(plain.find(([k]) => k === "Server")?.[1]).toBe(SERVER_SOFTWARE);
    expect(plain.filter(([k]) => k === "Set-Cookie")).toEqual([]);
    for (const status of [204, 304]) {
      const h = await head(() => new web.StreamResponse({ status }));
      expect(h.map(([k]) => k)).not.toContain("Content-Type");
    }
    const typed = await head(() => {
      const r = new web.StreamResponse({
        status: 201,
        headers: { "Content-Type": "text/x", Server: "mine" },
      });
      r.setCookie("a", "1");
      r.setCookie("b", "2", { secure: true });
      return r;
    });
    expect(typed.filter(([k]) => k === "Content-Type" || k === "Server" || k === "Set-Cookie")).toEqual([
      ["Content-Type", "text/x"],
      ["Server", "mine"],
      ["Set-Cookie", "a=1; Path=/"],
      ["Set-Cookie", "b=2; Path=/; Secure"],
    ]);
  });

  it("repr: the class, the reason, whether prepared (aiohttp 3.8.4: <StreamResponse OK not prepared>, then 'GET / ', then 'eof')", async () => {
    const seen: string[] = [];
    await answerTo(function* (request) {
      const resp = new web.StreamResponse({ status: 404 });
      seen.push(repr(resp));
      yield* resp.prepare(request);
      seen.push(repr(resp));
      yield* resp.writeEof();
      seen.push(repr(resp));
      seen.push(repr(new web.Response({ text: "x" })));
      return resp;
    }, "GET /?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(seen).toEqual([
      "<StreamResponse Not Found not prepared>",
      "<StreamResponse Not Found GET / >",
      "<StreamResponse Not Found eof>",
      "<Response OK not prepared>",
    ]);
  });
});

describe("StreamResponse: status, headers, cookies", () => {
  it("status and reason: the standard reason, '' for a status without one, or the one given; setStatus sets both", () => {
    const r = new web.StreamResponse();
    expect([r.status, r.reason]).toEqual([200, "OK"]);
    r.setStatus(404);
    expect([r.status, r.reason]).toEqual([404, "Not Found"]);
    r.setStatus(201, "Yay");
    expect([r.status, r.reason]).toEqual([201, "Yay"]);
    r.setStatus(599);
    expect([r.status, r.reason]).toEqual([599, ""]);
    expect(new web.StreamResponse({ status: 599 }).reason).toBe("");
    expect(new web.StreamResponse({ status: 100 }).reason).toBe("Continue");
    expect(new web.StreamResponse({ status: 999 }).reason).toBe("");
    expect(new web.StreamResponse({ status: 418, reason: "Tea" }).reason).toBe("Tea");
  });

  it("a status outside 100–999 or not an integer is refused (aiohttp 3.8.4 takes any; ours checks)", () => {
    for (const status of [99, 1000, 200.5, "200"])
      expect(() => new web.StreamResponse({ status: status as number })).toThrow(
        new RangeError(`status must be an integer from 100 to 999, got ${repr(status)}`),
      );
    const r = new web.StreamResponse();
    expect(() => r.setStatus(1000)).toThrow(RangeError);
    expect(r.status).toBe(200);
  });

  it("contentType: application/octet-stream without a header, else the media type trimmed; set, it keeps the charset (as aiohttp)", () => {
    const r = new web.StreamResponse();
    expect(r.contentType).toBe("application/octet-stream");
    r.headers.set("Content-Type", " text/html ; charset=utf-8");
    expect(r.contentType).toBe("text/html");
    r.contentType = "text/plain";
    expect(r.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const t = new web.Response({ text: "hi" });
    t.contentType = "text/html";
    expect(t.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const u = new web.StreamResponse();
    u.contentType = "text/plain";
    expect(u.headers.get("Content-Type")).toBe("text/plain");
  });

  it("charset: set and unset on a typed response, lower-cased (as aiohttp)", () => {
    const r = new web.StreamResponse({ headers: { "Content-Type": "text/plain" } });
    expect(r.charset).toBeNull();
    r.charset = "LATIN-1";
    expect(r.headers.get("Content-Type")).toBe("text/plain; charset=latin-1");
    expect(r.charset).toBe("latin-1");
    r.charset = null;
    expect(r.headers.get("Content-Type")).toBe("text/plain");
    expect(new web.StreamResponse({ headers: { "Content-Type": "a/b;charset=x" } }).charset).toBe("x");
  });

  it("contentLength: the header as a number, or null", () => {
    expect(new web.StreamResponse({ headers: { "Content-Length": "12" } }).contentLength).toBe(12);
    expect(new web.StreamResponse().contentLength).toBeNull();
  });

  it("setCookie with every option and delCookie with a domain and a path: aiohttp 3.8.4's Set-Cookie lines", async () => {
    const answer = await answerTo(function* () {
      const r = new web.Response({ text: "hi" });
      r.setCookie("a", "1", {
        expires: "Wed, 01 Jan 2031 00:00:00 GMT",
        domain: "x.com",
        maxAge: 10,
        path: "/p",
        secure: true,
        httponly: true,
        samesite: "Lax",
      });
      r.setCookie("c", "3", { secure: false, httponly: false });
      r.delCookie("b", { domain: "y.com", path: "/q" });
      r.delCookie("d");
      return r;
    }, GET);
    expect(headOf(answer).filter(([k]) => k === "Set-Cookie")).toEqual([
      [
        "Set-Cookie",
        "a=1; Domain=x.com; expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly; Max-Age=10; Path=/p; SameSite=Lax; Secure",
      ],
      ["Set-Cookie", "c=3; Path=/"],
      ["Set-Cookie", 'b=""; Domain=y.com; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/q'],
      ["Set-Cookie", 'd=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
    ]);
  });

  it("a header with a newline is refused at prepare() (response splitting), a reason with one too", async () => {
    const errors: unknown[] = [];
    await answerTo(function* (request) {
      const bad = new web.StreamResponse({ headers: { "X-A": "1\r\nX-B: 2" } });
      errors.push(yield* catching(bad.prepare(request)));
      const badReason = new web.StreamResponse({ reason: "OK\nX-B: 2" });
      errors.push(yield* catching(badReason.prepare(request)));
      return new web.Response({ text: "ok" });
    }, GET);
    for (const err of errors) {
      expect(err).toBeInstanceOf(RangeError);
      expect((err as Error).message).toMatch(/^Newline or carriage return character detected/);
    }
  });
});

describe("Response: constructor, body, text", () => {
  it("refuses body and text together, a text that is not a string, a Content-Type header with contentType or charset (aiohttp's messages)", () => {
    expect(() => new web.Response({ text: "x", body: "y" })).toThrow(
      new RangeError("body and text are not allowed together"),
    );
    expect(() => new web.Response({ text: 5 as never })).toThrow(
      new TypeError("text argument must be str (<class 'int'>)"),
    );
    const both = new RangeError(
      "passing both Content-Type header and content_type or charset params is forbidden",
    );
    expect(
      () => new web.Response({ text: "x", charset: "utf-8", headers: { "Content-Type": "a/b" } }),
    ).toThrow(both);
    expect(
      () => new web.Response({ text: "x", contentType: "a/c", headers: { "Content-Type": "a/b" } }),
    ).toThrow(both);
    expect(
      () => new web.Response({ body: "x", contentType: "a/c", headers: { "Content-Type": "a/b" } }),
    ).toThrow(both);
    // text with a null body is text (aiohttp: body=None is no body)
    expect(new web.Response({ text: "x", body: null }).text).toBe("x");
  });

  it("text: text/plain UTF-8 unless told, encoded in the charset given; with a typed header, in the header's charset", () => {
    const latin = new web.Response({ text: "é", charset: "latin-1" });
    expect([latin.headers.get("Content-Type"), latin.body]).toEqual([
      "text/plain; charset=latin-1",
      Buffer.from([0xe9]),
    ]);
    expect(latin.text).toBe("é");
    const html = new web.Response({ text: "é", contentType: "text/html" });
    expect([html.headers.get("Content-Type"), html.body]).toEqual([
      "text/html; charset=utf-8",
      Buffer.from("é"),
    ]);
    const typed = new web.Response({ text: "é", headers: { "Content-Type": "text/html; charset=latin-1" } });
    expect([typed.body, typed.text]).toEqual([Buffer.from([0xe9]), "é"]);
    const utf8 = new web.Response({ text: "é", charset: "UTF8" });
    expect(utf8.body).toEqual(Buffer.from("é"));
    expect(() => new web.Response({ text: "é", charset: "ascii" })).toThrow();
  });

  it("body with contentType, with contentType and charset; the text of a body read in its charset; no body is null text", () => {
    expect(new web.Response({ body: "x", contentType: "text/x" }).headers.get("Content-Type")).toBe("text/x");
    expect(
      new web.Response({ body: "x", contentType: "text/x", charset: "latin-1" }).headers.get("Content-Type"),
    ).toBe("text/x; charset=latin-1");
    const r = new web.Response({
      body: Buffer.from([0xe9]),
      headers: { "Content-Type": "text/html; charset=latin-1" },
    });
    expect(r.text).toBe("é");
    expect(new web.Response({ body: Buffer.from("é") }).text).toBe("é");
    expect(new web.Response().text).toBeNull();
    expect(new web.Response().body).toBeNull();
    expect(() => new web.Response({ body: Buffer.from([0xff]) }).text).toThrow();
  });

  it("body set: bytes kept as given (a view of part of a buffer), a string as UTF-8 text/plain, null, something else refused", () => {
    const r = new web.Response();
    const whole = new Uint8Array([1, 2, 3, 4, 5]);
    r.body = whole.subarray(1, 3);
    expect(r.body).toEqual(Buffer.from([2, 3]));
    expect(r.headers.has("Content-Type")).toBe(false);
    r.body = "é";
    expect([r.body, r.headers.get("Content-Type")]).toEqual([Buffer.from("é"), "text/plain; charset=utf-8"]);
    r.body = null;
    expect(r.body).toBeNull();
    expect(() => {
      r.body = 5 as never;
    }).toThrow(new TypeError("body must be a string, bytes or null, got 5"));
    const typed = new web.Response({ headers: { "Content-Type": "a/b" } });
    typed.body = "x";
    expect(typed.headers.get("Content-Type")).toBe("a/b");
  });

  it("text set: text/plain UTF-8 unless typed (as aiohttp), in the header's charset if it has one; a number refused", () => {
    const r = new web.Response();
    r.text = "é";
    expect([r.headers.get("Content-Type"), r.body]).toEqual(["text/plain; charset=utf-8", Buffer.from("é")]);
    const typed = new web.Response({ headers: { "Content-Type": "text/html; charset=latin-1" } });
    typed.text = "é";
    expect(typed.body).toEqual(Buffer.from([0xe9]));
    const bare = new web.Response({ headers: { "Content-Type": "text/html" } });
    bare.text = "é";
    // aiohttp 3.8.4's text setter adds the charset it encodes with.
    expect([bare.headers.get("Content-Type"), bare.body]).toEqual([
      "text/html; charset=utf-8",
      Buffer.from("é"),
    ]);
    expect(() => {
      r.text = 5 as never;
    }).toThrow(new TypeError("text argument must be str (<class 'int'>)"));
  });

  it("on the wire: Content-Length of the body, none for 204 and 304; a HEAD gets the length and no body; no body is an empty one", async () => {
    const get = (make: () => web.Response, bytes = GET) =>
      answerTo(
        () =>
          (function* () {
            return make();
          })(),
        bytes,
      );
    const ok = await get(() => new web.Response({ body: Buffer.from("abc") }));
    expect(headOf(ok)).toEqual([
      ["Content-Length", "3"],
      ["Content-Type", "application/octet-stream"],
      ["Server", SERVER_SOFTWARE],
      ["Connection", "close"],
    ]);
    expect(bodyOf(ok)).toBe("abc");
    const head = await get(() => new web.Response({ body: Buffer.from("abc") }), HEAD);
    expect(headOf(head)).toContainEqual(["Content-Length", "3"]);
    expect(bodyOf(head)).toBe("");
    const empty = await get(() => new web.Response());
    expect(headOf(empty)).toContainEqual(["Content-Length", "0"]);
    expect(headOf(empty)).toContainEqual(["Content-Type", "application/octet-stream"]); // as aiohttp 3.8.4
    expect(bodyOf(empty)).toBe("");
    for (const status of [204, 304]) {
      const a = await get(() => new web.Response({ status, body: Buffer.from("abc") }));
      expect(statusLine(a)).toBe(`HTTP/1.1 ${status} ${status === 204 ? "No Content" : "Not Modified"}`);
      if (status === 204) expect(headOf(a).map(([k]) => k)).not.toContain("Content-Length");
      expect(bodyOf(a)).toBe("");
    }
  });

  it("bodyLength counts what send() wrote: the head and the body, the head only for HEAD; the repr says eof after (as aiohttp's)", async () => {
    const lengths: unknown[] = [];
    const answers: string[] = [];
    for (const bytes of [GET, HEAD])
      answers.push(
        await answerTo(function* (request) {
          const r = new web.Response({ text: "abcd" });
          yield* r.send(request);
          lengths.push(r.bodyLength, repr(r));
          return r;
        }, bytes),
      );
    // aiohttp's body_length: the head and the body as sent — all the client got (HEAD: the head).
    expect(lengths).toEqual([
      Buffer.byteLength(answers[0] as string, "latin1"),
      "<Response OK eof>",
      Buffer.byteLength(answers[1] as string, "latin1"),
      "<Response OK eof>",
    ]);
    expect(bodyOf(answers[0] as string)).toBe("abcd");
    expect((lengths[0] as number) - (lengths[2] as number)).toBe(4);
  });
});

describe("jsonResponse", () => {
  it("status, reason, headers, contentType and dumps are passed on (as aiohttp's json_response)", () => {
    const r = web.jsonResponse(
      { a: 1 },
      {
        status: 201,
        reason: "Made",
        headers: { "X-A": "1" },
        contentType: "application/x+json",
        dumps: () => "[1]",
      },
    );
    expect([r.status, r.reason, r.headers.get("X-A"), r.headers.get("Content-Type"), r.text]).toEqual([
      201,
      "Made",
      "1",
      "application/x+json; charset=utf-8",
      "[1]",
    ]);
    const d = web.jsonResponse({ a: [1, 2] });
    expect([d.status, d.reason, d.headers.get("Content-Type"), d.text]).toEqual([
      200,
      "OK",
      "application/json; charset=utf-8",
      '{"a":[1,2]}',
    ]);
  });

  it("dumps giving something that is not a string is a TypeError (aiohttp: the text argument's)", () => {
    expect(() => web.jsonResponse(1, { dumps: () => 5 as never })).toThrow(TypeError);
    expect(() => web.jsonResponse(undefined)).toThrow(
      new TypeError("Object of type undefined is not JSON serializable"),
    );
  });
});
