/**
 * HTTP basic authentication. Python: `aiohttp.BasicAuth`.
 */
import { repr } from "@aio/loop";

/**
 * Credentials for the `Authorization: Basic …` header.
 * @example session.get(url, { auth: new BasicAuth("user", "pass") })
 */
export class BasicAuth {
  readonly login: string;
  readonly password: string;
  readonly encoding: BufferEncoding;

  constructor(login: string, password = "", encoding: BufferEncoding = "latin1") {
    if (login === null || login === undefined) throw new RangeError("None is not allowed as login value");
    if (password === null || password === undefined)
      throw new RangeError("None is not allowed as password value");
    if (typeof login !== "string") throw new TypeError(`login must be a string, got ${repr(login)}`);
    if (login.includes(":")) throw new RangeError('A ":" is not allowed in login (RFC 1945#section-11.1)');
    this.login = login;
    this.password = String(password);
    this.encoding = encoding;
  }

  /** The header's value. Python: `auth.encode()`. */
  encode(): string {
    return `Basic ${Buffer.from(`${this.login}:${this.password}`, this.encoding).toString("base64")}`;
  }

  /** Credentials from an `Authorization` header. Python: `BasicAuth.decode(header)`. */
  static decode(header: string, encoding: BufferEncoding = "latin1"): BasicAuth {
    const parts = header.trim().split(" ");
    if (parts.length !== 2) throw new RangeError("Could not parse authorization header.");
    const [kind, value] = parts as [string, string];
    if (kind.toLowerCase() !== "basic") throw new RangeError(`Unknown authorization method ${kind}`);
    // Strict base64, as Python's b64decode(…, validate=True): Node's decoder skips what it cannot read.
    if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
      throw new RangeError("Invalid base64 encoding.");
    const decoded = Buffer.from(value, "base64").toString(encoding);
    const at = decoded.indexOf(":");
    if (at === -1) throw new RangeError("Invalid credentials.");
    return new BasicAuth(decoded.slice(0, at), decoded.slice(at + 1), encoding);
  }

  /** Credentials written in a URL (`http://user:pass@host/`), or null. */
  static fromUrl(url: URL): BasicAuth | null {
    if (url.username === "" && url.password === "") return null;
    return new BasicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password));
  }

  toString(): string {
    return `BasicAuth(login=${repr(this.login)}, password=${repr(this.password)}, encoding=${repr(this.encoding)})`;
  }
}
