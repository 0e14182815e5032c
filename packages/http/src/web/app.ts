/**
 * The application: aiohttp.web's `Application` — routes, middlewares, lifecycle signals and state
 * — and how one request runs through it, as a Task of the loop.
 */
import { objectAddress, repr } from "@aio/loop";
import { type Coro, fromPromise } from "@aio/task";
import { checkKeys } from "../internal/options.js";
import { HTTPException, HTTPExpectationFailed } from "./exceptions.js";
import type { Request } from "./request.js";
import { Response, type StreamResponse } from "./response.js";
import { addRoutes, type RouteDef, type StaticDef } from "./routedef.js";
import {
  Domain,
  type ExpectHandler,
  type Handler,
  MaskDomain,
  MatchedSubAppResource,
  PrefixedSubAppResource,
  UrlDispatcher,
} from "./router.js";
import type { AppRunnerOptions } from "./runner.js";
import { RUNNER_KEYS } from "./runner-keys.js";

/** A middleware: `(request, handler) => response`. Python: `@web.middleware async def mw(request, handler)`. */
export type Middleware = (request: Request, handler: Handler) => Coro<StreamResponse>;

/** A typed key for application state. Python: `web.AppKey("name", T)`. */
export class AppKey<T> {
  declare readonly __type?: T;
  constructor(readonly name: string) {}
  toString(): string {
    return `<AppKey(${this.name})>`;
  }
}

/** Marks a coroutine function as a middleware (aiohttp's decorator; kept for the same spelling). */
export function middleware(fn: Middleware): Middleware {
  if (typeof fn !== "function") throw new TypeError(`a middleware must be a function, got ${repr(fn)}`);
  return fn;
}

/** Options of {@link Application}. */
export interface ApplicationOptions {
  middlewares?: Middleware[] | undefined;
  /**
   * The largest body `read()`/`text()`/`json()`/`post()` accept, in bytes (default 1 MiB; 0 or
   * null: no limit, as aiohttp's `client_max_size=None`).
   */
  clientMaxSize?: number | null | undefined;
  /**
   * Settings of the server that runs the application (an {@link AppRunnerOptions} object: say
   * `{ readBufsize, autoDecompress, keepaliveTimeout }`), over what its runner is given. Python:
   * `web.Application(handler_args={…})`.
   */
  handlerArgs?: AppRunnerOptions | undefined;
}

/** A lifecycle callback: `onStartup`, `onShutdown`, `onCleanup`. */
export type AppSignal = (app: Application) => Coro<void>;

/**
 * A callback run before a response's head is sent: it may change the headers. Python:
 * `app.on_response_prepare` receivers, `async def cb(request, response)`.
 */
export type ResponsePrepareSignal = (request: Request, response: StreamResponse) => Coro<void>;

/** A context for the application's lifetime: set up at startup, torn down at cleanup. */
export interface CleanupContext {
  aenter(): Coro<unknown>;
  aexit(error: unknown): Coro<unknown>;
}

/**
 * Several cleanup contexts failed to exit: their errors, in the order they exited. Python:
 * `aiohttp.web.CleanupError` (a RuntimeError; its `exceptions`).
 */
export class CleanupError extends AggregateError {
  override name = "CleanupError";
  constructor(message: string, errors: readonly unknown[]) {
    super(errors, message);
  }
  /** The errors. Python: `err.exceptions`. */
  get exceptions(): unknown[] {
    return this.errors;
  }
}

/**
 * A list that can be frozen: then adding to it or removing from it raises "Cannot modify frozen
 * list." (Python's RuntimeError; any other change, JavaScript's TypeError of a frozen object).
 * An application's signals are ones. Python: `frozenlist.FrozenList` (aiohttp's `Signal`).
 */
export class FrozenList<T> extends Array<T> {
  #frozen = false;
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  /** Whether it is frozen. Python: `lst.frozen`. */
  get frozen(): boolean {
    return this.#frozen;
  }
  /** No more changes. Python: `lst.freeze()`. */
  freeze(): void {
    this.#frozen = true;
    Object.freeze(this);
  }
  #check(): void {
    if (this.#frozen) throw new Error("Cannot modify frozen list.");
  }
  override push(...items: T[]): number {
    this.#check();
    return super.push(...items);
  }
  override unshift(...items: T[]): number {
    this.#check();
    return super.unshift(...items);
  }
  override splice(start: number, deleteCount?: number, ...items: T[]): T[] {
    this.#check();
    return deleteCount === undefined ? super.splice(start) : super.splice(start, deleteCount, ...items);
  }
  override pop(): T | undefined {
    this.#check();
    return super.pop();
  }
  override shift(): T | undefined {
    this.#check();
    return super.shift();
  }
}

