/**
 * The differential suite: each program is written twice, in Python asyncio and against aio, and
 * the printed traces must be identical. The TypeScript side runs on the virtual clock and is
 * compared with the output recorded from CPython 3.12 (`<case>.out`); when a CPython is on the
 * machine, each recording is also checked against a fresh Python run. Under CI (`CI` set) that
 * CPython must be 3.12: without it the suite fails rather than pass on the recordings alone.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

import { resetRuntimeState } from "@aio/loop/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collector, type Print } from "./harness.js";
import {
  type Fixture,
  findPython,
  findPythonWith,
  type Python,
  pythonNeeds,
  startFixture,
} from "./python.js";

/** Options for {@link differentialSuite}. */
export interface SuiteOptions {
  /** At least this many pairs must exist. */
  minimum: number;
  /** Loads a case's TypeScript program (a dynamic import relative to the caller). */
  load: (name: string) => Promise<{ default: (print: Print) => Promise<void> }>;
  /** Cases whose CPython 3.11 output differs from 3.12's, with the reason (skipped on 3.11). */
  changedIn312?: Record<string, string>;
}

/** The case names in `dir`: every `*.py` file. */
export function caseNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Registers the vitest tests of a differential suite whose cases live in `dir`. */
export function differentialSuite(dir: string, options: SuiteOptions): void {
  const cases = caseNames(dir);
  const needs = pythonNeeds(dir);
  if (needs?.fixture !== undefined) {
    // Both sides of every case talk to one local server (its URL in AIO_FIXTURE_URL).
    let fixture: Fixture | null = null;
    beforeAll(async () => {
      fixture = await startFixture(dir, needs);
    });
    afterAll(async () => {
      await fixture?.close();
    });
  }
  const reference =
    needs === null ? "CPython 3.12's" : `the Python program's (with ${needs.modules.join(", ")})`;
  describe(`differential: TypeScript traces equal ${reference}`, () => {
    it(`has at least ${options.minimum} pairs, each with a TypeScript program and a recording`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(options.minimum);
      const files = new Set(readdirSync(dir));
      for (const c of cases) {
        expect(files.has(`${c}.ts`), `${c}.ts`).toBe(true);
        expect(files.has(`${c}.out`), `${c}.out`).toBe(true);
      }
    });

    for (const name of cases) {
      it(name, async () => {
        // Each Python program runs in a fresh process: task names start again at Task-1.
        resetRuntimeState();
        const mod = await options.load(name);
        const { print, lines } = collector();
        await mod.default(print);
        expect(lines.map((l) => `${l}\n`).join("")).toBe(readFileSync(join(dir, `${name}.out`), "utf8"));
      });
    }
  });

  if (needs !== null) {
    modulesRecheck(dir, cases, needs.modules);
    return;
  }
  const python = findPython();
  const is312 = python !== null && python.version[0] === 3 && python.version[1] >= 12;
  if (!is312 && process.env.CI) {
    // CI must compare against the reference: a run without it would be a silent green.
    describe("differential: CPython 3.12", () => {
      it("is on the machine (CI needs it to re-check the recordings)", () => {
        expect.fail(
          `no CPython 3.12 found (${python ? `only ${python.path}, ${python.version.join(".")}` : "no python3 at all"}): ` +
            "install it (pyenv install 3.12) or point AIO_PYTHON at one",
        );
      });
    });
    return;
  }
  if (python === null) {
    describe("differential: CPython", () => {
      it.skip("is not on this machine: the recordings were not re-checked against a fresh CPython run", () => {});
    });
    return;
  }
  const changed = options.changedIn312 ?? {};
  const recheck = cases.filter((c) => is312 || !(c in changed));
  describe(`differential: recordings equal a fresh CPython run (${python.path})`, () => {
    recheckRecordings(dir, python, recheck);
    // On 3.11 the cases whose behaviour changed in 3.12 cannot be re-checked: say so, one by one.
    for (const c of cases.filter((c) => !recheck.includes(c))) {
      it.skip(`${c} (${changed[c]}) needs CPython 3.12`, () => {});
    }
  });
}

/**
 * The re-check of cases whose Python programs need modules (aiofiles, aiohttp): run by a CPython
 * that has them. Under CI that interpreter must exist (scripts/system-deps.mjs installs Debian's).
 */
function modulesRecheck(dir: string, cases: string[], modules: string[]): void {
  const python = findPythonWith(modules);
  const what = modules.join(", ");
  if (python === null) {
    // Not a skip: the project's own setup installs it (bootstrap runs scripts/system-deps.mjs),
    // so a machine without it has a missing test, and says so.
    describe(`differential: a CPython with ${what}`, () => {
      it("is on the machine (the recordings are re-checked against it)", () => {
        expect.fail(
          `no CPython with ${what}: run node scripts/system-deps.mjs (as root), or point AIO_PYTHON at one`,
        );
      });
    });
    return;
  }
  describe(`differential: recordings equal a fresh run of ${python.path} (with ${what})`, () => {
    recheckRecordings(dir, python, cases);
  });
}

/** One test: each case's Python program, run now by `python`, prints its recording (three at a time). */
function recheckRecordings(dir: string, python: Python, cases: string[]): void {
  const run = promisify(execFile);
  it(`every recording is what CPython ${python.version.join(".")} prints today`, {
    timeout: 120_000,
  }, async () => {
    const mismatches: string[] = [];
    const queue = [...cases];
    const worker = async (): Promise<void> => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const recorded = readFileSync(join(dir, `${c}.out`), "utf8");
        const { stdout } = await run(python.path, [join(dir, `${c}.py`)], { cwd: dir });
        if (stdout !== recorded) again.push([c, recorded, stdout]);
      }
    };
    // A program whose output differs is run again alone, up to twice: the timing cases print
    // rounded clock readings, which CPython itself misses on a loaded machine (seen: a 0.1 s sleep
    // read 0.3 while other suites ran). A real change in CPython's behaviour differs every time.
    const again: [string, string, string][] = [];
    await Promise.all([worker(), worker(), worker()]);
    for (const [c, recorded, first] of again) {
      let stdout = first;
      for (let i = 0; i < 2 && stdout !== recorded; i++)
        stdout = (await run(python.path, [join(dir, `${c}.py`)], { cwd: dir })).stdout;
      if (stdout !== recorded) mismatches.push(`${c}: ${firstDifference(recorded, first)}`);
    }
    expect(mismatches).toEqual([]);
  });
}

/** Where two outputs part: the first line that differs, as recorded and as printed now. */
function firstDifference(recorded: string, now: string): string {
  const a = recorded.split("\n");
  const b = now.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: recorded ${JSON.stringify(a[i])}, now ${JSON.stringify(b[i])}`;
  }
  return "same lines";
}
