/**
 * coroutine(): where the "never awaited" warning points. Found by Stryker, see MUTATION.md.
 */
import { runtimeHooks } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { coroutine, reportNeverAwaited } from "../src/index.js";

describe("the never-awaited warning's location", () => {
  it("names the line of the program that created the coroutine (with @aio/debug's warning sites on)", () => {
    const forgotten = coroutine(function* forgotten_here() {});
    const seen: [string, string, string | null | undefined][] = [];
    const hooks = runtimeHooks();
    const saved = { warn: hooks.warn, warnSites: hooks.warnSites };
    hooks.warn = (category, message, where) => seen.push([category, message, where]);
    hooks.warnSites = true;
    try {
      reportNeverAwaited(); // what other test files left behind
      seen.length = 0;
      function makeOne(): void {
        forgotten();
      }
      makeOne();
      reportNeverAwaited();
    } finally {
      hooks.warn = saved.warn;
      if (saved.warnSites === undefined) delete hooks.warnSites;
      else hooks.warnSites = saved.warnSites;
    }
    expect(seen).toHaveLength(1);
    const [category, message, where] = seen[0] ?? [];
    expect(category).toBe("RuntimeWarning");
    expect(message).toBe("coroutine 'forgotten_here' was never awaited");
    // The frame of makeOne in this file, not the "Error" line a captured stack starts with.
    expect(where).toMatch(/^makeOne \(.*mutation-coroutine\.test\.ts:\d+:\d+\)$/);
  });

  it("names no location when warning sites are off and debug mode is off", () => {
    const forgotten = coroutine(function* quiet_one() {});
    const seen: (string | null | undefined)[] = [];
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    hooks.warn = (_c, _m, where) => seen.push(where);
    try {
      reportNeverAwaited(); // what other test files left behind
      seen.length = 0;
      forgotten();
      reportNeverAwaited();
    } finally {
      hooks.warn = saved;
    }
    expect(seen).toEqual([null]);
  });
});
