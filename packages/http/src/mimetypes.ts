/**
 * Media types of file names, as Python's `mimetypes.guess_type` answers aiohttp: the file
 * responses' Content-Type and a file part's in a request body.
 */
import { extname } from "node:path";
import { mimeTypes } from "./lazy.js";

/**
 * Media types by extension where Python's mimetypes (as aiohttp on Debian answers) differs from
 * the mime-db's, or for the most common: these first, then mime-types' database.
 */
const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/vnd.microsoft.icon",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".wasm": "application/wasm",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
};

/**
 * The media type for a file name: Python's for the common extensions, else the mime-db's (through
 * the `mime-types` package: `.ts` video/mp2t, `.avif` image/avif, `.yaml` text/yaml, `.map`
 * application/json…), else `application/octet-stream`.
 */
export function guessType(name: string): string {
  const ext = extname(name).toLowerCase();
  if (Object.hasOwn(TYPES, ext)) return TYPES[ext] as string;
  if (ext === "") return "application/octet-stream";
  return mimeTypes().lookup(ext) || "application/octet-stream";
}
