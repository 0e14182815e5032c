/**
 * The codecs' incremental decoders and encoders against CPython 3.12's (`codecs.getincrementaldecoder`,
 * `codecs.getincrementalencoder`), chunk by chunk: the text (or bytes) of each chunk, the bytes held
 * back after it (`getstate()[0]`), and the error, with its message, where CPython raises one. Then
 * what the text files rely on (`pending`, `lossy`, `byteLength`, `encodable`, `encodeError`,
 * `reset`), and the names and arguments Python accepts. Written to kill the mutants of codecs.ts
 * (see MUTATION.md, session 10).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findPython } from "@aio/differential";
import { LookupError } from "@aio/loop";
import { using } from "@aio/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeError } from "../src/codecs.js";
import { type ErrorHandler, open, UnicodeEncodeError, UnicodeError } from "../src/index.js";
import { checkErrorHandler, decodeUtf8SurrogateEscape, lookupCodec } from "../src/internal.js";
import { catching, inLoop, scratch } from "./helpers.js";

const HANDLERS: ErrorHandler[] = ["strict", "surrogateescape", "replace", "ignore"];
const CODECS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-16", "latin-1", "ascii"];

type Step = { out: string; pending?: number } | { error: string; message: string };
type Case = [kind: "decode" | "encode", encoding: string, errors: ErrorHandler, chunks: string[]];

const PYTHON_SIDE = `
import codecs, json, sys
out = []
for kind, enc, errors, chunks in json.load(sys.stdin):
    steps = []
    try:
        if kind == "decode":
            d = codecs.getincrementaldecoder(enc)(errors)
            for i, chunk in enumerate(chunks):
                final = i == len(chunks) - 1
                text = d.decode(bytes.fromhex(chunk), final)
                steps.append({"out": text, "pending": len(d.getstate()[0])})
        else:
            e = codecs.getincrementalencoder(enc)(errors)
            for chunk in chunks:
                steps.append({"out": e.encode(chunk).hex()})
    except Exception as err:
        steps.append({"error": type(err).__name__, "message": str(err)})
    out.append(steps)
sys.stdout.write(json.dumps(out))
`;

function python(cases: Case[]): Step[][] {
  const found = findPython();
  if (found === null) throw new Error("CPython 3.11+ not found (AIO_PYTHON, pyenv's 3.12, python3.12)");
  const out = execFileSync(found.path, ["-c", PYTHON_SIDE], {
    input: JSON.stringify(cases),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LC_ALL: "C", PYTHONIOENCODING: "utf-8" },
  });
  return JSON.parse(out) as Step[][];
}

function ours([kind, enc, errors, chunks]: Case): Step[] {
  const steps: Step[] = [];
  try {
    const codec = lookupCodec(enc);
    if (kind === "decode") {
      const d = codec.newDecoder(errors);
      chunks.forEach((chunk, i) => {
        const text = d.decode(Buffer.from(chunk, "hex"), i === chunks.length - 1);
        steps.push({ out: text, pending: d.pending });
      });
    } else {
      const e = codec.newEncoder(errors);
      for (const chunk of chunks) steps.push({ out: e.encode(chunk).toString("hex") });
    }
  } catch (err) {
    steps.push({ error: (err as Error).name, message: (err as Error).message });
  }
  return steps;
}

/** Bytes mostly from the ranges where UTF-8 and UTF-16 go wrong, BOMs among them. */
const badBytes = fc.array(
  fc.oneof(
    fc.constantFrom(0x41, 0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5),
    fc.constantFrom(0xd8, 0xdb, 0xdc, 0xdf, 0xa0, 0x9f, 0x8f, 0x90, 0xfe, 0xff, 0xbb),
    fc.constantFrom(
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0x3d, 0xd8, 0x00, 0xde],
      [0xf0, 0x9f, 0x98, 0x80],
    ),
    fc.integer({ min: 0, max: 255 }),
  ),
  { maxLength: 14 },
);

/** The bytes of `picked`, cut into chunks at `cuts` (each a length, the rest last). */
function chunked(picked: (number | readonly number[])[], cuts: number[]): string[] {
  const bytes = Buffer.from(picked.flat());
  const chunks: string[] = [];
  let at = 0;
  for (const cut of cuts) {
    if (at >= bytes.length) break;
    chunks.push(bytes.subarray(at, at + cut).toString("hex"));
    at += cut;
  }
  chunks.push(bytes.subarray(at).toString("hex"));
  return chunks;
}

