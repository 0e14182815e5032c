/**
 * Cookies as aiohttp keeps them: `Morsel` and `SimpleCookie` (Python's `http.cookies`), and the
 * session's `CookieJar` with RFC 6265's domain and path rules, host-only cookies, expiry (max-age,
 * expires), secure cookies for https only, and, like aiohttp's default, no cookies from or for IP
 * address hosts unless `unsafe: true`. `DummyCookieJar` keeps nothing.
 */
import { isIP } from "node:net";
import { repr } from "@aio/loop";
import { tldts } from "./lazy.js";

/** The attributes a cookie may carry (Python's `Morsel` keys). */
export interface CookieAttributes {
  expires: string;
  path: string;
  comment: string;
  domain: string;
  "max-age": string;
  secure: boolean;
  httponly: boolean;
  version: string;
  samesite: string;
}

const ATTRIBUTE_NAMES: Readonly<Record<string, keyof CookieAttributes>> = {
  expires: "expires",
  path: "path",
  comment: "comment",
  domain: "domain",
  "max-age": "max-age",
  secure: "secure",
  httponly: "httponly",
  version: "version",
  samesite: "samesite",
};

/** One cookie: its name, value and attributes. Python: `http.cookies.Morsel`. */
export class Morsel {
  readonly key: string;
  value: string;
  readonly attributes: CookieAttributes = {
    expires: "",
    path: "",
    comment: "",
    domain: "",
    "max-age": "",
    secure: false,
    httponly: false,
    version: "",
    samesite: "",
  };

  constructor(key: string, value: string) {
    this.key = key;
    this.value = value;
  }

  /** `name=value; Path=/; …` as a Set-Cookie header's value. Python: `morsel.OutputString()`. */
  outputString(): string {
    const parts = [`${this.key}=${quoteValue(this.value)}`];
    const a = this.attributes;
    // In Python's order: the attribute names sorted.
    if (a.comment) parts.push(`Comment=${a.comment}`);
    if (a.domain) parts.push(`Domain=${a.domain}`);
    if (a.expires) parts.push(`expires=${a.expires}`);
    if (a.httponly) parts.push("HttpOnly");
    if (a["max-age"]) parts.push(`Max-Age=${a["max-age"]}`);
    if (a.path) parts.push(`Path=${a.path}`);
    if (a.samesite) parts.push(`SameSite=${a.samesite}`);
    if (a.secure) parts.push("Secure");
    if (a.version) parts.push(`Version=${a.version}`);
    return parts.join("; ");
  }

  toString(): string {
    return `Set-Cookie: ${this.outputString()}`;
  }

  [Symbol.for("aio.repr")](): string {
    return `<Morsel: ${this.outputString()}>`;
  }
}

/**
 * A cookie value as Python's `http.cookies` writes it: as is when every character is legal (and it
 * is not empty), else in quotes with `"` and `\\` escaped and other characters below 256 that are
 * not plainly printable as three octal digits (`a,b` → `"a\\054b"`).
 */
