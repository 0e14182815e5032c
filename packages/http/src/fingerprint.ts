/**
 * Certificate pinning: aiohttp's `Fingerprint`, the sha256 digest of the certificate a server must
 * present, given as a connector's or a request's `ssl`. With it the certificate is not verified
 * against the CAs (aiohttp's pinning replaces verification): only its digest is compared, after the
 * handshake, and a mismatch is a `ServerFingerprintMismatch`.
 * @example
 * // openssl x509 -in cert.pem -outform der | openssl dgst -sha256 -binary | xxd -p -c 64
 * const pin = new Fingerprint(Buffer.from("1f4d…", "hex"));
 * new ClientSession({ connector: new TCPConnector({ ssl: pin }) });
 */
import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { repr } from "@aio/loop";
import type { buildConnector } from "undici";
import { ServerFingerprintMismatch } from "./errors.js";
import { undici } from "./lazy.js";

/**
 * The sha256 digest a server's certificate (DER) must have. Python: `aiohttp.Fingerprint(digest)`.
 * Only sha256 is taken: a 16- or 20-byte digest (md5, sha1) is a RangeError (aiohttp's ValueError),
 * as is any other length.
 */
export class Fingerprint {
  readonly #fingerprint: Buffer;

  constructor(fingerprint: Uint8Array) {
    if (!(fingerprint instanceof Uint8Array))
      throw new TypeError(`fingerprint must be bytes (a Buffer), got ${repr(fingerprint)}`);
    const length = fingerprint.length;
    if (length === 16 || length === 20)
      throw new RangeError("md5 and sha1 are insecure and not supported. Use sha256.");
    if (length !== 32) throw new RangeError("fingerprint has invalid length");
    this.#fingerprint = Buffer.from(fingerprint);
  }

  /** The digest pinned (a copy). Python: `fingerprint.fingerprint`. */
  get fingerprint(): Buffer {
    return Buffer.from(this.#fingerprint);
  }

  /**
   * Checks the certificate of a connected TLS socket: a {@link ServerFingerprintMismatch} (with the
   * socket's peer address) if its digest is not the one pinned. A socket without TLS passes.
   * Python: `fingerprint.check(transport)`.
   */
  check(socket: TLSSocket | Socket): void {
    if (typeof (socket as TLSSocket).getPeerCertificate !== "function") return;
    const raw: Buffer | undefined = (socket as TLSSocket).getPeerCertificate(true)?.raw;
    const got = createHash("sha256")
      .update(raw ?? Buffer.alloc(0))
      .digest();
    if (!got.equals(this.#fingerprint)) {
      throw new ServerFingerprintMismatch(
        Buffer.from(this.#fingerprint),
        got,
        socket.remoteAddress ?? "",
        socket.remotePort ?? 0,
      );
    }
  }

  toString(): string {
    return `<Fingerprint ${this.#fingerprint.toString("hex")}>`;
  }
}

/**
 * @internal An undici connector that makes TLS connections with `tls` (verification off, as
 * aiohttp's with a fingerprint) and fails one whose certificate is not the one `fingerprint` pins.
 */
export function pinnedConnector(tls: ConnectionOptions, fingerprint: Fingerprint): buildConnector.connector {
  const connect = undici().buildConnector({ ...tls, rejectUnauthorized: false });
  return (options, callback) => {
    connect(options, (err, socket) => {
      if (err !== null) {
        callback(err, null);
        return;
      }
      try {
        fingerprint.check(socket);
      } catch (mismatch) {
        socket.destroy();
        callback(mismatch as Error, null);
        return;
      }
      callback(null, socket);
    });
  };
}
