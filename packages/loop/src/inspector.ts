/**
 * V8's own view of an object, through an inspector session of this thread: what a running program
 * cannot ask JavaScript (the scopes a function closes over, the function of a generator object).
 * For diagnostics and checks that run once per function or in debug mode, never on a hot path.
 */
import { loadInspector, sourcePosition } from "#platform";

/** A property as the inspector describes it. */
export interface RemoteProperty {
  name: string;
  value?: { type?: string; objectId?: string; description?: string; value?: unknown };
}

type Post = (method: string, params: object) => Record<string, unknown>;

let post: Post | null | undefined;
/** The session's scripts seen so far: scriptId → URL and source map URL (`Debugger.scriptParsed`). */
const scriptUrls = new Map<string, { url: string; sourceMapURL: string }>();
let listen: ((record: (id: string, url: string, sourceMapURL: string) => void) => void) | null = null;

/** The synchronous `post` of an inspector session of this thread (made on first use), or null. */
function session(): Post | null {
  if (post !== undefined) return post;
  post = null;
  try {
    const inspector = loadInspector();
    if (inspector === null) return null;
    const s = new inspector.Session();
    s.connect();
    listen = (record) =>
      s.on(
        "Debugger.scriptParsed",
        (m: { params: { scriptId: string; url: string; sourceMapURL?: string } }) =>
          record(m.params.scriptId, m.params.url, m.params.sourceMapURL ?? ""),
      );
    post = (method, params) => {
      let result: Record<string, unknown> | undefined;
      let error: Error | null = null;
      // A session of this thread answers synchronously.
      s.post(method, params, (err, res) => {
        error = err;
        result = res as Record<string, unknown>;
      });
      if (error) throw error;
      if (result === undefined) throw new Error(`the inspector did not answer ${method} synchronously`);
      return result;
    };
  } catch {
    // Built without the inspector, or another runtime.
  }
  return post;
}

const PROBE = Symbol.for("aio.inspectorProbe");
const GROUP = "aio-inspector";

/**
 * calls `read` with a way to list the internal properties (`[[Scopes]]`,
 * `[[GeneratorFunction]]`, …) of `value` and of remote objects under it; null where there is no
 * inspector. Remote objects are released afterwards.
 */
export function inspect<T>(
  value: object,
  read: (properties: (objectId?: string) => { own: RemoteProperty[]; internal: RemoteProperty[] }) => T,
): T | null {
  const p = session();
  if (p === null) return null;
  const global = globalThis as { [PROBE]?: unknown };
  global[PROBE] = value;
  try {
    const { result } = p("Runtime.evaluate", {
      expression: 'globalThis[Symbol.for("aio.inspectorProbe")]',
      objectGroup: GROUP,
    }) as { result: { objectId?: string } };
    const root = result.objectId;
    return read((objectId = root) => {
      if (objectId === undefined) return { own: [], internal: [] };
      const r = p("Runtime.getProperties", { objectId, ownProperties: true }) as {
        result?: RemoteProperty[];
        internalProperties?: RemoteProperty[];
      };
      return { own: r.result ?? [], internal: r.internalProperties ?? [] };
    });
  } catch {
    return null;
  } finally {
    delete global[PROBE];
    try {
      p("Runtime.releaseObjectGroup", { objectGroup: GROUP });
    } catch {
      // nothing to release
    }
  }
}

let listening = false;
/** scriptIds asked for after the scripts were last listed, and still unknown. */
const unknownScripts = new Set<string>();

/**
 * The URL of a script of this thread. The scripts are listed by enabling the debugger for a moment
 * (it reports every script loaded so far: tens of milliseconds, once, and again only for a script
 * loaded since); the debugger is disabled again at once.
 */
function scriptUrl(p: Post, scriptId: string): { url: string; sourceMapURL: string } | null {
  const known = scriptUrls.get(scriptId);
  if (known !== undefined) return known;
  if (unknownScripts.has(scriptId)) return null;
  if (!listening && listen !== null) {
    listen((id, url, sourceMapURL) => scriptUrls.set(id, { url, sourceMapURL }));
    listening = true;
  }
  try {
    p("Debugger.enable", {});
  } finally {
    p("Debugger.disable", {});
  }
  const url = scriptUrls.get(scriptId);
  if (url === undefined) unknownScripts.add(scriptId);
  return url ?? null;
}