function quoteValue(value: string): string {
  if (/^[\w!#$%&'*+\-.^`|~:]+$/.test(value)) return value;
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (code < 256 && !/[\w!#$%&'*+\-.^`|~: ()/<=>?@[\]{}]/.test(ch))
      out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += ch;
  }
  return `"${out}"`;
}

function unquoteValue(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value
      .slice(1, -1)
      .replace(/\\([0-3][0-7]{2})|\\(.)/g, (_m, octal: string | undefined, ch: string | undefined) =>
        octal !== undefined ? String.fromCharCode(Number.parseInt(octal, 8)) : (ch as string),
      );
  }
  return value;
}

/**
 * Cookies by name. Python: `http.cookies.SimpleCookie` (`load` reads Set-Cookie header values,
 * `toString` writes them back, one `Set-Cookie:` line each).
 */
export class SimpleCookie extends Map<string, Morsel> {
  /**
   * Reads a `Set-Cookie` value (`name=value; Path=/; HttpOnly`) or a plain `a=1; b=2` list, as
   * Python's `SimpleCookie.load`: pairs end at `;` or whitespace (`Path=/ Max-Age=1` is a path and
   * a max-age), an `expires` date may hold a comma and spaces; a string Python would not read (an
   * attribute before any cookie, a name without a value) sets nothing; at a name Python's would
   * raise `CookieError` for (`a{b}=1`, an unknown `$attribute`), it stops, what came before kept.
   */
  load(header: string): void {
    const parsed: [attribute: boolean, key: string, value: string | true][] = [];
    let morselSeen = false;
    let i = 0;
    while (i < header.length) {
      COOKIE_PATTERN.lastIndex = i;
      const match = COOKIE_PATTERN.exec(header);
      if (match === null) break;
      const key = match[1] as string;
      const value = match[2];
      i = COOKIE_PATTERN.lastIndex;
      if (key.startsWith("$")) {
        if (!morselSeen) continue;
        parsed.push([true, key.slice(1), value ?? ""]);
      } else if (ATTRIBUTE_NAMES[key.toLowerCase()] !== undefined) {
        if (!morselSeen) return;
        if (value === undefined) {
          const flag = key.toLowerCase();
          if (flag === "secure" || flag === "httponly") parsed.push([true, key, true]);
          else return;
        } else parsed.push([true, key, unquoteValue(value)]);
      } else if (value !== undefined) {
        parsed.push([false, key, unquoteValue(value)]);
        morselSeen = true;
      } else return;
    }
    let current: Morsel | null = null;
    for (const [isAttribute, key, value] of parsed) {
      if (isAttribute) {
        const attribute = ATTRIBUTE_NAMES[key.toLowerCase()];
        if (attribute === undefined || current === null) return; // Python: CookieError("Invalid attribute")
        if (attribute === "secure" || attribute === "httponly") current.attributes[attribute] = true;
        else current.attributes[attribute] = value === true ? "" : value;
      } else {
        if (!LEGAL_KEY.test(key)) return; // Python: CookieError("Illegal key")
        current = new Morsel(key, value as string);
        this.set(key, current);
      }
    }
  }

  /** The cookies as a `Cookie` request header's value: `a=1; b=2`. */
  headerValue(): string {
    return [...this.values()].map((m) => `${m.key}=${quoteValue(m.value)}`).join("; ");
  }

  override toString(): string {
    return [...this.values()].map(String).join("\r\n");
  }
}

/** Python's `http.cookies._LegalKeyChars`: what the pattern reads as a name. */
const KEY_CHARS = "\\w\\d!#%&'~_`><@,:/\\$\\*\\+\\-\\.\\^\\|\\)\\(\\?\\}\\{\\=";
/** ASCII whitespace (Python's `\s` under `re.ASCII`). */
const WS = "[ \\t\\n\\r\\f\\v]";
/** Python's `http.cookies._CookiePattern` (sticky: it matches where the last match ended). */
const COOKIE_PATTERN = new RegExp(
  `${WS}*([${KEY_CHARS}]+?)(?:${WS}*=${WS}*("(?:[^\\\\"]|\\\\.)*"|\\w{3},${WS}[\\w\\d${WS.slice(1, -1)}-]{9,11}${WS}[\\d:]{8}${WS}GMT|[${KEY_CHARS}\\[\\]]*))?${WS}*(?:${WS}+|;|$)`,
  "y",
);
/** Python's `http.cookies._is_legal_key`. */
const LEGAL_KEY = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/;

/** What {@link CookieJar.updateCookies} takes: a SimpleCookie, an object, or pairs. */
export type LooseCookies =
  | SimpleCookie
  | Record<string, string | Morsel>
  | Iterable<readonly [string, string | Morsel]>;

function isIpAddress(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, "")) !== 0;
}

/**
 * Whether `domain` is a public suffix: one of the Public Suffix List's (ICANN and private entries,
 * as browsers and tough-cookie use it; the list comes with `tldts`), or a name of one label that
 * the list does not know (its default rule, `*`).
 */
function isPublicSuffix(domain: string): boolean {
  return tldts().getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}

/** RFC 6265 domain matching, as aiohttp's. */
function domainMatch(domain: string, hostname: string): boolean {
  if (hostname === domain) return true;
  if (!hostname.endsWith(domain)) return false;
  if (!hostname.slice(0, -domain.length).endsWith(".")) return false;
  return !isIpAddress(hostname);
}

/** RFC 6265 path matching, as aiohttp's. */
function pathMatch(requestPath: string, cookiePath: string): boolean {
  const path = requestPath.startsWith("/") ? requestPath : "/";
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  if (cookiePath.endsWith("/")) return true;
  return path.slice(cookiePath.length).startsWith("/");
}

