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
import { inspect } from "@aio/loop/internal";
import { parse } from "acorn";
import { analyze } from "periscopic";

/** The variables of every scope `fn` closes over except the global one, as V8 sees them (null: no inspector). */
function closureVariables(fn: (...args: never) => unknown): Set<string> | null {
  return inspect(fn, (properties) => {
    const names = new Set<string>();
    const scopes = properties().internal.find((p) => p.name === "[[Scopes]]")?.value?.objectId;
    for (const scope of properties(scopes).own) {
      if (scope.value?.description?.startsWith("Global")) continue;
      for (const v of properties(scope.value?.objectId).own) names.add(v.name);
    }
    return names;
  });
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
  useInspector = true,
): string[] {
  const free = freeVariables(source);
  if (free === null) return [];
  for (const name of worker) free.delete(name);
  if (free.size === 0) return [];
  const closed = useInspector ? closureVariables(fn) : null;
  const captured = [...free].filter((name) => (closed ? closed.has(name) : !(name in globalThis)));
  // In the order the source first uses them.
  const at = (name: string) =>
    source.search(new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`));
  return captured.sort((a, b) => at(a) - at(b));
}
