/**
 * What the session 7 mutation run of src/web/exceptions.ts found untested: a body given as a
 * string (kept as its UTF-8 bytes, and sent as text/plain UTF-8 unless a type is given, as
 * aiohttp's StringPayload is; `web.Response` alike), and HTTPMove's name.
 */
import type { Coro } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { serving } from "./servers.js";

describe("an HTTP exception's body", () => {
  it("a string body is kept as its UTF-8 bytes", () => {
    const e = new web.HTTPForbidden({ body: "é" });
    expect(e.body).toBeInstanceOf(Uint8Array);
    expect([...(e.body as Uint8Array)]).toEqual([0xc3, 0xa9]);
    expect(e.text).toBeNull();
  });

  it("on the wire: a string body is text/plain; charset=utf-8 unless a type is given, bytes application/octet-stream (as aiohttp 3.8)", async () => {
    const app = new web.Application();
    const raise = (make: () => web.HTTPException) =>
      function* (): Coro<web.StreamResponse> {
        throw make();
      };
    app.router.addGet(
      "/text",
      raise(() => new web.HTTPForbidden({ body: "raw é" })),
    );
    app.router.addGet(
      "/bytes",
      raise(() => new web.HTTPForbidden({ body: Buffer.from("raw") })),
    );
    app.router.addGet(
      "/typed",
      raise(() => new web.HTTPForbidden({ body: "x", contentType: "text/html" })),
    );
    app.router.addGet(
      "/header",
      raise(() => new web.HTTPForbidden({ body: "x", headers: { "Content-Type": "text/csv" } })),
    );
    const got = await serving(app, function* (url, session) {
      const out: unknown[] = [];
      for (const path of ["/text", "/bytes", "/typed", "/header"]) {
        const r = yield* session.get(url + path);
        out.push([path, r.status, r.headers.get("Content-Type"), (yield* r.read()).toString()]);
      }
      return out;
    });
    expect(got).toEqual([
      ["/text", 403, "text/plain; charset=utf-8", "raw é"],
      ["/bytes", 403, "application/octet-stream", "raw"],
      ["/typed", 403, "text/html", "x"],
      ["/header", 403, "text/csv", "x"],
    ]);
  });

  it("web.Response: a body given (or set) as a string is text/plain; charset=utf-8 unless a type is given (as aiohttp 3.8)", async () => {
    expect(new web.Response({ body: "x" }).headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(new web.Response({ body: "x", contentType: "text/html" }).headers.get("Content-Type")).toBe(
      "text/html",
    );
    expect(
      new web.Response({ body: "x", headers: { "Content-Type": "text/csv" } }).headers.get("Content-Type"),
    ).toBe("text/csv");
    expect(new web.Response({ body: Buffer.from("x") }).headers.get("Content-Type")).toBeUndefined();
    const later = new web.Response({ body: Buffer.from("b") });
    later.body = "later";
    expect(later.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const app = new web.Application();
    app.router.addGet("/", function* (): Coro<web.StreamResponse> {
      return new web.Response({ body: "hé" });
    });
    app.router.addGet("/bytes", function* (): Coro<web.StreamResponse> {
      return new web.Response({ body: Buffer.from("hé") });
    });
    const got = await serving(app, function* (url, session) {
      const out: unknown[] = [];
      for (const path of ["/", "/bytes"]) {
        const r = yield* session.get(url + path);
        out.push([r.headers.get("Content-Type"), r.headers.get("Content-Length"), yield* r.text()]);
      }
      return out;
    });
    expect(got).toEqual([
      ["text/plain; charset=utf-8", "3", "hé"],
      ["application/octet-stream", "3", "hé"],
    ]);
  });
});

describe("HTTP exception classes", () => {
  it("HTTPMove, the redirects' base, is named; it has no status of its own", () => {
    const m = new web.HTTPMove("/x");
    expect(m.name).toBe("HTTPMove");
    expect(m.status).toBe(-1);
    expect(m.headers.get("Location")).toBe("/x");
    expect(m).toBeInstanceOf(web.HTTPRedirection);
  });
});
