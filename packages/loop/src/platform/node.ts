/**
 * What the core asks of its host, on Node (and on Bun and Deno, which provide Node's modules): the
 * `#platform` import of `@aio/loop` (package.json `imports`) resolves here unless the bundler asks
 * for the `browser` condition (./browser.ts).
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { createRequire } from "node:module";
import { constants } from "node:os";
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

/** `fn` bound to the async context it is made in (Node's `AsyncResource.bind`). */
export function bindAsyncContext(fn: () => void): () => void {
  return AsyncResource.bind(fn);
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
