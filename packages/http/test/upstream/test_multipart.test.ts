/**
 * aiohttp 3.8.4's tests/test_multipart.py, ported to @aio/http's multipart module: each upstream
 * test under its own name, with its steps and assertions. Python's `Stream` (an io.BytesIO)
 * is a real StreamReader fed the bytes; `mock.patch.object(stream, "read", side_effect=…)` is a
 * StreamReader fed one piece per read; `await writer.write(stream)` is `writer.encode()` (with a
 * streamed part, `writer.write(sink)`); an `io.BytesIO` is a `Blob`;
 * ValueError is RangeError, RuntimeError is Error.
 *
 * COUNTS (102 upstream tests, 104 cases with the 3 of the parametrized
 * test_read_with_content_transfer_encoding_binary):
 *   passed: 96 tests (98 cases)
 *   failing (it.fails): 6 —
 *     test_writer_serialize_json, test_writer_write, test_writer_write_no_close_boundary:
 *       appendJson's default serializer is JSON.stringify (no spaces, non-ASCII as is), not
 *       Python's json.dumps;
 *     test_preserve_content_disposition_header, test_set_content_disposition_override,
 *       test_reset_content_disposition_header: form-data parts get no Content-Length (RFC 7578,
 *       as Debian's patched aiohttp 3.8.4 and aiohttp 3.9), upstream 3.8.4 expects one.
 *   N/A: none.
 * Adapted steps: where the upstream sets the private `obj._at_eof = True`, the part is read to
 * its end first; `reader._get_part_reader(headers)` is reached through `fetchNextPart()` with the
 * headers in front of the stream; `writer.headers` is `writer.contentType`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { type Coro, createTask, fromPromise, sleep, toPromise } from "@aio/task";
import { describe, expect, it, vi } from "vitest";
import {
  BodyPartReader,
  CIMultiDict,
  charset,
  MultipartReader,
  MultipartResponseWrapper,
  MultipartWriter,
  type Part,
  Part as PartClass,
  parseMimetype,
  StreamReader,
} from "../../src/index.js";
import { catching, inLoop } from "../servers.js";

const BOUNDARY = Buffer.from("--:");
const newline = "\r\n";
const CONTENT_TYPE = "Content-Type";
const CONTENT_ENCODING = "Content-Encoding";
const CONTENT_TRANSFER_ENCODING = "Content-Transfer-Encoding";
const CONTENT_DISPOSITION = "Content-Disposition";

/** Python's `b"..."`: a latin-1 string as bytes. */
const b = (...pieces: (string | Buffer)[]): Buffer =>
  Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));

/** The upstream `Stream(content)`: a real StreamReader holding `content`, then its end. */
function Stream(content: string | Buffer): StreamReader {
  const s = new StreamReader(2 ** 16);
  const data = typeof content === "string" ? b(content) : content;
  if (data.length > 0) s.feedData(data);
  s.feedEof();
  return s;
}

/**
 * The upstream `mock.patch.object(stream, "read", side_effect=[...])`: a real StreamReader fed
 * one piece at a time, the next only once the reader took the previous one, so each read gets
 * exactly one piece; the empty piece is the end. Runs as a task of the current loop.
 */
function piecewise(pieces: string[]): StreamReader {
  const s = new StreamReader(2 ** 16);
  createTask(
    (function* (): Coro<void> {
      for (const piece of pieces) {
        if (piece === "") {
          s.feedEof();
          return;
        }
        s.feedData(b(piece));
        while (s.buffered > 0) yield* sleep(0);
      }
      s.feedEof();
    })(),
  );
  return s;
}

/** Headers as the readers take them (the upstream passes a dict). */
const H = (headers: Record<string, string> = {}) => new CIMultiDict(Object.entries(headers));

/** The upstream `writer` fixture. */
const makeWriter = () => new MultipartWriter("mixed", ":");

/** `writer._parts[i][0]`: the writer's i-th part. */
const partOf = (writer: MultipartWriter, i: number): Part => [...writer][i] as Part;

describe("TestMultipartResponseWrapper", () => {
  // `mock.Mock()` for the response and the reader: plain objects with vi.fn() members
  const mockResp = () => ({ content: { atEof: vi.fn(() => false) }, release: vi.fn() });
  const mockStream = () => ({ next: vi.fn(), atEof: vi.fn(() => false) });

  it("test_at_eof", () => {
    const wrapper = new MultipartResponseWrapper(mockResp() as never, mockStream() as never);
    wrapper.atEof();
    expect(wrapper.resp.content.atEof).toHaveBeenCalled();
  });

  it("test_next", async () => {
    await inLoop(function* () {
      const wrapper = new MultipartResponseWrapper(mockResp() as never, mockStream() as never);
      const stream = wrapper.stream as unknown as ReturnType<typeof mockStream>;
      stream.next = vi.fn(function* () {
        return Buffer.alloc(0);
      });
      stream.atEof.mockReturnValue(false);
      yield* wrapper.next();
      expect(stream.next).toHaveBeenCalled();
    });
  });

  it("test_release", async () => {
    await inLoop(function* () {
      const wrapper = new MultipartResponseWrapper(mockResp() as never, mockStream() as never);
      yield* wrapper.release();
      expect(wrapper.resp.release).toHaveBeenCalled();
    });
  });

  it("test_release_when_stream_at_eof", async () => {
    await inLoop(function* () {
      const wrapper = new MultipartResponseWrapper(mockResp() as never, mockStream() as never);
      const stream = wrapper.stream as unknown as ReturnType<typeof mockStream>;
      stream.next = vi.fn(function* () {
        return Buffer.alloc(0);
      });
      stream.atEof.mockReturnValue(true);
      yield* wrapper.next();
      expect(stream.next).toHaveBeenCalled();
      expect(wrapper.resp.release).toHaveBeenCalled();
    });
  });
});

