/**
 * Multipart against aiohttp 3.8 (Debian's python3-aiohttp), both ways: the same bodies — a
 * koi8-r FormData with files, and a mixed body with text, JSON, a urlencoded form, base64,
 * gzip, quoted-printable and a nested multipart/related — sent by aiohttp's client to aiohttp's
 * server give the reference description; our client and/or our server in their place must give
 * the same, byte for byte.
 */
import { execFile } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { repr } from "@aio/loop";
import { type Coro, fromPromise, using } from "@aio/task";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BodyPartReader,
  ClientSession,
  FormData,
  MultipartReader,
  MultipartWriter,
  web,
} from "../src/index.js";
import { inLoop, pythonFixture, servingIn } from "./servers.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const PYTHON = "/usr/bin/python3";
const SCRIPT = join(fixtures, "aiohttp_multipart.py");

/** Python's `json.dumps` (its separators, ASCII only) for the values used here. */
function pyDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyDumps(k)}: ${pyDumps(x)}`)
      .join(", ")}}`;
  }
  if (typeof v === "string") {
    return JSON.stringify(v).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return JSON.stringify(v);
}

/** Our version of the fixture's `bodies()`. */
function bodies(): [FormData, MultipartWriter] {
  const fd = new FormData(undefined, { charset: "koi8-r" });
  fd.addField("greeting", "Привет, мир");
  fd.addField("plain", "a&b=c d");
  fd.addField("file", Buffer.from("\x00\x01binary", "latin1"), {
    filename: "данные.bin",
    contentType: "application/x-thing",
  });
  fd.addField("upload", Buffer.from("second file"), { filename: "b.txt" });
  const mp = new MultipartWriter("mixed", "outer-boundary-1234");
  mp.append("plain text");
  mp.appendJson({ a: [1, "ü"] }, undefined, { dumps: pyDumps });
  mp.appendForm([
    ["x", "1 2"],
    ["y", "ü"],
  ]);
  mp.append(Buffer.from([0x00, 0xff, 0x72, 0x61, 0x77]), { "Content-Transfer-Encoding": "base64" });
  mp.append("gzipped text", { "Content-Encoding": "gzip" });
  mp.append("qp = é\n", { "Content-Transfer-Encoding": "quoted-printable" });
  const inner = new MultipartWriter("related", "inner-boundary-5678");
  inner.append("inner part");
  inner.append(Buffer.from("attached")).setContentDisposition("attachment", { filename: "notes.txt" });
  mp.append(inner);
  return [fd, mp];
}

function* describeReader(reader: MultipartReader, out: string[], depth = 0): Coro<void> {
  const pad = "  ".repeat(depth);
  for (let part = yield* reader.next(); part !== null; part = yield* reader.next()) {
    if (part instanceof MultipartReader) {
      out.push(`${pad}nested ${(part.headers.get("Content-Type") ?? "").split(";")[0]}`);
      yield* describeReader(part, out, depth + 1);
      continue;
    }
    const body = yield* part.read({ decode: true });
    out.push(
      `${pad}part name=${part.name ?? "None"} filename=${part.filename ?? "None"} ` +
        `type=${part.headers.get("Content-Type") ?? "None"} charset=${part.getCharset("none")} ${body.toString("hex")}`,
    );
  }
}

/** Our server: the fixture's two handlers. */
function ourApp(): web.Application {
  const app = new web.Application();
  app.router.addPost("/form", function* (request) {
    const form = yield* request.post();
    const seen = new Map<string, number>();
    const lines = [...form].map(([k, v]) => {
      const files = form.files.get(k);
      if (files === undefined) return `${k}=${repr(v)}`;
      const i = seen.get(k) ?? 0;
      seen.set(k, i + 1);
      const f = files[i] as web.FileField;
      return `${k}=file:${f.filename}:${f.contentType}:${f.file.toString("hex")}`;
    });
    return new web.Response({ text: lines.join("\n") });
  });
  app.router.addPost("/mixed", function* (request) {
    const out: string[] = [];
    yield* describeReader(yield* request.multipart(), out);
    return new web.Response({ text: out.join("\n") });
  });
  return app;
}

function* ourClient(url: string): Coro<string> {
  const [fd, mp] = bodies();
  return yield* using(new ClientSession(), function* (s) {
    const out: string[] = [];
    for (const [path, data] of [
      ["/form", fd],
      ["/mixed", mp],
    ] as const) {
      const text = yield* using(s.post(url + path, { data }), function* (r) {
        out.push(String(r.status));
        return yield* r.text();
      });
      out.push(text);
    }
    return out.join("\n");
  });
}

