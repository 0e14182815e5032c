/**
 * What the errors of undici, and of the socket under it, mean to aiohttp's users: one table of
 * codes, in one place. The layer below speaks in codes (`UND_ERR_SOCKET`, `ECONNRESET`); aiohttp in
 * exception classes (`ServerDisconnectedError`, `ClientConnectorError`, `ClientPayloadError`). The
 * exchange maps an error as it happens (`mapExchangeError`); one that came before any response is
 * mapped again by the session, which knows the host and port aiohttp's messages name
 * (`connectionError`), and which retries a request once on a pooled socket that was found broken
 * (`isStaleSocket`). aiohttp does the same once, at its connector.
 */
import { constants } from "node:os";
import { OSError } from "@aio/fs";
import {
  ClientConnectorCertificateError,
  ClientConnectorError,
  ClientConnectorSSLError,
  ClientPayloadError,
  ServerDisconnectedError,
  ServerTimeoutError,
} from "./errors.js";

/** What a code says happened. */
type ErrorKind =
  /** The connection broke under the request (reset, a write to a closed socket, undici's socket error). */
  | "broken"
  /** undici closed the connection itself (its client or pool is closing). */
  | "closed"
  /** The request was aborted while its body came in. */
  | "aborted"
  | "refused"
  | "unresolved"
  | "connect-timeout"
  /** The body ended before its Content-Length. */
  | "short-body";

const KINDS: Readonly<Record<string, ErrorKind>> = {
  UND_ERR_SOCKET: "broken",
  ECONNRESET: "broken",
  EPIPE: "broken",
  UND_ERR_CLOSED: "closed",
  UND_ERR_ABORTED: "aborted",
  ECONNREFUSED: "refused",
  ENOTFOUND: "unresolved",
  EAI_AGAIN: "unresolved",
  EAI_NONAME: "unresolved",
  UND_ERR_CONNECT_TIMEOUT: "connect-timeout",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "short-body",
};

/** Python's `socket.EAI_NONAME`: the errno of aiohttp's "Name or service not known". */
const EAI_NONAME = -2;

function kindOf(code: string | undefined): ErrorKind | undefined {
  return code === undefined ? undefined : KINDS[code];
}

/** The error of an exchange that failed before any byte of a response: the session may retry it. */
export class BeforeResponseError extends Error {
  override name = "BeforeResponseError";
}

/**
 * undici's error, as the exchange reports it: a timeout or a cancellation as it is, a body cut
 * short as `ClientPayloadError`, anything before the response head as a `BeforeResponseError`
 * (with the code) for the session to map.
 */
export function mapExchangeError(err: Error, afterHead: boolean): unknown {
  const code = (err as { code?: string }).code;
  if (err instanceof ServerTimeoutError || err.name === "TimeoutError" || err.name === "CancelledError")
    return err;
  const kind = kindOf(code);
  if (kind === "short-body")
    return new ClientPayloadError("Response payload is not completed", { cause: err });
  if (afterHead) {
    if (kind === "broken" || kind === "aborted") {
      return new ClientPayloadError("Response payload is not completed", { cause: err });
    }
    return err;
  }
  return Object.assign(new BeforeResponseError(err.message, { cause: err }), { code });
}

/** Whether a request failed because the pooled socket it was sent on had broken: worth one retry. */
export function isStaleSocket(err: BeforeResponseError): boolean {
  return kindOf((err.cause as { code?: string } | undefined)?.code) === "broken";
}

/** An error before any response, as aiohttp reports it for `url`. */
export function connectionError(err: unknown, url: URL): unknown {
  if (!(err instanceof BeforeResponseError)) return err;
  const cause = err.cause as NodeJS.ErrnoException & { code?: string };
  const code = cause?.code ?? "";
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const ssl = "default";
  switch (kindOf(code)) {
    case "refused":
      return new ClientConnectorError(
        host,
        port,
        ssl,
        {
          errno: constants.errno.ECONNREFUSED,
          // Python's socket address: (host, port) for IPv4, (host, port, flowinfo, scope_id) for IPv6.
          strerror: `Connect call failed ('${host}', ${port}${host.includes(":") ? ", 0, 0" : ""})`,
          code,
        },
        cause,
      );
    case "unresolved":
      return new ClientConnectorError(
        host,
        port,
        ssl,
        { errno: EAI_NONAME, strerror: "Name or service not known", code },
        cause,
      );
    case "connect-timeout":
      return new ServerTimeoutError(`Connection timeout to host ${url.href}`, { cause });
    case "broken":
    case "closed":
      return new ServerDisconnectedError("Server disconnected", { cause });
  }
  // Any other system error while connecting (EHOSTUNREACH, ENETUNREACH…): aiohttp's connector error
  // with the OS's errno and text.
  if (typeof cause?.errno === "number" && code.startsWith("E")) {
    const os = OSError.fromErrno(-cause.errno);
    return new ClientConnectorError(host, port, ssl, { errno: os.errno, strerror: os.strerror, code }, cause);
  }
  // TLS: a certificate refused (OpenSSL's verification codes, a name it is not for): aiohttp's
  // ClientConnectorCertificateError, `Cannot connect to host h:443 ssl:True [<code>: <why>]`; a
  // handshake that failed otherwise (OpenSSL's ERR_SSL_*, a server that does not speak TLS):
  // ClientConnectorSSLError, `Cannot connect to host h:443 ssl:default [<what TLS said>]`.
  if (isCertificateError(code)) return new ClientConnectorCertificateError(host, port, cause);
  if (code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code === "EPROTO") {
    return new ClientConnectorSSLError(host, port, ssl, { strerror: cause.message.trim(), code }, cause);
  }
  return cause ?? err;
}

/**
 * OpenSSL's certificate verification codes as Node names them (its X509_ERROR_CODE_MAPPING), and
 * the code of Node's own check of the name (`checkServerIdentity`).
 */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Whether `code` says the server's certificate was refused (not the handshake itself). */
function isCertificateError(code: string): boolean {
  return CERTIFICATE_CODES.has(code);
}
