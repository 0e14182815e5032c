/**
 * What a TLS transport tells of its connection, in the shapes of Python's `ssl` module:
 * `getExtraInfo("peercert")` is `SSLSocket.getpeercert()`'s dict, `getExtraInfo("cipher")` its
 * `(name, protocol, secret_bits)` tuple, `getExtraInfo("ssl_object")` an {@link SSLObject}.
 */
import type { PeerCertificate, TLSSocket } from "node:tls";

/** A relative distinguished name's parts: Python's `(('commonName', 'localhost'),)`. */
export type RelativeDistinguishedName = [string, string][];

/**
 * A peer's certificate as Python's `getpeercert()` gives it (tuples are arrays): `subject` and
 * `issuer` as sequences of RDNs, `version`, `serialNumber`, `notBefore`, `notAfter`, and the
 * extensions Python decodes (`subjectAltName`, `OCSP`, `caIssuers`, `crlDistributionPoints`).
 */
export interface PeerCert {
  subject: RelativeDistinguishedName[];
  issuer: RelativeDistinguishedName[];
  version: number;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  subjectAltName?: [string, string][];
  OCSP?: string[];
  caIssuers?: string[];
  crlDistributionPoints?: string[];
}

/** OpenSSL's short names of name attributes → the long names Python prints. */
const LONG_NAMES: Record<string, string> = {
  C: "countryName",
  ST: "stateOrProvinceName",
  L: "localityName",
  O: "organizationName",
  OU: "organizationalUnitName",
  CN: "commonName",
  emailAddress: "emailAddress",
  serialNumber: "serialNumber",
  DC: "domainComponent",
  street: "streetAddress",
  title: "title",
  GN: "givenName",
  SN: "surname",
  initials: "initials",
  pseudonym: "pseudonym",
  UID: "userId",
  name: "name",
  postalCode: "postalCode",
  businessCategory: "businessCategory",
  jurisdictionC: "jurisdictionCountryName",
  jurisdictionST: "jurisdictionStateOrProvinceName",
  jurisdictionL: "jurisdictionLocalityName",
  dnQualifier: "dnQualifier",
  description: "description",
};

function rdns(name: Record<string, string | string[]> | undefined): RelativeDistinguishedName[] {
  const out: RelativeDistinguishedName[] = [];
  for (const [key, value] of Object.entries(name ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) out.push([[LONG_NAMES[key] ?? key, v]]);
  }
  return out;
}

// ---------------------------------------------------------------- DER, for what Node leaves out

interface Der {
  tag: number;
  start: number; // of the content
  end: number;
}

function readDer(buf: Buffer, at: number): Der {
  const tag = buf[at] as number;
  let len = buf[at + 1] as number;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] as number);
    start += n;
  }
  return { tag, start, end: start + len };
}

function children(buf: Buffer, parent: Der): Der[] {
  const out: Der[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const d = readDer(buf, at);
    out.push(d);
    at = d.end;
  }
  return out;
}

const OID_CRL_DISTRIBUTION_POINTS = "551d1f"; // 2.5.29.31

/** The certificate's version (1–3) and its CRL distribution point URIs, from its DER. */
function fromDer(raw: Buffer): { version: number; crl: string[] } {
  try {
    const [tbs] = children(raw, readDer(raw, 0)) as [Der];
    const fields = children(raw, tbs);
    const first = fields[0] as Der;
    const version = first.tag === 0xa0 ? (raw[(children(raw, first)[0] as Der).start] as number) + 1 : 1;
    const crl: string[] = [];
    const extensions = fields.find((f) => f.tag === 0xa3);
    if (extensions !== undefined) {
      for (const ext of children(raw, children(raw, extensions)[0] as Der)) {
        const parts = children(raw, ext);
        const oid = parts[0] as Der;
        if (raw.subarray(oid.start, oid.end).toString("hex") !== OID_CRL_DISTRIBUTION_POINTS) continue;
        const value = parts[parts.length - 1] as Der; // OCTET STRING holding the CRLDistributionPoints
        collectUris(raw, readDer(raw, value.start), crl);
      }
    }
    return { version, crl };
  } catch {
    return { version: 3, crl: [] };
  }
}

