/**
 * The pages the local stand-in for the web serves (S002-15, S002-16): HTML whose decoded
 * text is exactly as long as the document's printed lengths, with a few non-ASCII BMP characters
 * (`— 파이썬`: 8 bytes more than characters), no astral-plane characters (JavaScript's `length`
 * counts UTF-16 units, Python's `len` code points: here they agree).
 */

/** The hosts and the text length of each page. */
export const PAGE_LENGTHS: Readonly<Record<string, number>> = {
  "www.python.org": 51601,
  "docs.python.org": 17035,
  "pypi.org": 20304,
  "peps.python.org": 571517,
};

/** The page for `host`: a head naming it, padding, and a tail, `length` characters in all. */
export function fixturePage(host: string, length = PAGE_LENGTHS[host] ?? 1000): string {
  const head = `<!doctype html><html><head><title>${host} — 파이썬</title></head><body>`;
  const tail = "</body></html>\n";
  const padding = length - head.length - tail.length;
  if (padding < 0) throw new RangeError(`a page for ${host} cannot be ${length} characters long`);
  return `${head}${"x".repeat(padding)}${tail}`;
}
