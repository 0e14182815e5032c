/**
 * One HTTP exchange on undici's dispatcher: the request goes out, the status line and headers
 * settle a Promise, the body flows into a StreamReader (through zlib when it is compressed) with
 * back-pressure, and the socket timeouts of aiohttp (`sock_connect`, `sock_read`) run on the loop.
 */

import { isAscii } from "node:buffer";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { decodeUtf8SurrogateEscape } from "@aio/fs/internal";
import type { Future } from "@aio/future";
import type { EventLoop, TimerHandle } from "@aio/loop";
import type { Dispatcher } from "undici";
import { ClientPayloadError, ServerTimeoutError } from "./errors.js";
import type { ExpectDispatcher } from "./expect-dispatcher.js";
import type { FlowControl, StreamReader } from "./streams.js";
import { mapExchangeError } from "./undici-errors.js";

/** The start of a response. */
export interface ResponseHead {
  status: number;
  reason: string;
  headers: [string, string][];
  /** The headers as they came: names and values as bytes. */
  rawHeaders: [Buffer, Buffer][];
}

/** What {@link exchange} needs. */
export interface ExchangeOptions {
  /** undici's dispatcher, or the one for `Expect` requests (expect-dispatcher.ts). */
  dispatcher: Pick<Dispatcher, "dispatch"> | ExpectDispatcher;
  origin: string;
  path: string;
  method: string;
  headers: string[];
  body: string | Buffer | AsyncIterable<Uint8Array> | null;
  loop: EventLoop;
  /** Seconds to get the request onto a connected socket (aiohttp: sock_connect), or null. */
  sockConnect: number | null;
  /** Seconds between reads (headers, then each chunk), or null. */
  sockRead: number | null;
  /** Where the body goes. */
  stream: StreamReader;
  /** Decode gzip/deflate/br bodies. */
  decompress: boolean;
  /** No keep-alive. */
  reset: boolean;
  /** The URL, for messages. */
  url: string;
}

const CONNECT_TIMEOUT = 0;
const READ_TIMEOUT = 1;

/**
 * A running exchange: its head (a Future of the loop), the body flowing into its StreamReader, and
 * a way to abort it. It is its own undici handler and the stream's flow control (methods, not
 * closures: one object per request).
 */
export class Exchange implements Dispatcher.DispatchHandler, FlowControl {
  /** The status line and headers: a Future of the loop, settled from undici's callbacks directly. */
  readonly head: Future<ResponseHead>;
  /** undici's abort for this request (from onConnect), and whether it was called. */
  #abortRequest: ((err?: Error) => void) | null = null;
  #aborted = false;
  /** undici's resume for a paused response (from onHeaders). */
  #resumeRequest: (() => void) | null = null;
  #pendingAbort: Error | null = null;
  #headSettled = false;
  #complete = false;
  #paused = false;
  #timer: TimerHandle | null = null;
  #untrack: (() => void) | null;
  #decoder: BodyDecoder | null = null;
  readonly #o: ExchangeOptions;

