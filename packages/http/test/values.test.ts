/**
 * The client's value classes on their own, as aiohttp users see them: multidicts (multidict's
 * `MultiDict` / `CIMultiDict`), `BasicAuth`, `ClientTimeout` and the error classes' messages and
 * attributes.
 */
import { OSError } from "@aio/fs";
import { TimeoutError } from "@aio/future";
import { describe, expect, it } from "vitest";
import {
  BasicAuth,
  CIMultiDict,
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ClientTimeout,
  ContentTypeError,
  InvalidURL,
  MultiDict,
  ServerConnectionError,
  ServerDisconnectedError,
  ServerTimeoutError,
  TooManyRedirects,
} from "../src/index.js";

describe("MultiDict (multidict.MultiDict)", () => {
  it("keeps every value in order; get gives the first, getAll all, has and size count them", () => {
    const d = new MultiDict([
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
    expect(d.get("a")).toBe("1");
    expect(d.get("b")).toBe("2");
    expect(d.get("A")).toBeUndefined();
    expect(d.get("zz", "dflt")).toBe("dflt");
    expect(d.getAll("a")).toEqual(["1", "3"]);
    expect(d.getAll("zz")).toEqual([]);
    expect(d.has("a")).toBe(true);
    expect(d.has("A")).toBe(false);
    expect(d.has("zz")).toBe(false);
    expect(d.size).toBe(3);
    expect(d.keys()).toEqual(["a", "b", "a"]);
    expect(d.values()).toEqual(["1", "2", "3"]);
    expect(d.entries()).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
    ]);
    expect([...d]).toEqual(d.entries());
    expect(String(d)).toBe("<MultiDict('a': '1', 'b': '2', 'a': '3')>");
    expect(String(new MultiDict())).toBe("<MultiDict()>");
  });

  it("set replaces the first value and drops the later ones, in place; a new key goes last", () => {
    const d = new MultiDict([
      ["x", "0"],
      ["a", "1"],
      ["b", "2"],
      ["a", "3"],
      ["c", "4"],
    ]);
    d.set("a", "9");
    expect(d.entries()).toEqual([
      ["x", "0"],
      ["a", "9"],
      ["b", "2"],
      ["c", "4"],
    ]);
    d.set("new", "n");
    expect(d.entries().at(-1)).toEqual(["new", "n"]);
    expect(d.size).toBe(5);
  });

  it("add keeps the others; setDefault answers the first value or adds; delete removes every value", () => {
    const d = new MultiDict();
    d.add("k", "1");
    d.add("k", "2");
    expect(d.getAll("k")).toEqual(["1", "2"]);
    expect(d.setDefault("k", "3")).toBe("1");
    expect(d.getAll("k")).toEqual(["1", "2"]);
    expect(d.setDefault("j", "5")).toBe("5");
    expect(d.get("j")).toBe("5");
    expect(d.delete("k")).toBe(true);
    expect(d.has("k")).toBe(false);
    expect(d.delete("k")).toBe(false);
    expect(d.entries()).toEqual([["j", "5"]]);
  });

  it("is built from a multidict, pairs, or an object (arrays repeat a key; numbers and booleans as text)", () => {
    const src = new MultiDict([
      ["a", "1"],
      ["a", "2"],
    ]);
    expect(new MultiDict(src).entries()).toEqual([
      ["a", "1"],
      ["a", "2"],
    ]);
    expect(new MultiDict({ n: 1, t: true, l: ["x", 2], s: "s" }).entries()).toEqual([
      ["n", "1"],
      ["t", "true"],
      ["l", "x"],
      ["l", "2"],
      ["s", "s"],
    ]);
    expect(new MultiDict(new Map([["m", "v"]])).entries()).toEqual([["m", "v"]]);
    expect(new MultiDict([["big", 10n as never]]).get("big")).toBe("10");
    const d = new MultiDict({ a: "0" });
    d.extend([["b", "1"]]);
    d.extend({ c: "2" });
    expect(d.keys()).toEqual(["a", "b", "c"]);
    expect(() => new MultiDict({ o: {} as never })).toThrow(
      "a multidict value must be a string or a number, got {} of type dict",
    );
    expect(() => new MultiDict([["a", "b", "c"]] as never)).toThrow(
      "a multidict is built from (key, value) pairs, got ['a', 'b', 'c']",
    );
    expect(() => new MultiDict(null as never)).toThrow(
      "a multidict is built from a mapping or (key, value) pairs, got None",
    );
  });

  it("copy is an independent multidict of the same class; toJSON gives each key's first value", () => {
    const d = new CIMultiDict([
      ["A", "1"],
      ["b", "2"],
      ["A", "3"],
    ]);
    const c = d.copy();
    expect(c).toBeInstanceOf(CIMultiDict);
    expect(c.get("a")).toBe("1");
    c.add("z", "9");
    expect(d.has("z")).toBe(false);
    expect(d.toJSON()).toEqual({ A: "1", b: "2" });
    expect(JSON.stringify(new MultiDict([["k", "v"]]))).toBe('{"k":"v"}');
  });
});

