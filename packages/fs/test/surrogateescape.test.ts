/**
 * The `surrogateescape` error handler (and the other three beside it) against CPython 3.12, on
 * random input: bytes biased to bad UTF-8 and UTF-16 decoded by every codec, text with escapes,
 * lone surrogates and characters past each codec's range encoded by every codec, the text or
 * Python's error compared one for one.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findPython } from "@aio/differential";
import { using } from "@aio/task";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ErrorHandler, open } from "../src/index.js";
import { decodeUtf8SurrogateEscape, lookupCodec } from "../src/internal.js";
import { inLoop, scratch } from "./helpers.js";

const HANDLERS: ErrorHandler[] = ["strict", "surrogateescape", "replace", "ignore"];
const CODECS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-16", "latin-1", "ascii"];

type Outcome = { out: string } | { error: string; message: string };

const PYTHON_SIDE = `
import json, sys
out = []
for kind, enc, errors, value in json.load(sys.stdin):
    try:
        if kind == "decode":
            out.append({"out": bytes.fromhex(value).decode(enc, errors)})
        else:
            out.append({"out": value.encode(enc, errors).hex()})
    except Exception as err:
        out.append({"error": type(err).__name__, "message": str(err)})
sys.stdout.write(json.dumps(out))
`;

type Case = [kind: string, encoding: string, errors: ErrorHandler, value: string];

function python(cases: Case[]): Outcome[] {
  const found = findPython();
  // The repo's scripts install CPython 3.12 (pyenv): without it this test fails, it does not skip.
  if (found === null) throw new Error("CPython 3.11+ not found (AIO_PYTHON, pyenv's 3.12, python3.12)");
  const out = execFileSync(found.path, ["-c", PYTHON_SIDE], {
    input: JSON.stringify(cases),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LC_ALL: "C", PYTHONIOENCODING: "utf-8" },
  });
  return JSON.parse(out) as Outcome[];
}

function ours([kind, enc, errors, value]: Case): Outcome {
  try {
    const codec = lookupCodec(enc);
    if (kind === "decode") {
      return { out: codec.newDecoder(errors).decode(Buffer.from(value, "hex"), true) };
    }
    return { out: codec.newEncoder(errors).encode(value).toString("hex") };
  } catch (err) {
    return { error: (err as Error).name, message: (err as Error).message };
  }
}

/** Bytes mostly from the ranges where UTF-8 and UTF-16 go wrong. */
const badBytes = fc
  .uint8Array({ maxLength: 12 })
  .chain((noise) =>
    fc
      .array(
        fc.oneof(
          fc.constantFrom(
            0x41,
            0x00,
            0x7f,
            0x80,
            0xbf,
            0xc0,
            0xc2,
            0xdf,
            0xe0,
            0xed,
            0xef,
            0xf0,
            0xf4,
            0xf5,
            0xff,
          ),
          fc.constantFrom(0xd8, 0xdb, 0xdc, 0xdf, 0xa0, 0x9f, 0x8f, 0x90, 0xfe),
          fc.integer({ min: 0, max: 255 }),
        ),
        { maxLength: 12 },
      )
      .map((picked) => Buffer.concat([Buffer.from(picked), noise]).toString("hex")),
  );

/** Text of ASCII, Latin-1, BMP, astral characters, escapes and lone surrogates of both halves. */
const escapyText = fc
  .array(
    fc.constantFrom(
      "a",
      "\0",
      "\u007f",
      "\u00e9",
      "\u00ff",
      "\u0100",
      "\u20ac",
      "\u{1f600}",
      "\udc80",
      "\udcff",
      "\udce9",
      "\udc7f",
      "\udd00",
      "\ud800",
      "\udbff",
    ),
    { maxLength: 10 },
  )
  .map((chars) => chars.join(""));

describe("surrogateescape, against CPython 3.12", () => {
  it("decodes random bytes and encodes random text as CPython does, error for error (every handler)", () => {
    const cases: Case[] = [];
    const rng = fc.sample(fc.tuple(badBytes, escapyText), { numRuns: 300, seed: 20261207 });
    for (const [hex, text] of rng) {
      for (const enc of CODECS) {
        for (const errors of HANDLERS) {
          // utf-16 with a BOM: without one, TextIOWrapper's decoder (ours) refuses what bytes.decode takes
          cases.push(["decode", enc, errors, enc === "utf-16" ? `fffe${hex}` : hex]);
          cases.push(["encode", enc, errors, text]);
        }
      }
    }
    const expected = python(cases);
    const got = cases.map(ours);
    const diffs = cases.flatMap((c, i) =>
      JSON.stringify(got[i]) === JSON.stringify(expected[i])
        ? []
        : [{ case: c, ours: got[i], python: expected[i] }],
    );
    expect(diffs.slice(0, 5)).toEqual([]);
    // The sample reaches every branch: escapes made, escapes refused (a byte under 0x80), errors.
    const kinds = new Set(expected.map((o) => ("out" in o ? "out" : o.error)));
    expect(kinds).toEqual(new Set(["out", "UnicodeDecodeError", "UnicodeEncodeError"]));
  });

  it("decodeUtf8SurrogateEscape is bytes.decode('utf-8', 'surrogateescape')", () => {
    expect(decodeUtf8SurrogateEscape(Buffer.from("caf\xc3\xa9", "latin1"))).toBe("café");
    expect(decodeUtf8SurrogateEscape(Buffer.from("caf\xe9 \xe2\x82 \xed\xa0\x80", "latin1"))).toBe(
      "caf\udce9 \udce2\udc82 \udced\udca0\udc80",
    );
    expect(decodeUtf8SurrogateEscape(new Uint8Array([0x41, 0xff]))).toBe("A\udcff");
  });

  it("a file read with surrogateescape tells exact positions and writes its bytes back unchanged", async () => {
    const dir = scratch();
    const src = join(dir, "in.txt");
    const dst = join(dir, "out.txt");
    const bytes = Buffer.from("ok caf\xe9\nna\xefve \xc3\xa9t\xe9\n\xff\xfe end\n", "latin1");
    writeFileSync(src, bytes);
    const { lines, tells } = await inLoop(function* () {
      return yield* using(open(src, "r", { errors: "surrogateescape" }), function* (f) {
        const lines: string[] = [];
        const tells: number[] = [];
        for (let line = yield* f.readline(); line !== ""; line = yield* f.readline()) {
          lines.push(line);
          tells.push(yield* f.tell());
        }
        return { lines, tells };
      });
    });
    expect(lines).toEqual(["ok caf\udce9\n", "na\udcefve \u00e9t\udce9\n", "\udcff\udcfe end\n"]);
    // CPython 3.12: the same file's tell() after each readline()
    expect(tells).toEqual([8, 19, 26]);
    await inLoop(function* () {
      yield* using(open(dst, "w", { errors: "surrogateescape" }), function* (f) {
        yield* f.write(lines.join(""));
      });
    });
    expect(readFileSync(dst)).toEqual(bytes);
  });

  it("a long write with a character surrogateescape cannot take writes nothing and names its position", async () => {
    const path = join(scratch(), "long.txt");
    const text = `${"x".repeat(100_000)}\udcff${"y".repeat(100_000)}\ud800`;
    const message = await inLoop(function* () {
      return yield* using(open(path, "w", { errors: "surrogateescape" }), function* (f) {
        try {
          yield* f.write(text);
          return "written";
        } catch (err) {
          return `${(err as Error).name}: ${(err as Error).message}`;
        }
      });
    });
    expect(message).toBe(
      "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 200001: surrogates not allowed",
    );
    expect(readFileSync(path).length).toBe(0);
  });
});
