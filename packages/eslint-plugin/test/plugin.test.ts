/** The plugin object: every rule in `recommended`, with a docs page that exists, and its version. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import plugin, { rules } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8"));

it("names itself with its package's name and version, and lists every rule in recommended", () => {
  expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(
    Object.keys(rules)
      .map((r) => `@aio/${r}`)
      .sort(),
  );
});

it("links every rule to its docs page, which exists in the package, in the repository it names", () => {
  const repo = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  for (const [name, rule] of Object.entries(rules)) {
    const url = rule.meta.docs?.url ?? "";
    expect(url).toBe(`${repo}/blob/main/packages/eslint-plugin/docs/rules/${name}.md`);
    expect(existsSync(join(here, "..", "docs", "rules", `${name}.md`)), name).toBe(true);
  }
});