describe("CIMultiDict (multidict.CIMultiDict)", () => {
  it("compares keys case-insensitively and keeps their first spelling", () => {
    const h = new CIMultiDict([
      ["Content-Type", "text/html"],
      ["X-A", "1"],
      ["x-a", "2"],
    ]);
    expect(h.get("content-type")).toBe("text/html");
    expect(h.getAll("X-a")).toEqual(["1", "2"]);
    expect(h.has("CONTENT-TYPE")).toBe(true);
    h.set("x-A", "3");
    expect(h.entries()).toEqual([
      ["Content-Type", "text/html"],
      ["X-A", "3"],
    ]);
    expect(h.delete("CONTENT-type")).toBe(true);
    expect(h.size).toBe(1);
    expect(String(h)).toBe("<CIMultiDict('X-A': '3')>");
  });
});

describe("BasicAuth (aiohttp.BasicAuth)", () => {
  it("encodes the header in latin-1 by default, or in the encoding given", () => {
    expect(new BasicAuth("user", "pass").encode()).toBe(
      `Basic ${Buffer.from("user:pass").toString("base64")}`,
    );
    expect(new BasicAuth("user").encode()).toBe(`Basic ${Buffer.from("user:").toString("base64")}`);
    expect(new BasicAuth("é", "ü").encode()).toBe("Basic 6Tr8");
    expect(new BasicAuth("é", "ü", "utf8").encode()).toBe("Basic w6k6w7w=");
    const a = new BasicAuth("ann", "pw");
    expect([a.login, a.password, a.encoding]).toEqual(["ann", "pw", "latin1"]);
    expect(String(a)).toBe("BasicAuth(login='ann', password='pw', encoding='latin1')");
  });

  it("decodes a header (any case of Basic, spaces around), refusing what aiohttp refuses", () => {
    const a = BasicAuth.decode("  basic dXNlcjpwYTpzcw==  ");
    expect([a.login, a.password]).toEqual(["user", "pa:ss"]);
    expect(BasicAuth.decode("Basic 6Tr8").login).toBe("é");
    expect(BasicAuth.decode("Basic w6k6w7w=", "utf8").password).toBe("ü");
    expect(BasicAuth.decode("Basic w6k6w7w=", "utf8").encoding).toBe("utf8");
    expect(() => BasicAuth.decode("Basic")).toThrow("Could not parse authorization header.");
    expect(() => BasicAuth.decode("Basic a b")).toThrow("Could not parse authorization header.");
    expect(() => BasicAuth.decode("Bearer dXNlcjpwYXNz")).toThrow("Unknown authorization method Bearer");
    expect(() => BasicAuth.decode("Basic dXNlcjpwYXN")).toThrow("Invalid base64 encoding.");
    expect(() => BasicAuth.decode("Basic dXNl*jpwYXNz")).toThrow("Invalid base64 encoding.");
    expect(() => BasicAuth.decode("Basic xdXNlcjpwYXNz")).toThrow("Invalid base64 encoding.");
    expect(() => BasicAuth.decode("Basic dXNlcjpwYXNz=")).toThrow("Invalid base64 encoding.");
    expect(() => BasicAuth.decode("Basic dXNlcg==")).toThrow("Invalid credentials.");
  });

  it("is refused for None, a non-string login or a colon in the login", () => {
    expect(() => new BasicAuth(undefined as never)).toThrow("None is not allowed as login value");
    expect(() => new BasicAuth("u", null as never)).toThrow("None is not allowed as password value");
    expect(() => new BasicAuth("u", undefined)).not.toThrow();
    expect(() => new BasicAuth(5 as never)).toThrow(TypeError);
    expect(() => new BasicAuth(5 as never)).toThrow("login must be a string, got 5");
    expect(() => new BasicAuth("a:b")).toThrow(RangeError);
    expect(new BasicAuth("u", 12 as never).password).toBe("12");
  });

  it("fromUrl reads percent-encoded credentials, null when there are none", () => {
    expect(BasicAuth.fromUrl(new URL("http://h/"))).toBeNull();
    const both = BasicAuth.fromUrl(new URL("http://us%20er:p%40ss@h/")) as BasicAuth;
    expect([both.login, both.password]).toEqual(["us er", "p@ss"]);
    const user = BasicAuth.fromUrl(new URL("http://only@h/")) as BasicAuth;
    expect([user.login, user.password]).toEqual(["only", ""]);
    const pass = BasicAuth.fromUrl(new URL("http://:secret@h/")) as BasicAuth;
    expect([pass.login, pass.password]).toEqual(["", "secret"]);
  });
});

