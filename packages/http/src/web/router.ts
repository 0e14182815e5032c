/**
 * Routes: aiohttp.web's `UrlDispatcher`. A path is plain (`/about`) or has variables
 * (`/users/{id}`, `/files/{tail:.*}`, `/n/{n:\d+}`); resources are tried in the order they were
 * added; a path that matches with a method that does not is a 405 with `Allow`, no match a 404.
 * As aiohttp's, routes match the path as it was sent (percent-encoded: a route's literal parts are
 * quoted the same way) and the values of the variables are decoded (`/users/a%2Fb` on
 * `/users/{name}` gives `a/b`).
 */
import { realpathSync, statSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { domainToASCII } from "node:url";
import { repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { checkKeys } from "../internal/options.js";
import type { Application } from "./app.js";
import { type HTTPException, HTTPMethodNotAllowed, HTTPNotFound } from "./exceptions.js";
import { type StaticOptions, staticHandler } from "./file-response.js";
import { quotePath, requotePath, unquotePath } from "./quoting.js";
import type { MatchInfo, Request } from "./request.js";
import type { StreamResponse } from "./response.js";
import { type ViewClass, view } from "./routedef.js";

/** A handler: a coroutine function from a request to a response. */
export type Handler = (request: Request) => Coro<StreamResponse>;

/**
 * What a route's method may be: any token (RFC 9110), upper-cased, `*` for any, as aiohttp's
 * `HTTP_METHOD_RE`. (node:http's parser answers 400 to a request whose method is not in its own
 * list, `FETCH` say, before it reaches the router.)
 */
const METHOD = /^[0-9A-Za-z!#$%&'*+\-.^_`|~]+$/;

/** One path pattern, compiled. */
class Resource {
  #regex: RegExp = /$^/;
  #names: string[] = [];
  #parts: ({ literal: string } | { name: string })[] = [];
  #path = "";
  readonly routes = new Map<string, Handler>();
  /** The routes' own handlers of `Expect:` (aiohttp's `expect_handler=`), by method. */
  readonly expectHandlers = new Map<string, ExpectHandler>();

  constructor(
    path: string,
    readonly name: string | null,
  ) {
    if (typeof path !== "string" || !path.startsWith("/"))
      throw new RangeError(`path should be started with / or be empty, got ${repr(path)}`);
    this.#compile(path);
  }

  /** The path pattern (with the prefixes of the sub-applications it is in). */
  get path(): string {
    return this.#path;
  }

  /** The resource is in a sub-application added at `prefix`. Python: `resource.add_prefix(prefix)`. */
  addPrefix(prefix: string): void {
    this.#compile(prefix + this.#path);
  }

  #compile(path: string): void {
    this.#path = path;
    this.#names = [];
    this.#parts = [];
    let source = "";
    const re = /\{([A-Za-z_][A-Za-z0-9_]*)(?::((?:[^{}]|\{[^{}]*\})*))?\}/g;
    let last = 0;
    for (let m = re.exec(path); m !== null; m = re.exec(path)) {
      const text = path.slice(last, m.index);
      if (/[{}]/.test(text)) throw new RangeError(`Invalid path '${path}'['${text}']`);
      const literal = requotePath(text);
      source += escapeRegExp(literal);
      this.#parts.push({ literal });
      const name = m[1] as string;
      if (this.#names.includes(name)) throw new RangeError(`Duplicate {${name}} in path ${repr(path)}`);
      this.#names.push(name);
      this.#parts.push({ name });
      const pattern = m[2] ?? "[^{}/]+";
      try {
        new RegExp(pattern);
      } catch (err) {
        throw new RangeError(`Bad pattern '${pattern}' in path ${repr(path)}: ${(err as Error).message}`);
      }
      source += `(${pattern})`;
      last = m.index + m[0].length;
    }
    const text = path.slice(last);
    if (/[{}]/.test(text)) throw new RangeError(`Invalid path '${path}'['${text}']`);
    const rest = requotePath(text);
    source += escapeRegExp(rest);
    this.#parts.push({ literal: rest });
    this.#regex = new RegExp(`^${source}$`, "u");
  }

  /** The path's variables (decoded) if `rawPath` (percent-encoded) matches, else null. */
  match(rawPath: string): Record<string, string> | null {
    const m = this.#regex.exec(rawPath);
    if (m === null) return null;
    const params: Record<string, string> = {};
    this.#names.forEach((n, i) => {
      params[n] = unquotePath(m[i + 1] as string);
    });
    return params;
  }

  /**
   * The path with `parts` filled in, percent-encoded as aiohttp's `_quote_path` does (a `/` in a
   * value is kept). Python: `resource.url_for(**parts)`.
   */
  urlFor(parts: Record<string, string | number> = {}): string {
    return this.#parts
      .map((p) => {
        if ("literal" in p) return p.literal;
        const v = parts[p.name];
        if (v === undefined)
          throw new RangeError(`url_for of route ${repr(this.name)} needs a value for {${p.name}}`);
        return quotePath(String(v));
      })
      .join("");
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A sub-application's root in its parent's routes: every path under `prefix`. Python:
 * `PrefixedSubAppResource`.
 */
export class PrefixedSubAppResource {
  #prefix: string;
  constructor(
    prefix: string,
    readonly app: Application,
  ) {
    if (!prefix.startsWith("/")) throw new RangeError(`prefix should start with '/', got ${repr(prefix)}`);
    this.#prefix = requotePath(prefix);
    app.router.addPrefix(this.#prefix);
  }

  /** The prefix (with those of the sub-applications it is in). Python: `resource.canonical`. */
  get canonical(): string {
    return this.#prefix;
  }

  /** @internal It is itself in a sub-application added at `prefix`. */
  addPrefix(prefix: string): void {
    this.#prefix = prefix + this.#prefix;
    this.app.router.addPrefix(prefix);
  }

  /** As aiohttp: a sub-application's root has no URL. */
  urlFor(): never {
    throw new Error(".url_for() is not supported by sub-application root");
  }

  /** @internal Whether the request is for this sub-application. */
  matches(rawPath: string, _host: string | undefined): boolean {
    return rawPath === this.#prefix || rawPath.startsWith(`${this.#prefix}/`);
  }

  toString(): string {
    return `<PrefixedSubAppResource ${this.#prefix} -> ${String(this.app)}>`;
  }
}

/**
 * A domain rule: the request's `Host` header, lower-cased, is the domain (with its port, unless
 * 80). Python: `aiohttp.web_urldispatcher.Domain`.
 */
export class Domain {
  protected readonly domain: string;
  protected static readonly PART: RegExp = /^(?!-)[a-z\d-]{1,63}(?<!-)$/;
  constructor(domain: string) {
    this.domain = this.validation(domain);
  }

  get canonical(): string {
    return this.domain;
  }

  /** aiohttp's `Domain.validation`: the domain lower-cased, `host` or `host:port` (not 80). */
  protected validation(domain: string): string {
    if (typeof domain !== "string") throw new TypeError("Domain must be str");
    const d = domain.replace(/\.+$/, "").toLowerCase();
    if (d === "") throw new RangeError("Domain cannot be empty");
    if (d.includes("://")) throw new RangeError("Scheme not supported");
    const m = /^([^:]*)(?::(\d*))?$/.exec(d);
    const part = (this.constructor as typeof Domain).PART;
    if (m === null) throw new RangeError("Domain not valid");
    // as yarl's raw_host: an international domain name in its ASCII form
    const host = domainToASCII(m[1] as string) || (m[1] as string);
    if (!host.split(".").every((x) => part.test(x))) throw new RangeError("Domain not valid");
    // as yarl's: no port (or 0) is 80; one past 65535 is not a port
    const port = m[2] === undefined || m[2] === "" ? 80 : Number(m[2]) || 80;
    if (port > 65535) throw new RangeError("Invalid URL: port can't be converted to integer");
    return port === 80 ? host : `${host}:${port}`;
  }

  /** Whether the request's `Host` is this domain. */
  matchDomain(host: string): boolean {
    return host.toLowerCase() === this.domain;
  }
}

/** A domain with `*` for any run of characters (`*.example.com`). Python: `MaskDomain`. */
export class MaskDomain extends Domain {
  protected static override readonly PART: RegExp = /^(?!-)[a-z\d*-]{1,63}(?<!-)$/;
  readonly #mask: RegExp;
  constructor(domain: string) {
    super(domain);
    this.#mask = new RegExp(`^(?:${this.domain.replaceAll(".", "\\.").replaceAll("*", ".*")})$`, "s");
  }
  override get canonical(): string {
    return this.#mask.source.slice(4, -2);
  }
  override matchDomain(host: string): boolean {
    return this.#mask.test(host);
  }
}

/** A sub-application for the requests whose `Host` matches a domain rule. Python: `MatchedSubAppResource`. */
export class MatchedSubAppResource {
  constructor(
    readonly rule: Domain,
    readonly app: Application,
  ) {}

  get canonical(): string {
    return this.rule.canonical;
  }

  /**
   * @internal In a sub-application added at `prefix`: the domain's routes are under it too (as
   * aiohttp's, whose MatchedSubAppResource prefixes its application's resources).
   */
  addPrefix(prefix: string): void {
    this.app.router.addPrefix(prefix);
  }

  urlFor(): never {
    throw new Error(".url_for() is not supported by sub-application root");
  }

  /** @internal */
  matches(_rawPath: string, host: string | undefined): boolean {
    return host !== undefined && host !== "" && this.rule.matchDomain(host);
  }

  toString(): string {
    return `<MatchedSubAppResource -> ${String(this.app)}>`;
  }
}

type SubAppResource = PrefixedSubAppResource | MatchedSubAppResource;

/**
 * @internal What the router found for a request: a route, or the HTTP error (404, 405) to answer
 * with; `apps`: the sub-applications it went through, outermost first.
 */
export type Resolution =
  | (Resolved & { error: null; apps: Application[] })
  | { error: HTTPException; apps: Application[] };

/** What `resolve` finds. */
export interface Resolved {
  handler: Handler;
  matchInfo: Pick<MatchInfo, "params" | "routeName">;
  /** The route's handler of an `Expect:` header, or null for the default. */
  expectHandler: ExpectHandler | null;
}

/**
 * What answers a request's `Expect:` header before its handler runs: nothing (go on, after
 * sending what the client waits for), a response to send instead, or an HTTP exception.
 * Python: a route's `expect_handler`.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler with no return statement returns void
export type ExpectHandler = (request: Request) => Coro<StreamResponse | null | undefined | void>;

/** Options of a route. */
export interface RouteOptions {
  /** A name for `router.urlFor(name, parts)`. */
  name?: string | undefined;
  /**
   * Handles the `Expect:` header (default: `100 Continue` for `100-continue` on HTTP/1.1, else
   * 417 "Unknown Expect: …"). Python: `expect_handler=`.
   */
  expectHandler?: ExpectHandler | undefined;
}

const ROUTE_OPTIONS: ReadonlySet<string> = new Set(["name", "expectHandler"]);
const STATIC_KEYS: ReadonlySet<string> = new Set(["name", "showIndex", "followSymlinks", "chunkSize"]);

/** The application's routes. Python: `app.router` (`UrlDispatcher`). */
export class UrlDispatcher {
  readonly #resources: (Resource | SubAppResource)[] = [];
  readonly #named = new Map<string, Resource>();
  #frozen = false;

  /**
   * Adds a route: `method` (any token, upper-cased; `*` for any) on `path`. Python:
   * `router.add_route(method, path, handler)`.
   */
  addRoute(method: string, path: string, handler: Handler, options: RouteOptions = {}): void {
    if (this.#frozen) throw new Error("Cannot register a resource into frozen router.");
    if (typeof method !== "string" || !METHOD.test(method.toUpperCase()))
      throw new RangeError(`${repr(method)} is not allowed HTTP method`);
    if (typeof handler !== "function")
      throw new TypeError(`Only async functions are allowed as web-handlers, got ${repr(handler)}`);
    checkKeys(options, ROUTE_OPTIONS, "add_route");
    if (options.expectHandler !== undefined && typeof options.expectHandler !== "function")
      throw new TypeError(
        `expect_handler should be a coroutine function, got ${repr(options.expectHandler)}`,
      );
    const m = method.toUpperCase();
    const name = options.name ?? null;
    // Routes on the same path (and name) share a resource, as aiohttp's add_resource does.
    const lastOne = this.#resources.at(-1);
    let resource = lastOne instanceof Resource ? lastOne : undefined;
    if (resource === undefined || resource.path !== path || resource.name !== name) {
      if (name !== null && this.#named.has(name))
        throw new RangeError(
          `Duplicate ${repr(name)}, already handled by ${repr(this.#named.get(name)?.path)}`,
        );
      resource = new Resource(path, name);
      this.#resources.push(resource);
      if (name !== null) this.#named.set(name, resource);
    }
    if (resource.routes.has(m))
      throw new RangeError(`Added route will never be executed, method ${m} is already registered`);
    resource.routes.set(m, handler);
    if (options.expectHandler !== undefined) resource.expectHandlers.set(m, options.expectHandler);
  }

  /** GET (and HEAD, unless `allowHead: false`). */
  addGet(path: string, handler: Handler, options: RouteOptions & { allowHead?: boolean } = {}): void {
    const { allowHead, ...route } = options;
    this.addRoute("GET", path, handler, route);
    if (allowHead !== false) this.addRoute("HEAD", path, handler, route);
  }
  addHead(path: string, handler: Handler, options: RouteOptions = {}): void {
    this.addRoute("HEAD", path, handler, options);
  }
  addPost(path: string, handler: Handler, options: RouteOptions = {}): void {
    this.addRoute("POST", path, handler, options);
  }
  addPut(path: string, handler: Handler, options: RouteOptions = {}): void {
    this.addRoute("PUT", path, handler, options);
  }
  addPatch(path: string, handler: Handler, options: RouteOptions = {}): void {
    this.addRoute("PATCH", path, handler, options);
  }
  addDelete(path: string, handler: Handler, options: RouteOptions = {}): void {
    this.addRoute("DELETE", path, handler, options);
  }

  /**
   * Serves the files under `directory` at `prefix` (GET and HEAD): never a file outside it (`..`,
   * encoded or not, and symlinks out of it unless `followSymlinks`: 404), a directory 403 unless
   * `showIndex`. Python: `router.add_static(prefix, path, …)`.
   */
  addStatic(prefix: string, directory: string, options: StaticOptions = {}): void {
    checkKeys(options, STATIC_KEYS, "add_static");
    if (typeof prefix !== "string" || !prefix.startsWith("/"))
      throw new RangeError(`prefix should start with '/', got ${repr(prefix)}`);
    const p = prefix.replace(/\/+$/, "");
    let resolved: string;
    try {
      resolved = realpathSync(resolvePath(String(directory)));
      if (!statSync(resolved).isDirectory()) throw new Error("Not a directory");
    } catch {
      throw new RangeError(`No directory exists at '${resolvePath(String(directory))}'`);
    }
    const handler = staticHandler(p, resolved, options);
    const route = options.name === undefined ? {} : { name: options.name };
    this.addRoute("GET", `${p}/{filename:.*}`, handler, route);
    this.addRoute("HEAD", `${p}/{filename:.*}`, handler, route);
  }

  /** A class-based view on `path`: its methods answer. Python: `router.add_view(path, View)`. */
  addView(path: string, cls: ViewClass, options: RouteOptions = {}): void {
    this.addRoute("*", path, view(path, cls).handler, options);
  }

  /** The path of the route named `name` with `parts` filled in. Python: `router[name].url_for(**parts)`. */
  urlFor(name: string, parts: Record<string, string | number> = {}): string {
    const resource = this.#named.get(name);
    if (resource === undefined) throw new RangeError(`no route named ${repr(name)}`);
    return resource.urlFor(parts);
  }

  /** @internal Adds a sub-application's resource (Python: `router.register_resource`). */
  registerSubapp(resource: SubAppResource): void {
    if (this.#frozen) throw new Error("Cannot register a resource into frozen router.");
    this.#resources.push(resource);
  }

  /** @internal Every path is under `prefix` (the application was added there as a sub-application). */
  addPrefix(prefix: string): void {
    for (const resource of this.#resources) resource.addPrefix(prefix);
  }

  /** Whether routes can no longer be added. Python: `router.frozen`. */
  get frozen(): boolean {
    return this.#frozen;
  }

  /** @internal No more routes (the application started). */
  freeze(): void {
    this.#frozen = true;
  }

  /**
   * The handler for a method and a path as it was sent (percent-encoded, without the query), or
   * the HTTP error to answer with (404, 405).
   */
  resolve(method: string, rawPath: string, host?: string): Resolved {
    const found = this.resolveRequest(method, rawPath, host);
    if (found.error !== null) throw found.error;
    return found;
  }

  /**
   * @internal As `resolve`, also through the sub-applications (by prefix, or by the `host`
   * header's domain): a path under a sub-application's prefix is its router's to answer, a 404 or
   * 405 included (as aiohttp).
   */
  resolveRequest(method: string, rawPath: string, host: string | undefined): Resolution {
    const allowed = new Set<string>();
    for (const resource of this.#resources) {
      if (!(resource instanceof Resource)) {
        if (!resource.matches(rawPath, host)) continue;
        const inner = resource.app.router.resolveRequest(method, rawPath, host);
        return { ...inner, apps: [resource.app, ...inner.apps] };
      }
      const params = resource.match(rawPath);
      if (params === null) continue;
      const key = resource.routes.has(method) ? method : "*";
      const handler = resource.routes.get(key);
      if (handler !== undefined) {
        const expectHandler = resource.expectHandlers.get(key) ?? null;
        return {
          handler,
          matchInfo: { params, routeName: resource.name },
          expectHandler,
          error: null,
          apps: [],
        };
      }
      for (const m of resource.routes.keys()) allowed.add(m);
    }
    if (allowed.size > 0) return { error: new HTTPMethodNotAllowed(method, allowed), apps: [] };
    return { error: new HTTPNotFound(), apps: [] };
  }
}