const CHARS = [
  "a",
  "\0",
  "\u007f",
  "\u0080",
  "\u00e9",
  "\u00ff",
  "\u0100",
  "\u20ac",
  "\u{1f600}",
  "\u{10ffff}",
  "\udc80",
  "\udcff",
  "\udce9",
  "\udc7f",
  "\udd00",
  "\ud800",
  "\udbff",
];

/** Characters (whole code points, lone surrogates among them) grouped into chunks. */
const textChunks = fc.array(fc.array(fc.constantFrom(...CHARS), { maxLength: 5 }), {
  minLength: 1,
  maxLength: 4,
});

describe("incremental codecs, chunk by chunk, against CPython 3.12", () => {
  it("decoders: each chunk's text, the bytes held back after it, the error and its message", () => {
    const cases: Case[] = [];
    const sample = fc.sample(fc.tuple(badBytes, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 8 })), {
      numRuns: 250,
      seed: 20261207,
    });
    for (const [picked, cuts] of sample) {
      const whole = chunked(picked, cuts);
      const single = chunked(picked, Array(20).fill(1));
      for (const enc of CODECS) {
        for (const errors of HANDLERS) {
          cases.push(["decode", enc, errors, whole], ["decode", enc, errors, single]);
        }
      }
    }
    const kept = cases.filter(([, enc, errors, chunks]) => {
      const hex = chunks.join("");
      // CPython's UTF-8 decoder holds back ED A0–ED BF (a surrogate's first two bytes) as incomplete
      // and judges them with the next byte; this one judges them at once: the same text, later
      if (enc.startsWith("utf-8") && /^(..)*ed[ab]/.test(hex)) return false;
      // surrogateescape of UTF-16 leaves the data odd: not held back here (MUTATION.md, session 10)
      if (enc.startsWith("utf-16") && errors === "surrogateescape" && chunks.length > 1) return false;
      return true;
    });
    const expected = python(kept);
    const diffs = kept.flatMap((c, i) => {
      const got = ours(c);
      return JSON.stringify(got) === JSON.stringify(expected[i])
        ? []
        : [{ case: c, ours: got, python: expected[i] }];
    });
    expect(diffs.slice(0, 5)).toEqual([]);
    const kinds = new Set(expected.flatMap((steps) => steps.map((s) => ("out" in s ? "out" : s.error))));
    expect(kinds).toEqual(new Set(["out", "UnicodeDecodeError", "UnicodeError"]));
  }, 60_000); // a Python process and thousands of cases: slow on a loaded machine

  it("encoders: each chunk's bytes (a BOM before the first), the error and its message", () => {
    const cases: Case[] = [];
    for (const chunks of fc.sample(textChunks, { numRuns: 250, seed: 20261207 })) {
      for (const enc of CODECS) {
        for (const errors of HANDLERS) cases.push(["encode", enc, errors, chunks.map((c) => c.join(""))]);
      }
    }
    // CPython's utf-16 encoder names itself utf-16-le (its byte order) after its first call (the
    // BOM): not so here (MUTATION.md, session 10); the messages are compared without that
    const expected = python(cases).map((steps, i) =>
      cases[i]?.[1] === "utf-16"
        ? steps.map((s) =>
            "message" in s ? { ...s, message: s.message.replace("'utf-16-le'", "'utf-16'") } : s,
          )
        : steps,
    );
    const diffs = cases.flatMap((c, i) => {
      const got = ours(c);
      return JSON.stringify(got) === JSON.stringify(expected[i])
        ? []
        : [{ case: c, ours: got, python: expected[i] }];
    });
    expect(diffs.slice(0, 5)).toEqual([]);
    const kinds = new Set(expected.flatMap((steps) => steps.map((s) => ("out" in s ? "out" : s.error))));
    expect(kinds).toEqual(new Set(["out", "UnicodeEncodeError"]));
  }, 60_000); // a Python process and thousands of cases: slow on a loaded machine
});

