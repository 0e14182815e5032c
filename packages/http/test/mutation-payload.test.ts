/**
 * Request bodies as a server receives them, for what the first Stryker run of src/payload.ts left
 * alive: FormData built from pairs, `multipart: true`, a part's Content-Type and filename, names
 * with line breaks; `data` as an object, pairs, an ArrayBuffer or null; and which bodies can be
 * sent again to a 307 redirect (all but a stream).
 */
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientSession, FormData } from "../src/index.js";
import { bodyOf, catching, httpServer, inLoop } from "./servers.js";

/** A server that answers each request with what it received: [method, content type, body]. */
async function echo() {
  return httpServer(async (req, res) => {
    if (req.url === "/307") {
      await bodyOf(req);
      res.writeHead(307, { Location: "/final" }).end();
      return;
    }
    const body = await bodyOf(req);
    res.setHeader("Content-Type", "application/json");
    res.end(
      JSON.stringify([req.method, req.url, req.headers["content-type"] ?? null, body.toString("latin1")]),
    );
  });
}

/** The parts of a multipart body, with its boundary replaced by `B`. */
function unbound(contentType: string, body: string): [string, string] {
  const m = /^multipart\/form-data; boundary=([0-9a-f]{32})$/.exec(contentType);
  if (m === null) return [contentType, body];
  return ["multipart/form-data; boundary=B", body.split(m[1] as string).join("B")];
}

describe("request bodies (aiohttp.FormData, data=)", () => {
  it("FormData: pairs repeat keys (urlencoded); multipart: true, a Content-Type or a filename make it multipart", async () => {
    const { url } = await echo();
    const forms: FormData[] = [];
    forms.push(
      new FormData([
        ["a", "1"],
        ["a", "2"],
      ]),
    );
    forms.push(new FormData({ a: "1" }, { multipart: true }));
    const typed = new FormData();
    typed.addField("t", "x", { contentType: "text/x" });
    forms.push(typed);
    const named = new FormData();
    named.addField("f", "x", { filename: "a.txt" });
    forms.push(named);
    const bytes = new FormData();
    bytes.addField("b", new Uint8Array([0x41]));
    forms.push(bytes);
    const got = await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const out: unknown[] = [];
        for (const data of forms) {
          const [, , type, body] = (yield* using(s.post(url, { data }), (r) => r.json())) as string[];
          out.push(unbound(type as string, body as string));
        }
        return out;
      }),
    );
    const M = "multipart/form-data; boundary=B";
    expect(got).toEqual([
      ["application/x-www-form-urlencoded", "a=1&a=2"],
      // aiohttp 3.8.4's bytes for the same forms (its StringPayload/BytesPayload Content-Type first)
      [
        M,
        '--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--B--\r\n',
      ],
      [M, '--B\r\nContent-Type: text/x\r\nContent-Disposition: form-data; name="t"\r\n\r\nx\r\n--B--\r\n'],
      [
        M,
        '--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nx\r\n--B--\r\n',
      ],
      [
        M,
        '--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: form-data; name="b"; filename="b"\r\n\r\nA\r\n--B--\r\n',
      ],
    ]);
    // A name with a line break goes as RFC 2231 `name*=`, which form-data refuses (aiohttp 3.8: an
    // AssertionError at write): never a header broken by the name.
    const lines = new FormData({}, { multipart: true });
    lines.addField("n\r\nm", "y");
    expect(() => lines.encode()).toThrow(
      new RangeError("a form-data part needs a Content-Disposition with a name"),
    );
  });

  it("FormData.addField: a content type that is not a string is a TypeError (Python's message)", () => {
    const form = new FormData();
    expect(() => form.addField("a", "x", { contentType: 5 as never })).toThrow(
      new TypeError("content_type must be an instance of str. Got: 5"),
    );
  });

  it("data: an object or pairs (a form), an ArrayBuffer (bytes), null (no body, json allowed beside it)", async () => {
    const { url } = await echo();
    const got = await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const post = (options: object) => using(s.post(url, options), (r) => r.json());
        return [
          yield* post({ data: { a: "1", b: 2 } }),
          yield* post({
            data: [
              ["k", "1"],
              ["k", "2"],
            ],
          }),
          yield* post({ data: new Uint8Array([0x61, 0x62, 0x63]).buffer }),
          yield* post({ data: null }),
          yield* post({ data: null, json: { j: 1 } }),
        ];
      }),
    );
    expect(got).toEqual([
      ["POST", "/", "application/x-www-form-urlencoded", "a=1&b=2"],
      ["POST", "/", "application/x-www-form-urlencoded", "k=1&k=2"],
      ["POST", "/", "application/octet-stream", "abc"],
      ["POST", "/", null, ""],
      ["POST", "/", "application/json", '{"j":1}'],
    ]);
  });

  it("a 307 redirect sends every body again but a stream's (sent already)", async () => {
    const { url } = await echo();
    const got = await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const form = new FormData();
        form.addField("f", "v");
        const out: unknown[] = [];
        for (const options of [
          { json: [1] },
          { data: "text" },
          { data: new Uint8Array([0x62]) },
          { data: new Uint8Array([0x63]).buffer },
          { data: form },
          { data: { o: "1" } },
        ]) {
          out.push(yield* using(s.post(`${url}/307`, options), (r) => r.json()));
        }
        const stream = (async function* () {
          yield new Uint8Array([0x73]);
        })();
        const err = yield* catching(s.post(`${url}/307`, { data: stream }));
        out.push((err as Error).message);
        return out;
      }),
    );
    expect(got).toEqual([
      ["POST", "/final", "application/json", "[1]"],
      ["POST", "/final", "text/plain; charset=utf-8", "text"],
      ["POST", "/final", "application/octet-stream", "b"],
      ["POST", "/final", "application/octet-stream", "c"],
      ["POST", "/final", "application/x-www-form-urlencoded", "f=v"],
      ["POST", "/final", "application/x-www-form-urlencoded", "o=1"],
      "Cannot follow a redirect with a streamed body: it was sent already",
    ]);
  });
});
