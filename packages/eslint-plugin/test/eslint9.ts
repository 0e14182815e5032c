/**
 * Setup of the `eslint9` test project: every `require("eslint")` and `require("eslint/…")` of the
 * process — typescript-eslint's RuleTester and utils, ESLint's own API — loads the `eslint9` alias
 * devDependency (ESLint 9) instead of `eslint` (ESLint 10). Each test file runs in a process of its
 * own, so the ESLint 10 project is left alone; `eslint-major.test.ts` checks which one each got.
 */
import Module, { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const resolver = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
};
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  if (request === "eslint" || request.startsWith("eslint/")) {
    return require.resolve(`eslint9${request.slice("eslint".length)}`);
  }
  return resolve.call(this, request, ...rest);
};
