// The worker side of the pool (plain JavaScript: it is loaded by worker threads as is).
// A job is a self-contained function's source, compiled once per worker, or a module export.
const compiled = new Map();

// esbuild (tsx, vitest, tsup with keepNames) rewrites named inner functions as `__name(fn, "name")`,
// a helper defined outside the function; provide it, so that self-contained source stays so.
if (typeof globalThis.__name !== "function") {
  Object.defineProperty(globalThis, "__name", {
    value: (target, value) => Object.defineProperty(target, "name", { value, configurable: true }),
    configurable: true,
  });
}

async function resolveFunction(job) {
  if (job.kind === "source") {
    let fn = compiled.get(job.source);
    if (fn === undefined) {
      fn = new Function(`"use strict"; return (${job.source});`)();
      compiled.set(job.source, fn);
    }
    return fn;
  }
  let mod;
  try {
    mod = await import(job.module);
  } catch (error) {
    if (error?.code === "ERR_UNKNOWN_FILE_EXTENSION") {
      const err = new TypeError(
        `cannot load ${job.module} in a worker thread: ${error.message}. Workers start without the parent's ` +
          "loaders: build the module to JavaScript, or create the executor with { execArgv: process.execArgv } " +
          "to load it with the same loader (each worker then starts slower)",
      );
      err.aioJobError = true;
      throw err;
    }
    throw error;
  }
  const fn = mod[job.name];
  if (typeof fn !== "function") {
    const err = new TypeError(`module ${job.module} has no exported function named '${job.name}'`);
    err.aioJobError = true;
    throw err;
  }
  return fn;
}

function serialise(error, job) {
  if (error instanceof ReferenceError && job.kind === "source") {
    const missing = /^(\S+) is not defined$/.exec(error.message)?.[1];
    if (missing) {
      return {
        name: "WorkerJobError",
        message:
          `${job.name}() uses '${missing}', which is defined outside the function: a function sent to a worker ` +
          `thread must be self-contained. Move '${missing}' into the function (import it there with ` +
          `await import(...)), or export the function from a module and submit { module: import.meta.url, name: "${job.name}" }`,
        stack: error.stack,
        jobError: true,
      };
    }
  }
  if (error instanceof Error) {
    const extra = {};
    for (const key of Object.keys(error)) {
      try {
        structuredClone(error[key]);
        extra[key] = error[key];
      } catch {}
    }
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      extra,
      jobError: error.aioJobError === true,
    };
  }
  const problem = cloneProblem(error);
  if (problem !== null) return unsendable(job, "threw", error, problem);
  return { thrown: error };
}

// What postMessage would fail on, checked before Piscina posts the reply: a reply that cannot be
// cloned would crash the worker (the pool would replace it and the caller learn nothing useful).
function cloneProblem(value) {
  const type = typeof value;
  if (type === "function" || type === "symbol") return `${describe(value)} could not be cloned.`;
  if (value === null || type !== "object") return null;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return null;
  try {
    structuredClone(value);
    return null;
  } catch (error) {
    return String(error?.message ?? error);
  }
}

function describe(value) {
  if (typeof value === "function") return `function ${value.name || "<anonymous>"}`;
  if (typeof value === "symbol") return value.toString();
  return `${value?.constructor?.name ?? "object"} object`;
}

function typeOf(value) {
  if (typeof value === "object" && value !== null) return value.constructor?.name ?? "object";
  return typeof value;
}

function unsendable(job, verb, value, problem) {
  return {
    name: "WorkerJobError",
    message:
      `${job.name}() ${verb} a value of type ${typeOf(value)} that cannot be sent back from the worker thread ` +
      `(${problem}) Results travel by structured clone: plain data, arrays, maps, typed arrays, not ` +
      "functions, symbols or objects holding them",
    jobError: true,
  };
}

export default async function runJob({ job, args, chunk }) {
  let fn;
  try {
    fn = await resolveFunction(job);
  } catch (error) {
    return { ok: false, error: serialise(error, job) };
  }
  if (chunk) {
    const results = [];
    for (let i = 0; i < chunk.length; i++) {
      try {
        results.push(await fn(...chunk[i]));
      } catch (error) {
        return { ok: false, error: serialise(error, job), index: i };
      }
    }
    return reply(job, results);
  }
  let value;
  try {
    value = await fn(...args);
  } catch (error) {
    return { ok: false, error: serialise(error, job) };
  }
  return reply(job, value);
}

function reply(job, value) {
  const problem = cloneProblem(value);
  if (problem !== null) return { ok: false, error: unsendable(job, "returned", value, problem) };
  return { ok: true, value };
}
