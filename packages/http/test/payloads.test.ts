/**
 * Streamed payloads (issue 25): files, Blobs and async iterables as request bodies, form fields,
 * multipart parts and response bodies; `getPayload` and `JsonPayload` as aiohttp's payloads.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CancelledError } from "@aio/future";
import { type Coro, fromPromise, sleep, using } from "@aio/task";
import { afterAll, describe, expect, it } from "vitest";
import { FormData, getPayload, JsonPayload, MultipartWriter, streamer, web } from "../src/index.js";
import { inLoop, serving } from "./servers.js";

const dir = mkdtempSync(join(tmpdir(), "aio-payloads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "report.csv");
writeFileSync(file, "a,b\n1,2\n3,4\n");

/** An app whose POST /echo answers what it got: headers and body. */
function echoApp(): web.Application {
  const app = new web.Application();
  app.router.addPost("/echo", function* (request: web.Request): Coro<web.StreamResponse> {
    const body = yield* request.read();
    return web.jsonResponse({
      type: request.headers.get("Content-Type") ?? null,
      length: request.headers.get("Content-Length") ?? null,
      chunked: request.headers.get("Transfer-Encoding") ?? null,
      disposition: request.headers.get("Content-Disposition") ?? null,
      body: body.toString("latin1"),
    });
  });
  return app;
}

interface Echo {
  type: string | null;
  length: string | null;
  chunked: string | null;
  disposition: string | null;
  body: string;
}

function post(data: unknown, extra: Record<string, unknown> = {}): Promise<Echo> {
  return serving(echoApp(), function* (url, s) {
    return (yield* using(s.post(`${url}/echo`, { data: data as never, ...extra }), (r) => r.json())) as Echo;
  });
}

describe("request bodies that stream", () => {
  it("a Blob goes with its size and type; a File too, an empty type is bytes", async () => {
    expect(await post(new Blob(["hello"], { type: "text/x-greeting" }))).toEqual({
      type: "text/x-greeting",
      length: "5",
      chunked: null,
      disposition: null,
      body: "hello",
    });
    const bytes = await post(new Blob([new Uint8Array([1, 2, 3])]));
    expect([bytes.type, bytes.length, bytes.body]).toEqual(["application/octet-stream", "3", "\x01\x02\x03"]);
  });

  it("a file's ReadStream: its name's type and its size (its start/end range), not chunked", async () => {
    const whole = await post(createReadStream(file));
    expect(whole).toEqual({
      type: "text/csv",
      length: "12",
      chunked: null,
      disposition: null,
      body: "a,b\n1,2\n3,4\n",
    });
    const range = await post(createReadStream(file, { start: 4, end: 6 }));
    expect([range.length, range.body]).toEqual(["3", "1,2"]);
    // chunked on request: no Content-Length
    const chunked = await post(createReadStream(file), { chunked: true });
    expect([chunked.length, chunked.chunked, chunked.body]).toEqual([null, "chunked", "a,b\n1,2\n3,4\n"]);
  });

  it("an async generator without a name: bytes, chunked; a chunk that is no bytes is a TypeError", async () => {
    const got = await post(
      (async function* () {
        yield "x";
        yield Buffer.from("y");
      })(),
    );
    expect([got.type, got.length, got.chunked, got.body]).toEqual([
      "application/octet-stream",
      null,
      "chunked",
      "xy",
    ]);
    const err = await serving(echoApp(), function* (url, s) {
      try {
        yield* using(
          s.post(`${url}/echo`, {
            data: (async function* () {
              yield 42 as never;
            })(),
          }),
          (r) => r.read(),
        );
      } catch (e) {
        return e as Error;
      }
      return null;
    });
    expect(String(err)).toContain("a streamed body yields bytes or strings, got 42 of type int");
  });

  it("getPayload(file, { disposition }) sends the file with its Content-Disposition; headers of the request win", async () => {
    const inline = await post(getPayload(createReadStream(file), { disposition: "inline" }));
    expect([inline.type, inline.length, inline.disposition, inline.body]).toEqual([
      "text/csv",
      "12",
      'inline; filename="report.csv"',
      "a,b\n1,2\n3,4\n",
    ]);
    const text = await post(getPayload("текст", { encoding: "koi8-r", filename: "t.txt" }), {
      headers: { "Content-Type": "text/plain; charset=koi8-r; x=1" },
    });
    expect([text.type, text.disposition, Buffer.from(text.body, "latin1").toString("hex")]).toEqual([
      "text/plain; charset=koi8-r; x=1",
      'attachment; filename="t.txt"',
      "d4c5cbd3d4",
    ]);
    expect(() => getPayload("x", { disposal: "inline" } as never)).toThrow(
      new TypeError("get_payload() got an unexpected keyword argument 'disposal'"),
    );
    expect(() => getPayload(42 as never)).toThrow(new TypeError("Cannot create payload from 42 of type int"));
  });

  it("JsonPayload: dumps, encoding and type; as a request's data", async () => {
    const got = await post(new JsonPayload({ a: "é" }, { dumps: (v) => `${JSON.stringify(v)} ` }));
    expect([got.type, got.length, Buffer.from(got.body, "latin1").toString("utf8")]).toEqual([
      "application/json",
      "11",
      '{"a":"é"} ',
    ]);
    expect(() => new JsonPayload({}, { indent: 2 } as never)).toThrow(
      new TypeError("JsonPayload() got an unexpected keyword argument 'indent'"),
    );
    expect(() => new JsonPayload(undefined)).toThrow(TypeError);
  });
});

