/**
 * Sub-applications (`app.addSubapp(prefix, subapp)`, `app.addDomain(domain, subapp)`), as aiohttp
 * 3.8's: routing under the prefix or by Host, url building, the middlewares of the outer
 * applications first, `request.app` and `request.configDict`, the signals of the sub-applications
 * and `onResponsePrepare`. The cases follow aiohttp 3.8.4's tests (test_web_functional.py's
 * test_subapp_*, test_urldispatch.py's domain and sub-application tests), checked against
 * Debian's aiohttp 3.8.4 where the package's texts differ (errors).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Coro, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { inLoop } from "./servers.js";

function* ok(): Coro<web.Response> {
  return new web.Response({ text: "OK" });
}

/** Serves `app` with a TestClient while `body` runs. */
function withClient(app: web.Application, body: (client: web.TestClient) => Coro<void>): Promise<void> {
  return inLoop(() => using(new web.TestClient(new web.TestServer(app)), body));
}

describe("addSubapp: arguments and errors (aiohttp's texts)", () => {
  it("the prefix: a string, its trailing slashes stripped, not empty", () => {
    const app = new web.Application();
    expect(() => app.addSubapp(1 as never, new web.Application())).toThrow(
      new TypeError("Prefix must be str"),
    );
    expect(() => app.addSubapp("", new web.Application())).toThrow(new RangeError("Prefix cannot be empty"));
    expect(() => app.addSubapp("/", new web.Application())).toThrow(new RangeError("Prefix cannot be empty"));
    expect(() => app.addSubapp("sub", new web.Application())).toThrow(RangeError);
    const resource = app.addSubapp("/pre//", new web.Application());
    expect(resource).toBeInstanceOf(web.PrefixedSubAppResource);
    expect(resource.canonical).toBe("/pre");
    expect(String(resource)).toMatch(/^<PrefixedSubAppResource \/pre -> /);
    expect(() => resource.urlFor()).toThrow(new Error(".url_for() is not supported by sub-application root"));
  });

  it("not to a frozen application, not a frozen one, not twice; the subapp is pre-frozen", () => {
    const frozen = new web.Application();
    frozen.freeze();
    expect(() => frozen.addSubapp("/pre", new web.Application())).toThrow(
      new Error("Cannot add sub application to frozen application"),
    );
    const app = new web.Application();
    const done = new web.Application();
    done.freeze();
    expect(() => app.addSubapp("/pre", done)).toThrow(new Error("Cannot add frozen application"));
    const sub = new web.Application();
    app.addSubapp("/a", sub);
    expect(sub.preFrozen).toBe(true);
    expect(sub.frozen).toBe(false);
    expect(() => app.addSubapp("/b", sub)).toThrow(new Error("Cannot add sub application twice"));
    expect(() => new web.Application().addDomain("example.com", sub)).toThrow(
      new Error("Cannot add sub application twice"),
    );
    expect(() => sub.addSubapp("/self", sub)).toThrow(new Error("Cannot add an application to itself"));
    // sub is pre-frozen: it takes no sub-application, and the one refused keeps its routes as they were
    const late = new web.Application();
    late.router.addGet("/r", ok, { name: "r" });
    expect(() => sub.addSubapp("/late", late)).toThrow(
      new Error("Cannot register a resource into frozen router."),
    );
    expect(late.router.urlFor("r")).toBe("/r");
    expect(late.preFrozen).toBe(false);
    expect(() => sub.router.addGet("/late", ok)).toThrow("Cannot register a resource into frozen router.");
    expect(sub.onStartup.frozen).toBe(true);
    expect(() => sub.onStartup.push(function* () {})).toThrow(new Error("Cannot modify frozen list."));
    expect(() => sub.onCleanup.splice(0, 1)).toThrow(new Error("Cannot modify frozen list."));
    expect(() => {
      (sub.cleanupCtx as unknown as unknown[])[0] = null;
    }).toThrow(TypeError);
    expect(() => (sub.middlewares as unknown[]).push(null)).toThrow(TypeError);
    // its state can still change until the parent starts
    sub.set("k", 1);
    app.freeze();
    expect(sub.frozen).toBe(true);
    expect(() => sub.set("k", 2)).toThrow("Changing state of started or joined application is forbidden: k");
  });

  it("the subapp's named routes build their URL with the prefix (nested too)", () => {
    const app = new web.Application();
    const a = new web.Application();
    const b = new web.Application();
    b.router.addGet("/to/{part}", ok, { name: "to" });
    a.router.addGet("/here", ok, { name: "here" });
    a.addSubapp("/b/", b);
    app.addSubapp("/a", a);
    expect(b.router.urlFor("to", { part: "x y" })).toBe("/a/b/to/x%20y");
    expect(a.router.urlFor("here")).toBe("/a/here");
  });
});

