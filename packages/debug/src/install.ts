/**
 * Plugs `@aio/debug` into the runtime's hooks (the loop defines them, debug fills
 * them): the loop's diagnostics become records of the `asyncio` logger, its warnings go through
 * `warnings` (Python's format, filters), and another process can list this one's tasks
 * (`aio-debug ps PID`). Done once when the package is loaded.
 */
import { createRequire } from "node:module";
import { type LogLevel, runtimeHooks } from "@aio/loop";
import { pythonStacks } from "./frames.js";
import { DEBUG, ERROR, getLogger, INFO, kw, WARNING } from "./logging.js";
import { snapshot } from "./remote.js";
import { runtimeWarning } from "./warnings.js";

const LEVELS: Record<LogLevel, number> = { DEBUG, INFO, WARNING, ERROR };

function asyncioLog(level: LogLevel, message: string, error?: unknown): void {
  const logger = getLogger("asyncio");
  const n = LEVELS[level] ?? WARNING;
  if (!logger.isEnabledFor(n)) return;
  // Creation stacks in the message (debug mode) in Python's layout, as the traceback after it.
  const text = pythonStacks(message);
  if (error === undefined) logger.log(n, text);
  else logger.log(n, text, kw({ excInfo: error }));
}

const REMOTE = Symbol.for("aio.debug");

/** `aio-debug ps` opened this process's inspector (SIGUSR1): it closes it again when done. */
function closeInspector(): void {
  setTimeout(() => {
    try {
      (createRequire(import.meta.url)("node:inspector") as typeof import("node:inspector")).close();
    } catch {
      // no inspector
    }
  }, 0);
}

/**
 * Installs the hooks (again, if something replaced them): the `asyncio` logger, warnings, and
 * the entry `aio-debug ps` reaches through the inspector.
 */
export function install(): void {
  const hooks = runtimeHooks();
  hooks.log = asyncioLog;
  hooks.warn = runtimeWarning;
  hooks.warnSites = true;
  (globalThis as Record<symbol, unknown>)[REMOTE] = { snapshot, closeInspector, version: 1 };
}

/** Removes the hooks: the loop's diagnostics go back to plain stderr. */
export function uninstall(): void {
  const hooks = runtimeHooks();
  if (hooks.log === asyncioLog) delete hooks.log;
  if (hooks.warn === runtimeWarning) delete hooks.warn;
  delete hooks.warnSites;
  delete (globalThis as Record<symbol, unknown>)[REMOTE];
}