describe("forms and multipart writers with streamed parts", () => {
  it("a FormData field from a ReadStream, a File and a list of files: named by their files, typed by their names", async () => {
    const app = new web.Application();
    app.router.addPost("/", function* (request: web.Request): Coro<web.StreamResponse> {
      const form = yield* request.post();
      const files = [...form.files.values()]
        .flat()
        .map((f) => `${f.name}:${f.filename}:${f.contentType}:${f.file.toString()}`);
      return web.jsonResponse({ fields: [...form.entries()], files });
    });
    const got = (await serving(app, function* (url, s) {
      const form = new FormData();
      form.addField("report", createReadStream(file));
      form.addField("note", new File(["hi"], "note.md"));
      form.addField("plain", "value");
      return yield* using(s.post(url, { data: form }), (r) => r.json());
    })) as { fields: [string, string][]; files: string[] };
    expect(got.fields).toEqual([
      ["report", "report.csv"],
      ["note", "note.md"],
      ["plain", "value"],
    ]);
    expect(got.files).toEqual([
      "report:report.csv:text/csv:a,b\n1,2\n3,4\n",
      "note:note.md:text/markdown:hi",
    ]);
    // a list of files: each field named by its file, "unknown" without a name
    const listed = (await serving(app, function* (url, s) {
      return yield* using(s.post(url, { data: [createReadStream(file), new Blob(["z"])] }), (r) => r.json());
    })) as { files: string[] };
    expect(listed.files).toEqual([
      "report.csv:report.csv:text/csv:a,b\n1,2\n3,4\n",
      "unknown:unknown:application/octet-stream:z",
    ]);
  });

  it("a writer with a streamed part: encode() refuses it, chunks() and write() give the bytes a held part gives", async () => {
    const held = new MultipartWriter("mixed", "B");
    held.append(Buffer.from("abcdef"));
    const streamed = new MultipartWriter("mixed", "B");
    streamed.append(new Blob(["abc", "def"]));
    expect(streamed.streams).toBe(true);
    expect(held.streams).toBe(false);
    expect(streamed.size).toBe(held.size);
    expect(() => streamed.encode()).toThrow(
      new TypeError(
        "a part of this MultipartWriter streams its body: write it with chunks() or write(), or send it as a request's data",
      ),
    );
    const chunks: Buffer[] = [];
    for await (const c of streamed.chunks()) chunks.push(c);
    expect(Buffer.concat(chunks)).toEqual(held.encode());
    // nested: the outer writer streams too; closeBoundary: false leaves the last boundary out
    const outer = new MultipartWriter("mixed", "O");
    outer.append(streamed);
    expect(outer.streams).toBe(true);
    const written: Buffer[] = [];
    await inLoop(() =>
      outer.write({ write: async (c: Buffer) => void written.push(c) }, { closeBoundary: false }),
    );
    const text = Buffer.concat(written).toString();
    expect(text.startsWith("--O\r\nContent-Type: multipart/mixed; boundary=B\r\n")).toBe(true);
    expect(text).toContain(held.encode().toString());
    expect(text.endsWith("--O--\r\n")).toBe(false);
    // a gzip-encoded streamed part is read whole, then encoded
    const gz = new MultipartWriter("mixed", "G");
    gz.append(
      (async function* () {
        yield "zipped ";
        yield "text";
      })(),
      { "Content-Encoding": "gzip" },
    );
    const heldGz = new MultipartWriter("mixed", "G");
    heldGz.append(Buffer.from("zipped text"), { "Content-Encoding": "gzip" });
    const out: Buffer[] = [];
    for await (const c of gz.chunks()) out.push(c);
    const { gunzipSync } = await import("node:zlib");
    const body = Buffer.concat(out);
    const start = body.indexOf("\r\n\r\n") + 4;
    expect(gunzipSync(body.subarray(start, body.lastIndexOf("\r\n--G--"))).toString()).toBe("zipped text");
    expect(body.subarray(0, start)).toEqual(heldGz.encode().subarray(0, start));
  });
});

