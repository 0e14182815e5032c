/**
 * What the first Stryker runs of src/charsets.ts and src/multipart.ts (session 10) left alive:
 * charsets looked up in any case and spacing, decoded and encoded strictly (Python's errors and
 * messages), the single-byte encoder built from the platform's decoder, percent-encoding; and
 * multipart reading and writing as aiohttp 3.8.4 does it (checked with Debian's python3).
 */
import { LookupError } from "@aio/loop";
import { type Coro, fromPromise, toPromise } from "@aio/task";
import { describe, expect, it, vi } from "vitest";
import { charset, percentEncode } from "../src/charsets.js";
import {
  BodyPartReader,
  CIMultiDict,
  contentDispositionFilename,
  contentDispositionHeader,
  type MultipartPart,
  MultipartReader,
  MultipartResponseWrapper,
  MultipartWriter,
  parseContentDisposition,
  parseMimetype,
  StreamReader,
} from "../src/index.js";
import { inLoop } from "./servers.js";

/** Python's `b"..."`: latin-1 text as bytes. */
const b = (text: string): Buffer => Buffer.from(text, "latin1");

/** A StreamReader holding `data`, then its end (the upstream tests' `Stream`). */
function stream(data: string | Buffer): StreamReader {
  const s = new StreamReader(2 ** 16);
  const bytes = typeof data === "string" ? b(data) : data;
  if (bytes.length > 0) s.feedData(bytes);
  s.feedEof();
  return s;
}

/** A part of the body `body` (its boundary `--:`), with `headers`. */
function part(headers: Record<string, string>, body: string | Buffer, subtype?: string): BodyPartReader {
  return new BodyPartReader(b("--:"), headers, stream(body), subtype === undefined ? {} : { subtype });
}

/** A reader of `body` with the Content-Type `type`. */
function reader(body: string | Buffer, type = "multipart/mixed; boundary=:"): MultipartReader {
  return new MultipartReader(new CIMultiDict([["Content-Type", type]]), stream(body));
}

/** Each part's name and text, nested readers as ["nested", […]], read with `for await`. */
async function described(r: MultipartReader): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const p of r) {
    if (p instanceof MultipartReader) out.push(["nested", await described(p)]);
    else out.push([p.name, await toPromise(p.text())]);
  }
  return out;
}

