/**
 * Routes declared apart from the application: aiohttp's `web.get(path, handler)` route definitions,
 * `RouteTableDef` (its decorator style, as method calls) and class-based `View`s.
 */
import { repr } from "@aio/loop";
import type { Coro } from "@aio/task";
import { HTTPMethodNotAllowed } from "./exceptions.js";
import type { StaticOptions } from "./file-response.js";
import type { Request } from "./request.js";
import type { StreamResponse } from "./response.js";
import type { Handler, RouteOptions, UrlDispatcher } from "./router.js";

/** One route, to add with `app.addRoutes`. Python: `web.RouteDef`. */
export interface RouteDef {
  readonly method: string;
  readonly path: string;
  readonly handler: Handler;
  readonly options: RouteOptions & { allowHead?: boolean };
}

/** A static directory, to add with `app.addRoutes`. Python: `web.StaticDef`. */
export interface StaticDef {
  readonly prefix: string;
  readonly directory: string;
  readonly options: StaticOptions;
}

const def =
  (method: string) =>
  (path: string, handler: Handler, options: RouteOptions & { allowHead?: boolean } = {}): RouteDef => ({
    method,
    path,
    handler,
    options,
  });

/** `web.get(path, handler)`: a GET route definition (HEAD answered too unless `allowHead: false`). */
export const get = def("GET");
/** `web.head(path, handler)`: a HEAD route definition. */
export const head = def("HEAD");
/** `web.post(path, handler)`: a POST route definition. */
export const post = def("POST");
/** `web.put(path, handler)`: a PUT route definition. */
export const put = def("PUT");
/** `web.patch(path, handler)`: a PATCH route definition. */
export const patch = def("PATCH");
/** `web.delete(path, handler)`: a DELETE route definition (`del` in code, `delete` is a keyword). */
export const del = def("DELETE");
/** `web.route(method, path, handler)`. */
export function route(method: string, path: string, handler: Handler, options: RouteOptions = {}): RouteDef {
  return { method, path, handler, options };
}
/** `web.static(prefix, directory, options)`. */
export function staticDir(prefix: string, directory: string, options: StaticOptions = {}): StaticDef {
  return { prefix, directory, options };
}
/** `web.view(path, ViewClass)`. */
export function view(path: string, cls: ViewClass, options: RouteOptions = {}): RouteDef {
  return { method: "*", path, handler: viewHandler(cls), options };
}

/**
 * Routes collected by method calls, to add at once. Python: `routes = web.RouteTableDef()` and
 * `@routes.get("/")`. Each call returns the handler, so it can wrap a definition.
 * @example
 * const routes = new web.RouteTableDef();
 * const hello = routes.get("/", function* hello() { return new web.Response({ text: "hi" }); });
 * app.addRoutes(routes);
 */
export class RouteTableDef implements Iterable<RouteDef | StaticDef> {
  readonly #items: (RouteDef | StaticDef)[] = [];
  #add(
    method: string,
    path: string,
    handler: Handler,
    options: RouteOptions & { allowHead?: boolean },
  ): Handler {
    this.#items.push({ method, path, handler, options });
    return handler;
  }
  get(path: string, handler: Handler, options: RouteOptions & { allowHead?: boolean } = {}): Handler {
    return this.#add("GET", path, handler, options);
  }
  head(path: string, handler: Handler, options: RouteOptions = {}): Handler {
    return this.#add("HEAD", path, handler, options);
  }
  post(path: string, handler: Handler, options: RouteOptions = {}): Handler {
    return this.#add("POST", path, handler, options);
  }
  put(path: string, handler: Handler, options: RouteOptions = {}): Handler {
    return this.#add("PUT", path, handler, options);
  }
  patch(path: string, handler: Handler, options: RouteOptions = {}): Handler {
    return this.#add("PATCH", path, handler, options);
  }
  delete(path: string, handler: Handler, options: RouteOptions = {}): Handler {
    return this.#add("DELETE", path, handler, options);
  }
  route(method: string, path: string, handler: Handler, options: RouteOptions = {}): Handler {
    return this.#add(method, path, handler, options);
  }
  view(path: string, cls: ViewClass, options: RouteOptions = {}): ViewClass {
    this.#items.push(view(path, cls, options));
    return cls;
  }
  static(prefix: string, directory: string, options: StaticOptions = {}): void {
    this.#items.push({ prefix, directory, options });
  }
  get length(): number {
    return this.#items.length;
  }
  [Symbol.iterator](): Iterator<RouteDef | StaticDef> {
    return this.#items[Symbol.iterator]();
  }
}

/** Adds route definitions to a router. @internal */
export function addRoutes(router: UrlDispatcher, routes: Iterable<RouteDef | StaticDef>): void {
  for (const r of routes) {
    if ("directory" in r) router.addStatic(r.prefix, r.directory, r.options);
    else if (r.method === "GET") router.addGet(r.path, r.handler, r.options);
    else router.addRoute(r.method, r.path, r.handler, r.options);
  }
}

/** A class-based view: a method per HTTP method (`*get()`, `*post()`…). Python: `web.View`. */
export class View {
  constructor(readonly request: Request) {}
}

/** A View subclass. */
export type ViewClass = new (request: Request) => View;

/** The methods a view answers: aiohttp's `hdrs.METH_ALL`. */
const VIEW_METHODS = ["CONNECT", "HEAD", "GET", "DELETE", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"];

function viewHandler(cls: ViewClass): Handler {
  if (typeof cls !== "function" || !(cls.prototype instanceof View))
    throw new TypeError(`a view must be a subclass of web.View, got ${repr(cls)}`);
  return function* dispatchView(request: Request): Coro<StreamResponse> {
    const instance = new cls(request) as unknown as Record<string, (() => Coro<StreamResponse>) | undefined>;
    // As aiohttp's View: a method outside METH_ALL, or one the view lacks, is a 405 whose Allow
    // lists every method of METH_ALL the view has.
    const method = VIEW_METHODS.includes(request.method) ? instance[request.method.toLowerCase()] : undefined;
    if (method === undefined || method === null) {
      const allowed = VIEW_METHODS.filter((m) => m.toLowerCase() in instance);
      throw new HTTPMethodNotAllowed(request.method, allowed);
    }
    return yield* method.call(instance);
  };
}
