/**
 * Runs every ```ts example of this package's README, so the documentation cannot rot.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const dir = join(here, ".readme-examples");
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README examples run", () => {
  it("has examples", () => expect(blocks.length).toBeGreaterThan(0));
  blocks.forEach((code, i) => {
    it(`example ${i + 1}`, async () => {
      const file = join(dir, `example-${i + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      const logs: unknown[][] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => logs.push(args);
      try {
        await import(file);
      } finally {
        console.log = log;
      }
      expect(logs.length).toBeGreaterThan(0);
    });
  });
});