/** What the generator `body` throws in a loop: its message. */
async function rejected(body: () => Coro<unknown>): Promise<string> {
  try {
    await inLoop(body);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("nothing thrown");
}

/** What `fn` throws: its class name and message. */
function thrown(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (err) {
    return [(err as Error).name, (err as Error).message];
  }
  throw new Error("nothing thrown");
}

describe("charsets", () => {
  it("a name is looked up trimmed and in any case; the same name gives the same charset (Python's codecs.lookup cache)", () => {
    expect(charset("KOI8-R").name).toBe("koi8-r");
    expect(charset(" koi8-r ").name).toBe("koi8-r");
    expect(charset("\tKoi8-R ").name).toBe("koi8-r");
    expect(charset("koi8-r")).toBe(charset("KOI8-R"));
    expect(charset("utf-8")).toBe(charset(" UTF-8 "));
  });

  it("an unknown charset is a LookupError 'unknown encoding: …' (Python's)", () => {
    expect(() => charset("nope")).toThrow(LookupError);
    expect(thrown(() => charset("nope"))[1]).toBe("unknown encoding: nope");
  });

  it("Python's codecs decode strictly: invalid or cut-off bytes are a UnicodeDecodeError", () => {
    expect(charset("utf-8").decode(Buffer.from("aé"))).toBe("aé");
    // b"a\xc3".decode("utf-8"): 'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data
    expect(thrown(() => charset("utf-8").decode(Buffer.from([0x61, 0xc3])))).toEqual([
      "UnicodeDecodeError",
      expect.stringContaining("can't decode byte 0xc3 in position 1"),
    ]);
    expect(thrown(() => charset("utf-8").decode(Buffer.from([0x61, 0xff, 0x62])))[0]).toBe(
      "UnicodeDecodeError",
    );
    expect(thrown(() => charset("ascii").encode("aé"))).toEqual([
      "UnicodeEncodeError",
      expect.stringContaining("can't encode character '\\xe9' in position 1"),
    ]);
  });

  it("a platform charset decodes strictly too (shift_jis: an incomplete sequence is a UnicodeDecodeError)", () => {
    expect(charset("shift_jis").decode(Buffer.from([0x82, 0xa0]))).toBe("あ");
    expect(thrown(() => charset("shift_jis").decode(Buffer.from([0x61, 0x81])))).toEqual([
      "UnicodeDecodeError",
      "'shift_jis' codec can't decode bytes: invalid data",
    ]);
    // koi8-r has a character for every byte: nothing to refuse
    expect(charset("koi8-r").decode(Buffer.from([0xc1, 0xff]))).toBe("аЪ");
  });

  it("a multi-byte platform charset only decodes: encoding is a LookupError", () => {
    // (euc-jp: a charset no test looked up before, as the lookup is cached)
    expect(thrown(() => charset("euc-jp").encode("a"))).toEqual([
      "LookupError",
      "unknown encoding: euc-jp (only decoding is supported)",
    ]);
  });

  it("a single-byte platform charset encodes from its decoder's table, byte 0 included", () => {
    expect([...charset("koi8-r").encode("\0aаЪ")]).toEqual([0x00, 0x61, 0xc1, 0xff]);
    expect([...charset("windows-1251").encode("Ж\u007f")]).toEqual([0xc6, 0x7f]);
  });

  it("a character a single-byte charset lacks is Python's UnicodeEncodeError (its position in code points)", () => {
    // "ab" + c encoded in koi8_r: "… can't encode character '\u20ac' in position 2: character maps to <undefined>"
    const koi = charset("koi8-r");
    const cases: [string, string][] = [
      ["\u20ac", "\\u20ac"],
      ["\u00e9", "\\xe9"],
      ["\u0100", "\\u0100"],
      ["\u{10000}", "\\U00010000"],
    ];
    for (const [c, shown] of cases) {
      expect(thrown(() => koi.encode(`ab${c}`))).toEqual([
        "UnicodeEncodeError",
        `'charmap' codec can't encode character '${shown}' in position 2: character maps to <undefined>`,
      ]);
    }
  });

  it("percentEncode: urllib.parse.quote(text, ''), quote_plus with plus", () => {
    expect(percentEncode("a b\n~é", "utf-8")).toBe("a%20b%0A~%C3%A9");
    expect(percentEncode("a b\n", "utf-8", true)).toBe("a+b%0A");
    expect(percentEncode("a+b", "utf-8", true)).toBe("a%2Bb");
    expect(percentEncode("\u0001", "latin-1")).toBe("%01");
  });
});

// Each expected value below is what aiohttp 3.8.4 (Debian's python3) gives for the same bytes.
describe("BodyPartReader", () => {
  it("a boundary given as text is the same as bytes", async () => {
    await inLoop(function* () {
      const p = new BodyPartReader("--:", {}, stream("abc\r\n--:--"));
      expect((yield* p.read()).toString()).toBe("abc");
    });
  });

  it("a form-data part's Content-Length and Content-Encoding are not trusted (RFC 7578 4.8)", async () => {
    await inLoop(function* () {
      expect((yield* part({ "Content-Length": "1" }, "abc\r\n--:--", "form-data").read()).toString()).toBe(
        "abc",
      );
      const gz = part({ "Content-Encoding": "gzip" }, "abc\r\n--:--", "form-data");
      expect((yield* gz.read({ decode: true })).toString()).toBe("abc");
    });
  });

  it("a Content-Length that is not the part's: 'reader did not read all the data or it is malformed'", async () => {
    expect(await rejected(() => part({ "Content-Length": "1" }, "abc\r\n--:--").read())).toBe(
      "reader did not read all the data or it is malformed",
    );
    // longer than what comes: the stream's end is the part's end, then the same error
    expect(await rejected(() => part({ "Content-Length": "100" }, "abc\r\n--:--").read())).toBe(
      "reader did not read all the data or it is malformed",
    );
  }, 5000);

  it("a chunk size under the boundary's length + 2 is refused", async () => {
    const msg = "Chunk size must be greater or equal than boundary length + 2";
    expect(await rejected(() => part({}, "hello\r\n--:--").readChunk(4))).toBe(msg);
    expect(await rejected(() => part({}, "hello\r\n--:--").readChunk(2))).toBe(msg);
    await inLoop(function* () {
      expect((yield* part({}, "hello\r\n--:--").readChunk(5)).toString()).toBe("hello");
    });
  });

  it("a body without its closing boundary: what was read, then 'Reading after EOF'", async () => {
    const msg = await rejected(function* () {
      const p = part({}, "x".repeat(10));
      expect((yield* p.readChunk(5)).toString()).toBe("xxxxx");
      expect((yield* p.readChunk(5)).toString()).toBe("xxxxx");
      yield* p.readChunk(5);
    });
    expect(msg).toBe("Reading after EOF");
    // (aiohttp 3.8.4 gives b"" once more before that error; ours says at once what is wrong)
    expect(
      await rejected(function* () {
        const p = part({}, "hello");
        expect((yield* p.readChunk(5)).toString()).toBe("hello");
        yield* p.readChunk(5);
      }),
    ).toBe("Could not find the closing boundary '--:'");
  });

  it("read() after the end is empty, without decoding again", async () => {
    await inLoop(function* () {
      const gz = Buffer.concat([
        b("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03KLJ\x06\x00\xc2A$5\x03\x00\x00\x00"),
        b("\r\n--:--"),
      ]);
      const p = part({ "Content-Encoding": "gzip" }, gz);
      expect((yield* p.read({ decode: true })).toString()).toBe("abc");
      expect((yield* p.read({ decode: true })).length).toBe(0);
    });
  });

  it("readline: the last line loses its CRLF, the boundary line ends the part (also read again)", async () => {
    await inLoop(function* () {
      const p = part({}, "a\r\nb\r\n--:\r\n");
      const lines: string[] = [];
      for (let i = 0; i < 4; i++) lines.push((yield* p.readline()).toString("latin1"));
      expect(lines).toEqual(["a\r\n", "b", "", ""]);
      const last = part({}, "a\r\n--:--\r\n");
      expect((yield* last.readline()).toString()).toBe("a");
      expect((yield* last.readline()).toString()).toBe("");
      expect(last.atEof()).toBe(true);
      // a line that only starts like the boundary is the part's (the line before it loses its CRLF)
      const alike = part({}, "a\r\n--:x\r\n--:\r\n");
      expect((yield* alike.readline()).toString()).toBe("a");
      expect((yield* alike.readline()).toString()).toBe("--:x\r\n");
      expect((yield* alike.readline()).toString()).toBe("");
    });
  });

  it("form(): '&' separates pairs, blank and empty names kept, '+' is a space; decoded by the transfer encoding", async () => {
    await inLoop(function* () {
      expect(yield* part({}, "a=1&&b=2\r\n\r\n--:--").form()).toEqual([
        ["a", "1"],
        ["b", "2"],
      ]);
      expect(yield* part({}, "=x&ab&a+b=c+d\r\n--:--").form()).toEqual([
        ["", "x"],
        ["ab", ""],
        ["a b", "c d"],
      ]);
      expect(yield* part({}, "  a=1 \r\n\r\n--:--").form()).toEqual([["  a", "1"]]);
      expect(yield* part({ "Content-Transfer-Encoding": "base64" }, "YT0x\r\n--:--").form()).toEqual([
        ["a", "1"],
      ]);
      expect(yield* part({}, "\r\n--:--").form()).toEqual([]);
    });
  });

  it("form(): ';' is no separator (Python 3.11's parse_qsl, aiohttp 3.8.4 on it)", async () => {
    await inLoop(function* () {
      expect(yield* part({}, "a=1;b=2&c=%C3%A9;d\r\n--:--").form()).toEqual([
        ["a", "1;b=2"],
        ["c", "é;d"],
      ]);
    });
  });

  it("quoted-printable: soft breaks (CRLF or LF) removed, =XX in either case decoded, the rest kept", async () => {
    await inLoop(function* () {
      const p = part(
        { "Content-Transfer-Encoding": "quoted-printable" },
        "ab=\ncd=\r\nef=3Dg=3dh a12 =zz=4\r\n--:--",
      );
      expect((yield* p.read({ decode: true })).toString("latin1")).toBe("abcdef=g=h a12 =zz=4");
    });
  });

  it("an unknown Content-Transfer-Encoding or Content-Encoding: aiohttp's messages", async () => {
    expect(
      await rejected(() =>
        part({ "Content-Transfer-Encoding": "x-foo" }, "a\r\n--:--").read({ decode: true }),
      ),
    ).toBe("unknown content transfer encoding: x-foo");
    expect(
      await rejected(() => part({ "Content-Encoding": "X-Foo" }, "a\r\n--:--").read({ decode: true })),
    ).toBe("unknown content encoding: x-foo");
  });

  it("defaultCharset decodes a part whose Content-Type names none", async () => {
    await inLoop(function* () {
      const p = new BodyPartReader(b("--:"), {}, stream("\xe9\r\n--:--"), { defaultCharset: "latin-1" });
      expect(yield* p.text()).toBe("é");
    });
  });

  it("for await: the part's bytes once; nothing for an empty part", async () => {
    await inLoop(function* () {
      yield* fromPromise(
        (async () => {
          const got: string[] = [];
          for await (const data of part({}, "\r\n--:--")) got.push(data.toString());
          expect(got).toEqual([]);
          for await (const data of part({}, "abc\r\n--:--")) got.push(data.toString());
          expect(got).toEqual(["abc"]);
        })(),
      );
    });
  });
});

describe("MultipartReader", () => {
  it("refuses a type that is not multipart, a missing boundary, one over 70 characters", () => {
    const make = (type: string) => () => reader("", type);
    expect(make("text/plain")).toThrow("multipart/* content type expected");
    expect(make("multipart/mixed")).toThrow("boundary missed for Content-Type: multipart/mixed");
    expect(make(`multipart/mixed; boundary=${"a".repeat(70)}`)).not.toThrow();
    expect(make(`multipart/mixed; boundary=${"a".repeat(71)}`)).toThrow(
      `boundary '${"a".repeat(71)}' is too long (70 chars max)`,
    );
  });

  it("a body that is only its closing boundary has no parts; one without a boundary is refused", async () => {
    await inLoop(function* () {
      expect(yield* reader("--:--\r\n").next()).toBe(null);
    });
    expect(await rejected(() => reader("preamble\r\n").next())).toMatch(/^Could not find starting boundary /);
  });

  it("a line after a part that is not a boundary is refused", async () => {
    const msg = await rejected(function* () {
      const r = reader("--:\r\nContent-Length: 1\r\n\r\na\r\ngarbage\r\n--:--\r\n");
      const p = (yield* r.next()) as BodyPartReader;
      yield* p.read();
      yield* r.next();
    });
    expect(msg).toBe("Invalid boundary 'garbage', expected '--:'");
  });

  const FD = "multipart/form-data; boundary=:";
  const field = (name: string, value: string) =>
    `--:\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

  it("a _charset_ field of a form sets the charset of the parts after it, and is not given", async () => {
    await inLoop(function* () {
      expect(
        yield* fromPromise(
          described(reader(`${field("_charset_", "latin-1")}${field("a", "\xe9")}--:--\r\n`, FD)),
        ),
      ).toEqual([["a", "é"]]);
      // 31 bytes with its spaces are read, trimmed
      const padded = `${field("_charset_", `${" ".repeat(25)}latin1`)}${field("a", "\xe9")}--:--\r\n`;
      expect(yield* fromPromise(described(reader(padded, FD)))).toEqual([["a", "é"]]);
      // after another field too (aiohttp 3.8.4 forgets the last part once it is released)
      const second = `${field("a", "x")}${field("_charset_", "latin-1")}${field("b", "\xc3\xa9")}--:--\r\n`;
      expect(yield* fromPromise(described(reader(second, FD)))).toEqual([
        ["a", "x"],
        ["b", "Ã©"],
      ]);
      // not in a form: an ordinary part
      const mixed = `${field("_charset_", "latin-1")}${field("b", "\xc3\xa9")}--:--\r\n`;
      expect(yield* fromPromise(described(reader(mixed)))).toEqual([
        ["_charset_", "latin-1"],
        ["b", "é"],
      ]);
    });
    // 32 bytes or more: refused
    const long = `${field("_charset_", "x".repeat(32))}${field("a", "b")}--:--\r\n`;
    const msg = await rejected(function* () {
      return yield* fromPromise(described(reader(long, FD)));
    });
    expect(msg).toBe("Invalid default charset");
  });

  it("an empty _charset_ field leaves the default (UTF-8)", async () => {
    await inLoop(function* () {
      const body = `${field("_charset_", "  ")}${field("a", "\xc3\xa9")}--:--\r\n`;
      expect(yield* fromPromise(described(reader(body, FD)))).toEqual([["a", "é"]]);
    });
  });

  it("a boundary outside ASCII is its UTF-8 bytes (the Content-Type as the package decodes headers)", async () => {
    await inLoop(function* () {
      const body = b("--\xc3\xa9\r\n\r\nx\r\n--\xc3\xa9--\r\n");
      expect(yield* fromPromise(described(reader(body, "multipart/mixed; boundary=é")))).toEqual([
        [null, "x"],
      ]);
    });
  });

  it("a form-data part's Content-Length is not trusted; header lines are UTF-8", async () => {
    await inLoop(function* () {
      const body =
        '--:\r\nContent-Disposition: form-data; name="a"\r\nContent-Length: 1\r\n\r\nabc\r\n--:--\r\n';
      expect(yield* fromPromise(described(reader(body, FD)))).toEqual([["a", "abc"]]);
      const utf8 = '--:\r\nContent-Disposition: form-data; name="\xc3\xa9"\r\n\r\nabc\r\n--:--\r\n';
      expect(yield* fromPromise(described(reader(utf8, FD)))).toEqual([["é", "abc"]]);
    });
  });

  it("a nested multipart body and its epilogue, then the outer parts", async () => {
    await inLoop(function* () {
      const body =
        "--:\r\nContent-Type: multipart/related; boundary=in\r\n\r\n" +
        "--in\r\n\r\ntwo\r\n--in--\r\nepilogue\r\n" +
        "--:\r\n\r\nfour\r\n--:--\r\n";
      expect(yield* fromPromise(described(reader(body)))).toEqual([
        ["nested", [[null, "two"]]],
        [null, "four"],
      ]);
    });
  });
});

describe("MultipartResponseWrapper", () => {
  const mocks = (parts: unknown[]) => {
    const resp = { content: { atEof: vi.fn(() => false) }, release: vi.fn() };
    const queue = [...parts];
    const stream = {
      next: vi.fn(function* () {
        return queue.shift() ?? null;
      }),
      atEof: vi.fn(() => queue.length === 0),
    };
    return { resp, stream, wrapper: new MultipartResponseWrapper(resp as never, stream as never) };
  };

  it("releases the response after the last part only; for await gives each part", async () => {
    await inLoop(function* () {
      const { resp, wrapper } = mocks(["p1", "p2"]);
      expect(yield* wrapper.next()).toBe("p1");
      expect(resp.release).not.toHaveBeenCalled();
      expect(yield* wrapper.next()).toBe("p2");
      expect(resp.release).toHaveBeenCalled();
      const second = mocks(["p1", "p2"]);
      const got: unknown[] = [];
      yield* fromPromise(
        (async () => {
          for await (const p of second.wrapper) got.push(p as MultipartPart);
        })(),
      );
      expect(got).toEqual(["p1", "p2"]);
    });
  });
});

describe("contentDispositionHeader (aiohttp.helpers.content_disposition_header)", () => {
  it("quotes names, percent-encodes filenames (any case of the key), name*= for text outside ASCII", () => {
    expect(contentDispositionHeader("attachment")).toBe("attachment");
    // (aiohttp escapes a space or a tab in a name too, `a\ b`: not ours — see MUTATION.md, session 10)
    expect(contentDispositionHeader("form-data", { name: 'a"b\\c', FileName: "é f.txt" })).toBe(
      'form-data; name="a\\"b\\\\c"; FileName="%C3%A9%20f.txt"',
    );
    expect(contentDispositionHeader("form-data", { name: "é x" })).toBe("form-data; name*=utf-8''%C3%A9%20x");
    expect(contentDispositionHeader("form-data", { name: "a\x7fb" })).toBe("form-data; name*=utf-8''a%7Fb");
    expect(
      contentDispositionHeader("form-data", { name: "é x", filename: "é" }, { charset: "latin-1" }),
    ).toBe("form-data; name*=latin-1''%E9%20x; filename=\"%E9\"");
    // quoteFields: false: backslashes and quotes escaped, the rest as it is
    expect(contentDispositionHeader("form-data", { name: 'a\\"b é' }, { quoteFields: false })).toBe(
      'form-data; name="a\\\\\\"b é"',
    );
  });

  it("refuses a type or a parameter name that is not a token", () => {
    expect(() => contentDispositionHeader("")).toThrow("bad content disposition type ''");
    expect(() => contentDispositionHeader("a b")).toThrow("bad content disposition type 'a b'");
    expect(() => contentDispositionHeader("form-data", { "a b": "x" })).toThrow(
      "bad content disposition parameter 'a b'='x'",
    );
    expect(() => contentDispositionHeader("form-data", { "": "x" })).toThrow(
      /^bad content disposition parameter/,
    );
  });
});

describe("MultipartWriter", () => {
  /** The parts' headers, as pairs. */
  const headersOf = (w: MultipartWriter) => [...w].map((p) => [...p.headers]);

  it("a boundary: ASCII only; a token as it is, else quoted with escapes; no control characters", () => {
    expect(() => new MultipartWriter("mixed", "é")).toThrow("boundary should contain ASCII only chars");
    expect(new MultipartWriter("mixed", "a b").contentType).toBe('multipart/mixed; boundary="a b"');
    expect(new MultipartWriter("mixed", 'a"b\\c').contentType).toBe('multipart/mixed; boundary="a\\"b\\\\c"');
    expect(new MultipartWriter("mixed", "ab;").contentType).toBe('multipart/mixed; boundary="ab;"');
    expect(new MultipartWriter("mixed", ";ab").contentType).toBe('multipart/mixed; boundary=";ab"');
    expect(new MultipartWriter("mixed", "a\tb").contentType).toBe('multipart/mixed; boundary="a\tb"');
    expect(() => new MultipartWriter("mixed", "a\nb")).toThrow("boundary value contains invalid characters");
    expect(new MultipartWriter().contentType).toMatch(/^multipart\/mixed; boundary=[0-9a-f]{32}$/);
  });

  it("parts: bytes, a urlencoded form, text in its Content-Type's charset; their headers; size is the body's length", () => {
    const w = new MultipartWriter("mixed", ":");
    w.append(Buffer.from("ab"));
    w.appendForm([["a b", "é"]]);
    w.append("x", { "Content-Transfer-Encoding": "binary" });
    expect(headersOf(w)).toEqual([
      [
        ["Content-Type", "application/octet-stream"],
        ["Content-Length", "2"],
      ],
      [
        ["Content-Type", "application/x-www-form-urlencoded"],
        ["Content-Length", "10"],
      ],
      [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["Content-Transfer-Encoding", "binary"],
        ["Content-Length", "1"],
      ],
    ]);
    expect(w.size).toBe(270);
    expect(w.encode().length).toBe(270);
    expect(w.encode({ closeBoundary: false }).toString("latin1")).toBe(
      "--:\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\n\r\nab\r\n" +
        "--:\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\na+b=%C3%A9\r\n" +
        "--:\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: binary\r\nContent-Length: 1\r\n\r\nx\r\n",
    );
    const json = new MultipartWriter("mixed", ":");
    json.appendJson({ a: "é" });
    expect(headersOf(json)).toEqual([
      [
        ["Content-Type", "application/json"],
        ["Content-Length", "10"],
      ],
    ]);
    expect(json.size).toBe(json.encode().length);
  });

  it("text is encoded in the charset its Content-Type names, UTF-8 without one; other values are refused", () => {
    const w = new MultipartWriter("mixed", ":");
    w.append("é", { "Content-Type": "text/plain; charset=latin-1" });
    w.append("é", { "Content-Type": "text/html" });
    expect([...w].map((p) => [...(p._body as Buffer)])).toEqual([[0xe9], [0xc3, 0xa9]]);
    expect(() => w.append(42 as never)).toThrow(/^Cannot create payload from 42/);
  });

  it("an encoded part has no Content-Length and makes the size unknown, also inside a nested writer", () => {
    const gz = new MultipartWriter("mixed", ":");
    gz.append(Buffer.from("ab"), { "Content-Encoding": "gzip" });
    expect(headersOf(gz)).toEqual([
      [
        ["Content-Type", "application/octet-stream"],
        ["Content-Encoding", "gzip"],
      ],
    ]);
    expect(gz.size).toBe(null);
    const b64 = new MultipartWriter("mixed", ":");
    b64.append(Buffer.from("ab"), { "Content-Transfer-Encoding": "base64" });
    expect(b64.size).toBe(null);
    const outer = new MultipartWriter("mixed", "::");
    outer.append("a");
    outer.append(gz);
    expect(outer.size).toBe(null);
    expect(() => new MultipartWriter().append("x", { "Content-Encoding": "br" })).toThrow(
      "unknown content encoding: br",
    );
    expect(() => new MultipartWriter().append("x", { "Content-Transfer-Encoding": "8bit" })).toThrow(
      "unknown content transfer encoding: 8bit",
    );
  });

  it("form-data: parts get a name section-N; Content-Encoding, Content-Length, Content-Transfer-Encoding refused", () => {
    const w = new MultipartWriter("form-data", ":");
    w.append("x");
    w.append("y");
    expect(headersOf(w)).toEqual([
      [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["Content-Disposition", 'form-data; name="section-0"'],
      ],
      [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["Content-Disposition", 'form-data; name="section-1"'],
      ],
    ]);
    for (const h of ["Content-Encoding", "Content-Length", "Content-Transfer-Encoding"]) {
      expect(() => w.append("z", { [h]: "gzip" })).toThrow(
        `a form-data part cannot have a ${h} header (RFC 7578)`,
      );
    }
    expect(w.length).toBe(2);
  });

  it("quoted-printable is Python's binascii.b2a_qp: line ends kept (CRLF if the first is), =XX before them, a lone '.' escaped", () => {
    const qp = (data: string) => {
      const w = new MultipartWriter("mixed", ":");
      w.append(b(data), { "Content-Transfer-Encoding": "quoted-printable" });
      return w.encode().toString("latin1").split("\r\n\r\n").slice(1).join("\r\n\r\n");
    };
    expect(qp("a \r\nb\r\n")).toBe("a=20\r\nb\r\n\r\n--:--\r\n");
    expect(qp(".\n.a\n")).toBe("=2E\n.a\n\r\n--:--\r\n");
    expect(qp(`${"x".repeat(80)}\r\n`)).toBe(`${"x".repeat(75)}=\r\nxxxxx\r\n\r\n--:--\r\n`);
    expect(qp("a\tb \n")).toBe("a\tb=20\n\r\n--:--\r\n");
    // binascii.b2a_qp of each, from Python
    const cases: [string, string][] = [
      ["a b \nc\t\n", "a b=20\nc=09\n"],
      ["x".repeat(80), `${"x".repeat(75)}=\nxxxxx`],
      ["a=b~\x7f\x00\xff", "a=3Db~=7F=00=FF"],
      [`${"x".repeat(74)}==`, `${"x".repeat(74)}=\n=3D=3D`],
      [`${"x".repeat(75)}\nyyy`, `${"x".repeat(75)}\nyyy`],
      ["ab ", "ab=20"],
      ["ab\t", "ab=09"],
      [" ".repeat(80), `${" ".repeat(75)}=\n    =20`],
      [`${"x".repeat(73)}=`, `${"x".repeat(73)}=\n=3D`],
      [`${"x".repeat(74)}=`, `${"x".repeat(74)}=\n=3D`],
      ["\r\n", "\r\n"],
      ["a.\n", "a.\n"],
      [".", "=2E"],
      ["x\n.", "x\n=2E"],
      [".\r\n", "=2E\r\n"],
      [".\x00", "=2E=00"],
      ["=".repeat(30), `${"=3D".repeat(25)}=\n${"=3D".repeat(5)}`],
      ["\xff".repeat(30), `${"=FF".repeat(25)}=\n${"=FF".repeat(5)}`],
      ["a\rb", "a\rb"],
      ["x".repeat(76), "x".repeat(76)],
      [`${"x".repeat(76)}\n`, `${"x".repeat(76)}\n`],
    ];
    for (const [data, encoded] of cases) expect(qp(data)).toBe(`${encoded}\r\n--:--\r\n`);
  });
});

// --- header values: tables of aiohttp 3.8.4's answers ---
/** Generated with Debian's python3: [header, parse_content_disposition's type and params, content_disposition_filename(params) and (params, "name")]. */
const DISPOSITIONS: [string | null, string | null, Record<string, string>, string | null, string | null][] = [
  [null, null, {}, null, null],
  ["", null, {}, null, null],
  ["attachment", "attachment", {}, null, null],
  ["Attachment; filename=foo.html", "attachment", { filename: "foo.html" }, "foo.html", null],
  ['attachment; filename="foo.html"', "attachment", { filename: "foo.html" }, "foo.html", null],
  ['attachment; filename="\\\\foo.html"', "attachment", { filename: "foo.html" }, "foo.html", null],
  ['attachment; filename="/\\\\foo"', "attachment", { filename: "foo" }, "foo", null],
  ['attachment; filename="f\\"oo.html"', "attachment", { filename: 'f"oo.html' }, 'f"oo.html', null],
  ['attachment; filename="foo;bar.html"', "attachment", { filename: "foo;bar.html" }, "foo;bar.html", null],
  ['attachment; filename="a;b;c"', null, {}, null, null],
  ['attachment; filename="a;b', null, {}, null, null],
  ["attachment; filename=foo bar", null, {}, null, null],
  ["attachment; filename", null, {}, null, null],
  ["attachment; filename=a; filename=b", null, {}, null, null],
  ["attachment; FILENAME=a", "attachment", { filename: "a" }, "a", null],
  ["attachment; file name=a; name=b", "attachment", { name: "b" }, null, "b"],
  ["attachment; filename= a", "attachment", { filename: "a" }, "a", null],
  [
    "attachment; filename*=UTF-8''foo-%c3%a4.html",
    "attachment",
    { "filename*": "foo-ä.html" },
    "foo-ä.html",
    null,
  ],
  ["attachment; filename*=''foo%20bar", "attachment", { "filename*": "foo bar" }, "foo bar", null],
  [
    "attachment; filename*=iso-8859-1''foo-%E4.html",
    "attachment",
    { "filename*": "foo-ä.html" },
    "foo-ä.html",
    null,
  ],
  ["attachment; filename*=UTF-8''%E4; name=x", "attachment", { name: "x" }, null, "x"],
  ["attachment; filename*=foo", "attachment", {}, null, null],
  ["attachment; filename*=UTF-8'en'%e2%82%ac", "attachment", { "filename*": "€" }, "€", null],
  [
    "attachment; filename*0=foo; filename*1=bar",
    "attachment",
    { "filename*0": "foo", "filename*1": "bar" },
    "foobar",
    null,
  ],
  [
    'attachment; filename*0="foo"; filename*1="b\\\\ar"',
    "attachment",
    { "filename*0": "foo", "filename*1": "b\\ar" },
    "foob\\ar",
    null,
  ],
  [
    "attachment; filename*0*=UTF-8''foo-%c3%a4; filename*1=.html",
    "attachment",
    { "filename*0*": "UTF-8''foo-%c3%a4", "filename*1": ".html" },
    "foo-ä.html",
    null,
  ],
  [
    "attachment; filename*0*=''a%20b; filename*1=c",
    "attachment",
    { "filename*0*": "''a%20b", "filename*1": "c" },
    "a bc",
    null,
  ],
  [
    "attachment; filename*0=foo; filename*2=bar",
    "attachment",
    { "filename*0": "foo", "filename*2": "bar" },
    "foo",
    null,
  ],
  ["attachment; filename*1=foo", "attachment", { "filename*1": "foo" }, null, null],
  ["attachment; filename*0=f o; name=n", "attachment", { name: "n" }, null, "n"],
  [
    "attachment; filename=\"foo.html\"; filename*=UTF-8''bar",
    "attachment",
    { filename: "foo.html", "filename*": "bar" },
    "bar",
    null,
  ],
  ['form-data; name=""', "form-data", { name: "" }, null, ""],
  ['form-data; name="', "form-data", { name: "" }, null, ""],
  ['attachment; filename="foo', null, {}, null, null],
  ["attach ment; filename=a", null, {}, null, null],
  ["attachment;", null, {}, null, null],
  ["inline; filename=a%20b", "inline", { filename: "a%20b" }, "a%20b", null],
  ["attachment; filename*x=a", "attachment", { "filename*x": "a" }, null, null],
  ["attachment; x*=a; name=b", "attachment", { name: "b" }, null, "b"],
  ["attachment; name*0=a; name*1=b", "attachment", { "name*0": "a", "name*1": "b" }, null, "ab"],
  ["attachment; name*=UTF-8''%C3%A9", "attachment", { "name*": "é" }, null, "é"],
  ['attachment; filename="a\\\\b"', "attachment", { filename: "a\\b" }, "a\\b", null],
  ['attachment; name="x" ; filename=y', null, {}, null, null],
  ["attachment; filename*=a'b", "attachment", {}, null, null],
  ["attachment; filename*00=a", "attachment", { "filename*00": "a" }, null, null],
  ['attachment; filename*0="', "attachment", { "filename*0": "" }, "", null],
  [
    "attachment; filename*0*=UTF-8''a; filename*1=%41",
    "attachment",
    { "filename*0*": "UTF-8''a", "filename*1": "%41" },
    "aA",
    null,
  ],
];
/** Generated the same way: [mimetype, helpers.parse_mimetype's type, subtype, suffix, and each parameter's first value]. */
const MIMETYPES: [string, string, string, string, Record<string, string>][] = [
  ["", "", "", "", {}],
  ["*", "*", "*", "", {}],
  ["text/html", "text", "html", "", {}],
  [" Text/HTML ; Charset=UTF-8", "text", "html", "", { charset: "UTF-8" }],
  ["application/rss+xml", "application", "rss", "xml", {}],
  ['text/plain;charset="utf-8"', "text", "plain", "", { charset: "utf-8" }],
  ["text/plain; a; b=1; a=2", "text", "plain", "", { a: "", b: "1" }],
  ["text/plain;;x=1", "text", "plain", "", { x: "1" }],
  ['multipart/form-data; boundary=" x "', "multipart", "form-data", "", { boundary: "x" }],
  ["a/b+c+d", "a", "b", "c+d", {}],
  ["noslash", "noslash", "", "", {}],
  ["/x", "", "x", "", {}],
  ["x/", "x", "", "", {}],
  ["a+b", "a+b", "", "", {}],
  ['text/plain; A = "b=c" ', "text", "plain", "", { a: "b=c" }],
];

describe("header values, as aiohttp 3.8.4 parses them", () => {
  it("parseContentDisposition and contentDispositionFilename: aiohttp's answers for each header", () => {
    for (const [header, type, params, filename, name] of DISPOSITIONS) {
      const [gotType, gotParams] = parseContentDisposition(header);
      expect([header, gotType, gotParams]).toEqual([header, type, params]);
      expect([
        header,
        contentDispositionFilename(gotParams),
        contentDispositionFilename(gotParams, "name"),
      ]).toEqual([header, filename, name]);
    }
  });

  it("parseMimetype: aiohttp's answers for each type", () => {
    for (const [mimetype, type, subtype, suffix, parameters] of MIMETYPES) {
      const got = parseMimetype(mimetype);
      expect([mimetype, got.type, got.subtype, got.suffix, Object.fromEntries(got.parameters)]).toEqual([
        mimetype,
        type,
        subtype,
        suffix,
        parameters,
      ]);
    }
  });
});
