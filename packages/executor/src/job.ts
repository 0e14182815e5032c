/**
 * What is sent to a worker for a job: a self-contained function's source (compiled once per
 * worker), or a module export to import there (the way Python pickles functions by name).
 */
import { repr } from "@aio/loop";
import { capturedVariables } from "./captured.js";
import { WorkerJobError } from "./errors.js";

/** A reference to an exported function: `{ module: import.meta.url, name: "hash" }`. */
export interface ModuleFunction {
  /** The module's URL or absolute path (`import.meta.url` of the module that exports it). */
  module: string;
  /** The export's name. */
  name: string;
}

/** A job's function: self-contained (its source is sent) or a module export. */
// biome-ignore lint/suspicious/noExplicitAny: any function may be sent
export type JobFunction = ((...args: any[]) => unknown) | ModuleFunction;

/** The serialisable description of a job's function. */
export type JobSpec =
  | { kind: "source"; source: string; name: string }
  | { kind: "module"; module: string; name: string };

const sourceCache = new WeakMap<object, JobSpec>();

/** Names the worker defines itself for a job's source (esbuild's `__name` helper, see worker.mjs). */
const WORKER_GLOBALS: ReadonlySet<string> = new Set(["__name"]);

/**
 * Why a function that closes over `names` cannot be sent (the worker says the same of a name it
 * finds missing when the job runs, for sources that could not be analysed here).
 */
function usesOutside(job: string, names: string[]): string {
  const list = names.map((n) => `'${n}'`).join(", ");
  const first = names[0] as string;
  return (
    `${job}() uses ${list}, which ${names.length > 1 ? "are" : "is"} defined outside the function: a function ` +
    `sent to a worker thread must be self-contained. Move '${first}' into the function (import it there ` +
    `with await import(...)), or export the function from a module and submit { module: import.meta.url, name: "${job}" }`
  );
}

/** The name a job is known by in messages. */
export function jobName(fn: JobFunction): string {
  return typeof fn === "function" ? fn.name || "<anonymous>" : `${fn.name} (from ${fn.module})`;
}

/** Describes `fn` for a worker, or throws a WorkerJobError that says what to do instead. */
export function describeJob(fn: JobFunction): JobSpec {
  if (typeof fn === "function") {
    const cached = sourceCache.get(fn);
    if (cached) return cached;
    let source = Function.prototype.toString.call(fn);
    if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
      throw new WorkerJobError(
        `cannot send ${fn.name || "this function"} to a worker thread: it is a built-in or bound function, whose ` +
          "source cannot be sent. Wrap it in a self-contained function, or export a function from a module and " +
          "submit { module: import.meta.url, name }",
      );
    }
    // Method shorthand (`name(a) { … }`, `async name()`, `*name()`) is not an expression on its own.
    if (!/^(async\s+)?(function\b|\(|[\w$]+\s*=>|\(.*\)\s*=>)/.test(source) && !source.startsWith("class")) {
      source = source.replace(
        /^(async\s+)?(\*\s*)?/,
        (_m, a = "", star = "") => `${a ?? ""}function${star ? "*" : ""} `,
      );
    }
    const name = fn.name || "<anonymous>";
    const captured = capturedVariables(fn, source, WORKER_GLOBALS);
    if (captured.length > 0) throw new WorkerJobError(usesOutside(name, captured));
    const spec: JobSpec = { kind: "source", source, name };
    sourceCache.set(fn, spec);
    return spec;
  }
  if (typeof fn === "object" && fn !== null && typeof fn.module === "string" && typeof fn.name === "string") {
    return { kind: "module", module: fn.module, name: fn.name };
  }
  throw new WorkerJobError(`a job must be a function or { module, name }, got ${repr(fn)}`);
}