/** The interface sessions use. Python: `aiohttp.abc.AbstractCookieJar`. */
export interface AbstractCookieJar extends Iterable<Morsel> {
  updateCookies(cookies: LooseCookies, responseUrl?: URL | string): void;
  filterCookies(requestUrl: URL | string): SimpleCookie;
  clear(predicate?: (morsel: Morsel) => boolean): void;
  clearDomain(domain: string): void;
  readonly size: number;
}

/** Options of {@link CookieJar}. */
export interface CookieJarOptions {
  /** Store and send cookies of IP address hosts too (aiohttp does not by default). */
  unsafe?: boolean | undefined;
  /** Origins whose cookies marked Secure are sent over http too (`http://localhost:8080`). */
  treatAsSecureOrigin?: string[] | undefined;
}

/**
 * The session's cookies, kept by domain and path. Python: `aiohttp.CookieJar`.
 * @example
 * const jar = new CookieJar({ unsafe: true }); // also for http://127.0.0.1
 * new ClientSession({ cookieJar: jar })
 */
export class CookieJar implements AbstractCookieJar {
  readonly #unsafe: boolean;
  readonly #secureOrigins: Set<string>;
  /** `domain\tpath` → cookies by name. */
  readonly #cookies = new Map<string, Map<string, Morsel>>();
  readonly #hostOnly = new Set<string>();
  /** `domain\tpath\tname` → when it expires (ms since the epoch). */
  readonly #expirations = new Map<string, number>();

  constructor(options: CookieJarOptions = {}) {
    if (options.unsafe !== undefined && typeof options.unsafe !== "boolean")
      throw new TypeError(`unsafe must be a boolean, got ${repr(options.unsafe)}`);
    this.#unsafe = options.unsafe ?? false;
    this.#secureOrigins = new Set((options.treatAsSecureOrigin ?? []).map((o) => new URL(o).origin));
  }

