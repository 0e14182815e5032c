/**
 * V8's own view of an object, through an inspector session of this thread: what a running program
 * cannot ask JavaScript (the scopes a function closes over, the function of a generator object).
 * For diagnostics and checks that run once per function or in debug mode, never on a hot path.
 */
import { loadInspector } from "#platform";

/** A property as the inspector describes it. */
export interface RemoteProperty {
  name: string;
  value?: { type?: string; objectId?: string; description?: string; value?: unknown };
}

type Post = (method: string, params: object) => Record<string, unknown>;

let post: Post | null | undefined;

/** The synchronous `post` of an inspector session of this thread (made on first use), or null. */
function session(): Post | null {
  if (post !== undefined) return post;
  post = null;
  try {
    const inspector = loadInspector();
    if (inspector === null) return null;
    const s = new inspector.Session();
    s.connect();
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
