/**
 * The smaller public names of @aio/debug, each shown to do what its doc comment says.
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeHooks } from "@aio/loop";
import { coroutine, run, sleep } from "@aio/task";
import { afterEach, describe, expect, it } from "vitest";
import {
  install,
  logging,
  printCallGraph,
  StringStream,
  snapshot,
  sys,
  uninstall,
  warnings,
} from "../src/index.js";

afterEach(() => {
  logging.resetLogging();
  warnings.resetWarningsState();
  logging.options.raiseExceptions = true;
  logging.options.logCallers = true;
});

describe("install / uninstall", () => {
  it("uninstall leaves hooks someone else installed; install leaves the entry aio-debug ps reaches", async () => {
    const hooks = runtimeHooks();
    const log = () => {};
    const warn = () => {};
    hooks.log = log;
    hooks.warn = warn;
    try {
      uninstall();
      expect(hooks.log).toBe(log);
      expect(hooks.warn).toBe(warn);
    } finally {
      install();
    }
    const entry = (globalThis as Record<symbol, unknown>)[Symbol.for("aio.debug")] as {
      version: number;
      snapshot: typeof snapshot;
      closeInspector: unknown;
    };
    expect(entry.version).toBe(1);
    expect(typeof entry.closeInspector).toBe("function");
    expect(entry.snapshot().tasks).toEqual([]);
    await run(
      coroutine(function* main() {
        const s = entry.snapshot();
        expect(s.pid).toBe(process.pid);
        expect(s.tasks.map((t) => t.name)).toEqual([expect.stringMatching(/^Task-\d+$/)]);
      })(),
      { clock: "virtual" },
    );
  });

  it("uninstall gives the runtime's hooks back; install plugs them in again", () => {
    uninstall();
    try {
      expect(runtimeHooks().log).toBeUndefined();
      expect(runtimeHooks().warn).toBeUndefined();
      expect((globalThis as Record<symbol, unknown>)[Symbol.for("aio.debug")]).toBeUndefined();
    } finally {
      install();
    }
    expect(typeof runtimeHooks().log).toBe("function");
    expect(runtimeHooks().warnSites).toBe(true);
  });
});

describe("logging's smaller parts", () => {
  it("StringStream keeps what is written until cleared", () => {
    const s = new StringStream();
    s.write("a");
    s.write("b\n");
    expect(s.getValue()).toBe("ab\n");
    s.clear();
    expect(s.getValue()).toBe("");
  });

  it("lastResort writes a record nobody handles to sys.stderr; setLastResort(null) drops it", () => {
    const err = new StringStream();
    const saved = sys.stderr;
    sys.stderr = err;
    try {
      logging.getLogger("nobody").warning("to the last resort");
      expect(err.getValue()).toBe("to the last resort\n");
      logging.setLastResort(null);
      logging.getLogger("nobody").error("dropped");
      expect(err.getValue()).toBe('to the last resort\nNo handlers could be found for logger "nobody"\n');
    } finally {
      sys.stderr = saved;
    }
  });

  it("setLoggerClass makes getLogger's loggers of that class", () => {
    class Tagged extends logging.Logger {}
    logging.setLoggerClass(Tagged);
    expect(logging.getLoggerClass()).toBe(Tagged);
    expect(logging.getLogger("tagged")).toBeInstanceOf(Tagged);
    expect(() => logging.setLoggerClass(Object as never)).toThrow(
      "logger not derived from logging.Logger: Object",
    );
  });

  it("getLevelNamesMapping lists the names; checkLevel turns a name into its number", () => {
    expect(logging.getLevelNamesMapping()).toMatchObject({
      DEBUG: 10,
      INFO: 20,
      WARN: 30,
      WARNING: 30,
      CRITICAL: 50,
      FATAL: 50,
    });
    expect(logging.checkLevel("ERROR")).toBe(40);
  });

  it("shutdown flushes and closes the file handlers", () => {
    const dir = mkdtempSync(join(tmpdir(), "aio-shutdown-"));
    try {
      const file = join(dir, "x.log");
      const h = new logging.FileHandler(file);
      // This process's descriptors open on `file` (Linux's /proc).
      const real = realpathSync(file);
      const opened = () =>
        readdirSync("/proc/self/fd").filter((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`) === real;
          } catch {
            return false; // the descriptor readdir used, closed since
          }
        }).length;
      const log = logging.getLogger("shut");
      log.addHandler(h);
      log.error("written when logged");
      expect(readFileSync(file, "utf8")).toBe("written when logged\n");
      expect(opened()).toBe(1);
      logging.shutdown();
      expect(opened()).toBe(0);
      expect(readFileSync(file, "utf8")).toBe("written when logged\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shutdown closes a handler whose flush fails (a full disk)", () => {
    const closed: string[] = [];
    class Stubborn extends logging.Handler {
      override emit(): void {}
      override flush(): void {
        throw new Error("ENOSPC: no space left on device, write");
      }
      override close(): void {
        closed.push("closed");
        super.close();
      }
    }
    new Stubborn();
    logging.shutdown();
    expect(closed).toEqual(["closed"]);
  });

  it("options: raiseExceptions off silences handler errors; logCallers off stops finding the caller", () => {
    const err = new StringStream();
    const saved = sys.stderr;
    sys.stderr = err;
    try {
      const log = logging.getLogger("opts");
      const out = new StringStream();
      const h = new logging.StreamHandler(out);
      h.setFormatter(new logging.Formatter("%(funcName)s %(message)s"));
      log.addHandler(h);
      logging.options.raiseExceptions = false;
      log.error("%d", "not a number");
      expect(err.getValue()).toBe("");
      logging.options.logCallers = false;
      log.error("no caller");
      expect(out.getValue()).toBe("(unknown function) no caller\n");
    } finally {
      sys.stderr = saved;
    }
  });

  it("strftime writes Python's directives", () => {
    const d = new Date(2026, 11, 1, 9, 5, 7);
    expect(logging.strftime("%Y-%m-%d %H:%M:%S %y %b %B %a %A %I %p %j %%", d)).toBe(
      "2026-12-01 09:05:07 26 Dec December Tue Tuesday 09 AM 335 %",
    );
  });
});

describe("warnings' smaller parts", () => {
  it("warnExplicit names the place given; setShowwarning replaces how warnings are shown", () => {
    const shown: string[] = [];
    const saved = warnings.showwarning;
    warnings.setShowwarning((message, category, filename, lineno) =>
      shown.push(`${filename}:${lineno}: ${category.prototype.name}: ${message}`),
    );
    try {
      warnings.warnExplicit("explicit", warnings.UserWarning, "app.py", 3);
      expect(shown).toEqual(["app.py:3: UserWarning: explicit"]);
    } finally {
      warnings.setShowwarning(saved);
    }
  });

  it("resetwarnings removes every filter: a DeprecationWarning from a library is shown then", () => {
    using caught = warnings.catchWarnings({ record: true });
    warnings.warn("hidden by default", warnings.DeprecationWarning);
    expect(caught.log).toEqual([]);
    warnings.resetwarnings();
    warnings.warn("shown after reset", warnings.DeprecationWarning);
    expect(caught.log.map((w) => w.message.message)).toEqual(["shown after reset"]);
  });

  it("categoryNamed gives a category class by name, the same one each time", () => {
    expect(warnings.categoryNamed("RuntimeWarning")).toBe(warnings.RuntimeWarning);
    const c = warnings.categoryNamed("ResourceLeakWarning");
    expect(warnings.categoryNamed("ResourceLeakWarning")).toBe(c);
    expect(c.prototype).toBeInstanceOf(warnings.Warning);
    expect(c.prototype.name).toBe("ResourceLeakWarning");
  });
});

describe("introspection's smaller parts", () => {
  it("printCallGraph writes the graph and a newline; snapshot is empty outside a loop", async () => {
    const written: string[] = [];
    const main = coroutine(function* main() {
      yield* sleep(0);
      printCallGraph(null, { write: (t) => written.push(t) });
    });
    await run(main(), { clock: "virtual" });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\* Task\(name='Task-\d+', id=0x[0-9a-f]+\)\n/);
    expect(written[0]?.endsWith("\n")).toBe(true);
    expect(snapshot()).toEqual({ pid: process.pid, time: null, tasks: [] });
  });
});
