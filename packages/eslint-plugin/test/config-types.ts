/**
 * Compiled by `tsc --noEmit` (this package's typecheck): `configs.recommended` is an ESLint flat
 * config for ESLint 10's and ESLint 9's types, in `defineConfig` and in a plain array.
 */
import type { Linter } from "eslint";
import { defineConfig } from "eslint/config";
import type { Linter as Linter9 } from "eslint9";
import { defineConfig as defineConfig9 } from "eslint9/config";
import aio from "../src/index.js";

export const withDefineConfig = defineConfig([aio.configs.recommended]);
export const plain: Linter.Config[] = [aio.configs.recommended];
export const withDefineConfig9 = defineConfig9([aio.configs.recommended]);
export const plain9: Linter9.Config[] = [aio.configs.recommended];
