/**
 * Client options: none is dropped silently (a key an options object does not know is a TypeError
 * naming it, in Python's words for an unknown keyword argument, before anything is sent or
 * opened), and `params` given as a query string.
 */
import { run, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientSession, ClientTimeout, TCPConnector } from "../src/index.js";
import { httpServer } from "./servers.js";

describe("unknown options", () => {
  it("ClientSession, TCPConnector and ClientTimeout refuse a key they do not know", () => {
    expect(() => new ClientSession({ baseURL: "http://x" } as never)).toThrow(
      new TypeError("ClientSession() got an unexpected keyword argument 'baseURL'"),
    );
    expect(() => new TCPConnector({ limit: 1, verifySsl: false } as never)).toThrow(
      new TypeError("TCPConnector() got an unexpected keyword argument 'verifySsl'"),
    );
    expect(() => new ClientTimeout({ total: 1, read: 2 } as never)).toThrow(
      new TypeError("ClientTimeout() got an unexpected keyword argument 'read'"),
    );
    // The known ones still work.
    const t = new ClientTimeout({ total: 1, connect: 2, sockRead: 3, sockConnect: 4 });
    expect([t.total, t.connect, t.sockRead, t.sockConnect]).toEqual([1, 2, 3, 4]);
    expect(
      new TCPConnector({ limit: 3, limitPerHost: 1, keepaliveTimeout: 5, forceClose: false, ssl: true })
        .limit,
    ).toBe(3);
  });

  it("a request refuses an option it does not know, and sends nothing", async () => {
    let requests = 0;
    const { url } = await httpServer((_req, res) => {
      requests++;
      res.end("ok");
    });
    const got = await run(
      using(new ClientSession({ raiseForStatus: false, readBufsize: 1024 }), function* (s) {
        const errors: string[] = [];
        for (const options of [
          { verify_ssl: false },
          { allow_redirects: false },
          { proxy: "http://127.0.0.1:9" },
        ]) {
          try {
            s.get(url, options as never);
          } catch (err) {
            errors.push((err as Error).message);
          }
        }
        const text = yield* using(
          s.get(url, { params: { a: "1" }, headers: { "X-A": "b" }, allowRedirects: true, maxRedirects: 3 }),
          (r) => r.text(),
        );
        return { errors, text };
      }),
    );
    expect(got.errors).toEqual([
      "request() got an unexpected keyword argument 'verify_ssl'",
      "request() got an unexpected keyword argument 'allow_redirects'",
      "request() got an unexpected keyword argument 'proxy'",
    ]);
    expect(got.text).toBe("ok");
    expect(requests).toBe(1);
  });
});

describe("params as a query string", () => {
  it("its pairs are added as written, quoted again as aiohttp 3.8.4 (yarl) quotes them", async () => {
    const seen: string[] = [];
    const { url } = await httpServer((req, res) => {
      seen.push(req.url ?? "");
      res.end("ok");
    });
    await run(
      using(new ClientSession(), function* (s) {
        yield* using(s.get(`${url}/p`, { params: "a=1&b=x%20y" }), (r) => r.text());
        yield* using(s.get(`${url}/p?z=0`, { params: "a=1&a=2" }), (r) => r.text());
        yield* using(s.get(`${url}/p`, { params: "q=café&e=" }), (r) => r.text());
      }),
    );
    // What aiohttp 3.8.4 sent for the same calls (checked with Debian's python3-aiohttp).
    expect(seen).toEqual(["/p?a=1&b=x%2520y", "/p?z=0&a=1&a=2", "/p?q=caf%C3%A9&e="]);
  });
});

describe("skipAutoHeaders", () => {
  it("the automatic headers the session or the request skips are not sent, as aiohttp 3.8.4", async () => {
    const seen: string[] = [];
    const { url } = await httpServer((req, res) => {
      const names = Object.keys(req.headers).filter((k) => !["host", "connection"].includes(k));
      seen.push(names.sort().join(" | "));
      res.end("ok");
    });
    const get = (s: ClientSession, options: object) => using(s.get(url, options), (r) => r.text());
    await run(
      using(new ClientSession(), function* (s) {
        yield* get(s, {});
        yield* get(s, { skipAutoHeaders: ["user-agent", "Accept"] });
        yield* using(s.post(url, { data: "x", skipAutoHeaders: ["Content-Type"] }), (r) => r.text());
      }),
    );
    await run(
      using(new ClientSession({ skipAutoHeaders: ["User-Agent"] }), (s) =>
        get(s, { skipAutoHeaders: ["Accept-Encoding"] }),
      ),
    );
    // What aiohttp 3.8.4 sent for the same calls (header names, sorted, without Host).
    expect(seen).toEqual([
      "accept | accept-encoding | user-agent",
      "accept-encoding",
      "accept | accept-encoding | content-length | user-agent",
      "accept",
    ]);
    expect(() => new ClientSession({ skipAutoHeaders: "User-Agent" as never })).toThrow(
      new TypeError("skipAutoHeaders must be a list of header names, got 'User-Agent'"),
    );
  });
});