describe("ClientTimeout (aiohttp.ClientTimeout)", () => {
  it("keeps each timeout in seconds or None, and shows them as aiohttp does", () => {
    const none = new ClientTimeout();
    expect([none.total, none.connect, none.sockRead, none.sockConnect]).toEqual([null, null, null, null]);
    expect(String(none)).toBe("ClientTimeout(total=None, connect=None, sock_read=None, sock_connect=None)");
    const t = new ClientTimeout({ total: 10, connect: 0, sockRead: 2.5, sockConnect: null });
    expect([t.total, t.connect, t.sockRead, t.sockConnect]).toEqual([10, 0, 2.5, null]);
    expect(String(t)).toBe("ClientTimeout(total=10, connect=0, sock_read=2.5, sock_connect=None)");
    expect(String(new ClientTimeout({ sockConnect: 3 }))).toBe(
      "ClientTimeout(total=None, connect=None, sock_read=None, sock_connect=3)",
    );
  });

  it("names the part that is wrong: a negative number or not a number", () => {
    expect(() => new ClientTimeout({ connect: -0.5 })).toThrow(
      new RangeError("ClientTimeout connect must not be negative, got -0.5"),
    );
    expect(() => new ClientTimeout({ sockRead: -1 })).toThrow("ClientTimeout sockRead must not be negative");
    expect(() => new ClientTimeout({ sockConnect: -1 })).toThrow(
      "ClientTimeout sockConnect must not be negative",
    );
    expect(() => new ClientTimeout({ total: -1 })).toThrow("ClientTimeout total must not be negative");
    expect(() => new ClientTimeout({ connect: "1" as never })).toThrow(
      new TypeError("ClientTimeout connect must be a number of seconds or null, got '1'"),
    );
  });
});

