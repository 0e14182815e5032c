/**
 * The URL dispatcher on its own (aiohttp.web's `UrlDispatcher`): which handler a method and path
 * resolve to, in the order routes were added; 404 and 405 (with `Allow`); path variables and their
 * patterns; `urlFor`; a frozen router.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Coro } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";

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

describe("UrlDispatcher.resolve", () => {
  it("finds the first resource that matches, with the path's variables and the route's name", () => {
    const r = new web.Application().router;
    const first = handler();
    const second = handler();
    r.addGet("/users/{id}", first, { name: "user" });
    r.addGet("/users/{name:[a-z]+}", second);
    const got = r.resolve("GET", "/users/abc");
    expect(got.handler).toBe(first);
    expect(got.matchInfo).toEqual({ params: { id: "abc" }, routeName: "user" });
    expect(r.resolve("HEAD", "/users/7").handler).toBe(first);
    expect(r.resolve("GET", "/users/7").matchInfo.params).toEqual({ id: "7" });
  });

  it("matches the whole path only, literal parts as they are (no regex in them)", () => {
    const r = new web.Application().router;
    const h = handler();
    r.addGet("/a.b/{x}", h);
    r.addGet("/plain", h);
    expect(r.resolve("GET", "/a.b/1").matchInfo.params).toEqual({ x: "1" });
    expect(caught(() => r.resolve("GET", "/axb/1"))).toBeInstanceOf(web.HTTPNotFound);
    expect(caught(() => r.resolve("GET", "/a.b/1/2"))).toBeInstanceOf(web.HTTPNotFound);
    expect(caught(() => r.resolve("GET", "/x/a.b/1"))).toBeInstanceOf(web.HTTPNotFound);
    expect(caught(() => r.resolve("GET", "/plainer"))).toBeInstanceOf(web.HTTPNotFound);
    expect(r.resolve("GET", "/plain").matchInfo).toEqual({ params: {}, routeName: null });
  });

  it("variables: a default pattern stops at '/', a pattern may hold braces; several variables", () => {
    const r = new web.Application().router;
    const h = handler();
    r.addGet("/d/{n:\\d{2}}", h);
    r.addGet("/p/{a}-{b}/{rest:.*}", h);
    expect(r.resolve("GET", "/d/42").matchInfo.params).toEqual({ n: "42" });
    expect(caught(() => r.resolve("GET", "/d/421"))).toBeInstanceOf(web.HTTPNotFound);
    expect(r.resolve("GET", "/p/x-y/1/2/3").matchInfo.params).toEqual({ a: "x", b: "y", rest: "1/2/3" });
    expect(caught(() => r.resolve("GET", "/p/x/y-z/1"))).toBeInstanceOf(web.HTTPNotFound);
  });

  it("405 lists the methods of every resource that matches the path; 404 when none does", () => {
    const r = new web.Application().router;
    r.addPost("/items/{id}", handler());
    r.addRoute("put", "/items/{x}", handler());
    r.addGet("/other", handler(), { allowHead: false });
    const e = caught(() => r.resolve("DELETE", "/items/1")) as web.HTTPMethodNotAllowed;
    expect(e).toBeInstanceOf(web.HTTPMethodNotAllowed);
    expect(e.method).toBe("DELETE");
    expect([...e.allowedMethods].sort()).toEqual(["POST", "PUT"]);
    expect(e.headers.get("Allow")).toBe("POST,PUT");
    const head = caught(() => r.resolve("HEAD", "/other")) as web.HTTPMethodNotAllowed;
    expect([...head.allowedMethods]).toEqual(["GET"]);
    expect(caught(() => r.resolve("GET", "/nothing"))).toBeInstanceOf(web.HTTPNotFound);
    expect(caught(() => r.resolve("GET", "/nothing"))).not.toBeInstanceOf(web.HTTPMethodNotAllowed);
  });

  it("a '*' route answers every method; a method's own route on the same resource comes first", () => {
    const r = new web.Application().router;
    const any = handler();
    const get = handler();
    r.addRoute("*", "/any", any);
    r.addRoute("GET", "/any", get);
    expect(r.resolve("PATCH", "/any").handler).toBe(any);
    expect(r.resolve("GET", "/any").handler).toBe(get);
  });

  it("each method helper registers its method (GET with HEAD unless allowHead: false)", () => {
    const r = new web.Application().router;
    const hs: web.Handler[] = Array.from({ length: 6 }, handler);
    r.addGet("/m", hs[0] as web.Handler);
    r.addPost("/m", hs[1] as web.Handler);
    r.addPut("/m", hs[2] as web.Handler);
    r.addPatch("/m", hs[3] as web.Handler);
    r.addDelete("/m", hs[4] as web.Handler);
    r.addHead("/h", hs[5] as web.Handler);
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
    expect(methods.map((m) => hs.indexOf(r.resolve(m, "/m").handler))).toEqual([0, 0, 1, 2, 3, 4]);
    expect(r.resolve("HEAD", "/h").handler).toBe(hs[5]);
    expect([...(caught(() => r.resolve("GET", "/h")) as web.HTTPMethodNotAllowed).allowedMethods]).toEqual([
      "HEAD",
    ]);
    for (const m of ["OPTIONS", "TRACE", "CONNECT"])
      expect(() => r.addRoute(m, `/${m}`, handler())).not.toThrow();
  });

  it("a route's method is any token, upper-cased; anything else is refused naming it (aiohttp 3.8.4's HTTP_METHOD_RE)", () => {
    // aiohttp 3.8.4 (checked): FETCH, fetch -> FETCH, M-SEARCH, "x!#$%&'*+-.^_`|~9" accepted;
    // "A B", "", "a:b", "(x)", "é" refused with "<METHOD> is not allowed HTTP method".
    const r = new web.Application().router;
    const fetch = handler();
    r.addRoute("fetch", "/f", fetch);
    r.addRoute("M-SEARCH", "/m", handler());
    r.addRoute("x!#$%&'*+-.^_`|~9", "/t", handler());
    expect(r.resolve("FETCH", "/f").handler).toBe(fetch);
    expect([...(caught(() => r.resolve("GET", "/f")) as web.HTTPMethodNotAllowed).allowedMethods]).toEqual([
      "FETCH",
    ]);
    expect(() => r.resolve("M-SEARCH", "/m")).not.toThrow();
    expect(() => r.resolve("X!#$%&'*+-.^_`|~9", "/t")).not.toThrow();
    for (const bad of ["A B", "", "a:b", "(x)", "é", "GET\r\n"])
      expect(() => r.addRoute(bad, "/bad", handler())).toThrow(
        new RangeError(`'${bad.replace("\r\n", "\\r\\n")}' is not allowed HTTP method`),
      );
  });

  it("routes on the same path share a resource only when they are added one after the other", () => {
    const r = new web.Application().router;
    const a = handler();
    const b = handler();
    r.addPost("/s", a);
    r.addGet("/t", handler());
    // Not next to the first /s: a new resource, tried after it (so POST still finds the first).
    r.addPost("/s", b);
    expect(r.resolve("POST", "/s").handler).toBe(a);
  });

  it("urlFor fills the variables in, percent-encoded; numbers as text; literals kept", () => {
    const r = new web.Application().router;
    r.addGet("/a/{x}/b/{y}.json", handler(), { name: "both" });
    r.addGet("/static", handler(), { name: "plain" });
    expect(r.urlFor("both", { x: "1 2", y: 3 })).toBe("/a/1%202/b/3.json");
    expect(r.urlFor("plain")).toBe("/static");
    expect(() => r.urlFor("both", { x: "1" })).toThrow("url_for of route 'both' needs a value for {y}");
  });

  it("matches the path as sent (percent-encoded) and decodes the values, as aiohttp 3.8.4; urlFor quotes as aiohttp", () => {
    // aiohttp 3.8.4 (checked): /users/a%2Fb on /users/{name} -> {'name': 'a/b'}, /users/a/b a 404;
    // a literal part is quoted ('/a b/x' matches /a%20b/x), escapes in it kept as written
    // ('/p%2Fq' matches /p%2Fq, not /p/q nor /p%252Fq); a pattern sees the escapes (/re/%31%32 is
    // no \d+); an escape that is not UTF-8 stays ('caf%E9'); '+' stays, %2B is '+'.
    const r = new web.Application().router;
    const h = handler();
    r.addGet("/users/{name}", h, { name: "user" });
    r.addGet("/files/{tail:.*}", h);
    r.addGet("/a b/x", h);
    r.addGet("/café", h);
    r.addGet("/p%2Fq", h);
    r.addGet("/lit/{x}/a b", h, { name: "lit" });
    r.addGet("/re/{n:\\d+}", h);
    const params = (path: string) => r.resolve("GET", path).matchInfo.params;
    expect(params("/users/a%2Fb")).toEqual({ name: "a/b" });
    expect(params("/users/a%2fb")).toEqual({ name: "a/b" });
    expect(caught(() => r.resolve("GET", "/users/a/b"))).toBeInstanceOf(web.HTTPNotFound);
    expect(params("/users/caf%C3%A9")).toEqual({ name: "café" });
    expect(params("/users/caf%E9")).toEqual({ name: "caf%E9" });
    expect(params("/users/a%20b")).toEqual({ name: "a b" });
    expect(params("/users/a+b%2B")).toEqual({ name: "a+b+" });
    expect(params("/users/%zz")).toEqual({ name: "%zz" });
    expect(params("/users/%2e%2e")).toEqual({ name: ".." });
    expect(params("/files/x%2Fy/z%20w")).toEqual({ tail: "x/y/z w" });
    expect(params("/a%20b/x")).toEqual({});
    expect(params("/caf%C3%A9")).toEqual({});
    expect(params("/p%2Fq")).toEqual({});
    expect(caught(() => r.resolve("GET", "/p/q"))).toBeInstanceOf(web.HTTPNotFound);
    expect(caught(() => r.resolve("GET", "/p%252Fq"))).toBeInstanceOf(web.HTTPNotFound);
    expect(params("/lit/1/a%20b")).toEqual({ x: "1" });
    expect(caught(() => r.resolve("GET", "/re/%31%32"))).toBeInstanceOf(web.HTTPNotFound);
    expect(caught(() => r.resolve("GET", "/%75sers/x"))).toBeInstanceOf(web.HTTPNotFound);
    // aiohttp: url_for(name='a/b c?%é+&') -> /users/a/b%20c%3F%25%C3%A9+&; literals quoted
    expect(r.urlFor("user", { name: "a/b c?%é+&" })).toBe("/users/a/b%20c%3F%25%C3%A9+&");
    expect(r.urlFor("lit", { x: 1 })).toBe("/lit/1/a%20b");
  });

  it("addStatic serves under the prefix (a trailing slash dropped), GET and HEAD, by name; addView any method", () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-router-"));
    const r = new web.Application().router;
    r.addStatic("/files/", dir, { name: "files" });
    expect(r.resolve("GET", "/files/a/b.txt").matchInfo).toEqual({
      params: { filename: "a/b.txt" },
      routeName: "files",
    });
    expect(r.resolve("HEAD", "/files/x").matchInfo.params).toEqual({ filename: "x" });
    expect(r.urlFor("files", { filename: "x.txt" })).toBe("/files/x.txt");
    expect(caught(() => r.resolve("POST", "/files/x"))).toBeInstanceOf(web.HTTPMethodNotAllowed);
    const unnamed = new web.Application().router;
    unnamed.addStatic("/s", dir);
    expect(unnamed.resolve("GET", "/s/f").matchInfo.routeName).toBeNull();
    class V extends web.View {}
    unnamed.addView("/v", V);
    expect(typeof unnamed.resolve("PATCH", "/v").handler).toBe("function");
  });

  it("a frozen router takes no more routes", () => {
    const r = new web.Application().router;
    r.freeze();
    expect(() => r.addGet("/", handler())).toThrow("Cannot register a resource into frozen router.");
  });
});
