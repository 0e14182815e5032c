/**
 * Python's `warnings`: `warn(message, category, stacklevel)`, shown once per place by default as
 * `file:line: Category: message` with the source line under it, on `sys.stderr`; filters
 * (`simplefilter`, `filterwarnings`: error / ignore / always / default / module / once) and
 * `catchWarnings` for tests. The runtime's own warnings (`coroutine '…' was never awaited`,
 * `There is no current event loop`) come through here once `@aio/debug` is loaded.
 */
import { repr } from "@aio/loop";
import {
  type Frame,
  firstUserFrame,
  isInternal,
  moduleName,
  parseFrame,
  parseStack,
  pythonStacks,
  sourceLine,
} from "./frames.js";
import { sys, type TextStream } from "./sys.js";

/** Base class of warning categories. Python: `Warning`. */
export class Warning extends Error {}
/** Python: `UserWarning`, the default category. */
export class UserWarning extends Warning {}
/** Python: `DeprecationWarning`. */
export class DeprecationWarning extends Warning {}
/** Python: `PendingDeprecationWarning`. */
export class PendingDeprecationWarning extends Warning {}
/** Python: `RuntimeWarning`. */
export class RuntimeWarning extends Warning {}
/** Python: `ResourceWarning`. */
export class ResourceWarning extends Warning {}
/** Python: `FutureWarning`. */
export class FutureWarning extends Warning {}

// Python's names, whatever a bundler renames the classes to.
for (const [c, name] of [
  [Warning, "Warning"],
  [UserWarning, "UserWarning"],
  [DeprecationWarning, "DeprecationWarning"],
  [PendingDeprecationWarning, "PendingDeprecationWarning"],
  [RuntimeWarning, "RuntimeWarning"],
  [ResourceWarning, "ResourceWarning"],
  [FutureWarning, "FutureWarning"],
] as const) {
  Object.defineProperty(c.prototype, "name", { value: name, writable: true, configurable: true });
}

/** A warning category: a class of {@link Warning}. */
export type Category = typeof Warning;

const categories = new Map<string, Category>(
  [
    Warning,
    UserWarning,
    DeprecationWarning,
    PendingDeprecationWarning,
    RuntimeWarning,
    ResourceWarning,
    FutureWarning,
  ].map((c) => [c.prototype.name, c]),
);

/** The category called `name` (the runtime reports categories by name); a new subclass of Warning for an unknown name. */
export function categoryNamed(name: string): Category {
  let c = categories.get(name);
  if (c === undefined) {
    const made = class extends Warning {};
    Object.defineProperty(made.prototype, "name", { value: name, writable: true, configurable: true });
    Object.defineProperty(made, "name", { value: name });
    c = made;
    categories.set(name, c);
  }
  return c;
}

function categoryName(c: Category): string {
  return c.prototype.name;
}

/** What happens to a matching warning. */
export type Action = "error" | "ignore" | "always" | "default" | "module" | "once";
const ACTIONS = new Set<Action>(["error", "ignore", "always", "default", "module", "once"]);

/** One filter: Python's `(action, message, category, module, lineno)`. */
export interface WarningFilter {
  action: Action;
  /** A regular expression the message must match at its start (case-insensitive), or null. */
  message: RegExp | null;
  category: Category;
  /** A regular expression the module (file name without extension, or `__main__`) must match fully, or null. */
  module: RegExp | null;
  /** 0: any line. */
  lineno: number;
}

/** A warning as `catchWarnings({ record: true })` keeps it. Python: `warnings.WarningMessage`. */
export interface WarningMessage {
  message: Warning;
  category: Category;
  filename: string;
  lineno: number;
  line: string | null;
}

/**
 * The filters, first match wins. Python's defaults for a program that is not in development mode:
 * DeprecationWarning is shown when it comes from the main program and ignored elsewhere, pending
 * deprecations, import and resource warnings are ignored.
 */
export let filters: WarningFilter[] = defaultFilters();

function defaultFilters(): WarningFilter[] {
  return [
    { action: "default", message: null, category: DeprecationWarning, module: /^__main__$/, lineno: 0 },
    { action: "ignore", message: null, category: DeprecationWarning, module: null, lineno: 0 },
    { action: "ignore", message: null, category: PendingDeprecationWarning, module: null, lineno: 0 },
    { action: "ignore", message: null, category: ResourceWarning, module: null, lineno: 0 },
  ];
}

/** Places and texts already shown, for `default`, `module` and `once`. */
const onceRegistry = new Set<string>();
const registries = new Map<string, Set<string>>();

function checkAction(action: unknown): Action {
  if (typeof action !== "string" || !ACTIONS.has(action as Action)) {
    throw new RangeError(`invalid action: ${repr(action)}`);
  }
  return action as Action;
}