describe("response bodies", () => {
  it("a Blob, a payload with its headers, a JsonPayload", async () => {
    const app = new web.Application();
    app.router.addGet("/blob", () =>
      toCoro(new web.Response({ body: new Blob(["blob!"], { type: "text/x-b" }) })),
    );
    app.router.addGet("/file", () =>
      toCoro(
        new web.Response({
          body: getPayload(createReadStream(file), { disposition: "inline" }),
          headers: { "Content-Type": "text/x-mine" },
        }),
      ),
    );
    app.router.addGet("/json", () => toCoro(new web.Response({ body: new JsonPayload([1, "two"]) })));
    const got = await serving(app, function* (url, s) {
      const out: string[] = [];
      for (const path of ["/blob", "/file", "/json"]) {
        out.push(
          yield* using(s.get(`${url}${path}`), function* (r) {
            const h = r.headers;
            return [
              h.get("Content-Type"),
              h.get("Content-Length"),
              h.get("Content-Disposition") ?? "-",
              yield* r.text(),
            ].join("|");
          }),
        );
      }
      return out;
    });
    expect(got).toEqual([
      "text/x-b|5|-|blob!",
      'text/x-mine|12|inline; filename="report.csv"|a,b\n1,2\n3,4\n',
      'application/json|9|-|[1,"two"]',
    ]);
  });
});

function* toCoro<T>(value: T): Coro<T> {
  return value;
}

describe("MultipartWriter.write", () => {
  it("awaits what the sink's write returns (a Promise), in order", async () => {
    const w = new MultipartWriter("mixed", "W");
    w.append("one");
    w.append(new Blob(["two"]));
    const seen: string[] = [];
    await inLoop(() =>
      w.write({
        write: (c: Buffer) =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              seen.push(c.toString());
              resolve();
            }, 1),
          ),
      }),
    );
    expect(seen.join("")).toBe(
      "--W\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n\r\none\r\n" +
        "--W\r\nContent-Type: application/octet-stream\r\nContent-Length: 3\r\n\r\ntwo\r\n--W--\r\n",
    );
  });
});

