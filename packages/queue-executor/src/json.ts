/**
 * What may travel between machines: JSON values. Arguments and results are checked before they
 * leave, so a value JSON would silently change (a function dropped, NaN turned into null, a Map
 * into `{}`) or refuse (a cycle, a BigInt) is a clear error naming it instead.
 */
import { repr } from "@aio/loop";

/** Where in the value a refused part sits, as a JavaScript accessor path (`[1].opts.cb`). */
function at(path: string): string {
  return path === "" ? "" : ` at ${path}`;
}

function describe(value: unknown): string {
  switch (typeof value) {
    case "function":
      return `a function (${(value as { name?: string }).name || "anonymous"})`;
    case "symbol":
      return `a symbol (${String(value)})`;
    case "bigint":
      return `a BigInt (${String(value)}n)`;
    case "undefined":
      return "undefined";
    case "number":
      return `the number ${String(value)}`;
    default: {
      const ctor = (value as object).constructor as { name?: string } | undefined;
      return `${ctor?.name ? `a ${ctor.name}` : "an object"} (${repr(value)})`;
    }
  }
}

const LEGAL = "null, booleans, finite numbers, strings, arrays and plain objects";

/**
 * Throws a TypeError naming the first part of `value` that cannot travel as JSON unchanged.
 * `what` names the value in the message ("argument 1 of job 'hash'"; a function making it, called
 * only on failure). Objects with a `toJSON`
 * method (a Date) travel as what it returns, as `JSON.stringify` sends them.
 */
export function checkJson(value: unknown, what: string | (() => string)): void {
  const stack: unknown[] = [];
  const paths: string[] = [];
  const fail = (part: unknown, path: string, why?: string): never => {
    throw new TypeError(
      `${typeof what === "function" ? what() : what} cannot travel as JSON: ${why ?? `${describe(part)}${at(path)}`}; jobs take and return ${LEGAL}`,
    );
  };
  const walk = (v: unknown, path: string, inObject: boolean): void => {
    switch (typeof v) {
      case "string":
      case "boolean":
        return;
      case "number":
        if (!Number.isFinite(v)) fail(v, path);
        return;
      case "undefined":
        // A property set to undefined is left out, as JSON.stringify leaves it out.
        if (inObject) return;
        fail(v, path, `undefined${at(path)} (use null)`);
        return;
      case "object": {
        if (v === null) return;
        const seen = stack.indexOf(v);
        if (seen >= 0)
          fail(v, path, `it is cyclic: ${path || "the value"} refers back to ${paths[seen] || "the value"}`);
        if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
          walk((v as { toJSON(key: string): unknown }).toJSON(""), path, inObject);
          return;
        }
        stack.push(v);
        paths.push(path);
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) walk(v[i], `${path}[${i}]`, false);
        } else {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) fail(v, path);
          for (const key of Object.keys(v)) {
            const p = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
            walk((v as Record<string, unknown>)[key], p, true);
          }
        }
        stack.pop();
        paths.pop();
        return;
      }
      default:
        fail(v, path);
    }
  };
  walk(value, "", false);
}
