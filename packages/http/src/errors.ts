/**
 * aiohttp's client errors, with its messages: `ClientError` ← `ClientConnectionError` ←
 * `ClientOSError` ← `ClientConnectorError` ← `ClientSSLError` ← `ClientConnectorSSLError`,
 * `ClientConnectorCertificateError`; `ServerDisconnectedError`, `ServerTimeoutError`,
 * `ServerFingerprintMismatch`;
 * `ClientResponseError` ← `ContentTypeError`, `TooManyRedirects`; `ClientPayloadError`, `InvalidURL`.
 */
import { OS_ERROR } from "@aio/fs/internal";
import { TIMEOUT_ERROR } from "@aio/future/internal";
import { repr } from "@aio/loop";
import type { CIMultiDict } from "./multidict.js";

/** The request a response or an error is about. Python: `aiohttp.RequestInfo`. */
export interface RequestInfo {
  url: string;
  method: string;
  headers: CIMultiDict;
  /** The URL before fragments were cut (aiohttp: `real_url`). */
  realUrl: string;
}

/** The base of the client's errors. Python: `aiohttp.ClientError`. */
export class ClientError extends Error {
  override name = "ClientError";
}

/** The response was not what was expected (a status, a content type). Python: `ClientResponseError`. */
export class ClientResponseError extends ClientError {
  override name = "ClientResponseError";
  readonly requestInfo: RequestInfo;
  readonly history: readonly unknown[];
  /** The HTTP status (0 when there is none). */
  readonly status: number;
  /** The reason phrase (`Not Found`). */
  readonly reason: string;
  readonly headers: CIMultiDict | null;

  constructor(
    requestInfo: RequestInfo,
    history: readonly unknown[],
    options: { status?: number; message?: string; headers?: CIMultiDict | null } = {},
  ) {
    const status = options.status ?? 0;
    const message = options.message ?? "";
    // aiohttp's str(): "404, message='Not Found', url=URL('http://…')"
    super(`${status}, message=${repr(message)}, url=URL(${repr(requestInfo.realUrl)})`);
    this.requestInfo = requestInfo;
    this.history = history;
    this.status = status;
    this.reason = message;
    this.headers = options.headers ?? null;
  }
}

/** The body is not of the content type asked for (`json()` on HTML). Python: `ContentTypeError`. */
export class ContentTypeError extends ClientResponseError {
  override name = "ContentTypeError";
}

/**
 * A WebSocket handshake the server did not complete (a status other than 101, a wrong Upgrade,
 * Connection or Sec-WebSocket-Accept header). Python: `aiohttp.WSServerHandshakeError`.
 */
export class WSServerHandshakeError extends ClientResponseError {
  override name = "WSServerHandshakeError";
}

/** More redirects than `maxRedirects`. Python: `TooManyRedirects`. */
export class TooManyRedirects extends ClientResponseError {
  override name = "TooManyRedirects";
}

/** The connection failed. Python: `ClientConnectionError`. */
export class ClientConnectionError extends ClientError {
  override name = "ClientConnectionError";
}

/**
 * An operating-system error on the connection. Python: `ClientOSError` (also an `OSError`:
 * `e instanceof OSError` holds, with `errno` and `strerror`).
 */
export class ClientOSError extends ClientConnectionError {
  override name = "ClientOSError";
  readonly errno: number | undefined;
  readonly strerror: string | undefined;
  /** Node's error code (`ECONNREFUSED`). */
  readonly code: string | undefined;
  readonly [OS_ERROR] = true;

  constructor(
    message: string,
    os: { errno?: number; strerror?: string; code?: string } = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.errno = os.errno;
    this.strerror = os.strerror;
    this.code = os.code;
  }
}

/**
 * The connection could not be made (refused, unknown host). Python: `ClientConnectorError`:
 * `Cannot connect to host 127.0.0.1:9 ssl:default [Connection refused]`.
 */
export class ClientConnectorError extends ClientOSError {
  override name = "ClientConnectorError";
  readonly host: string;
  readonly port: number;
  readonly ssl: boolean | "default";