/** Every uniformResourceIdentifier ([6] IA5String) under `node`. */
function collectUris(raw: Buffer, node: Der, out: string[]): void {
  if (node.tag === 0x86) {
    out.push(raw.subarray(node.start, node.end).toString("latin1"));
    return;
  }
  if (node.tag & 0x20) for (const c of children(raw, node)) collectUris(raw, c, out);
}

/** A certificate from Node in Python's `getpeercert()` shape. */
export function pythonPeerCert(cert: PeerCertificate): PeerCert {
  const { version, crl } = fromDer(cert.raw);
  const out: PeerCert = {
    subject: rdns(cert.subject as unknown as Record<string, string | string[]>),
    issuer: rdns(cert.issuer as unknown as Record<string, string | string[]>),
    version,
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.valid_from,
    notAfter: cert.valid_to,
  };
  if (cert.subjectaltname) {
    out.subjectAltName = cert.subjectaltname.split(", ").map((entry) => {
      const i = entry.indexOf(":");
      return [entry.slice(0, i), entry.slice(i + 1)] as [string, string];
    });
  }
  const access = (cert.infoAccess ?? {}) as Record<string, string[]>;
  if (access["OCSP - URI"]) out.OCSP = [...access["OCSP - URI"]];
  if (access["CA Issuers - URI"]) out.caIssuers = [...access["CA Issuers - URI"]];
  if (crl.length > 0) out.crlDistributionPoints = crl;
  return out;
}

/**
 * The peer's certificate as Python's `getpeercert()`: null when the peer sent none, `{}` when it
 * was not verified (Python's `CERT_NONE`), else the decoded certificate.
 */
export function peerCertOf(socket: TLSSocket): PeerCert | Record<string, never> | null {
  const cert = socket.getPeerCertificate(false);
  if (cert === null || cert === undefined || Object.keys(cert).length === 0) return null;
  if (!socket.authorized) return {};
  return pythonPeerCert(cert);
}

/** The negotiated cipher as Python's `(name, protocol, secret_bits)`, or null before the handshake. */
export function cipherOf(socket: TLSSocket): [string, string, number] | null {
  const c = socket.getCipher?.();
  if (!c) return null;
  const bits = /CHACHA20/.test(c.name)
    ? 256
    : Number(
        /(?:AES|CAMELLIA|ARIA|SM4)[-_]?(128|192|256)/.exec(c.name)?.[1] ??
          (/3DES|DES-CBC3/.test(c.name) ? 112 : 0),
      );
  return [c.name, c.version, bits];
}

/**
 * The TLS side of a connection, as `getExtraInfo("ssl_object")` gives it. Python: `ssl.SSLObject`
 * (`cipher()`, `compression()`, `getpeercert()`, `version()`, `selected_alpn_protocol()`), with
 * Node's TLS socket beside it.
 */
export class SSLObject {
  /** Node's TLS socket. */
  readonly nodeSocket: TLSSocket;

  /** @internal made by the TLS transport */
  constructor(socket: TLSSocket) {
    this.nodeSocket = socket;
  }

  /** `(name, protocol, secret_bits)`. Python: `cipher()`. */
  cipher(): [string, string, number] | null {
    return cipherOf(this.nodeSocket);
  }

  /** Always null: TLS compression is off in every OpenSSL Node ships. Python: `compression()`. */
  compression(): null {
    return null;
  }

  /**
   * The peer's certificate: Python's dict (`{}` if it was not verified, null if none), or with
   * `binaryForm` its DER bytes. Python: `getpeercert(binary_form=False)`.
   */
  getpeercert(binaryForm = false): PeerCert | Record<string, never> | Buffer | null {
    if (!binaryForm) return peerCertOf(this.nodeSocket);
    const cert = this.nodeSocket.getPeerCertificate(false);
    return cert && Object.keys(cert).length > 0 ? cert.raw : null;
  }

  /** The protocol, e.g. `"TLSv1.3"`. Python: `version()`. */
  version(): string | null {
    return this.nodeSocket.getProtocol();
  }

  /** The ALPN protocol chosen, or null. Python: `selected_alpn_protocol()`. */
  selectedAlpnProtocol(): string | null {
    return this.nodeSocket.alpnProtocol || null;
  }
}