function checkCategory(category: unknown): Category {
  if (typeof category !== "function" || !(category === Warning || category.prototype instanceof Warning)) {
    throw new TypeError(`category must be a Warning subclass, not ${repr(category)}`);
  }
  return category as Category;
}

function addFilter(f: WarningFilter, append: boolean): void {
  const i = filters.findIndex(
    (x) =>
      x.action === f.action &&
      x.category === f.category &&
      x.lineno === f.lineno &&
      String(x.message) === String(f.message) &&
      String(x.module) === String(f.module),
  );
  // Python: a filter put in front moves an equal one there; appended, an equal one stays where it is.
  if (!append) {
    if (i >= 0) filters.splice(i, 1);
    filters.unshift(f);
  } else if (i < 0) filters.push(f);
  filtersMutated();
}

/** Python's `_filters_mutated()`: what was shown under the old filters may show again. */
function filtersMutated(): void {
  for (const r of registries.values()) r.clear();
}

/**
 * Adds a filter matching the message (a regular expression at its start, case-insensitive), the
 * category, the module and the line. Python: `warnings.filterwarnings(action, message, category,
 * module, lineno, append)`.
 */
export function filterwarnings(
  action: Action,
  options: { message?: string; category?: Category; module?: string; lineno?: number; append?: boolean } = {},
): void {
  const lineno = options.lineno ?? 0;
  if (!Number.isInteger(lineno) || lineno < 0) throw new RangeError("lineno must be an int >= 0");
  addFilter(
    {
      action: checkAction(action),
      message: options.message ? new RegExp(`^(?:${options.message})`, "i") : null,
      category: checkCategory(options.category ?? Warning),
      module: options.module ? new RegExp(`^(?:${options.module})$`) : null,
      lineno,
    },
    options.append ?? false,
  );
}

/** A filter on category (and line) only. Python: `warnings.simplefilter(action, category, lineno, append)`. */
export function simplefilter(
  action: Action,
  category: Category = Warning,
  options: { lineno?: number; append?: boolean } = {},
): void {
  const lineno = options.lineno ?? 0;
  if (!Number.isInteger(lineno) || lineno < 0) throw new RangeError("lineno must be an int >= 0");
  addFilter(
    { action: checkAction(action), message: null, category: checkCategory(category), module: null, lineno },
    options.append ?? false,
  );
}

/** Removes every filter (then every warning is shown once per place). Python: `warnings.resetwarnings()`. */
export function resetwarnings(): void {
  filters = [];
  filtersMutated();
}

/** Back to Python's default filters, with nothing remembered as shown (tests). */
export function resetWarningsState(): void {
  filters = defaultFilters();
  onceRegistry.clear();
  registries.clear();
}

/** Python: `warnings.formatwarning(message, category, filename, lineno, line)`. */
export function formatwarning(
  message: string,
  category: Category,
  filename: string,
  lineno: number,
  line?: string | null,
): string {
  let s = `${filename}:${lineno}: ${categoryName(category)}: ${message}\n`;
  const text = (line ?? sourceLine(filename, lineno)).trim();
  if (text) s += `  ${text}\n`;
  return s;
}

/** Shows a warning: by default writes {@link formatwarning}'s text to `file` or `sys.stderr`. Replaceable, as in Python. */
export let showwarning = (
  message: string,
  category: Category,
  filename: string,
  lineno: number,
  file?: TextStream | null,
  line?: string | null,
): void => {
  try {
    (file ?? sys.stderr).write(formatwarning(message, category, filename, lineno, line));
  } catch {
    // Python: an unwritable stream loses the warning
  }
};

/** Replaces {@link showwarning}. */
export function setShowwarning(fn: typeof showwarning): void {
  showwarning = fn;
}

let mainFile: string | null | undefined;
function isMain(file: string): boolean {
  if (mainFile === undefined) {
    const arg = process.argv[1];
    mainFile = arg ? arg : null;
  }
  return (
    mainFile !== null &&
    (file === mainFile || file.replace(/\.[cm]?[jt]sx?$/, "") === mainFile.replace(/\.[cm]?[jt]sx?$/, ""))
  );
}

/**
 * Issues a warning. `stacklevel` 1 names the caller of `warn`, 2 its caller, and so on (frames of
 * the aio runtime are skipped, so a warning from inside the runtime names the program's line).
 * With the `error` action the warning is thrown. Python: `warnings.warn(message, category, stacklevel)`.
 * @example warn("use fetchAll() instead", DeprecationWarning, 2);
 */
