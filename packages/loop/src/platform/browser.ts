/**
 * What the core asks of its host, in a browser (a page or a worker): the `#platform` import of
 * `@aio/loop` resolves here under the `browser` condition (Vite, esbuild's `platform: "browser"`,
 * webpack, Rollup's node-resolve with `browser: true`). No process, no signals, no environment;
 * Node's functions are replaced by what the web platform has.
 */

/** No environment variables in a browser. */
export function env(_name: string): string | undefined {
  return undefined;
}

/** No Node flags in a browser. */
export function nodeFlags(): string {
  return "";
}

/** No async context to carry across turns in a browser: `fn` itself. */
export function bindAsyncContext(fn: () => void): () => void {
  return fn;
}

/**
 * Node's `AsyncLocalStorage` for the core's one use (ensureFuture's factories): the store is the
 * one of the innermost `run()` while it runs synchronously. A browser has no `unhandledRejection`
 * event for it to serve across turns.
 */
export class AsyncLocalStorage<T> {
  private store: T | undefined;
  run<R>(store: T, fn: () => R): R {
    const saved = this.store;
    this.store = store;
    try {
      return fn();
    } finally {
      this.store = saved;
    }
  }
  getStore(): T | undefined {
    return this.store;
  }
  disable(): void {
    this.store = undefined;
  }
}

// A macrotask that, unlike setTimeout(0), is not clamped to 4 ms after a few nestings: a message
// to ourselves, as setImmediate polyfills do. FIFO, as Node's immediates.
const immediates: (() => void)[] = [];
let channel: InstanceType<typeof MessageChannel> | null = null;

function runImmediate(): void {
  const fn = immediates.shift();
  fn?.();
}

/** A macrotask (Node's `setImmediate`): a message through a MessageChannel, else setTimeout(0). */
export function setImmediate(fn: () => void): void {
  if (typeof MessageChannel !== "function") {
    setTimeout(fn, 0);
    return;
  }
  if (channel === null) {
    channel = new MessageChannel();
    // The web's MessagePort (this package is typed against Node's, which has no onmessage).
    (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = runImmediate;
  }
  immediates.push(fn);
  channel.port2.postMessage(null);
}

/** A callback before the next Promise job, as near as a browser has (a microtask). */
export function nextTick(fn: () => void): void {
  queueMicrotask(fn);
}

/** No process signals in a browser. */
export function isSignalName(_name: string): boolean {
  return false;
}

/** A page's thread receives no process signals: as a Node worker, never the main thread. */
export const isMainThread = false;

type Listener = (...args: never[]) => void;

/** No process events in a browser. */
export function onProcess(_event: string, _listener: Listener): void {}

/** No process events in a browser. */
export function offProcess(_event: string, _listener: Listener): void {}

/** No process events in a browser. */
export function processListenerCount(_event: string): number {
  return 0;
}

/** The standard error stream of a browser: the console's errors (one call per write). */
export function writeStderr(text: string): void {
  console.error(text.endsWith("\n") ? text.slice(0, -1) : text);
}

/** A warning, on the console (Node prints `(node:PID) Category: message`). */
export function emitWarning(message: string, category: string): void {
  console.warn(`${category}: ${message}`);
}

/** No inspector in a browser. */
export function loadInspector(): typeof import("node:inspector") | null {
  return null;
}

/** No loaded-script positions in a browser (no inspector to ask). */
export function sourcePosition(
  _url: string,
  _line: number,
  _column: number,
  _sourceMapURL = "",
): string | null {
  return null;
}
