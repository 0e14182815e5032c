/**
 * How callbacks are named in asyncio's messages and reprs (Python's `format_helpers`): `name(args)`,
 * a bound function (Python's `functools.partial`) as its target with the bound arguments first,
 * `at file:line` where the function is defined, and a stack frame's `file:line`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  formatCallback,
  formatCallbackSource,
  frameFileLine,
  functionSource,
  generatorInfo,
} from "../src/internal.js";
import { loopFor } from "./helpers.js";

function noop(..._args: unknown[]): void {}

describe("formatCallback (format_helpers._format_callback)", () => {
  it("name(args), the arguments as repr() shows them", () => {
    expect(formatCallback(noop, [])).toBe("noop()");
    expect(formatCallback(noop, [1, "a", null, [true]])).toBe("noop(1, 'a', None, [True])");
    const anonymous = (() => () => {})();
    expect(formatCallback(anonymous, [2])).toBe("<anonymous>(2)");
    expect(formatCallback(42, [])).toBe("<anonymous>()");
    expect(formatCallback(null, [])).toBe("<anonymous>()");
    expect(formatCallback({ name: "notAFunction" }, [])).toBe("<anonymous>()");
  });

  it("a bound function shows its target, the bound arguments, then the call's (functools.partial)", () => {
    expect(formatCallback(noop.bind(null, 1, 2), [3])).toBe("noop(1, 2)(3)");
    expect(formatCallback(noop.bind(null), [])).toBe("noop()()");
    expect(formatCallback(noop.bind(null, "x").bind(null, "y"), ["z"])).toBe("noop('x')('y')('z')");
    // Sixteen bound layers are looked through, no more.
    let deep: (...a: unknown[]) => void = noop;
    for (let i = 0; i < 16; i++) deep = deep.bind(null, i);
    expect(formatCallback(deep, [])).toBe(
      `noop(0)${Array.from({ length: 15 }, (_, i) => `(${i + 1})`).join("")}()`,
    );
    const deeper = deep.bind(null, 16);
    // The seventeenth is shown as the function it is: `bound noop`, its argument 0 not shown.
    expect(formatCallback(deeper, [])).toBe(
      `bound noop${Array.from({ length: 16 }, (_, i) => `(${i + 1})`).join("")}()`,
    );
  });
});

describe("formatCallbackSource (format_helpers._format_callback_source)", () => {
  it("adds where the function (a bound function's target) is defined", () => {
    expect(formatCallbackSource(noop, [1])).toMatch(/^noop\(1\) at \S*format-callback\.test\.ts:20$/);
    expect(formatCallbackSource(noop.bind(null, 1), [])).toMatch(
      /^noop\(1\)\(\) at \S*format-callback\.test\.ts:20$/,
    );
    expect(formatCallbackSource(Math.max, [1])).toBe("max(1)");
    expect(formatCallbackSource("text", [])).toBe("<anonymous>()");
  });

  it("is what a handle's repr shows: `<Handle noop(1, 2)(3) at file:line>`", () => {
    const loop = loopFor();
    const h = loop.callSoon(noop.bind(null, 1, 2), 3);
    expect(String(h)).toMatch(/^<Handle noop\(1, 2\)\(3\) at \S*format-callback\.test\.ts:20>$/);
    h.cancel();
  });
});

describe("frameFileLine", () => {
  it("is file:line of a V8 frame, without file://; null for what is no frame", () => {
    expect(frameFileLine("    at fn (file:///app/a.ts:3:7)")).toBe("/app/a.ts:3");
    expect(frameFileLine("    at /app/b.js:10:2")).toBe("/app/b.js:10");
    expect(frameFileLine("    at async fn (node:internal/x:1:2)  ")).toBe("node:internal/x:1");
    expect(frameFileLine("    at fn (/app/c.ts:12:1)")).toBe("/app/c.ts:12");
    expect(frameFileLine("    at /app/file://odd.ts:4:1")).toBe("/app/file://odd.ts:4");
    expect(frameFileLine("Error: boom")).toBeNull();
    expect(frameFileLine("    at fn (/app/c.ts:12)")).toBeNull();
    expect(frameFileLine("    at /app/c.ts:12:1 trailing")).toBeNull();
  });
});

describe("generatorInfo (a coroutine's cr_code.co_name, its state and line)", () => {
  it("names a generator's function, tells its state, and where it is paused or defined", () => {
    function* worker(): Generator<number, void, unknown> {
      yield 1;
      yield 2;
    }
    const g = worker();
    const fresh = generatorInfo(g);
    expect(fresh?.name).toBe("worker");
    expect(fresh?.state).toBe("suspended");
    const defined = Number(/format-callback\.test\.ts:(\d+)$/.exec(fresh?.location ?? "")?.[1]);
    expect(defined).toBeGreaterThan(0);
    g.next();
    const paused = generatorInfo(g);
    expect(paused?.state).toBe("suspended");
    expect(paused?.location).toMatch(new RegExp(`format-callback\\.test\\.ts:${defined + 1}$`));
    g.return();
    expect(generatorInfo(g)?.state).toBe("closed");
    const anonymous = (function* () {})();
    expect(generatorInfo(anonymous)?.name).toBe("");
    // A generator function without an own name (deleted, or a getter) is named "".
    function* unnamed() {}
    Reflect.deleteProperty(unnamed, "name");
    expect(generatorInfo(unnamed())?.name).toBe("");
    function* accessor() {}
    Object.defineProperty(accessor, "name", { get: () => "computed" });
    expect(generatorInfo(accessor())?.name).toBe("");
    expect(generatorInfo({})).toBeNull();
    expect(generatorInfo(() => {})).toBeNull();
  });
});

describe("functionSource of a script loaded after the scripts were first listed", () => {
  it("finds the new script too (the inspector session lists it on the next lookup)", async () => {
    expect(functionSource(noop)).toMatch(/format-callback\.test\.ts:\d+$/);
    const dir = mkdtempSync(join(tmpdir(), "aio-source-"));
    const file = join(dir, "late.mjs");
    writeFileSync(file, "\n\nexport function late() {}\n");
    const { late } = (await import(pathToFileURL(file).href)) as { late: () => void };
    expect(functionSource(late)).toBe(`${file}:3`);
    expect(formatCallbackSource(late, [])).toBe(`late() at ${file}:3`);
  });
});