function pythonClient(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, "client", url], { timeout: 20000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(stdout.trimEnd());
    });
  });
}

/** Runs `body` with our server listening. */
function withOurServer<T>(body: (url: string) => Coro<T>): Promise<T> {
  return inLoop(function* () {
    return yield* servingIn(ourApp(), function* (url) {
      return yield* body(url);
    });
  });
}

let pyServer: Awaited<ReturnType<typeof pythonFixture>>;
let pyUrl = "";
let reference = "";
beforeAll(async () => {
  pyServer = await pythonFixture("aiohttp_multipart.py", "server");
  pyUrl = pyServer.url;
  reference = await pythonClient(pyUrl);
}, 30000);
afterAll(() => pyServer.stop());

describe("multipart against aiohttp 3.8", () => {
  it("the reference (aiohttp client, aiohttp server): koi8-r fields decoded, files, every encoding", () => {
    const lines = reference.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "200",
      "greeting='Привет, мир'",
      "plain='a&b=c d'",
      "file=file:%D0%B4%D0%B0%D0%BD%D0%BD%D1%8B%D0%B5.bin:application/x-thing:000162696e617279",
      "upload=file:b.txt:application/octet-stream:7365636f6e642066696c65",
    ]);
    expect(lines).toContain("nested multipart/related");
    expect(lines.at(-1)).toBe(
      "  part name=None filename=notes.txt type=application/octet-stream charset=none 6174746163686564",
    );
  });

  it("aiohttp's client against our server describes the same", async () => {
    expect(
      await withOurServer(function* (url) {
        return yield* fromPromise(pythonClient(url));
      }),
    ).toBe(reference);
  }, 30000);

  it("our client against aiohttp's server describes the same", async () => {
    expect(await inLoop(() => ourClient(pyUrl))).toBe(reference);
  }, 30000);

  it("our client against our server describes the same", async () => {
    expect(await withOurServer((url) => ourClient(url))).toBe(reference);
  }, 30000);
});

describe("multipart: what aiohttp does not do", () => {
  it("a part's charset is honoured when writing (aiohttp 3.8 encodes UTF-8 under any charset)", async () => {
    const mp = new MultipartWriter("mixed", "b");
    mp.append("текст", { "Content-Type": "text/plain; charset=koi8-r" });
    // aiohttp's server reads koi8-r bytes under the part's koi8-r label
    const described = await inLoop(() =>
      using(new ClientSession(), (s) => using(s.post(`${pyUrl}/mixed`, { data: mp }), (r) => r.text())),
    );
    expect(described).toBe(
      "part name=None filename=None type=text/plain; charset=koi8-r charset=koi8-r d4c5cbd3d4",
    );
    // and our reader's text() decodes them back
    const app = new web.Application();
    app.router.addPost("/", function* (request) {
      const reader = yield* request.multipart();
      const part = (yield* reader.next()) as BodyPartReader;
      return new web.Response({ text: yield* part.text() });
    });
    const text = await inLoop(function* () {
      return yield* servingIn(app, function* (url) {
        return yield* using(new ClientSession(), (s) =>
          using(s.post(`${url}/`, { data: mp }), (r) => r.text()),
        );
      });
    });
    expect(text).toBe("текст");
  }, 30000);
});

describe("streamed files (a ReadStream, a Blob, an async generator) against aiohttp 3.8", () => {
  it("a form of streamed files: aiohttp's server gets each under its name, type and bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-streamed-"));
    const path = join(dir, "notes.txt");
    writeFileSync(path, "line one\nline two\n");
    const big = Buffer.alloc(300_000, 7);
    const described = await inLoop(() =>
      using(new ClientSession(), (s) => {
        const form = new FormData();
        form.addField("doc", createReadStream(path));
        form.addField("blob", new Blob([Buffer.from([0, 1, 2])], { type: "image/x-thing" }));
        form.addField(
          "gen",
          (async function* () {
            yield "abc";
            yield big;
          })(),
          { filename: "gen.bin" },
        );
        form.addField("text", "plain");
        return using(s.post(`${pyUrl}/form`, { data: form }), (r) => r.text());
      }),
    );
    rmSync(dir, { recursive: true });
    expect(described.split("\n")).toEqual([
      `doc=file:notes.txt:text/plain:${Buffer.from("line one\nline two\n").toString("hex")}`,
      "blob=file:blob:image/x-thing:000102",
      `gen=file:gen.bin:application/octet-stream:${Buffer.concat([Buffer.from("abc"), big]).toString("hex")}`,
      "text='plain'",
    ]);
  }, 30000);
});