describe("streamer (aiohttp's deprecated @streamer)", () => {
  it("warns once, is sent chunked, and each write waits until its chunk is taken", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const log: string[] = [];
    let sender: ReturnType<typeof streamer<[string, number]>>;
    try {
      sender = streamer(function* (writer, word: string, times: number) {
        for (let i = 0; i < times; i++) {
          log.push(`write ${i}`);
          yield* writer.write(i % 2 === 0 ? `${word}${i};` : Buffer.from(`${word}${i};`));
          log.push(`taken ${i}`);
        }
      });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.includes("streamer"))).toEqual([
      "DeprecationWarning: @streamer is deprecated, use async generators instead",
    ]);
    const echo = await post(sender("w", 3));
    expect([echo.type, echo.length, echo.chunked, echo.body]).toEqual([
      "application/octet-stream",
      null,
      "chunked",
      "w0;w1;w2;",
    ]);
    // no write runs ahead of the reader: each is taken before the next starts
    expect(log).toEqual(["write 0", "taken 0", "write 1", "taken 1", "write 2", "taken 2"]);
  });

  it("passed without its arguments it is the body of a call with none; a response body too", async () => {
    const hello = streamer(function* (writer) {
      yield* writer.write("hello ");
      yield* writer.drain();
      yield* writer.write(new Uint8Array([0x77, 0x6f, 0x72, 0x6c, 0x64]));
    });
    expect((await post(hello)).body).toBe("hello world");
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.Response({ body: hello });
    });
    const got = await serving(app, function* (url, s) {
      return yield* using(s.get(`${url}/`), (r) => r.text());
    });
    expect(got).toBe("hello world");
  });

  it("a failing writer fails the request; a write of neither bytes nor text is a TypeError naming it", async () => {
    const failing = streamer(function* (writer) {
      yield* writer.write("part");
      throw new Error("disk on fire");
    });
    await expect(post(failing)).rejects.toThrow(/disk on fire/);
    const wrong = streamer(function* (writer) {
      yield* writer.write(42 as never);
    });
    await expect(post(wrong)).rejects.toThrow("writer.write() takes bytes or a string, got 42 of type int");
    expect(() => streamer("nope" as never)).toThrow("streamer() needs a coroutine function, got 'nope'");
  });

  it("a reader that stops early cancels the writer", async () => {
    let cancelled = false;
    const endless = streamer(function* (writer) {
      try {
        for (;;) yield* writer.write("x".repeat(1024));
      } catch (err) {
        cancelled = err instanceof CancelledError;
        throw err;
      }
    });
    await inLoop(function* () {
      const it = endless[Symbol.asyncIterator]();
      yield* fromPromise(it.next());
      yield* fromPromise(Promise.resolve(it.return?.(undefined)));
      yield* sleep(0);
    });
    expect(cancelled).toBe(true);
  });
});

describe("chunked given as a chunk size (deprecated in aiohttp 3.8)", () => {
  it("warns once and sends chunked; 0 is not chunked; another type is a TypeError", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    let sized: Echo;
    let zero: Echo;
    try {
      sized = await post("abc", { chunked: 1024 });
      zero = await post("abc", { chunked: 0 });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect([sized.chunked, sized.length, sized.body]).toEqual(["chunked", null, "abc"]);
    expect([zero.chunked, zero.length, zero.body]).toEqual([null, "3", "abc"]);
    // (other tests' warnings, emitted on a later tick, may land in this window: only these count)
    expect(warnings.filter((w) => w.includes("Chunk size"))).toEqual([
      "DeprecationWarning: Chunk size is deprecated #1615",
      "DeprecationWarning: Chunk size is deprecated #1615",
    ]);
    await expect(post("abc", { chunked: "yes" })).rejects.toThrow(
      new TypeError("chunked must be a boolean, got 'yes'"),
    );
  });
});
