import { defineConfig } from "vitest/config";

/**
 * The suite runs twice, once per ESLint major the plugin supports: against `eslint` (10) and
 * against ESLint 9 (the `eslint9` alias devDependency), which `test/eslint9.ts` puts in place of
 * `eslint` for every module of that run — typescript-eslint's RuleTester and utils included. The
 * two runs take turns (`groupOrder`): the README and repository tests of both would write their
 * examples to the same directories.
 */
export default defineConfig({
  resolve: { conditions: ["aio-source"] },
  ssr: { resolve: { conditions: ["aio-source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20000,
    projects: [
      {
        extends: true,
        test: { name: "eslint10", env: { AIO_ESLINT_MAJOR: "10" }, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // The test files' own imports of eslint (ESM, through vite); test/eslint9.ts does the rest.
        resolve: { alias: [{ find: /^eslint(?=\/|$)/, replacement: "eslint9" }] },
        test: {
          name: "eslint9",
          env: { AIO_ESLINT_MAJOR: "9" },
          setupFiles: ["test/eslint9.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