/** A web application. Python: `aiohttp.web.Application`. */
export class Application {
  readonly router = new UrlDispatcher();
  readonly middlewares: readonly Middleware[];
  /** The largest body in bytes (0: no limit). */
  readonly clientMaxSize: number;
  /** The server settings given as `handlerArgs` (a copy). */
  readonly handlerArgs: Readonly<AppRunnerOptions>;
  /** Run when the server starts, in order. */
  readonly onStartup = new FrozenList<AppSignal>();
  /** Run when the server stops, before onCleanup. */
  readonly onShutdown = new FrozenList<AppSignal>();
  /** Run last, after the cleanup contexts exit (not when one of them failed). */
  readonly onCleanup = new FrozenList<AppSignal>();
  /**
   * Run in `response.prepare()`, before the head is sent, for each application the request went
   * through (the application, then its sub-application…). Python: `app.on_response_prepare`.
   */
  readonly onResponsePrepare = new FrozenList<ResponsePrepareSignal>();
  /**
   * Contexts entered at startup (before onStartup) and exited at cleanup (before onCleanup), in
   * reverse order.
   * Python: `app.cleanup_ctx.append(ctx)` with an async generator. Here a function returning a
   * context manager (`aenter`/`aexit`, as `using` takes), or an async generator function
   * (`async function* (app) { setUp(); yield; tearDown(); }`) as in aiohttp.
   */
  readonly cleanupCtx = new FrozenList<(app: Application) => CleanupContext | AsyncIterator<unknown>>();
  readonly #state = new Map<unknown, unknown>();
  #entered: CleanupContext[] = [];
  #frozen = false;
  #preFrozen = false;
  #started = false;
  readonly #subapps: Application[] = [];

  constructor(options: ApplicationOptions = {}) {
    checkKeys(options, APPLICATION_KEYS, "Application");
    const mws = options.middlewares ?? [];
    if (!Array.isArray(mws)) throw new TypeError(`middlewares must be a list, got ${repr(mws)}`);
    for (const mw of mws)
      if (typeof mw !== "function") throw new TypeError(`a middleware must be a function, got ${repr(mw)}`);
    this.middlewares = [...mws];
    const max = options.clientMaxSize === undefined ? 1024 ** 2 : options.clientMaxSize;
    if (max !== null && (!Number.isInteger(max) || max < 0))
      throw new RangeError(`clientMaxSize must be a non-negative integer or null, got ${repr(max)}`);
    this.clientMaxSize = max ?? 0;
    const args = options.handlerArgs ?? {};
    if (args === null || typeof args !== "object" || Array.isArray(args))
      throw new TypeError(`handlerArgs must be an object of server settings, got ${repr(args)}`);
    checkKeys(args, RUNNER_KEYS, "RequestHandler");
    this.handlerArgs = Object.freeze({ ...args });
  }

  /** Python's `repr(app)`: `<Application 0x…>` (an address-like id, stable for the object). */
  toString(): string {
    return `<Application ${objectAddress(this)}>`;
  }

