/**
 * Files as responses: aiohttp.web's `FileResponse` (conditional GET with ETag and Last-Modified,
 * one byte range, a `.gz` sibling for clients that take gzip, the body streamed from disk with
 * back-pressure), and the static-directory handler behind `router.addStatic` — which never serves
 * outside its directory.
 */
import { type BigIntStats, createReadStream } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, normalize, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { repr } from "@aio/loop";
import { type Coro, ensureFuture, fromPromise } from "@aio/task";
import { checkKeys } from "../internal/options.js";
import { guessType } from "../mimetypes.js";
import { HTTPForbidden, HTTPNotFound } from "./exceptions.js";
import type { Request } from "./request.js";
import { Response, StreamResponse, type StreamResponseOptions } from "./response.js";

/** The one range of a `Range: bytes=…` header as [start, end) (start < 0: a suffix), or null; throws for what cannot be served. */
function parseRange(header: string | undefined): [number, number | null] | null {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null) throw new RangeError("range not satisfiable"); // several ranges, or not bytes
  const [from, to] = [m[1] as string, m[2] as string];
  if (from === "" && to === "") throw new RangeError("range not satisfiable");
  if (from === "") return [-Number(to), null];
  const start = Number(from);
  if (to === "") return [start, null];
  const end = Number(to) + 1;
  if (end <= start) throw new RangeError("range not satisfiable");
  return [start, end];
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function etagMatches(etag: string, header: string): boolean {
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === `"${etag}"`;
  });
}

/** The file a FileResponse serves, as looked up for one request. */
interface FileToServe {
  /** The file or its `.gz` sibling. */
  path: string;
  /** Whether `path` is the `.gz` sibling (sent with `Content-Encoding: gzip`). */
  gzip: boolean;
  size: number;
  mtimeMs: number;
  etag: string;
}

/** What a FileResponse answers a request with. */
type FileOutcome =
  | { kind: "precondition-failed" }
  | { kind: "not-modified" }
  | { kind: "range-not-satisfiable" }
  | { kind: "send"; start: number; count: number; partial: boolean };

/**
 * What to answer, from the request's conditions (`If-Match`, `If-Unmodified-Since`, then
 * `If-None-Match`, `If-Modified-Since`) and its `Range` (honoured unless `If-Range` is older than
 * the file). Python: aiohttp's `FileResponse._make_response`.
 */
function decideFileResponse(file: FileToServe, h: Request["headers"]): FileOutcome {
  // HTTP dates have whole seconds: compared at that precision (aiohttp 3.8 compares the float
  // mtime, so a client echoing Last-Modified never gets its 304).
  const mtime = Math.floor(file.mtimeMs / 1000);
  const since = (name: string): number | null => {
    const v = h.get(name);
    const t = v === undefined ? Number.NaN : Date.parse(v);
    return Number.isNaN(t) ? null : t / 1000;
  };
  const ifMatch = h.get("If-Match");
  const unmodifiedSince = since("If-Unmodified-Since");
  if (
    (ifMatch !== undefined && !etagMatches(file.etag, ifMatch)) ||
    (ifMatch === undefined && unmodifiedSince !== null && mtime > unmodifiedSince)
  ) {
    return { kind: "precondition-failed" };
  }
  const ifNoneMatch = h.get("If-None-Match");
  const modifiedSince = since("If-Modified-Since");
  if (
    (ifNoneMatch !== undefined && etagMatches(file.etag, ifNoneMatch)) ||
    (ifNoneMatch === undefined && modifiedSince !== null && mtime <= modifiedSince)
  ) {
    return { kind: "not-modified" };
  }
  const size = file.size;
  const ifRange = since("If-Range");
  if (ifRange !== null && mtime > ifRange) return { kind: "send", start: 0, count: size, partial: false };
  let range: [number, number | null] | null;
  try {
    range = parseRange(h.get("Range"));
  } catch {
    range = [size, null]; // unsatisfiable
  }
  if (range === null) return { kind: "send", start: 0, count: size, partial: false };
  let [from, to] = range;
  let count: number;
  if (from < 0 && to === null) {
    from = Math.max(0, size + from);
    count = size - from;
  } else count = Math.min(to ?? size, size) - from;
  if (from >= size) return { kind: "range-not-satisfiable" };
  return { kind: "send", start: from, count, partial: true };
}

/** Options of {@link FileResponse}. */
export interface FileResponseOptions extends StreamResponseOptions {
  /** Bytes read from disk at a time (default 256 KiB). */
  chunkSize?: number | undefined;
}

