/**
 * The downloader: every URL fetched with one @aio/http session, at most `concurrency` at a time,
 * each body streamed into a temporary file beside its target and renamed over it once complete
 * (readers never see a half-written file; a failure or a cancellation leaves no file at all),
 * failed attempts retried with exponential backoff when retrying can help.
 */
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { open, os } from "@aio/fs";
import { TimeoutError } from "@aio/future";
import {
  ClientConnectionError,
  ClientPayloadError,
  ClientResponseError,
  ClientSession,
  ClientTimeout,
  TCPConnector,
} from "@aio/http";
import { Semaphore } from "@aio/sync";
import { anext, type Coro, gather, isCancelledError, sleep, using } from "@aio/task";

/** Options of {@link fetchMany}. */
export interface FetchOptions {
  /** Where the files go (created if missing). */
  outDir: string;
  /** Downloads at once (default 4). */
  concurrency?: number;
  /** Attempts after the first for a failure that may pass: a connection error, a timeout, 429, 5xx (default 3). */
  retries?: number;
  /** Seconds before the first retry; doubled for each further one, capped at 30 (default 0.5). */
  backoff?: number;
  /** Spread the waits by ±20% so that retries do not come in step (default true). */
  jitter?: boolean;
  /** Seconds one attempt may take in all, or null (default null; 30 s between reads regardless). */
  timeout?: number | null;
  /** Told what happens, for a progress display. */
  events?: FetchEvents;
}

/** What a progress display hears. */
export interface FetchEvents {
  start?(url: string, file: string): void;
  /** Bytes so far, and the total when the server said it (Content-Length). */
  progress?(url: string, received: number, total: number | null): void;
  retry?(url: string, attempt: number, delay: number, reason: string): void;
  done?(result: FetchResult): void;
}

/** How one download ended. */
export interface FetchResult {
  url: string;
  /** The file written (also on failure: where it would have gone). */
  file: string;
  /** The last HTTP status, or null when no response came. */
  status: number | null;
  /** Bytes saved (0 on failure). */
  bytes: number;
  attempts: number;
  /** Seconds from the first attempt's start to the end. */
  seconds: number;
  /** Why it failed, or null. */
  error: string | null;
}

/** A failure that retrying may cure. */
class Retryable extends Error {
  override name = "Retryable";
  constructor(
    message: string,
    readonly status: number | null,
    /** Seconds the server asked us to wait (Retry-After), or null. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The file name for `url`: its last path segment (or the host for `/`), made safe for a file
 * system and unique among `taken` (`page.html`, `page-2.html`, …).
 */
export function fileNameFor(url: string, taken: Set<string>): string {
  const u = new URL(url);
  const raw = u.pathname.split("/").filter(Boolean).at(-1) ?? "";
  let segment: string;
  try {
    segment = decodeURIComponent(raw);
  } catch {
    segment = raw; // a malformed escape (`%zz`) is fetched as written, as yarl keeps it
  }
  let name = (segment || u.hostname).replace(/[^\w.\-가-힣]+/g, "_").replace(/^\.+/, "_");
  if (name.length > 120) name = name.slice(0, 120);
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${stem}-${n}${ext}`;
  taken.add(candidate);
  return candidate;
}

/** The URLs of a list file: one per line; blank lines and `#` comments skipped. */
export function parseUrlList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** Checks every URL before anything starts: a clear error naming the first bad one. */
export function checkUrls(urls: string[]): void {
  for (const url of urls) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new RangeError(`not a URL: ${JSON.stringify(url)}`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:")
      throw new RangeError(`only http and https URLs can be fetched, got ${JSON.stringify(url)}`);
  }
}

/**
 * Downloads every URL into `options.outDir`; the results come in the order of `urls`. A failed
 * download is a result with its `error`, never an exception; cancelling the coroutine cancels
 * every download (their temporary files are removed).
 */
export function* fetchMany(urls: string[], options: FetchOptions): Coro<FetchResult[]> {
  checkUrls(urls);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0)
    throw new RangeError(`retries must be a non-negative integer, got ${retries}`);
  const backoff = options.backoff ?? 0.5;
  if (!(backoff >= 0))
    throw new RangeError(`backoff must be a non-negative number of seconds, got ${backoff}`);
  yield* os.makedirs(options.outDir, { existOk: true });
  const taken = new Set<string>();
  const files = urls.map((url) => join(options.outDir, fileNameFor(url, taken)));
  const slots = new Semaphore(concurrency);
  const timeout = new ClientTimeout({ total: options.timeout ?? null, sockRead: 30, sockConnect: 30 });
  const connector = new TCPConnector({ limit: concurrency });
  return yield* using(new ClientSession({ connector, timeout }), function* (session) {
    return yield* gather(
      ...urls.map((url, i) =>
        using(slots, () => download(session, url, files[i] as string, { ...options, retries, backoff })),
      ),
    );
  });
}

/** One URL, with its retries. */
function* download(
  session: ClientSession,
  url: string,
  file: string,
  options: FetchOptions & { retries: number; backoff: number },
): Coro<FetchResult> {
  const started = performance.now();
  const events = options.events ?? {};
  events.start?.(url, file);
  let status: number | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      const saved = yield* attemptOnce(session, url, file, events);
      const result: FetchResult = {
        url,
        file,
        status: saved.status,
        bytes: saved.bytes,
        attempts: attempt,
        seconds: (performance.now() - started) / 1000,
        error: null,
      };
      events.done?.(result);
      return result;
    } catch (err) {
      if (isCancelledError(err)) throw err;
      const why = describe(err);
      if (err instanceof Retryable || err instanceof ClientResponseError) status = err.status || null;
      if (err instanceof Retryable && attempt <= options.retries) {
        const wait = Math.min(30, options.backoff * 2 ** (attempt - 1));
        const spread = options.jitter === false ? 1 : 0.8 + 0.4 * Math.random();
        const delay = err.retryAfter ?? wait * spread;
        events.retry?.(url, attempt, delay, why);
        yield* sleep(delay);
        continue;
      }
      const result: FetchResult = {
        url,
        file,
        status,
        bytes: 0,
        attempts: attempt,
        seconds: (performance.now() - started) / 1000,
        error: why,
      };
      events.done?.(result);
      return result;
    }
  }
}

