/**
 * What the session 7 mutation run of src/web/routedef.ts found untested: a RouteTableDef's method
 * calls other than get() and view() (head, post, put, patch, delete, route, static, its length and
 * order), the Allow header of a class-based view's 405, and a view that is not a class.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Coro } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { serving } from "./servers.js";

describe("RouteTableDef", () => {
  it("each method call adds its route and returns the handler; static adds a directory; length counts them, in order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-routedef-"));
    writeFileSync(join(dir, "f.txt"), "file");
    const routes = new web.RouteTableDef();
    const answer = (text: string) =>
      function* (): Coro<web.StreamResponse> {
        return new web.Response({ text, headers: { "X-Route": text } });
      };
    const handlers = [
      routes.head("/r", answer("head")),
      routes.post("/r", answer("post")),
      routes.put("/r", answer("put")),
      routes.patch("/r", answer("patch")),
      routes.delete("/r", answer("delete")),
      routes.route("OPTIONS", "/r", answer("options")),
    ];
    routes.static("/files", dir);
    expect(handlers.every((h) => typeof h === "function")).toBe(true);
    expect(new Set(handlers).size).toBe(6);
    expect(routes.length).toBe(7);
    expect([...routes].map((r) => ("method" in r ? r.method : `static ${r.prefix}`))).toEqual([
      "HEAD",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "OPTIONS",
      "static /files",
    ]);
    expect([...routes].slice(0, 6).map((r) => ("handler" in r ? r.handler : null))).toEqual(handlers);
    const app = new web.Application();
    app.addRoutes(routes);
    const got = await serving(app, function* (url, session) {
      const out: unknown[] = [];
      for (const method of ["HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "GET"]) {
        const r = yield* session.request(method, `${url}/r`);
        out.push([method, r.status, r.headers.get("X-Route") ?? (yield* r.text())]);
      }
      const f = yield* session.get(`${url}/files/f.txt`);
      out.push(["file", f.status, yield* f.text()]);
      return out;
    });
    expect(got).toEqual([
      ["HEAD", 200, "head"],
      ["POST", 200, "post"],
      ["PUT", 200, "put"],
      ["PATCH", 200, "patch"],
      ["DELETE", 200, "delete"],
      ["OPTIONS", 200, "options"],
      ["GET", 405, "405: Method Not Allowed"],
      ["file", 200, "file"],
    ]);
  });
});

describe("class-based views", () => {
  it("a method the view lacks is a 405 whose Allow lists the methods it has (as aiohttp's View)", async () => {
    class Item extends web.View {
      *get(): Coro<web.StreamResponse> {
        return new web.Response({ text: "got" });
      }
      *post(): Coro<web.StreamResponse> {
        return new web.Response({ text: "posted" });
      }
      *options(): Coro<web.StreamResponse> {
        return new web.Response({ text: "options" });
      }
      helper(): string {
        return "not a method of HTTP";
      }
    }
    class Empty extends web.View {}
    const app = new web.Application();
    app.router.addView("/item", Item);
    app.router.addView("/empty", Empty);
    const got = await serving(app, function* (url, session) {
      const out: unknown[] = [];
      for (const [method, path] of [
        ["GET", "/item"],
        ["DELETE", "/item"],
        ["PUT", "/item"],
        ["GET", "/empty"],
      ] as const) {
        const r = yield* session.request(method, url + path);
        out.push([method, path, r.status, r.headers.get("Allow") ?? null, yield* r.text()]);
      }
      return out;
    });
    expect(got).toEqual([
      ["GET", "/item", 200, null, "got"],
      ["DELETE", "/item", 405, "GET,OPTIONS,POST", "405: Method Not Allowed"],
      ["PUT", "/item", 405, "GET,OPTIONS,POST", "405: Method Not Allowed"],
      ["GET", "/empty", 405, "", "405: Method Not Allowed"],
    ]);
  });

  it("a view that is not a class is refused at once, naming it", () => {
    expect(() => web.view("/", null as never)).toThrow(
      new TypeError("a view must be a subclass of web.View, got None"),
    );
    expect(() => web.view("/", 5 as never)).toThrow(
      new TypeError("a view must be a subclass of web.View, got 5"),
    );
    class NotAView {}
    expect(() => new web.Application().router.addView("/", NotAView as never)).toThrow(TypeError);
  });
});