/** A file as the response. Python: `web.FileResponse(path, chunk_size=…, status=…, headers=…)`. */
export class FileResponse extends StreamResponse {
  readonly path: string;
  readonly chunkSize: number;
  /** The static root the file was found in (its `.gz` sibling must be there too), when not following symlinks. */
  #root: string | null = null;

  constructor(path: string, options: FileResponseOptions = {}) {
    super(options);
    if (new.target === FileResponse)
      checkKeys(options, new Set(["status", "reason", "headers", "chunkSize"]), "FileResponse");
    if (typeof path !== "string") throw new TypeError(`path must be a string, got ${repr(path)}`);
    this.path = path;
    this.chunkSize = options.chunkSize ?? 256 * 1024;
  }

  /**
   * @internal Served by a static route that does not follow symlinks: a `.gz` sibling is only
   * served if it resolves inside `root` (a symlink out of the directory is not followed).
   */
  confine(root: string): this {
    this.#root = root;
    return this;
  }

  /**
   * Decides, then sends: the file (or its `.gz` sibling) is looked up, the request's conditions
   * and range give one outcome (`decideFileResponse`), and a small sender writes it. As
   * aiohttp's `FileResponse.prepare` (`_make_response`, then `_not_modified`,
   * `_precondition_failed`, `_prepare_open_file`).
   */
  override *prepare(request: Request): Coro<void> {
    if (this.prepared) return;
    const file = yield* this.#lookUp(request);
    const outcome = decideFileResponse(file, request.headers);
    switch (outcome.kind) {
      case "precondition-failed":
        this.setStatus(412);
        this.headers.set("Content-Length", "0");
        yield* super.prepare(request);
        return;
      case "not-modified":
        this.setStatus(304);
        this.headers.set("ETag", `"${file.etag}"`);
        this.headers.set("Last-Modified", httpDate(file.mtimeMs));
        yield* super.prepare(request);
        return;
      case "range-not-satisfiable":
        // As aiohttp: no type or length of the file for a range it cannot serve.
        this.headers.set("Content-Range", `bytes */${file.size}`);
        this.setStatus(416);
        yield* super.prepare(request);
        return;
      case "send":
        yield* this.#send(request, file, outcome.start, outcome.count, outcome.partial);
    }
  }

  /** The file to serve: its `.gz` sibling for a client that takes gzip, if there is one; 404 if none. */
  *#lookUp(request: Request): Coro<FileToServe> {
    let path = this.path;
    let gzip = false;
    if ((request.headers.get("Accept-Encoding") ?? "").includes("gzip")) {
      const sibling = yield* this.#gzSibling(`${path}.gz`);
      if (sibling !== null) {
        path = sibling;
        gzip = true;
      }
    }
    let big: BigIntStats;
    try {
      big = yield* fromPromise(stat(path, { bigint: true }));
    } catch {
      throw new HTTPNotFound();
    }
    if (!big.isFile()) throw new HTTPNotFound();
    return {
      path,
      gzip,
      size: Number(big.size),
      mtimeMs: Number(big.mtimeMs),
      // aiohttp's ETag: the modification time in nanoseconds and the size, in hex.
      etag: `${big.mtimeNs.toString(16)}-${big.size.toString(16)}`,
    };
  }

  /** Sends `count` bytes of the file from `start` (206 with its Content-Range when `partial`). */
  *#send(request: Request, file: FileToServe, start: number, count: number, partial: boolean): Coro<void> {
    if (partial) {
      this.setStatus(206);
      this.headers.set("Content-Range", `bytes ${start}-${start + count - 1}/${file.size}`);
    }
    if (!this.headers.has("Content-Type")) this.headers.set("Content-Type", guessType(this.path));
    if (file.gzip) {
      this.headers.set("Content-Encoding", "gzip");
      this.headers.set("Vary", "Accept-Encoding");
    }
    this.headers.set("ETag", `"${file.etag}"`);
    this.headers.set("Last-Modified", httpDate(file.mtimeMs));
    this.headers.set("Content-Length", String(count));
    this.headers.set("Accept-Ranges", "bytes");
    yield* super.prepare(request);
    if (count === 0 || request.method === "HEAD") return;
    const res = request.target.res;
    // Streamed from disk with back-pressure; a cancelled handler (the client went away, the server
    // stopping) aborts the copy and closes the file.
    const path = file.path;
    const stream = createReadStream(path, { start, end: start + count - 1, highWaterMark: this.chunkSize });
    yield* ensureFuture((signal) => pipeline(stream, res, { signal, end: false }));
    this.countBody(stream.bytesRead);
    if (stream.bytesRead < count) {
      // The file shrank while it was sent (log rotation by copytruncate): the promised length will
      // not come. Raised, so the server closes the connection and the client sees a short body
      // instead of waiting for bytes forever.
      throw new Error(
        `${repr(path)} shrank while it was sent: ${stream.bytesRead} of ${count} bytes (Content-Length) were there`,
      );
    }
    res.end();
    this.finished();
  }

  /** The `.gz` sibling to serve instead, or null (none, not a file, or outside the static root). */
  *#gzSibling(gz: string): Coro<string | null> {
    const st = yield* fromPromise(stat(gz).catch(() => null));
    if (!st?.isFile()) return null;
    if (this.#root === null) return gz;
    const real = yield* fromPromise(realpath(gz).catch(() => null));
    return real !== null && inside(real, this.#root) ? real : null;
  }
}

