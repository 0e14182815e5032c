/**
 * The URL dispatcher's edges that the session 7 mutation run of src/web/router.ts found untested:
 * what a path pattern may hold (braces in a variable's pattern, a stray brace in a literal part,
 * characters outside the BMP), routes on one path with different names, an asterisk-form request
 * target, a static "directory" that is a file, and arguments of the wrong type; session 9's run: a
 * method whose upper case is another token (ß is SS).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Coro, fromPromise } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { rawRequest, serving } from "./servers.js";

const handler = () =>
  function* (): Coro<web.StreamResponse> {
    return new web.Response();
  };

function caught(act: () => unknown): unknown {
  try {
    act();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("UrlDispatcher: path patterns", () => {
  it("a variable's pattern may hold a brace pair of several characters ({n:\\d{1,3}})", () => {
    const r = new web.Application().router;
    r.addGet("/n/{n:\\d{1,3}}", handler());
    expect(r.resolve("GET", "/n/7").matchInfo.params).toEqual({ n: "7" });
    expect(r.resolve("GET", "/n/123").matchInfo.params).toEqual({ n: "123" });
    expect(caught(() => r.resolve("GET", "/n/1234"))).toBeInstanceOf(web.HTTPNotFound);
  });

  it("a brace in a literal part is refused with aiohttp's message, before a variable as after one", () => {
    const r = new web.Application().router;
    const before = caught(() => r.addGet("/a}/{x}", handler()));
    expect(before).toBeInstanceOf(RangeError);
    // aiohttp 3.8: ValueError("Invalid path '/a}/{x}'['/a}/']")
    expect((before as Error).message).toBe("Invalid path '/a}/{x}'['/a}/']");
    expect(() => r.addGet("/{x}/b}", handler())).toThrow("Invalid path '/{x}/b}'['/b}']");
  });

  it("a pattern counts characters, not UTF-16 code units: {ch:.} is one character outside the BMP", () => {
    const r = new web.Application().router;
    r.addGet("/c/{ch:.}", handler());
    expect(r.resolve("GET", "/c/\u{1F600}").matchInfo.params).toEqual({ ch: "\u{1F600}" });
    expect(r.resolve("GET", "/c/é").matchInfo.params).toEqual({ ch: "é" });
    expect(caught(() => r.resolve("GET", "/c/ab"))).toBeInstanceOf(web.HTTPNotFound);
  });
});

describe("UrlDispatcher: names", () => {
  it("routes on one path with different names are two resources: each name finds its route", () => {
    const r = new web.Application().router;
    const get = handler();
    const post = handler();
    r.addGet("/p/{id}", get, { name: "read" });
    r.addPost("/p/{id}", post, { name: "write" });
    expect(r.urlFor("read", { id: 1 })).toBe("/p/1");
    expect(r.urlFor("write", { id: 2 })).toBe("/p/2");
    expect(r.resolve("GET", "/p/3").matchInfo.routeName).toBe("read");
    const resolved = r.resolve("POST", "/p/3");
    expect(resolved.handler).toBe(post);
    expect(resolved.matchInfo.routeName).toBe("write");
  });

  it("an unnamed route is not found by name", () => {
    const r = new web.Application().router;
    r.addGet("/anon", handler());
    expect(() => r.urlFor(null as never)).toThrow("no route named None");
    expect(() => r.urlFor(undefined as never)).toThrow(RangeError);
  });
});

describe("UrlDispatcher: methods", () => {
  it("a method is checked once upper-cased, as aiohttp 3.8.4's method.upper(): ß is SS, ı is I, ﬀ is FF", () => {
    // aiohttp 3.8.4 (checked): add_route("ß", …) registers SS, "ı" I, "ﬀ" FF; "é" (É) is refused.
    const r = new web.Application().router;
    const ss = handler();
    r.addRoute("ß", "/s", ss);
    r.addRoute("ı", "/i", handler());
    r.addRoute("ﬀ", "/f", handler());
    expect(r.resolve("SS", "/s").handler).toBe(ss);
    expect([...(caught(() => r.resolve("GET", "/i")) as web.HTTPMethodNotAllowed).allowedMethods]).toEqual([
      "I",
    ]);
    expect([...(caught(() => r.resolve("GET", "/f")) as web.HTTPMethodNotAllowed).allowedMethods]).toEqual([
      "FF",
    ]);
    expect(() => r.addRoute("é", "/e", handler())).toThrow(new RangeError("'é' is not allowed HTTP method"));
  });
});

describe("UrlDispatcher: requests that match nothing", () => {
  it("an asterisk-form target (OPTIONS * HTTP/1.1) is a 404, as aiohttp answers it", async () => {
    const r = new web.Application().router;
    expect(caught(() => r.resolve("OPTIONS", "*"))).toBeInstanceOf(web.HTTPNotFound);
    const app = new web.Application();
    app.router.addRoute("*", "/", handler());
    const answer = await serving(app, function* (url) {
      return yield* fromPromise(
        rawRequest(url, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(answer.endsWith("\r\n\r\n404: Not Found")).toBe(true);
  });
});

describe("UrlDispatcher: arguments", () => {
  it("addStatic refuses a file for a directory, with aiohttp's message", () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-router-file-"));
    const file = join(dir, "x.txt");
    writeFileSync(file, "X");
    const r = new web.Application().router;
    // aiohttp 3.8: ValueError("No directory exists at '<path>'")
    const err = caught(() => r.addStatic("/s", file));
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe(`No directory exists at '${file}'`);
    expect(caught(() => r.resolve("GET", "/s/x.txt"))).toBeInstanceOf(web.HTTPNotFound);
  });

  it("a path, method or prefix that is not a string is refused at once, naming the value", () => {
    const r = new web.Application().router;
    expect(() => r.addGet(5 as never, handler())).toThrow(
      new RangeError("path should be started with / or be empty, got 5"),
    );
    expect(() => r.addRoute(5 as never, "/", handler())).toThrow(
      new RangeError("5 is not allowed HTTP method"),
    );
    expect(() => r.addStatic(5 as never, tmpdir())).toThrow(
      new RangeError("prefix should start with '/', got 5"),
    );
    const e = caught(() => r.addGet(null as never, handler()));
    expect(e).toBeInstanceOf(RangeError);
  });
});
