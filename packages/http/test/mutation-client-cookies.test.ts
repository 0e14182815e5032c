/**
 * CookieJar rules (aiohttp 3.8's `CookieJar.update_cookies` / `filter_cookies`) written for the
 * mutants session 7's run of src/cookies.ts lines 200–406 left alive (test/MUTATION.md).
 */
import { describe, expect, it } from "vitest";
import { CookieJar, Morsel } from "../src/index.js";

const names = (jar: CookieJar, url: string) => [...jar.filterCookies(url).keys()].sort();

function morsel(key: string, value: string, attributes: Partial<Morsel["attributes"]>): Morsel {
  const m = new Morsel(key, value);
  Object.assign(m.attributes, attributes);
  return m;
}

describe("CookieJar (aiohttp.CookieJar): session 7 survivors", () => {
  it("null is refused with the jar's own message (Python's None)", () => {
    const jar = new CookieJar();
    expect(() => jar.updateCookies(null as never)).toThrow(
      "cookies must be a mapping, (name, value) pairs or a SimpleCookie, got None",
    );
  });

  it("a Domain attribute in capitals is folded: the cookie is kept and sent", () => {
    const jar = new CookieJar();
    jar.updateCookies(
      new Map([["a", morsel("a", "1", { domain: "EXAMPLE.COM" })]]),
      "http://www.example.com/",
    );
    expect(names(jar, "http://www.example.com/")).toEqual(["a"]);
    expect([...jar][0]?.attributes.domain).toBe("example.com");
  });

  it("without a response URL a public-suffix Domain is kept (aiohttp checks no suffix list there)", () => {
    const jar = new CookieJar();
    jar.updateCookies(new Map([["a", morsel("a", "1", { domain: "com" })]]));
    expect(jar.size).toBe(1);
    expect(names(jar, "http://shop.com/")).toEqual(["a"]);
  });

  it("a response URL whose path does not start with '/' gives the path '/'", () => {
    const jar = new CookieJar();
    jar.updateCookies({ a: "1" }, "foo:bar/baz");
    expect([...jar][0]?.attributes.path).toBe("/");
    expect(names(jar, "http://h.test/")).toEqual(["a"]);
  });

  it("Max-Age is read as Python's int() reads it: spaces around the number are allowed", () => {
    const jar = new CookieJar();
    jar.updateCookies(new Map([["gone", morsel("gone", "1", { "max-age": " 0 " })]]), "http://h.test/");
    expect(jar.size).toBe(0);
  });

  it("a domain cookie is not sent to an IP address host unless the jar is unsafe", () => {
    const safe = new CookieJar();
    safe.updateCookies(
      new Map([
        ["ip", morsel("ip", "1", { domain: "127.0.0.1" })],
        ["shared", morsel("shared", "2", {})],
      ]),
    );
    expect(names(safe, "http://127.0.0.1/")).toEqual(["shared"]);
    const unsafe = new CookieJar({ unsafe: true });
    unsafe.updateCookies(new Map([["ip", morsel("ip", "1", { domain: "127.0.0.1" })]]));
    expect(names(unsafe, "http://127.0.0.1/")).toEqual(["ip"]);
  });

  it("clear() forgets a cookie's expiry with it: set again without one, it stays", async () => {
    const jar = new CookieJar();
    jar.updateCookies(new Map([["a", morsel("a", "old", { "max-age": "1" })]]), "http://h.test/");
    jar.clear();
    jar.updateCookies({ a: "new" }, "http://h.test/");
    await new Promise((r) => setTimeout(r, 1100));
    expect(names(jar, "http://h.test/")).toEqual(["a"]);
  });
  it("nothing to store, nothing kept: the URL is not read (aiohttp takes any URL there)", () => {
    const jar = new CookieJar();
    expect(() => jar.updateCookies(new Map(), "not a url")).not.toThrow();
    expect(jar.filterCookies("not a url").size).toBe(0);
  });
});
