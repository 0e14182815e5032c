/** Python's `bytes.decode("utf-8", "surrogateescape")`, which aiohttp 3.8 uses for header values. */

/**
 * UTF-8 with Python's "surrogateescape": a byte that does not start a well-formed sequence
 * (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF) becomes U+DC00 + the byte.
 */
export function surrogateEscape(b: Uint8Array): string {
  let out = "";
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    // the sequence's length and the range of its second byte (RFC 3629's table)
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < n;
    if (ok) {
      const second = b[i + 1] as number;
      ok = second >= lo && second <= hi;
      for (let k = 2; ok && k <= need; k++) {
        const x = b[i + k] as number;
        ok = x >= 0x80 && x <= 0xbf;
      }
    }
    if (!ok) {
      out += String.fromCharCode(0xdc00 + c);
      i++;
      continue;
    }
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) cp = (cp << 6) | ((b[i + k] as number) & 0x3f);
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/**
 * A header value node:http decoded as Latin-1 (one char a byte), decoded again as aiohttp does:
 * UTF-8 with surrogateescape. ASCII (nearly all) is returned as it is.
 */
export function fromLatin1Header(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range
  return /^[\x00-\x7f]*$/.test(value) ? value : surrogateEscape(Buffer.from(value, "latin1"));
}
