/**
 * Two installed copies of @aio/task in one program (two versions in node_modules, or a bundled
 * one): what each copy tracks is reported as a single copy's is.
 */
import { newEventLoop, runtimeHooks } from "@aio/loop";
import { describe, expect, it, vi } from "vitest";
import { coroutine } from "../src/index.js";

describe("a second installed copy of @aio/task", () => {
  it("reports its never-awaited coroutine() objects when their loop closes, as the first copy does", async () => {
    vi.resetModules();
    const second = (await import("../src/index.js")) as typeof import("../src/index.js");
    expect(second.coroutine).not.toBe(coroutine);
    const first = coroutine(function* firstCopy() {});
    const other = second.coroutine(function* secondCopy() {});
    const warnings: string[] = [];
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
    try {
      const loop = newEventLoop();
      loop.callSoon(() => {
        first();
        other();
      });
      await loop.runUntilIdle();
      loop.close();
      expect(warnings.sort()).toEqual([
        "RuntimeWarning: coroutine 'firstCopy' was never awaited",
        "RuntimeWarning: coroutine 'secondCopy' was never awaited",
      ]);
    } finally {
      hooks.warn = saved;
    }
  });
});
