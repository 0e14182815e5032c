/** typescript-eslint's RuleTester on vitest, with type information for the snippets. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** A RuleTester whose snippets are type-checked as `fixtures/file.ts`. */
export function ruleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixtures,
      },
    },
  });
}

/** The imports most snippets start with. */
export const IMPORTS =
  'import { coroutine, createTask, ensureFuture, gather, run, sleep, toPromise, waitFor, wait, timeout, type Coro } from "@aio/task";\n' +
  'import { isCancelledError, CancelledError, type Future } from "@aio/future";\n' +
  'import { getRunningLoop } from "@aio/loop";\n';
