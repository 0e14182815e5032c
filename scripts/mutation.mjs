#!/usr/bin/env node
// Mutation testing with Stryker: `npm run mutation -- <package> [<package> …]` (names as in
// packages/, e.g. `loop future`), or `--core` for loop, future, task and sync. Each package's own
// tests run against mutants of its src/ (tools/mutation/stryker.config.mjs); the score and every
// surviving mutant are printed, and the JSON report lands in packages/<name>/reports/mutation/.
// Several minutes per package on two cores. Killed mutants, not test counts, measure the tests.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const names = args.includes("--core") ? ["loop", "future", "task", "sync"] : args;
if (names.length === 0) {
  console.error("usage: npm run mutation -- <package>… | --core   (e.g. npm run mutation -- future)");
  process.exit(2);
}
let failed = false;
for (const name of names) {
  const dir = join(root, "packages", name);
  if (!existsSync(join(dir, "vitest.config.ts"))) {
    console.error(`mutation: packages/${name} has no vitest.config.ts`);
    process.exit(2);
  }
  console.log(`\n== mutation testing @aio/${name}`);
  const r = spawnSync(
    join(root, "node_modules", ".bin", "stryker"),
    ["run", join(root, "tools", "mutation", "stryker.config.mjs")],
    { cwd: dir, stdio: "inherit" },
  );
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
