/**
 * The recommended config on real code: every seeded mistake of `fixtures/mistakes.ts` is reported by
 * its rule and nothing else is (true positives), and the repository's own code — the apps, the
 * scenarios and every README example — draws no report at all (no false positives). Prints the
 * table of both per rule.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { examples } from "@aio/test-support";
import parser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const RULES = Object.keys(plugin.rules);

function linter(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { ignores: ["**/dist/**", "**/node_modules/**"] },
      {
        files: ["**/*.ts"],
        languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: root } },
      },
      plugin.configs.recommended as Linter.Config,
    ],
  });
}

/** Every README's ```ts examples, written as files inside its package's test/ (its tsconfig covers them). */
function writeReadmeExamples(): string[] {
  const files: string[] = [];
  // The packages' READMEs (their examples run in their tests; the apps' READMEs hold sketches).
  for (const group of ["packages"]) {
    for (const name of readdirSync(join(root, group))) {
      const dir = join(root, group, name);
      const readme = join(dir, "README.md");
      if (!existsSync(readme) || !existsSync(join(dir, "tsconfig.json"))) continue;
      const blocks = examples(readFileSync(readme, "utf8"));
      if (blocks.length === 0) continue;
      const out = join(dir, "test", "lint-examples.tmp");
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      blocks.forEach((b, i) => {
        const file = join(out, `readme-${i + 1}.ts`);
        writeFileSync(file, `${b.code}\nexport {};\n`);
        files.push(file);
      });
    }
  }
  return files;
}

const written: string[] = [];
afterAll(() => {
  for (const dir of new Set(written.map((f) => dirname(f)))) rmSync(dir, { recursive: true, force: true });
});

const table = new Map<string, { truePositives: number; seeded: number; falsePositives: number }>(
  RULES.map((r) => [`@aio/${r}`, { truePositives: 0, seeded: 0, falsePositives: 0 }]),
);

describe("the recommended config on real code", () => {
  it("reports every seeded mistake with its rule, and nothing else there", async () => {
    const file = join(here, "fixtures", "mistakes.ts");
    const [result] = await linter().lintFiles([file]);
    const lines = readFileSync(file, "utf8").split("\n");
    const seeded = lines.flatMap((l, i) => {
      const m = /\/\/ expect(-next-line)?: ([\w-]+)/.exec(l);
      return m ? [`${i + 1 + (m[1] ? 1 : 0)} @aio/${m[2]}`] : [];
    });
    for (const s of seeded) {
      const rule = s.split(" ")[1] as string;
      const row = table.get(rule);
      if (row) row.seeded++;
    }
    const reported = (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId ?? m.message}`);
    for (const r of reported) {
      const row = table.get(r.split(" ")[1] as string);
      if (row && seeded.includes(r)) row.truePositives++;
    }
    expect(reported.sort()).toEqual(seeded.sort());
    // Every rule has seeded mistakes.
    for (const [rule, row] of table) expect(row.seeded, rule).toBeGreaterThan(0);
  }, 120_000);

  it("finds nothing in the apps, the scenarios and the README examples", async () => {
    written.push(...writeReadmeExamples());
    const results = await linter().lintFiles(["apps/*/src/**/*.ts", "apps/*/test/**/*.ts", ...written]);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${relative(root, r.filePath)}:${m.line} ${m.ruleId ?? "(parse)"}: ${m.message}`),
    );
    for (const r of results) {
      for (const m of r.messages) {
        const row = table.get(m.ruleId ?? "");
        if (row) row.falsePositives++;
      }
    }
    const linted = results.length;
    console.log(
      `linted ${linted} files (${written.length} README examples)\n` +
        "rule | seeded mistakes found | false positives on the repository\n" +
        [...table]
          .map(([rule, r]) => `${rule} | ${r.truePositives}/${r.seeded} | ${r.falsePositives}`)
          .join("\n"),
    );
    expect(linted).toBeGreaterThan(80);
    expect(problems).toEqual([]);
  }, 300_000);
});