describe("what the text files rely on", () => {
  it("byteLength of text decoded without loss (strict, surrogateescape) is its bytes' length, its BOM left out", () => {
    const sample = fc.sample(badBytes, { numRuns: 400, seed: 20261208 });
    let checked = 0;
    for (const picked of sample) {
      const bytes = Buffer.from(picked.flat());
      for (const enc of CODECS) {
        const codec = lookupCodec(enc);
        for (const errors of ["strict", "surrogateescape"] as const) {
          let text: string;
          try {
            text = codec.newDecoder(errors).decode(bytes, true);
          } catch {
            continue;
          }
          const bom =
            enc === "utf-16" && bytes.length >= 2
              ? 2
              : enc === "utf-8-sig" && bytes.subarray(0, 3).equals(Buffer.from("efbbbf", "hex"))
                ? 3
                : 0;
          expect([enc, errors, bytes.toString("hex"), codec.byteLength(text)]).toEqual([
            enc,
            errors,
            bytes.toString("hex"),
            bytes.length - bom,
          ]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(lookupCodec("utf-8").byteLength("a\u00e9\u20ac\u{1f600}\udce9")).toBe(1 + 2 + 3 + 4 + 1);
    expect(lookupCodec("utf-16-le").byteLength("a\u{1f600}\udce9")).toBe(2 + 4 + 1);
    expect(lookupCodec("latin-1").byteLength("a\u00e9")).toBe(2);
  });

  it("lossy: whether the last decode replaced or dropped bytes (an escape loses nothing)", () => {
    for (const enc of ["utf-8", "utf-8-sig", "utf-16-le", "ascii"]) {
      const bad = Buffer.from(enc === "utf-16-le" ? "00dc" : "ff", "hex");
      const good = Buffer.from(enc === "utf-16-le" ? "4100" : "41", "hex");
      for (const errors of ["replace", "ignore"] as const) {
        const d = lookupCodec(enc).newDecoder(errors);
        expect([enc, errors, d.lossy]).toEqual([enc, errors, false]);
        d.decode(bad, false);
        expect([enc, errors, d.lossy]).toEqual([enc, errors, true]);
        d.decode(good, false);
        expect([enc, errors, d.lossy]).toEqual([enc, errors, false]);
      }
      const escaping = lookupCodec(enc).newDecoder("surrogateescape");
      if (enc !== "utf-16-le") {
        expect(escaping.decode(bad, false)).toBe("\udcff");
        expect(escaping.lossy).toBe(false);
      }
    }
    const latin = lookupCodec("latin-1").newDecoder("strict");
    expect(latin.decode(Buffer.from("41ff", "hex"), false)).toBe("A\u00ff");
    expect([latin.lossy, latin.pending]).toEqual([false, 0]);
  });

  it("encodable and encodeError: null exactly when CPython's str.encode succeeds, else its error", () => {
    const texts = fc.sample(
      fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((c) => c.join("")),
      { numRuns: 200, seed: 20261209 },
    );
    const cases: Case[] = [];
    for (const text of texts) {
      for (const enc of CODECS) for (const errors of HANDLERS) cases.push(["encode", enc, errors, [text]]);
    }
    const expected = python(cases);
    const diffs = cases.flatMap((c, i) => {
      const [, enc, errors, [text = ""]] = c;
      const codec = lookupCodec(enc);
      const err = encodeError(codec, text, errors) as Error | null;
      const got = err === null ? "ok" : `${err.name}: ${err.message}`;
      const step = expected[i]?.[0];
      const want = step === undefined || "out" in step ? "ok" : `${step.error}: ${step.message}`;
      const encodable = codec.encodable(text);
      const wantEncodable = errors !== "strict" || want === "ok";
      return got === want && (errors !== "strict" || encodable === wantEncodable)
        ? []
        : [{ case: c, got, want, encodable }];
    });
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(encodeError(lookupCodec("ascii"), "ab\u00e9")).toBeInstanceOf(UnicodeEncodeError);
  }, 60_000); // a Python process and thousands of cases: slow on a loaded machine

  it("reset: a decoder forgets held bytes; at the start a BOM is looked for again, elsewhere the order it set stays", () => {
    const hex = (s: string) => Buffer.from(s, "hex");
    const u16 = lookupCodec("utf-16").newDecoder("strict");
    expect(u16.decode(hex("feff 0041".replace(" ", "")), false)).toBe("A");
    expect(u16.decode(hex("00"), false)).toBe("");
    expect(u16.pending).toBe(1);
    u16.reset(false);
    expect(u16.pending).toBe(0);
    expect(u16.decode(hex("0042"), false)).toBe("B"); // big-endian kept
    u16.reset(true);
    expect(u16.decode(hex("fffe4300"), false)).toBe("C");
    u16.reset(true);
    expect(() => u16.decode(hex("43004400"), false)).toThrow("UTF-16 stream does not start with BOM");
    const fresh = lookupCodec("utf-16").newDecoder("strict");
    fresh.reset(false); // a seek before any BOM was read: the machine's order (little-endian)
    expect(fresh.decode(hex("4300"), false)).toBe("C");
    const be = lookupCodec("utf-16-be").newDecoder("strict");
    be.reset(true);
    expect(be.decode(hex("0041"), true)).toBe("A");

    const sig = lookupCodec("utf-8-sig").newDecoder("strict");
    expect(sig.decode(hex("efbbbf41"), false)).toBe("A");
    expect(sig.decode(hex("efbbbf41"), false)).toBe("\ufeffA");
    expect(sig.decode(hex("c3"), false)).toBe("");
    expect(sig.pending).toBe(1);
    sig.reset(false);
    expect(sig.pending).toBe(0);
    expect(sig.decode(hex("efbbbf42"), false)).toBe("\ufeffB");
    sig.reset(true);
    expect(sig.decode(hex("ef"), false)).toBe("");
    expect(sig.pending).toBe(1);
    expect(sig.decode(hex("bbbf43"), false)).toBe("C");
    const plain = lookupCodec("utf-8").newDecoder("strict");
    plain.reset(true);
    expect(plain.decode(hex("efbbbf41"), true)).toBe("\ufeffA");
  });

  it("reset: an encoder writes a BOM again only at the start", () => {
    for (const [enc, bom, a] of [
      ["utf-16", "fffe", "6100"],
      ["utf-8-sig", "efbbbf", "61"],
    ] as const) {
      const e = lookupCodec(enc).newEncoder("strict");
      expect(e.encode("").toString("hex")).toBe(bom);
      expect(e.encode("a").toString("hex")).toBe(a);
      e.reset(true);
      expect(e.encode("a").toString("hex")).toBe(bom + a);
      e.reset(false);
      expect(e.encode("a").toString("hex")).toBe(a);
      const late = lookupCodec(enc).newEncoder("strict");
      late.reset(false);
      expect(late.encode("a").toString("hex")).toBe(a);
    }
    const le = lookupCodec("utf-16-le").newEncoder("strict");
    le.reset(true);
    expect(le.encode("a").toString("hex")).toBe("6100");
  });

  it("decodeUtf8SurrogateEscape reads a view's own bytes (offset into a larger buffer)", () => {
    const whole = Buffer.from("xxxA\xe9\xc3\xa9yyy", "latin1");
    const part = new Uint8Array(whole.buffer, whole.byteOffset + 3, 4);
    expect(decodeUtf8SurrogateEscape(part)).toBe("A\udce9\u00e9");
    expect(decodeUtf8SurrogateEscape(new Uint8Array(whole.buffer, whole.byteOffset + 3, 1))).toBe("A");
  });
});

describe("names and arguments", () => {
  it("lookupCodec: the spellings CPython's codecs.lookup takes, and its refusals", () => {
    const names: [string, string][] = [
      ["UTF8", "utf-8"],
      [" utf_8 ", "utf-8"],
      ["Utf-8", "utf-8"],
      ["utf 8", "utf-8"],
      ["utf\t8", "utf-8"],
      ["utf__8", "utf-8"],
      ["u8", "utf-8"],
      ["utf", "utf-8"],
      ["UTF-8-SIG", "utf-8-sig"],
      ["U16", "utf-16"],
      ["utf_16_le", "utf-16-le"],
      ["UTF-16BE", "utf-16-be"],
      ["Latin 1", "latin-1"],
      ["latin_1", "latin-1"],
      ["ISO_8859_1", "latin-1"],
      ["iso8859-1", "latin-1"],
      ["CP819", "latin-1"],
      ["L1", "latin-1"],
      ["US-ASCII", "ascii"],
      ["us", "ascii"],
      ["646", "ascii"],
    ];
    expect(names.map(([n]) => [n, lookupCodec(n).name])).toEqual(names);
    for (const bad of ["", "utf-9", "constructor", "toString", "__proto__"]) {
      expect(() => lookupCodec(bad)).toThrow(LookupError);
      expect(() => lookupCodec(bad)).toThrow(`unknown encoding: ${bad}`);
    }
    expect(() => lookupCodec(null)).toThrow("open() argument 'encoding' must be str or None, not NoneType");
    expect(() => lookupCodec(8)).toThrow(TypeError);
  });

  it("checkErrorHandler: the four handlers; another name is a LookupError, another type a TypeError", () => {
    for (const h of HANDLERS) expect(checkErrorHandler(h)).toBe(h);
    expect(() => checkErrorHandler("Strict")).toThrow(LookupError);
    expect(() => checkErrorHandler("Strict")).toThrow("unknown error handler name 'Strict'");
    expect(() => checkErrorHandler("backslashreplace")).toThrow(
      "unknown error handler name 'backslashreplace'",
    );
    expect(() => checkErrorHandler(1)).toThrow(TypeError);
    expect(() => checkErrorHandler(1)).toThrow("open() argument 'errors' must be str or None, not int");
  });
});

describe("found by the mutants", () => {
  it("utf-8-sig: a file that is only the start of a BOM reads as nothing, as CPython's (tell() past it)", async () => {
    const dir = scratch();
    const read = (hex: string, errors = "strict") => {
      const path = join(dir, `${hex}.txt`);
      writeFileSync(path, Buffer.from(hex, "hex"));
      return inLoop(function* () {
        const err = yield* catching(
          using(open(path, "r", { encoding: "utf-8-sig", errors }), function* (f) {
            const text = yield* f.read();
            throw Object.assign(new Error("read"), { text, at: yield* f.tell() });
          }),
        );
        const { text, at } = err as { text?: string; at?: number };
        return text === undefined ? `${(err as Error).name}: ${(err as Error).message}` : [text, at];
      });
    };
    // CPython 3.12: open(p, encoding="utf-8-sig").read(), then tell()
    expect(await read("ef")).toEqual(["", 1]);
    expect(await read("efbb")).toEqual(["", 2]);
    expect(await read("efbb", "replace")).toEqual(["", 2]);
    expect(await read("efbbbf")).toEqual(["", 3]);
    expect(await read("ef41")).toBe(
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xef in position 0: invalid continuation byte",
    );
    const d = lookupCodec("utf-8-sig").newDecoder("strict");
    expect(d.decode(Buffer.from("ef", "hex"), false)).toBe("");
    expect(d.decode(Buffer.from("bb", "hex"), true)).toBe("");
    expect(d.pending).toBe(0);
  });

  it("utf-16 without a BOM: the UnicodeError names the codec, the first two bytes and why", () => {
    const d = lookupCodec("utf-16").newDecoder("strict");
    let err: unknown;
    try {
      d.decode(Buffer.from("41004200", "hex"), false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnicodeError);
    const { message, encoding, start, end, reason } = err as UnicodeError;
    expect({ message, encoding, start, end, reason }).toEqual({
      message: "UTF-16 stream does not start with BOM",
      encoding: "utf-16",
      start: 0,
      end: 2,
      reason: "Stream does not start with BOM",
    });
  });

  it("the last code points before each limit decode: U+D7FF, U+10FFFF (UTF-8), U+10000, U+10FFFF (UTF-16)", () => {
    const decode = (enc: string, hex: string) =>
      lookupCodec(enc).newDecoder("replace").decode(Buffer.from(hex, "hex"), true);
    // CPython 3.12: bytes.fromhex(…).decode(enc, "replace")
    expect(decode("utf-8", "ed9fbff48fbfbf")).toBe("\ud7ff\u{10ffff}");
    expect(decode("utf-16-le", "00d800dcffdbffdf")).toBe("\u{10000}\u{10ffff}");
    expect(decode("utf-16-be", "d800dc00dbffdfff")).toBe("\u{10000}\u{10ffff}");
  });

  it("utf-16 without a BOM: a decode error in the first bytes comes first, named little-endian (FE first)", () => {
    const d = lookupCodec("utf-16").newDecoder("strict");
    // CPython 3.12: codecs.getincrementaldecoder("utf-16")().decode(bytes.fromhex("fe4100dc"), True)
    expect(() => d.decode(Buffer.from("fe4100dc", "hex"), true)).toThrow(
      "'utf-16-le' codec can't decode bytes in position 2-3: illegal encoding",
    );
  });
});