describe("the client's errors (aiohttp.client_exceptions)", () => {
  const requestInfo = {
    url: "http://h/p",
    method: "GET",
    headers: new CIMultiDict(),
    realUrl: "http://h/p#frag",
  };

  it("ClientResponseError: aiohttp's str(), status, reason, headers, history, requestInfo", () => {
    const headers = new CIMultiDict([["X", "1"]]);
    const e = new ClientResponseError(requestInfo, ["r"], { status: 404, message: "Not Found", headers });
    expect(e.message).toBe("404, message='Not Found', url=URL('http://h/p#frag')");
    expect([e.status, e.reason, e.headers, e.history, e.requestInfo]).toEqual([
      404,
      "Not Found",
      headers,
      ["r"],
      requestInfo,
    ]);
    expect(e.name).toBe("ClientResponseError");
    expect(e).toBeInstanceOf(ClientError);
    const bare = new ClientResponseError(requestInfo, []);
    expect(bare.message).toBe("0, message='', url=URL('http://h/p#frag')");
    expect([bare.status, bare.reason, bare.headers]).toEqual([0, "", null]);
    const ct = new ContentTypeError(requestInfo, [], { status: 200 });
    expect(ct.name).toBe("ContentTypeError");
    expect(ct).toBeInstanceOf(ClientResponseError);
    const tm = new TooManyRedirects(requestInfo, [], { status: 302 });
    expect(tm.name).toBe("TooManyRedirects");
    expect(tm).toBeInstanceOf(ClientResponseError);
  });

  it("ClientConnectorError: aiohttp's message, host, port, ssl, the OS error's fields, an OSError", () => {
    const cause = new Error("connect ECONNREFUSED");
    const e = new ClientConnectorError(
      "127.0.0.1",
      9,
      "default",
      { errno: 111, strerror: "Connection refused", code: "ECONNREFUSED" },
      cause,
    );
    expect(e.message).toBe("Cannot connect to host 127.0.0.1:9 ssl:default [Connection refused]");
    expect([e.host, e.port, e.ssl, e.errno, e.strerror, e.code, e.cause]).toEqual([
      "127.0.0.1",
      9,
      "default",
      111,
      "Connection refused",
      "ECONNREFUSED",
      cause,
    ]);
    expect(e.name).toBe("ClientConnectorError");
    expect(e).toBeInstanceOf(ClientOSError);
    expect(e).toBeInstanceOf(ClientConnectionError);
    expect(e).toBeInstanceOf(OSError);
    expect(new ClientConnectorError("h", 443, true, {}).message).toBe(
      "Cannot connect to host h:443 ssl:True [unknown error]",
    );
    expect(new ClientConnectorError("h", 80, false, {}).message).toBe(
      "Cannot connect to host h:80 ssl:False [unknown error]",
    );
    const os = new ClientOSError("boom");
    expect([os.name, os.errno, os.strerror, os.code, "cause" in os]).toEqual([
      "ClientOSError",
      undefined,
      undefined,
      undefined,
      false,
    ]);
    expect(os).toBeInstanceOf(OSError);
  });

  it("the server's errors: disconnected (default message), timeout (a TimeoutError); payload; names", () => {
    const d = new ServerDisconnectedError();
    expect([d.message, d.name]).toEqual(["Server disconnected", "ServerDisconnectedError"]);
    expect(d).toBeInstanceOf(ServerConnectionError);
    const cause = new Error("x");
    const d2 = new ServerDisconnectedError("gone", { cause });
    expect([d2.message, d2.cause]).toEqual(["gone", cause]);
    const t = new ServerTimeoutError("Timeout on reading data from socket");
    expect(t.name).toBe("ServerTimeoutError");
    expect(t).toBeInstanceOf(TimeoutError);
    expect(t).toBeInstanceOf(ServerConnectionError);
    expect(new ServerConnectionError("s").name).toBe("ServerConnectionError");
    expect(new ClientConnectionError("c").name).toBe("ClientConnectionError");
    expect(new ClientPayloadError("p").name).toBe("ClientPayloadError");
    expect(new ClientError("e").name).toBe("ClientError");
    expect(new ClientError("e")).not.toBeInstanceOf(OSError);
    expect(new ClientError("e")).not.toBeInstanceOf(TimeoutError);
  });

  it("InvalidURL: the URL is the message, with a description after it when there is one", () => {
    const e = new InvalidURL("ftp://h/");
    expect([e.message, e.url, e.description, e.name]).toEqual(["ftp://h/", "ftp://h/", null, "InvalidURL"]);
    const d = new InvalidURL(new URL("http://h/"), { description: "no way" });
    expect([d.message, d.url, d.description]).toEqual(["http://h/ - no way", "http://h/", "no way"]);
  });
});
