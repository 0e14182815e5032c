/**
 * Cookies on their own: `Morsel` and `SimpleCookie` as Python's `http.cookies` reads and writes
 * them (the expected texts were printed by CPython 3's http.cookies), and `CookieJar`'s rules as
 * aiohttp's (domains, host-only cookies, paths, expiry, secure cookies, IP hosts, clearing).
 */
import { repr } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { CookieJar, DummyCookieJar, Morsel, SimpleCookie } from "../src/index.js";

function loaded(header: string): SimpleCookie {
  const c = new SimpleCookie();
  c.load(header);
  return c;
}

describe("Morsel and SimpleCookie (http.cookies)", () => {
  it("writes every attribute in Python's order and spelling", () => {
    const c = loaded(
      "a=1; Path=/p; HttpOnly; Secure; Domain=ex.com; Max-Age=10; SameSite=Lax; Version=1; Comment=hi; expires=Thu, 01 Jan 2099 00:00:00 GMT",
    );
    expect(c.toString()).toBe(
      "Set-Cookie: a=1; Comment=hi; Domain=ex.com; expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly; Max-Age=10; Path=/p; SameSite=Lax; Secure; Version=1",
    );
    const m = c.get("a") as Morsel;
    expect(m.attributes).toEqual({
      expires: "Thu, 01 Jan 2099 00:00:00 GMT",
      path: "/p",
      comment: "hi",
      domain: "ex.com",
      "max-age": "10",
      secure: true,
      httponly: true,
      version: "1",
      samesite: "Lax",
    });
    expect(String(new Morsel("k", "v"))).toBe("Set-Cookie: k=v");
    // Python's repr: the class and OutputString().
    expect(repr(loaded("a=1; Path=/").get("a"))).toBe("<Morsel: a=1; Path=/>");
    expect(repr(new Morsel("q", "x y"))).toBe('<Morsel: q="x y">');
  });

  it("quotes a value as Python does: octal escapes below 256, backslashed quote and backslash", () => {
    expect(new Morsel("v", 'a,b"c\\d é\x01').outputString()).toBe('v="a\\054b\\"c\\\\d \\351\\001"');
    expect(new Morsel("e", "").outputString()).toBe('e=""');
    expect(new Morsel("ok", "Az09!#$%&'*+-.^_`|~:").outputString()).toBe("ok=Az09!#$%&'*+-.^_`|~:");
    expect(new Morsel("u", "x€y").outputString()).toBe('u="x€y"');
    expect(new Morsel("u", "Ā").outputString()).toBe('u="Ā"');
    expect(new Morsel("p", "a b(c)/<=>?@[]{}").outputString()).toBe('p="a b(c)/<=>?@[]{}"');
  });

  it("reads quoted values (octal escapes, escaped quotes), several cookies, attributes of any case", () => {
    const c = loaded('x="a\\054b\\"c"; y=2; PATH=/y; secure; Domain = d.com ');
    expect([...c.keys()]).toEqual(["x", "y"]);
    expect(c.get("x")?.value).toBe('a,b"c');
    expect(c.get("y")?.value).toBe("2");
    expect(c.get("y")?.attributes.path).toBe("/y");
    expect(c.get("y")?.attributes.secure).toBe(true);
    expect(c.get("y")?.attributes.domain).toBe("d.com");
    expect(c.get("x")?.attributes.path).toBe("");
    expect(loaded('q="a;b"').get("q")?.value).toBe("a;b");
    // A trailing semicolon ends the last attribute; an attribute with no cookie before it is no cookie.
    const trailing = loaded("a=1; Path=/x;");
    expect([...trailing.keys()]).toEqual(["a"]);
    expect(trailing.get("a")?.attributes.path).toBe("/x");
    expect(loaded("Path=/").size).toBe(0);
    // An empty quoted value is the empty string (as Morsel writes it back: e="").
    expect(loaded('e=""').get("e")?.value).toBe("");
    // A backslash-escaped quote does not end the quoted value: the next cookie is read too.
    expect([...loaded('e="a\\"; b"; f=1').entries()].map(([k, m]) => [k, m.value])).toEqual([
      ["e", 'a"; b'],
      ["f", "1"],
    ]);
  });

  it("headerValue is a Cookie header (quoted as Set-Cookie values are); toString one line per cookie", () => {
    const c = loaded("a=1; b=2");
    c.set("s", new Morsel("s", "x y"));
    expect(c.headerValue()).toBe('a=1; b=2; s="x y"');
    expect(c.toString()).toBe('Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nSet-Cookie: s="x y"');
  });
});

