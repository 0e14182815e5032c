import { request as httpRequest } from "node:http";
import {
  brotliDecompressSync,
  deflateRawSync,
  deflateSync,
  gunzipSync,
  gzipSync,
  inflateSync,
} from "node:zlib";
import { fromPromise, using } from "@aio/task";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSession, type RequestOptions, web } from "../src/index.js";
import { catching, inLoop, pythonFixture, rawRequest, servingIn } from "./servers.js";

function ourApp(): web.Application {
  const app = new web.Application();
  app.router.addGet("/text", function* () {
    const resp = new web.Response({ text: "hello ".repeat(100) });
    resp.enableCompression();
    return resp;
  });
  app.router.addGet("/force-gzip", function* () {
    const resp = new web.Response({ text: "forced ".repeat(50) });
    resp.enableCompression(web.ContentCoding.gzip);
    return resp;
  });
  app.router.addGet("/stream", function* (request) {
    const resp = new web.StreamResponse();
    resp.enableCompression();
    yield* resp.prepare(request);
    for (let i = 0; i < 3; i++) yield* resp.write(`piece ${i} `.repeat(40));
    yield* resp.writeEof();
    return resp;
  });
  app.router.addGet("/chunked", function* () {
    const resp = new web.Response({ text: "abc" });
    resp.enableChunkedEncoding();
    return resp;
  });
  app.router.addPost("/echo", function* (request) {
    try {
      const got = `${request.headers.get("Content-Encoding") ?? "-"} ${request.headers.get("Transfer-Encoding") ?? "-"}`;
      return new web.Response({ body: yield* request.read(), headers: { "X-Got": got } });
    } catch (err) {
      if (!(err instanceof web.RequestPayloadError)) throw err;
      return new web.Response({ status: 400, text: `RequestPayloadError: ${err.message}` });
    }
  });
  return app;
}

