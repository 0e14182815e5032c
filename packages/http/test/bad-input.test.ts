/**
 * Every public entry point of @aio/http, given what a user could get wrong: a clear error at once,
 * naming the problem and the value, in aiohttp's words where aiohttp has them (its texts were
 * taken from aiohttp 3.8 with the same calls; where aiohttp accepts nonsense — a negative limit or
 * timeout, a method with a space — ours says what is wrong).
 */
import { LookupError } from "@aio/loop";
import { type Coro, run, using } from "@aio/task";
import { type BadInput, badInputs } from "@aio/test-support";
import {
  BasicAuth,
  CIMultiDict,
  type ClientResponse,
  ClientSession,
  ClientTimeout,
  ContentTypeError,
  CookieJar,
  FormData,
  InvalidURL,
  MultiDict,
  TCPConnector,
} from "../src/index.js";
import { httpServer } from "./servers.js";

/** Makes a request with a fresh session (the bad part is in `method`, `url` or `options`). */
function request(method: unknown, url: unknown, options: unknown = {}): Promise<unknown> {
  return run(
    using(new ClientSession(), (s) =>
      using(s.request(method as string, url as string, options as never), (r) => r.read()),
    ),
  );
}

/** Runs `use` on a response from a local server that answers HTML. */
async function withResponse(use: (r: ClientResponse) => Coro<unknown> | unknown): Promise<unknown> {
  const { url } = await httpServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<p>html</p>");
  });
  return run(
    using(new ClientSession(), (s) =>
      using(s.get(url), function* (r) {
        const out = use(r);
        if (out !== null && typeof out === "object" && typeof (out as Coro<unknown>).next === "function")
          return yield* out as Coro<unknown>;
        return out;
      }),
    ),
  );
}

const U = "http://127.0.0.1:9/";
const CONTENT_TYPE =
  /^200, message='Attempt to decode JSON with unexpected mimetype: text\/html; charset=utf-8', url=URL\('http:\/\/127\.0\.0\.1:\d+\/'\)$/;

