/**
 * Which variables from outside a function its source uses: what would be missing, or silently
 * different, when the source is compiled again in a worker thread.
 *
 * The names a function uses without declaring them come from parsing its source (acorn, with
 * periscopic's scope analysis). Whether such a name is a global or a variable the function closes
 * over cannot be told from the source (`const performance = …` at the top of a module shadows the
 * global `performance`): V8 knows, and says so through the inspector's `[[Scopes]]` of the function
 * object. Where the inspector is not there (another runtime), a used name that is not a global of
 * this thread counts as captured, which misses only shadowed globals.
 */
import { createRequire } from "node:module";
import { parse } from "acorn";
import { analyze } from "periscopic";

type Post = (method: string, params: object) => Record<string, unknown>;

let inspectorPost: Post | null | undefined;

/** A synchronous inspector session of this thread (made on first use), or null where there is none. */
function inspector(): Post | null {
  if (inspectorPost !== undefined) return inspectorPost;
  inspectorPost = null;
  try {
    const { Session } = createRequire(import.meta.url)("node:inspector") as typeof import("node:inspector");
    const session = new Session();
    session.connect();
    inspectorPost = (method, params) => {
      let result: Record<string, unknown> | undefined;
      let error: Error | null = null;
      // A session of this thread answers synchronously.
      session.post(method, params, (err, res) => {
        error = err;
        result = res as Record<string, unknown>;
      });
      if (error) throw error;
      if (result === undefined) throw new Error(`the inspector did not answer ${method} synchronously`);
      return result;
    };
  } catch {
    // Built without the inspector, or another runtime: fall back to names.
  }
  return inspectorPost;
}

interface RemoteObject {
  objectId?: string;
  description?: string;
}
interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
}

const PROBE = Symbol.for("aio.executor.scopeProbe");

/** The variables of every scope `fn` closes over except the global one, as V8 sees them. */
function closureVariables(fn: (...args: never) => unknown, post: Post): Set<string> {
  const names = new Set<string>();
  const global = globalThis as { [PROBE]?: unknown };
  global[PROBE] = fn;
  const group = "aio-executor-scopes";
  try {
    const { result } = post("Runtime.evaluate", {
      expression: 'globalThis[Symbol.for("aio.executor.scopeProbe")]',
      objectGroup: group,
    }) as { result: RemoteObject };
    const own = post("Runtime.getProperties", { objectId: result.objectId, ownProperties: true }) as {
      internalProperties?: PropertyDescriptor[];
    };
    const scopes = own.internalProperties?.find((p) => p.name === "[[Scopes]]")?.value;
    if (!scopes?.objectId) return names;
    const list = post("Runtime.getProperties", { objectId: scopes.objectId, ownProperties: true }) as {
      result: PropertyDescriptor[];
    };
    for (const scope of list.result) {
      const id = scope.value?.objectId;
      if (!id || scope.value?.description?.startsWith("Global")) continue;
      const vars = post("Runtime.getProperties", { objectId: id, ownProperties: true }) as {
        result: PropertyDescriptor[];
      };
      for (const v of vars.result) names.add(v.name);
    }
  } finally {
    delete global[PROBE];
    post("Runtime.releaseObjectGroup", { objectGroup: group });
  }
  return names;
}

/** The names `source` (a function expression) uses without declaring them, or null if it does not parse. */
export function freeVariables(source: string): Set<string> | null {
  let program: ReturnType<typeof parse>;
  try {
    program = parse(`(${source})`, { ecmaVersion: "latest", sourceType: "script" });
  } catch {
    return null;
  }
  const free = new Set(analyze(program as never).globals.keys());
  // Inside a non-arrow function `arguments` is its own (an arrow's may come from outside).
  const top = (program.body[0] as { expression?: { type: string } } | undefined)?.expression;
  if (top && top.type !== "ArrowFunctionExpression") free.delete("arguments");
  return free;
}

/**
 * The variables `fn` uses from outside itself, other than globals (`worker` names those the worker
 * provides itself, such as esbuild's `__name` helper). Empty when the source cannot be parsed: the
 * worker then reports a missing name when the job runs.
 */
export function capturedVariables(
  fn: (...args: never) => unknown,
  source: string,
  worker: ReadonlySet<string>,
  post: Post | null = inspector(),
): string[] {
  const free = freeVariables(source);
  if (free === null) return [];
  for (const name of worker) free.delete(name);
  if (free.size === 0) return [];
  const closed = post ? closureVariables(fn, post) : null;
  const captured = [...free].filter((name) => (closed ? closed.has(name) : !(name in globalThis)));
  // In the order the source first uses them.
  const at = (name: string) =>
    source.search(new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`));
  return captured.sort((a, b) => at(a) - at(b));
}