interface Ask {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** One raw request: what came back, the body decompressed by its Content-Encoding. */
function ask(base: string, a: Ask): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${a.path}`,
      { method: a.method, headers: a.headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(parts);
          const ce = res.headers["content-encoding"];
          const body =
            raw.length === 0
              ? raw
              : ce === "gzip"
                ? gunzipSync(raw)
                : ce === "deflate"
                  ? inflateSync(raw)
                  : ce === "br"
                    ? brotliDecompressSync(raw)
                    : raw;
          resolve(
            [
              res.statusCode,
              `CE=${ce ?? "-"}`,
              `CL=${res.headers["content-length"] === undefined ? "no" : raw.length === Number(res.headers["content-length"]) ? "exact" : "WRONG"}`,
              `TE=${res.headers["transfer-encoding"] ?? "-"}`,
              body.toString("latin1"),
            ].join(" "),
          );
        });
      },
    );
    req.on("error", reject);
    req.end(a.body);
  });
}

const text = Buffer.from("compressed request body ".repeat(20));
const ASKS: Ask[] = [
  { method: "GET", path: "/text", headers: { "Accept-Encoding": "gzip, deflate" } },
  { method: "GET", path: "/text", headers: { "Accept-Encoding": "gzip" } },
  { method: "GET", path: "/text", headers: { "Accept-Encoding": "identity" } },
  { method: "GET", path: "/text", headers: {} },
  { method: "GET", path: "/force-gzip", headers: {} },
  { method: "GET", path: "/stream", headers: { "Accept-Encoding": "deflate" } },
  { method: "GET", path: "/stream", headers: { "Accept-Encoding": "gzip" } },
  { method: "GET", path: "/stream", headers: {} },
  { method: "GET", path: "/chunked", headers: {} },
  { method: "POST", path: "/echo", headers: { "Content-Encoding": "gzip" }, body: gzipSync(text) },
  { method: "POST", path: "/echo", headers: { "Content-Encoding": "deflate" }, body: deflateSync(text) },
  { method: "POST", path: "/echo", headers: { "Content-Encoding": "deflate" }, body: deflateRawSync(text) },
  { method: "POST", path: "/echo", headers: { "Content-Encoding": "identity" }, body: text },
  {
    method: "POST",
    path: "/echo",
    headers: { "Content-Encoding": "gzip" },
    body: Buffer.concat([gzipSync(text).subarray(0, 10), Buffer.from("not gzip at all")]),
  },
];

async function askAll(base: string): Promise<string[]> {
  const out: string[] = [];
  for (const a of ASKS) out.push(await ask(base, a));
  return out;
}

let pyServer: Awaited<ReturnType<typeof pythonFixture>>;
let reference: string[] = [];
let pyBase = "";
beforeAll(async () => {
  pyServer = await pythonFixture("aiohttp_compression_server.py");
  pyBase = pyServer.url;
  reference = await askAll(pyBase);
}, 30000);
afterAll(() => pyServer.stop());

describe("compression against aiohttp 3.8's server", () => {
  it("the reference: deflate first, gzip, identity; a streamed body chunked; request bodies decompressed", () => {
    expect(reference.map((r) => r.slice(0, 40))).toEqual([
      "200 CE=deflate CL=exact TE=- hello hello",
      "200 CE=gzip CL=exact TE=- hello hello he",
      "200 CE=- CL=exact TE=- hello hello hello",
      "200 CE=- CL=exact TE=- hello hello hello",
      "200 CE=gzip CL=exact TE=- forced forced ",
      "200 CE=deflate CL=no TE=chunked piece 0 ",
      "200 CE=gzip CL=no TE=chunked piece 0 pie",
      "200 CE=- CL=no TE=chunked piece 0 piece ",
      "200 CE=- CL=no TE=chunked abc",
      "200 CE=- CL=exact TE=- compressed reques",
      "200 CE=- CL=exact TE=- compressed reques",
      "200 CE=- CL=exact TE=- compressed reques",
      "200 CE=- CL=exact TE=- compressed reques",
      "400 CE=- CL=exact TE=- RequestPayloadErr",
    ]);
  });

  it("our server answers the same", async () => {
    const ours = await inLoop(function* () {
      return yield* servingIn(ourApp(), function* (url) {
        return yield* fromPromise(askAll(url));
      });
    });
    expect(ours).toEqual(reference);
  }, 30000);
});

describe("compression: beyond aiohttp 3.8, and refusals", () => {
  it("a client that takes only br gets brotli (aiohttp 3.8 has no br coding); HEAD gets no body", async () => {
    const got = await inLoop(function* () {
      return yield* servingIn(ourApp(), function* (url) {
        return yield* fromPromise(
          Promise.all([
            ask(url, { method: "GET", path: "/text", headers: { "Accept-Encoding": "br" } }),
            ask(url, { method: "GET", path: "/stream", headers: { "Accept-Encoding": "br" } }),
            ask(url, { method: "HEAD", path: "/stream", headers: { "Accept-Encoding": "gzip" } }),
          ]),
        );
      });
    });
    expect(got[0]).toBe(`200 CE=br CL=exact TE=- ${"hello ".repeat(100)}`);
    expect(got[1]).toBe(
      `200 CE=br CL=no TE=chunked ${[0, 1, 2].map((i) => `piece ${i} `.repeat(40)).join("")}`,
    );
    expect(got[2]).toBe("200 CE=gzip CL=no TE=- ");
  });

  it("enableCompression takes a ContentCoding; chunked encoding and a Content-Length exclude each other", () => {
    const resp = new web.StreamResponse();
    expect(resp.compression).toBe(false);
    expect(() => resp.enableCompression("zip" as never)).toThrow(
      new TypeError("force should one of None, bool or ContentEncoding, got 'zip'"),
    );
    resp.enableCompression(web.ContentCoding.deflate);
    expect(resp.compression).toBe(true);
    resp.contentLength = 10;
    expect(resp.headers.get("Content-Length")).toBe("10");
    expect(() => resp.enableChunkedEncoding()).toThrow(
      new Error("You can't enable chunked encoding when a content length is set"),
    );
    expect(resp.chunked).toBe(true); // as aiohttp: set before the check
    expect(() => {
      resp.contentLength = 5;
    }).toThrow(new Error("You can't set content length when chunked encoding is enable"));
    resp.contentLength = null;
    expect(resp.headers.has("Content-Length")).toBe(false);
    expect(() => {
      resp.contentLength = -1;
    }).toThrow(RangeError);
  });

  it("chunked encoding for an HTTP/1.0 request is refused at prepare()", async () => {
    const app = new web.Application();
    let error = "";
    app.router.addGet("/", function* (request) {
      const resp = new web.StreamResponse();
      resp.enableChunkedEncoding();
      try {
        yield* resp.prepare(request);
      } catch (err) {
        error = (err as Error).message;
      }
      return new web.Response({ text: "fallback" });
    });
    await inLoop(function* () {
      return yield* servingIn(app, function* (url) {
        yield* fromPromise(rawRequest(url, "GET / HTTP/1.0\r\nHost: x\r\n\r\n"));
      });
    });
    expect(error).toBe("Using chunked encoding is forbidden for HTTP/1.0");
  });
});

describe("the client's compress and chunked options", () => {
  it("compress (deflate, gzip, true) and chunked bodies reach aiohttp's server and ours whole", async () => {
    const body = "compress me ".repeat(50);
    const run = (base: string) =>
      using(new ClientSession(), function* (s) {
        const out: string[] = [];
        for (const options of [
          { compress: "gzip" as const },
          { compress: "deflate" as const },
          { compress: true },
          { chunked: true },
          {
            compress: "gzip" as const,
            data: (async function* () {
              yield "compress ";
              yield "me ".repeat(100);
            })(),
          },
        ]) {
          out.push(
            yield* using(s.post(`${base}/echo`, { data: body, ...options }), function* (r) {
              return `${r.headers.get("X-Got")} ${(yield* r.text()).slice(0, 30)}`;
            }),
          );
        }
        return out;
      });
    const expected = [
      "gzip chunked compress me compress me compre",
      "deflate chunked compress me compress me compre",
      "deflate chunked compress me compress me compre",
      "- chunked compress me compress me compre",
      "gzip chunked compress me me me me me me me ",
    ];
    expect(await inLoop(() => run(pyBase))).toEqual(expected);
    const ours = await inLoop(function* () {
      return yield* servingIn(ourApp(), function* (url) {
        return yield* run(url);
      });
    });
    expect(ours).toEqual(expected);
  });

  it("compress with a Content-Encoding header, chunked with a Content-Length: aiohttp's ValueErrors", async () => {
    const errors = await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const out: string[] = [];
        const cases: RequestOptions[] = [
          { compress: true, headers: { "Content-Encoding": "br" } },
          { chunked: true, headers: { "Content-Length": "3" } },
          { chunked: true, headers: { "Transfer-Encoding": "chunked" } },
          { compress: "zip" as never },
        ];
        for (const options of cases) {
          const err = yield* catching(s.post(`${pyBase}/echo`, { data: "abc", ...options }));
          out.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
        return out;
      }),
    );
    expect(errors).toEqual([
      "RangeError: compress can not be set if Content-Encoding header is set",
      "RangeError: chunked can not be set if Content-Length header is set",
      'RangeError: chunked can not be set if "Transfer-Encoding: chunked" header is set',
      'RangeError: compress must be "deflate", "gzip" or a boolean, got \'zip\'',
    ]);
  });
});
