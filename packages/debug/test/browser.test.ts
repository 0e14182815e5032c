/**
 * The HTML timeline in a real browser: Debian's chromium (installed by scripts/system-deps.mjs),
 * headless, driven by playwright-core. Each task's track must be drawn with its name and its steps,
 * zooming must change the range shown; a screenshot is saved for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resetRuntimeState } from "@aio/loop/testing";
import { run } from "@aio/task";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tracing } from "../src/index.js";
import { traceMain } from "./trace-program.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.AIO_CHROMIUM ?? "/usr/bin/chromium";

describe("the HTML timeline in headless chromium", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: scripts/system-deps.mjs installs Debian's chromium (npm run bootstrap)`,
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], timeout: 30000 });
    dir = mkdtempSync(join(tmpdir(), "aio-html-"));
  }, 40000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("draws a named track per task with its steps, and zooms", async () => {
    resetRuntimeState();
    const rec = tracing.start();
    await run(traceMain(), { clock: "virtual" });
    const trace = rec.stop();
    const file = join(dir, "trace.html");
    writeFileSync(file, trace.toHtml({ title: "trace of the test program" }));

    const page = await browser.newPage({ viewport: { width: 1100, height: 400 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(await page.title()).toBe("trace of the test program");

    const names = await page.$$eval("svg text.track-name", (els) => els.map((e) => e.textContent));
    expect(names).toEqual(trace.tasks.map((t) => t.name));
    for (const task of trace.tasks) {
      const steps = await page.$$eval(`rect.step[data-task="${task.name}"]`, (els) =>
        els.map((e) => Number(e.getAttribute("width"))),
      );
      expect(steps.length, task.name).toBeGreaterThan(0);
      for (const w of steps) expect(w, task.name).toBeGreaterThanOrEqual(2);
      // The name is where people can read it: inside the picture, at the left.
      const box = await page.locator(`g.track[data-task="${task.name}"] text`).boundingBox();
      expect(box !== null && box.width > 0 && box.x >= 0).toBe(true);
    }
    const waits = await page.$$eval("rect.wait", (els) => els.length);
    expect(waits).toBeGreaterThan(0);

    const before = await page.textContent("#range");
    expect(before).toBe(`0.000s – ${(trace.end - trace.origin).toFixed(3)}s`);
    await page.click("#zoom-in");
    const after = await page.textContent("#range");
    expect(after).not.toBe(before);
    await page.click("#reset");
    expect(await page.textContent("#range")).toBe(before);

    const shots = join(here, "..", ".artifacts");
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "timeline.png"), fullPage: true });
    expect(errors).toEqual([]);
    // Self-contained: the page asked for nothing but itself.
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  }, 60000);
});