const rows: BadInput[] = [
  // ClientSession
  {
    call: "new ClientSession(5)",
    act: () => new ClientSession(5 as never),
    error: TypeError,
    message: "ClientSession takes an options object, got 5",
  },
  {
    call: "new ClientSession({ timeout: 5 })",
    act: () => new ClientSession({ timeout: 5 as never }),
    error: TypeError,
    message: "timeout parameter must be of type ClientTimeout, got 5 of type int",
  },
  {
    call: 'new ClientSession({ baseUrl: "http://h/path" })',
    act: () => new ClientSession({ baseUrl: "http://h/path" }),
    error: RangeError,
    message: "Only absolute URLs without path part are supported, got 'http://h/path'",
  },
  {
    call: 'new ClientSession({ baseUrl: "path" })',
    act: () => new ClientSession({ baseUrl: "path" }),
    error: InvalidURL,
    message: "path",
  },
  {
    call: "new ClientSession({ connector: {} })",
    act: () => new ClientSession({ connector: {} as never }),
    error: TypeError,
    message: "connector must be a TCPConnector, got {}",
  },
  {
    call: "new ClientSession({ cookieJar: 5 })",
    act: () => new ClientSession({ cookieJar: 5 as never }),
    error: TypeError,
    message: "cookieJar must be a CookieJar (or another AbstractCookieJar), got 5",
  },
  {
    call: "new ClientSession({ jsonSerialize: 5 })",
    act: () => new ClientSession({ jsonSerialize: 5 as never }),
    error: TypeError,
    message: "jsonSerialize must be a function, got 5",
  },
  {
    call: 'new ClientSession({ auth: ["u", "p"] })',
    act: () => new ClientSession({ auth: ["u", "p"] as never }),
    error: TypeError,
    message: "set auth to an instance of BasicAuth",
  },
  {
    call: "new ClientSession({ cookies: 5 })",
    act: () => new ClientSession({ cookies: 5 as never }),
    error: TypeError,
    message: "cookies must be a mapping, (name, value) pairs or a SimpleCookie, got 5",
  },
  {
    call: "new ClientSession({ cookies: { a: {} } })",
    act: () => new ClientSession({ cookies: { a: {} } as never }),
    error: TypeError,
    message: "the value of cookie 'a' must be a string or a Morsel, got {}",
  },
  // ClientTimeout, TCPConnector
  {
    call: "new ClientTimeout({ total: -1 })",
    act: () => new ClientTimeout({ total: -1 }),
    error: RangeError,
    message: "ClientTimeout total must not be negative, got -1",
  },
  {
    call: 'new ClientTimeout({ total: "1" })',
    act: () => new ClientTimeout({ total: "1" as never }),
    error: TypeError,
    message: "ClientTimeout total must be a number of seconds or null, got '1'",
  },
  {
    call: "new ClientTimeout({ sockRead: NaN })",
    act: () => new ClientTimeout({ sockRead: Number.NaN }),
    error: TypeError,
    message: "ClientTimeout sockRead must be a number of seconds or null, got nan",
  },
  {
    call: "new TCPConnector({ limit: -1 })",
    act: () => new TCPConnector({ limit: -1 }),
    error: RangeError,
    message: "TCPConnector limit must be a non-negative integer, got -1",
  },
  {
    call: 'new TCPConnector({ limitPerHost: "2" })',
    act: () => new TCPConnector({ limitPerHost: "2" as never }),
    error: RangeError,
    message: "TCPConnector limitPerHost must be a non-negative integer, got '2'",
  },
  {
    call: "new TCPConnector({ keepaliveTimeout: -1 })",
    act: () => new TCPConnector({ keepaliveTimeout: -1 }),
    error: RangeError,
    message: "TCPConnector keepaliveTimeout must be a non-negative number of seconds, got -1",
  },
  // requests: method and URL
  {
    call: 'request("GE T", url)',
    act: () => request("GE T", U),
    error: RangeError,
    message: "Method cannot contain non-token characters 'GE T' (found at least ' ')",
  },
  {
    call: 'request("GET\\r\\nX: y", url)',
    act: () => request("GET\r\nX: y", U),
    error: RangeError,
    message: "Method cannot contain non-token characters 'GET\\r\\nX: y' (found at least '\\r')",
  },
  {
    call: 'request("", url)',
    act: () => request("", U),
    error: RangeError,
    message: "Method cannot contain non-token characters ''",
  },
  {
    call: "request(1, url)",
    act: () => request(1, U),
    error: TypeError,
    message: "method must be a string, got 1",
  },
  {
    call: "get(123)",
    act: () => request("GET", 123),
    error: TypeError,
    message: "Constructor parameter should be str, got 123 of type int",
  },
  { call: 'get("http://")', act: () => request("GET", "http://"), error: InvalidURL, message: "http://" },
  { call: 'get("")', act: () => request("GET", ""), error: InvalidURL, message: "" },
  {
    call: 'get("ftp://x/")',
    act: () => request("GET", "ftp://x/"),
    error: InvalidURL,
    message: "ftp://x/ - URL scheme 'ftp' is not supported",
  },
  // requests: options
  {
    call: "get(url, 5)",
    act: () => request("GET", U, 5),
    error: TypeError,
    message: "request options must be an object, got 5",
  },
  {
    call: 'post(url, { data: "a", json: {} })',
    act: () => request("POST", U, { data: "a", json: {} }),
    error: RangeError,
    message: "data and json parameters can not be used at the same time",
  },
  {
    call: "post(url, { data: 123 })",
    act: () => request("POST", U, { data: 123 }),
    error: TypeError,
    message:
      "data must be a string, bytes, an object of fields, a FormData, a MultipartWriter, a Blob or an async iterable, got 123 of type int",
  },
  {
    call: "get(url, { params: { a: {} } })",
    act: () => request("GET", U, { params: { a: {} } }),
    error: TypeError,
    message: "Invalid variable type: value should be str, int or float, got {} of type <class 'dict'>",
  },
  {
    call: "get(url, { params: { a: null } })",
    act: () => request("GET", U, { params: { a: null } }),
    error: TypeError,
    message: "Invalid variable type: value should be str, int or float, got None of type <class 'NoneType'>",
  },
  {
    call: "get(url, { params: { a: true } })",
    act: () => request("GET", U, { params: { a: true } }),
    error: TypeError,
    message: "Invalid variable type: value should be str, int or float, got True of type <class 'bool'>",
  },
  {
    call: "get(url, { params: 5 })",
    act: () => request("GET", U, { params: 5 }),
    error: TypeError,
    message: "params must be a mapping or (key, value) pairs, got 5",
  },
  {
    call: 'get(url, { params: [["a"]] })',
    act: () => request("GET", U, { params: [["a"]] }),
    error: TypeError,
    message: "params pairs must be (key, value) pairs, got ['a']",
  },
  {
    call: 'get(url, { headers: { X: "a\\nb" } })',
    act: () => request("GET", U, { headers: { X: "a\nb" } }),
    error: RangeError,
    message:
      "Newline or carriage return character detected in HTTP status message or header. This is a potential security issue.",
  },
  {
    call: 'get(url, { headers: { "X Y": "a" } })',
    act: () => request("GET", U, { headers: { "X Y": "a" } }),
    error: RangeError,
    message: "Invalid header name 'X Y': it must be an HTTP token",
  },
  {
    call: "get(url, { headers: { X: {} } })",
    act: () => request("GET", U, { headers: { X: {} } }),
    error: TypeError,
    message: "a multidict value must be a string or a number, got {} of type dict",
  },
  {
    call: "get(url, { maxRedirects: -1 })",
    act: () => request("GET", U, { maxRedirects: -1 }),
    error: RangeError,
    message: "maxRedirects must be a non-negative integer, got -1",
  },
  {
    call: 'get(url, { timeout: "5" })',
    act: () => request("GET", U, { timeout: "5" }),
    error: TypeError,
    message: "timeout must be a ClientTimeout or a number of seconds, got '5'",
  },
  {
    call: "get(url, { timeout: -1 })",
    act: () => request("GET", U, { timeout: -1 }),
    error: RangeError,
    message: "ClientTimeout total must not be negative, got -1",
  },
  {
    call: 'get(url, { auth: ["u", "p"] })',
    act: () => request("GET", U, { auth: ["u", "p"] }),
    error: TypeError,
    message: "BasicAuth() tuple is required instead",
  },
  {
    call: 'get(url, { signal: "x" })',
    act: () => request("GET", U, { signal: "x" }),
    error: TypeError,
    message: "signal must be an AbortSignal, got 'x'",
  },
  {
    call: "get(url, { cookies: 5 })",
    act: () => request("GET", U, { cookies: 5 }),
    error: TypeError,
    message: "cookies must be a mapping, (name, value) pairs or a SimpleCookie, got 5",
  },
  {
    call: "get(url) on a closed session",
    act: () =>
      run(
        (function* () {
          const s = new ClientSession();
          yield* s.close();
          return yield* s.get(U);
        })(),
      ),
    error: Error,
    message: "Session is closed",
  },
  // the response
  {
    call: "content.read(1.5)",
    act: () => withResponse((r) => r.content.read(1.5)),
    error: TypeError,
    message: "read() takes an integer, got 1.5",
  },
  {
    call: "content.readexactly(-1)",
    act: () => withResponse((r) => r.content.readexactly(-1)),
    error: RangeError,
    message: "readexactly size can not be less than zero, got -1",
  },
  {
    call: "content.iterChunked(0)",
    act: () => withResponse((r) => r.content.iterChunked(0)),
    error: RangeError,
    message: "iter_chunked needs a positive size, got 0",
  },
  {
    call: 'text("bogus-enc")',
    act: () => withResponse((r) => r.text("bogus-enc")),
    error: LookupError,
    message: "unknown encoding: bogus-enc",
  },
  {
    call: "json() of text/html",
    act: () => withResponse((r) => r.json()),
    error: ContentTypeError,
    message: CONTENT_TYPE,
  },
  // BasicAuth, FormData, multidicts, cookie jars
  {
    call: "new BasicAuth(null)",
    act: () => new BasicAuth(null as never),
    error: RangeError,
    message: "None is not allowed as login value",
  },
  {
    call: 'new BasicAuth("a:b", "c")',
    act: () => new BasicAuth("a:b", "c"),
    error: RangeError,
    message: 'A ":" is not allowed in login (RFC 1945#section-11.1)',
  },
  {
    call: 'BasicAuth.decode("Basic !!!")',
    act: () => BasicAuth.decode("Basic !!!"),
    error: RangeError,
    message: "Invalid base64 encoding.",
  },
  {
    call: 'new FormData().addField(1, "x")',
    act: () => new FormData().addField(1 as never, "x"),
    error: TypeError,
    message: "a form field's name must be a string, got 1",
  },
  {
    call: 'new FormData().addField("f", {})',
    act: () => new FormData().addField("f", {} as never),
    error: TypeError,
    message: "a form field's value must be a string, bytes or a file, got {} of type dict",
  },
  {
    call: 'addField("f", bytes, { filename: 1 })',
    act: () => new FormData().addField("f", Buffer.from("x"), { filename: 1 as never }),
    error: TypeError,
    message: "filename must be an instance of str. Got: 1",
  },
  {
    call: "new MultiDict(5)",
    act: () => new MultiDict(5 as never),
    error: TypeError,
    message: "a multidict is built from a mapping or (key, value) pairs, got 5",
  },
  {
    call: "new CIMultiDict([[1]])",
    act: () => new CIMultiDict([[1]] as never),
    error: TypeError,
    message: "a multidict is built from (key, value) pairs, got [1]",
  },
  {
    call: 'new CookieJar({ unsafe: "y" })',
    act: () => new CookieJar({ unsafe: "y" as never }),
    error: TypeError,
    message: "unsafe must be a boolean, got 'y'",
  },
];

badInputs("@aio/http", rows);