describe("addDomain", () => {
  it("validation, as aiohttp's Domain and MaskDomain", () => {
    expect(() => new web.Domain(null as never)).toThrow(new TypeError("Domain must be str"));
    expect(() => new web.Domain("")).toThrow(new RangeError("Domain cannot be empty"));
    expect(() => new web.Domain("http://dom")).toThrow(new RangeError("Scheme not supported"));
    expect(() => new web.Domain("*.example.com")).toThrow(new RangeError("Domain not valid"));
    expect(() => new web.Domain("example$com")).toThrow(new RangeError("Domain not valid"));
    expect(new web.Domain("example.com:81").canonical).toBe("example.com:81");
    expect(new web.Domain("Example.COM.").canonical).toBe("example.com");
    expect(new web.Domain("example.com:80").canonical).toBe("example.com");
    expect(new web.Domain("example.com:0").canonical).toBe("example.com");
    expect(() => new web.Domain("Example.COM.:80")).toThrow(new RangeError("Domain not valid"));
    expect(() => new web.Domain("a..b")).toThrow(new RangeError("Domain not valid"));
    expect(() => new web.Domain("example.com:99999")).toThrow(
      new RangeError("Invalid URL: port can't be converted to integer"),
    );
    expect(new web.MaskDomain("*").canonical).toBe(".*");
    expect(new web.MaskDomain("*.example.com").canonical).toBe(String.raw`.*\.example\.com`);
    expect(new web.Domain("пуни.код").canonical).toBe("xn--h1ajfq.xn--d1alm");
    const cases: [string, string, boolean][] = [
      ["example.com", "example.com", true],
      ["example.com:81", "example.com:81", true],
      ["example.com:81", "example.com", false],
      ["пуникод", "xn--d1ahgkhc2a", true],
      ["*.example.com", "jpg.example.com", true],
      ["*.example.com", "a.example.com", true],
      ["*.example.com", "example.com", false],
    ];
    for (const [a, b, result] of cases) {
      const rule = a.includes("*") ? new web.MaskDomain(a) : new web.Domain(a);
      expect(rule.matchDomain(b), `${a} ~ ${b}`).toBe(result);
    }
    const app = new web.Application();
    expect(() => app.addDomain(1 as never, new web.Application())).toThrow(
      new TypeError("Domain must be str"),
    );
    const resource = app.addDomain("example.com", new web.Application());
    expect(resource).toBeInstanceOf(web.MatchedSubAppResource);
    expect(resource.canonical).toBe("example.com");
    expect(String(resource)).toMatch(/^<MatchedSubAppResource -> /);
    expect(() => resource.urlFor()).toThrow(Error);
  });

  it("a domain's sub-application inside a prefixed one: its routes are under the prefix (as aiohttp)", () => {
    const app = new web.Application();
    const sub = new web.Application();
    const dom = new web.Application();
    const h = function* h() {
      return new web.Response();
    };
    dom.router.addGet("/x", h, { name: "x" });
    sub.addDomain("example.com", dom);
    app.addSubapp("/a", sub);
    expect(dom.router.urlFor("x")).toBe("/a/x");
    expect(app.router.resolve("GET", "/a/x", "example.com").handler).toBe(h);
    expect(() => app.router.resolve("GET", "/a/x", "other.com")).toThrow(web.HTTPNotFound);
  });

  it("routes by the Host header, in the order added; a 405 is the domain's", () => {
    const app = new web.Application();
    const h1 = function* h1() {
      return new web.Response();
    };
    const h2 = function* h2() {
      return new web.Response();
    };
    const h3 = function* h3() {
      return new web.Response();
    };
    for (const [domain, h] of [
      ["example.com", h1],
      ["*.example.com", h2],
      ["*", h3],
    ] as const) {
      const sub = new web.Application();
      sub.router.addGet("/", h);
      app.addDomain(domain, sub);
    }
    expect(app.router.resolve("GET", "/", "example.com").handler).toBe(h1);
    expect(app.router.resolve("GET", "/", "a.example.com").handler).toBe(h2);
    expect(app.router.resolve("GET", "/", "example2.com").handler).toBe(h3);
    expect(() => app.router.resolve("POST", "/", "example.com")).toThrow(web.HTTPMethodNotAllowed);
  });
});

