/**
 * Each test project runs against the ESLint major it names: the test files' own imports of
 * `eslint`, and the `eslint` that typescript-eslint's RuleTester and utils load.
 */
import { createRequire } from "node:module";
import { ESLint, Linter } from "eslint";
import { expect, it } from "vitest";

const major = process.env.AIO_ESLINT_MAJOR;
const require = createRequire(import.meta.url);

it("imports the ESLint of its project", () => {
  expect(["9", "10"]).toContain(major);
  expect(ESLint.version.split(".")[0]).toBe(major);
  expect(new Linter().version).toBe(ESLint.version);
});

it("gives typescript-eslint's RuleTester and utils the same ESLint", () => {
  for (const from of ["@typescript-eslint/rule-tester", "@typescript-eslint/utils"]) {
    const fromThere = createRequire(require.resolve(from));
    const eslint = fromThere("eslint") as typeof import("eslint");
    expect(eslint.ESLint.version, from).toBe(ESLint.version);
    expect(eslint.Linter, from).toBe(Linter);
  }
});
