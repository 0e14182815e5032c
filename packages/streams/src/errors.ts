/**
 * The errors of asyncio's streams. Python: `asyncio.IncompleteReadError`, `asyncio.LimitOverrunError`.
 * Connection failures are the OSError family of `@aio/fs` (`ConnectionResetError`, …), and a
 * failed name lookup its `socket.gaierror`.
 */
import { isIP } from "node:net";
import { OSError } from "@aio/fs";

/**
 * The stream ended before `expected` bytes came (`null`: before the separator).
 * Python: `asyncio.IncompleteReadError`: `3 bytes read on a total of 10 expected bytes`.
 */
export class IncompleteReadError extends Error {
  override name = "IncompleteReadError";
  /** What was read before the end. */
  readonly partial: Buffer;
  /** How many bytes were wanted, or `null` for a read up to a separator. */
  readonly expected: number | null;

  constructor(partial: Buffer, expected: number | null) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? "undefined" : expected} expected bytes`,
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * The buffer reached the stream's limit while looking for a separator. `consumed` is how many bytes
 * to skip to get past what was searched. Python: `asyncio.LimitOverrunError`.
 */
export class LimitOverrunError extends Error {
  override name = "LimitOverrunError";
  /** The bytes searched so far (to be consumed before searching on). */
  readonly consumed: number;

  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}

/** A failed name lookup. Python: `socket.gaierror` (an OSError; errno -2 is "Name or service not known"). */
export class GaiError extends OSError {
  override name = "gaierror";
}

/** @internal Python's gaierror for Node's resolver error; anything else comes back as it was. */
export function gaiError(err: unknown): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === "ENOTFOUND" || code === "EAI_NONAME" || code === "EAI_NODATA") {
    return new GaiError(-2, "Name or service not known", undefined, undefined, {
      code: "EAI_NONAME",
      cause: err,
    });
  }
  if (code === "EAI_AGAIN") {
    return new GaiError(-3, "Temporary failure in name resolution", undefined, undefined, {
      code,
      cause: err,
    });
  }
  if (code === "EAI_FAIL") {
    return new GaiError(-4, "Non-recoverable failure in name resolution", undefined, undefined, {
      code,
      cause: err,
    });
  }
  return err;
}

/**
 * A TLS failure. Python: `ssl.SSLError` (an OSError, errno 1): its text is OpenSSL's library and
 * reason, `[SSL: WRONG_VERSION_NUMBER] wrong version number` (without CPython's `(_ssl.c:…)`).
 */
export class SSLError extends OSError {
  override name = "SSLError";
  /** OpenSSL's reason (`"CERTIFICATE_VERIFY_FAILED"`), or `null`. */
  readonly reason: string | null;
  /** OpenSSL's library (`"SSL"`), or `null`. */
  readonly library: string | null;

  constructor(
    errno: number,
    strerror: string,
    options: { reason?: string | null; library?: string | null; code?: string; cause?: unknown } = {},
  ) {
    super(errno, strerror, undefined, undefined, {
      ...(options.code !== undefined ? { code: options.code } : {}),
      cause: options.cause,
    });
    // Python's SSLError reads as its strerror, without `[Errno 1]`.
    this.message = strerror;
    this.reason = options.reason ?? null;
    this.library = options.library ?? null;
  }
}

/**
 * The peer's certificate failed verification (its chain, or its name). Python:
 * `ssl.SSLCertVerificationError`, also named `ssl.CertificateError` (an SSLError and, in Python, a
 * ValueError): `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate`.
 */
export class SSLCertVerificationError extends SSLError {
  override name = "SSLCertVerificationError";
  /** OpenSSL's verification error code (`18`: self-signed certificate). Python: `verify_code`. */
  readonly verifyCode: number | null;
  /** OpenSSL's text for it. Python: `verify_message`. */
  readonly verifyMessage: string | null;

  constructor(
    verifyCode: number | null,
    verifyMessage: string | null,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(1, `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verifyMessage}`, {
      ...options,
      reason: "CERTIFICATE_VERIFY_FAILED",
      library: "SSL",
    });
    this.verifyCode = verifyCode;
    this.verifyMessage = verifyMessage;
  }
}

/** Python: `ssl.CertificateError`, the same class as `ssl.SSLCertVerificationError`. */
export const CertificateError = SSLCertVerificationError;
/** Python: `ssl.CertificateError`. */
export type CertificateError = SSLCertVerificationError;

/** OpenSSL's X509_V_ERR_* numbers, by the name Node gives a failed verification as its `code`. */
const VERIFY_CODES: Record<string, number> = {
  UNABLE_TO_GET_ISSUER_CERT: 2,
  UNABLE_TO_GET_CRL: 3,
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 4,
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 5,
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 6,
  CERT_SIGNATURE_FAILURE: 7,
  CRL_SIGNATURE_FAILURE: 8,
  CERT_NOT_YET_VALID: 9,
  CERT_HAS_EXPIRED: 10,
  CRL_NOT_YET_VALID: 11,
  CRL_HAS_EXPIRED: 12,
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 13,
  ERROR_IN_CERT_NOT_AFTER_FIELD: 14,
  ERROR_IN_CRL_LAST_UPDATE_FIELD: 15,
  ERROR_IN_CRL_NEXT_UPDATE_FIELD: 16,
  OUT_OF_MEM: 17,
  DEPTH_ZERO_SELF_SIGNED_CERT: 18,
  SELF_SIGNED_CERT_IN_CHAIN: 19,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 20,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 21,
  CERT_CHAIN_TOO_LONG: 22,
  CERT_REVOKED: 23,
  INVALID_CA: 24,
  PATH_LENGTH_EXCEEDED: 25,
  INVALID_PURPOSE: 26,
  CERT_UNTRUSTED: 27,
  CERT_REJECTED: 28,
  HOSTNAME_MISMATCH: 62,
  EMAIL_MISMATCH: 63,
  IP_ADDRESS_MISMATCH: 64,
};

/**
 * @internal Python's ssl error for Node's TLS error: a failed verification (OpenSSL's code, or Node's
 * host name check) is an SSLCertVerificationError, another OpenSSL error (`ERR_SSL_…`) an SSLError;
 * anything else comes back as it was.
 */
export function sslError(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof OSError) return err;
  const e = err as Error & { code?: unknown; host?: unknown; reason?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    // Python's check_hostname, done by OpenSSL: "IP address mismatch, certificate is not valid for '127.0.0.1'."
    const host = String(e.host ?? "");
    const ip = isIP(host) !== 0;
    const text = `${ip ? "IP address" : "Hostname"} mismatch, certificate is not valid for '${host}'.`;
    return new SSLCertVerificationError(ip ? 64 : 62, text, { code, cause: err });
  }
  const verifyCode = VERIFY_CODES[code];
  if (verifyCode !== undefined) {
    return new SSLCertVerificationError(verifyCode, err.message, { code, cause: err });
  }
  if (code.startsWith("ERR_SSL_")) {
    const reason = code.slice("ERR_SSL_".length);
    const text = typeof e.reason === "string" ? e.reason : err.message;
    return new SSLError(1, `[SSL: ${reason}] ${text}`, { reason, library: "SSL", code, cause: err });
  }
  return err;
}