describe("CookieJar (aiohttp.CookieJar)", () => {
  const names = (jar: CookieJar, url: string) => [...jar.filterCookies(url).keys()].sort();

  it("keeps cookies given without a URL for every host; takes objects, pairs and numbers", () => {
    const jar = new CookieJar();
    jar.updateCookies({ a: "1", n: 5 as never });
    jar.updateCookies([["p", "2"]]);
    const got = jar.filterCookies("http://any.host.test/deep/path");
    expect([...got.values()].map((m) => `${m.key}=${m.value}`)).toEqual(["a=1", "n=5", "p=2"]);
    expect(names(jar, "https://127.0.0.1/")).toEqual(["a", "n", "p"]);
    expect(jar.size).toBe(3);
    jar.updateCookies(new SimpleCookie());
    expect(jar.size).toBe(3);
    expect(() => jar.updateCookies(5 as never)).toThrow(
      "cookies must be a mapping, (name, value) pairs or a SimpleCookie, got 5",
    );
    expect(() => jar.updateCookies(null as never)).toThrow(TypeError);
    expect(() => jar.updateCookies({ o: {} as never })).toThrow(
      "the value of cookie 'o' must be a string or a Morsel, got {}",
    );
    expect(() => new CookieJar({ unsafe: 1 as never })).toThrow("unsafe must be a boolean, got 1");
  });

  it("a Morsel is copied: changing it afterwards changes nothing in the jar", () => {
    const jar = new CookieJar();
    const m = new Morsel("m", "v");
    jar.updateCookies({ m }, "http://h.test/");
    m.value = "changed";
    expect(jar.filterCookies("http://h.test/").get("m")?.value).toBe("v");
    const sent = jar.filterCookies("http://h.test/").get("m") as Morsel;
    sent.value = "again";
    expect(jar.filterCookies("http://h.test/").get("m")?.value).toBe("v");
  });

  it("the default path is the response URL's directory; a path matches itself and what is under it", () => {
    const jar = new CookieJar();
    jar.updateCookies(loaded("deep=1"), "http://h.test/a/b/c");
    jar.updateCookies(loaded("top=1"), "http://h.test/a");
    jar.updateCookies(loaded("rel=1; Path=x"), "http://h.test/r/s");
    jar.updateCookies(loaded("slash=1; Path=/s/"), "http://h.test/");
    expect([...jar].map((m) => `${m.key} ${m.attributes.path}`).sort()).toEqual([
      "deep /a/b",
      "rel /r",
      "slash /s/",
      "top /",
    ]);
    expect(names(jar, "http://h.test/a/b")).toEqual(["deep", "top"]);
    expect(names(jar, "http://h.test/a/b/")).toEqual(["deep", "top"]);
    expect(names(jar, "http://h.test/a/b/z")).toEqual(["deep", "top"]);
    expect(names(jar, "http://h.test/a/bc")).toEqual(["top"]);
    expect(names(jar, "http://h.test/a")).toEqual(["top"]);
    expect(names(jar, "http://h.test/r")).toEqual(["rel", "top"]);
    expect(names(jar, "http://h.test/s")).toEqual(["top"]);
    expect(names(jar, "http://h.test/s/t")).toEqual(["slash", "top"]);
  });

  it("domains: a trailing dot makes a host-only cookie, case is folded, other domains are refused", () => {
    const jar = new CookieJar();
    jar.updateCookies(loaded("dot=1; Domain=example.com."), "http://www.example.com/");
    jar.updateCookies(loaded("up=1; Domain=EXAMPLE.com"), "http://www.example.com/");
    jar.updateCookies(loaded("far=1; Domain=other.test"), "http://www.example.com/");
    jar.updateCookies(loaded("near=1; Domain=notexample.com"), "http://example.com/");
    expect([...jar].map((m) => `${m.key} ${m.attributes.domain}`).sort()).toEqual([
      "dot www.example.com",
      "up example.com",
    ]);
    expect(names(jar, "http://www.example.com/")).toEqual(["dot", "up"]);
    expect(names(jar, "http://a.www.example.com/")).toEqual(["up"]);
    expect(names(jar, "http://example.com/")).toEqual(["up"]);
    expect(names(jar, "http://badexample.com/")).toEqual([]);
  });

  it("a host-only cookie becomes a domain cookie when set again with Domain", () => {
    const jar = new CookieJar();
    jar.updateCookies(loaded("c=1"), "http://example.com/");
    expect(names(jar, "http://sub.example.com/")).toEqual([]);
    jar.updateCookies(loaded("c=2; Domain=example.com"), "http://example.com/");
    expect(jar.filterCookies("http://sub.example.com/").get("c")?.value).toBe("2");
    expect(jar.size).toBe(1);
  });

  it("IP address hosts: no cookies unless unsafe, and then only for that address", () => {
    const safe = new CookieJar();
    safe.updateCookies(loaded("a=1"), "http://127.0.0.1:8080/");
    safe.updateCookies(loaded("b=1"), "http://[::1]/");
    expect(safe.size).toBe(0);
    safe.updateCookies(loaded("d=1; Domain=example.com"), "http://example.com/");
    expect(names(safe, "http://127.0.0.1/")).toEqual([]);
    const unsafe = new CookieJar({ unsafe: true });
    unsafe.updateCookies(loaded("a=1"), "http://127.0.0.1:8080/");
    unsafe.updateCookies(loaded("b=1"), "http://[::1]/");
    expect(names(unsafe, "http://127.0.0.1/")).toEqual(["a"]);
    expect(names(unsafe, "http://[::1]/")).toEqual(["b"]);
    expect(names(unsafe, "http://127.0.0.2/")).toEqual([]);
    // A domain cookie kept without a URL goes only to that domain and its subdomains.
    const loose = new CookieJar();
    loose.updateCookies(loaded("d=1; Domain=ab.com"));
    expect(names(loose, "http://www.ab.com/")).toEqual(["d"]);
    expect(names(loose, "http://w.zzzzzz/")).toEqual([]);
    // A domain cookie never matches a longer IP address ending in it.
    unsafe.updateCookies(loaded("ip=1; Domain=0.0.1"), "http://0.0.1/");
    expect(names(unsafe, "http://127.0.0.1/")).toEqual(["a"]);
  });

  it("secure cookies go to https and wss, and to the origins treated as secure", () => {
    const jar = new CookieJar({ treatAsSecureOrigin: ["http://localhost:8080"] });
    jar.updateCookies(loaded("s=1; Secure"), "http://localhost/");
    jar.updateCookies(loaded("p=1"), "http://localhost/");
    expect(names(jar, "http://localhost/")).toEqual(["p"]);
    expect(names(jar, "ws://localhost/")).toEqual(["p"]);
    expect(names(jar, "https://localhost/")).toEqual(["p", "s"]);
    expect(names(jar, "wss://localhost/")).toEqual(["p", "s"]);
    expect(names(jar, "http://localhost:8080/")).toEqual(["p", "s"]);
    expect(names(new CookieJar(), "http://localhost/")).toEqual([]);
  });

  it("expiry: Max-Age (a whole number of seconds) comes before Expires; bad values are dropped", () => {
    const jar = new CookieJar();
    const from = "http://h.test/";
    jar.updateCookies(loaded("zero=1; Max-Age=0"), from);
    jar.updateCookies(loaded("neg=1; Max-Age=-5"), from);
    jar.updateCookies(loaded("past=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), from);
    jar.updateCookies(loaded("both=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), from);
    jar.updateCookies(loaded("later=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT"), from);
    jar.updateCookies(loaded("badage=1; Max-Age=1.5"), from);
    jar.updateCookies(loaded("word=1; Max-Age=soon"), from);
    jar.updateCookies(loaded("baddate=1; Expires=someday"), from);
    expect(names(jar, from)).toEqual(["badage", "baddate", "both", "later", "word"]);
    const kept = jar.filterCookies(from);
    expect(kept.get("badage")?.attributes["max-age"]).toBe("");
    expect(kept.get("word")?.attributes["max-age"]).toBe("");
    expect(kept.get("baddate")?.attributes.expires).toBe("");
    expect(kept.get("both")?.attributes["max-age"]).toBe("100");
    expect(jar.size).toBe(5);
    // Setting a cookie again with Max-Age=0 deletes it.
    jar.updateCookies(loaded("later=x; Max-Age=0"), from);
    expect(names(jar, from)).toEqual(["badage", "baddate", "both", "word"]);
  });

  it("clear forgets all or what the predicate picks; clearDomain a domain and its subdomains", () => {
    const jar = new CookieJar();
    jar.updateCookies(loaded("a=1; Domain=example.com"), "http://example.com/");
    jar.updateCookies(loaded("b=1"), "http://www.example.com/x/y");
    jar.updateCookies(loaded("c=1"), "http://other.test/");
    jar.updateCookies(loaded("d=1"), "http://notexample.com/");
    jar.clear((m) => m.key === "c");
    expect([...jar].map((m) => m.key).sort()).toEqual(["a", "b", "d"]);
    jar.clearDomain("example.com");
    expect([...jar].map((m) => m.key)).toEqual(["d"]);
    // A cleared host-only cookie set again with Domain is a domain cookie.
    jar.updateCookies(loaded("b=2; Domain=example.com"), "http://www.example.com/x/y");
    expect(names(jar, "http://a.example.com/x/")).toEqual(["b"]);
    jar.clear();
    expect(jar.size).toBe(0);
    expect(jar.filterCookies("http://notexample.com/").size).toBe(0);
  });

  it("a host-only cookie cleared with clear() is not host-only when set again with Domain", () => {
    const jar = new CookieJar();
    jar.updateCookies(loaded("h=1"), "http://example.com/");
    jar.clear();
    jar.updateCookies(loaded("h=2; Domain=example.com"), "http://example.com/");
    expect(names(jar, "http://sub.example.com/")).toEqual(["h"]);
  });

  it("DummyCookieJar keeps nothing", () => {
    const jar = new DummyCookieJar();
    jar.updateCookies();
    jar.clear();
    jar.clearDomain();
    expect([...jar]).toEqual([]);
    expect(jar.size).toBe(0);
    expect(jar.filterCookies().size).toBe(0);
  });
});
