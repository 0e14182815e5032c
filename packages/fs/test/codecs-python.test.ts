/**
 * Decoding as Python's TextIOWrapper does it (its incremental decoders, CPython 3.12): the answers
 * below are what `open(path, encoding=…, errors=…).read()` gives in CPython for the same bytes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

/** `read()` of a file of `hex` bytes: the text, or `Name: message` of the error. */
function readAs(hex: string, encoding: string, errors = "strict", buffering?: number): Promise<string> {
  const path = join(scratch(), "data.txt");
  writeFileSync(path, Buffer.from(hex.replaceAll(" ", ""), "hex"));
  return inLoop(function* () {
    const err = yield* catching(
      using(open(path, "r", { encoding, errors, buffering }), function* (f) {
        let text = "";
        if (buffering === undefined) text = yield* f.read();
        else for (let line = yield* f.readline(); line !== ""; line = yield* f.readline()) text += line;
        throw Object.assign(new Error("read"), { text });
      }),
    );
    const text = (err as { text?: string }).text;
    return text ?? `${(err as Error).name}: ${(err as Error).message}`;
  });
}

describe("decoding as CPython's TextIOWrapper", () => {
  it("utf-16 without a BOM is refused once two bytes are decoded; a decode error comes first", async () => {
    const noBom = "UnicodeError: UTF-16 stream does not start with BOM";
    expect(await readAs("4100 4200", "utf-16")).toBe(noBom);
    expect(await readAs("4100 4200", "utf-16", "replace")).toBe(noBom);
    expect(await readAs("4100 4200", "utf-16", "strict", 2)).toBe(noBom);
    expect(await readAs("4100 00dc", "utf-16")).toBe(
      "UnicodeDecodeError: 'utf-16-le' codec can't decode bytes in position 2-3: illegal encoding",
    );
    expect(await readAs("41", "utf-16")).toBe(
      "UnicodeDecodeError: 'utf-16-le' codec can't decode byte 0x41 in position 0: truncated data",
    );
    expect(await readAs("", "utf-16")).toBe("");
    expect(await readAs("fffe 4100 4200", "utf-16")).toBe("AB");
  });

  it("utf-16 errors name the byte order and count from the data's start, its BOM included", async () => {
    expect(await readAs("fffe 4100 00dc", "utf-16")).toBe(
      "UnicodeDecodeError: 'utf-16-le' codec can't decode bytes in position 4-5: illegal encoding",
    );
    expect(await readAs("feff 0041 dc", "utf-16")).toBe(
      "UnicodeDecodeError: 'utf-16-be' codec can't decode byte 0xdc in position 4: truncated data",
    );
  });

  it("a high surrogate cut by the end of the data is one error to the end (one U+FFFD)", async () => {
    expect(await readAs("4100 00d8 41", "utf-16-le")).toBe(
      "UnicodeDecodeError: 'utf-16-le' codec can't decode bytes in position 2-4: unexpected end of data",
    );
    expect(await readAs("4100 00d8 41", "utf-16-le", "replace")).toBe("A\ufffd");
  });

  it("a sequence held back at a chunk's end is judged by the bytes that follow it", async () => {
    // Two bytes a read: f0 waits for its continuation, and df is none.
    expect(await readAs("41 f0 df", "utf-8", "strict", 2)).toBe(
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xf0 in position 0: invalid continuation byte",
    );
    expect(await readAs("41 f0 df", "utf-8")).toBe(
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xf0 in position 1: invalid continuation byte",
    );
    // A high surrogate waits for its low half, and another high surrogate is none.
    expect(await readAs("d800 d800 0041", "utf-16-be", "strict", 2)).toBe(
      "UnicodeDecodeError: 'utf-16-be' codec can't decode bytes in position 0-1: illegal UTF-16 surrogate",
    );
  });

  it("utf-8-sig reports its errors as utf-8, after the signature", async () => {
    expect(await readAs("efbbbf 41 ff", "utf-8-sig")).toBe(
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 1: invalid start byte",
    );
    const path = join(scratch(), "w.txt");
    const err = await inLoop(() =>
      using(open(path, "w", { encoding: "utf-8-sig" }), (f) => catching(f.write("\udc00"))),
    );
    expect((err as Error).message).toBe(
      "'utf-8' codec can't encode character '\\udc00' in position 0: surrogates not allowed",
    );
  });

  it("utf-16: a seek into a file before any BOM was read reads the machine's order", async () => {
    const path = join(scratch(), "nobom.txt");
    writeFileSync(path, Buffer.from("ABC", "utf16le"));
    const text = await inLoop(() =>
      using(open(path, "r", { encoding: "utf-16" }), function* (f) {
        yield* f.seek(2);
        return yield* f.read();
      }),
    );
    expect(text).toBe("BC");
  });
});