export function warn(message: string | Warning, category?: Category | null, stacklevel = 1): void {
  let cat: Category;
  let text: string;
  if (message instanceof Warning) {
    cat = message.constructor as Category;
    text = message.message;
  } else {
    cat = category == null ? UserWarning : checkCategory(category);
    text = String(message);
  }
  if (!Number.isInteger(stacklevel))
    throw new TypeError(`stacklevel must be an integer, got ${repr(stacklevel)}`);
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, warn);
  const frames = parseStack(holder.stack ?? "");
  const user = frames.filter((f) => !isInternal(f));
  const frame = user[Math.max(0, stacklevel - 1)] ?? user[user.length - 1] ?? null;
  warnAt(text, cat, frame, message instanceof Warning ? message : null);
}

/** Python: `warnings.warn_explicit(message, category, filename, lineno)`. */
export function warnExplicit(message: string, category: Category, filename: string, lineno: number): void {
  warnAt(
    message,
    checkCategory(category),
    { func: "<module>", file: filename, line: lineno, column: 0 },
    null,
  );
}

/** Collectors of `catchWarnings({ record: true })`, innermost last. */
const recorders: WarningMessage[][] = [];

function warnAt(text: string, category: Category, frame: Frame | null, instance: Warning | null): void {
  const filename = frame?.file ?? "sys";
  const lineno = frame?.line ?? 1;
  const module = frame === null ? "sys" : isMain(frame.file) ? "__main__" : moduleName(frame.file);
  const key = `${text}\u0000${categoryName(category)}\u0000${lineno}`;
  let registry = registries.get(filename);
  if (registry === undefined) registries.set(filename, (registry = new Set()));
  if (registry.has(key)) return;
  let action: Action = "default";
  for (const f of filters) {
    if (
      (f.message === null || f.message.test(text)) &&
      (category === f.category || category.prototype instanceof f.category) &&
      (f.module === null || f.module.test(module)) &&
      (f.lineno === 0 || f.lineno === lineno)
    ) {
      action = f.action;
      break;
    }
  }
  if (action === "ignore") return;
  if (action === "error") throw instance ?? new category(text);
  if (action === "once") {
    const onceKey = `${text}\u0000${categoryName(category)}`;
    if (onceRegistry.has(onceKey)) return;
    onceRegistry.add(onceKey);
  } else if (action === "module") {
    const modKey = `${text}\u0000${categoryName(category)}\u00000`;
    if (registry.has(modKey)) return;
    registry.add(modKey);
  } else if (action === "default") {
    registry.add(key);
  }
  const line = frame ? sourceLine(frame.file, frame.line) : null;
  const recorder = recorders[recorders.length - 1];
  if (recorder !== undefined) {
    recorder.push({ message: instance ?? new category(text), category, filename, lineno, line });
    return;
  }
  showwarning(text, category, filename, lineno, null, line);
}

/**
 * A warning the runtime gives (through `@aio/loop`'s `warn` hook): category by name, and the frame
 * it is about when that is not the caller's.
 */
export function runtimeWarning(category: string, message: string, where?: string | null): void {
  const cat = categoryNamed(category);
  message = pythonStacks(message);
  let frame: Frame | null = null;
  if (where) frame = parseFrame(`    at ${where}`) ?? parseFrame(where);
  if (frame === null) {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, runtimeWarning);
    frame = firstUserFrame(holder.stack ?? "");
  }
  warnAt(message, cat, frame, null);
}

/**
 * Saves the filters and `showwarning`, and restores them at the end; with `record`, warnings are
 * collected in `log` instead of shown. Use with `using` or call `restore()`. Python:
 * `warnings.catch_warnings(record=True)`.
 * @example
 * using w = catchWarnings({ record: true });
 * simplefilter("always");
 * doSomething();
 * expect(w.log[0].category).toBe(DeprecationWarning);
 */
export function catchWarnings(
  options: { record?: boolean; action?: Action; category?: Category } = {},
): CaughtWarnings {
  const savedFilters = [...filters];
  const savedShow = showwarning;
  const log: WarningMessage[] = [];
  if (options.record) recorders.push(log);
  if (options.action !== undefined) simplefilter(options.action, options.category ?? Warning);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    filters = savedFilters;
    filtersMutated();
    showwarning = savedShow;
    if (options.record) {
      const i = recorders.lastIndexOf(log);
      if (i >= 0) recorders.splice(i, 1);
    }
  };
  return { log, restore, [Symbol.dispose]: restore };
}

/** What {@link catchWarnings} returns. */
export interface CaughtWarnings extends Disposable {
  /** The warnings collected (with `record: true`). */
  readonly log: WarningMessage[];
  /** Puts the filters and `showwarning` back. */
  restore(): void;
}
