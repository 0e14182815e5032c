/**
 * One HTTP exchange on undici's dispatcher: the request goes out, the status line and headers
 * settle a Promise, the body flows into a StreamReader (through zlib when it is compressed) with
 * back-pressure, and the socket timeouts of aiohttp (`sock_connect`, `sock_read`) run on the loop.
 */
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Future } from "@aio/future";
import type { EventLoop, TimerHandle } from "@aio/loop";
import type { Dispatcher } from "undici";
import { ClientPayloadError, ServerTimeoutError } from "./errors.js";
import type { FlowControl, StreamReader } from "./streams.js";

/** The start of a response. */
export interface ResponseHead {
  status: number;
  reason: string;
  headers: [string, string][];
}

/** What {@link exchange} needs. */
export interface ExchangeOptions {
  dispatcher: Dispatcher;
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

/** A running exchange: its head (a Future of the loop), and a way to abort it. */
export interface Exchange {
  head: Future<ResponseHead>;
  /** Stops the exchange: the head rejects (or the body fails) with `reason`. */
  abort(reason: Error): void;
  /** Whether the body came to its end. */
  readonly complete: boolean;
}

/** Bytes received before the first byte of a response: a failure then may be retried. */
export class BeforeResponseError extends Error {
  override name = "BeforeResponseError";
}

type Controller = Dispatcher.DispatchController;

/** Starts an exchange. */
export function exchange(o: ExchangeOptions): Exchange {
  let controller: Controller | null = null;
  let pendingAbort: Error | null = null;
  let headSettled = false;
  let complete = false;
  // The head settles a Future of the loop directly (undici's callbacks run on the loop's thread,
  // between its iterations): no Promise hop. Until then the exchange is outside work for the
  // virtual clock.
  const head = o.loop.createFuture<ResponseHead>() as Future<ResponseHead>;
  let untrack: (() => void) | null = o.loop.trackOutsideOperation();
  const settled = (): boolean => {
    untrack?.();
    untrack = null;
    return o.loop.isClosed() || head.done();
  };
  const resolveHead = (value: ResponseHead): void => {
    if (!settled()) head.setResult(value);
  };
  const rejectHead = (err: unknown): void => {
    if (!settled()) head.setException(err);
  };
  head.addDoneCallback((f) => {
    if (f.cancelled()) settled();
  });

  let timer: TimerHandle | null = null;
  const stopTimer = (): void => {
    timer?.cancel();
    timer = null;
  };
  const startTimer = (seconds: number | null, error: () => Error): void => {
    stopTimer();
    if (seconds === null || o.loop.isClosed()) return;
    timer = o.loop.callLater(seconds, () => abort(error()));
  };
  const readTimeout = (): Error => new ServerTimeoutError("Timeout on reading data from socket");

  let decoder: (Readable & { write(chunk: Buffer): boolean; end(): void }) | null = null;
  let paused = false;
  const flow: FlowControl = {
    pause() {
      paused = true;
      stopTimer(); // as aiohttp: no read timeout while the reader does not read
      controller?.pause();
    },
    resume() {
      paused = false;
      if (!complete) startTimer(o.sockRead, readTimeout);
      controller?.resume();
    },
  };

  const fail = (err: unknown): void => {
    stopTimer();
    if (!headSettled) {
      headSettled = true;
      rejectHead(err);
    } else o.stream.setException(err);
  };

  const abort = (reason: Error): void => {
    if (complete) return;
    if (controller !== null && !controller.aborted) controller.abort(reason);
    else {
      pendingAbort = reason;
      fail(reason);
    }
  };

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
      if (pendingAbort !== null) {
        c.abort(pendingAbort);
        return;
      }
      // On a socket now: the request is sent, the response awaited.
      startTimer(o.sockRead, readTimeout);
    },
    onResponseStart(c, statusCode, _headers, statusMessage) {
      if (statusCode < 200) return; // 1xx informational: the real response follows
      const raw = (c.rawHeaders ?? []) as (Buffer | string)[];
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2)
        headers.push([String(raw[i]), decodeHeader(raw[i + 1] as Buffer | string)]);
      const encoding = o.decompress ? contentEncoding(headers) : null;
      if (encoding !== null) decoder = makeDecoder(encoding, o.stream, fail);
      headSettled = true;
      startTimer(o.sockRead, readTimeout);
      resolveHead({ status: statusCode, reason: statusMessage ?? "", headers });
      if (paused) c.pause();
    },
    onResponseData(_c, chunk) {
      if (!paused) startTimer(o.sockRead, readTimeout);
      if (decoder !== null) decoder.write(chunk);
      else o.stream.feedData(chunk);
    },
    onResponseEnd() {
      complete = true;
      stopTimer();
      if (decoder !== null) decoder.end();
      else o.stream.feedEof();
    },
    onResponseError(_c, err) {
      complete = true;
      fail(mapError(err, headSettled));
    },
  };

  o.stream.attach(flow);
  // sock_connect: until the request is on a connected socket.
  startTimer(o.sockConnect, () => new ServerTimeoutError(`Connection timeout to host ${o.url}`));
  try {
    o.dispatcher.dispatch(
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
      handler,
    );
  } catch (err) {
    fail(mapError(err as Error, false));
  }
  return {
    head,
    abort,
    get complete() {
      return complete;
    },
  };
}

/** Header values are bytes: UTF-8 when they are valid UTF-8, else Latin-1 (as aiohttp does with surrogateescape). */
function decodeHeader(value: Buffer | string): string {
  if (typeof value === "string") return value;
  const text = value.toString("utf8");
  return text.includes("\ufffd") ? value.toString("latin1") : text;
}

function contentEncoding(headers: [string, string][]): "gzip" | "deflate" | "br" | null {
  for (const [k, v] of headers) {
    if (k.toLowerCase() !== "content-encoding") continue;
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
): Readable & { write(chunk: Buffer): boolean; end(): void } {
  const z =
    encoding === "gzip"
      ? createGunzip()
      : encoding === "deflate"
        ? createInflate()
        : createBrotliDecompress();
  z.on("data", (chunk: Buffer) => stream.feedData(chunk));
  z.on("end", () => stream.feedEof());
  z.on("error", (err) =>
    fail(new ClientPayloadError(`Can not decode content-encoding: ${encoding}`, { cause: err })),
  );
  return z;
}

/** undici's errors as aiohttp's. Connection errors are mapped by the session (it knows the host). */
export function mapError(err: Error, afterHead: boolean): unknown {
  const code = (err as { code?: string }).code;
  if (err instanceof ServerTimeoutError || err.name === "TimeoutError" || err.name === "CancelledError")
    return err;
  if (code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") {
    return new ClientPayloadError("Response payload is not completed", { cause: err });
  }
  if (afterHead) {
    if (
      code === "UND_ERR_SOCKET" ||
      code === "ECONNRESET" ||
      code === "UND_ERR_ABORTED" ||
      code === "EPIPE"
    ) {
      return new ClientPayloadError("Response payload is not completed", { cause: err });
    }
    return err;
  }
  return Object.assign(new BeforeResponseError(err.message, { cause: err }), { code });
}