/** One attempt: the body streamed into `.<name>.<random>.part`, renamed over `file` when complete. */
function* attemptOnce(
  session: ClientSession,
  url: string,
  file: string,
  events: FetchEvents,
): Coro<{ status: number; bytes: number }> {
  try {
    return yield* using(session.get(url), function* (resp) {
      if (resp.status === 429 || resp.status >= 500) {
        const after = Number(resp.headers.get("Retry-After") ?? Number.NaN);
        const retryAfter = Number.isFinite(after) && after >= 0 ? Math.min(after, 60) : null;
        throw new Retryable(`HTTP ${resp.status} ${resp.reason}`, resp.status, retryAfter);
      }
      resp.raiseForStatus(); // other 4xx: retrying will not help
      const length = resp.headers.get("Content-Length");
      const total = length === undefined ? null : Number(length);
      const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString("hex")}.part`);
      let renamed = false;
      try {
        let bytes = 0;
        yield* using(open(temp, "xb"), function* (f) {
          const chunks = resp.content.iterChunked(64 * 1024);
          for (let chunk: Buffer | null; (chunk = yield* anext(chunks, null)) !== null; ) {
            yield* f.write(chunk);
            bytes += chunk.length;
            events.progress?.(url, bytes, total);
          }
        });
        yield* os.replace(temp, file);
        renamed = true;
        return { status: resp.status, bytes };
      } finally {
        if (!renamed) yield* removeQuietly(temp);
      }
    });
  } catch (err) {
    // What a new attempt may cure: the connection, a timeout, a body cut short.
    if (
      err instanceof ClientConnectionError ||
      err instanceof ClientPayloadError ||
      (err instanceof TimeoutError && !isCancelledError(err))
    )
      throw new Retryable(describe(err), null);
    throw err;
  }
}

/** Removes a temporary file; one that is not there is fine. */
function* removeQuietly(path: string): Coro<void> {
  try {
    yield* os.remove(path);
  } catch (err) {
    if ((err as { errno?: number }).errno !== 2) throw err;
  }
}

/** A one-line reason for the summary. */
function describe(err: unknown): string {
  if (err instanceof Retryable) return err.message;
  if (err instanceof ClientResponseError) return `HTTP ${err.status} ${err.reason}`.trim();
  if (err instanceof TimeoutError) return err.message === "" ? "timed out" : err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
