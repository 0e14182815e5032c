/**
 * @aio/eslint-plugin — type-aware ESLint rules for the coroutine mistakes TypeScript cannot see:
 * a coroutine called without `yield*`, `yield` instead of `yield*`, `await` on a coroutine, a catch
 * that swallows `CancelledError`, milliseconds where asyncio takes seconds, a coroutine run twice.
 * @example
 * // eslint.config.js
 * import aio from "@aio/eslint-plugin";
 * import tseslint from "typescript-eslint";
 * export default [
 *   { files: ["**\/*.ts"], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } } },
 *   aio.configs.recommended,
 * ];
 * @packageDocumentation
 */
import { createRequire } from "node:module";
import type { TSESLint } from "@typescript-eslint/utils";
import noAwaitCoroutine from "./rules/no-await-coroutine.js";
import noFloatingCoroutine from "./rules/no-floating-coroutine.js";
import noReusedCoroutine from "./rules/no-reused-coroutine.js";
import noSwallowedCancellation from "./rules/no-swallowed-cancellation.js";
import requireYieldStar from "./rules/require-yield-star.js";
import secondsNotMilliseconds from "./rules/seconds-not-milliseconds.js";

/** The rules, by name (without the `@aio/` prefix). */
export const rules = {
  "no-floating-coroutine": noFloatingCoroutine,
  "require-yield-star": requireYieldStar,
  "no-await-coroutine": noAwaitCoroutine,
  "no-swallowed-cancellation": noSwallowedCancellation,
  "seconds-not-milliseconds": secondsNotMilliseconds,
  "no-reused-coroutine": noReusedCoroutine,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

/** The plugin object ESLint's flat config takes. */
export interface AioPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: AioConfig };
}

/**
 * A config of the plugin, typed with only what it sets, so it is an ESLint flat config for both
 * ESLint 9's and ESLint 10's types (`Linter.Config`, `defineConfig`) and typescript-eslint's.
 */
export interface AioConfig {
  /** The config's name, for ESLint's config inspector. */
  name: string;
  /** The plugin, as `@aio`. */
  plugins: Record<string, { meta: { name: string; version: string } }>;
  /** Each rule's severity. */
  rules: Record<string, "error" | "warn">;
}

const { name, version } = createRequire(import.meta.url)("../package.json") as {
  name: string;
  version: string;
};

/** The plugin: `rules` and `configs.recommended`, for an ESLint flat config. */
const plugin: AioPlugin = {
  meta: { name, version },
  rules,
  configs: { recommended: { name: "@aio/recommended", plugins: {}, rules: {} } },
};

/**
 * Every rule, as errors (seconds-not-milliseconds as a warning: a long delay can be meant). Needs
 * typescript-eslint's parser with type information (`parserOptions.projectService: true`).
 */
plugin.configs.recommended = {
  name: "@aio/recommended",
  plugins: { "@aio": plugin },
  rules: {
    "@aio/no-floating-coroutine": "error",
    "@aio/require-yield-star": "error",
    "@aio/no-await-coroutine": "error",
    "@aio/no-swallowed-cancellation": "error",
    "@aio/seconds-not-milliseconds": "warn",
    "@aio/no-reused-coroutine": "error",
  },
};

export default plugin;