  /** Every cookie kept. */
  *[Symbol.iterator](): Iterator<Morsel> {
    this.#expire();
    for (const byName of this.#cookies.values()) yield* byName.values();
  }

  get size(): number {
    let n = 0;
    for (const _ of this) n++;
    return n;
  }

  /** Forgets cookies (those `predicate` picks, or all). */
  clear(predicate?: (morsel: Morsel) => boolean): void {
    for (const [key, byName] of this.#cookies) {
      for (const [name, morsel] of byName) {
        if (predicate !== undefined && !predicate(morsel)) continue;
        byName.delete(name);
        this.#expirations.delete(`${key}\t${name}`);
        this.#hostOnly.delete(`${morsel.attributes.domain}\t${name}`);
      }
      if (byName.size === 0) this.#cookies.delete(key);
    }
  }

  /** Forgets the cookies of `domain` and its subdomains. */
  clearDomain(domain: string): void {
    this.clear((m) => domainMatch(domain, m.attributes.domain));
  }

  /**
   * Stores cookies a response set (`responseUrl` gives the default domain and path). Python:
   * `jar.update_cookies(cookies, response_url)`.
   */
  updateCookies(cookies: LooseCookies, responseUrl: URL | string = ""): void {
    if (cookies instanceof Map && cookies.size === 0) return; // most responses set none
    const url = responseUrl === "" ? null : new URL(String(responseUrl));
    const hostname = url === null ? "" : url.hostname.replace(/^\[|\]$/g, "");
    if (cookies === null || typeof cookies !== "object")
      throw new TypeError(
        `cookies must be a mapping, (name, value) pairs or a SimpleCookie, got ${repr(cookies)}`,
      );
    if (!this.#unsafe && hostname !== "" && isIpAddress(hostname)) return;
    const pairs: [string, string | Morsel][] =
      cookies instanceof Map
        ? [...cookies]
        : Symbol.iterator in Object(cookies)
          ? [...(cookies as Iterable<readonly [string, string | Morsel]>)].map(([k, v]) => [k, v])
          : Object.entries(cookies as Record<string, string | Morsel>);
    for (const [name, given] of pairs) {
      if (!(given instanceof Morsel) && typeof given !== "string" && typeof given !== "number")
        throw new TypeError(
          `the value of cookie ${repr(name)} must be a string or a Morsel, got ${repr(given)}`,
        );
      const cookie = given instanceof Morsel ? copyMorsel(given) : new Morsel(name, String(given));
      let domain = cookie.attributes.domain;
      if (domain.endsWith(".")) domain = cookie.attributes.domain = "";
      let hostOnly = false;
      if (domain === "" && hostname !== "") {
        hostOnly = true;
        domain = cookie.attributes.domain = hostname;
      }
      if (domain.startsWith(".")) domain = cookie.attributes.domain = domain.slice(1);
      if (domain !== domain.toLowerCase()) domain = cookie.attributes.domain = domain.toLowerCase();
      if (hostname !== "" && !domainMatch(domain, hostname)) continue; // no cookies for other domains
      // RFC 6265 5.3 step 5: no cookie for a public suffix (`Domain=com`, `Domain=github.io`, or an
      // unlisted single label such as `example`), which would reach every site under it; set by
      // the suffix's own host, it stays with that host.
      if (!hostOnly && hostname !== "" && isPublicSuffix(domain)) {
        if (domain !== hostname) continue;
        hostOnly = true;
      }
      if (hostOnly) this.#hostOnly.add(`${domain}\t${name}`);
      else this.#hostOnly.delete(`${domain}\t${name}`);
      let path = cookie.attributes.path;
      if (path === "" || !path.startsWith("/")) {
        const p = url?.pathname ?? "/";
        path = p.startsWith("/") ? `/${p.slice(1, p.lastIndexOf("/"))}` : "/";
        cookie.attributes.path = path;
      }
      const key = `${domain}\t${path}`;
      const maxAge = cookie.attributes["max-age"];
      if (maxAge !== "") {
        const seconds = Number.parseInt(maxAge, 10);
        if (Number.isNaN(seconds) || String(seconds) !== maxAge.trim()) cookie.attributes["max-age"] = "";
        else this.#expirations.set(`${key}\t${name}`, Date.now() + seconds * 1000);
      } else if (cookie.attributes.expires !== "") {
        const when = Date.parse(cookie.attributes.expires);
        if (Number.isNaN(when)) cookie.attributes.expires = "";
        else this.#expirations.set(`${key}\t${name}`, when);
      }
      let byName = this.#cookies.get(key);
      if (byName === undefined) {
        byName = new Map();
        this.#cookies.set(key, byName);
      }
      byName.set(name, cookie);
    }
    this.#expire();
  }

  /** The cookies to send to `requestUrl`. Python: `jar.filter_cookies(request_url)`. */
  /** @internal Whether no cookie is kept (expired ones may still count). */
  get empty(): boolean {
    return this.#cookies.size === 0;
  }

  filterCookies(requestUrl: URL | string): SimpleCookie {
    if (this.#cookies.size === 0) return new SimpleCookie(); // nothing kept: nothing to parse
    this.#expire();
    const url = new URL(String(requestUrl));
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const insecure =
      url.protocol !== "https:" && url.protocol !== "wss:" && !this.#secureOrigins.has(url.origin);
    const out = new SimpleCookie();
    for (const byName of this.#cookies.values()) {
      for (const cookie of byName.values()) {
        const { domain, path, secure } = cookie.attributes;
        if (domain === "") {
          out.set(cookie.key, copyMorsel(cookie));
          continue;
        }
        if (!this.#unsafe && isIpAddress(hostname)) continue;
        if (this.#hostOnly.has(`${domain}\t${cookie.key}`)) {
          if (domain !== hostname) continue;
        } else if (!domainMatch(domain, hostname)) continue;
        if (!pathMatch(url.pathname, path)) continue;
        if (insecure && secure) continue;
        out.set(cookie.key, copyMorsel(cookie));
      }
    }
    return out;
  }

  #expire(): void {
    const now = Date.now();
    for (const [id, when] of this.#expirations) {
      if (when > now) continue;
      this.#expirations.delete(id);
      const [domain, path, name] = id.split("\t") as [string, string, string];
      const byName = this.#cookies.get(`${domain}\t${path}`);
      byName?.delete(name);
      if (byName?.size === 0) this.#cookies.delete(`${domain}\t${path}`);
    }
  }
}

function copyMorsel(m: Morsel): Morsel {
  const c = new Morsel(m.key, m.value);
  Object.assign(c.attributes, m.attributes);
  return c;
}

/** A jar that keeps no cookie. Python: `aiohttp.DummyCookieJar`. */
export class DummyCookieJar implements AbstractCookieJar {
  *[Symbol.iterator](): Iterator<Morsel> {}
  get size(): number {
    return 0;
  }
  updateCookies(): void {}
  filterCookies(): SimpleCookie {
    return new SimpleCookie();
  }
  clear(): void {}
  clearDomain(): void {}
}