  /** Starts the exchange: the request goes out at once. */
  constructor(o: ExchangeOptions) {
    this.#o = o;
    // undici's callbacks run on the loop's thread, between its iterations: no Promise hop. Until
    // the head comes the exchange is outside work for the virtual clock.
    this.head = o.loop.createFuture<ResponseHead>() as Future<ResponseHead>;
    // (A cancelled wait for the head aborts the exchange, which settles it: see the session.)
    this.#untrack = o.loop.trackOutsideOperation("http", `${o.method} ${o.url}`);
    o.stream.attach(this);
    try {
      (o.dispatcher as Pick<Dispatcher, "dispatch">).dispatch(
        {
          origin: o.origin,
          path: o.path,
          method: o.method as Dispatcher.HttpMethod,
          headers: o.headers,
          body: o.body as Dispatcher.DispatchOptions["body"],
          reset: o.reset,
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        this,
      );
    } catch (err) {
      this.#fail(mapExchangeError(err as Error, false));
      return;
    }
    // sock_connect: until the request is on a connected socket. A kept-alive socket takes it
    // within dispatch() (onConnect came already): no timer then.
    if (o.sockConnect !== null && this.#abortRequest === null && !this.#headSettled)
      this.#startTimer(o.sockConnect, CONNECT_TIMEOUT);
  }

  /** Whether the body came to its end. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Stops the exchange: the head rejects (or the body fails) with `reason`. */
  abort(reason: Error): void {
    if (this.#complete) return;
    if (this.#abortRequest !== null && !this.#aborted) {
      this.#aborted = true;
      this.#abortRequest(reason);
    } else if (this.#abortRequest === null) {
      this.#pendingAbort = reason;
      this.#fail(reason);
    }
  }

  // The stream's flow control: a paused response stops reading its socket (onData says so).
  pause(): void {
    this.#paused = true;
    this.#stopTimer(); // as aiohttp: no read timeout while the reader does not read
  }
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (!this.#complete) this.#startTimer(this.#o.sockRead, READ_TIMEOUT);
    this.#resumeRequest?.();
  }

  // undici's handler: its core API (the controller API would cost a wrapper per request, which
  // also parses every header into an object nobody reads).
  onConnect(abort: (err?: Error) => void): void {
    this.#abortRequest = abort;
    if (this.#pendingAbort !== null) {
      this.#aborted = true;
      abort(this.#pendingAbort);
      return;
    }
    // On a socket now: the request is sent, the response awaited.
    this.#startTimer(this.#o.sockRead, READ_TIMEOUT);
  }
  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx informational: the real response follows
    this.#resumeRequest = resume;
    const raw = rawHeaders as (Buffer | string)[];
    const headers: [string, string][] = [];
    const rawPairs: [Buffer, Buffer][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as Buffer | string;
      const value = raw[i + 1] as Buffer | string;
      headers.push([headerName(name), decodeHeader(value)]);
      rawPairs.push([asBytes(name), asBytes(value)]);
    }
    const o = this.#o;
    // A response without a body (204, 304, to HEAD, Content-Length: 0) has nothing to decode: its
    // end is at once, whatever its Content-Encoding says (aiohttp's parser gives no payload).
    const encoding = o.decompress && hasBody(statusCode, o.method, headers) ? contentEncoding(headers) : null;
    if (encoding !== null) this.#decoder = makeDecoder(encoding, o.stream, (err) => this.#fail(err));
    this.#headSettled = true;
    this.#startTimer(o.sockRead, READ_TIMEOUT);
    if (this.#settle())
      this.head.setResult({ status: statusCode, reason: statusText ?? "", headers, rawHeaders: rawPairs });
    return !this.#paused;
  }
  onData(chunk: Buffer): boolean {
    if (!this.#paused && this.#o.sockRead !== null) this.#startTimer(this.#o.sockRead, READ_TIMEOUT);
    if (this.#decoder !== null) this.#decoder.write(chunk);
    else this.#o.stream.feedData(chunk);
    return !this.#paused;
  }
  onComplete(): void {
    this.#complete = true;
    this.#stopTimer();
    if (this.#decoder !== null) this.#decoder.end();
    else this.#o.stream.feedEof();
  }
  onError(err: Error): void {
    this.#complete = true;
    this.#fail(mapExchangeError(err, this.#headSettled));
  }

  /** The head is settled (or cancelled): no longer outside work. True if it can still be set. */
  #settle(): boolean {
    this.#untrack?.();
    this.#untrack = null;
    return !this.#o.loop.isClosed() && !this.head.done();
  }

  #fail(err: unknown): void {
    this.#stopTimer();
    if (!this.#headSettled) {
      this.#headSettled = true;
      if (this.#settle()) this.head.setException(err);
    } else this.#o.stream.setException(err);
  }

  #stopTimer(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #startTimer(seconds: number | null, which: typeof CONNECT_TIMEOUT | typeof READ_TIMEOUT): void {
    this.#stopTimer();
    if (seconds === null || this.#o.loop.isClosed()) return;
    this.#timer = this.#o.loop.callLater(seconds, timedOut, this, which);
  }

  /** @internal A socket timeout fired. */
  timedOut(which: typeof CONNECT_TIMEOUT | typeof READ_TIMEOUT): void {
    this.#timer = null;
    this.abort(
      which === CONNECT_TIMEOUT
        ? new ServerTimeoutError(`Connection timeout to host ${this.#o.url}`)
        : new ServerTimeoutError("Timeout on reading data from socket"),
    );
  }
}

function timedOut(ex: Exchange, which: typeof CONNECT_TIMEOUT | typeof READ_TIMEOUT): void {
  ex.timedOut(which);
}

/** Starts an exchange. */
export function exchange(o: ExchangeOptions): Exchange {
  return new Exchange(o);
}

/**
 * Header values are bytes, decoded as aiohttp 3.8 does (`bytes.decode("utf-8", "surrogateescape")`):
 * UTF-8, with each byte that is not part of a valid sequence kept as a lone surrogate U+DC80–U+DCFF.
 */
function decodeHeader(value: Buffer | string): string {
  if (typeof value === "string") return value;
  if (isAscii(value)) return value.toString("latin1"); // nearly all: no decoding to do
  return decodeUtf8SurrogateEscape(value);
}

/** A header's bytes (undici gives Buffers; a string is Latin-1). */
function asBytes(x: Buffer | string): Buffer {
  return typeof x === "string" ? Buffer.from(x, "latin1") : x;
}

/** A header name: a token, ASCII. */
function headerName(name: Buffer | string): string {
  return typeof name === "string" ? name : name.toString("latin1");
}

/** Whether a response may have a body to decode. */
function hasBody(status: number, method: string, headers: [string, string][]): boolean {
  if (status === 204 || status === 304 || method === "HEAD") return false;
  for (const [k, v] of headers) {
    if (k.length === 14 && k.toLowerCase() === "content-length" && v.trim() === "0") return false;
  }
  return true;
}

function contentEncoding(headers: [string, string][]): "gzip" | "deflate" | "br" | null {
  for (const [k, v] of headers) {
    if (k.length !== 16 || k.toLowerCase() !== "content-encoding") continue;
    const e = v.trim().toLowerCase();
    if (e === "gzip" || e === "x-gzip") return "gzip";
    if (e === "deflate") return "deflate";
    if (e === "br") return "br";
  }
  return null;
}

function makeDecoder(
  encoding: "gzip" | "deflate" | "br",
  stream: StreamReader,
  fail: (err: unknown) => void,
): BodyDecoder {
  const wire = (z: Transform): Transform => {
    z.on("data", (chunk: Buffer) => stream.feedData(chunk));
    z.on("end", () => stream.feedEof());
    z.on("error", (err) =>
      fail(new ClientPayloadError(`Can not decode content-encoding: ${encoding}`, { cause: err })),
    );
    return z;
  };
  if (encoding === "gzip") return wire(createGunzip());
  if (encoding === "br") return wire(createBrotliDecompress());
  // deflate: zlib-wrapped as RFC 9110 says, or raw as some servers send it — aiohttp looks at the
  // first byte (a zlib header's low nibble is 8, the deflate method) and takes either
  let z: Transform | null = null;
  return {
    write(chunk: Buffer): boolean {
      if (chunk.length === 0) return true;
      z ??= wire(((chunk[0] as number) & 0x0f) === 8 ? createInflate() : createInflateRaw());
      return z.write(chunk);
    },
    end(): void {
      if (z === null) stream.feedEof();
      else z.end();
    },
  };
}

/** Where a compressed body is written, decoded into the response's stream. */
interface BodyDecoder {
  write(chunk: Buffer): boolean;
  end(): void;
}