/** Options of a static route. Python: `router.add_static(prefix, path, show_index=…, follow_symlinks=…)`. */
export interface StaticOptions {
  name?: string | undefined;
  /** List a directory's files (else 403). */
  showIndex?: boolean | undefined;
  /** Serve files that symlinks inside the directory point to outside it (default false: 404). */
  followSymlinks?: boolean | undefined;
  chunkSize?: number | undefined;
}

/** The handler of a static route: the file under `directory` that `filename` names, never one outside. */
export function staticHandler(
  prefix: string,
  directory: string,
  options: StaticOptions,
): (request: Request) => Coro<StreamResponse> {
  return function* serveStatic(request: Request): Coro<StreamResponse> {
    const filename = request.matchInfo.params.filename ?? "";
    if (isAbsolute(filename) || filename.includes("\0")) throw new HTTPForbidden();
    const root = yield* fromPromise(realpath(directory));
    const unresolved = join(root, filename);
    let filepath: string;
    try {
      if (options.followSymlinks) {
        if (!inside(normalize(unresolved), root)) throw new HTTPNotFound();
        filepath = yield* fromPromise(realpath(unresolved));
      } else {
        filepath = yield* fromPromise(realpath(unresolved));
        if (!inside(filepath, root)) throw new HTTPNotFound();
      }
    } catch (err) {
      if (err instanceof HTTPNotFound) throw err;
      throw new HTTPNotFound(); // missing, or not readable
    }
    const st = yield* fromPromise(stat(filepath));
    if (st.isDirectory()) {
      if (!options.showIndex) throw new HTTPForbidden();
      return new Response({ text: yield* directoryIndex(prefix, root, filepath), contentType: "text/html" });
    }
    if (!st.isFile()) throw new HTTPNotFound();
    const response = new FileResponse(
      filepath,
      options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize },
    );
    return options.followSymlinks ? response : response.confine(root);
  };
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** aiohttp's directory listing. */
function* directoryIndex(prefix: string, root: string, dir: string): Coro<string> {
  const rel =
    dir === root
      ? ""
      : dir
          .slice(root.length + 1)
          .split(sep)
          .join("/");
  // Names are the files', that is anyone's who can write there: escaped as HTML, and the links
  // percent-encoded (aiohttp's fix of CVE-2024-27306).
  // aiohttp names the static root itself "/." (its path relative to the root, as pathlib writes it).
  const title = `Index of /${escapeHtml(rel === "" ? "." : rel)}`;
  // Sorted by code point, as Python sorts the names (`sorted(filepath.iterdir())`); the UTF-8 bytes
  // compare in that order, where JavaScript's `<` compares UTF-16 units (an emoji before U+FF01).
  const entries = (yield* fromPromise(readdir(dir, { withFileTypes: true }))).sort((a, b) =>
    Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
  );
  const items = entries.map((e) => {
    const relPath = rel === "" ? e.name : `${rel}/${e.name}`;
    const href = escapeHtml(quotePath(`${prefix}/${relPath}`));
    return `<li><a href="${href}">${escapeHtml(e.isDirectory() ? `${e.name}/` : e.name)}</a></li>`;
  });
  return `<html>\n<head>\n<title>${title}</title>\n</head>\n<body>\n<h1>${title}</h1>\n<ul>\n${items.join("\n")}\n</ul>\n</body>\n</html>`;
}

/** Python's `html.escape(s)` (quotes too). */
function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
}

/** A path percent-encoded as yarl's `URL.build(path=…).raw_path` (sub-delimiters, `:` and `@` kept). */
function quotePath(path: string): string {
  return path
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (m) => decodeURIComponent(m)),
    )
    .join("/");
}
