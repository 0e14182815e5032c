/**
 * ClientResponse as aiohttp 3.8's users see it, for what the first Stryker run of
 * src/response.ts left alive: read-only headers, the properties (ok, contentType, charset,
 * contentLength, closed, cookies, history), the encoding guessed, text() and json() decoding,
 * release/close, the response as its own context manager, and its repr.
 */
import type { ServerResponse } from "node:http";
import { UnicodeDecodeError } from "@aio/fs";
import { repr } from "@aio/loop";
import { type Coro, sleep, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { type CIMultiDict, ClientResponseError, ClientSession, ContentTypeError } from "../src/index.js";
import { catching, httpServer, inLoop, tcpServer } from "./servers.js";

function withSession<T>(body: (s: ClientSession) => Coro<T>): Promise<T> {
  return inLoop(() => using(new ClientSession(), body));
}

/** A server answering `/<name>` with the headers and raw body of `routes[name]`. */
function routes(table: Record<string, [number, Record<string, string | number>, Buffer | string]>) {
  return httpServer((req, res: ServerResponse) => {
    const route = table[(req.url ?? "/").slice(1)];
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    const [status, headers, body] = route;
    res.writeHead(status, headers);
    res.end(body);
  });
}

describe("ClientResponse (aiohttp.ClientResponse)", () => {
  it("its headers are read-only (CIMultiDictProxy)", async () => {
    const { url } = await routes({ a: [200, { "X-A": "1" }, "x"] });
    const errors = await withSession((s) =>
      using(s.get(`${url}/a`), function* (resp) {
        const out: unknown[] = [];
        const headers = resp.headers as unknown as CIMultiDict; // typed as never taking arguments
        for (const act of [
          () => headers.add("X-B", "2"),
          () => headers.set("X-A", "2"),
          () => headers.delete("X-A"),
        ]) {
          try {
            act();
            out.push("no error");
          } catch (err) {
            out.push([(err as Error).constructor.name, (err as Error).message]);
          }
        }
        out.push(resp.headers.getAll("x-a"));
        return out;
      }),
    );
    expect(errors).toEqual([
      ["TypeError", "'CIMultiDictProxy' object does not support item assignment"],
      ["TypeError", "'CIMultiDictProxy' object does not support item assignment"],
      ["TypeError", "'CIMultiDictProxy' object does not support item deletion"],
      ["1"],
    ]);
  });

  it("ok below 400 only; raiseForStatus raises from 400 (releasing) and not below", async () => {
    const { url } = await routes({
      bad: [400, { "Content-Length": 5 }, "hello"],
      fine: [399, { "Content-Length": 2 }, "ok"],
    });
    const got = await withSession(function* (s) {
      const bad = yield* s.get(`${url}/bad`);
      // aiohttp 3.8.4: `closed` once the body has come in full (5 bytes: at once), read or not.
      while (!bad.content.isEof()) yield* sleep(0.005);
      const before = [bad.ok, bad.closed];
      const err = (yield* catching({
        *[Symbol.iterator]() {
          bad.raiseForStatus();
        },
      })) as ClientResponseError;
      const fine = yield* s.get(`${url}/fine`);
      fine.raiseForStatus();
      const text = yield* fine.text();
      return {
        before,
        err: [err instanceof ClientResponseError, err.status],
        after: bad.closed,
        fine: [fine.ok, text],
      };
    });
    expect(got).toEqual({ before: [false, true], err: [true, 400], after: true, fine: [true, "ok"] });
  });

  it("history is empty without redirects (and for the redirects themselves); cookies are read once and kept; contentLength", async () => {
    const { url } = await routes({
      a: [200, { "Set-Cookie": "k=v; Path=/", "Content-Length": 5 }, "hello"],
      r: [302, { Location: "/a", "Content-Length": 0 }, ""],
    });
    const chunked = await httpServer((_req, res) => {
      res.write("a");
      res.end("b");
    });
    const got = await withSession(function* (s) {
      const a = yield* using(s.get(`${url}/a`), function* (resp) {
        const jar = resp.cookies;
        return [resp.history, resp.cookies === jar, jar.get("k")?.value, resp.contentLength];
      });
      const b = yield* using(s.get(chunked.url), function* (resp) {
        return [resp.contentLength, resp.headers.get("Transfer-Encoding"), yield* resp.text()];
      });
      const r = yield* using(s.get(`${url}/r`), function* (resp) {
        return [resp.history.length, resp.history[0]?.status, resp.history[0]?.history, yield* resp.text()];
      });
      return [a, b, r];
    });
    expect(got).toEqual([
      [[], true, "v", 5],
      [null, "chunked", "ab"],
      [1, 302, [], "hello"],
    ]);
  });

  it("contentType and charset: parameters and spaces dropped, lowercased; octet-stream without a header", async () => {
    const { url } = await routes({
      spaced: [200, { "Content-Type": "Text/HTML ; Charset=UTF-8" }, "x"],
      tight: [200, { "Content-Type": "text/plain;charset=latin-1" }, "x"],
      around: [200, { "Content-Type": "text/plain; charset = koi8-r" }, "x"],
      none: [200, {}, "x"],
    });
    const got = await withSession(function* (s) {
      const out: unknown[] = [];
      for (const name of ["spaced", "tight", "around", "none"]) {
        out.push(
          yield* using(s.get(`${url}/${name}`), function* (resp) {
            yield* resp.read();
            return [resp.contentType, resp.charset];
          }),
        );
      }
      return out;
    });
    expect(got).toEqual([
      ["text/html", "utf-8"],
      ["text/plain", "latin-1"],
      ["text/plain", "koi8-r"],
      ["application/octet-stream", null],
    ]);
  });

  it("getEncoding: the charset; UTF-8 for JSON; else UTF-8 or Latin-1 from the bytes; an error before the body is read", async () => {
    const { url } = await routes({
      json: [200, { "Content-Type": "application/json" }, Buffer.from([0x22, 0xe9, 0x22])],
      latin: [200, { "Content-Type": "text/plain" }, Buffer.from("caf\xe9", "latin1")],
      utf8: [200, { "Content-Type": "text/plain" }, "café"],
      empty: [200, { "Content-Type": "text/plain" }, ""],
    });
    const got = await withSession(function* (s) {
      const out: Record<string, unknown> = {};
      for (const name of ["json", "latin", "utf8", "empty"]) {
        out[name] = yield* using(s.get(`${url}/${name}`), function* (resp) {
          let early: unknown;
          try {
            early = resp.getEncoding();
          } catch (err) {
            early = (err as Error).message;
          }
          yield* resp.read();
          return [early, resp.getEncoding(), name === "json" ? null : yield* resp.text()];
        });
      }
      return out;
    });
    const unread = "Cannot guess the encoding of a not yet read body";
    expect(got).toEqual({
      json: ["utf-8", "utf-8", null],
      latin: [unread, "latin-1", "café"],
      utf8: [unread, "utf-8", "café"],
      empty: [unread, "utf-8", ""],
    });
  });

  it("text() and json() decode strictly by default, the whole body (a cut-off character is an error)", async () => {
    const { url } = await routes({
      bad: [200, { "Content-Type": "text/plain; charset=utf-8" }, Buffer.from([0x61, 0xff, 0x62])],
      cut: [200, { "Content-Type": "text/plain; charset=utf-8" }, Buffer.from([0x61, 0xc3])],
      jbad: [200, { "Content-Type": "application/json" }, Buffer.from([0x22, 0x61, 0xff, 0x22])],
      jcut: [200, { "Content-Type": "application/json" }, Buffer.from([0x22, 0x61, 0xc3])],
    });
    const got = await withSession(function* (s) {
      const out: unknown[] = [];
      for (const name of ["bad", "cut"]) {
        out.push(
          yield* using(s.get(`${url}/${name}`), function* (resp) {
            const err = yield* catching(resp.text());
            return [err instanceof UnicodeDecodeError, yield* resp.text(null, "replace")];
          }),
        );
      }
      for (const name of ["jbad", "jcut"]) {
        out.push(
          yield* using(s.get(`${url}/${name}`), function* (resp) {
            return (yield* catching(resp.json())) instanceof UnicodeDecodeError;
          }),
        );
      }
      return out;
    });
    expect(got).toEqual([[true, "a\ufffdb"], [true, "a\ufffd"], true, true]);
  });

  it("json(): a blank body is null; another content type when asked; no Content-Type is refused", async () => {
    const { url } = await routes({
      blank: [200, { "Content-Type": "application/json" }, " \r\n\t "],
      plain: [200, { "Content-Type": "text/plain" }, "[1, 2]"],
      none: [200, {}, "[1]"],
      vnd: [200, { "Content-Type": "application/vnd.api+json; charset=utf-8" }, '{"a": 1}'],
    });
    const got = await withSession(function* (s) {
      const blank = yield* using(s.get(`${url}/blank`), (resp) => resp.json());
      const plain = yield* using(s.get(`${url}/plain`), (resp) => resp.json({ contentType: "text/plain" }));
      const none = (yield* using(s.get(`${url}/none`), (resp) => catching(resp.json()))) as ContentTypeError;
      // aiohttp's json_re: any application/…+json is JSON
      const vnd = yield* using(s.get(`${url}/vnd`), (resp) => resp.json());
      return [blank, plain, none instanceof ContentTypeError, none.message, vnd];
    });
    // Python's str() of the error: "200, message='Attempt to decode JSON with unexpected mimetype: ', url=URL('…')"
    expect(got).toEqual([
      null,
      [1, 2],
      true,
      `200, message='Attempt to decode JSON with unexpected mimetype: ', url=URL('${url}/none')`,
      { a: 1 },
    ]);
  });

  it("release() before the body is read gives the connection back; close() drops it", async () => {
    const { url } = await httpServer((_req, res) => {
      res.writeHead(200, { "Content-Length": 1000 });
      res.write("partial"); // the rest never comes
    });
    const got = await withSession(function* (s) {
      const a = yield* s.get(url);
      const before = [a.closed, s.connector.inUse];
      a.release();
      a.release();
      const afterRelease = [a.closed, s.connector.inUse];
      const b = yield* s.get(url);
      const during = s.connector.inUse;
      b.close();
      return { before, afterRelease, during, afterClose: [b.closed, s.connector.inUse] };
    });
    expect(got).toEqual({ before: [false, 1], afterRelease: [true, 0], during: 1, afterClose: [true, 0] });
  });

  it("is its own context manager: enter gives it, exit releases it and lets the error through", async () => {
    const { url } = await routes({ a: [200, { "Content-Length": 5 }, "hello"] });
    const got = await withSession(function* (s) {
      const resp = yield* s.get(`${url}/a`);
      let entered: unknown = null;
      const err = yield* catching(
        using(resp, function* (r): Coro<void> {
          entered = r;
          throw new Error("boom");
        }),
      );
      return [entered === resp, (err as Error).message, resp.closed, s.connector.inUse];
    });
    expect(got).toEqual([true, "boom", true, 0]);
  });

  it("toString is Python's repr (status line, then the headers); repr() the status line", async () => {
    const { url } = await tcpServer((socket) => {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nX-A: b\r\n\r\nno");
    });
    const got = await withSession((s) =>
      using(s.get(`${url}/p?q=1#f`), function* (resp) {
        yield* resp.read();
        return [String(resp), repr(resp)];
      }),
    );
    expect(got).toEqual([
      `<ClientResponse(${url}/p?q=1) [404 Not Found]>\n<CIMultiDictProxy('Content-Length': '2', 'X-A': 'b')>\n`,
      `<ClientResponse(${url}/p?q=1) [404 Not Found]>`,
    ]);
  });
});
