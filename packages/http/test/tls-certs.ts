/**
 * The test certificates (test/fixtures/tls, made by its make.sh): a CA, and the server's
 * certificate it signed for localhost, 127.0.0.1 and ::1 — aiohttp's `ssl_ctx` (the server's),
 * `client_ssl_ctx` (a client trusting the CA) and `tls_certificate_fingerprint_sha256` fixtures.
 */
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "tls");

/** The server's key and certificate (PEM): a site's `sslContext`, a TestServer's `ssl`. */
export const serverTls = {
  key: readFileSync(join(dir, "server.key"), "utf8"),
  cert: readFileSync(join(dir, "server.pem"), "utf8"),
};

/** The CA that signed it (PEM): a client's `ca`. */
export const caPem = readFileSync(join(dir, "ca.pem"), "utf8");

/** The sha256 of the server's certificate (DER): what a Fingerprint pins. */
export const serverCertSha256 = createHash("sha256").update(new X509Certificate(serverTls.cert).raw).digest();