/** A position in a loaded script, as the inspector gives it (0-based). */
interface ScriptLocation {
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

/** `file:line` of a script position, in the original source when the script has a source map. */
function locate(where: ScriptLocation | undefined): string | null {
  const p = session();
  if (where === undefined || p === null) return null;
  const script = scriptUrl(p, where.scriptId);
  return script === null
    ? null
    : sourcePosition(script.url, where.lineNumber, where.columnNumber, script.sourceMapURL);
}

/** What V8 tells of a generator object: its function's name, its state, and where it is. */
export interface GeneratorInfo {
  /** The generator function's name ("" when anonymous). */
  name: string;
  /** `"suspended"` (not started, or paused at a `yield`), `"running"` or `"closed"`. */
  state: string;
  /**
   * `file:line` where it is paused, or of its function when not started or closed (the original
   * source through a source map when Node has one); null when unknown.
   */
  location: string | null;
}

/**
 * V8's view of a generator object (null for anything else, or without an inspector): Python's
 * `cr_code.co_name`, `cr_frame.f_lineno` and `co_firstlineno`. Costs an inspector round trip:
 * for reprs and diagnostics only.
 */
export function generatorInfo(gen: object): GeneratorInfo | null {
  return inspect(gen, (properties) => {
    const internal = properties().internal;
    const state = internal.find((q) => q.name === "[[GeneratorState]]")?.value?.value;
    if (typeof state !== "string") return null;
    const fn = internal.find((q) => q.name === "[[GeneratorFunction]]")?.value;
    const own = fn?.objectId === undefined ? [] : properties(fn.objectId).own;
    const name = own.find((q) => q.name === "name")?.value?.value;
    const where = internal.find((q) => q.name === "[[GeneratorLocation]]")?.value?.value as
      | ScriptLocation
      | undefined;
    return { name: typeof name === "string" ? name : "", state, location: locate(where) };
  });
}

const functionSources = new WeakMap<object, string | null>();

/**
 * `file:line` where a function is defined (its original source, through the script's source map),
 * or null (a native or bound function, no inspector). Python: `format_helpers._get_function_source`.
 * Once per function (cached): for reprs and diagnostics only.
 */
export function functionSource(fn: (...args: never[]) => unknown): string | null {
  const known = functionSources.get(fn);
  if (known !== undefined) return known;
  const source =
    inspect(fn, (properties) => {
      const where = properties().internal.find((q) => q.name === "[[FunctionLocation]]")?.value?.value as
        | ScriptLocation
        | undefined;
      return locate(where);
    }) ?? null;
  functionSources.set(fn, source);
  return source;
}

/**
 * What a bound function binds, as V8 keeps it: the target function and the bound arguments
 * (Python's `functools.partial` `func` and `args`); null for anything else or without an inspector.
 */
export function boundFunction(fn: (...args: never[]) => unknown): {
  target: (...args: never[]) => unknown;
  args: unknown[];
} | null {
  if (!fn.name.startsWith("bound ")) return null;
  return inspect(fn, (properties) => {
    const internal = properties().internal;
    const target = internal.find((q) => q.name === "[[TargetFunction]]")?.value?.objectId;
    const args = internal.find((q) => q.name === "[[BoundArgs]]")?.value?.objectId;
    if (target === undefined || args === undefined) return null;
    const values = fetchRemote(target, args) as [(...a: never[]) => unknown, unknown[]] | null;
    return values === null ? null : { target: values[0], args: [...values[1]] };
  });
}

const OUT = Symbol.for("aio.inspectorOut");

/** The JavaScript values behind remote objects of the current inspection, in order. */
function fetchRemote(...objectIds: string[]): unknown[] | null {
  const p = session();
  if (p === null) return null;
  const global = globalThis as { [OUT]?: unknown[] };
  const out: unknown[] = [];
  global[OUT] = out;
  try {
    for (const objectId of objectIds) {
      p("Runtime.callFunctionOn", {
        objectId,
        functionDeclaration: 'function () { globalThis[Symbol.for("aio.inspectorOut")].push(this); }',
      });
    }
    return out.length === objectIds.length ? out : null;
  } finally {
    delete global[OUT];
  }
}
