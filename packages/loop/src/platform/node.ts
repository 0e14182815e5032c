/**
 * What the core asks of its host, on Node (and on Bun and Deno, which provide Node's modules): the
 * `#platform` import of `@aio/loop` (package.json `imports`) resolves here unless the bundler asks
 * for the `browser` condition (./browser.ts).
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { createRequire, findSourceMap, SourceMap } from "node:module";
import { constants } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread as mainThread } from "node:worker_threads";

export { AsyncLocalStorage };

/** An environment variable (`process.env`). */
export function env(name: string): string | undefined {
  return process.env[name];
}

/** Node's command-line flags and `NODE_OPTIONS`, as one string. */
export function nodeFlags(): string {
  return `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
}

/**
 * `fn` bound to the async context it is made in (what Node's `AsyncResource.bind` does, without
 * the argument arrays its bound function allocates on every call: the loop enters it per wake-up).
 */
export function bindAsyncContext(fn: () => void): () => void {
  const resource = new AsyncResource("aio.loop");
  return () => resource.runInAsyncScope(fn);
}

/** A macrotask after pending I/O (Node's `setImmediate`). */
export function setImmediate(fn: () => void): void {
  globalThis.setImmediate(fn);
}

/** A callback before the next Promise job (Node's `process.nextTick`). */
export function nextTick(fn: () => void): void {
  process.nextTick(fn);
}

/** Whether `name` is a signal the host knows (`SIGINT`, …). */
export function isSignalName(name: string): boolean {
  return name in constants.signals;
}

/** Whether this is the main thread (the one that receives process signals). */
export const isMainThread: boolean = mainThread;

type Listener = (...args: never[]) => void;

/** Listens to a process event (`beforeExit`, `unhandledRejection`, a signal). */
export function onProcess(event: string, listener: Listener): void {
  process.on(event, listener as (...args: unknown[]) => void);
}

/** Stops listening to a process event. */
export function offProcess(event: string, listener: Listener): void {
  process.removeListener(event, listener as (...args: unknown[]) => void);
}

/** How many listeners a process event has. */
export function processListenerCount(event: string): number {
  return process.listenerCount(event);
}

/** Writes to the standard error stream. */
export function writeStderr(text: string): void {
  process.stderr.write(text);
}

/** Issues a Node warning (`process.emitWarning`). */
export function emitWarning(message: string, category: string): void {
  process.emitWarning(message, category);
}

/** Node's inspector module (`node:inspector`), loaded on demand; null where there is none. */
export function loadInspector(): typeof import("node:inspector") | null {
  try {
    return createRequire(import.meta.url)("node:inspector") as typeof import("node:inspector");
  } catch {
    return null;
  }
}

const sourceMaps = new Map<string, SourceMap | null>();

/** A script's source map: Node's own (tsx, `--enable-source-maps`), else the one the script names. */
function scriptSourceMap(url: string, path: string, sourceMapURL: string): SourceMap | null {
  const known = sourceMaps.get(url);
  if (known !== undefined) return known;
  let map: SourceMap | null = findSourceMap(path) ?? findSourceMap(url) ?? null;
  if (map === null && sourceMapURL !== "") {
    try {
      const inline = /^data:application\/json(?:;charset=[\w-]+)?;base64,(.*)$/.exec(sourceMapURL);
      const text = inline
        ? Buffer.from(inline[1] as string, "base64").toString("utf8")
        : readFileSync(
            fileURLToPath(new URL(sourceMapURL, url.includes("://") ? url : pathToFileURL(path))),
            "utf8",
          );
      map = new SourceMap(JSON.parse(text));
    } catch {
      map = null;
    }
  }
  sourceMaps.set(url, map);
  return map;
}

/**
 * The original `file:line` (1-based) of a 0-based position in a loaded script, through its source
 * map when there is one (Node's, or the one the script names: inline as vite and tsx write them, or
 * a file beside it), else the script's own; null without a path.
 */
export function sourcePosition(url: string, line: number, column: number, sourceMapURL = ""): string | null {
  if (url === "") return null;
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  try {
    const entry = scriptSourceMap(url, path, sourceMapURL)?.findEntry(line, column) as
      | { originalSource?: string; originalLine?: number }
      | undefined;
    if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
      // A source named relative to the script (as vite writes them) is resolved against it.
      const resolved = /^[a-z][\w+.-]*:/i.test(entry.originalSource)
        ? entry.originalSource
        : new URL(entry.originalSource, pathToFileURL(path)).href;
      const source = resolved.startsWith("file://") ? fileURLToPath(resolved) : resolved;
      return `${source}:${entry.originalLine + 1}`;
    }
  } catch {
    // no usable source map: the script's own position
  }
  return `${path}:${line + 1}`;
}
