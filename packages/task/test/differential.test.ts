/**
 * The differential suite: each program is written twice, in Python asyncio and against these
 * packages, and the printed traces must be identical. The TypeScript side runs on the virtual
 * clock; its output is compared with the recorded CPython 3.12 output (`cases/*.out`), and, when a
 * CPython is on the machine, the recording itself is checked against a fresh Python run.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { _runtimeState } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { collector } from "./differential/harness.js";
import { CHANGED_IN_312, findPython } from "./differential/python.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "differential", "cases");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".py"))
  .map((f) => f.slice(0, -3))
  .sort();

describe("differential: TypeScript traces equal CPython 3.12's", () => {
  it("has at least 40 pairs, each with a TypeScript program and a recording", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const files = new Set(readdirSync(dir));
    for (const c of cases) {
      expect(files.has(`${c}.ts`), `${c}.ts`).toBe(true);
      expect(files.has(`${c}.out`), `${c}.out`).toBe(true);
    }
  });

  for (const name of cases) {
    it(name, async () => {
      const mod = (await import(`./differential/cases/${name}.ts`)) as {
        default: (print: unknown) => Promise<void>;
      };
      // Each Python program runs in a fresh process, where task names start again at Task-1.
      _runtimeState.taskCounter = 0;
      const { print, lines } = collector();
      await mod.default(print);
      const expected = readFileSync(join(dir, `${name}.out`), "utf8");
      expect(lines.map((l) => `${l}\n`).join("")).toBe(expected);
    });
  }
});

const python = findPython();
describe.runIf(python !== null)(
  `differential: recordings equal a fresh CPython run (${python?.path ?? "no CPython found"})`,
  () => {
    const run = promisify(execFile);
    const is312 = python !== null && python.version[1] >= 12;
    it("every recording is what CPython prints today", { timeout: 120_000 }, async () => {
      const mismatches: string[] = [];
      const queue = cases.filter((c) => is312 || !(c in CHANGED_IN_312));
      const worker = async (): Promise<void> => {
        for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
          const { stdout } = await run((python as { path: string }).path, [join(dir, `${c}.py`)], {
            cwd: dir,
          });
          if (stdout !== readFileSync(join(dir, `${c}.out`), "utf8")) mismatches.push(c);
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      expect(mismatches).toEqual([]);
    });
  },
);

if (python === null) {
  describe("differential: CPython", () => {
    it("is not on this machine: TypeScript traces were compared with the recorded outputs only", () => {
      expect(python).toBeNull();
    });
  });
}