describe("serving sub-applications", () => {
  it("routes under the prefix; 404 and 405 inside it (test_simple_subapp, _not_found, _not_allowed)", () => {
    const app = new web.Application();
    const subapp = new web.Application();
    subapp.router.addGet("/to", ok);
    app.addSubapp("/path/", subapp);
    return withClient(app, function* (client) {
      let resp = yield* client.get("/path/to");
      expect(resp.status).toBe(200);
      expect(yield* resp.text()).toBe("OK");
      resp = yield* client.get("/path/other");
      expect(resp.status).toBe(404);
      resp = yield* client.get("/invalid/other");
      expect(resp.status).toBe(404);
      resp = yield* client.post("/path/to");
      expect(resp.status).toBe(405);
      expect(resp.headers.get("Allow")).toBe("GET,HEAD");
    });
  });

  it("overlapping prefixes do not shadow each other; /s/ is not /s (test_prefixed_subapp_*)", () => {
    const app = new web.Application();
    const s1 = new web.Application();
    const h1 = function* h1() {
      return new web.Response();
    };
    s1.router.addGet("/a", h1);
    s1.router.addGet("/", h1);
    app.addSubapp("/s", s1);
    const s2 = new web.Application();
    const h2 = function* h2() {
      return new web.Response();
    };
    s2.router.addGet("/b", h2);
    app.addSubapp("/ss", s2);
    expect(app.router.resolve("GET", "/s/a").handler).toBe(h1);
    expect(app.router.resolve("GET", "/ss/b").handler).toBe(h2);
    expect(app.router.resolve("GET", "/s/").handler).toBe(h1);
    expect(() => app.router.resolve("GET", "/s")).toThrow(web.HTTPNotFound);
  });

  it("url_for of a subapp's route in a redirect (test_subapp_reverse_url, _variable_url)", () => {
    const app = new web.Application();
    const subapp = new web.Application();
    subapp.router.addGet("/to", function* () {
      throw new web.HTTPMovedPermanently(subapp.router.urlFor("name", { part: "final" }));
    });
    subapp.router.addGet("/{part}", ok, { name: "name" });
    app.addSubapp("/path", subapp);
    return withClient(app, function* (client) {
      const resp = yield* client.get("/path/to");
      expect(resp.status).toBe(200);
      expect(yield* resp.text()).toBe("OK");
      expect(new URL(resp.url.toString()).pathname).toBe("/path/final");
    });
  });

  it("a subapp's static route, by its URL (test_subapp_reverse_static_url)", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const fname = "web-subapps.test.ts";
    const app = new web.Application();
    const subapp = new web.Application();
    subapp.router.addGet("/to", function* () {
      throw new web.HTTPMovedPermanently(subapp.router.urlFor("name", { filename: fname }));
    });
    subapp.router.addStatic("/static", here, { name: "name" });
    app.addSubapp("/path", subapp);
    return withClient(app, function* (client) {
      const resp = yield* client.get("/path/to");
      expect(new URL(resp.url.toString()).pathname).toBe(`/path/static/${fname}`);
      expect(resp.status).toBe(200);
      const body = yield* resp.read();
      expect(body.equals(readFileSync(join(here, fname)))).toBe(true);
    });
  });

  it("middlewares: the outer applications' first (test_subapp_middlewares), request.app each one's", () => {
    const order: [number, web.Application, web.Application][] = [];
    const mw: web.Middleware = function* (request, handler) {
      const own = request.app;
      order.push([1, own, request.app]);
      const resp = yield* handler(request);
      expect(resp.status).toBe(200);
      order.push([2, own, request.app]);
      return resp;
    };
    const app = new web.Application({ middlewares: [mw] });
    const subapp1 = new web.Application({ middlewares: [mw] });
    const subapp2 = new web.Application({ middlewares: [mw] });
    let handlerApp: web.Application | null = null;
    subapp2.router.addGet("/to", function* (request) {
      handlerApp = request.app;
      expect(request.matchInfo.apps).toEqual([app, subapp1, subapp2]);
      return new web.Response({ text: "OK" });
    });
    subapp1.addSubapp("/b/", subapp2);
    app.addSubapp("/a/", subapp1);
    return withClient(app, function* (client) {
      const resp = yield* client.get("/a/b/to");
      expect(resp.status).toBe(200);
      expect(order.map(([n, a]) => [n, a])).toEqual([
        [1, app],
        [1, subapp1],
        [1, subapp2],
        [2, subapp2],
        [2, subapp1],
        [2, app],
      ]);
      // request.app is back to each middleware's own application after the inner ones ran
      for (const [, own, seen] of order) expect(seen).toBe(own);
      expect(handlerApp).toBe(subapp2);
    });
  });

  it("request.app in middlewares and handlers (test_subapp_middleware_context, its 8 cases)", async () => {
    const cases: [string, string[], string][] = [
      ["/sub/", ["A: root", "C: sub", "D: sub"], "AC"],
      ["/", ["A: root", "B: root"], "AC"],
      ["/sub/", ["A: root", "D: sub"], "A"],
      ["/", ["A: root", "B: root"], "A"],
      ["/sub/", ["C: sub", "D: sub"], "C"],
      ["/", ["B: root"], "C"],
      ["/sub/", ["D: sub"], ""],
      ["/", ["B: root"], ""],
    ];
    for (const [route, expected, middlewares] of cases) {
      const values: string[] = [];
      const showAppContext =
        (appname: string): web.Middleware =>
        (request, handler) =>
          (function* () {
            values.push(`${appname}: ${request.app.get("my_value")}`);
            return yield* handler(request);
          })();
      const makeHandler = (appname: string) =>
        function* (request: web.Request): Coro<web.Response> {
          values.push(`${appname}: ${request.app.get("my_value")}`);
          return new web.Response({ text: "Ok" });
        };
      const app = new web.Application({
        middlewares: middlewares.includes("A") ? [showAppContext("A")] : [],
      });
      app.set("my_value", "root");
      app.router.addGet("/", makeHandler("B"));
      const subapp = new web.Application({
        middlewares: middlewares.includes("C") ? [showAppContext("C")] : [],
      });
      subapp.set("my_value", "sub");
      subapp.router.addGet("/", makeHandler("D"));
      app.addSubapp("/sub/", subapp);
      await withClient(app, function* (client) {
        const resp = yield* client.get(route);
        expect(resp.status).toBe(200);
        expect(yield* resp.text()).toBe("Ok");
        expect(values, `${route} ${middlewares}`).toEqual(expected);
      });
    }
  });

  it("onResponsePrepare of each application, outermost first, before the head (test_subapp_on_response_prepare)", () => {
    const order: web.Application[] = [];
    const makeSignal =
      (app: web.Application): web.ResponsePrepareSignal =>
      (_request, response) =>
        (function* () {
          order.push(app);
          response.headers.add("X-Prepared", String(order.length));
        })();
    const app = new web.Application();
    app.onResponsePrepare.push(makeSignal(app));
    const subapp1 = new web.Application();
    subapp1.onResponsePrepare.push(makeSignal(subapp1));
    const subapp2 = new web.Application();
    subapp2.onResponsePrepare.push(makeSignal(subapp2));
    subapp2.router.addGet("/to", ok);
    subapp1.addSubapp("/b/", subapp2);
    app.addSubapp("/a/", subapp1);
    return withClient(app, function* (client) {
      const resp = yield* client.get("/a/b/to");
      expect(resp.status).toBe(200);
      expect(order).toEqual([app, subapp1, subapp2]);
      expect(resp.headers.getAll("X-Prepared")).toEqual(["1", "2", "3"]);
      // a 404 of the root: its own signal only
      order.length = 0;
      const missing = yield* client.get("/nowhere");
      expect(missing.status).toBe(404);
      expect(order).toEqual([app]);
    });
  });

  it("onResponsePrepare runs for a WebSocket's handshake too (aiohttp's prepare hook)", () => {
    const seen: string[] = [];
    const app = new web.Application();
    const subapp = new web.Application();
    for (const [a, name] of [
      [app, "root"],
      [subapp, "sub"],
    ] as const)
      a.onResponsePrepare.push(function* (_request, response) {
        seen.push(`${name} ${response.status}`);
      });
    subapp.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.sendStr("hi");
      yield* ws.close();
      return ws;
    });
    app.addSubapp("/sub", subapp);
    return withClient(app, function* (client) {
      const got = yield* using(client.wsConnect("/sub/ws"), (ws) => ws.receiveStr());
      expect(got).toBe("hi");
      expect(seen).toEqual(["root 101", "sub 101"]);
    });
  });

  it("the signals of the sub-applications run with the parent's, in order (test_subapp_on_startup, _shutdown, _cleanup)", async () => {
    const order: [string, web.Application][] = [];
    const app = new web.Application();
    const subapp1 = new web.Application();
    const subapp2 = new web.Application();
    for (const a of [app, subapp1, subapp2]) {
      a.onStartup.push(function* (x) {
        order.push(["startup", x]);
      });
      a.onShutdown.push(function* (x) {
        order.push(["shutdown", x]);
      });
      a.onCleanup.push(function* (x) {
        order.push(["cleanup", x]);
      });
    }
    subapp1.addSubapp("/b/", subapp2);
    app.addSubapp("/a/", subapp1);
    await inLoop(function* () {
      const server = new web.TestServer(app);
      yield* server.startServer();
      yield* server.close();
    });
    const of = (what: string) => order.filter(([w]) => w === what).map(([, a]) => a);
    expect(of("startup")).toEqual([app, subapp1, subapp2]);
    expect(of("shutdown")).toEqual([app, subapp1, subapp2]);
    expect(of("cleanup")).toEqual([app, subapp1, subapp2]);
  });

  it("a domain's application is served by Host (lower-cased); its middlewares run after the root's", () => {
    const seen: string[] = [];
    const tag =
      (name: string): web.Middleware =>
      (request, handler) =>
        (function* () {
          seen.push(name);
          return yield* handler(request);
        })();
    const app = new web.Application({ middlewares: [tag("root")] });
    const api = new web.Application({ middlewares: [tag("api")] });
    api.router.addGet("/", function* (request) {
      return new web.Response({ text: `api ${request.configDict.has("rootKey")}` });
    });
    app.set("rootKey", 1);
    app.addDomain("api.example.com", api);
    // after the domain: resources are tried in the order they were added (a root route on "/"
    // added before would answer every host, as in aiohttp)
    app.router.addGet("/", function* () {
      return new web.Response({ text: "root" });
    });
    return withClient(app, function* (client) {
      let resp = yield* client.get("/", { headers: { Host: "api.example.com" } });
      expect(yield* resp.text()).toBe("api true");
      expect(seen).toEqual(["root", "api"]);
      resp = yield* client.get("/", { headers: { Host: "other.example.com" } });
      expect(yield* resp.text()).toBe("root");
      resp = yield* client.get("/nope", { headers: { Host: "API.example.com" } });
      expect(resp.status).toBe(404);
      expect(seen).toEqual(["root", "api", "root", "root", "api"]);
    });
  });
});
