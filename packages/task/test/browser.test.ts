/**
 * The core in a real browser: the differential programs of @aio/task and @aio/sync, bundled with
 * small browser versions of what the core reads of Node (tools/differential/src/browser), run in
 * Debian's chromium (headless, through playwright-core; installed by scripts/system-deps.mjs) and
 * must print CPython's recordings, as on Node, Bun and Deno.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BrowserResult, browserBundle } from "@aio/differential";
import { chromium } from "playwright-core";
import { expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CHROMIUM = process.env.AIO_CHROMIUM ?? "/usr/bin/chromium";

it("runs the differential programs in headless chromium, printing every recording", {
  timeout: 120_000,
}, async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM}: scripts/system-deps.mjs installs Debian's chromium`).toBe(true);
  const script = await browserBundle([
    join(root, "packages", "task", "test", "differential", "cases"),
    join(root, "packages", "sync", "test", "differential", "cases"),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "aio-browser-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
    timeout: 30_000,
  });
  try {
    // An inline module: a page from file:// may not load module scripts from files.
    writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><title>aio core</title>');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(join(dir, "index.html")).href);
    await page.addScriptTag({ content: script, type: "module" });
    await page.waitForFunction(
      () => (globalThis as { __aioResults?: unknown }).__aioResults !== undefined,
      null,
      {
        timeout: 90_000,
      },
    );
    const results = (await page.evaluate(
      () => (globalThis as { __aioResults?: unknown }).__aioResults,
    )) as BrowserResult[];
    expect(errors).toEqual([]);
    expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(62);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
