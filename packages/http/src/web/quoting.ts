/**
 * Paths as aiohttp 3.8's router quotes and unquotes them (with yarl 1.8): routes are matched
 * against the path as sent (percent-encoded), their literal parts quoted the same way, and the
 * values they capture decoded.
 */

/** The bytes yarl leaves as they are in a path (unreserved, sub-delimiters, `@`, `:`, `/`). */
const SAFE = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,+&=;@:/")
  SAFE[c.charCodeAt(0)] = 1;

/** A path percent-encoded as UTF-8, `%` too. Python: aiohttp's `_quote_path` (`URL.build(path=…).raw_path`). */
export function quotePath(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    if (byte < 128 && SAFE[byte] === 1) out += String.fromCharCode(byte);
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * A path quoted, but with the `%` it had kept as they were (`/a b/%2f` → `/a%20b/%2f`). Python:
 * aiohttp's `_requote_path`.
 */
export function requotePath(value: string): string {
  const quoted = quotePath(value);
  return value.includes("%") ? quoted.replaceAll("%25", "%") : quoted;
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * A percent-encoded path decoded as yarl decodes it (`URL.build(path=…, encoded=True).path`): each
 * `%XX` run that is valid UTF-8 becomes its characters (`%2F` a `/` too); an escape that is not
 * (`%E9` alone, `%zz`, a lone `%`) stays as it was written.
 */
export function unquotePath(raw: string): string {
  if (!raw.includes("%")) return raw;
  let out = "";
  // A UTF-8 sequence being read: its bytes, where its escapes start, how many bytes it needs.
  let cp = 0;
  let have = 0;
  let need = 0;
  let start = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (ch === "%" && i + 3 <= raw.length && HEX.test(raw.slice(i + 1, i + 3))) {
      const byte = Number.parseInt(raw.slice(i + 1, i + 3), 16);
      if (need > 0) {
        if (byte >= lo && byte <= hi) {
          cp = (cp << 6) | (byte & 0x3f);
          have++;
          lo = 0x80;
          hi = 0xbf;
          i += 3;
          if (have === need) {
            out += String.fromCodePoint(cp);
            need = 0;
          }
          continue;
        }
        out += raw.slice(start, i); // the sequence broke off: its escapes as written
        need = 0;
      }
      if (byte < 0x80) out += String.fromCharCode(byte);
      else if (byte >= 0xc2 && byte <= 0xf4) {
        start = i;
        have = 0;
        lo = 0x80;
        hi = 0xbf;
        if (byte <= 0xdf) {
          need = 1;
          cp = byte & 0x1f;
        } else if (byte <= 0xef) {
          need = 2;
          cp = byte & 0x0f;
          if (byte === 0xe0) lo = 0xa0;
          else if (byte === 0xed) hi = 0x9f;
        } else {
          need = 3;
          cp = byte & 0x07;
          if (byte === 0xf0) lo = 0x90;
          else if (byte === 0xf4) hi = 0x8f;
        }
      } else out += raw.slice(i, i + 3);
      i += 3;
      continue;
    }
    if (need > 0) {
      out += raw.slice(start, i);
      need = 0;
    }
    out += ch;
    i++;
  }
  if (need > 0) out += raw.slice(start);
  return out;
}
