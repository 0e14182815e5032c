/**
 * What the mutation run of src/web/file-response.ts found untested: the conditional requests
 * (If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range) and byte ranges of a
 * FileResponse, its `.gz` sibling, the media types, and the static handler's directory listing.
 * Each expectation is what aiohttp 3.8.4 (Debian's python3) answered to the same request for the
 * same files; where ours differs, the test says so.
 */
import { mkdirSync, mkdtempSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromPromise } from "@aio/task";
import { describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { rawRequest, serving } from "./servers.js";

const root = mkdtempSync(join(tmpdir(), "aio-file-response-"));
const file = join(root, "a.txt");
writeFileSync(file, "hello world");
writeFileSync(join(root, "a.txt.gz"), "GZ");
mkdirSync(join(root, "sub"));
writeFileSync(join(root, "sub", "b.md"), "x");
writeFileSync(join(root, "sub", "c&d.txt"), "y");
mkdirSync(join(root, "sub", "deeper"));
writeFileSync(join(root, "sub", "deeper", "z.txt"), "z");
writeFileSync(join(root, "empty.txt"), "");
writeFileSync(join(root, "b.txt"), "bb");
writeFileSync(join(root, "epoch.txt"), "old");
utimesSync(join(root, "epoch.txt"), 0, 0);
// Names made out of order, for the listing's sort (code points: upper case, "_", lower case).
mkdirSync(join(root, "order"));
for (const name of ["c", "\u{1F600}", "B", "a", "\uFF01", "_x", "A"])
  writeFileSync(join(root, "order", name), name);
const MTIME = Date.UTC(2020, 0, 2, 3, 4, 5) / 1000;
utimesSync(file, MTIME, MTIME);
const LAST_MODIFIED = "Thu, 02 Jan 2020 03:04:05 GMT";
const st = statSync(file, { bigint: true });
const ETAG = `"${st.mtimeNs.toString(16)}-${st.size.toString(16)}"`;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the /twice handler saw: an error its prepare() raised, the body length after. */
const handlerSaw: string[] = [];

/** The chunk size of each FileResponse a handler answered with, as a middleware sees it. */
const chunkSizes: number[] = [];

/** Sends each request raw (`[method, path, headers]`) to an app serving `root`; the answers. */
function ask(requests: [string, string, Record<string, string>][]): Promise<Answer[]> {
  const app = new web.Application({
    middlewares: [
      function* (request, handler) {
        const response = yield* handler(request);
        if (response instanceof web.FileResponse) chunkSizes.push(response.chunkSize);
        return response;
      },
    ],
  });
  app.router.addRoute("*", "/twice", function* (request) {
    const response = new web.FileResponse(file);
    try {
      yield* response.prepare(request);
      yield* response.prepare(request); // prepared: nothing more is sent
    } catch (err) {
      handlerSaw.push(`raised ${(err as Error).message}`);
    }
    handlerSaw.push(`bodyLength ${response.bodyLength}`);
    return response;
  });
  app.router.addGet("/b", function* () {
    return new web.FileResponse(join(root, "b.txt"));
  });
  app.router.addGet("/epoch", function* () {
    return new web.FileResponse(join(root, "epoch.txt"));
  });
  app.router.addStatic("/c", root, { chunkSize: 3 });
  app.router.addRoute("*", "/f", function* () {
    return new web.FileResponse(file);
  });
  app.router.addGet("/typed", function* () {
    return new web.FileResponse(file, { status: 201, headers: { "Content-Type": "x/y" } });
  });
  app.router.addGet("/chunk", function* () {
    return new web.FileResponse(file, { chunkSize: 2 });
  });
  app.router.addGet("/dir", function* () {
    return new web.FileResponse(join(root, "sub"));
  });
  app.router.addStatic("/s", root, { showIndex: true });
  app.router.addStatic("/n", root);
  return serving(app, function* (url) {
    const answers: Answer[] = [];
    for (const [method, path, headers] of requests) {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      const raw = yield* fromPromise(
        rawRequest(
          url,
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${lines.join("")}\r\n`,
        ),
      );
      const [head, ...rest] = raw.split("\r\n\r\n");
      const [statusLine, ...headerLines] = (head as string).split("\r\n");
      const h: Record<string, string> = {};
      for (const l of headerLines) h[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 2);
      let body = rest.join("\r\n\r\n");
      if (h["transfer-encoding"] === "chunked") body = body === "0\r\n\r\n" ? "" : body;
      answers.push({ status: Number((statusLine as string).split(" ")[1]), headers: h, body });
    }
    return answers;
  });
}

/** The headers of an answer that aiohttp's and ours are compared on. */
const pick = (a: Answer, ...names: string[]) => [
  a.status,
  Object.fromEntries(names.filter((n) => a.headers[n] !== undefined).map((n) => [n, a.headers[n]])),
  a.body,
];

describe("FileResponse: ranges", () => {
  it("one byte range: from-to, from-, a suffix (longer than the file too), past the end clipped; 416 with bytes */size for what cannot be served", async () => {
    const ranges = [
      "bytes=0-4",
      "bytes=6-",
      "bytes=-5",
      "bytes=-20",
      "bytes=10-",
      "bytes=0-100",
      "bytes=0-0",
      "bytes=-0",
      "bytes=0-",
      "bytes=4-3",
      "xbytes=0-1",
      "bytes=4-2",
      "bytes=20-",
      "bytes=11-",
      "bytes=0-1,3-4",
      "bytes=-",
      "items=0-1",
    ];
    const answers = await ask(ranges.map((r) => ["GET", "/f", { Range: r }]));
    const got = answers.map((a) => pick(a, "content-range", "content-length"));
    expect(got).toEqual([
      [206, { "content-range": "bytes 0-4/11", "content-length": "5" }, "hello"],
      [206, { "content-range": "bytes 6-10/11", "content-length": "5" }, "world"],
      [206, { "content-range": "bytes 6-10/11", "content-length": "5" }, "world"],
      [206, { "content-range": "bytes 0-10/11", "content-length": "11" }, "hello world"],
      [206, { "content-range": "bytes 10-10/11", "content-length": "1" }, "d"],
      [206, { "content-range": "bytes 0-10/11", "content-length": "11" }, "hello world"],
      [206, { "content-range": "bytes 0-0/11", "content-length": "1" }, "h"],
      [206, { "content-range": "bytes 0-10/11", "content-length": "11" }, "hello world"],
      [206, { "content-range": "bytes 0-10/11", "content-length": "11" }, "hello world"],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
      [416, { "content-range": "bytes */11" }, ""],
    ]);
    // As aiohttp: a 416 says nothing of the file's type or validators.
    for (const a of answers.filter((x) => x.status === 416)) {
      expect(a.headers["last-modified"]).toBeUndefined();
      expect(a.headers.etag).toBeUndefined();
    }
  });

  it("If-Range: a date older than the file sends it whole (200); the file's date, or one not a date, honours the range", async () => {
    const answers = await ask([
      ["GET", "/f", { "If-Range": "Thu, 02 Jan 2020 03:04:04 GMT", Range: "bytes=0-1" }],
      ["GET", "/f", { "If-Range": LAST_MODIFIED, Range: "bytes=0-1" }],
      ["GET", "/f", { "If-Range": "junk", Range: "bytes=0-1" }],
    ]);
    expect(answers.map((a) => pick(a, "content-range", "content-length"))).toEqual([
      [200, { "content-length": "11" }, "hello world"],
      [206, { "content-range": "bytes 0-1/11", "content-length": "2" }, "he"],
      [206, { "content-range": "bytes 0-1/11", "content-length": "2" }, "he"],
    ]);
  });
});

describe("FileResponse: conditional requests", () => {
  it("If-Match and If-Unmodified-Since: 412 (empty, Content-Length 0) unless the ETag matches (or *), or the file is not newer; If-Match wins; a date that is not one is ignored", async () => {
    const answers = await ask([
      ["GET", "/f", { "If-Match": ETAG }],
      ["GET", "/f", { "If-Match": '"nope"' }],
      ["GET", "/f", { "If-Match": "*" }],
      ["GET", "/f", { "If-Match": `"x", ${ETAG}` }],
      ["GET", "/f", { "If-Unmodified-Since": "Wed, 01 Jan 2020 00:00:00 GMT" }],
      ["GET", "/f", { "If-Unmodified-Since": LAST_MODIFIED }],
      ["GET", "/f", { "If-Unmodified-Since": "Thu, 02 Jan 2020 03:04:04 GMT" }],
      ["GET", "/f", { "If-Unmodified-Since": "garbage" }],
      ["GET", "/f", { "If-Match": ETAG, "If-Unmodified-Since": "Wed, 01 Jan 2020 00:00:00 GMT" }],
    ]);
    expect(answers.map((a) => [a.status, a.status === 412 ? a.headers["content-length"] : a.body])).toEqual([
      [200, "hello world"],
      [412, "0"],
      [200, "hello world"],
      [200, "hello world"],
      [412, "0"],
      [200, "hello world"],
      [412, "0"],
      [200, "hello world"],
      [200, "hello world"],
    ]);
    expect(answers[1]?.body).toBe("");
  });

  it("If-None-Match and If-Modified-Since: 304 with the ETag and Last-Modified when the ETag matches (or *), or the file is not newer; If-None-Match wins", async () => {
    const answers = await ask([
      ["GET", "/f", { "If-None-Match": ETAG }],
      ["GET", "/f", { "If-None-Match": "*" }],
      ["GET", "/f", { "If-None-Match": '"nope"' }],
      ["GET", "/f", { "If-None-Match": `"nope" , ${ETAG}` }],
      ["GET", "/f", { "If-Modified-Since": LAST_MODIFIED }],
      ["GET", "/f", { "If-Modified-Since": "Thu, 02 Jan 2020 03:04:04 GMT" }],
      ["GET", "/f", { "If-Modified-Since": "Thu, 02 Jan 2020 03:04:06 GMT" }],
      ["GET", "/f", { "If-Modified-Since": "junk" }],
      ["GET", "/f", { "If-None-Match": '"nope"', "If-Modified-Since": "Thu, 02 Jan 2030 03:04:06 GMT" }],
    ]);
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [304, ""],
      [304, ""],
      [200, "hello world"],
      [304, ""],
      [304, ""],
      [200, "hello world"],
      [304, ""],
      [200, "hello world"],
      [200, "hello world"],
    ]);
    expect(pick(answers[0] as Answer, "etag", "last-modified")).toEqual([
      304,
      { etag: ETAG, "last-modified": LAST_MODIFIED },
      "",
    ]);
  });
});

describe("FileResponse: what is sent", () => {
  it("a whole file: its type, Last-Modified, ETag, length, Accept-Ranges; HEAD the same without the body; a given status and type kept; chunkSize changes nothing seen", async () => {
    const answers = await ask([
      ["GET", "/f", {}],
      ["HEAD", "/f", {}],
      ["GET", "/typed", {}],
      ["GET", "/chunk", {}],
    ]);
    const names = [
      "content-type",
      "last-modified",
      "etag",
      "content-length",
      "accept-ranges",
      "content-encoding",
    ];
    const whole = {
      "content-type": "text/plain",
      "last-modified": LAST_MODIFIED,
      etag: ETAG,
      "content-length": "11",
      "accept-ranges": "bytes",
    };
    expect(answers.map((a) => pick(a, ...names))).toEqual([
      [200, whole, "hello world"],
      [200, whole, ""],
      [201, { ...whole, "content-type": "x/y" }, "hello world"],
      [200, whole, "hello world"],
    ]);
  });

  it("the .gz sibling for a client that takes gzip (Content-Encoding, Vary, the original's type), not for one that does not", async () => {
    const answers = await ask([
      ["GET", "/f", { "Accept-Encoding": "gzip, deflate" }],
      ["GET", "/f", { "Accept-Encoding": "deflate" }],
    ]);
    expect(answers.map((a) => pick(a, "content-type", "content-encoding", "vary", "content-length"))).toEqual(
      [
        [
          200,
          {
            "content-type": "text/plain",
            "content-encoding": "gzip",
            vary: "Accept-Encoding",
            "content-length": "2",
          },
          "GZ",
        ],
        [200, { "content-type": "text/plain", "content-length": "11" }, "hello world"],
      ],
    );
  });

  it("a FileResponse of a directory is a 404 (aiohttp 3.8.4 fails opening it and drops the connection)", async () => {
    const [a] = await ask([["GET", "/dir", {}]]);
    expect(a?.status).toBe(404);
  });

  it("guessType: Python's mimetypes for the common extensions, any case; application/octet-stream otherwise", () => {
    expect(
      [
        "a.html",
        "a.HTM",
        "a.css",
        "a.js",
        "a.mjs",
        "a.json",
        "a.txt",
        "a.md",
        "a.csv",
        "a.xml",
        "a.svg",
        "a.png",
      ].map(web.guessType),
    ).toEqual([
      "text/html",
      "text/html",
      "text/css",
      "text/javascript",
      "text/javascript",
      "application/json",
      "text/plain",
      "text/markdown",
      "text/csv",
      "application/xml",
      "image/svg+xml",
      "image/png",
    ]);
    expect(
      [
        "a.jpg",
        "a.jpeg",
        "a.gif",
        "a.webp",
        "a.ico",
        "a.pdf",
        "a.zip",
        "a.wasm",
        "a.woff",
        "a.woff2",
        "a.mp3",
      ].map(web.guessType),
    ).toEqual([
      "image/jpeg",
      "image/jpeg",
      "image/gif",
      "image/webp",
      "image/vnd.microsoft.icon",
      "application/pdf",
      "application/zip",
      "application/wasm",
      "font/woff",
      "font/woff2",
      "audio/mpeg",
    ]);
    expect(
      ["a.mp4", "a.webm", "a.unknown", "noext", "a.toString", "a.constructor"].map(web.guessType),
    ).toEqual([
      "video/mp4",
      "video/webm",
      "application/octet-stream",
      "application/octet-stream",
      "application/octet-stream",
      "application/octet-stream",
    ]);
    // Beyond Python's common ones: the mime-db's (issue 25: these were application/octet-stream).
    expect(["a.ts", "a.AVIF", "a.yaml", "a.map", "a.flac", "a.7z", "a.tar"].map(web.guessType)).toEqual([
      "video/mp2t",
      "image/avif",
      "text/yaml",
      "application/json",
      "audio/x-flac",
      "application/x-7z-compressed",
      "application/x-tar",
    ]);
  });

  it("a path that is not a string is refused", () => {
    expect(() => new web.FileResponse(5 as never)).toThrow(new TypeError("path must be a string, got 5"));
    expect(new web.FileResponse(file).chunkSize).toBe(256 * 1024);
    expect(new web.FileResponse(file, { chunkSize: 2 }).chunkSize).toBe(2);
  });
});

describe("static routes", () => {
  it("a directory: its listing with showIndex (a slash after directories, links under the prefix), 403 without; a missing file 404", async () => {
    const answers = await ask([
      ["GET", "/s/sub", {}],
      ["GET", "/s/sub/", {}],
      ["GET", "/n/sub", {}],
      ["GET", "/s/sub/b.md", {}],
      ["GET", "/s/nope", {}],
      ["GET", "/s/", {}],
    ]);
    const [sub, subSlash, forbidden, md, missing, top] = answers as Answer[];
    expect(sub.status).toBe(200);
    expect(sub.headers["content-type"]).toBe("text/html; charset=utf-8");
    // aiohttp 3.8.4 writes the names as they are (`c&d.txt`); ours escapes them (its later fix of CVE-2024-27306)
    expect(sub.body).toBe(
      '<html>\n<head>\n<title>Index of /sub</title>\n</head>\n<body>\n<h1>Index of /sub</h1>\n<ul>\n<li><a href="/s/sub/b.md">b.md</a></li>\n<li><a href="/s/sub/c&amp;d.txt">c&amp;d.txt</a></li>\n<li><a href="/s/sub/deeper">deeper/</a></li>\n</ul>\n</body>\n</html>',
    );
    expect(subSlash.body).toBe(sub.body);
    expect([forbidden.status, md.status, md.headers["content-type"], md.body, missing.status]).toEqual([
      403,
      200,
      "text/markdown",
      "x",
      404,
    ]);
    expect(top.status).toBe(200);
    expect(top.body).toContain(
      '<li><a href="/s/a.txt">a.txt</a></li>\n<li><a href="/s/a.txt.gz">a.txt.gz</a></li>\n<li><a href="/s/b.txt">b.txt</a></li>',
    );
  });
});

describe("FileResponse and static routes: more of what aiohttp 3.8.4 answers", () => {
  it("prepared twice (by its handler, then by the server): the file is sent once, nothing raised; bodyLength counts the head and the file (the head only for HEAD)", async () => {
    handlerSaw.length = 0;
    const [a, h] = await ask([
      ["GET", "/twice", {}],
      ["HEAD", "/twice", {}],
    ]);
    expect(pick(a as Answer, "content-length")).toEqual([200, { "content-length": "11" }, "hello world"]);
    expect(pick(h as Answer, "content-length")).toEqual([200, { "content-length": "11" }, ""]);
    // aiohttp 3.8.4's body_length counts the head too: GET's is HEAD's (the same head) and the 11
    // bytes of the file; nothing raised.
    expect(handlerSaw).toEqual([
      expect.stringMatching(/^bodyLength \d+$/),
      expect.stringMatching(/^bodyLength \d+$/),
    ]);
    const [get, head] = handlerSaw.map((x) => Number(x.split(" ")[1]));
    expect((get as number) - (head as number)).toBe(11);
    expect(head).toBeGreaterThan("HTTP/1.1 200 OK\r\n\r\n".length);
  });

  it("a file modified at the epoch (mtime 0) is sent whole to a request without conditions", async () => {
    const [a] = await ask([["GET", "/epoch", {}]]);
    expect(pick(a as Answer, "last-modified")).toEqual([
      200,
      { "last-modified": "Thu, 01 Jan 1970 00:00:00 GMT" },
      "old",
    ]);
  });

  it("an empty file: 200, Content-Length 0, no body, for GET and HEAD", async () => {
    const answers = await ask([
      ["GET", "/s/empty.txt", {}],
      ["HEAD", "/s/empty.txt", {}],
    ]);
    expect(answers.map((a) => pick(a, "content-type", "content-length", "accept-ranges"))).toEqual([
      [200, { "content-type": "text/plain", "content-length": "0", "accept-ranges": "bytes" }, ""],
      [200, { "content-type": "text/plain", "content-length": "0", "accept-ranges": "bytes" }, ""],
    ]);
  });

  it("gzip taken but no .gz sibling: the file itself; a static file's sibling (inside the directory) is served", async () => {
    const answers = await ask([
      ["GET", "/s/b.txt", { "Accept-Encoding": "gzip" }],
      ["GET", "/b", { "Accept-Encoding": "gzip" }],
      ["GET", "/s/a.txt", { "Accept-Encoding": "gzip" }],
    ]);
    expect(answers.map((a) => pick(a, "content-encoding", "content-length"))).toEqual([
      [200, { "content-length": "2" }, "bb"],
      [200, { "content-length": "2" }, "bb"],
      [200, { "content-encoding": "gzip", "content-length": "2" }, "GZ"],
    ]);
  });

  it("a static route's chunkSize is its FileResponses' (256 KiB unless given)", async () => {
    chunkSizes.length = 0;
    await ask([
      ["GET", "/c/b.txt", {}],
      ["GET", "/s/b.txt", {}],
    ]);
    expect(chunkSizes).toEqual([3, 256 * 1024]);
  });

  it("listings: the root is 'Index of /.' (as aiohttp 3.8.4), a nested directory its path; names sorted by code point", async () => {
    const [top, deeper, order] = await ask([
      ["GET", "/s/", {}],
      ["GET", "/s/sub/deeper", {}],
      ["GET", "/s/order", {}],
    ]);
    expect(top?.body).toMatch(
      /^<html>\n<head>\n<title>Index of \/\.<\/title>\n<\/head>\n<body>\n<h1>Index of \/\.<\/h1>\n/,
    );
    expect(deeper?.body).toBe(
      '<html>\n<head>\n<title>Index of /sub/deeper</title>\n</head>\n<body>\n<h1>Index of /sub/deeper</h1>\n<ul>\n<li><a href="/s/sub/deeper/z.txt">z.txt</a></li>\n</ul>\n</body>\n</html>',
    );
    const names = [...(order?.body ?? "").matchAll(/">([^<]*)<\/a>/g)].map((m) =>
      Buffer.from(m[1] as string, "latin1").toString(),
    ); // the raw answer is read as Latin-1
    // U+FF01 before U+1F600, as Python's sorted() (JavaScript's `<` puts the emoji's surrogates first)
    expect(names).toEqual(["A", "B", "_x", "a", "c", "\uFF01", "\u{1F600}"]);
  });

  it("a symlink to a sibling directory whose name starts with the root's is outside it: 404 unless following symlinks", async () => {
    const base = mkdtempSync(join(tmpdir(), "aio-file-prefix-"));
    mkdirSync(join(base, "s"));
    mkdirSync(join(base, "s2"));
    writeFileSync(join(base, "s2", "secret.txt"), "secret");
    symlinkSync(join(base, "s2", "secret.txt"), join(base, "s", "link.txt"));
    const app = new web.Application();
    app.router.addStatic("/s", join(base, "s"));
    app.router.addStatic("/f", join(base, "s"), { followSymlinks: true });
    const got = await serving(app, function* (url) {
      const out: [number, string][] = [];
      for (const path of ["/s/link.txt", "/f/link.txt"]) {
        const r = yield* fromPromise(
          rawRequest(url, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        out.push([Number(r.split(" ")[1]), r.slice(r.indexOf("\r\n\r\n") + 4)]);
      }
      return out;
    });
    expect(got).toEqual([
      [404, "404: Not Found"],
      [200, "secret"],
    ]);
  });
});