  constructor(
    host: string,
    port: number,
    ssl: boolean | "default",
    os: { errno?: number; strerror?: string; code?: string },
    cause?: unknown,
  ) {
    super(
      `Cannot connect to host ${host}:${port} ssl:${ssl === "default" ? "default" : ssl ? "True" : "False"} [${os.strerror ?? "unknown error"}]`,
      os,
      cause,
    );
    this.host = host;
    this.port = port;
    this.ssl = ssl;
  }
}

/**
 * TLS failed while connecting. Python: `aiohttp.ClientSSLError`, the base of
 * {@link ClientConnectorSSLError} and {@link ClientConnectorCertificateError}.
 */
export class ClientSSLError extends ClientConnectorError {
  override name = "ClientSSLError";
}

/**
 * The TLS handshake failed (a server that does not speak TLS, no protocol or cipher in common).
 * Python: `aiohttp.ClientConnectorSSLError`:
 * `Cannot connect to host 127.0.0.1:8443 ssl:default [<what TLS said>]`.
 */
export class ClientConnectorSSLError extends ClientSSLError {
  override name = "ClientConnectorSSLError";
}

/**
 * The server's certificate was refused (not signed by a trusted CA, expired, for another host).
 * Python: `aiohttp.ClientConnectorCertificateError`:
 * `Cannot connect to host 127.0.0.1:8443 ssl:True [<code>: <what TLS said>]`.
 */
export class ClientConnectorCertificateError extends ClientSSLError {
  override name = "ClientConnectorCertificateError";
  /** Node's error about the certificate (its `code`: `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, …). */
  readonly certificateError: Error;

  constructor(host: string, port: number, certificateError: Error) {
    const code = (certificateError as { code?: string }).code;
    super(
      host,
      port,
      true,
      { strerror: `${code ?? certificateError.name}: ${certificateError.message.trim()}`, code },
      certificateError,
    );
    this.certificateError = certificateError;
  }
}

/** The server's side of the connection failed. Python: `ServerConnectionError`. */
export class ServerConnectionError extends ClientConnectionError {
  override name = "ServerConnectionError";
}

/** The server closed the connection before the response was complete. Python: `ServerDisconnectedError`. */
export class ServerDisconnectedError extends ServerConnectionError {
  override name = "ServerDisconnectedError";
  constructor(message = "Server disconnected", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A socket timeout (connecting, or reading). Python: `ServerTimeoutError` (also an
 * `asyncio.TimeoutError`: `e instanceof TimeoutError` holds).
 */
export class ServerTimeoutError extends ServerConnectionError {
  override name = "ServerTimeoutError";
  readonly [TIMEOUT_ERROR] = true;
}

/**
 * The server's certificate is not the one pinned with a {@link Fingerprint}. Python:
 * `aiohttp.ServerFingerprintMismatch`, whose text is its arguments:
 * `(b'<expected>', b'<got>', '127.0.0.1', 8443)`.
 */
export class ServerFingerprintMismatch extends ServerConnectionError {
  override name = "ServerFingerprintMismatch";
  /** The sha256 digest pinned. */
  readonly expected: Buffer;
  /** The sha256 digest of the certificate the server presented (DER). */
  readonly got: Buffer;
  readonly host: string;
  readonly port: number;

  constructor(expected: Buffer, got: Buffer, host: string, port: number) {
    super(`(${repr(expected)}, ${repr(got)}, ${repr(host)}, ${port})`);
    this.expected = expected;
    this.got = got;
    this.host = host;
    this.port = port;
  }
}

/** The response body broke off or was malformed. Python: `ClientPayloadError`. */
export class ClientPayloadError extends ClientError {
  override name = "ClientPayloadError";
}

/**
 * A URL that cannot be requested (no host, a scheme other than http/https). Python: `InvalidURL`
 * (its message is the URL).
 */
export class InvalidURL extends ClientError {
  override name = "InvalidURL";
  readonly url: string;
  /** Why the URL is refused, when that is more than "it does not parse". */
  readonly description: string | null;
  /** The message is the URL, as aiohttp 3.8's; with a description, `url - description` (as 3.10's). */
  constructor(url: unknown, options?: { cause?: unknown; description?: string }) {
    const description = options?.description ?? null;
    super(description === null ? String(url) : `${String(url)} - ${description}`, options);
    this.url = String(url);
    this.description = description;
  }
}
