/**
 * aiohttp.web's HTTP exceptions on their own: every class's name, status, reason and default body,
 * the hierarchy by status class, and the options (headers, reason, text, body, content type).
 */
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { REASONS } from "../src/web/reasons.js";

type ExceptionClass = typeof web.HTTPException & { statusCode: number; emptyBody: boolean };

/** Every HTTP exception class `web` exports, with a concrete status. */
const concrete = Object.entries(web).filter(
  (entry): entry is [string, ExceptionClass] =>
    typeof entry[1] === "function" &&
    entry[1].prototype instanceof web.HTTPException &&
    (entry[1] as ExceptionClass).statusCode > 0,
);

function make(cls: ExceptionClass): web.HTTPException {
  if (cls.prototype instanceof web.HTTPMove) return new (cls as unknown as typeof web.HTTPFound)("/there");
  if (cls === (web.HTTPMethodNotAllowed as unknown)) return new web.HTTPMethodNotAllowed("get", ["POST"]);
  if (cls === (web.HTTPRequestEntityTooLarge as unknown)) return new web.HTTPRequestEntityTooLarge(1, 2);
  return new (cls as unknown as new () => web.HTTPException)();
}

describe("web's HTTP exceptions (aiohttp.web_exceptions)", () => {
  it("each class is named as exported, answers its status with the standard reason, and sits under its status class", () => {
    expect(concrete.length).toBeGreaterThan(50);
    for (const [exported, cls] of concrete) {
      const e = make(cls);
      expect(e.name, exported).toBe(exported);
      expect(e.status, exported).toBe(cls.statusCode);
      expect(e.reason, exported).toBe(REASONS[cls.statusCode]);
      expect(e.message, exported).toBe(e.reason);
      expect(e).toBeInstanceOf(Error);
      const parent =
        e.status >= 500
          ? web.HTTPServerError
          : e.status >= 400
            ? web.HTTPClientError
            : e.status >= 300
              ? web.HTTPRedirection
              : web.HTTPSuccessful;
      expect(e, exported).toBeInstanceOf(parent);
      expect(e instanceof web.HTTPError, exported).toBe(e.status >= 400);
      if (cls.emptyBody) expect(e.text, exported).toBeNull();
      else if (cls !== (web.HTTPRequestEntityTooLarge as unknown))
        expect(e.text, exported).toBe(`${e.status}: ${e.reason}`);
      expect(e.body, exported).toBeNull();
      expect(e.contentType, exported).toBeNull();
    }
    expect(concrete.filter(([, c]) => c.emptyBody).map(([n]) => n)).toEqual([
      "HTTPNoContent",
      "HTTPResetContent",
      "HTTPNotModified",
    ]);
  });

  it("the base classes' names", () => {
    const names = [
      "HTTPException",
      "HTTPError",
      "HTTPRedirection",
      "HTTPSuccessful",
      "HTTPClientError",
      "HTTPServerError",
    ];
    for (const n of names) {
      const cls = (web as unknown as Record<string, new () => Error>)[n] as new () => Error;
      expect(new cls().name).toBe(n);
    }
    expect(new web.HTTPException().status).toBe(-1);
    expect(new web.HTTPException().reason).toBe("");
    expect(new web.HTTPFound("/x").name).toBe("HTTPFound");
  });

  it("takes headers, reason, text, body and content type", () => {
    const e = new web.HTTPNotFound({
      headers: { "X-A": "1" },
      reason: "Nowhere",
      text: "gone away",
      contentType: "text/plain",
    });
    expect([e.status, e.reason, e.message, e.text, e.contentType]).toEqual([
      404,
      "Nowhere",
      "Nowhere",
      "gone away",
      "text/plain",
    ]);
    expect(e.headers.get("x-a")).toBe("1");
    expect(new web.HTTPBadRequest({ reason: "Bad thing" }).text).toBe("400: Bad thing");
    const b = new web.HTTPForbidden({ body: "raw" });
    expect(Buffer.from(b.body as Uint8Array).toString()).toBe("raw");
    expect(b.text).toBeNull();
    const bytes = new Uint8Array([1, 2]);
    expect(new web.HTTPForbidden({ body: bytes }).body).toBe(bytes);
    expect(new web.HTTPNoContent({ text: "x" }).text).toBe("x");
  });

  it("redirects need a location and set Location; 405 sets Allow (sorted, upper case); 413 says the sizes", () => {
    const f = new web.HTTPFound("/next", { headers: { "X-B": "2" } });
    expect([f.location, f.headers.get("Location"), f.headers.get("X-B"), f.status]).toEqual([
      "/next",
      "/next",
      "2",
      302,
    ]);
    expect(() => new web.HTTPFound("")).toThrow('HTTP redirects need a location to redirect to, got ""');
    expect(() => new web.HTTPSeeOther(5 as never)).toThrow(RangeError);
    const m = new web.HTTPMethodNotAllowed("post", ["put", "GET", "delete"]);
    expect(m.method).toBe("POST");
    expect([...m.allowedMethods]).toEqual(["PUT", "GET", "DELETE"]);
    expect(m.headers.get("Allow")).toBe("DELETE,GET,PUT");
    expect(m.text).toBe("405: Method Not Allowed");
    const t = new web.HTTPRequestEntityTooLarge(100, 250);
    expect(t.text).toBe("Maximum request body size 100 exceeded, actual body size 250");
    expect(new web.HTTPRequestEntityTooLarge(1, 2, { text: "mine" }).text).toBe("mine");
    expect(new web.HTTPRequestEntityTooLarge(1, 2, { reason: "Big" }).reason).toBe("Big");
  });
});