describe("TestPartReader", () => {
  it("test_next", async () => {
    await inLoop(function* () {
      const data = `Hello, world!${newline}--:`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const result = yield* obj.next();
      expect(result).toEqual(b("Hello, world!"));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_next_next", async () => {
    await inLoop(function* () {
      const data = `Hello, world!${newline}--:`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = yield* obj.next();
      expect(result).toEqual(b("Hello, world!"));
      expect(obj.atEof()).toBe(true);
      result = yield* obj.next();
      expect(result).toBe(null);
    });
  });

  it("test_read", async () => {
    await inLoop(function* () {
      const data = `Hello, world!${newline}--:`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const result = yield* obj.read();
      expect(result).toEqual(b("Hello, world!"));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_chunk_at_eof", async () => {
    await inLoop(function* () {
      // `obj._at_eof = True` sets a private field; here the part is brought to its end by
      // reading an empty part first (`\r\n` before the stream's "--:")
      const stream = Stream(`${newline}--:`);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      yield* obj.read();
      expect(obj.atEof()).toBe(true);
      const result = yield* obj.readChunk();
      expect(result).toEqual(b(""));
    });
  });

  it("test_read_chunk_without_content_length", async () => {
    await inLoop(function* () {
      const data = `Hello, world!${newline}--:`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const c1 = yield* obj.readChunk(8);
      const c2 = yield* obj.readChunk(8);
      const c3 = yield* obj.readChunk(8);
      expect(b(c1, c2)).toEqual(b("Hello, world!"));
      expect(c3).toEqual(b(""));
    });
  });

  it("test_read_incomplete_chunk", async () => {
    await inLoop(function* () {
      const stream = piecewise(["Hello, ", "World", `!${newline}--:`, ""]);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const c1 = yield* obj.readChunk(8);
      expect(c1).toEqual(b("Hello, "));
      const c2 = yield* obj.readChunk(8);
      expect(c2).toEqual(b("World"));
      const c3 = yield* obj.readChunk(8);
      expect(c3).toEqual(b("!"));
    });
  });

  it("test_read_all_at_once", async () => {
    await inLoop(function* () {
      const data = `Hello, World!${newline}--:--${newline}`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = yield* obj.readChunk();
      expect(result).toEqual(b("Hello, World!"));
      result = yield* obj.readChunk();
      expect(result).toEqual(b(""));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_incomplete_body_chunked", async () => {
    await inLoop(function* () {
      const data = b(`Hello, World!${newline}--`);
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = b("");
      // pytest.raises(AssertionError): aiohttp's `assert self._content_eof < 3, "Reading after EOF"`
      const err = yield* catching(
        (function* () {
          for (let i = 0; i < 4; i++) result = b(result, yield* obj.readChunk(7));
        })(),
      );
      expect(err).toBeInstanceOf(Error);
      expect(result).toEqual(data);
    });
  });

  it("test_read_boundary_with_incomplete_chunk", async () => {
    await inLoop(function* () {
      const stream = piecewise(["Hello, World", `!${newline}`, "--:", ""]);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const c1 = yield* obj.readChunk(12);
      expect(c1).toEqual(b("Hello, World"));
      const c2 = yield* obj.readChunk(8);
      expect(c2).toEqual(b("!"));
      const c3 = yield* obj.readChunk(8);
      expect(c3).toEqual(b(""));
    });
  });

  it("test_multi_read_chunk", async () => {
    await inLoop(function* () {
      const data = `Hello,${newline}--:${newline}${newline}world!${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = yield* obj.readChunk(8);
      expect(result).toEqual(b("Hello,"));
      result = yield* obj.readChunk(8);
      expect(result).toEqual(b(""));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_chunk_properly_counts_read_bytes", async () => {
    await inLoop(function* () {
      const expected = b(".".repeat(10));
      const tail = b(`${newline}--:--`);
      const size = expected.length;
      // StreamWithShortenRead: the first sized read gets half of what it asks for — here the
      // stream holds only half of the part when it is first read
      const whole = b(expected, tail);
      const stream = new StreamReader(2 ** 16);
      stream.feedData(whole.subarray(0, size / 2));
      createTask(
        (function* (): Coro<void> {
          while (stream.buffered > 0) yield* sleep(0);
          stream.feedData(whole.subarray(size / 2));
          stream.feedEof();
        })(),
      );
      const obj = new BodyPartReader(BOUNDARY, { "CONTENT-LENGTH": String(size) }, stream);
      const result: Buffer[] = [];
      for (;;) {
        const chunk = yield* obj.readChunk();
        if (chunk.length === 0) break;
        result.push(chunk);
      }
      expect(Buffer.concat(result).length).toBe(size);
      expect(Buffer.concat(result)).toEqual(b(".".repeat(size)));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_does_not_read_boundary", async () => {
    await inLoop(function* () {
      const data = `Hello, world!${newline}--:`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const result = yield* obj.read();
      expect(result).toEqual(b("Hello, world!"));
      expect(yield* stream.read()).toEqual(b("--:"));
    });
  });

  it("test_multiread", async () => {
    await inLoop(function* () {
      const data = `Hello,${newline}--:${newline}${newline}world!${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = yield* obj.read();
      expect(result).toEqual(b("Hello,"));
      result = yield* obj.read();
      expect(result).toEqual(b(""));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_multiline", async () => {
    await inLoop(function* () {
      const data = `Hello\n,\r\nworld!${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = yield* obj.read();
      expect(result).toEqual(b("Hello\n,\r\nworld!"));
      result = yield* obj.read();
      expect(result).toEqual(b(""));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_respects_content_length", async () => {
    await inLoop(function* () {
      const data = b(".".repeat(100500));
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(data, tail));
      const obj = new BodyPartReader(BOUNDARY, { "CONTENT-LENGTH": "100500" }, stream);
      const result = yield* obj.read();
      expect(result).toEqual(data);
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_read_with_content_encoding_gzip", async () => {
    await inLoop(function* () {
      const stream = Stream(
        b(
          "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x0b\xc9\xccMU" +
            "(\xc9W\x08J\xcdI\xacP\x04\x00$\xfb\x9eV\x0e\x00\x00\x00" +
            `${newline}--:--`,
        ),
      );
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_ENCODING]: "gzip" }, stream);
      const result = yield* obj.read({ decode: true });
      expect(result).toEqual(b("Time to Relax!"));
    });
  });

  it("test_read_with_content_encoding_deflate", async () => {
    await inLoop(function* () {
      const data = b("\x0b\xc9\xccMU(\xc9W\x08J\xcdI\xacP\x04\x00");
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(data, tail));
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_ENCODING]: "deflate" }, stream);
      const result = yield* obj.read({ decode: true });
      expect(result).toEqual(b("Time to Relax!"));
    });
  });

  it("test_read_with_content_encoding_identity", async () => {
    await inLoop(function* () {
      const thing = b(
        "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x0b\xc9\xccMU" +
          "(\xc9W\x08J\xcdI\xacP\x04\x00$\xfb\x9eV\x0e\x00\x00\x00",
      );
      const stream = Stream(b(thing, `${newline}--:--`));
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_ENCODING]: "identity" }, stream);
      const result = yield* obj.read({ decode: true });
      expect(result).toEqual(thing);
    });
  });

  it("test_read_with_content_encoding_unknown", async () => {
    await inLoop(function* () {
      const stream = Stream(`\x0e4Time to Relax!${newline}--:--`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_ENCODING]: "snappy" }, stream);
      // pytest.raises(RuntimeError): Error (not one of its subclasses)
      const err = yield* catching(obj.read({ decode: true }));
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).constructor).toBe(Error);
    });
  });

  it("test_read_with_content_transfer_encoding_base64", async () => {
    await inLoop(function* () {
      const stream = Stream(`VGltZSB0byBSZWxheCE=${newline}--:--`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TRANSFER_ENCODING]: "base64" }, stream);
      const result = yield* obj.read({ decode: true });
      expect(result).toEqual(b("Time to Relax!"));
    });
  });

  it("test_read_with_content_transfer_encoding_quoted_printable", async () => {
    await inLoop(function* () {
      const stream = Stream(`=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82, =D0=BC=D0=B8=D1=80!${newline}--:--`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TRANSFER_ENCODING]: "quoted-printable" }, stream);
      const result = yield* obj.read({ decode: true });
      const expected = b("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80!");
      expect(result).toEqual(expected);
    });
  });

  describe.each(["binary", "8bit", "7bit"])("[%s]", (encoding) => {
    it("test_read_with_content_transfer_encoding_binary", async () => {
      await inLoop(function* () {
        const data = b("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80!");
        const stream = Stream(b(data, `${newline}--:--`));
        const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TRANSFER_ENCODING]: encoding }, stream);
        const result = yield* obj.read({ decode: true });
        expect(result).toEqual(data);
      });
    });
  });

  it("test_read_with_content_transfer_encoding_unknown", async () => {
    await inLoop(function* () {
      const stream = Stream(`\x0e4Time to Relax!${newline}--:--`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TRANSFER_ENCODING]: "unknown" }, stream);
      // pytest.raises(RuntimeError): Error (not one of its subclasses)
      const err = yield* catching(obj.read({ decode: true }));
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).constructor).toBe(Error);
    });
  });

  it("test_read_text", async () => {
    await inLoop(function* () {
      const stream = Stream(`Hello, world!${newline}--:--`);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const result = yield* obj.text();
      expect(result).toBe("Hello, world!");
    });
  });

  it("test_read_text_default_encoding", async () => {
    await inLoop(function* () {
      const data = "Привет, Мир!";
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(Buffer.from(data, "utf8"), tail));
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const result = yield* obj.text();
      expect(result).toBe(data);
    });
  });

  it("test_read_text_encoding", async () => {
    await inLoop(function* () {
      const data = "Привет, Мир!";
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(charset("cp1251").encode(data), tail));
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const result = yield* obj.text({ encoding: "cp1251" });
      expect(result).toBe(data);
    });
  });

  it("test_read_text_guess_encoding", async () => {
    await inLoop(function* () {
      const data = "Привет, Мир!";
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(charset("cp1251").encode(data), tail));
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TYPE]: "text/plain;charset=cp1251" }, stream);
      const result = yield* obj.text();
      expect(result).toBe(data);
    });
  });

  it("test_read_text_compressed", async () => {
    await inLoop(function* () {
      const data = b(`\x0b\xc9\xccMU(\xc9W\x08J\xcdI\xacP\x04\x00${newline}--:--`);
      const stream = Stream(data);
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_ENCODING]: "deflate", [CONTENT_TYPE]: "text/plain" },
        stream,
      );
      const result = yield* obj.text();
      expect(result).toBe("Time to Relax!");
    });
  });

  it("test_read_text_while_closed", async () => {
    await inLoop(function* () {
      // `obj._at_eof = True` sets a private field; here the (empty) part is read to its end
      // first, the stream holding nothing past it, as the upstream's empty Stream
      const stream = Stream(`${newline}--:`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TYPE]: "text/plain" }, stream);
      yield* obj.release();
      const result = yield* obj.text();
      expect(result).toBe("");
    });
  });

  it("test_read_json", async () => {
    await inLoop(function* () {
      const stream = Stream(`{"test": "passed"}${newline}--:--`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TYPE]: "application/json" }, stream);
      const result = yield* obj.json();
      expect(result).toEqual({ test: "passed" });
    });
  });

  it("test_read_json_encoding", async () => {
    await inLoop(function* () {
      const data = charset("cp1251").encode('{"тест": "пассед"}');
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(data, tail));
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TYPE]: "application/json" }, stream);
      const result = yield* obj.json({ encoding: "cp1251" });
      expect(result).toEqual({ тест: "пассед" });
    });
  });

  it("test_read_json_guess_encoding", async () => {
    await inLoop(function* () {
      const data = charset("cp1251").encode('{"тест": "пассед"}');
      const tail = b(`${newline}--:--`);
      const stream = Stream(b(data, tail));
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_TYPE]: "application/json; charset=cp1251" },
        stream,
      );
      const result = yield* obj.json();
      expect(result).toEqual({ тест: "пассед" });
    });
  });

  it("test_read_json_compressed", async () => {
    await inLoop(function* () {
      const stream = Stream(`\xabV*I-.Q\xb2RP*H,.NMQ\xaa\x05\x00${newline}--:--`);
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_ENCODING]: "deflate", [CONTENT_TYPE]: "application/json" },
        stream,
      );
      const result = yield* obj.json();
      expect(result).toEqual({ test: "passed" });
    });
  });

  it("test_read_json_while_closed", async () => {
    await inLoop(function* () {
      // `obj._at_eof = True`: the (empty) part read to its end first, see test_read_text_while_closed
      const stream = Stream(`${newline}--:`);
      const obj = new BodyPartReader(BOUNDARY, { [CONTENT_TYPE]: "application/json" }, stream);
      yield* obj.release();
      const result = yield* obj.json();
      expect(result).toBe(null);
    });
  });

  it("test_read_form", async () => {
    await inLoop(function* () {
      const data = `foo=bar&foo=baz&boo=${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_TYPE]: "application/x-www-form-urlencoded" },
        stream,
      );
      const result = yield* obj.form();
      expect(result).toEqual([
        ["foo", "bar"],
        ["foo", "baz"],
        ["boo", ""],
      ]);
    });
  });

  it("test_read_form_encoding", async () => {
    await inLoop(function* () {
      const data = `foo=bar&foo=baz&boo=${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_TYPE]: "application/x-www-form-urlencoded" },
        stream,
      );
      const result = yield* obj.form({ encoding: "cp1251" });
      expect(result).toEqual([
        ["foo", "bar"],
        ["foo", "baz"],
        ["boo", ""],
      ]);
    });
  });

  it("test_read_form_guess_encoding", async () => {
    await inLoop(function* () {
      const data = `foo=bar&foo=baz&boo=${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_TYPE]: "application/x-www-form-urlencoded; charset=utf-8" },
        stream,
      );
      const result = yield* obj.form();
      expect(result).toEqual([
        ["foo", "bar"],
        ["foo", "baz"],
        ["boo", ""],
      ]);
    });
  });

  it("test_read_form_while_closed", async () => {
    await inLoop(function* () {
      // `obj._at_eof = True`: the (empty) part read to its end first, see test_read_text_while_closed
      const stream = Stream(`${newline}--:`);
      const obj = new BodyPartReader(
        BOUNDARY,
        { [CONTENT_TYPE]: "application/x-www-form-urlencoded" },
        stream,
      );
      yield* obj.release();
      const result = yield* obj.form();
      expect(result.length === 0).toBe(true);
    });
  });

  it("test_readline", async () => {
    await inLoop(function* () {
      const data = `Hello\n,\r\nworld!${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      let result = yield* obj.readline();
      expect(result).toEqual(b("Hello\n"));
      result = yield* obj.readline();
      expect(result).toEqual(b(",\r\n"));
      result = yield* obj.readline();
      expect(result).toEqual(b("world!"));
      result = yield* obj.readline();
      expect(result).toEqual(b(""));
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_release", async () => {
    await inLoop(function* () {
      const data = `Hello,${newline}--:\r\n\r\nworld!${newline}--:--`;
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const remained = b(`--:\r\n\r\nworld!${newline}--:--`);
      yield* obj.release();
      expect(obj.atEof()).toBe(true);
      expect(yield* stream.read()).toEqual(remained);
    });
  });

  it("test_release_respects_content_length", async () => {
    await inLoop(function* () {
      const stream = Stream(b(".".repeat(100500), `${newline}--:--`));
      const obj = new BodyPartReader(BOUNDARY, { "CONTENT-LENGTH": "100500" }, stream);
      const result = yield* obj.release();
      expect(result).toBe(undefined); // Python's None
      expect(obj.atEof()).toBe(true);
    });
  });

  it("test_release_release", async () => {
    await inLoop(function* () {
      const data = `Hello,${newline}--:\r\n\r\nworld!${newline}--:--`;
      const remained = b(`--:\r\n\r\nworld!${newline}--:--`);
      const stream = Stream(data);
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      yield* obj.release();
      yield* obj.release();
      expect(yield* stream.read()).toEqual(remained);
    });
  });

  it("test_filename", () => {
    // content None: a StreamReader never read
    const part = new BodyPartReader(
      BOUNDARY,
      { [CONTENT_DISPOSITION]: "attachment; filename=foo.html" },
      new StreamReader(),
    );
    expect(part.filename).toBe("foo.html");
  });

  it("test_reading_long_part", async () => {
    await inLoop(function* () {
      const size = 2 * 2 ** 16;
      const stream = new StreamReader(2 ** 16);
      stream.feedData(b("0".repeat(size), "\r\n--:--"));
      stream.feedEof();
      const obj = new BodyPartReader(BOUNDARY, {}, stream);
      const data = yield* obj.read();
      expect(data.length).toBe(size);
    });
  });
});

/** The upstream `Response`: headers and content. */
const Response = (headers: CIMultiDict, content: StreamReader) => ({ headers, content, release() {} });

describe("TestMultipartReader", () => {
  it("test_from_response", () => {
    const stream = Stream(`--:${newline}\r\nhello${newline}--:--`);
    const resp = Response(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
    const res = MultipartReader.fromResponse(resp as never);
    expect(res).toBeInstanceOf(MultipartResponseWrapper);
    expect(res.stream).toBeInstanceOf(MultipartReader);
  });

  it("test_bad_boundary", () => {
    const stream = Stream("");
    const resp = Response(H({ [CONTENT_TYPE]: `multipart/related;boundary=${"a".repeat(80)}` }), stream);
    // pytest.raises(ValueError)
    expect(() => MultipartReader.fromResponse(resp as never)).toThrow(RangeError);
  });

  // `reader._get_part_reader(headers)` is private; its public route is `fetchNextPart()`, which
  // reads the part's headers off the stream and calls it: the headers go in front of the stream
  it("test_dispatch", async () => {
    await inLoop(function* () {
      const stream = Stream(`Content-Type: text/plain\r\n\r\n--:${newline}\r\necho${newline}--:--`);
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const res = yield* reader.fetchNextPart();
      expect(res).toBeInstanceOf(reader.partReaderCls);
    });
  });

  it("test_dispatch_bodypart", async () => {
    await inLoop(function* () {
      const stream = Stream(`Content-Type: text/plain\r\n\r\n--:${newline}\r\necho${newline}--:--`);
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const res = yield* reader.fetchNextPart();
      expect(res).toBeInstanceOf(reader.partReaderCls);
    });
  });

  it("test_dispatch_multipart", async () => {
    await inLoop(function* () {
      const stream = Stream(
        "Content-Type: multipart/related;boundary=--:--\r\n\r\n" +
          ["----:--", "", "test", "----:--", "", "passed", "----:------:--"].join(newline),
      );
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const res = yield* reader.fetchNextPart();
      expect(res).toBeInstanceOf(reader.constructor);
    });
  });

  it("test_dispatch_custom_multipart_reader", async () => {
    class CustomReader extends MultipartReader {}
    await inLoop(function* () {
      const reader = new MultipartReader(
        H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }),
        Stream(
          "Content-Type: multipart/related;boundary=--:--\r\n\r\n" +
            "----:--\r\n" +
            "\r\n" +
            "test\r\n" +
            "----:--\r\n" +
            "\r\n" +
            "passed\r\n" +
            "----:----\r\n" +
            "--:--",
        ),
      );
      reader.multipartReaderCls = CustomReader;
      const res = yield* reader.fetchNextPart();
      expect(res).toBeInstanceOf(CustomReader);
    });
  });

  it("test_emit_next", async () => {
    await inLoop(function* () {
      const stream = Stream(`--:${newline}\r\necho${newline}--:--`);
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const res = yield* reader.next();
      expect(res).toBeInstanceOf(reader.partReaderCls);
    });
  });

  it("test_invalid_boundary", async () => {
    await inLoop(function* () {
      const stream = Stream(`---:${newline}\r\necho${newline}---:--`);
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      // pytest.raises(ValueError)
      expect(yield* catching(reader.next())).toBeInstanceOf(RangeError);
    });
  });

  it("test_release", async () => {
    await inLoop(function* () {
      const stream = Stream(
        [
          "--:",
          "Content-Type: multipart/related;boundary=--:--",
          "",
          "----:--",
          "",
          "test",
          "----:--",
          "",
          "passed",
          "----:----",
          "",
          "--:--",
        ].join(newline),
      );
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/mixed;boundary=":"' }), stream);
      yield* reader.release();
      expect(reader.atEof()).toBe(true);
    });
  });

  it("test_release_release", async () => {
    await inLoop(function* () {
      const stream = Stream(`--:${newline}\r\necho${newline}--:--`);
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      yield* reader.release();
      expect(reader.atEof()).toBe(true);
      yield* reader.release();
      expect(reader.atEof()).toBe(true);
    });
  });

  it("test_release_next", async () => {
    await inLoop(function* () {
      const stream = Stream(`--:${newline}\r\necho${newline}--:--`);
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      yield* reader.release();
      expect(reader.atEof()).toBe(true);
      const res = yield* reader.next();
      expect(res).toBe(null);
    });
  });

  it("test_second_next_releases_previous_object", async () => {
    await inLoop(function* () {
      const stream = Stream(["--:", "", "test", "--:", "", "passed", "--:--"].join(newline));
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const first = yield* reader.next();
      expect(first).toBeInstanceOf(BodyPartReader);
      const second = yield* reader.next();
      expect(first?.atEof()).toBe(true);
      expect(second?.atEof()).toBe(false);
    });
  });

  it("test_release_without_read_the_last_object", async () => {
    await inLoop(function* () {
      const stream = Stream(["--:", "", "test", "--:", "", "passed", "--:--"].join(newline));
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const first = yield* reader.next();
      const second = yield* reader.next();
      const third = yield* reader.next();
      expect(first?.atEof()).toBe(true);
      expect(second?.atEof()).toBe(true);
      expect(second?.atEof()).toBe(true);
      expect(third).toBe(null);
    });
  });

  it("test_read_chunk_by_length_doesnt_breaks_reader", async () => {
    await inLoop(function* () {
      const stream = Stream(
        ["--:", "Content-Length: 4", "", "test", "--:", "Content-Length: 6", "", "passed", "--:--"].join(
          newline,
        ),
      );
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const bodyParts: Buffer[] = [];
      for (;;) {
        let readPart = b("");
        const part = (yield* reader.next()) as BodyPartReader | null;
        if (part === null) break;
        while (!part.atEof()) readPart = b(readPart, yield* part.readChunk(3));
        bodyParts.push(readPart);
      }
      expect(bodyParts).toEqual([b("test"), b("passed")]);
    });
  });

  it("test_read_chunk_from_stream_doesnt_breaks_reader", async () => {
    await inLoop(function* () {
      const stream = Stream(["--:", "", "chunk", "--:", "", "two_chunks", "--:--"].join(newline));
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const bodyParts: Buffer[] = [];
      for (;;) {
        let readPart = b("");
        const part = (yield* reader.next()) as BodyPartReader | null;
        if (part === null) break;
        while (!part.atEof()) {
          const chunk = yield* part.readChunk(5);
          expect(chunk.length > 0).toBe(true);
          readPart = b(readPart, chunk);
        }
        bodyParts.push(readPart);
      }
      expect(bodyParts).toEqual([b("chunk"), b("two_chunks")]);
    });
  });

  it("test_reading_skips_prelude", async () => {
    await inLoop(function* () {
      const stream = Stream(
        ["Multi-part data is not supported.", "", "--:", "", "test", "--:", "", "passed", "--:--"].join(
          newline,
        ),
      );
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/related;boundary=":"' }), stream);
      const first = yield* reader.next();
      expect(first).toBeInstanceOf(BodyPartReader);
      const second = yield* reader.next();
      expect(first?.atEof()).toBe(true);
      expect(second?.atEof()).toBe(false);
    });
  });
});

// `await writer.write(stream)` into `buf` is `writer.encode()` here
describe("writer (module-level tests)", () => {
  it("test_writer", () => {
    const writer = makeWriter();
    expect(writer.size).toBe(7);
    expect(writer.boundary).toBe(":");
  });

  // FAILS: the part is a file object (Python's io.BytesIO; here a Node Readable over the same
  // bytes): the writer takes text, bytes, JSON, forms and nested writers, not files or streams
  it("test_writer_serialize_io_chunk", async () => {
    const writer = new MultipartWriter("mixed", ":");
    const flo = new Blob([Buffer.from("foobarbaz")]); // io.BytesIO(b"foobarbaz"): see the header
    writer.append(flo);
    const buf: Buffer[] = [];
    await toPromise(writer.write({ write: (chunk: Buffer) => buf.push(chunk) }));
    expect(Buffer.concat(buf)).toEqual(
      b("--:\r\nContent-Type: application/octet-stream\r\nContent-Length: 9\r\n\r\nfoobarbaz\r\n--:--\r\n"),
    );
  });

  // FAILS: appendJson serializes with JSON.stringify by default (as the session's json= and
  // ws.sendJson: no spaces after ":" and ",", non-ASCII kept), aiohttp with json.dumps
  it.fails("test_writer_serialize_json", () => {
    const writer = makeWriter();
    writer.appendJson({ привет: "мир" });
    const buf = writer.encode();
    expect(
      buf.includes(b('{"\\u043f\\u0440\\u0438\\u0432\\u0435\\u0442":', ' "\\u043c\\u0438\\u0440"}')),
    ).toBe(true);
  });

  it("test_writer_serialize_form", () => {
    const writer = makeWriter();
    const data: [string, string][] = [
      ["foo", "bar"],
      ["foo", "baz"],
      ["boo", "zoo"],
    ];
    writer.appendForm(data);
    const buf = writer.encode();
    expect(buf.includes(b("foo=bar&foo=baz&boo=zoo"))).toBe(true);
  });

  it("test_writer_serialize_form_dict", () => {
    const writer = makeWriter();
    const data = { hello: "мир" };
    writer.appendForm(data);
    const buf = writer.encode();
    expect(buf.includes(b("hello=%D0%BC%D0%B8%D1%80"))).toBe(true);
  });

  // FAILS: appendJson serializes with JSON.stringify by default (as the session's json= and
  // ws.sendJson: no spaces after ":" and ",", non-ASCII kept), aiohttp with json.dumps
  it.fails("test_writer_write", () => {
    const writer = makeWriter();
    writer.append("foo-bar-baz");
    writer.appendJson({ test: "passed" });
    writer.appendForm({ test: "passed" });
    writer.appendForm([
      ["one", 1],
      ["two", 2],
    ] as unknown as [string, string][]);

    const subMultipart = new MultipartWriter("mixed", "::");
    subMultipart.append("nested content");
    // `sub_multipart.headers["X-CUSTOM"] = "test"`: a writer's own headers are those of the
    // part it becomes, given with it
    writer.append(subMultipart, { "X-CUSTOM": "test" });
    const buf = writer.encode();

    expect(buf).toEqual(
      b(
        "--:\r\n" +
          "Content-Type: text/plain; charset=utf-8\r\n" +
          "Content-Length: 11\r\n\r\n" +
          "foo-bar-baz" +
          "\r\n" +
          "--:\r\n" +
          "Content-Type: application/json\r\n" +
          "Content-Length: 18\r\n\r\n" +
          '{"test": "passed"}' +
          "\r\n" +
          "--:\r\n" +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          "Content-Length: 11\r\n\r\n" +
          "test=passed" +
          "\r\n" +
          "--:\r\n" +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          "Content-Length: 11\r\n\r\n" +
          "one=1&two=2" +
          "\r\n" +
          "--:\r\n" +
          'Content-Type: multipart/mixed; boundary="::"\r\n' +
          "X-CUSTOM: test\r\nContent-Length: 93\r\n\r\n" +
          "--::\r\n" +
          "Content-Type: text/plain; charset=utf-8\r\n" +
          "Content-Length: 14\r\n\r\n" +
          "nested content\r\n" +
          "--::--\r\n" +
          "\r\n" +
          "--:--\r\n",
      ),
    );
  });

  // FAILS: as test_writer_write, the JSON part is written by JSON.stringify
  it.fails("test_writer_write_no_close_boundary", () => {
    const writer = new MultipartWriter("mixed", ":");
    writer.append("foo-bar-baz");
    writer.appendJson({ test: "passed" });
    writer.appendForm({ test: "passed" });
    writer.appendForm([
      ["one", 1],
      ["two", 2],
    ] as unknown as [string, string][]);
    const buf = writer.encode({ closeBoundary: false });

    expect(buf).toEqual(
      b(
        "--:\r\n" +
          "Content-Type: text/plain; charset=utf-8\r\n" +
          "Content-Length: 11\r\n\r\n" +
          "foo-bar-baz" +
          "\r\n" +
          "--:\r\n" +
          "Content-Type: application/json\r\n" +
          "Content-Length: 18\r\n\r\n" +
          '{"test": "passed"}' +
          "\r\n" +
          "--:\r\n" +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          "Content-Length: 11\r\n\r\n" +
          "test=passed" +
          "\r\n" +
          "--:\r\n" +
          "Content-Type: application/x-www-form-urlencoded\r\n" +
          "Content-Length: 11\r\n\r\n" +
          "one=1&two=2" +
          "\r\n",
      ),
    );
  });

  it("test_writer_write_no_parts", () => {
    const writer = makeWriter();
    const buf = writer.encode();
    expect(buf).toEqual(b("--:--\r\n"));
  });

  /** `bytes(buf).split(b"\r\n\r\n", 1)` */
  const split = (buf: Buffer): [Buffer, Buffer] => {
    const at = buf.indexOf("\r\n\r\n");
    return [buf.subarray(0, at), buf.subarray(at + 4)];
  };
  /** `message.split(b"\r\n")[0]` */
  const firstLine = (message: Buffer): Buffer => {
    const at = message.indexOf("\r\n");
    return at < 0 ? message : message.subarray(0, at);
  };

  it("test_writer_serialize_with_content_encoding_gzip", () => {
    const writer = makeWriter();
    writer.append("Time to Relax!", { [CONTENT_ENCODING]: "gzip" });
    const [headers, message] = split(writer.encode());

    expect(headers).toEqual(b("--:\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Encoding: gzip"));

    // zlib.decompressobj(wbits=16 + zlib.MAX_WBITS): a gzip stream
    const data = gunzipSync(firstLine(message), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    expect(data).toEqual(b("Time to Relax!"));
  });

  it("test_writer_serialize_with_content_encoding_deflate", () => {
    const writer = makeWriter();
    writer.append("Time to Relax!", { [CONTENT_ENCODING]: "deflate" });
    const [headers, message] = split(writer.encode());

    expect(headers).toEqual(b("--:\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Encoding: deflate"));

    const thing = b("\x0b\xc9\xccMU(\xc9W\x08J\xcdI\xacP\x04\x00\r\n--:--\r\n");
    expect(message).toEqual(thing);
  });

  it("test_writer_serialize_with_content_encoding_identity", () => {
    const writer = makeWriter();
    const thing = b("\x0b\xc9\xccMU(\xc9W\x08J\xcdI\xacP\x04\x00");
    writer.append(thing, { [CONTENT_ENCODING]: "identity" });
    const [headers, message] = split(writer.encode());

    expect(headers).toEqual(
      b("--:\r\nContent-Type: application/octet-stream\r\nContent-Encoding: identity\r\nContent-Length: 16"),
    );

    expect(firstLine(message)).toEqual(thing);
  });

  it("test_writer_serialize_with_content_encoding_unknown", () => {
    const writer = makeWriter();
    // pytest.raises(RuntimeError)
    expect(() => writer.append("Time to Relax!", { [CONTENT_ENCODING]: "snappy" })).toThrow(Error);
  });

  it("test_writer_with_content_transfer_encoding_base64", () => {
    const writer = makeWriter();
    writer.append("Time to Relax!", { [CONTENT_TRANSFER_ENCODING]: "base64" });
    const [headers, message] = split(writer.encode());

    expect(headers).toEqual(
      b("--:\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64"),
    );

    expect(firstLine(message)).toEqual(b("VGltZSB0byBSZWxheCE="));
  });

  it("test_writer_content_transfer_encoding_quote_printable", () => {
    const writer = makeWriter();
    writer.append("Привет, мир!", { [CONTENT_TRANSFER_ENCODING]: "quoted-printable" });
    const [headers, message] = split(writer.encode());

    expect(headers).toEqual(
      b("--:\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"),
    );

    expect(firstLine(message)).toEqual(b("=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82, =D0=BC=D0=B8=D1=80!"));
  });

  it("test_writer_content_transfer_encoding_unknown", () => {
    const writer = makeWriter();
    // pytest.raises(RuntimeError)
    expect(() => writer.append("Time to Relax!", { [CONTENT_TRANSFER_ENCODING]: "unknown" })).toThrow(Error);
  });
});

describe("TestMultipartWriter", () => {
  // `writer.headers` (`{Content-Type: …}`) is `writer.contentType` here: the writer's headers
  // are those of the part it becomes, given when it is appended (see test_writer_write)
  const headersOf = (writer: MultipartWriter) => ({ [CONTENT_TYPE]: writer.contentType });

  it("test_default_subtype", () => {
    const writer = makeWriter();
    const mimetype = parseMimetype(headersOf(writer)[CONTENT_TYPE]);

    expect(mimetype.type).toBe("multipart");
    expect(mimetype.subtype).toBe("mixed");
  });

  it("test_unquoted_boundary", () => {
    const writer = new MultipartWriter("mixed", "abc123");
    const expected = { [CONTENT_TYPE]: "multipart/mixed; boundary=abc123" };
    expect(headersOf(writer)).toEqual(expected);
  });

  it("test_quoted_boundary", () => {
    const writer = new MultipartWriter("mixed", String.raw`\"`);
    const expected = { [CONTENT_TYPE]: String.raw`multipart/mixed; boundary="\\\""` };
    expect(headersOf(writer)).toEqual(expected);
  });

  it("test_bad_boundary", () => {
    // pytest.raises(ValueError)
    expect(() => new MultipartWriter("mixed", "тест")).toThrow(RangeError);
    expect(() => new MultipartWriter("mixed", "test\n")).toThrow(RangeError);
  });

  it("test_default_headers", () => {
    const writer = makeWriter();
    const expected = { [CONTENT_TYPE]: 'multipart/mixed; boundary=":"' };
    expect(headersOf(writer)).toEqual(expected);
  });

  it("test_iter_parts", () => {
    const writer = makeWriter();
    writer.append("foo");
    writer.append("bar");
    writer.append("baz");
    expect([...writer].length).toBe(3);
  });

  it("test_append", () => {
    const writer = makeWriter();
    expect(writer.length).toBe(0);
    writer.append("hello, world!");
    expect(writer.length).toBe(1);
    expect(partOf(writer, 0)).toBeInstanceOf(PartClass); // payload.Payload
  });

  it("test_append_with_headers", () => {
    const writer = makeWriter();
    writer.append("hello, world!", { "x-foo": "bar" });
    expect(writer.length).toBe(1);
    expect(partOf(writer, 0).headers.has("x-foo")).toBe(true);
    expect(partOf(writer, 0).headers.get("x-foo")).toBe("bar");
  });

  it("test_append_json", () => {
    const writer = makeWriter();
    writer.appendJson({ foo: "bar" });
    expect(writer.length).toBe(1);
    const part = partOf(writer, 0);
    expect(part.headers.get(CONTENT_TYPE)).toBe("application/json");
  });

  it("test_append_part", () => {
    const writer = makeWriter();
    // payload.get_payload("test", headers={CONTENT_TYPE: "text/plain"})
    let part = new PartClass(Buffer.from("test"), "text/plain");
    writer.append(part, { [CONTENT_TYPE]: "test/passed" });
    expect(writer.length).toBe(1);
    part = partOf(writer, 0);
    expect(part.headers.get(CONTENT_TYPE)).toBe("test/passed");
  });

  it("test_append_json_overrides_content_type", () => {
    const writer = makeWriter();
    writer.appendJson({ foo: "bar" }, { [CONTENT_TYPE]: "test/passed" });
    expect(writer.length).toBe(1);
    const part = partOf(writer, 0);
    expect(part.headers.get(CONTENT_TYPE)).toBe("test/passed");
  });

  it("test_append_form", () => {
    const writer = makeWriter();
    writer.appendForm({ foo: "bar" }, { [CONTENT_TYPE]: "test/passed" });
    expect(writer.length).toBe(1);
    const part = partOf(writer, 0);
    expect(part.headers.get(CONTENT_TYPE)).toBe("test/passed");
  });

  it("test_append_multipart", () => {
    const writer = makeWriter();
    const subwriter = new MultipartWriter("mixed", ":");
    subwriter.appendJson({ foo: "bar" });
    writer.append(subwriter, { [CONTENT_TYPE]: "test/passed" });
    expect(writer.length).toBe(1);
    const part = partOf(writer, 0);
    expect(part.headers.get(CONTENT_TYPE)).toBe("test/passed");
  });

  // `with MultipartWriter(...) as writer:` — the writer's context manager does nothing; a block
  it("test_with", () => {
    const writer = new MultipartWriter("mixed", ":");
    writer.append("foo");
    writer.append(b("bar"));
    writer.appendJson({ baz: true });
    expect(writer.length).toBe(3);
  });

  it("test_append_int_not_allowed", () => {
    expect(() => {
      const writer = new MultipartWriter("mixed", ":");
      writer.append(1 as never);
    }).toThrow(TypeError);
  });

  it("test_append_float_not_allowed", () => {
    expect(() => {
      const writer = new MultipartWriter("mixed", ":");
      writer.append(1.1 as never);
    }).toThrow(TypeError);
  });

  it("test_append_none_not_allowed", () => {
    expect(() => {
      const writer = new MultipartWriter("mixed", ":");
      writer.append(null as never);
    }).toThrow(TypeError);
  });

  it("test_write_preserves_content_disposition", () => {
    const writer = new MultipartWriter("mixed", ":");
    const part = writer.append(b("foo"), { [CONTENT_TYPE]: "test/passed" });
    part.setContentDisposition("form-data", { filename: "bug" });
    const buf = writer.encode();

    const at = buf.indexOf("\r\n\r\n");
    const [headers, message] = [buf.subarray(0, at), buf.subarray(at + 4)];

    expect(headers).toEqual(
      b(
        "--:\r\n" +
          "Content-Type: test/passed\r\n" +
          "Content-Length: 3\r\n" +
          "Content-Disposition:" +
          ' form-data; filename="bug"',
      ),
    );
    expect(message).toEqual(b("foo\r\n--:--\r\n"));
  });

  // the upstream appends `open(__file__, "rb")`; the writer takes bytes: this file's bytes
  const thisFile = () => readFileSync(fileURLToPath(import.meta.url));

  // FAILS: a form-data part gets no Content-Length (RFC 7578 4.8), as aiohttp 3.9 and Debian's
  // patched 3.8.4 (/usr/bin/python3) do; upstream 3.8.4, whose test this is, writes one
  it.fails("test_preserve_content_disposition_header", () => {
    const writer = new MultipartWriter("form-data", ":");
    const part = writer.append(thisFile(), {
      [CONTENT_DISPOSITION]: 'attachments; filename="bug.py"',
      [CONTENT_TYPE]: "text/python",
    });
    const contentLength = part.size;
    const buf = writer.encode();

    expect(part.headers.get(CONTENT_TYPE)).toBe("text/python");
    expect(part.headers.get(CONTENT_DISPOSITION)).toBe('attachments; filename="bug.py"');

    const headers = buf.subarray(0, buf.indexOf("\r\n\r\n"));

    expect(headers).toEqual(
      b(
        "--:\r\n" +
          "Content-Type: text/python\r\n" +
          'Content-Disposition: attachments; filename="bug.py"\r\n' +
          `Content-Length: ${contentLength}`,
      ),
    );
  });

  // FAILS: as test_preserve_content_disposition_header (no Content-Length in form-data)
  it.fails("test_set_content_disposition_override", () => {
    const writer = new MultipartWriter("form-data", ":");
    const part = writer.append(thisFile(), {
      [CONTENT_DISPOSITION]: 'attachments; filename="bug.py"',
      [CONTENT_TYPE]: "text/python",
    });
    const contentLength = part.size;
    const buf = writer.encode();

    expect(part.headers.get(CONTENT_TYPE)).toBe("text/python");
    expect(part.headers.get(CONTENT_DISPOSITION)).toBe('attachments; filename="bug.py"');

    const headers = buf.subarray(0, buf.indexOf("\r\n\r\n"));

    expect(headers).toEqual(
      b(
        "--:\r\n" +
          "Content-Type: text/python\r\n" +
          'Content-Disposition: attachments; filename="bug.py"\r\n' +
          `Content-Length: ${contentLength}`,
      ),
    );
  });

  // FAILS: as test_preserve_content_disposition_header (no Content-Length in form-data)
  it.fails("test_reset_content_disposition_header", () => {
    const writer = new MultipartWriter("form-data", ":");
    const part = writer.append(thisFile(), { [CONTENT_TYPE]: "text/plain" });

    const contentLength = part.size;

    expect(part.headers.has(CONTENT_DISPOSITION)).toBe(true);

    part.setContentDisposition("attachments", { filename: "bug.py" });

    const buf = writer.encode();

    const headers = buf.subarray(0, buf.indexOf("\r\n\r\n"));

    expect(headers).toEqual(
      b(
        "--:\r\n" +
          "Content-Type: text/plain\r\n" +
          "Content-Disposition:" +
          ' attachments; filename="bug.py"\r\n' +
          `Content-Length: ${contentLength}`,
      ),
    );
  });
});

describe("async for (module-level tests)", () => {
  it("test_async_for_reader", async () => {
    const data: unknown[] = [{ test: "passed" }, 42, b("plain text"), b("aiohttp\n"), b("no epilogue")];
    await inLoop(function* () {
      const stream = Stream(
        b(
          ...[
            "--:",
            "Content-Type: application/json",
            "",
            '{"test": "passed"}', // json.dumps(data[0])
            "--:",
            "Content-Type: application/json",
            "",
            "42", // json.dumps(data[1])
            "--:",
            'Content-Type: multipart/related; boundary="::"',
            "",
            "--::",
            "Content-Type: text/plain",
            "",
            data[2] as Buffer,
            "--::",
            'Content-Disposition: attachment; filename="aiohttp"',
            "Content-Type: text/plain",
            "Content-Length: 28",
            "Content-Encoding: gzip",
            "",
            "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03K\xcc\xcc\xcf())" +
              "\xe0\x02\x00\xd6\x90\xe2O\x08\x00\x00\x00",
            "--::",
            'Content-Type: multipart/related; boundary=":::"',
            "",
            "--:::",
            "Content-Type: text/plain",
            "",
            data[4] as Buffer,
            "--:::--",
            "--::--",
            "",
            "--:--",
            "",
          ].flatMap((piece, i) => (i === 0 ? [piece] : [newline, piece])),
        ),
      );
      const reader = new MultipartReader(H({ [CONTENT_TYPE]: 'multipart/mixed; boundary=":"' }), stream);
      const idata = data[Symbol.iterator]();

      async function check(reader: MultipartReader): Promise<void> {
        for await (const part of reader) {
          if (part instanceof BodyPartReader) {
            if (part.headers.get(CONTENT_TYPE) === "application/json") {
              expect(await toPromise(part.json())).toEqual(idata.next().value);
            } else {
              expect(await toPromise(part.read({ decode: true }))).toEqual(idata.next().value);
            }
          } else {
            await check(part);
          }
        }
      }

      yield* fromPromise(check(reader));
    });
  });

  it("test_async_for_bodypart", async () => {
    await inLoop(function* () {
      const stream = Stream("foobarbaz\r\n--:--");
      const part = new BodyPartReader(b("--:"), {}, stream);
      yield* fromPromise(
        (async () => {
          for await (const data of part) {
            expect(data).toEqual(b("foobarbaz"));
          }
        })(),
      );
    });
  });
});
