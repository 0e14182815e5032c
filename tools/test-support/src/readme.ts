/**
 * Runs every ```ts example of a package's README as a test, so the documentation cannot rot: each
 * example must run without error and print something.
 * @example readmeExamples(new URL("../README.md", import.meta.url));
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

export function readmeExamples(readmeUrl: URL): void {
  const readmePath = fileURLToPath(readmeUrl);
  const readme = readFileSync(readmePath, "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  // The examples import the package by name, so they are written inside the package (its test/).
  const dir = join(dirname(readmePath), "test", ".readme-examples");
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
}
