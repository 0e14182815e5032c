/**
 * Text in the charsets HTTP bodies and form parts name: Python's codecs where @aio/fs has them
 * (utf-8, latin-1, ascii, utf-16 …, with Python's errors), any other charset the platform's
 * `TextDecoder` knows (koi8-r, windows-1251, shift_jis …) — and for the single-byte ones among
 * them an encoder too, from the decoder's own table.
 */
import { TextDecoder } from "node:util";
import { type Codec, lookupCodec } from "@aio/fs/internal";
import { LookupError } from "@aio/loop";

/** A charset's name and its strict decode/encode. */
export interface Charset {
  readonly name: string;
  decode(bytes: Uint8Array): string;
  encode(text: string): Buffer;
}

const known = new Map<string, Charset>();

function fromCodec(codec: Codec): Charset {
  return {
    name: codec.name,
    decode: (bytes) => codec.newDecoder("strict").decode(bytes, true),
    encode: (text) => codec.newEncoder("strict").encode(text),
  };
}

/**
 * A single-byte charset's encoder, from its decoder's table (`undefined` for a multi-byte one).
 * Its error names the `charmap` codec, as Python's single-byte codecs (koi8_r, cp1251 …) do.
 */
function singleByteEncoder(decoder: TextDecoder): ((text: string) => Buffer) | undefined {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const chars = decoder.decode(all);
  if (chars.length !== 256) return undefined;
  const table = new Map<string, number>();
  for (let b = 255; b >= 0; b--) table.set(chars[b] as string, b);
  return (text) => {
    const out = Buffer.allocUnsafe(text.length);
    let i = 0;
    for (const ch of text) {
      const b = table.get(ch);
      if (b === undefined) {
        const at = [...text.slice(0, text.indexOf(ch))].length;
        throw new UnicodeEncodeError(
          `'charmap' codec can't encode character '${pyChar(ch)}' in position ${at}: character maps to <undefined>`,
        );
      }
      out[i++] = b;
    }
    return out.subarray(0, i);
  };
}

function pyChar(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  return cp < 0x100
    ? `\\x${cp.toString(16).padStart(2, "0")}`
    : cp < 0x10000
      ? `\\u${cp.toString(16).padStart(4, "0")}`
      : `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** A text encoding error of a charset @aio/fs does not have. Python: `UnicodeEncodeError`. */
export class UnicodeEncodeError extends RangeError {
  override name = "UnicodeEncodeError";
}
/** A text decoding error of a charset @aio/fs does not have. Python: `UnicodeDecodeError`. */
export class UnicodeDecodeError extends RangeError {
  override name = "UnicodeDecodeError";
}

/**
 * The charset of a name (as a Content-Type's `charset` gives it, any case). Python:
 * `codecs.lookup(name)`; `LookupError("unknown encoding: …")` for one nobody knows.
 */
export function charset(name: string): Charset {
  const key = name.trim().toLowerCase();
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  let found: Charset;
  try {
    found = fromCodec(lookupCodec(key));
  } catch (err) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(key, { fatal: true });
    } catch {
      throw err instanceof LookupError ? err : new LookupError(`unknown encoding: ${name}`);
    }
    const encode =
      singleByteEncoder(new TextDecoder(key)) ??
      (() => {
        throw new LookupError(`unknown encoding: ${name} (only decoding is supported)`);
      });
    found = {
      name: key,
      decode: (bytes) => {
        try {
          return decoder.decode(bytes);
        } catch {
          throw new UnicodeDecodeError(`'${key}' codec can't decode bytes: invalid data`);
        }
      },
      encode,
    };
  }
  known.set(key, found);
  return found;
}

/**
 * `text` as bytes of charset `enc`, percent-escaped but for unreserved characters; with `plus`,
 * a space is `+`. Python: `urllib.parse.quote(text, "", encoding=enc)` and `quote_plus`.
 */
export function percentEncode(text: string, enc: string, plus = false): string {
  let out = "";
  for (const b of charset(enc).encode(text)) {
    const c = String.fromCharCode(b);
    out +=
      plus && c === " "
        ? "+"
        : /[A-Za-z0-9_.\-~]/.test(c)
          ? c
          : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
