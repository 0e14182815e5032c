/**
 * @aio/task and @aio/sync in a browser as a bundler makes them: a small program on both
 * (test/fixtures/browser-app) bundled by Vite (a library build) and by esbuild (platform browser),
 * with nothing of Node aliased or injected, the packages' own `browser` condition choosing their
 * host module (@aio/loop's #platform), then run in Debian's chromium (headless, through
 * playwright-core; installed by scripts/system-deps.mjs) on the real clock.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build as esbuild } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { defaultClientConditions, build as viteBuild } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const app = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "browser-app");
const entry = join(app, "main.ts");
const CHROMIUM = process.env.AIO_CHROMIUM ?? "/usr/bin/chromium";
// The workspace's packages are read from their sources (as every suite here): the same
// package.json conditions choose the browser's host module as in the built packages.
const SOURCE = "aio-source";

const EXPECTED = [
  "w1 did a",
  "w2 did b",
  "w1 did c",
  "workers: CancelledError, CancelledError; counter 3",
  "event set: false",
  "event seen",
  "waiter: woken",
  "gather: 1 4 9",
  "waitFor: TimeoutError",
  "timeout: TimeoutError",
  "done",
];

async function bundleWithVite(): Promise<string> {
  const out = await viteBuild({
    configFile: false,
    root: app,
    logLevel: "silent",
    resolve: { conditions: [SOURCE, ...defaultClientConditions] },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ["es"], fileName: "app" },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
  const chunks = outputs.flatMap((o) => o.output).filter((c) => c.type === "chunk");
  expect(chunks).toHaveLength(1);
  return chunks[0]?.code ?? "";
}

async function bundleWithEsbuild(): Promise<string> {
  const r = await esbuild({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: [SOURCE],
    logLevel: "silent",
  });
  return r.outputFiles[0]?.text ?? "";
}

describe("the core bundled for a browser", () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM}: scripts/system-deps.mjs installs Debian's chromium`).toBe(
      true,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], timeout: 30_000 });
    dir = mkdtempSync(join(tmpdir(), "aio-bundle-"));
    writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><title>aio app</title>');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, bundle] of [
    ["Vite", bundleWithVite],
    ["esbuild", bundleWithEsbuild],
  ] as const) {
    it(`${name}'s bundle runs the program in chromium`, { timeout: 120_000 }, async () => {
      const script = await bundle();
      // Nothing of Node left for the page to fail on.
      expect(script).not.toMatch(/["']node:|\bprocess\.(on|env|stderr|execArgv)\b/);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(join(dir, "index.html")).href);
      await page.addScriptTag({ content: script, type: "module" });
      await page.waitForFunction(() => (globalThis as { __aioApp?: unknown }).__aioApp !== undefined, null, {
        timeout: 60_000,
      });
      const result = (await page.evaluate(() => (globalThis as { __aioApp?: unknown }).__aioApp)) as {
        ok: boolean;
        lines: string[];
        error?: string;
      };
      await page.close();
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.lines).toEqual(EXPECTED);
      expect(result.ok).toBe(true);
      console.log(`${name}: ${script.length} bytes`);
    });
  }
});