  /** State: `app.get(key)` (an AppKey or a string). Python: `app[key]`. */
  get<T>(key: AppKey<T>): T;
  get(key: string): unknown;
  get(key: unknown): unknown {
    if (!this.#state.has(key)) throw new RangeError(`no ${String(key)} in the application's state`);
    return this.#state.get(key);
  }
  /** Whether `key` is set. */
  has(key: AppKey<unknown> | string): boolean {
    return this.#state.has(key);
  }
  /** Sets state (before the application starts, as aiohttp warns after). Python: `app[key] = value`. */
  set<T>(key: AppKey<T>, value: T): void;
  set(key: string, value: unknown): void;
  set(key: unknown, value: unknown): void {
    if (this.#frozen)
      throw new Error(`Changing state of started or joined application is forbidden: ${String(key)}`);
    this.#state.set(key, value);
  }

  /** Removes `key` from the state (not once started). Python: `del app[key]`. */
  delete(key: AppKey<unknown> | string): void {
    if (this.#frozen)
      throw new Error(`Changing state of started or joined application is forbidden: ${String(key)}`);
    if (!this.#state.delete(key)) throw new RangeError(`no ${String(key)} in the application's state`);
  }
  /** How many keys the state has. Python: `len(app)`. */
  get size(): number {
    return this.#state.size;
  }
  /** The state's keys, in the order they were set. Python: `iter(app)`. */
  keys(): IterableIterator<AppKey<unknown> | string> {
    return this.#state.keys() as IterableIterator<AppKey<unknown> | string>;
  }

  /** Adds route definitions (`web.get(…)`, a `RouteTableDef`). Python: `app.add_routes(routes)`. */
  addRoutes(routes: Iterable<RouteDef | StaticDef>): void {
    addRoutes(this.router, routes);
  }

  /**
   * Adds `subapp` at `prefix`: the requests whose path is under it (`/prefix` or `/prefix/…`) go
   * to its routes, through this application's middlewares then its own; its onStartup,
   * onShutdown, onCleanup (and cleanup contexts) run when this application's do, and it can no
   * longer change (its routes, middlewares and signals). Python: `app.add_subapp(prefix, subapp)`.
   */
  addSubapp(prefix: string, subapp: Application): PrefixedSubAppResource {
    if (typeof prefix !== "string") throw new TypeError("Prefix must be str");
    const p = prefix.replace(/\/+$/, "");
    if (p === "") throw new RangeError("Prefix cannot be empty");
    return this.#addSubapp(() => new PrefixedSubAppResource(p, subapp), subapp);
  }

  /**
   * Adds `subapp` for the requests whose `Host` is `domain` (`example.com`, `api.example.com:8080`;
   * `*` for any run of characters: `*.example.com`). Python: `app.add_domain(domain, subapp)`.
   */
  addDomain(domain: string, subapp: Application): MatchedSubAppResource {
    if (typeof domain !== "string") throw new TypeError("Domain must be str");
    const rule = domain.includes("*") ? new MaskDomain(domain) : new Domain(domain);
    return this.#addSubapp(() => new MatchedSubAppResource(rule, subapp), subapp);
  }

  #addSubapp<R extends PrefixedSubAppResource | MatchedSubAppResource>(
    factory: () => R,
    subapp: Application,
  ): R {
    if (this.#frozen) throw new Error("Cannot add sub application to frozen application");
    if (!(subapp instanceof Application))
      throw new TypeError(`a sub application must be an Application, got ${repr(subapp)}`);
    if (subapp.frozen) throw new Error("Cannot add frozen application");
    if (subapp === this) throw new Error("Cannot add an application to itself");
    if (this.#subapps.includes(subapp) || subapp.preFrozen)
      throw new Error("Cannot add sub application twice");
    // checked before the resource prefixes the subapp's routes (aiohttp checks after, and so
    // leaves them prefixed when this application is itself an added sub-application)
    if (this.router.frozen) throw new Error("Cannot register a resource into frozen router.");
    const resource = factory();
    this.router.registerSubapp(resource);
    // aiohttp's `_reg_subapp_signals`: the subapp's signals run as receivers of this one's
    this.onStartup.push(function* subappStartup() {
      yield* subapp.startup();
    });
    this.onShutdown.push(function* subappShutdown() {
      yield* subapp.shutdown();
    });
    this.onCleanup.push(function* subappCleanup() {
      yield* subapp.cleanup();
    });
    this.#subapps.push(subapp);
    subapp.preFreeze();
    return resource;
  }

  /** Whether it was added as a sub-application (or started): its routes and signals are fixed. Python: `app.pre_frozen`. */
  get preFrozen(): boolean {
    return this.#preFrozen;
  }

  /** Whether it started (or its parent did): its state is fixed too. Python: `app.frozen`. */
  get frozen(): boolean {
    return this.#frozen;
  }

  /**
   * No more routes, middlewares or signal receivers (the lists are frozen: adding to them raises
   * "Cannot modify frozen list."), nor sub-applications. Python: `app.pre_freeze()`.
   */
  preFreeze(): void {
    if (this.#preFrozen) return;
    this.#preFrozen = true;
    this.router.freeze();
    Object.freeze(this.middlewares);
    this.onResponsePrepare.freeze();
    this.cleanupCtx.freeze();
    this.onStartup.freeze();
    this.onShutdown.freeze();
    this.onCleanup.freeze();
    for (const subapp of this.#subapps) subapp.preFreeze();
  }

  /** As `preFreeze()`, and no more state changes; its sub-applications too. Python: `app.freeze()`. */
  freeze(): void {
    if (this.#frozen) return;
    this.preFreeze();
    this.#frozen = true;
    for (const subapp of this.#subapps) subapp.freeze();
  }

  /**
   * @internal Starting: the cleanup contexts, then onStartup (as aiohttp, whose context runner is
   * the first onStartup receiver), which may still set state (and add routes); then, as aiohttp's
   * runner, it is frozen: no more routes or state changes (its sub-applications too).
   */
  *startup(): Coro<void> {
    this.onStartup.freeze();
    for (const make of this.cleanupCtx) {
      const made = make(this);
      const ctx = isContext(made) ? made : generatorContext(made, make);
      yield* ctx.aenter();
      this.#entered.push(ctx);
    }
    for (const cb of this.onStartup) yield* cb(this);
    this.#started = true;
    this.freeze();
  }

  /** @internal Whether startup() completed. */
  get started(): boolean {
    return this.#started;
  }

  /** @internal Stopping: onShutdown. */
  *shutdown(): Coro<void> {
    for (const cb of this.onShutdown) yield* cb(this);
  }

  /**
   * @internal Last, as aiohttp 3.8: the cleanup contexts exit in reverse (each, even when one
   * fails), then onCleanup runs, in order. An exit that fails stops it there: its error is raised
   * (several: a {@link CleanupError}) and onCleanup does not run. After a startup that failed (the
   * application was not frozen), only the contexts entered exit.
   */
  *cleanup(): Coro<void> {
    const errors: unknown[] = [];
    for (const ctx of this.#entered.splice(0).reverse()) {
      try {
        yield* ctx.aexit(null);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new CleanupError("Multiple errors on cleanup stage", errors);
    // aiohttp 3.8: onCleanup once frozen (after a startup that completed, or `freeze()`)
    if (!this.#preFrozen) return;
    for (const cb of this.onCleanup) yield* cb(this);
  }

  /**
   * @internal A request through the middlewares to its handler; an HTTPException becomes its
   * response. Other errors propagate (the server answers 500).
   */
  *handle(request: Request): Coro<StreamResponse> {
    try {
      let handler: Handler;
      let expectHandler: ExpectHandler = defaultExpectHandler;
      const found = this.router.resolveRequest(
        request.method,
        request.routePath,
        request.headers.get("Host"),
      );
      const apps: Application[] = [this, ...found.apps];
      if (found.error === null) {
        handler = found.handler;
        expectHandler = found.expectHandler ?? defaultExpectHandler;
        request.setMatchInfo({ ...found.matchInfo, apps });
      } else {
        // No route (404) or not this method (405): raised inside the middlewares (those of the
        // applications the path went through), as aiohttp does, so they can answer it their way.
        const err = found.error;
        request.setMatchInfo({ params: {}, routeName: null, apps });
        handler = function* routeError(): Coro<StreamResponse> {
          throw err;
        };
      }
      // As aiohttp's `_handle`: an `Expect:` header is answered first, outside the middlewares;
      // a response from the expect handler is sent instead of the handler's.
      const expect = request.headers.get("Expect");
      if (expect !== undefined && expect !== "") {
        const early = yield* expectHandler(request);
        if (early !== undefined && early !== null) return early;
      }
      // As aiohttp: the outer application's middlewares first, each application's run with
      // `request.app` set to it.
      let next: Handler = handler;
      for (let a = apps.length - 1; a >= 0; a--) {
        const app = apps[a] as Application;
        for (let i = app.middlewares.length - 1; i >= 0; i--) {
          const mw = app.middlewares[i] as Middleware;
          const inner = next;
          next = (req) => mw(req, inner);
        }
        if (apps.length > 1) next = withCurrentApp(app, next);
      }
      const response = yield* next(request);
      if (response instanceof HTTPException) {
        // aiohttp 3.8 sends a returned HTTPException as the response it is, and warns (#2415).
        process.emitWarning(
          "returning HTTPException object is deprecated (#2415) and will be removed, please raise the exception instead",
          "DeprecationWarning",
        );
        return exceptionResponse(response);
      }
      if (!(response instanceof Object) || typeof (response as StreamResponse).prepare !== "function")
        throw notAResponse(response);
      return response;
    } catch (err) {
      if (err instanceof HTTPException) return exceptionResponse(err);
      throw err;
    }
  }
}

/** aiohttp's `_fix_request_current_app`: `request.app` is `app` while `handler` runs. */
function withCurrentApp(app: Application, handler: Handler): Handler {
  return function* currentApp(request: Request): Coro<StreamResponse> {
    const previous = request.app;
    request.setCurrentApp(app);
    try {
      return yield* handler(request);
    } finally {
      request.setCurrentApp(previous);
    }
  };
}

/**
 * aiohttp's `_default_expect_handler`: on HTTP/1.1, `100-continue` is answered `100 Continue` (the
 * client then sends its body), any other expectation is a 417 "Unknown Expect: …".
 */
function* defaultExpectHandler(request: Request): Coro<null> {
  const [major, minor] = request.version;
  if (major !== 1 || minor !== 1) return null;
  const expect = request.headers.get("Expect") ?? "";
  if (expect.toLowerCase() !== "100-continue")
    throw new HTTPExpectationFailed({ text: `Unknown Expect: ${expect}` });
  request.target.res.writeContinue();
  return null;
}

const APPLICATION_KEYS: ReadonlySet<string> = new Set(["middlewares", "clientMaxSize", "handlerArgs"]);

/** The errors of handlers that returned no response (aiohttp's RuntimeError in finish_response). */
const notResponses = new WeakSet<Error>();

/** aiohttp 3.8's RuntimeError for a handler (or middleware) that returned something else than a response. */
function notAResponse(value: unknown): Error {
  const err = new Error(
    value === undefined || value === null
      ? "Missing return statement on request handler"
      : `Web-handler should return a response instance, got ${repr(value)}`,
  );
  notResponses.add(err);
  return err;
}

/**
 * @internal Whether `err` says the handler returned no response: aiohttp then closes the
 * connection without an answer (and logs it only in debug mode).
 */
export function isNotAResponse(err: unknown): boolean {
  return err instanceof Error && notResponses.has(err);
}

function isContext(x: unknown): x is CleanupContext {
  return (
    typeof (x as CleanupContext)?.aenter === "function" && typeof (x as CleanupContext)?.aexit === "function"
  );
}

/** An async generator as a cleanup context: up to its `yield` at startup, the rest at cleanup. */
function generatorContext(gen: AsyncIterator<unknown>, make: unknown): CleanupContext {
  if (typeof gen?.next !== "function")
    throw new TypeError(
      `a cleanup context must return a context manager or an async generator, got ${repr(gen)}`,
    );
  return {
    *aenter() {
      const first = yield* fromPromise(gen.next());
      if (first.done) throw new Error(`cleanup_ctx ${repr(make)} has no 'yield'`);
    },
    *aexit() {
      const last = yield* fromPromise(gen.next());
      if (!last.done) throw new Error(`${repr(make)} has more than one 'yield'`);
      return false;
    },
  };
}

/** The response an HTTPException answers with. */
export function exceptionResponse(err: HTTPException): Response {
  // aiohttp's header order: those given, then the body's Content-Type, then those the exception
  // adds itself (Location, Allow).
  const headers = err.headers.entries();
  const response = new Response({
    status: err.status,
    reason: err.reason,
    headers: headers.slice(0, err.givenHeaders),
  });
  const contentType = response.headers.get("Content-Type");
  if (err.body !== null) {
    response.body = err.body;
    if (err.contentType !== null) response.headers.set("Content-Type", err.contentType);
    else if (err.bodyIsText && contentType === undefined)
      response.headers.set("Content-Type", "text/plain; charset=utf-8");
  } else if (err.text !== null) {
    if (contentType === undefined) {
      response.headers.set("Content-Type", `${err.contentType ?? "text/plain"}; charset=utf-8`);
    }
    response.text = err.text;
  }
  for (const [k, v] of headers.slice(err.givenHeaders)) response.headers.add(k, v);
  return response;
}
